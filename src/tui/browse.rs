//! Browsing the questions: every bank's questions with topic and difficulty, and for the
//! selected one its prompt, expected points and, on demand, the model answer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::keys::Action;
use super::theme::Theme;
use super::widgets::{difficulty, fit};
use crate::bank::{Catalog, Question};
use crate::text::printable;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Browse {
    selected: usize,
    show_model: bool,
    scroll: u16,
    /// What is typed after `/`: only questions whose id, prompt, topic or tags hold it
    /// are listed.
    search: Option<String>,
}

impl Browse {
    /// Whether typing goes to the search.
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// Types `c` into the search (`None` takes a character back).
    pub fn type_in_search(&mut self, c: Option<char>) {
        if let Some(search) = &mut self.search {
            match c {
                Some(c) => search.push(c),
                None => {
                    search.pop();
                }
            }
            self.selected = 0;
            self.scroll = 0;
        }
    }

    /// Starts a search (`on`), or ends it and lists every question again.
    pub fn toggle_search(&mut self, on: bool) {
        self.search = on.then(String::new);
        self.selected = 0;
        self.scroll = 0;
    }

    /// The questions listed, with their bank's id.
    fn listed<'c>(&self, catalog: &'c Catalog) -> Vec<(&'c str, &'c Question)> {
        let needle = self.search.as_deref().unwrap_or("").to_lowercase();
        catalog
            .banks()
            .iter()
            .flat_map(|b| b.questions.iter().map(move |q| (b.id.as_str(), q)))
            .filter(|(_, q)| {
                needle.is_empty()
                    || [&q.id, &q.prompt, &q.topic]
                        .into_iter()
                        .chain(&q.tags)
                        .any(|text| text.to_lowercase().contains(&needle))
            })
            .collect()
    }

    pub fn update(&mut self, catalog: &Catalog, action: Action) {
        let count = self.listed(catalog).len().max(1);
        match action {
            Action::Up => {
                self.selected = self.selected.checked_sub(1).unwrap_or(count - 1);
                self.scroll = 0;
            }
            Action::Down => {
                self.selected = (self.selected + 1) % count;
                self.scroll = 0;
            }
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::ToggleModel => self.show_model = !self.show_model,
            _ => {}
        }
    }

    /// The question selected, to practise.
    pub fn selected<'c>(&self, catalog: &'c Catalog) -> Option<&'c Question> {
        self.listed(catalog).get(self.selected).map(|(_, q)| *q)
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme, catalog: &Catalog) {
        let [list_area, detail_area] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(area);
        let [search_area, list_area] = Layout::vertical([
            Constraint::Length(u16::from(self.searching())),
            Constraint::Min(1),
        ])
        .areas(list_area);
        let questions = self.listed(catalog);
        if let Some(search) = &self.search {
            let shown = fit(
                &format!("/{}▏ {} found", printable(search), questions.len()),
                usize::from(search_area.width.saturating_sub(1)),
            );
            frame.render_widget(Paragraph::new(Line::styled(shown, theme.key)), search_area);
        }
        // Room left of the border; the difficulty comes first, so it is never cut off.
        let room = usize::from(list_area.width.saturating_sub(1));
        let items: Vec<ListItem> = questions
            .iter()
            .map(|(bank, q)| {
                let about = format!(
                    "  {} · {} · {}",
                    difficulty(q.difficulty),
                    printable(&q.topic),
                    printable(bank)
                );
                ListItem::new(vec![
                    Line::raw(fit(&printable(&q.id), room)),
                    Line::styled(fit(&about, room), theme.dim),
                ])
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.selected));
        let list = List::new(items)
            .block(Block::default().borders(Borders::RIGHT))
            .highlight_style(theme.selected);
        frame.render_stateful_widget(list, list_area, &mut state);

        let Some((_, question)) = questions.get(self.selected) else {
            return;
        };
        let mut lines = vec![
            Line::styled(printable(&question.prompt).into_owned(), theme.title),
            Line::raw(""),
            Line::styled("Expected points", theme.title),
        ];
        for point in &question.rubric.points {
            lines.push(Line::from(vec![
                Span::raw("  • "),
                Span::raw(printable(&point.label).into_owned()),
                Span::styled(format!("  (weight {})", point.weight), theme.dim),
            ]));
        }
        if !question.follow_ups.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Follow-ups", theme.title));
            for follow_up in &question.follow_ups {
                lines.push(Line::raw(format!("  • {}", printable(&follow_up.prompt))));
            }
        }
        lines.push(Line::raw(""));
        match (&question.model_answer, self.show_model) {
            (Some(answer), true) => {
                lines.push(Line::styled("Model answer", theme.title));
                lines.extend(
                    printable(answer.trim())
                        .lines()
                        .map(|l| Line::raw(l.to_owned())),
                );
            }
            (Some(_), false) => lines.push(Line::styled("m shows the model answer", theme.dim)),
            (None, _) => lines.push(Line::styled(
                "This question has no model answer.",
                Style::new(),
            )),
        }
        let detail = Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0));
        frame.render_widget(
            detail,
            detail_area.inner(ratatui::layout::Margin::new(1, 0)),
        );
    }
}
