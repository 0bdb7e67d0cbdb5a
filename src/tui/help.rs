//! The help overlay: every key of the screen it is opened on, from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keys::{Context, EDITOR_KEYS, bindings};
use super::theme::Theme;
use super::widgets::popup;

pub fn view(frame: &mut Frame, area: Rect, theme: &Theme, context: Context) {
    let mut rows: Vec<(&str, &str)> = Vec::new();
    // Two keys written as one row (`Ctrl-S/F2`) are listed once.
    for binding in bindings(context) {
        if !rows.contains(&(binding.key, binding.does)) {
            rows.push((binding.key, binding.does));
        }
    }
    if context == Context::Answer {
        rows.extend_from_slice(EDITOR_KEYS);
    }
    rows.push(("Ctrl-Z", "suspend (fg brings grill back)"));
    rows.push(("Ctrl-C", "quit at once"));
    let longest_key = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let widest = rows
        .iter()
        .map(|(_, does)| longest_key + 3 + does.chars().count())
        .max()
        .unwrap_or(0);
    // As wide as the longest row, if the window allows.
    let popup_width = u16::try_from(widest + 3)
        .unwrap_or(u16::MAX)
        .max(30)
        .min(area.width);
    let inner_width = usize::from(popup_width.saturating_sub(2));
    let lines = lines(&rows, inner_width, theme);
    let room = usize::from(area.height.saturating_sub(2));
    let lines = if lines.len() + 2 <= room {
        let mut lines = lines;
        lines.push(Line::raw(""));
        lines.push(Line::styled("Any key closes this help.", theme.dim));
        lines
    } else if lines.len() <= room {
        lines
    } else {
        // What does not fit is said, not cut off silently.
        let mut shown: Vec<Line> = lines.into_iter().take(room.saturating_sub(1)).collect();
        shown.push(Line::styled(" … more keys in a taller window", theme.dim));
        shown
    };
    let height = lines.len() as u16 + 2;
    let inner = popup(frame, area, popup_width, height, "Keys");
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The rows of keys laid out in `width` columns: keys right-aligned in a column as wide
/// as the longest key when every row fits, else a third of the width; each description
/// wrapped at its indent; a key too long for its column has a line of its own.
fn lines<'a>(rows: &[(&str, &str)], width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let longest = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let fits = rows
        .iter()
        .all(|(_, does)| 1 + longest + 2 + does.chars().count() <= width);
    let key_column = if fits {
        longest
    } else {
        longest.min(width / 3)
    }
    .max(1);
    let indent = " ".repeat(key_column + 3);
    let wrap = textwrap::Options::new(width.saturating_sub(key_column + 3).max(8));
    let mut lines = Vec::new();
    for (key, does) in rows {
        let mut described = textwrap::wrap(does, &wrap).into_iter();
        let first = described.next().unwrap_or_default();
        if key.chars().count() > key_column {
            lines.push(Line::styled(format!(" {key}"), theme.key));
            lines.push(Line::raw(format!("{indent}{first}")));
        } else {
            lines.push(Line::from(vec![
                Span::styled(format!(" {key:>key_column$}"), theme.key),
                Span::raw(format!("  {first}")),
            ]));
        }
        lines.extend(described.map(|row| Line::raw(format!("{indent}{row}"))));
    }
    lines
}
