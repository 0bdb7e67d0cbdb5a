//! The command line: clap definitions, and the edge where errors become messages and
//! exit statuses (0 success, 1 a failed check or bad input, 2 a usage error).

mod bank;
mod score;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::bank::{Catalog, LoadError};

/// A terminal mock interview: timed questions, follow-ups, honest coverage scoring.
#[derive(Debug, Parser)]
#[command(name = "grill", version, about, max_term_width = 100)]
pub struct Cli {
    /// A bank file, or a folder of .toml banks (repeatable). A bank with the id of a
    /// built-in bank replaces it.
    #[arg(long = "bank", value_name = "PATH", global = true)]
    banks: Vec<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score an answer against a question's expected points.
    Score(score::ScoreArgs),
    /// List and check question banks.
    #[command(subcommand)]
    Bank(bank::BankCommand),
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Banks(#[from] LoadError),
    #[error("no question `{id}` in the loaded banks{}; `grill bank list` shows the banks", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownQuestion {
        id: String,
        suggestion: Option<String>,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}:{line}:{column}: the answer is not valid UTF-8 text")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error("cannot write the output: {0}")]
    Write(#[source] io::Error),
    /// Some input was bad; the details were already printed where they belong.
    #[error("{0}")]
    Reported(String),
}

/// Runs `grill` with the process's arguments.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Write(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        // Bank problems start with `file:line:col:` so editors can jump to them.
        Err(CliError::Banks(error)) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("grill: {error}");
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        None => Cli::command().print_help().map_err(CliError::Write),
        Some(Command::Score(args)) => score::run(&args, &load(&cli.banks)?),
        Some(Command::Bank(command)) => bank::run(command, &cli.banks),
    }
}

fn load(banks: &[PathBuf]) -> Result<Catalog, CliError> {
    Ok(Catalog::load(banks)?)
}
