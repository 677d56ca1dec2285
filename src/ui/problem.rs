//! One screen that says why nothing can be shown and what to do about it:
//! no region, no credentials, an endpoint that does not answer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::model::{AwsError, AwsSettings};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    problem: &AwsError,
    settings: &AwsSettings,
    theme: &Theme,
) {
    let mut lines = vec![
        Line::from(Span::styled(problem.to_string(), theme.error())),
        Line::default(),
    ];
    lines.extend(advice(problem, settings).into_iter().map(Line::from));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::raw("Press "),
        Span::styled("r", theme.key()),
        Span::raw(" to try again, "),
        Span::styled("q", theme.key()),
        Span::raw(" to quit."),
    ]));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.error())
        .title(Span::styled(" Cannot talk to AWS ", theme.error()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn advice(problem: &AwsError, settings: &AwsSettings) -> Vec<String> {
    match problem {
        AwsError::NoRegion => vec![
            "The console works in one region at a time and none was found.".into(),
            "Run with --region ap-northeast-1 (for example), export AWS_REGION,".into(),
            "or add `region = ...` to the profile in ~/.aws/config.".into(),
        ],
        AwsError::Credentials { .. } => {
            let profile = settings.profile.as_deref().unwrap_or("default");
            vec![
                "Credentials are looked up in the environment, the shared config and SSO,".into(),
                "CloudShell's container endpoint and the instance role, in that order.".into(),
                format!("For SSO profiles: aws sso login --profile {profile}"),
                "Otherwise: aws configure, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
                    .into(),
            ]
        }
        _ => match &settings.endpoint_url {
            Some(url) => vec![format!(
                "The endpoint {url} did not answer: is it running and reachable?"
            )],
            None => vec![
                "AWS did not answer. Check the network path (proxy, VPC endpoints, DNS)".into(),
                "and that the region exists.".into(),
            ],
        },
    }
}
