//! The help overlay: every key of the screen it is opened on, from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::keys::{Context, EDITOR_KEYS, bindings};
use super::theme::Theme;
use super::widgets::popup;

pub fn view(frame: &mut Frame, area: Rect, theme: &Theme, context: Context) {
    let mut rows: Vec<(&str, &str)> = bindings(context).iter().map(|b| (b.key, b.does)).collect();
    if context == Context::Answer {
        rows.extend_from_slice(EDITOR_KEYS);
    }
    rows.push(("Ctrl-C", "quit at once"));
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(key, does)| {
            Line::from(vec![
                Span::styled(format!(" {key:>width$}"), theme.key),
                Span::raw(format!("  {does}")),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("Any key closes this help.", theme.dim));
    // Wide enough for the longest row, so rows never wrap.
    let widest = rows
        .iter()
        .map(|(_, does)| width + 2 + does.chars().count())
        .max()
        .unwrap_or(0);
    let popup_width = u16::try_from(widest + 4).unwrap_or(u16::MAX).max(30);
    let height = lines.len() as u16 + 2;
    let inner = popup(frame, area, popup_width, height, "Keys");
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
