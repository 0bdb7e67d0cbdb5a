//! The command line: clap definitions, and the edge where errors become messages and
//! exit statuses (0 success, 1 a failed check or bad input, 2 a usage error).

mod bank;
mod eval;
mod progress;
mod score;

use std::ffi::OsString;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::bank::{Catalog, LoadError, Sources};
use crate::history::Store;
use crate::round::{RoundOptions, pick_questions};
use crate::text::printable;
use crate::tui::{self, app::Start};

/// A terminal mock interview: timed questions, follow-ups, honest coverage scoring.
#[derive(Debug, Parser)]
#[command(name = "grill", version, about, max_term_width = 100)]
pub struct Cli {
    /// A bank file, or a folder of .toml banks (repeatable). A bank with the id of a
    /// built-in bank replaces it.
    #[arg(long = "bank", value_name = "PATH", global = true)]
    banks: Vec<PathBuf>,

    /// Where grill keeps its data, your own banks in `banks/` among it
    /// (default: the user data folder, e.g. ~/.local/share/grill).
    #[arg(long, value_name = "DIR", env = "GRILL_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a practice round straight away.
    Practice(PracticeArgs),
    /// Drill the concepts you missed, when they are due again.
    Review(progress::ReviewArgs),
    /// Your progress: scores over time, topics, most-missed concepts, streak.
    Stats(progress::StatsArgs),
    /// A report of one round, to read later or send to a mentor.
    Report(progress::ReportArgs),
    /// Score an answer against a question's expected points.
    Score(score::ScoreArgs),
    /// List and check question banks.
    #[command(subcommand)]
    Bank(bank::BankCommand),
}

#[derive(Debug, clap::Args)]
struct PracticeArgs {
    /// How many questions.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    count: u16,
    /// Exactly this question, by id (`grill bank show BANK` lists them); repeat it for
    /// several.
    #[arg(long, value_name = "ID", conflicts_with_all = ["count", "topic", "tag", "difficulty"])]
    question: Vec<String>,
    /// Seconds per main question, instead of each question's own limit (follow-ups keep
    /// theirs; see --follow-up-time).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(1..))]
    time: Option<u32>,
    /// Seconds per follow-up, instead of each follow-up's own limit.
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(1..))]
    follow_up_time: Option<u32>,
    /// Only questions of this topic (`grill bank show BANK` lists them).
    #[arg(long)]
    topic: Option<String>,
    /// Only questions with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only questions of this difficulty, 1 (warm-up) to 3 (hard).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    difficulty: Option<u8>,
    /// Makes the order of questions and the choice of follow-ups reproducible.
    #[arg(long)]
    seed: Option<u64>,
    /// Follow-ups after each main answer.
    #[arg(long, value_name = "N", default_value_t = 1)]
    follow_ups: usize,
    /// Ask no follow-ups (the same as --follow-ups 0).
    #[arg(long, conflicts_with = "follow_ups")]
    no_follow_ups: bool,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Banks(#[from] LoadError),
    #[error("no question `{id}` in the loaded banks{}; `grill bank show BANK` lists the questions of a bank (`grill bank list` the banks)", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
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
    #[error(
        "no question matches {0}; `grill bank show BANK` lists a bank's topics, tags and questions"
    )]
    NoQuestions(String),
    #[error(
        "grill's screens need a terminal; without one, `stats --json`, `review --list`, `report` and `score` print their answers"
    )]
    NotATerminal,
    #[error("the terminal failed: {0}")]
    Terminal(#[source] io::Error),
    #[error("cannot write {path}: {source}")]
    WriteFile {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("cannot write the output: {0}")]
    Write(#[source] io::Error),
    /// Some input was bad; the details were already printed where they belong.
    #[error("{0}")]
    Reported(String),
    /// A signal, or Ctrl-C in a round, stopped the interface; what was kept is said.
    #[error("interrupted")]
    Interrupted(tui::Interruption),
}

/// Runs `grill` with the process's arguments.
pub fn run() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let version = format!(
        "{}\ndata folder: {}",
        env!("CARGO_PKG_VERSION"),
        data_dir_before_parsing(&args).map_or("none found (pass --data-dir)".to_owned(), |d| {
            d.display().to_string()
        })
    );
    let matches = Cli::command().version(version).get_matches_from(args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Write(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(CliError::Interrupted(interruption)) => ExitCode::from(interruption.exit_status()),
        // Bank problems start with `file:line:col:` so editors can jump to them.
        Err(CliError::Banks(error)) => {
            eprintln!("{}", printable(&error.to_string()));
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("grill: {}", printable(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: Cli) -> Result<(), CliError> {
    let sources = sources(&cli);
    let data = data_dir(&cli);
    match cli.command {
        None => interactive(&load(&sources)?, Start::Home, data),
        Some(Command::Practice(args)) => practice(&args, &load(&sources)?, &sources.named, data),
        Some(Command::Review(args)) => progress::review(&args, &load(&sources)?, data),
        Some(Command::Stats(args)) => progress::stats(&args, &load(&sources)?, data),
        Some(Command::Report(args)) => progress::report(&args, &load(&sources)?, data),
        Some(Command::Score(args)) => score::run(&args, &load(&sources)?),
        Some(Command::Bank(command)) => bank::run(command, &sources),
    }
}

/// A round of the given options; with `--bank` naming a single bank, a round of that bank.
fn practice(
    args: &PracticeArgs,
    catalog: &Catalog,
    named: &[PathBuf],
    data: Option<PathBuf>,
) -> Result<(), CliError> {
    let named_banks: Vec<&str> = catalog.read_from(named).map(|b| b.id.as_str()).collect();
    if let Some(unknown) = args
        .question
        .iter()
        .find(|id| catalog.question(id).is_none())
    {
        return Err(CliError::UnknownQuestion {
            id: unknown.clone(),
            suggestion: catalog.suggest_question(unknown),
        });
    }
    let asked = !args.question.is_empty();
    let options = RoundOptions {
        count: if asked {
            args.question.len()
        } else {
            usize::from(args.count)
        },
        time_limit_secs: args.time,
        follow_up_time_limit_secs: args.follow_up_time,
        only: args.question.clone(),
        bank: match named_banks.as_slice() {
            [only] => Some((*only).to_owned()),
            _ => None,
        },
        topic: args.topic.clone(),
        tag: args.tag.clone(),
        difficulty: args.difficulty,
        follow_ups: if args.no_follow_ups {
            0
        } else {
            args.follow_ups
        },
        seed: args.seed.unwrap_or_default(),
        drill_follow_ups: Vec::new(),
        follow_ups_only: Vec::new(),
    };
    if pick_questions(catalog, &options).is_empty() {
        let filters: Vec<String> = [
            args.topic.as_ref().map(|t| format!("topic `{t}`")),
            args.tag.as_ref().map(|t| format!("tag `{t}`")),
            args.difficulty.map(|d| format!("difficulty {d}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        return Err(CliError::NoQuestions(filters.join(" and ")));
    }
    interactive(catalog, Start::Round(options, args.seed), data)
}

fn interactive(catalog: &Catalog, start: Start, data: Option<PathBuf>) -> Result<(), CliError> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(CliError::NotATerminal);
    }
    let history = match data {
        Some(dir) => Store::open(&dir).map_err(|error| error.to_string()),
        None => Err("no data folder could be found; pass --data-dir".to_owned()),
    };
    let ended = tui::run(catalog, start, history).map_err(CliError::Terminal)?;
    if let Some(why) = ended.unsaved {
        eprintln!(
            "grill: warning: answers were not saved: {}",
            printable(&why)
        );
    }
    if ended.round_kept {
        eprintln!("grill: the round is kept where it stopped; `grill` offers to resume it");
    }
    // A signal always tells the caller; Ctrl-C does when it broke off a round.
    match ended.interruption {
        Some(tui::Interruption::Interrupt) if !ended.round_kept => Ok(()),
        Some(interruption) => Err(CliError::Interrupted(interruption)),
        None => Ok(()),
    }
}

/// The data folder: `--data-dir`, `GRILL_DATA_DIR`, or the user's data folder.
fn data_dir(cli: &Cli) -> Option<PathBuf> {
    cli.data_dir.clone().or_else(default_data_dir)
}

fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "grill").map(|dirs| dirs.data_dir().to_owned())
}

/// The data folder `--version` shows, found before the arguments are parsed (parsing
/// stops at `--version`): the last `--data-dir`, else `GRILL_DATA_DIR`, else the default.
fn data_dir_before_parsing(args: &[OsString]) -> Option<PathBuf> {
    let mut named = None;
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        } else if word == "--data-dir" {
            named = words.next().cloned();
        } else if let Some(value) = word.to_str().and_then(|w| w.strip_prefix("--data-dir=")) {
            named = Some(value.into());
        }
    }
    named
        .or_else(|| std::env::var_os("GRILL_DATA_DIR").filter(|v| !v.is_empty()))
        .map(PathBuf::from)
        .or_else(default_data_dir)
}

/// Where to look for banks: the user's bank folder, `./question_bank/`, and `--bank`.
fn sources(cli: &Cli) -> Sources {
    let data_dir = data_dir(cli);
    Sources {
        user_folder: data_dir.map(|dir| dir.join("banks")),
        working_folder: Some(PathBuf::from("question_bank")),
        named: cli.banks.clone(),
    }
}

/// Loads the banks of `sources`, telling on standard error which replaced which, and
/// which files were left out for their problems.
fn load(sources: &Sources) -> Result<Catalog, CliError> {
    let catalog = Catalog::load_usable(sources)?;
    for notice in catalog.notices() {
        eprintln!("grill: note: {}", printable(notice));
    }
    for (file, problems) in catalog.left_out() {
        for problem in problems {
            eprintln!("{}", printable(problem));
        }
        eprintln!(
            "grill: warning: {} is left out for its problems; the other banks are loaded (`grill bank validate {}` checks it)",
            printable(file),
            printable(file)
        );
    }
    Ok(catalog)
}
