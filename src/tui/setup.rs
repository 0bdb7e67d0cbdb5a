//! The setup screen: how many questions, which topic, tag and difficulty, the time per
//! question and how many follow-ups, before a round starts.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keys::Action;
use super::theme::Theme;
use crate::bank::Catalog;
use crate::round::{RoundOptions, pick_questions};
use crate::text::printable;

const TIME_CHOICES: [Option<u32>; 7] = [
    None,
    Some(30),
    Some(60),
    Some(90),
    Some(120),
    Some(180),
    Some(300),
];
const MAX_FOLLOW_UPS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Count,
    Bank,
    Topic,
    Tag,
    Difficulty,
    Time,
    FollowUps,
}

const FIELDS: [Field; 7] = [
    Field::Count,
    Field::Bank,
    Field::Topic,
    Field::Tag,
    Field::Difficulty,
    Field::Time,
    Field::FollowUps,
];

/// The choices on the setup screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    pub options: RoundOptions,
    banks: Vec<String>,
    topics: Vec<String>,
    tags: Vec<String>,
    field: usize,
    /// Questions the current filters admit.
    available: usize,
    /// What was typed on the topic or tag field to find a choice.
    typed: String,
}

impl Setup {
    pub fn new(catalog: &Catalog, options: RoundOptions) -> Self {
        let mut setup = Setup {
            options,
            banks: catalog.banks().iter().map(|b| b.id.clone()).collect(),
            topics: Vec::new(),
            tags: Vec::new(),
            field: 0,
            available: 0,
            typed: String::new(),
        };
        setup.refresh(catalog);
        setup
    }

    /// Whether a round can start: some question passes the filters.
    pub fn can_start(&self) -> bool {
        self.available > 0
    }

    /// Whether letters typed now find a choice: on the topic and tag fields.
    pub fn finds_by_typing(&self) -> bool {
        matches!(FIELDS[self.field], Field::Topic | Field::Tag)
    }

    /// Adds `c` to what was typed on the topic or tag field (`None` takes the last one
    /// back), and chooses the first choice that starts with it, or else contains it.
    pub fn type_to_find(&mut self, catalog: &Catalog, c: Option<char>) {
        match c {
            Some(c) => self.typed.push(c),
            None => {
                self.typed.pop();
            }
        }
        let typed = self.typed.to_lowercase();
        let (choices, chosen) = match FIELDS[self.field] {
            Field::Topic => (&self.topics, &mut self.options.topic),
            Field::Tag => (&self.tags, &mut self.options.tag),
            _ => return,
        };
        if typed.is_empty() {
            return;
        }
        let lower: Vec<String> = choices.iter().map(|c| c.to_lowercase()).collect();
        let found = lower
            .iter()
            .position(|c| c.starts_with(&typed))
            .or_else(|| lower.iter().position(|c| c.contains(&typed)));
        if let Some(at) = found {
            *chosen = Some(choices[at].clone());
            self.refresh(catalog);
        }
    }

    pub fn update(&mut self, catalog: &Catalog, action: Action) {
        self.typed.clear();
        match action {
            Action::Up => self.field = self.field.checked_sub(1).unwrap_or(FIELDS.len() - 1),
            Action::Down => self.field = (self.field + 1) % FIELDS.len(),
            Action::Left => self.change(-1),
            Action::Right => self.change(1),
            _ => {}
        }
        self.refresh(catalog);
    }

    /// The topics and tags on offer follow the bank chosen (a choice the bank does not
    /// have goes back to any), and the count of questions the filters admit.
    fn refresh(&mut self, catalog: &Catalog) {
        self.topics.clear();
        self.tags.clear();
        let chosen = catalog
            .banks()
            .iter()
            .filter(|b| self.options.bank.as_ref().is_none_or(|id| b.id == *id));
        for question in chosen.flat_map(|b| &b.questions) {
            if !self.topics.contains(&question.topic) {
                self.topics.push(question.topic.clone());
            }
            for tag in &question.tags {
                if !self.tags.contains(tag) {
                    self.tags.push(tag.clone());
                }
            }
        }
        self.tags.sort();
        if self
            .options
            .topic
            .as_ref()
            .is_some_and(|t| !self.topics.contains(t))
        {
            self.options.topic = None;
        }
        if self
            .options
            .tag
            .as_ref()
            .is_some_and(|t| !self.tags.contains(t))
        {
            self.options.tag = None;
        }
        let all = RoundOptions {
            count: usize::MAX,
            ..self.options.clone()
        };
        self.available = pick_questions(catalog, &all).len();
    }

    fn change(&mut self, step: isize) {
        let options = &mut self.options;
        match FIELDS[self.field] {
            Field::Count => {
                let shown = options.count.min(self.available).max(1);
                options.count = shown
                    .saturating_add_signed(step)
                    .clamp(1, self.available.max(1));
            }
            Field::Bank => options.bank = cycle(&self.banks, options.bank.as_ref(), step),
            Field::Topic => options.topic = cycle(&self.topics, options.topic.as_ref(), step),
            Field::Tag => options.tag = cycle(&self.tags, options.tag.as_ref(), step),
            Field::Difficulty => {
                let levels = [None, Some(1), Some(2), Some(3)];
                let at = levels
                    .iter()
                    .position(|l| *l == options.difficulty)
                    .unwrap_or(0);
                options.difficulty = levels[(at as isize + step).rem_euclid(4) as usize];
            }
            // Numbers stop at their ends, as the count and the follow-ups do; choices
            // of a list go round through "any".
            Field::Time => {
                let at = TIME_CHOICES
                    .iter()
                    .position(|t| *t == options.time_limit_secs)
                    .unwrap_or(0);
                let last = TIME_CHOICES.len() - 1;
                options.time_limit_secs = TIME_CHOICES[at.saturating_add_signed(step).min(last)];
            }
            Field::FollowUps => {
                options.follow_ups = options
                    .follow_ups
                    .saturating_add_signed(step)
                    .min(MAX_FOLLOW_UPS);
            }
        }
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let options = &self.options;
        let any = |value: &Option<String>| {
            value
                .as_deref()
                .map_or("any".to_owned(), |v| printable(v).into_owned())
        };
        let values = [
            (
                "Questions",
                format!(
                    "{} of {}",
                    options.count.min(self.available),
                    self.available
                ),
            ),
            ("Bank", any(&options.bank)),
            ("Topic", any(&options.topic)),
            ("Tag", any(&options.tag)),
            (
                "Difficulty",
                options.difficulty.map_or("any".to_owned(), |d| {
                    format!("{d} {}", super::widgets::difficulty(d))
                }),
            ),
            (
                "Time per question",
                options
                    .time_limit_secs
                    .map_or("as the bank sets".to_owned(), |t| {
                        super::widgets::clock(std::time::Duration::from_secs(u64::from(t)))
                    }),
            ),
            (
                "Follow-ups",
                if options.follow_ups == 0 {
                    "off".to_owned()
                } else {
                    format!("{} per question", options.follow_ups)
                },
            ),
        ];
        let mut lines = vec![Line::styled("Set up the round", theme.title), Line::raw("")];
        for (i, (name, value)) in values.into_iter().enumerate() {
            let selected = i == self.field;
            let style = if selected {
                theme.selected
            } else {
                Style::new()
            };
            let mut line = Line::from(vec![
                Span::raw(if selected { "▸ " } else { "  " }),
                Span::raw(format!("{name:<20}")),
                Span::styled(format!("‹ {value} ›"), style),
            ]);
            if selected && self.finds_by_typing() {
                let hint = if self.typed.is_empty() {
                    "  type to find".to_owned()
                } else {
                    format!("  find “{}”", printable(&self.typed))
                };
                // A hint that does not fit is left out rather than cut.
                let room = usize::from(area.width.saturating_sub(4));
                if line.width() + hint.chars().count() <= room {
                    line.push_span(Span::styled(hint, theme.dim));
                }
            }
            lines.push(line);
        }
        lines.push(Line::raw(""));
        if self.can_start() {
            lines.push(Line::styled("Enter starts the round.", theme.dim));
        } else {
            lines.push(Line::styled(
                "No question matches these filters; change one.",
                theme.warn,
            ));
        }
        frame.render_widget(Paragraph::new(lines), area.inner(Margin::new(2, 1)));
    }
}

/// The next (or previous) value of `list` after `current`, passing through "any".
fn cycle(list: &[String], current: Option<&String>, step: isize) -> Option<String> {
    let len = list.len() as isize + 1;
    let at = current
        .and_then(|c| list.iter().position(|v| v == c))
        .map_or(0, |i| i as isize + 1);
    let next = (at + step).rem_euclid(len);
    (next > 0).then(|| list[next as usize - 1].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_cycle_through_any() {
        let list = vec!["a".to_owned(), "b".to_owned()];
        assert_eq!(cycle(&list, None, 1), Some("a".to_owned()));
        assert_eq!(cycle(&list, Some(&"b".to_owned()), 1), None);
        assert_eq!(cycle(&list, None, -1), Some("b".to_owned()));
    }

    #[test]
    fn the_time_stops_at_its_ends_as_the_other_numbers_do() {
        let catalog = Catalog::built_in().expect("the built-in banks load");
        let mut setup = Setup::new(&catalog, RoundOptions::default());
        setup.field = FIELDS.iter().position(|f| *f == Field::Time).unwrap();
        setup.change(-1);
        assert_eq!(setup.options.time_limit_secs, None, "as the bank sets it");
        for _ in 0..20 {
            setup.change(1);
        }
        assert_eq!(
            setup.options.time_limit_secs,
            TIME_CHOICES[TIME_CHOICES.len() - 1]
        );
    }

    #[test]
    fn typing_on_the_tag_field_finds_the_tag() {
        let catalog = Catalog::built_in().expect("the built-in banks load");
        let mut setup = Setup::new(&catalog, RoundOptions::default());
        setup.field = FIELDS.iter().position(|f| *f == Field::Tag).unwrap();
        assert!(setup.finds_by_typing());
        for c in "sec".chars() {
            setup.type_to_find(&catalog, Some(c));
        }
        assert_eq!(setup.options.tag.as_deref(), Some("secrets"));
        let with_secrets = setup.available;
        assert!(with_secrets < Setup::new(&catalog, RoundOptions::default()).available);
        setup.type_to_find(&catalog, Some('u'));
        assert_eq!(setup.options.tag.as_deref(), Some("security"));
        // Nothing starts with "ealth": a tag that contains it does.
        setup.update(&catalog, Action::Down);
        setup.update(&catalog, Action::Up);
        for c in "ealth".chars() {
            setup.type_to_find(&catalog, Some(c));
        }
        assert_eq!(setup.options.tag.as_deref(), Some("health-checks"));
        setup.field = 0;
        assert!(!setup.finds_by_typing());
    }

    #[test]
    fn topics_and_tags_follow_the_chosen_bank() {
        let catalog = Catalog::built_in().expect("the built-in banks load");
        let mut setup = Setup::new(&catalog, RoundOptions::default());
        let all_topics = setup.topics.len();
        let ecs_only = catalog
            .banks()
            .iter()
            .find(|b| b.id == "ecs-in-depth")
            .expect("the ECS bank");
        let networking = ecs_only
            .questions
            .iter()
            .map(|q| q.topic.clone())
            .find(|t| {
                catalog
                    .banks()
                    .iter()
                    .filter(|b| b.id != "ecs-in-depth")
                    .all(|b| b.questions.iter().all(|q| q.topic != *t))
            })
            .expect("a topic of the ECS bank alone");
        setup.options.topic = Some(networking);
        setup.options.bank = Some("lambda-to-ecs".to_owned());
        setup.refresh(&catalog);
        assert!(setup.topics.len() < all_topics);
        assert_eq!(
            setup.options.topic, None,
            "a topic the bank lacks goes back to any"
        );
        assert!(setup.can_start());
        for topic in &setup.topics {
            assert!(
                catalog.banks()[..]
                    .iter()
                    .find(|b| b.id == "lambda-to-ecs")
                    .is_some_and(|b| b.questions.iter().any(|q| q.topic == *topic)),
                "{topic}"
            );
        }
    }
}
