//! The terminal interface: a thin layer over the core that turns key presses, pastes and
//! the passing of time into messages for [`app::App`], and draws it.
//!
//! It redraws only when something happened: on input, on resize, and once a second
//! while a clock runs.

pub mod app;
mod browse;
mod feedback;
mod help;
mod home;
pub mod keys;
mod play;
mod question;
mod setup;
pub mod stats;
mod summary;
mod terminal;
pub mod theme;
mod widgets;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGTERM};

use crate::bank::Catalog;
use crate::history::Store;
use crate::scoring::Scorer;
use app::{App, Message, Start};
use theme::Theme;

/// The longest the loop sleeps, so a SIGTERM or SIGHUP is noticed promptly.
const MAX_WAIT: Duration = Duration::from_millis(250);

/// The longest the loop sleeps while an effect runs, so its result shows promptly.
const EFFECT_WAIT: Duration = Duration::from_millis(15);

/// How a run ended, to be told once the terminal is back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// Why answers were not saved, if they were not.
    pub unsaved: Option<String>,
    /// A round was left unfinished and can be resumed.
    pub round_kept: bool,
    /// What stopped the run, when it did not end by the user's choice.
    pub interruption: Option<Interruption>,
}

/// What stopped a run from outside the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// Ctrl-C.
    Interrupt,
    /// SIGTERM.
    Terminate,
    /// SIGHUP: the terminal went away.
    HangUp,
}

impl Interruption {
    /// The exit status shells use for it: 128 plus the signal's number.
    pub fn exit_status(self) -> u8 {
        match self {
            Interruption::HangUp => 129,
            Interruption::Interrupt => 130,
            Interruption::Terminate => 143,
        }
    }
}

/// Runs the interface until the user quits or a signal asks it to stop; the terminal is
/// restored on every way out.
/// Answers go to `history`; when it could not be opened, the reason is shown on every
/// screen.
pub fn run(catalog: &Catalog, start: Start, history: Result<Store, String>) -> io::Result<Ended> {
    let stop = Arc::new(AtomicBool::new(false));
    let terminated = Arc::new(AtomicBool::new(false));
    let hung_up = Arc::new(AtomicBool::new(false));
    for (signal, flag) in [(SIGTERM, &terminated), (SIGHUP, &hung_up)] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
        signal_hook::flag::register(signal, Arc::clone(flag))?;
    }

    let mut guard = terminal::Guard::enter()?;
    let scorer = Scorer::new(catalog);
    let mut app = App::new(&scorer, Theme::from_env(), start, Instant::now()).with_history(history);
    let outcome = run_loop(&mut app, &mut guard, &stop);
    // However the loop ended — quit, signal, a terminal gone or failing — what was typed
    // is kept for the next start to resume.
    app.keep_draft(Instant::now());
    drop(guard);
    outcome?;
    let interruption = if terminated.load(Ordering::Relaxed) {
        Some(Interruption::Terminate)
    } else if hung_up.load(Ordering::Relaxed) {
        Some(Interruption::HangUp)
    } else if app.interrupted {
        Some(Interruption::Interrupt)
    } else {
        None
    };
    Ok(Ended {
        unsaved: app.unsaved().map(str::to_owned),
        round_kept: app.round_kept(),
        interruption,
    })
}

fn run_loop(app: &mut App<'_>, guard: &mut terminal::Guard, stop: &AtomicBool) -> io::Result<()> {
    let (width, height) = crossterm::terminal::size()?;
    app.update(Message::Resize(width, height), Instant::now());
    let mut redraw = true;
    // The effects the app asked for run on threads of their own, and their messages
    // come back here.
    let (done, results) = mpsc::channel();
    let mut running = 0;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        for effect in app.take_effects() {
            let done = done.clone();
            running += 1;
            thread::spawn(move || done.send(effect.run()));
        }
        while let Ok(message) = results.try_recv() {
            running -= 1;
            redraw |= app.update(message, Instant::now());
        }
        // A terminal that went away (its window closed without a SIGHUP reaching us)
        // ends the run rather than leaving a process reading nothing forever.
        if crossterm::terminal::size().is_err() {
            break;
        }
        if redraw {
            guard.terminal.draw(|frame| app.view(frame))?;
        }
        let wait = app
            .until_clock_changes(Instant::now())
            .unwrap_or(MAX_WAIT)
            .min(if running > 0 { EFFECT_WAIT } else { MAX_WAIT });
        redraw = false;
        if event::poll(wait)? {
            // Take every event that is waiting before drawing again, so a burst of
            // keys (a paste without bracketed paste) costs one frame.
            loop {
                let message = match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => Some(Message::Key(key)),
                    Event::Paste(text) => Some(Message::Paste(text)),
                    Event::Resize(width, height) => {
                        guard.terminal.autoresize()?;
                        redraw = true;
                        Some(Message::Resize(width, height))
                    }
                    _ => None,
                };
                if let Some(message) = message {
                    redraw |= app.update(message, Instant::now());
                }
                // A zero timeout would see only events already parsed, not the rest of
                // a long paste still in the read buffer; a millisecond sees both.
                if app.quit || !event::poll(Duration::from_millis(1))? {
                    break;
                }
            }
        }
        redraw |= app.update(Message::Tick, Instant::now());
    }
    Ok(())
}
