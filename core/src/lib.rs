//! The core of `grill`, which knows nothing of terminals: [`bank`] loads and checks
//! question banks, [`scoring`] scores an answer against a question's expected points,
//! [`round`] runs a practice round on an injected clock, [`practice`] decides what of a
//! round is kept and when, [`history`] keeps every submitted answer and schedules reviews, [`report`] writes a round up, [`text`] holds
//! the normalisation they share and [`parallel`] spreads work over the cores.

pub mod bank;
pub mod history;
pub mod parallel;
pub mod practice;
pub mod report;
pub mod round;
pub mod scoring;
pub mod text;
