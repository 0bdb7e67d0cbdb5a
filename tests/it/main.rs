//! grill's integration tests, in one binary: the command line, the screens, the shipped
//! banks, reports, properties and a drive of the real binary in tmux.

mod cli;
mod common;
mod corpus;
mod e2e_tmux;
mod guide_answers;
mod properties;
mod report;
mod screens;
mod shipped_banks;
mod stats_screen;
