//! An object's detail (HeadObject) and preview (its first 64 KiB), drawn
//! over the list. Preview text is already free of control characters.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use crate::app::objects::{Fetch, Overlay};
use crate::model::objects::{ObjectDetail, human_size, utc_second};
use crate::model::preview::{PREVIEW_BYTES, Preview};

pub fn draw(frame: &mut Frame, area: Rect, overlay: &Overlay, theme: &Theme) {
    let (title, lines) = match overlay {
        Overlay::Detail { key, fetch } => (
            format!(" {key} "),
            fetched(fetch, theme, |detail| detail_lines(detail, theme)),
        ),
        Overlay::Preview { key, fetch, scroll } => (
            format!(" {key} (preview) "),
            fetched(fetch, theme, |preview| {
                preview_lines(preview, *scroll, theme)
            }),
        ),
    };
    let rect = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    super::clear_box(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(Span::styled(" Esc close ", theme.dim())));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

fn fetched<'a, T>(
    fetch: &'a Fetch<T>,
    theme: &Theme,
    loaded: impl FnOnce(&'a T) -> Vec<Line<'a>>,
) -> Vec<Line<'a>> {
    match fetch {
        Fetch::Loading(_) => vec![Line::from(Span::styled("Loading…", theme.dim()))],
        Fetch::Failed(err) => vec![Line::from(Span::styled(format!("✗ {err}"), theme.error()))],
        Fetch::Loaded(value) => loaded(value),
    }
}

fn detail_lines<'a>(detail: &'a ObjectDetail, theme: &Theme) -> Vec<Line<'a>> {
    let field = |name: &'static str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<16}"), theme.header()),
            Span::raw(value),
        ])
    };
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".into());
    let mut lines = vec![
        field(
            "Size",
            format!("{} ({} bytes)", human_size(detail.size), detail.size),
        ),
        field(
            "Last modified",
            detail
                .modified
                .map_or_else(|| "-".into(), |t| format!("{} UTC", utc_second(t))),
        ),
        field("ETag", or_dash(&detail.etag)),
        field("Storage class", or_dash(&detail.storage_class)),
        field("Content type", or_dash(&detail.content_type)),
    ];
    if detail.metadata.is_empty() {
        lines.push(field("User metadata", "none".into()));
    } else {
        lines.push(field("User metadata", String::new()));
        for (key, value) in &detail.metadata {
            lines.push(Line::from(format!(
                "  x-amz-meta-{}: {}",
                crate::model::preview::sanitize(key),
                crate::model::preview::sanitize(value)
            )));
        }
    }
    lines
}

fn preview_lines<'a>(preview: &'a Preview, scroll: usize, theme: &Theme) -> Vec<Line<'a>> {
    match preview {
        Preview::Binary { reason } => vec![
            Line::from(Span::styled(
                format!("Binary object ({reason}): not shown."),
                theme.warning(),
            )),
            Line::from(Span::styled("Download it with d to open it.", theme.dim())),
        ],
        Preview::Text { lines, truncated } => {
            let start = scroll.min(lines.len().saturating_sub(1));
            let mut shown: Vec<Line> = lines[start..]
                .iter()
                .map(|line| Line::from(line.as_str()))
                .collect();
            if *truncated {
                shown.push(Line::from(Span::styled(
                    format!("… only the first {} KiB are shown", PREVIEW_BYTES / 1024),
                    theme.dim(),
                )));
            }
            shown
        }
    }
}
