//! The home screen: start a round, browse the questions, or quit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::keys::Action;
use super::theme::Theme;

/// The entries of the home menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Practice,
    Browse,
    Quit,
}

const ENTRIES: [(Entry, &str, &str); 3] = [
    (
        Entry::Practice,
        "Practice round",
        "timed questions with follow-ups, then feedback",
    ),
    (
        Entry::Browse,
        "Browse questions",
        "banks, topics, difficulty and model answers",
    ),
    (Entry::Quit, "Quit", ""),
];

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Home {
    pub selected: usize,
}

impl Home {
    /// Moves the selection, or returns the chosen entry.
    pub fn update(&mut self, action: Action) -> Option<Entry> {
        match action {
            Action::Up => self.selected = self.selected.checked_sub(1).unwrap_or(ENTRIES.len() - 1),
            Action::Down => self.selected = (self.selected + 1) % ENTRIES.len(),
            Action::Select => return Some(ENTRIES[self.selected].0),
            Action::Quit => return Some(Entry::Quit),
            _ => {}
        }
        None
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme, banks: &str) {
        let [_, intro, _, menu] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area.inner(ratatui::layout::Margin::new(2, 0)));
        let text = vec![
            Line::styled("A mock interview in your terminal.", theme.title),
            Line::raw("Answer against the clock; see what you covered and what you missed."),
            Line::styled(banks.to_owned(), theme.dim),
        ];
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            intro,
        );
        let lines: Vec<Line> = ENTRIES
            .iter()
            .enumerate()
            .flat_map(|(i, (_, name, about))| {
                let style = if i == self.selected {
                    theme.selected
                } else {
                    ratatui::style::Style::new()
                };
                let marker = if i == self.selected { "▸ " } else { "  " };
                [
                    Line::styled(format!("{marker}{name}"), style),
                    Line::styled(format!("    {about}"), theme.dim),
                ]
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), menu);
    }
}
