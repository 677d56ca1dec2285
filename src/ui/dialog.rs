//! Forms and confirmations, drawn as a box over the pane.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, centered};
use crate::app::{Confirm, Form};

const WIDTH: u16 = 72;

pub fn draw_form(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let mut lines = Vec::new();
    let mut cursor = None;
    for (index, field) in form.fields.iter().enumerate() {
        let focused = index == form.focus;
        let label_style = if focused { theme.key() } else { theme.text() };
        let shown = if field.masked {
            "•".repeat(field.input.value().chars().count())
        } else {
            field.input.value().to_string()
        };
        let prefix = format!("{:<18}", field.label);
        if focused {
            let x = prefix.chars().count() + 2 + field.input.visual_cursor();
            cursor = Some((x as u16, lines.len() as u16));
        }
        lines.push(Line::from(vec![
            Span::styled(prefix, label_style),
            Span::styled("▏", theme.border()),
            Span::raw(shown),
        ]));
        match &field.error {
            Some(error) => lines.push(Line::from(Span::styled(
                format!("{:18}  ✗ {error}", ""),
                theme.error(),
            ))),
            None if focused && !field.hint.is_empty() => lines.push(Line::from(Span::styled(
                format!("{:18}  {}", "", field.hint),
                theme.dim(),
            ))),
            None => {}
        }
    }
    if let Some(error) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("✗ {error}"),
            theme.error(),
        )));
    }
    lines.push(Line::default());
    lines.push(keys_line(
        &[
            ("Enter", form.submit),
            ("Tab", "next field"),
            ("Esc", "cancel"),
        ],
        theme,
    ));

    let popup = popup(frame, area, &form.title, lines, theme);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position::new(popup.x + 1 + x, popup.y + 1 + y));
    }
}

pub fn draw_confirm(frame: &mut Frame, area: Rect, confirm: &Confirm, theme: &Theme) {
    let mut lines: Vec<Line> = confirm
        .lines
        .iter()
        .map(|l| Line::from(l.as_str()))
        .collect();
    lines.push(Line::default());
    let mut cursor = None;
    match &confirm.typed {
        Some(typed) => {
            lines.push(Line::from(format!("{}:", typed.prompt())));
            cursor = Some((2 + typed.input.visual_cursor() as u16, lines.len() as u16));
            lines.push(Line::from(vec![
                Span::styled("▏", theme.border()),
                Span::raw(typed.input.value()),
            ]));
            if let Some(error) = &typed.error {
                lines.push(Line::from(Span::styled(
                    format!("✗ {error}"),
                    theme.error(),
                )));
            }
            lines.push(Line::default());
            lines.push(keys_line(&[("Enter", "confirm"), ("Esc", "cancel")], theme));
        }
        None => {
            if let Some(hint) = &confirm.hint {
                lines.push(Line::from(Span::styled(format!("✗ {hint}"), theme.error())));
            }
            lines.push(keys_line(&[("y", "yes"), ("n / Esc", "no")], theme));
        }
    }
    let popup = popup(frame, area, &confirm.title, lines, theme);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position::new(popup.x + x, popup.y + 1 + y));
    }
}

fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, theme: &Theme) -> Rect {
    popup_of_width(frame, area, WIDTH, title, lines, theme)
}

fn keys_line<'a>(keys: &[(&'a str, &'a str)], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (key, what) in keys {
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::styled(format!(" {what}   "), theme.dim()));
    }
    Line::from(spans)
}

/// The rows `line` takes when word-wrapped at `width`.
pub(super) fn wrapped_rows(line: &Line, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let text: String = line
        .spans
        .iter()
        .map(|span| span.content.as_ref())
        .collect();
    let (mut rows, mut used) = (1u16, 0usize);
    for word in text.split_inclusive(' ') {
        // Cells, not chars: a CJK character takes two.
        let visible = Span::raw(word.trim_end_matches(' ')).width();
        if used > 0 && used + visible > width {
            rows += 1;
            used = 0;
        }
        used += Span::raw(word).width();
        while used > width {
            rows += 1;
            used -= width;
        }
    }
    rows
}

/// Draws a bordered box of `width`, sized to its lines, over the middle of
/// `area`, and returns where it went.
/// A choice among `options` in a box of `width`: the one at `cursor`
/// marked, then the keys, Enter saying what it does (`take`, `browse`...).
pub(super) fn draw_choice(
    frame: &mut Frame,
    area: Rect,
    (width, title): (u16, &str),
    options: impl IntoIterator<Item = String>,
    (cursor, enter): (usize, &str),
    theme: &Theme,
) {
    let mut lines: Vec<Line> = options
        .into_iter()
        .enumerate()
        .map(|(i, option)| {
            if i == cursor {
                Line::from(Span::styled(format!("›{option}"), theme.selection()))
            } else {
                Line::from(Span::styled(format!(" {option}"), theme.text()))
            }
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("↑↓", theme.key()),
        Span::styled(" choose   ", theme.dim()),
        Span::styled("Enter", theme.key()),
        Span::styled(format!(" {enter}   "), theme.dim()),
        Span::styled("Esc", theme.key()),
        Span::styled(" cancel", theme.dim()),
    ]));
    popup_of_width(frame, area, width, title, lines, theme);
}

pub(super) fn popup_of_width(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    title: &str,
    lines: Vec<Line>,
    theme: &Theme,
) -> Rect {
    // Long lines wrap: the box grows with them, so the last line (the keys)
    // is never cut off.
    let inner = width.min(area.width).saturating_sub(2);
    let height = lines
        .iter()
        .map(|line| wrapped_rows(line, inner))
        .sum::<u16>()
        + 2;
    let rect = centered(area, width, height);
    super::clear_box(frame, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(format!(" {title} "), theme.title())),
        ),
        rect,
    );
    rect
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    /// Every row of the box starts and ends with its border, whatever the
    /// width of the characters in it and in the list under it.
    #[test]
    fn wide_characters_in_a_key_keep_the_box_closed() {
        let key = "報告書/二〇二六年十一月/取引先別の売上明細と在庫の集計表.csv";
        let confirm = Confirm::new(
            format!("Delete {key}?"),
            vec![format!("s3://acme-reports/{key} is deleted for good.")],
        );
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut popup = Rect::default();
        terminal
            .draw(|frame| {
                // A list of such keys under the box: a wide character
                // straddles the box's left edge on every row.
                let under = format!(" {}", key.repeat(3));
                let rows: Vec<Line> = (0..24).map(|_| Line::from(under.clone())).collect();
                frame.render_widget(Paragraph::new(rows), frame.area());
                draw_confirm(frame, frame.area(), &confirm, &Theme::monochrome());
                popup = centered(frame.area(), WIDTH, 24);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        let text: String = (0..24)
            .map(|y| {
                let row: String = (0..80).map(|x| buffer[(x, y)].symbol()).collect();
                row + "\n"
            })
            .collect();
        let rows: Vec<u16> = (0..24)
            .filter(|&y| buffer[(popup.x, y)].symbol() != " ")
            .collect();
        assert!(rows.len() >= 5, "{text}");
        let (top, bottom) = (rows[0], rows[rows.len() - 1]);
        for y in top + 1..bottom {
            assert_eq!(buffer[(popup.x, y)].symbol(), "│", "row {y}:\n{text}");
            let right = popup.x + popup.width - 1;
            assert_eq!(buffer[(right, y)].symbol(), "│", "row {y}:\n{text}");
        }
        // Nothing was cut: the keys, the last line, are inside the box.
        assert!(text.contains("n / Esc"), "{text}");
    }
}
