//! `grill score`: one answer from a file or standard input, or a batch of JSON Lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CliError;
use crate::bank::Catalog;
use crate::scoring::{Evidence, Flag, Report, Scorer};
use crate::text::printable;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The question to score against: its id, or QUESTION/FOLLOW-UP for a follow-up.
    #[arg(long, value_name = "ID", required_unless_present = "jsonl")]
    question: Option<String>,

    /// Read the answer from this file instead of standard input (`-` is standard input).
    #[arg(long, value_name = "FILE", conflicts_with = "jsonl")]
    answer_file: Option<PathBuf>,

    /// Print the result as one JSON object.
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,

    /// Score many answers: one {"question", "answer", "id"?} object per line in, one
    /// result per line out. `-` reads standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "question")]
    jsonl: Option<PathBuf>,
}

pub fn run(args: &ScoreArgs, catalog: &Catalog) -> Result<(), CliError> {
    if let Some(path) = &args.jsonl {
        return batch(path, catalog);
    }
    let id = args.question.as_deref().unwrap_or_default();
    let scorer = Scorer::new(catalog);
    let Some(index) = scorer.rubric(id) else {
        return Err(unknown_question(catalog, id));
    };
    let answer = read_answer(args.answer_file.as_ref())?;
    let report = index.score(&answer);
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &ScoreJson::new(None, id, &report))
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
            .map_err(CliError::Write)?;
    } else {
        let prompt = catalog
            .question_or_follow_up(id)
            .map(|(q, f)| f.map_or(q.prompt.as_str(), |f| f.prompt.as_str()))
            .unwrap_or_default();
        write_human(&mut out, id, prompt, &report).map_err(CliError::Write)?;
    }
    out.flush().map_err(CliError::Write)
}

fn unknown_question(catalog: &Catalog, id: &str) -> CliError {
    CliError::UnknownQuestion {
        id: id.to_owned(),
        suggestion: catalog.suggest_question(id),
    }
}

fn read_answer(path: Option<&PathBuf>) -> Result<String, CliError> {
    let (label, bytes) = match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let label = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|source| CliError::Read {
                path: label.clone(),
                source,
            })?;
            (label, bytes)
        }
        None => {
            let stdin = io::stdin();
            if stdin.is_terminal() {
                eprintln!("Type or paste the answer, then press Ctrl-D on a line of its own.");
            }
            let mut bytes = Vec::new();
            stdin
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|source| CliError::Read {
                    path: "standard input".to_owned(),
                    source,
                })?;
            ("standard input".to_owned(), bytes)
        }
    };
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        CliError::NotUtf8 {
            path: label,
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
            column: String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1,
        }
    })
}

fn write_human(
    out: &mut impl Write,
    id: &str,
    prompt: &str,
    report: &Report<'_>,
) -> io::Result<()> {
    let covered = report.covered().count();
    writeln!(out, "{id}: {}", printable(prompt))?;
    writeln!(out)?;
    writeln!(
        out,
        "Score {:.1} / 100  ({covered} of {} points covered)",
        report.score,
        report.points.len()
    )?;
    writeln!(out)?;
    for result in &report.points {
        let point = result.point;
        let mark = if result.is_covered() { '✓' } else { '✗' };
        writeln!(
            out,
            "  {mark} {}  (weight {})",
            printable(&point.label),
            point.weight
        )?;
        if let Some(first) = result.evidence.first() {
            writeln!(out, "      said: \"{}\"", printable(&first.one_line()))?;
        } else if let Some(explain) = &point.explain {
            writeln!(out, "{}", indented(explain))?;
        }
    }
    if !report.red_flags.is_empty() {
        writeln!(out)?;
        writeln!(out, "Red flags")?;
        for hit in &report.red_flags {
            let said = hit
                .evidence
                .first()
                .map(Evidence::one_line)
                .unwrap_or_default();
            writeln!(out, "  ! \"{}\"", printable(&said))?;
            writeln!(out, "{}", indented(&hit.red_flag.note))?;
        }
    }
    if !report.flags.is_empty() {
        writeln!(out)?;
        for flag in &report.flags {
            writeln!(out, "  {}: {}", flag.name(), flag.advice())?;
        }
    }
    Ok(())
}

/// Bank text wrapped to 80 columns under a point.
fn indented(text: &str) -> String {
    let options = textwrap::Options::new(80)
        .initial_indent("      ")
        .subsequent_indent("      ");
    textwrap::fill(&printable(text.trim()), options)
}

/// The JSON shape of one scored answer.
#[derive(Debug, Serialize)]
struct ScoreJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    question: &'a str,
    score: f64,
    covered: Vec<CoveredJson<'a>>,
    missed: Vec<MissedJson<'a>>,
    red_flags: Vec<RedFlagJson<'a>>,
    flags: &'a [Flag],
}

#[derive(Debug, Serialize)]
struct CoveredJson<'a> {
    id: &'a str,
    label: &'a str,
    weight: u32,
    evidence: &'a [Evidence],
}

#[derive(Debug, Serialize)]
struct MissedJson<'a> {
    id: &'a str,
    label: &'a str,
    weight: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct RedFlagJson<'a> {
    note: &'a str,
    evidence: &'a [Evidence],
}

impl<'a> ScoreJson<'a> {
    fn new(id: Option<&'a Value>, question: &'a str, report: &'a Report<'a>) -> Self {
        ScoreJson {
            id,
            question,
            score: report.score,
            covered: report
                .covered()
                .map(|r| CoveredJson {
                    id: &r.point.id,
                    label: &r.point.label,
                    weight: r.point.weight,
                    evidence: &r.evidence,
                })
                .collect(),
            missed: report
                .missed()
                .map(|r| MissedJson {
                    id: &r.point.id,
                    label: &r.point.label,
                    weight: r.point.weight,
                    explain: r.point.explain.as_deref(),
                })
                .collect(),
            red_flags: report
                .red_flags
                .iter()
                .map(|hit| RedFlagJson {
                    note: &hit.red_flag.note,
                    evidence: &hit.evidence,
                })
                .collect(),
            flags: &report.flags,
        }
    }
}

/// A JSON Lines error in the words of the input format; the column, since the line is
/// already given.
fn batch_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    format!(
        "column {}: not a {{\"question\": ID, \"answer\": TEXT, \"id\": ANY}} object: {message}",
        error.column()
    )
}

/// One line of batch input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchInput {
    question: String,
    answer: String,
    id: Option<Value>,
}

#[derive(Debug, Serialize)]
struct BatchError<'a> {
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    error: String,
}

fn batch(path: &PathBuf, catalog: &Catalog) -> Result<(), CliError> {
    let label = path.display().to_string();
    let input: Box<dyn BufRead> = if label == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = File::open(path).map_err(|source| CliError::Read {
            path: label.clone(),
            source,
        })?;
        Box::new(BufReader::new(file))
    };
    let scorer = Scorer::new(catalog);
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = 0;
    for (number, line) in input.split(b'\n').enumerate() {
        let line = line.map_err(|source| CliError::Read {
            path: label.clone(),
            source,
        })?;
        let number = number + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // A byte-order mark at the start of the file is not part of the first object.
        let line = match line.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if number == 1 => rest,
            _ => &line,
        };
        let written = match serde_json::from_slice::<BatchInput>(line) {
            Err(error) => {
                failed += 1;
                // Echo the id when the line is an object that has one.
                let id = serde_json::from_slice::<Value>(line)
                    .ok()
                    .and_then(|v| v.get("id").cloned());
                let error = batch_error(&error);
                serde_json::to_writer(
                    &mut out,
                    &BatchError {
                        line: number,
                        id: id.as_ref(),
                        error,
                    },
                )
            }
            Ok(item) => match scorer.rubric(&item.question) {
                None => {
                    failed += 1;
                    let error = unknown_question(catalog, &item.question).to_string();
                    let id = item.id.as_ref();
                    serde_json::to_writer(
                        &mut out,
                        &BatchError {
                            line: number,
                            id,
                            error,
                        },
                    )
                }
                Some(index) => {
                    let report = index.score(&item.answer);
                    serde_json::to_writer(
                        &mut out,
                        &ScoreJson::new(item.id.as_ref(), &item.question, &report),
                    )
                }
            },
        };
        written
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
            .map_err(CliError::Write)?;
    }
    out.flush().map_err(CliError::Write)?;
    if failed > 0 {
        let source = if label == "-" {
            "standard input"
        } else {
            label.as_str()
        };
        return Err(CliError::Reported(format!(
            "{failed} line{} of {source} could not be scored; see the \"error\" objects in the output",
            if failed == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}
