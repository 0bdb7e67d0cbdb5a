//! A round being played: the round's state machine, the answer editor, the Esc menu and
//! the feedback's scroll position, and how keys and ticks drive them.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders};
use ratatui_textarea::{TextArea, WrapMode};

use super::keys::{self, Action, Context};
use super::{feedback, summary};
use crate::practice::Session;
use crate::round::{QuestionResult, Stage};
use crate::text::printable;

/// The entries of the Esc menu.
pub const MENU: [&str; 3] = ["Resume", "Skip this question", "End the round"];

/// What the app should do after a key in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Quit,
    Home,
    NewRound,
    PractiseMisses,
    Export,
    Help,
}

pub struct Play<'c> {
    /// The round, and what of it is kept.
    pub session: Session<'c>,
    pub editor: TextArea<'static>,
    /// The Esc menu, open on this entry.
    pub menu: Option<usize>,
    pub show_model: bool,
    pub scroll: u16,
    /// The summary's row chosen, whose feedback Enter opens again.
    pub selected: usize,
    /// The feedback opened again from the summary: the question's index in the round,
    /// and where the summary was scrolled.
    pub reopened: Option<(usize, u16)>,
}

impl<'c> Play<'c> {
    pub fn new(session: Session<'c>) -> Self {
        Play {
            session,
            editor: new_editor(),
            menu: None,
            show_model: false,
            scroll: 0,
            selected: 0,
            reopened: None,
        }
    }

    /// The question whose feedback is on screen: the one reopened from the summary, or
    /// the last one answered.
    pub fn shown_result(&self) -> Option<&QuestionResult<'c>> {
        let results = self.session.round.results();
        match self.reopened {
            Some((index, _)) => results.get(index),
            None => results.last(),
        }
    }

    /// The key context of what is on screen.
    pub fn context(&self) -> Context {
        match (self.session.round.stage(), self.menu) {
            (Stage::Asking(_), Some(_)) => Context::Menu,
            (Stage::Asking(_), None) => Context::Answer,
            (Stage::Feedback, _) => Context::Feedback,
            (Stage::Finished, _) if self.reopened.is_some() => Context::Reopened,
            (Stage::Finished, _) => Context::Summary,
        }
    }

    /// Submits what is typed once the clock has run out. Returns whether it did.
    pub fn tick(&mut self, now: Instant) -> bool {
        if self.session.round.is_time_up(now) {
            self.menu = None;
            self.submit(now);
            return true;
        }
        false
    }

    /// Inserts pasted text as it was pasted, less anything that could drive the
    /// terminal when drawn.
    pub fn paste(&mut self, text: &str) {
        if self.context() == Context::Answer {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            self.editor.insert_str(printable(&text));
        }
    }

    /// Handles `key` on a terminal of `size` (columns, rows).
    pub fn key(&mut self, key: KeyEvent, now: Instant, size: (u16, u16)) -> Outcome {
        let context = self.context();
        let action = keys::action(context, &key);
        if action == Some(Action::Help) {
            return Outcome::Help;
        }
        match context {
            Context::Answer => match action {
                Some(Action::Submit) => self.submit(now),
                Some(Action::Menu) => {
                    self.menu = Some(0);
                    self.session.round.pause(now);
                }
                _ => self.edit(key),
            },
            Context::Menu => self.menu_key(action, now),
            Context::Feedback => match action {
                Some(Action::Select) => {
                    self.session.round.next(now);
                    self.show_model = false;
                    self.scroll = 0;
                }
                Some(Action::ToggleModel) => self.show_model = !self.show_model,
                Some(Action::Quit) => return Outcome::Quit,
                Some(action) => self.scroll(action, feedback::last_top(self, size)),
                None => {}
            },
            Context::Reopened => match action {
                Some(Action::Back) => {
                    if let Some((_, summary_scroll)) = self.reopened.take() {
                        self.scroll = summary_scroll;
                    }
                    self.show_model = false;
                }
                Some(Action::ToggleModel) => self.show_model = !self.show_model,
                Some(action) => self.scroll(action, feedback::last_top(self, size)),
                None => {}
            },
            _ => match action {
                Some(Action::Up) => self.select(self.selected.saturating_sub(1), size),
                Some(Action::Down) => self.select(self.selected + 1, size),
                Some(Action::Select) if !self.session.round.results().is_empty() => {
                    self.reopened = Some((self.selected, self.scroll));
                    self.scroll = 0;
                }
                Some(Action::NewRound) => return Outcome::NewRound,
                Some(Action::PractiseMisses) => return Outcome::PractiseMisses,
                Some(Action::Export) => return Outcome::Export,
                Some(Action::Quit) => return Outcome::Quit,
                Some(Action::Back) => return Outcome::Home,
                Some(action) => self.scroll(action, summary::last_top(self, size)),
                None => {}
            },
        }
        Outcome::Stay
    }

    /// Chooses the summary's row `row` (the last when past it), scrolled into view.
    fn select(&mut self, row: usize, size: (u16, u16)) {
        let rows = self.session.round.results().len();
        self.selected = row.min(rows.saturating_sub(1));
        let (first_row, last_top) = summary::layout(self, size);
        let line = first_row + self.selected;
        let visible = usize::from(size.1.saturating_sub(2)).max(1);
        let top = usize::from(self.scroll);
        let top = if line < top {
            line
        } else if line >= top + visible {
            line + 1 - visible
        } else {
            top
        };
        self.scroll = u16::try_from(top.min(last_top)).unwrap_or(u16::MAX);
    }

    /// Moves the scroll position, up to `last_top`.
    fn scroll(&mut self, action: Action, last_top: usize) {
        let last = u16::try_from(last_top).unwrap_or(u16::MAX);
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll.saturating_add(10),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.scroll,
        }
        .min(last);
    }

    fn menu_key(&mut self, action: Option<Action>, now: Instant) {
        let Some(entry) = self.menu else { return };
        match action {
            Some(Action::Up) => self.menu = Some(entry.checked_sub(1).unwrap_or(MENU.len() - 1)),
            Some(Action::Down) => self.menu = Some((entry + 1) % MENU.len()),
            Some(Action::Back) => {
                self.menu = None;
                self.session.round.resume(now);
            }
            Some(Action::Select) => {
                self.menu = None;
                self.session.round.resume(now);
                match entry {
                    1 => {
                        self.session.round.skip(now);
                        self.editor = new_editor();
                    }
                    2 => {
                        // What was typed counts, as if submitted.
                        if !self.editor.is_empty() {
                            self.submit(now);
                        }
                        self.session.round.end();
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// The ids of the points of a question (or of its follow-up) the review drills.
    pub fn drilled(&self, question: &str, follow_up: Option<&str>) -> Vec<&str> {
        self.session
            .review()
            .iter()
            .filter(|c| c.question == question && c.follow_up.as_deref() == follow_up)
            .map(|c| c.point.as_str())
            .collect()
    }

    /// How many of the concepts under review the round's answers covered, and how many
    /// were asked about.
    pub fn review_tally(&self) -> (usize, usize) {
        let (mut covered, mut asked) = (0, 0);
        for result in self.session.round.results() {
            let main = result.main.iter().map(|a| (None, a));
            let follow_ups = result
                .follow_ups
                .iter()
                .map(|(f, a)| (Some(f.id.as_str()), a));
            for (follow_up, answer) in main.chain(follow_ups) {
                let drilled = self.drilled(&result.question.id, follow_up);
                asked += drilled.len();
                covered += answer
                    .report
                    .points
                    .iter()
                    .filter(|p| p.is_covered() && drilled.contains(&p.point.id.as_str()))
                    .count();
            }
        }
        (covered, asked)
    }

    /// What is typed in the editor.
    pub fn typed(&self) -> String {
        self.editor.lines().join("\n")
    }

    fn submit(&mut self, now: Instant) {
        let editor = std::mem::replace(&mut self.editor, new_editor());
        let text = editor.into_lines().join("\n");
        self.session.round.submit(text, now);
        self.scroll = 0;
    }

    fn edit(&mut self, key: KeyEvent) {
        // Terminals send Ctrl-Backspace in several ways; all delete a word.
        let ctrl_backspace =
            key.code == KeyCode::Backspace && key.modifiers.contains(KeyModifiers::CONTROL);
        let ctrl = key.modifiers == KeyModifiers::CONTROL;
        match key.code {
            _ if ctrl_backspace => {
                self.editor.delete_word();
            }
            KeyCode::Char('u') if ctrl => step_word(&mut self.editor, History::Undo),
            KeyCode::Char('r') if ctrl => step_word(&mut self.editor, History::Redo),
            _ => {
                self.editor.input(key);
            }
        }
    }
}

/// How many edits the editor can undo: a few hundred words typed one key at a time.
const UNDO_EDITS: usize = 2000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum History {
    Undo,
    Redo,
}

/// Undoes (or redoes) a word's worth of edits: the letters typed since the last space,
/// with the spaces before them. A paste or a cut is a step of its own.
fn step_word(editor: &mut TextArea<'_>, direction: History) {
    let step = |editor: &mut TextArea<'_>, direction: History| match direction {
        History::Undo => editor.undo(),
        History::Redo => editor.redo(),
    };
    let back = match direction {
        History::Undo => History::Redo,
        History::Redo => History::Undo,
    };
    let mut stepped = false;
    let mut in_word = false;
    loop {
        let before = editor.lines().join("\n");
        if !step(editor, direction) {
            break;
        }
        let after = editor.lines().join("\n");
        let changed = changed_text(&before, &after);
        let blank = changed.chars().all(char::is_whitespace);
        if changed.chars().count() != 1 || (blank && in_word) {
            // A whole paste or cut, or the space before the word: the step ends before
            // it, unless it is the step.
            if stepped {
                step(editor, back);
            }
            break;
        }
        in_word |= !blank;
        stepped = true;
    }
}

/// The text one edit changed between `before` and `after`: what was typed or deleted.
fn changed_text<'t>(before: &'t str, after: &'t str) -> &'t str {
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let (longer, shorter) = if before.len() >= after.len() {
        (before, after)
    } else {
        (after, before)
    };
    let suffix = longer[prefix..]
        .chars()
        .rev()
        .zip(shorter[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    &longer[prefix..longer.len() - suffix]
}

fn new_editor() -> TextArea<'static> {
    let mut editor = TextArea::default();
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_max_histories(UNDO_EDITS);
    editor.set_placeholder_text("Type your answer. Ctrl-S (or F2) submits.");
    // Dim rather than grey, so the placeholder sets no colour under NO_COLOR either.
    editor.set_placeholder_style(Style::new().add_modifier(Modifier::DIM));
    editor.set_cursor_line_style(Style::new());
    editor.set_block(
        Block::default()
            .borders(Borders::ALL)
            .title(" Your answer "),
    );
    editor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextArea<'static> {
        let mut editor = new_editor();
        for c in text.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            editor.input(KeyEvent::new(code, KeyModifiers::NONE));
        }
        editor
    }

    #[test]
    fn undo_and_redo_go_a_word_at_a_time() {
        let mut editor = typed("we drain  requests");
        step_word(&mut editor, History::Undo);
        assert_eq!(editor.lines(), ["we drain  "]);
        step_word(&mut editor, History::Undo);
        assert_eq!(editor.lines(), ["we "]);
        step_word(&mut editor, History::Redo);
        assert_eq!(editor.lines(), ["we drain"]);
        step_word(&mut editor, History::Undo);
        step_word(&mut editor, History::Undo);
        assert_eq!(editor.lines(), [""]);
        step_word(&mut editor, History::Undo);
        assert_eq!(editor.lines(), [""]);
    }

    #[test]
    fn a_paste_is_undone_in_one_step() {
        let mut editor = typed("ok ");
        editor.insert_str("pasted many words");
        step_word(&mut editor, History::Undo);
        assert_eq!(editor.lines(), ["ok "]);
    }

    #[test]
    fn the_changed_text_is_what_was_typed_or_deleted() {
        assert_eq!(changed_text("abc", "abxc"), "x");
        assert_eq!(changed_text("aaa", "aa"), "a");
        assert_eq!(changed_text("é ", "é"), " ");
    }
}
