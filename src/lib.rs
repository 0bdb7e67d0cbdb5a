//! `grill`: a terminal mock-interview simulator. [`tui`] is the terminal interface and
//! [`cli`] the command line, over the core crate `grill-core`, whose modules are
//! re-exported here: [`bank`], [`scoring`], [`round`], [`history`], [`report`], [`text`]
//! and [`parallel`].

pub use grill_core::{bank, history, parallel, practice, report, round, scoring, text};

pub mod cli;
pub mod tui;
