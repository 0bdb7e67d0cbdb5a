//! The commands over the history: `review` (the due concepts, or a round of them),
//! `stats` (progress figures, on screen or as JSON) and `report` (one round, as
//! Markdown or JSON).

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use super::{CliError, interactive};
use crate::bank::Catalog;
use crate::history::{self, Digest, Record, Store, mastery, stats};
use crate::report::{self, Which};
use crate::text::printable;
use crate::tui::app::Start;

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Print the concepts being learned, one per line and the due ones first, with
    /// when each is due and its Leitner box, instead of starting a review round.
    #[arg(long, conflicts_with = "count")]
    list: bool,
    /// Print how many concepts are due today, for a shell prompt or a script.
    #[arg(long)]
    count: bool,
    /// When nothing is due today, review ahead of time the concepts due next (of up to
    /// five questions).
    #[arg(long, visible_alias = "anyway", conflicts_with_all = ["list", "count"])]
    ahead: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Print the figures as JSON instead of showing the stats screen.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The last round (the default).
    #[arg(long, conflicts_with = "session")]
    last: bool,
    /// The round with this session id, or a unique start of it.
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    /// Markdown to read or send, or JSON for scripts.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

/// The due concepts (`--list`), or a round of the questions that hold them.
pub fn review(args: &ReviewArgs, catalog: &Catalog, data: Option<PathBuf>) -> Result<(), CliError> {
    let tz = TimeZone::system();
    let known = mastery::askable(digest(data.as_deref(), &tz)?.mastery(), catalog);
    let today = history::local_day(history::now_secs(), &tz);
    if args.list {
        let learning = mastery::learning(&known);
        if learning.is_empty() {
            eprintln!("grill: no missed concept is being learned yet");
        }
        let mut out = io::stdout().lock();
        // A person at a terminal is told the columns; a script reads only the rows.
        if io::stdout().is_terminal() && !learning.is_empty() {
            writeln!(out, "BANK\tQUESTION\tCONCEPT\tMISSED\tDUE\tBOX").map_err(CliError::Write)?;
        }
        for (concept, state) in learning {
            writeln!(
                out,
                "{}\t{}\t{}\tmissed {}\tdue {}\tbox {} of {}",
                printable(&concept.bank),
                printable(&concept.follow_up.as_ref().map_or(
                    concept.question.clone(),
                    |f| format!("{}/{f}", concept.question)
                )),
                printable(concept.label(catalog)),
                match state.times_missed {
                    1 => "once".to_owned(),
                    n => format!("{n} times"),
                },
                match state.due_day - today {
                    0 => "today".to_owned(),
                    1 => "tomorrow".to_owned(),
                    n if n > 1 => format!("in {n} days"),
                    -1 => "since yesterday".to_owned(),
                    n => format!("since {} days ago", -n),
                },
                state.box_number,
                mastery::TOP_BOX,
            )
            .map_err(CliError::Write)?;
        }
        return Ok(());
    }
    let due: Vec<mastery::Concept> = mastery::due(&known, today)
        .into_iter()
        .map(|(concept, _)| concept.clone())
        .collect();
    if args.count {
        println!("{}", due.len());
        return Ok(());
    }
    let due = if due.is_empty() && args.ahead {
        mastery::upcoming(&known, mastery::UPCOMING_QUESTIONS)
    } else {
        due
    };
    if due.is_empty() {
        println!(
            "{}",
            if args.ahead {
                "Nothing is being learned: every concept missed so far is mastered. `grill practice` starts a round."
            } else {
                "Nothing is due for review: missed concepts come back the day after. `grill review --ahead` reviews the next ones now; `grill practice` starts a round."
            }
        );
        return Ok(());
    }
    interactive(catalog, Start::Review(due), data)
}

/// The stats screen, or (`--json`) its figures on standard output.
pub fn stats(args: &StatsArgs, catalog: &Catalog, data: Option<PathBuf>) -> Result<(), CliError> {
    if !args.json {
        return interactive(catalog, Start::Stats, data);
    }
    let digest = digest(data.as_deref(), &TimeZone::system())?;
    let figures = stats::of_digest(&digest, catalog, history::now_secs());
    let mut out = io::BufWriter::new(io::stdout().lock());
    crate::text::write_json(&mut out, &figures, true)
        .map_err(|e| CliError::Write(io::Error::other(e)))?;
    writeln!(out)
        .and_then(|()| out.flush())
        .map_err(CliError::Write)
}

/// One round's report, on standard output or into `--out`.
pub fn report(args: &ReportArgs, catalog: &Catalog, data: Option<PathBuf>) -> Result<(), CliError> {
    let records = load(data.as_deref())?;
    let which = match &args.session {
        Some(id) => Which::Session(id.clone()),
        None => Which::Last,
    };
    let session =
        report::session(&records, &which).map_err(|e| CliError::Reported(e.to_string()))?;
    let tz = TimeZone::system();
    let mut text = match args.format {
        Format::Markdown => report::markdown(&session, catalog, &tz),
        Format::Json => {
            let mut json = Vec::new();
            crate::text::write_json(&mut json, &report::json(&session, catalog, &tz), true)
                .map_err(|e| CliError::Write(io::Error::other(e)))?;
            String::from_utf8(json).map_err(|e| CliError::Write(io::Error::other(e)))?
        }
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match &args.out {
        None => io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(CliError::Write),
        Some(path) => {
            fs::write(path, text).map_err(|source| CliError::WriteFile {
                path: path.display().to_string(),
                source,
            })?;
            eprintln!("grill: wrote {}", printable(&path.display().to_string()));
            Ok(())
        }
    }
}

/// The history in `data`.
fn store(data: Option<&Path>) -> Result<Store, CliError> {
    let Some(dir) = data else {
        return Err(CliError::Reported(
            "no data folder could be found; pass --data-dir".into(),
        ));
    };
    Store::to_read(dir).map_err(|e| CliError::Reported(e.to_string()))
}

/// Tells on standard error which lines of the history were skipped.
fn warn(warnings: &[String]) {
    for warning in warnings {
        eprintln!("grill: warning: {}", printable(warning));
    }
}

/// Every record of the history in `data`.
fn load(data: Option<&Path>) -> Result<Vec<Record>, CliError> {
    let loaded = store(data)?
        .load()
        .map_err(|e| CliError::Reported(e.to_string()))?;
    warn(&loaded.warnings);
    Ok(loaded.records)
}

/// What the history in `data` sums to, with days counted in `tz`.
fn digest(data: Option<&Path>, tz: &TimeZone) -> Result<Digest, CliError> {
    let (digest, warnings) = store(data)?
        .digest(tz)
        .map_err(|e| CliError::Reported(e.to_string()))?;
    warn(&warnings);
    Ok(digest)
}
