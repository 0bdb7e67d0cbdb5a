//! `grill bank`: list the loaded banks and check bank files.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::CliError;
use super::load;
use crate::bank::{Catalog, Sources, import_markdown, lint};
use crate::scoring::{Scorer, check_examples, said_back};
use crate::text::printable;

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// List the banks: id, number of questions, where each comes from, title.
    List,
    /// Check bank files (default: every loaded bank) and report every problem found.
    Validate {
        /// Bank files or folders of .toml banks.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Say what makes bank files (default: every loaded bank) score less fairly, what to
    /// look at first first: points that saying the question back covers, stop-word keywords, shared
    /// keywords, points said by one word or one way, missing model answers and follow-ups.
    Lint {
        /// Bank files or folders of .toml banks.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Score every [[question.example]] answer of bank files (default: every loaded
    /// bank) and check it against its min_score, max_score and covers.
    Test {
        /// Bank files or folders of .toml banks.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Measure the scorer against labelled answers: one {"question", "answer", "band",
    /// "concepts", "category", "id"} object per line (see the README).
    Eval {
        #[arg(value_name = "ANSWERS.jsonl")]
        answers: PathBuf,
        /// Print the figures as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Show a bank's topics, tags, difficulties and questions.
    Show {
        /// The bank's id (see `grill bank list`).
        id: String,
    },
    /// Turn a Markdown interview-prep guide into a draft bank (printed, or written to
    /// --out): headings that ask something, and Q: lines, become questions; the specific
    /// terms of each answer its weighted points.
    Import {
        /// The Markdown guide: its questions and their answers.
        #[arg(value_name = "GUIDE.md")]
        guide: PathBuf,
        /// Write the draft here instead of printing it.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Write a commented template bank to PATH, to edit into your own.
    New {
        /// Where to write the bank; an existing file is not overwritten.
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
}

/// The template `grill bank new` writes: it validates and its examples pass.
pub use crate::bank::TEMPLATE;

pub fn run(command: BankCommand, sources: &Sources) -> Result<(), CliError> {
    match command {
        BankCommand::List => list(&load(sources)?),
        BankCommand::Validate { paths } => validate(&with_paths(sources, &paths)?, &paths),
        BankCommand::Lint { paths } => lint_banks(&with_paths(sources, &paths)?, &paths),
        BankCommand::Test { paths } => test(&with_paths(sources, &paths)?, &paths),
        BankCommand::Show { id } => show(&load(sources)?, &id),
        BankCommand::Eval { answers, json } => super::eval::run(&answers, &load(sources)?, json),
        BankCommand::New { path } => create(&path, TEMPLATE),
        BankCommand::Import { guide, out } => import(&guide, out.as_deref()),
    }
}

/// The banks of `sources` and of `paths` besides, every one of them sound: checking
/// banks, a problem in any file is an error.
fn with_paths(sources: &Sources, paths: &[PathBuf]) -> Result<Catalog, CliError> {
    let mut sources = sources.clone();
    sources.named.extend_from_slice(paths);
    let catalog = Catalog::load_from(&sources)?;
    for notice in catalog.notices() {
        eprintln!("grill: note: {}", printable(notice));
    }
    Ok(catalog)
}

fn test(catalog: &Catalog, paths: &[PathBuf]) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    let mut failed = 0;
    let scorer = Scorer::new(catalog);
    for bank in named_banks(catalog, paths)? {
        let checks = check_examples(&scorer, bank);
        for check in checks.iter().filter(|c| !c.passed()) {
            failed += 1;
            writeln!(
                out,
                "FAIL {} example {}:",
                printable(&check.place()),
                check.number
            )
            .map_err(CliError::Write)?;
            for failure in &check.failures {
                writeln!(out, "       {failure}").map_err(CliError::Write)?;
            }
            let answer: String = check.example.answer.chars().take(100).collect();
            writeln!(out, "       answer: \"{}\"", printable(answer.trim()))
                .map_err(CliError::Write)?;
        }
        let passed = checks.iter().filter(|c| c.passed()).count();
        writeln!(
            out,
            "{}: {} (bank `{}`): {passed} of {} pass",
            if passed == checks.len() {
                "ok"
            } else {
                "FAILED"
            },
            printable(&bank.source),
            bank.id,
            count(checks.len(), "example"),
        )
        .map_err(CliError::Write)?;
    }
    if failed > 0 {
        return Err(CliError::Reported(format!(
            "{} did not score as expected",
            count(failed, "example")
        )));
    }
    Ok(())
}

fn show(catalog: &Catalog, id: &str) -> Result<(), CliError> {
    let Some(bank) = catalog.banks().iter().find(|b| b.id == id) else {
        let ids: Vec<&str> = catalog.banks().iter().map(|b| b.id.as_str()).collect();
        return Err(CliError::Reported(format!(
            "no bank `{id}`; the banks are: {}",
            ids.join(", ")
        )));
    };
    let mut out = io::stdout().lock();
    let mut topics: Vec<&str> = Vec::new();
    let mut tags: Vec<&str> = Vec::new();
    for question in &bank.questions {
        if !topics.contains(&question.topic.as_str()) {
            topics.push(&question.topic);
        }
        for tag in &question.tags {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
    }
    tags.sort_unstable();
    let text = format!(
        "{} — {}\n{}\nsource: {}\ntopics: {}\ntags: {}\n\n",
        bank.id,
        printable(&bank.title),
        printable(&bank.description),
        printable(&bank.source),
        printable(&topics.join(", ")),
        printable(&tags.join(", "))
    );
    out.write_all(text.as_bytes()).map_err(CliError::Write)?;
    let width = bank
        .questions
        .iter()
        .map(|q| q.id.len())
        .max()
        .unwrap_or(0)
        .max("QUESTION".len());
    writeln!(
        out,
        "{:width$}  DIFFICULTY  {:<20}  PROMPT",
        "QUESTION", "TOPIC"
    )
    .map_err(CliError::Write)?;
    for question in &bank.questions {
        writeln!(
            out,
            "{:width$}  {:<10}  {:<20}  {}",
            question.id,
            format!("{} of 3", question.difficulty),
            printable(&question.topic),
            printable(&question.prompt)
        )
        .map_err(CliError::Write)?;
        for follow_up in &question.follow_ups {
            writeln!(out, "{:width$}    ↳ {}/{}", "", question.id, follow_up.id)
                .map_err(CliError::Write)?;
        }
    }
    Ok(())
}

fn import(guide: &Path, out: Option<&Path>) -> Result<(), CliError> {
    let label = guide.display().to_string();
    let markdown = std::fs::read_to_string(guide).map_err(|source| CliError::Read {
        path: label.clone(),
        source,
    })?;
    let name = guide
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("imported");
    let draft = import_markdown(name, &markdown)
        .map_err(|error| CliError::Reported(format!("{label}: {error}")))?;
    match out {
        Some(path) => create(path, &draft),
        None => io::stdout()
            .write_all(draft.as_bytes())
            .map_err(CliError::Write),
    }
}

/// Writes `text` to a new file at `path`; never overwrites one.
fn create(path: &Path, text: &str) -> Result<(), CliError> {
    let label = path.display().to_string();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| CliError::Reported(format!("cannot create {label}: {error}")))?;
    file.write_all(text.as_bytes()).map_err(CliError::Write)?;
    println!(
        "wrote {label}: edit it, then `grill bank validate {label}` and `grill bank test {label}`"
    );
    Ok(())
}

fn list(catalog: &Catalog) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    let width_of = |field: fn(&crate::bank::Bank) -> &str, header: &str| {
        catalog
            .banks()
            .iter()
            .map(|b| field(b).chars().count())
            .max()
            .unwrap_or(0)
            .max(header.len())
    };
    let id_width = width_of(|b| &b.id, "ID");
    let title_width = width_of(|b| &b.title, "TITLE");
    // On a terminal the title is cut to keep each bank on one line; the source, which
    // says where to find the file, stays whole.
    let source_width = width_of(|b| &b.source, "SOURCE");
    let title_width = match terminal_width() {
        Some(columns) => title_width
            .min(columns.saturating_sub(id_width + 2 + 9 + 2 + 2 + source_width))
            .max("TITLE".len()),
        None => title_width,
    };
    writeln!(
        out,
        "{:id_width$}  QUESTIONS  {:title_width$}  SOURCE",
        "ID", "TITLE"
    )
    .map_err(CliError::Write)?;
    for bank in catalog.banks() {
        writeln!(
            out,
            "{:id_width$}  {:>9}  {:title_width$}  {}",
            bank.id,
            bank.questions.len(),
            crate::tui::widgets::fit(&printable(&bank.title), title_width),
            printable(&bank.source),
        )
        .map_err(CliError::Write)?;
    }
    Ok(())
}

/// The width of the terminal standard output writes to, when it writes to one.
fn terminal_width() -> Option<usize> {
    io::stdout()
        .is_terminal()
        .then(|| crossterm::terminal::size().ok())
        .flatten()
        .map(|(columns, _)| usize::from(columns))
}

fn validate(catalog: &Catalog, paths: &[PathBuf]) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    let scorer = Scorer::new(catalog);
    for bank in named_banks(catalog, paths)? {
        let follow_ups: usize = bank.questions.iter().map(|q| q.follow_ups.len()).sum();
        let points: usize = bank
            .questions
            .iter()
            .map(|q| {
                q.rubric.points.len()
                    + q.follow_ups
                        .iter()
                        .map(|f| f.rubric.points.len())
                        .sum::<usize>()
            })
            .sum();
        writeln!(
            out,
            "ok: {} (bank `{}`): {}, {}, {}",
            printable(&bank.source),
            bank.id,
            count(bank.questions.len(), "question"),
            count(follow_ups, "follow-up"),
            count(points, "point"),
        )
        .map_err(CliError::Write)?;
        write_warnings(&mut out, bank, &warnings(&scorer, bank))?;
    }
    Ok(())
}

/// What makes `bank` score less fairly, what to look at first first.
fn warnings<'c>(scorer: &Scorer<'c>, bank: &'c crate::bank::Bank) -> Vec<crate::bank::Warning> {
    let mut warnings = said_back(scorer, bank);
    warnings.extend(lint(bank));
    warnings.sort_by_key(|w| w.concern);
    warnings
}

fn lint_banks(catalog: &Catalog, paths: &[PathBuf]) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    let scorer = Scorer::new(catalog);
    for bank in named_banks(catalog, paths)? {
        let warnings = warnings(&scorer, bank);
        write_warnings(&mut out, bank, &warnings)?;
        writeln!(
            out,
            "{}: {}",
            printable(&bank.source),
            count(warnings.len(), "warning")
        )
        .map_err(CliError::Write)?;
    }
    Ok(())
}

fn write_warnings(
    out: &mut impl Write,
    bank: &crate::bank::Bank,
    warnings: &[crate::bank::Warning],
) -> Result<(), CliError> {
    for warning in warnings {
        writeln!(
            out,
            "{}: warning: {}: {}",
            printable(&bank.source),
            printable(&warning.place),
            printable(&warning.message)
        )
        .map_err(CliError::Write)?;
    }
    Ok(())
}

/// The banks read from `paths`, or every loaded bank when no path is given; an error
/// when the paths hold none, so a check that found nothing to check does not pass.
fn named_banks<'c>(
    catalog: &'c Catalog,
    paths: &[PathBuf],
) -> Result<Vec<&'c crate::bank::Bank>, CliError> {
    if paths.is_empty() {
        return Ok(catalog.banks().iter().collect());
    }
    let banks: Vec<_> = catalog.read_from(paths).collect();
    if banks.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(CliError::Reported(format!(
            "no bank was read from {}",
            printable(&named.join(", "))
        )));
    }
    Ok(banks)
}

/// `1 question`, `2 questions`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
