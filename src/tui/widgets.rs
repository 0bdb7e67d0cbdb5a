//! Pieces every screen uses: the title and footer bars, the "enlarge the window" notice,
//! centred pop-ups, and text formatting.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::keys::{Action, Binding, Context, bindings};
use super::theme::Theme;
use crate::text::printable;
use textwrap::core::display_width;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 15;

/// Whether a terminal `width`×`height` is large enough to draw the screens in.
pub fn fits((width, height): (u16, u16)) -> bool {
    width >= MIN_WIDTH && height >= MIN_HEIGHT
}

/// Splits the screen into title, body and footer.
pub fn frame_areas(area: Rect) -> (Rect, Rect, Rect) {
    let [title, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    (title, body, footer)
}

pub fn title_bar(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, right: &str) {
    let width = usize::from(area.width);
    let left = format!(" grill · {title}");
    let gap = width.saturating_sub(left.chars().count() + right.chars().count() + 1);
    let line = Line::from(vec![
        Span::styled(left, theme.title),
        Span::raw(" ".repeat(gap)),
        Span::styled(right.to_owned(), theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The main keys of a screen, from the key table.
/// In a narrow window the keys that do not fit are left out, help last of all.
pub fn footer(frame: &mut Frame, area: Rect, theme: &Theme, context: Context) {
    let main: Vec<&Binding> = bindings(context).iter().filter(|b| b.main).collect();
    let width = |keys: &[&Binding]| -> usize {
        1 + keys
            .iter()
            .map(|b| display_width(b.key) + 1 + display_width(b.does) + 3)
            .sum::<usize>()
            .saturating_sub(3)
    };
    let mut shown = main.clone();
    while width(&shown) > usize::from(area.width) && shown.len() > 1 {
        let drop = shown
            .iter()
            .rposition(|b| b.action != Action::Help)
            .unwrap_or(shown.len() - 1);
        shown.remove(drop);
    }
    let mut spans = vec![Span::raw(" ")];
    for binding in shown {
        spans.push(Span::styled(binding.key, theme.key));
        spans.push(Span::raw(format!(" {}   ", binding.does)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn too_small(frame: &mut Frame, theme: &Theme) {
    let area = frame.area();
    let text = vec![
        Line::styled("Enlarge the window", theme.warn),
        Line::raw(format!(
            "grill needs {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}.",
            area.width, area.height
        )),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// A bordered pop-up of `width`×`height` in the middle of `area`, cleared first.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16, title: &str) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// `text` cut to `width` columns, ending in "…" when cut.
pub fn fit(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut buffer = [0; 4];
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut buffer));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` wrapped to `width` columns, every line indented by `indent` spaces.
pub fn indented(text: &str, width: u16, indent: usize) -> Vec<Line<'static>> {
    let pad = " ".repeat(indent);
    let options = textwrap::Options::new(usize::from(width).max(indent + 10))
        .initial_indent(&pad)
        .subsequent_indent(&pad);
    textwrap::wrap(&printable(text.trim()), options)
        .into_iter()
        .map(|line| Line::raw(line.into_owned()))
        .collect()
}

/// Rows `lines` take in a paragraph `width` columns wide that wraps them on words, as
/// ratatui itself wraps them when it draws the paragraph.
pub fn rows(lines: &[Line<'_>], width: u16) -> usize {
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width.max(1))
}

/// `m:ss`, rounding up so a clock never shows 0:00 while time is left.
pub fn clock(duration: Duration) -> String {
    let secs = duration.as_millis().div_ceil(1000);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// `●●○` for difficulty 2 of 3.
pub fn difficulty(level: u8) -> String {
    (1..=3)
        .map(|i| if i <= level { '●' } else { '○' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(fit("Networking", 10), "Networking");
        assert_eq!(fit("Technical execution", 10), "Technical…");
        assert_eq!(fit("日本語の話題", 7), "日本語…");
    }

    #[test]
    fn clocks_round_up_to_the_second() {
        assert_eq!(clock(Duration::from_secs(125)), "2:05");
        assert_eq!(clock(Duration::from_millis(59_001)), "1:00");
        assert_eq!(clock(Duration::from_millis(1)), "0:01");
        assert_eq!(clock(Duration::ZERO), "0:00");
    }

    #[test]
    fn difficulty_is_drawn_as_dots() {
        assert_eq!(difficulty(1), "●○○");
        assert_eq!(difficulty(3), "●●●");
    }
}
