//! The application as The Elm Architecture: the state, the messages that change it
//! (`update`), and `view`, which draws the state and changes nothing.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;

use super::browse::Browse;
use super::home::{Entry, Home};
use super::keys::{self, Action, Context};
use super::play::{Outcome, Play};
use super::setup::Setup;
use super::theme::Theme;
use super::widgets::{MIN_HEIGHT, MIN_WIDTH, clock, footer, frame_areas, title_bar, too_small};
use super::{feedback, help, question, summary};
use crate::bank::{Catalog, FollowUp, Question};
use crate::history::{Record, SCHEMA, Store, now_secs};
use crate::round::{Answer, Asking, Prompt, Round, RoundOptions, Stage, pick_questions};

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Key(KeyEvent),
    Paste(String),
    /// Time passed; the clock may have run out.
    Tick,
    /// The terminal is now this wide and high.
    Resize(u16, u16),
}

/// After the clock submits an answer, typing is ignored this long, so words typed as
/// time ran out do not land in the next answer (or press Enter on the feedback).
const AFTER_TIME_UP: Duration = Duration::from_millis(1500);

/// Where the app opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Home,
    /// A round straight away; `seed` of `None` picks one.
    Round(RoundOptions, Option<u64>),
}

pub enum Screen<'c> {
    Home(Home),
    Setup(Box<Setup>),
    Browse(Browse),
    Play(Box<Play<'c>>),
}

pub struct App<'c> {
    catalog: &'c Catalog,
    theme: Theme,
    pub screen: Screen<'c>,
    /// The last round's options, for a new round with the same set-up.
    options: RoundOptions,
    /// A fixed seed from the command line; otherwise every round gets a fresh one.
    seed: Option<u64>,
    help: bool,
    pub quit: bool,
    /// The time of the last message, which `view` draws the clock from.
    now: Instant,
    /// The terminal's size; keys are ignored while it is too small to show the screen.
    size: (u16, u16),
    /// Keys before this instant are ignored (see [`AFTER_TIME_UP`]).
    deaf_until: Option<Instant>,
    /// Where submitted answers are kept; `None` when they cannot be.
    history: Option<Store>,
    /// Why answers are not being saved, shown on every screen.
    unsaved: Option<String>,
    /// The round's id in the history.
    session: String,
    /// How many of the round's answers are already in the history.
    recorded: usize,
}

impl<'c> App<'c> {
    pub fn new(catalog: &'c Catalog, theme: Theme, start: Start, now: Instant) -> Self {
        let mut app = App {
            catalog,
            theme,
            screen: Screen::Home(Home::default()),
            options: RoundOptions::default(),
            seed: None,
            help: false,
            quit: false,
            now,
            size: (MIN_WIDTH, MIN_HEIGHT),
            deaf_until: None,
            history: None,
            unsaved: None,
            session: String::new(),
            recorded: 0,
        };
        if let Start::Round(options, seed) = start {
            app.seed = seed;
            app.options = options;
            app.start_round(None);
        }
        app
    }

    /// Keeps every answer submitted from now on in `history`, or, when it could not be
    /// opened, says on every screen why answers are not being saved.
    pub fn with_history(mut self, history: Result<Store, String>) -> Self {
        match history {
            Ok(store) => self.history = Some(store),
            Err(why) => self.unsaved = Some(why),
        }
        self
    }

    /// Appends the round's answers not yet in the history.
    fn record_answers(&mut self) {
        let Screen::Play(play) = &self.screen else {
            return;
        };
        let results = play.round.results();
        let count: usize = results
            .iter()
            .map(|r| usize::from(r.main.is_some()) + r.follow_ups.len())
            .sum();
        if count <= self.recorded {
            return;
        }
        let answers: Vec<(&Question, Option<&FollowUp>, &Answer<'_>)> = results
            .iter()
            .flat_map(|r| {
                let main = r.main.iter().map(move |a| (r.question, None, a));
                main.chain(
                    r.follow_ups
                        .iter()
                        .map(move |(f, a)| (r.question, Some(*f), a)),
                )
            })
            .collect();
        if let Some(store) = &self.history {
            for (question, follow_up, answer) in &answers[self.recorded..] {
                let bank = self
                    .catalog
                    .question(&question.id)
                    .map_or("", |(b, _)| &b.id);
                let ids = |covered: bool| {
                    answer
                        .report
                        .points
                        .iter()
                        .filter(|p| p.is_covered() == covered)
                        .map(|p| p.point.id.clone())
                        .collect()
                };
                let record = Record {
                    schema: SCHEMA,
                    time: now_secs(),
                    session: self.session.clone(),
                    bank: bank.to_owned(),
                    question: question.id.clone(),
                    follow_up: follow_up.map(|f| f.id.clone()),
                    answer: answer.text.clone(),
                    score: answer.report.score,
                    covered: ids(true),
                    missed: ids(false),
                    time_used_secs: answer.time_used.as_secs_f64(),
                    time_allowed_secs: answer.time_limit.as_secs_f64(),
                    time_up: answer.time_up,
                };
                if let Err(error) = store.append(&record) {
                    self.unsaved = Some(error.to_string());
                    break;
                }
            }
        }
        self.recorded = answers.len();
    }

    /// The clock on show, if one runs.
    fn asking(&self) -> Option<&Asking<'c>> {
        match &self.screen {
            Screen::Play(play) => match play.round.stage() {
                Stage::Asking(asking) => Some(asking),
                _ => None,
            },
            _ => None,
        }
    }

    /// How long until the clock on show changes its second, if a clock runs.
    pub fn until_clock_changes(&self, now: Instant) -> Option<Duration> {
        let remaining = self.asking()?.remaining(now);
        let into_second = remaining.subsec_nanos();
        Some(if into_second == 0 {
            Duration::from_secs(1)
        } else {
            Duration::from_nanos(u64::from(into_second))
        })
    }

    /// Applies `message`; returns whether the screen may look different. An answer it
    /// submits is in the history before it returns.
    pub fn update(&mut self, message: Message, now: Instant) -> bool {
        let changed = self.apply(message, now);
        self.record_answers();
        changed
    }

    fn apply(&mut self, message: Message, now: Instant) -> bool {
        let shown_before = self.asking().map(|a| clock(a.remaining(self.now)));
        self.now = now;
        match message {
            Message::Tick => {
                let submitted = match &mut self.screen {
                    Screen::Play(play) => play.tick(now),
                    _ => false,
                };
                if submitted {
                    self.deaf_until = Some(now + AFTER_TIME_UP);
                }
                let shown = self.asking().map(|a| clock(a.remaining(now)));
                submitted || shown != shown_before
            }
            Message::Resize(width, height) => {
                self.size = (width, height);
                true
            }
            Message::Paste(text) => {
                if let Screen::Play(play) = &mut self.screen {
                    play.paste(&text);
                }
                true
            }
            Message::Key(key) => {
                self.key(key, now);
                true
            }
        }
    }

    fn key(&mut self, key: KeyEvent, now: Instant) {
        if keys::is_interrupt(&key) {
            self.quit = true;
            return;
        }
        let too_small = self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT;
        let typing = matches!(
            key.code,
            KeyCode::Char(_) | KeyCode::Enter | KeyCode::Backspace | KeyCode::Delete | KeyCode::Tab
        );
        if too_small || (typing && self.deaf_until.is_some_and(|until| now < until)) {
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        let context = self.context();
        let action = keys::action(context, &key);
        if action == Some(Action::Help) {
            self.help = true;
            return;
        }
        let catalog = self.catalog;
        match &mut self.screen {
            Screen::Home(home) => match action.and_then(|a| home.update(a)) {
                Some(Entry::Practice) => {
                    self.screen = Screen::Setup(Box::new(Setup::new(catalog, self.options.clone())))
                }
                Some(Entry::Browse) => self.screen = Screen::Browse(Browse::default()),
                Some(Entry::Quit) => self.quit = true,
                None => {}
            },
            Screen::Setup(setup) => match action {
                Some(Action::Back) => self.go_home(),
                Some(Action::Select) if setup.can_start() => {
                    self.options = setup.options.clone();
                    self.start_round(None);
                }
                Some(action) => setup.update(catalog, action),
                None => {}
            },
            Screen::Browse(browse) => match action {
                Some(Action::Back) => self.go_home(),
                Some(action) => browse.update(catalog, action),
                None => {}
            },
            Screen::Play(play) => match play.key(key, now, self.size) {
                Outcome::Stay => {}
                Outcome::Help => self.help = true,
                Outcome::Quit => self.quit = true,
                Outcome::Home => self.go_home(),
                Outcome::NewRound => self.start_round(None),
                Outcome::PractiseMisses => {
                    let missed: Vec<&'c Question> = play
                        .round
                        .results()
                        .iter()
                        .filter(|r| {
                            r.main
                                .as_ref()
                                .is_some_and(|a| a.report.missed().next().is_some())
                                || r.follow_ups
                                    .iter()
                                    .any(|(_, a)| a.report.missed().next().is_some())
                        })
                        .map(|r| r.question)
                        .collect();
                    if !missed.is_empty() {
                        self.start_round(Some(missed));
                    }
                }
            },
        }
    }

    fn go_home(&mut self) {
        self.screen = Screen::Home(Home::default());
    }

    /// Starts a round with `questions`, or with questions picked by the options.
    fn start_round(&mut self, questions: Option<Vec<&'c Question>>) {
        let seed = self.seed.unwrap_or_else(rand::random);
        let options = RoundOptions {
            seed,
            ..self.options.clone()
        };
        let questions = questions.unwrap_or_else(|| pick_questions(self.catalog, &options));
        let round = Round::new(questions, options, self.now);
        self.screen = Screen::Play(Box::new(Play::new(round)));
        self.session = format!("{:016x}", rand::random::<u64>());
        self.recorded = 0;
    }

    /// The key context of the screen on show.
    pub fn context(&self) -> Context {
        match &self.screen {
            Screen::Home(_) => Context::Home,
            Screen::Setup(_) => Context::Setup,
            Screen::Browse(_) => Context::Browse,
            Screen::Play(play) => play.context(),
        }
    }

    pub fn view(&self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(frame, &self.theme);
            return;
        }
        let theme = &self.theme;
        let (title, body, foot) = frame_areas(area);
        let context = self.context();
        match &self.screen {
            Screen::Home(home) => {
                title_bar(frame, title, theme, &self.title("home"), "");
                home.view(frame, body, theme, &self.banks_line());
            }
            Screen::Setup(setup) => {
                title_bar(frame, title, theme, &self.title("new round"), "");
                setup.view(frame, body, theme);
            }
            Screen::Browse(browse) => {
                title_bar(frame, title, theme, &self.title("questions"), "");
                browse.view(frame, body, theme, self.catalog);
            }
            Screen::Play(play) => match play.round.stage() {
                Stage::Asking(asking) => {
                    let kind = if matches!(asking.prompt, Prompt::Main(_)) {
                        "question"
                    } else {
                        "follow-up"
                    };
                    title_bar(
                        frame,
                        title,
                        theme,
                        &self.title(kind),
                        &clock(asking.remaining(self.now)),
                    );
                    question::view(frame, body, theme, play, asking, self.now);
                }
                Stage::Feedback => {
                    title_bar(frame, title, theme, &self.title("feedback"), "");
                    feedback::view(frame, body, theme, play);
                }
                Stage::Finished => {
                    title_bar(frame, title, theme, &self.title("summary"), "");
                    summary::view(frame, body, theme, &play.round, play.scroll);
                }
            },
        }
        footer(frame, foot, theme, context);
        if self.help {
            help::view(frame, body, theme, context);
        }
    }

    /// A screen's title, marked when answers are not being saved.
    fn title(&self, screen: &str) -> String {
        match self.unsaved {
            Some(_) => format!("{screen} · ⚠ answers are not being saved"),
            None => screen.to_owned(),
        }
    }

    /// Why answers are not being saved, if they are not.
    pub fn unsaved(&self) -> Option<&str> {
        self.unsaved.as_deref()
    }

    fn banks_line(&self) -> String {
        let banks = self.catalog.banks();
        let questions: usize = banks.iter().map(|b| b.questions.len()).sum();
        let titles: Vec<String> = banks
            .iter()
            .map(|b| crate::text::printable(&b.title).into_owned())
            .collect();
        format!("{questions} questions: {}", titles.join(", "))
    }
}
