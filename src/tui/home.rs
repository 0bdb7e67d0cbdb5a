//! The home screen: resume an interrupted round, start a round or a review, see the
//! stats, browse the questions, or quit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::keys::Action;
use super::theme::Theme;

/// The entries of the home menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Resume,
    Practice,
    Review,
    Stats,
    Browse,
    Quit,
}

/// The review entry's name, with how many concepts are `due` (`None` while they are
/// counted) and, with none due, in how many days the next are (`next_in`).
fn review_name(due: Option<usize>, next_in: Option<i64>) -> String {
    match (due, next_in) {
        (None, _) => "Review missed concepts (counting what is due…)".to_owned(),
        (Some(0), Some(..=1)) => "Review missed concepts (none due; the next tomorrow)".to_owned(),
        (Some(0), Some(days)) => {
            format!("Review missed concepts (none due; the next in {days} days)")
        }
        (Some(0), None) => "Review missed concepts (none due)".to_owned(),
        (Some(n), _) => format!("Review missed concepts ({n} due)"),
    }
}

/// One line of the menu, with a line about it below.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    entry: Entry,
    name: String,
    about: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    pub selected: usize,
    items: Vec<Item>,
    /// A word about the last choice, such as why it could not be done.
    pub notice: Option<String>,
}

impl Home {
    /// The menu, offering first to resume an interrupted round (`resume` says which),
    /// and showing how many concepts are `due` for review (`None` while they are being
    /// counted).
    pub fn new(resume: Option<String>, due: Option<usize>) -> Self {
        let item = |entry, name: &str, about: &str| Item {
            entry,
            name: name.to_owned(),
            about: about.to_owned(),
        };
        let mut items = Vec::new();
        if let Some(about) = resume {
            items.push(item(Entry::Resume, "Resume the interrupted round", &about));
        }
        items.push(item(
            Entry::Practice,
            "Practice round",
            "timed questions with follow-ups, then feedback",
        ));
        items.push(Item {
            entry: Entry::Review,
            name: review_name(due, None),
            about: "what you missed before, on a spaced schedule until it sticks".to_owned(),
        });
        items.push(item(
            Entry::Stats,
            "Stats",
            "scores over time, topics, most-missed concepts, streak",
        ));
        items.push(item(
            Entry::Browse,
            "Browse questions",
            "banks, topics, difficulty and model answers",
        ));
        items.push(item(Entry::Quit, "Quit", ""));
        Home {
            selected: 0,
            items,
            notice: None,
        }
    }

    /// Describes the interrupted round the resume entry offers as `about`.
    pub fn set_resume(&mut self, about: String) {
        for item in &mut self.items {
            if item.entry == Entry::Resume {
                item.about = about.clone();
            }
        }
    }

    /// Shows that `due` concepts are due for review, and, with none due, in how many
    /// days the next are (`next_in`); Enter then reviews those ahead of time.
    pub fn set_due(&mut self, due: usize, next_in: Option<i64>) {
        for item in &mut self.items {
            if item.entry == Entry::Review {
                item.name = review_name(Some(due), next_in);
                if due == 0 && next_in.is_some() {
                    item.about = "Enter reviews them now, ahead of time".to_owned();
                }
            }
        }
    }

    /// Moves the selection, or returns the chosen entry.
    pub fn update(&mut self, action: Action) -> Option<Entry> {
        let count = self.items.len();
        match action {
            Action::Up => self.selected = self.selected.checked_sub(1).unwrap_or(count - 1),
            Action::Down => self.selected = (self.selected + 1) % count,
            Action::Select => return Some(self.items[self.selected].entry),
            Action::Quit => return Some(Entry::Quit),
            _ => {}
        }
        None
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme, banks: &str) {
        let area = area.inner(ratatui::layout::Margin::new(2, 0));
        let width = usize::from(area.width).max(10);
        let intro = Paragraph::new(vec![
            Line::styled("A mock interview in your terminal.", theme.title),
            Line::raw("Answer against the clock; see what you covered and what you missed."),
            Line::styled(banks.to_owned(), theme.dim),
        ])
        .wrap(ratatui::widgets::Wrap { trim: true });
        let notice: Vec<Line> = self
            .notice
            .iter()
            .flat_map(|notice| {
                textwrap::wrap(notice, width)
                    .into_iter()
                    .map(|row| Line::styled(row.into_owned(), theme.warn))
                    .collect::<Vec<_>>()
            })
            .collect();
        // The menu keeps the most room; the intro and a notice take what they need of
        // the rest.
        let intro_rows = (intro.line_count(area.width) as u16).min(area.height * 2 / 5);
        let notice_rows = (notice.len() as u16).min(area.height / 4);
        let [_, intro_area, _, notice_area, _, menu] = Layout::vertical([
            Constraint::Length(u16::from(area.height > 12)),
            Constraint::Length(intro_rows),
            Constraint::Length(1),
            Constraint::Length(notice_rows),
            Constraint::Length(u16::from(notice_rows > 0)),
            Constraint::Min(1),
        ])
        .areas(area);
        frame.render_widget(intro, intro_area);
        frame.render_widget(Paragraph::new(notice), notice_area);

        let mut lines: Vec<Line> = Vec::new();
        let mut selected_rows = 0..0;
        for (i, Item { name, about, .. }) in self.items.iter().enumerate() {
            let chosen = i == self.selected;
            let start = lines.len();
            let style = if chosen {
                theme.selected
            } else {
                ratatui::style::Style::new()
            };
            let marker = if chosen { "▸ " } else { "  " };
            let name_wrap = textwrap::Options::new(width)
                .initial_indent(marker)
                .subsequent_indent("  ");
            for row in textwrap::wrap(name, name_wrap) {
                lines.push(Line::styled(row.into_owned(), style));
            }
            let about_wrap = textwrap::Options::new(width)
                .initial_indent("    ")
                .subsequent_indent("    ");
            for row in textwrap::wrap(about, about_wrap) {
                lines.push(Line::styled(row.into_owned(), theme.dim));
            }
            if chosen {
                selected_rows = start..lines.len();
            }
        }
        // The selection stays in sight: the menu scrolls down to it.
        let height = usize::from(menu.height);
        let scroll = selected_rows
            .end
            .saturating_sub(height)
            .min(selected_rows.start);
        frame.render_widget(
            Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
            menu,
        );
    }
}
