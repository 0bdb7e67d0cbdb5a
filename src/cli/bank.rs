//! `grill bank`: list the loaded banks and check bank files.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;

use super::CliError;
use crate::bank::Catalog;
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
}

pub fn run(command: BankCommand, banks: &[PathBuf]) -> Result<(), CliError> {
    match command {
        BankCommand::List => list(&Catalog::load(banks)?),
        BankCommand::Validate { paths } => validate(banks, &paths),
    }
}

fn list(catalog: &Catalog) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    let id_width = catalog
        .banks()
        .iter()
        .map(|b| b.id.len())
        .max()
        .unwrap_or(0)
        .max(2);
    let source_width = catalog
        .banks()
        .iter()
        .map(|b| b.source.len())
        .max()
        .unwrap_or(0)
        .max(6);
    writeln!(
        out,
        "{:id_width$}  QUESTIONS  {:source_width$}  TITLE",
        "ID", "SOURCE"
    )
    .map_err(CliError::Write)?;
    for bank in catalog.banks() {
        writeln!(
            out,
            "{:id_width$}  {:>9}  {:source_width$}  {}",
            bank.id,
            bank.questions.len(),
            printable(&bank.source),
            printable(&bank.title)
        )
        .map_err(CliError::Write)?;
    }
    Ok(())
}

fn validate(banks: &[PathBuf], paths: &[PathBuf]) -> Result<(), CliError> {
    let all: Vec<PathBuf> = banks.iter().chain(paths).cloned().collect();
    let catalog = Catalog::load(&all)?;
    let mut out = io::stdout().lock();
    for bank in catalog.banks() {
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
    }
    Ok(())
}

/// `1 question`, `2 questions`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
