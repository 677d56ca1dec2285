//! The `:` command line over the status bar, with the completions above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::command_line::{COMMANDS, CommandLine};

/// Completions shown at most; the rest are summed up in one line.
const MAX_SHOWN: usize = 12;

pub fn draw(frame: &mut Frame, body: Rect, status: Rect, line: &CommandLine, theme: &Theme) {
    draw_candidates(frame, body, line, theme);
    let mut spans = vec![
        Span::styled(":", theme.key()),
        Span::styled(line.input.value().to_string(), theme.text()),
    ];
    if let Some(error) = &line.error {
        spans.push(Span::styled(format!("  ✗ {error}"), theme.error()));
    }
    frame.render_widget(Clear, status);
    frame.render_widget(Paragraph::new(Line::from(spans)), status);
    let x = status.x + 1 + line.input.visual_cursor() as u16;
    if x < status.right() {
        frame.set_cursor_position((x, status.y));
    }
}

/// The lines the input can complete to, in a box just above it.
fn draw_candidates(frame: &mut Frame, body: Rect, line: &CommandLine, theme: &Theme) {
    if line.candidates.is_empty() || body.height < 3 {
        return;
    }
    // As many as fit above the line; one row says how many more there are.
    let room = usize::from(body.height - 2).min(MAX_SHOWN);
    let shown = if line.candidates.len() <= room {
        room
    } else {
        room.saturating_sub(1)
    };
    let mut lines: Vec<Line> = line
        .candidates
        .iter()
        .take(shown)
        .map(|candidate| {
            let help = COMMANDS
                .iter()
                .find(|(name, _)| name == candidate)
                .map(|(_, help)| *help)
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(format!(" {candidate:<24}"), theme.key()),
                Span::styled(help, theme.dim()),
            ])
        })
        .collect();
    if line.candidates.len() > shown {
        let more = line.candidates.len() - shown;
        lines.push(Line::from(Span::styled(
            format!(" … {more} more: keep typing"),
            theme.dim(),
        )));
    }
    let height = (lines.len() as u16 + 2).min(body.height);
    let width = body.width.min(64);
    let area = Rect {
        x: body.x,
        y: body.bottom() - height,
        width,
        height,
    };
    super::clear_box(frame, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(
                    " Tab completes · Enter runs · Esc ",
                    theme.title(),
                )),
        ),
        area,
    );
}
