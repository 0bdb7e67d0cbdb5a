//! `grill`: a terminal mock-interview simulator.
//!
//! The core knows nothing of terminals: [`bank`] loads and checks question banks,
//! [`scoring`] scores an answer against a question's expected points, and [`text`] holds
//! the normalisation both share. [`cli`] is the command line over them.

pub mod bank;
pub mod cli;
pub mod scoring;
pub mod text;
