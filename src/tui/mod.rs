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
pub(crate) mod widgets;

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGALRM, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGXFSZ};

use crate::bank::Catalog;
use crate::history::Store;
use crate::scoring::Scorer;
use app::{App, Message, Start};
use theme::Theme;

/// The longest the loop sleeps, so a stop signal is noticed promptly.
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
    /// Ctrl-C, the key.
    Interrupt,
    /// A signal that asks a program to stop ([`STOP_SIGNALS`]), by its number.
    Signal(i32),
}

impl Interruption {
    /// The exit status shells use for it: 128 plus the signal's number.
    pub fn exit_status(self) -> u8 {
        let signal = match self {
            Interruption::Interrupt => SIGINT,
            Interruption::Signal(signal) => signal,
        };
        u8::try_from(128 + signal).unwrap_or(u8::MAX)
    }
}

/// The signals that stop grill as the user would: the terminal restored and the round
/// kept to resume. SIGHUP comes when the terminal goes away.
pub const STOP_SIGNALS: [i32; 6] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGALRM, SIGUSR1];

/// Runs the interface until the user quits or a signal asks it to stop; the terminal is
/// restored on every way out.
/// Answers go to `history`; when it could not be opened, the reason is shown on every
/// screen.
pub fn run(catalog: &Catalog, start: Start, history: Result<Store, String>) -> io::Result<Ended> {
    // The number of the stop signal caught, 0 while none was.
    let caught = Arc::new(AtomicUsize::new(0));
    for signal in STOP_SIGNALS {
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?;
    }
    // A write past the file size limit then fails (and is retried) instead of killing
    // grill with the terminal left raw.
    signal_hook::flag::register(SIGXFSZ, Arc::new(AtomicBool::new(false)))?;

    let mut guard = terminal::Guard::enter()?;
    let scorer = Scorer::new(catalog);
    let mut app = App::new(&scorer, Theme::from_env(), start, Instant::now()).with_history(history);
    let outcome = run_loop(&mut app, &mut guard, &caught);
    // However the loop ended — quit, signal, a terminal gone or failing — what was typed
    // is kept for the next start to resume.
    app.keep_draft(Instant::now());
    drop(guard);
    outcome?;
    let interruption = match caught.load(Ordering::Relaxed) {
        0 if app.interrupted => Some(Interruption::Interrupt),
        0 => None,
        signal => Some(Interruption::Signal(signal as i32)),
    };
    Ok(Ended {
        unsaved: app.unsaved().map(str::to_owned),
        round_kept: app.round_kept(),
        interruption,
    })
}

fn run_loop(
    app: &mut App<'_>,
    guard: &mut terminal::Guard,
    caught: &AtomicUsize,
) -> io::Result<()> {
    let (width, height) = crossterm::terminal::size()?;
    app.update(Message::Resize(width, height), Instant::now());
    let mut redraw = true;
    // The effects the app asked for run on threads of their own, and their messages
    // come back here.
    let (done, results) = mpsc::channel();
    let mut running = 0;
    while !app.quit && caught.load(Ordering::Relaxed) == 0 {
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
                    #[cfg(unix)]
                    Event::Key(key)
                        if key.kind != KeyEventKind::Release && keys::is_suspend(&key) =>
                    {
                        app.update(Message::Away(true), Instant::now());
                        app.keep_draft(Instant::now());
                        guard.suspend()?;
                        redraw = true;
                        Some(Message::Away(false))
                    }
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
