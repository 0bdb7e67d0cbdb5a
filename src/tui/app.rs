//! The application as The Elm Architecture: the state, the messages that change it
//! (`update`), and `view`, which draws the state and changes nothing.
//!
//! What to keep of a round, and when, is the core's [`practice::Session`]: the app carries
//! out what it asks (each submitted answer to the history at once, the round in progress
//! to its draft, which the home screen offers to resume after a crash). Work that takes
//! longer than a frame, reading the history, is an [`Effect`] for the terminal loop to
//! run on a thread, its result coming back as a [`Message`].

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent};
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use super::browse::Browse;
use super::home::{Entry, Home};
use super::keys::{self, Action, Context};
use super::play::{Outcome, Play};
use super::setup::Setup;
use super::stats::StatsScreen;
use super::theme::Theme;
use super::widgets::{
    MIN_HEIGHT, MIN_WIDTH, clock, fits, footer, frame_areas, title_bar, too_small,
};
use super::{feedback, help, question, summary};
use crate::bank::{Catalog, Question};
use crate::history::draft::{Draft, DraftFile};
use crate::history::mastery::Mastery;
use crate::history::mastery::{self, Concept};
use crate::history::{Digest, Record, Store, local_day, now_secs};
use crate::practice::{self, Session};
use crate::report;
use crate::round::{Asking, Prompt, Round, RoundOptions, Stage, pick_questions};
use crate::scoring::Scorer;

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Key(KeyEvent),
    Paste(String),
    /// Time passed; the clock may have run out.
    Tick,
    /// The terminal is now this wide and high.
    Resize(u16, u16),
    /// grill was suspended (`true`) or brought back (`false`): the clock waits meanwhile.
    Away(bool),
    /// The history was read, as [`Effect::ReadHistory`] asked.
    HistoryRead {
        /// The request this answers.
        request: u64,
        /// What was found, or why the history could not be read.
        read: Result<HistoryFound, String>,
    },
}

/// What reading the history found.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryFound {
    /// Where each concept stands.
    pub mastery: BTreeMap<Concept, Mastery>,
    /// A warning for every line skipped.
    pub warnings: Vec<String>,
    /// The records of the interrupted round, when one was asked for.
    pub interrupted: Vec<Record>,
}

/// Work the app asks for that takes longer than a frame; whoever runs the app runs it
/// (on a thread of its own, in the terminal) and passes its message back.
#[derive(Debug)]
pub enum Effect {
    /// Read the history, so the home screen can count the concepts due and the answers
    /// of the interrupted round `session`.
    ReadHistory {
        store: Store,
        time_zone: TimeZone,
        session: Option<String>,
        request: u64,
    },
}

impl Effect {
    /// Does the work, and says what came of it.
    pub fn run(self) -> Message {
        match self {
            Effect::ReadHistory {
                store,
                time_zone,
                session,
                request,
            } => {
                let read = store.digest(&time_zone).and_then(|(digest, warnings)| {
                    let interrupted = match &session {
                        Some(session) => store.session(session)?,
                        None => Vec::new(),
                    };
                    Ok(HistoryFound {
                        mastery: digest.mastery(),
                        warnings,
                        interrupted,
                    })
                });
                Message::HistoryRead {
                    request,
                    read: read.map_err(|e| e.to_string()),
                }
            }
        }
    }
}

/// After the clock submits an answer, typing is ignored this long, so words typed as
/// time ran out do not land in the next answer (or press Enter on the feedback); the
/// title says time is up, and the next clock starts after it.
const AFTER_TIME_UP: Duration = Duration::from_millis(1500);

/// How often answers the history could not take are tried again.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// Where the app opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Home,
    /// A round straight away; `seed` of `None` picks one.
    Round(RoundOptions, Option<u64>),
    /// A review of these due concepts straight away.
    Review(Vec<Concept>),
    /// The stats screen.
    Stats,
}

pub enum Screen<'c> {
    Home(Home),
    Setup(Box<Setup>),
    Browse(Browse),
    Play(Box<Play<'c>>),
    Stats(Box<StatsScreen>),
}

pub struct App<'c> {
    catalog: &'c Catalog,
    /// The shared keyword indexes of the catalog's rubrics.
    scorer: &'c Scorer<'c>,
    theme: Theme,
    pub screen: Screen<'c>,
    /// The last round's options, for a new round with the same set-up.
    options: RoundOptions,
    /// A fixed seed from the command line; otherwise every round gets a fresh one.
    seed: Option<u64>,
    help: bool,
    pub quit: bool,
    /// The user pressed Ctrl-C.
    pub interrupted: bool,
    /// The time of the last message, which `view` draws the clock from.
    now: Instant,
    /// The terminal's size; keys are ignored while it is too small to show the screen.
    size: (u16, u16),
    /// Keys before this instant are ignored (see [`AFTER_TIME_UP`]).
    deaf_until: Option<Instant>,
    /// Where submitted answers are kept; `None` when they cannot be.
    history: Option<Store>,
    /// Where the round in progress is kept; `None` when answers cannot be saved.
    draft_file: Option<DraftFile>,
    /// An interrupted round the home screen offers to resume.
    resumable: Option<Draft>,
    /// Its draft, claimed so no other grill offers it too.
    resumable_file: Option<DraftFile>,
    /// The interrupted round's records in the history, once read.
    interrupted_records: Option<Vec<Record>>,
    /// The concepts due for review today; `None` while the history is being read.
    due: Option<Vec<Concept>>,
    /// The concepts due next, for a review ahead of time when none is due.
    upcoming: Vec<Concept>,
    /// Work asked for and not yet handed to whoever runs the app.
    effects: Vec<Effect>,
    /// The number of the last history read asked for: only its answer counts.
    history_request: u64,
    /// Why answers are not being saved at all, shown on every screen.
    unsaved: Option<String>,
    /// Submitted answers the history could not take yet, oldest first.
    unwritten: Vec<Record>,
    /// Why the last write failed, shown on every screen until writing works again.
    write_failure: Option<String>,
    last_write_try: Option<Instant>,
    /// A word about what was just done, shown in the title bar of the summary.
    notice: Option<String>,
    /// Where days are counted, for the review schedule, the stats and report dates.
    time_zone: TimeZone,
}

impl<'c> App<'c> {
    /// The app over the catalog of `scorer`.
    pub fn new(scorer: &'c Scorer<'c>, theme: Theme, start: Start, now: Instant) -> Self {
        let mut app = App {
            catalog: scorer.catalog(),
            scorer,
            theme,
            screen: Screen::Home(Home::new(None, Some(0))),
            options: RoundOptions::default(),
            seed: None,
            help: false,
            quit: false,
            interrupted: false,
            now,
            size: (MIN_WIDTH, MIN_HEIGHT),
            deaf_until: None,
            history: None,
            draft_file: None,
            resumable: None,
            resumable_file: None,
            interrupted_records: None,
            due: Some(Vec::new()),
            upcoming: Vec::new(),
            effects: Vec::new(),
            history_request: 0,
            unsaved: None,
            unwritten: Vec::new(),
            write_failure: None,
            last_write_try: None,
            notice: None,
            time_zone: TimeZone::system(),
        };
        let left_out: Vec<String> = app
            .catalog
            .left_out()
            .iter()
            .map(|(file, _)| crate::text::printable(file).into_owned())
            .collect();
        if !left_out.is_empty() {
            app.notice = Some(format!(
                "Left out for their problems: {} (`grill bank validate` says what to fix)",
                left_out.join(", ")
            ));
        }
        match start {
            Start::Home => {
                if let Screen::Home(home) = &mut app.screen {
                    home.notice = app.notice.clone();
                }
            }
            Start::Stats => app.show_stats(),
            Start::Round(options, seed) => {
                app.seed = seed;
                app.options = options.clone();
                app.start_round(options, None, Vec::new());
            }
            Start::Review(concepts) => app.start_review(concepts),
        }
        app
    }

    /// Keeps every answer submitted from now on in `history`, and the round in progress
    /// in a draft beside it; or, when it could not be opened, says on every screen why
    /// answers are not being saved. On the home screen, it offers to resume a round
    /// the draft holds and counts the concepts due for review; on the stats screen, it
    /// shows the history's figures.
    pub fn with_history(mut self, history: Result<Store, String>) -> Self {
        match history {
            Ok(store) => {
                let stopped = store
                    .path()
                    .parent()
                    .filter(|_| matches!(self.screen, Screen::Home(_)))
                    .and_then(DraftFile::stopped);
                if let Some(file) = stopped {
                    match file.load() {
                        Ok(draft) => {
                            self.resumable = draft;
                            self.resumable_file = Some(file);
                        }
                        // A damaged draft is moved aside, so it is kept and the next
                        // start does not trip on it again.
                        Err(error) => {
                            self.notice = Some(match file.set_aside(now_secs()) {
                                Ok(aside) => format!(
                                    "{error}; the draft was set aside as {}",
                                    aside.display()
                                ),
                                Err(_) => error.to_string(),
                            });
                        }
                    }
                }
                self.history = Some(store);
                // A round started before the history was known gets its draft now.
                if let Screen::Play(play) = &self.screen {
                    let id = play.session.id().to_owned();
                    self.claim_draft(&id);
                }
            }
            Err(why) => {
                self.notice = Some(format!("Answers are not being saved: {why}"));
                self.unsaved = Some(why);
            }
        }
        match self.screen {
            Screen::Home(_) => self.go_home(),
            Screen::Stats(_) => self.show_stats(),
            _ => {}
        }
        self
    }

    /// What the history sums to, with a notice of the lines skipped; nothing when there
    /// is no history.
    fn read_history(&mut self) -> Digest {
        let read = self
            .history
            .as_ref()
            .map(|store| store.digest(&self.time_zone));
        match read {
            Some(Ok((digest, warnings))) => {
                if let Some(first) = warnings.first() {
                    self.notice = Some(with_more(first, warnings.len() - 1));
                }
                digest
            }
            Some(Err(error)) => {
                self.notice = Some(error.to_string());
                Digest::new(&self.time_zone)
            }
            None => Digest::new(&self.time_zone),
        }
    }

    /// Keeps what the round in progress asks to be kept: its new answers in the history,
    /// the round in its draft. `force` puts what is typed in the draft whatever the time,
    /// as the app stops.
    fn keep(&mut self, now: Instant, force: bool) {
        let Screen::Play(play) = &mut self.screen else {
            return;
        };
        let typing = play.typed();
        let effects = play.session.keep(&typing, now, now_secs(), force);
        let retry = self
            .last_write_try
            .is_none_or(|at| now.duration_since(at) >= RETRY_EVERY);
        if !self.unwritten.is_empty() && (retry || force) {
            self.write_unwritten(now);
        }
        for effect in effects {
            self.carry_out(effect, now);
        }
    }

    /// Does what `effect` asks, on disk. A failure is shown on every screen until writing
    /// works again: answers the history could not take are kept and tried again.
    fn carry_out(&mut self, effect: practice::Effect, now: Instant) {
        let failed = match effect {
            practice::Effect::Append(record) => {
                self.unwritten.push(record);
                self.write_unwritten(now);
                return;
            }
            practice::Effect::SaveDraft(draft) => self
                .draft_file
                .as_ref()
                .and_then(|file| file.save(&draft).err()),
            practice::Effect::ClearDraft => {
                self.draft_file.as_ref().and_then(|file| file.clear().err())
            }
        };
        match failed {
            Some(error) => self.write_failure = Some(error.to_string()),
            None if self.unwritten.is_empty() => self.write_failure = None,
            None => {}
        }
    }

    /// Writes the answers the history has not taken yet, oldest first, until one fails.
    fn write_unwritten(&mut self, now: Instant) {
        let Some(store) = &self.history else {
            self.unwritten.clear();
            return;
        };
        self.last_write_try = Some(now);
        while let Some(record) = self.unwritten.first() {
            if let Err(error) = store.append(record) {
                let waiting = self.unwritten.len();
                self.write_failure = Some(format!(
                    "{error} ({waiting} answer{} kept, to be written when it works again)",
                    if waiting == 1 { "" } else { "s" }
                ));
                return;
            }
            self.unwritten.remove(0);
        }
        self.write_failure = None;
    }

    /// Saves what is typed in the round in progress, so it can be resumed; called as
    /// the app stops, however it stops.
    pub fn keep_draft(&mut self, now: Instant) {
        self.keep(now, true);
    }

    /// Whether a round was left unfinished with its draft saved, to be resumed.
    pub fn round_kept(&self) -> bool {
        let kept = matches!(&self.screen, Screen::Play(play) if play.session.kept());
        kept && self.draft_file.is_some()
    }

    /// The clock on show, if one runs.
    fn asking(&self) -> Option<&Asking<'c>> {
        match &self.screen {
            Screen::Play(play) => match play.session.round.stage() {
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
        self.keep(now, false);
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
                // The time-up moment: the next clock starts once it has passed.
                let mut moment_over = false;
                if submitted {
                    self.deaf_until = Some(now + AFTER_TIME_UP);
                    if let Screen::Play(play) = &mut self.screen {
                        play.session.round.pause(now);
                    }
                } else if let Some(until) = self.deaf_until.filter(|until| now >= *until) {
                    self.deaf_until = None;
                    moment_over = true;
                    if let Screen::Play(play) = &mut self.screen
                        && play.menu.is_none()
                    {
                        play.session.round.resume(until);
                    }
                }
                let shown = self.asking().map(|a| clock(a.remaining(now)));
                submitted || moment_over || shown != shown_before
            }
            Message::Resize(width, height) => {
                let fitted = fits(self.size);
                self.size = (width, height);
                // The question can't be seen in too small a window, so its clock waits,
                // as it does behind the Esc menu.
                if let Screen::Play(play) = &mut self.screen
                    && play.menu.is_none()
                {
                    match (fitted, fits(self.size)) {
                        (true, false) => play.session.round.pause(now),
                        (false, true) => play.session.round.resume(now),
                        _ => {}
                    }
                }
                true
            }
            Message::Away(away) => {
                if let Screen::Play(play) = &mut self.screen
                    && play.menu.is_none()
                {
                    if away {
                        play.session.round.pause(now);
                    } else {
                        play.session.round.resume(now);
                    }
                }
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
            Message::HistoryRead { request, read } => {
                if request != self.history_request {
                    return false;
                }
                self.history_read(read);
                true
            }
        }
    }

    /// The work asked for since the last call, for the caller to run.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Counts the concepts due, and the interrupted round's answers, from what the
    /// history `read` found.
    fn history_read(&mut self, read: Result<HistoryFound, String>) {
        let found = read.unwrap_or_else(|error| HistoryFound {
            mastery: BTreeMap::new(),
            warnings: vec![error],
            interrupted: Vec::new(),
        });
        let HistoryFound {
            mastery: known,
            warnings,
            interrupted,
        } = found;
        if self.resumable.is_some() {
            let line = self.resumed(interrupted.clone()).map(|(session, _)| {
                let saved = session.records().len();
                self.resume_line(&session.round, saved)
            });
            if let (Screen::Home(home), Some(line)) = (&mut self.screen, line) {
                home.set_resume(line);
            }
            self.interrupted_records = Some(interrupted);
        }
        let known = mastery::askable(known, self.scorer.catalog());
        let today = local_day(now_secs(), &self.time_zone);
        let due: Vec<Concept> = mastery::due(&known, today)
            .into_iter()
            .map(|(concept, _)| concept.clone())
            .collect();
        let next_in = mastery::learning(&known)
            .first()
            .map(|(_, m)| m.due_day - today);
        self.upcoming = mastery::upcoming(&known, mastery::UPCOMING_QUESTIONS);
        if let Screen::Home(home) = &mut self.screen {
            home.set_due(due.len(), next_in);
            // A notice already on show (a draft set aside, say) stays, before it.
            if let Some(first) = warnings.first() {
                let warning = with_more(first, warnings.len() - 1);
                home.notice = Some(match home.notice.take() {
                    Some(before) => format!("{before} · {warning}"),
                    None => warning,
                });
            }
        }
        self.due = Some(due);
    }

    fn key(&mut self, key: KeyEvent, now: Instant) {
        if keys::is_interrupt(&key) {
            self.quit = true;
            self.interrupted = true;
            return;
        }
        let too_small = !fits(self.size);
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
        // Letters typed in Browse's search go to the search; on set-up's topic or tag
        // they find the choice that starts with them (`?` still opens the help there).
        let catalog = self.catalog;
        if let Some(typed) = typed_letter(&key) {
            match &mut self.screen {
                Screen::Browse(browse) if browse.searching() => {
                    return browse.type_in_search(typed);
                }
                Screen::Setup(setup) if setup.finds_by_typing() && typed != Some('?') => {
                    return setup.type_to_find(catalog, typed);
                }
                _ => {}
            }
        }
        let context = self.context();
        let action = keys::action(context, &key);
        if action == Some(Action::Help) {
            self.help = true;
            return;
        }
        match &mut self.screen {
            Screen::Home(home) => match action.and_then(|a| home.update(a)) {
                Some(Entry::Resume) => self.resume(),
                Some(Entry::Practice) => {
                    self.screen = Screen::Setup(Box::new(Setup::new(catalog, self.options.clone())))
                }
                Some(Entry::Review) if self.due.is_none() => {
                    home.notice =
                        Some("Still reading the history to count what is due…".to_owned());
                }
                Some(Entry::Review)
                    if self.due.as_ref().is_some_and(Vec::is_empty)
                        && !self.upcoming.is_empty() =>
                {
                    self.start_review(self.upcoming.clone());
                }
                Some(Entry::Review) if self.due.as_ref().is_some_and(Vec::is_empty) => {
                    home.notice = Some(
                        "Nothing is due for review today: missed concepts come back the day after."
                            .to_owned(),
                    );
                }
                Some(Entry::Review) => self.start_review(self.due.clone().unwrap_or_default()),
                Some(Entry::Stats) => self.show_stats(),
                Some(Entry::Browse) => self.screen = Screen::Browse(Browse::default()),
                Some(Entry::Quit) => self.quit = true,
                None => {}
            },
            Screen::Setup(setup) => match action {
                Some(Action::Back) => self.go_home(),
                Some(Action::Select) if setup.can_start() => {
                    self.options = setup.options.clone();
                    self.start_round(self.options.clone(), None, Vec::new());
                }
                Some(action) => setup.update(catalog, action),
                None => {}
            },
            Screen::Browse(browse) => match action {
                Some(Action::Search) => browse.toggle_search(true),
                // Esc ends a search before it leaves Browse.
                Some(Action::Back) if browse.searching() => browse.toggle_search(false),
                Some(Action::Back) => self.go_home(),
                Some(Action::Select) => {
                    if let Some(question) = browse.selected(catalog) {
                        let options = RoundOptions {
                            count: 1,
                            only: vec![question.id.clone()],
                            bank: None,
                            topic: None,
                            tag: None,
                            difficulty: None,
                            ..self.options.clone()
                        };
                        self.start_round(options, Some(vec![question]), Vec::new());
                    }
                }
                Some(action) => browse.update(catalog, action),
                None => {}
            },
            Screen::Stats(screen) => match action {
                Some(Action::Back) => self.go_home(),
                Some(Action::Quit) => self.quit = true,
                Some(action) => {
                    let (_, body, _) = frame_areas(Rect::new(0, 0, self.size.0, self.size.1));
                    screen.update(action, body);
                }
                None => {}
            },
            Screen::Play(play) => match play.key(key, now, summary_size(self.size, &self.notice)) {
                Outcome::Stay => {}
                Outcome::Help => self.help = true,
                Outcome::Quit => self.quit = true,
                Outcome::Home => self.go_home(),
                Outcome::NewRound => {
                    self.screen = Screen::Setup(Box::new(Setup::new(catalog, self.options.clone())))
                }
                Outcome::Export => self.export_report(),
                Outcome::PractiseMisses => {
                    let missed: Vec<&'c Question> = play
                        .session
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
                        self.start_round(self.options.clone(), Some(missed), Vec::new());
                    }
                }
            },
        }
    }

    /// The home screen, asking for the concepts due today to be counted afresh: it
    /// shows at once, and the count when the history has been read.
    fn go_home(&mut self) {
        self.due = match &self.history {
            Some(store) => {
                self.history_request += 1;
                self.effects.push(Effect::ReadHistory {
                    store: store.clone(),
                    time_zone: self.time_zone.clone(),
                    session: self.resumable.as_ref().map(|d| d.session.clone()),
                    request: self.history_request,
                });
                None
            }
            None => Some(Vec::new()),
        };
        let replayed = self
            .resumable
            .as_ref()
            .map(|draft| self.replay(draft, self.now));
        // Steps the round could not take, or a round they finish, are not a round that
        // stopped: the draft is damaged, and is set aside.
        let nonsense = matches!(
            (&replayed, &self.resumable),
            (Some(Some(round)), Some(draft))
                if *round.stage() == Stage::Finished || round.steps().len() != draft.steps.len()
        );
        if nonsense {
            self.resumable = None;
            let aside = self
                .resumable_file
                .take()
                .and_then(|file| file.set_aside(now_secs()).ok());
            self.notice = Some(match aside {
                Some(aside) => format!(
                    "The interrupted round's draft does not fit its questions; it was set aside as {}",
                    aside.display()
                ),
                None => "The interrupted round's draft does not fit its questions.".to_owned(),
            });
        }
        let replayed = if nonsense { None } else { replayed };
        if let Some(None) = replayed {
            self.resumable = None;
            self.resumable_file = None;
            self.notice = Some(
                "The interrupted round cannot be resumed: some of its questions are no longer in the loaded banks."
                    .to_owned(),
            );
        }
        let resume = self
            .resumable
            .as_ref()
            .zip(replayed.flatten())
            .map(|(draft, round)| self.resume_line(&round, draft.answered()));
        let mut home = Home::new(resume, self.due.as_ref().map(Vec::len));
        home.notice = self.notice.take();
        self.screen = Screen::Home(home);
    }

    /// How the home screen describes the interrupted round: where `round` stands, and
    /// how many of its answers are `saved`.
    fn resume_line(&self, round: &Round<'_>, saved: usize) -> String {
        let (question, total) = round.progress();
        let at = match round.stage() {
            Stage::Asking(Asking {
                prompt: Prompt::FollowUp(..),
                ..
            }) => format!("the follow-up of question {question} of {total}"),
            Stage::Feedback => format!("the feedback on question {question} of {total}"),
            _ => format!("question {question} of {total}"),
        };
        let stopped = self.resumable.as_ref().map_or(0, |draft| draft.saved);
        format!(
            "at {at} · {saved} answer{} saved · stopped {}",
            if saved == 1 { "" } else { "s" },
            ago(now_secs().saturating_sub(stopped))
        )
    }

    fn show_stats(&mut self) {
        let digest = self.read_history();
        let stats = crate::history::stats::of_digest(&digest, self.catalog, now_secs());
        self.screen = Screen::Stats(Box::new(StatsScreen::new(stats)));
    }

    /// Starts a round of `options` with `questions`, or with questions the options pick,
    /// pointing the feedback at the `review` concepts.
    fn start_round(
        &mut self,
        options: RoundOptions,
        questions: Option<Vec<&'c Question>>,
        review: Vec<Concept>,
    ) {
        let options = RoundOptions {
            seed: self.seed.unwrap_or_else(rand::random),
            ..options
        };
        let questions = questions.unwrap_or_else(|| pick_questions(self.catalog, &options));
        let round = Round::new(self.scorer, questions, options, self.now);
        let id = format!("{:016x}", rand::random::<u64>());
        // A new round replaces the one that was offered to resume.
        if let Some(file) = self.resumable_file.take() {
            let _ = file.clear();
        }
        self.resumable = None;
        self.claim_draft(&id);
        let session = Session::new(round, self.catalog, id, review);
        self.screen = Screen::Play(Box::new(Play::new(session)));
        self.notice = None;
    }

    /// Claims the draft of round `session` for this grill, in the history's folder; when
    /// it cannot, says so on every screen and keeps no draft.
    fn claim_draft(&mut self, session: &str) {
        self.draft_file = None;
        let Some(dir) = self
            .history
            .as_ref()
            .and_then(|store| store.path().parent())
        else {
            return;
        };
        match DraftFile::claim(dir, session) {
            Ok(file) => self.draft_file = Some(file),
            Err(error) => self.write_failure = Some(error.to_string()),
        }
    }

    /// A review round: the questions holding the `due` concepts, with the follow-ups
    /// holding some asked first.
    fn start_review(&mut self, due: Vec<Concept>) {
        let options = mastery::review_options(&due);
        self.start_round(options, None, due);
    }

    /// The round of `draft` where it stopped, its clock running from `now`; `None` when
    /// some of its questions are no longer in the loaded banks.
    fn replay(&self, draft: &Draft, now: Instant) -> Option<Round<'c>> {
        let questions: Option<Vec<&'c Question>> = draft
            .questions
            .iter()
            .map(|id| self.catalog.question(id).map(|(_, q)| q))
            .collect();
        Some(Round::replay(
            self.scorer,
            questions?,
            draft.options.clone(),
            &draft.steps,
            Duration::from_millis(draft.used_ms),
            now,
        ))
    }

    /// The interrupted round taken up again with `recorded`, its answers in the history,
    /// and the text that was being typed; `None` when there is none or some of its
    /// questions are no longer in the loaded banks.
    fn resumed(&self, recorded: Vec<Record>) -> Option<(Session<'c>, String)> {
        let draft = self.resumable.as_ref()?;
        let questions = draft
            .questions
            .iter()
            .map(|id| self.catalog.question(id).map(|(_, q)| q))
            .collect::<Option<Vec<&'c Question>>>()?;
        Some(Session::resume(
            self.scorer,
            questions,
            draft,
            recorded,
            self.now,
        ))
    }

    /// Resumes the interrupted round of the draft where it stopped, with its answers in
    /// the history: those are not written again, nor asked again.
    fn resume(&mut self) {
        let recorded = match self.interrupted_records.take() {
            Some(records) => records,
            None => match self.resumable.as_ref().zip(self.history.as_ref()) {
                Some((draft, store)) => store.session(&draft.session).unwrap_or_else(|error| {
                    self.notice = Some(error.to_string());
                    Vec::new()
                }),
                None => Vec::new(),
            },
        };
        let Some((session, typing)) = self.resumed(recorded) else {
            return;
        };
        self.resumable = None;
        self.draft_file = self.resumable_file.take();
        let mut play = Play::new(session);
        play.editor.insert_str(&typing);
        self.screen = Screen::Play(Box::new(play));
    }

    /// Writes the round's report as Markdown into the data folder's `reports/`.
    fn export_report(&mut self) {
        let (Some(store), Screen::Play(play)) = (&self.history, &self.screen) else {
            self.notice = Some("no data folder to write the report to".to_owned());
            return;
        };
        let records: Vec<&Record> = play.session.records().iter().collect();
        let markdown = report::markdown(&records, self.catalog, &self.time_zone);
        let name = report_file_name(play.session.id(), &self.time_zone);
        self.notice = Some(match store.save_report(&name, &markdown) {
            Ok(path) => format!("report saved to {}", path.display()),
            Err(error) => error.to_string(),
        });
    }

    /// The key context of the screen on show.
    pub fn context(&self) -> Context {
        match &self.screen {
            Screen::Home(_) => Context::Home,
            Screen::Setup(_) => Context::Setup,
            Screen::Browse(_) => Context::Browse,
            Screen::Play(play) => play.context(),
            Screen::Stats(_) => Context::Stats,
        }
    }

    pub fn view(&self, frame: &mut Frame) {
        let area = frame.area();
        if !fits((area.width, area.height)) {
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
            Screen::Play(play) => match (play.session.round.stage(), play.reopened) {
                (Stage::Asking(asking), _) => {
                    let kind = if matches!(asking.prompt, Prompt::Main(_)) {
                        "question"
                    } else {
                        "follow-up"
                    };
                    let right = if self.deaf_until.is_some() {
                        "time's up: your answer was submitted".to_owned()
                    } else {
                        clock(asking.remaining(self.now))
                    };
                    title_bar(frame, title, theme, &self.title(kind), &right);
                    question::view(frame, body, theme, play, asking, self.now);
                }
                // The feedback after an answer, or opened again from the summary.
                (Stage::Feedback, _) | (Stage::Finished, Some(_)) => {
                    let right = feedback_position(play, (area.width, area.height));
                    title_bar(frame, title, theme, &self.title("feedback"), &right);
                    feedback::view(frame, body, theme, play);
                }
                (Stage::Finished, None) => {
                    title_bar(frame, title, theme, &self.title("summary"), "");
                    let body = match &self.notice {
                        Some(notice) => notice_above(frame, body, theme, notice),
                        None => body,
                    };
                    summary::view(frame, body, theme, play);
                }
            },
            Screen::Stats(screen) => {
                title_bar(frame, title, theme, &self.title("stats"), "");
                screen.view(frame, body, theme);
            }
        }
        footer(frame, foot, theme, context);
        if self.help {
            help::view(frame, body, theme, context);
        }
    }

    /// A screen's title, marked when answers are not being saved.
    fn title(&self, screen: &str) -> String {
        match self.unsaved() {
            Some(_) => format!("{screen} · ⚠ answers are not being saved"),
            None => screen.to_owned(),
        }
    }

    /// Why answers are not being saved, if they are not.
    pub fn unsaved(&self) -> Option<&str> {
        self.unsaved.as_deref().or(self.write_failure.as_deref())
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

/// How long ago `secs` seconds is, in a word or two.
/// The size of a terminal of `size` the summary has, less the rows its `notice` takes.
fn summary_size((width, height): (u16, u16), notice: &Option<String>) -> (u16, u16) {
    let rows = notice.as_deref().map_or(0, |notice| {
        notice_rows(Rect::new(0, 0, width, height.saturating_sub(2)), notice)
    });
    (width, height.saturating_sub(rows))
}

/// The rows `notice` takes at the top of `area`, and the gap below it.
fn notice_rows(area: Rect, notice: &str) -> u16 {
    let (rows, gap) = notice_layout(area, &notice_paragraph(notice, &Theme::plain()));
    rows + gap
}

fn notice_paragraph<'a>(notice: &str, theme: &Theme) -> Paragraph<'a> {
    Paragraph::new(crate::text::printable(notice).into_owned())
        .style(theme.dim)
        .wrap(Wrap { trim: false })
}

/// The rows a notice takes in `area` (half of it at most), and the blank row below it
/// when there is room.
fn notice_layout(area: Rect, paragraph: &Paragraph<'_>) -> (u16, u16) {
    let rows = paragraph.line_count(area.width.saturating_sub(2)) as u16;
    let rows = rows.min(area.height / 2);
    (rows, u16::from(area.height > rows + 2))
}

/// Draws `notice` at the top of `area`, wrapped on as many rows as it takes (half of
/// `area` at most); the rest of `area`.
fn notice_above(frame: &mut Frame, area: Rect, theme: &Theme, notice: &str) -> Rect {
    let paragraph = notice_paragraph(notice, theme);
    let (rows, gap) = notice_layout(area, &paragraph);
    let [notice_area, _, rest] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(gap),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(paragraph, notice_area.inner(Margin::new(1, 0)));
    rest
}

/// `first`, and how many `more` there are after it.
fn with_more(first: &str, more: usize) -> String {
    match more {
        0 => first.to_owned(),
        more => format!("{first} (and {more} more)"),
    }
}

fn ago(secs: u64) -> String {
    match secs {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

/// `2026-11-27-1405-3f2a9c1d.md`: sorted by date, unique per round.
fn report_file_name(session: &str, time_zone: &TimeZone) -> String {
    let now = jiff::Timestamp::now().to_zoned(time_zone.clone());
    let short: String = session.chars().take(8).collect();
    format!("{}-{short}.md", now.strftime("%Y-%m-%d-%H%M"))
}

/// What `key` types into a search: a letter, or `None` for Backspace (which takes
/// one back); `None` overall for any other key, or one held with Ctrl.
fn typed_letter(key: &KeyEvent) -> Option<Option<char>> {
    if key
        .modifiers
        .contains(crossterm::event::KeyModifiers::CONTROL)
    {
        return None;
    }
    match key.code {
        KeyCode::Char(c) => Some(Some(c)),
        KeyCode::Backspace => Some(None),
        _ => None,
    }
}

/// Where the feedback's scroll stands, when it is longer than the screen.
fn feedback_position(play: &Play<'_>, size: (u16, u16)) -> String {
    let last = feedback::last_top(play, size);
    let at = usize::from(play.scroll).min(last);
    match (last, last - at) {
        (0, _) => String::new(),
        (_, 0) => "↑ the end".to_owned(),
        (_, 1) => "↓ 1 more row".to_owned(),
        (_, more) => format!("↓ {more} more rows"),
    }
}
