//! `grill`: a terminal mock-interview simulator.
//!
//! The core knows nothing of terminals: [`bank`] loads and checks question banks,
//! [`scoring`] scores an answer against a question's expected points, [`round`] runs a
//! practice round on an injected clock, [`history`] keeps every submitted answer and
//! schedules reviews, [`report`] writes a round up, [`text`] holds the normalisation
//! they share and [`parallel`] spreads work over the cores. [`tui`] is the terminal interface and [`cli`] the command line over them.

pub mod bank;
pub mod cli;
pub mod history;
pub mod parallel;
pub mod report;
pub mod round;
pub mod scoring;
pub mod text;
pub mod tui;
