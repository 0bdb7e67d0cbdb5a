//! `grill score`: one answer from a file or standard input, or a batch of JSON Lines.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CliError;
use crate::bank::{Catalog, Severity};
use crate::scoring::{Deduction, Evidence, Flag, Report, Scorer, WordTable};
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
        crate::text::write_json(&mut out, &ScoreJson::new(None, id, &report), false)
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
    for deduction in &report.deductions {
        writeln!(
            out,
            "  −{:.1} {}",
            deduction.points,
            printable(&report.deduction_label(deduction))
        )?;
    }
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
        if result.contradicted {
            writeln!(out, "      contradicted by a misconception below")?;
        } else if !result.evidence.is_empty() {
            write!(out, "      said: {}", quoted(&result.evidence))?;
            match result.evidence.iter().find_map(Evidence::lexicon_note) {
                Some(note) => writeln!(out, "  ({})", printable(&note))?,
                None => writeln!(out)?,
            }
        } else if let Some(denied) = result.denied.first() {
            writeln!(
                out,
                "      you said you did not: \"{}\"",
                printable(&denied.one_line())
            )?;
        }
        if !result.is_covered()
            && let Some(explain) = &point.explain
        {
            writeln!(out, "{}", indented(explain))?;
        }
    }
    for (title, hits) in [
        ("Red flags", report.misconceptions().collect::<Vec<_>>()),
        ("Be ready to defend", report.pushbacks().collect()),
    ] {
        if hits.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{title}")?;
        for hit in hits {
            writeln!(out, "  ! {}", quoted(&hit.evidence))?;
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

/// Pieces of evidence quoted under a covered point or a red flag.
const SAID_PIECES: usize = 3;

/// The first pieces of `evidence`, quoted: the parts of a concept are pieces of their own.
fn quoted(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .take(SAID_PIECES)
        .map(|e| format!("\"{}\"", printable(&e.one_line())))
        .collect::<Vec<_>>()
        .join(" … ")
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
pub(super) struct ScoreJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    question: &'a str,
    score: f64,
    coverage: f64,
    covered: Vec<CoveredJson<'a>>,
    missed: Vec<MissedJson<'a>>,
    red_flags: Vec<RedFlagJson<'a>>,
    deductions: &'a [Deduction],
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
    /// Where the answer said it was not done.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    denied: &'a [Evidence],
    /// Said, but a misconception stated contradicts it.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    contradicted_evidence: &'a [Evidence],
}

#[derive(Debug, Serialize)]
struct RedFlagJson<'a> {
    note: &'a str,
    severity: Severity,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    contradicts: &'a [String],
    cost: f64,
    evidence: &'a [Evidence],
}

impl<'a> ScoreJson<'a> {
    pub(super) fn new(id: Option<&'a Value>, question: &'a str, report: &'a Report<'a>) -> Self {
        ScoreJson {
            id,
            question,
            score: report.score,
            coverage: report.coverage,
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
                    denied: &r.denied,
                    contradicted_evidence: if r.contradicted { &r.evidence } else { &[] },
                })
                .collect(),
            red_flags: report
                .red_flags
                .iter()
                .map(|hit| RedFlagJson {
                    note: &hit.red_flag.note,
                    severity: hit.red_flag.severity,
                    contradicts: &hit.red_flag.contradicts,
                    cost: hit.cost,
                    evidence: &hit.evidence,
                })
                .collect(),
            deductions: &report.deductions,
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

/// One line of batch input; other fields a script keeps on its lines are let be.
#[derive(Debug, Deserialize)]
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

/// Lines read and scored together; each batch is shared among the cores.
const BATCH_LINES: usize = 2048;

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
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = 0;
    let mut lines = input.split(b'\n').enumerate();
    loop {
        let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH_LINES);
        for (number, line) in lines.by_ref().take(BATCH_LINES) {
            let line = line.map_err(|source| CliError::Read {
                path: label.clone(),
                source,
            })?;
            chunk.push((number + 1, line));
        }
        if chunk.is_empty() {
            break;
        }
        let per_thread = chunk.len().div_ceil(threads);
        let pieces: Vec<&[(usize, Vec<u8>)]> = chunk.chunks(per_thread).collect();
        let results: Vec<Vec<Scored>> = crate::parallel::map(&pieces, |lines| {
            let mut tables = HashMap::new();
            lines
                .iter()
                .map(|(number, line)| score_line(*number, line, &scorer, catalog, &mut tables))
                .collect()
        });
        for scored in results.into_iter().flatten() {
            let Some((json, ok)) = scored else { continue };
            failed += usize::from(!ok);
            out.write_all(&json)
                .and_then(|()| writeln!(out))
                .map_err(CliError::Write)?;
        }
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

/// A batch line's JSON answer and whether it was scored; nothing for a blank line.
type Scored = Option<(Vec<u8>, bool)>;

fn score_line(
    number: usize,
    line: &[u8],
    scorer: &Scorer<'_>,
    catalog: &Catalog,
    tables: &mut HashMap<String, WordTable>,
) -> Scored {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    // A byte-order mark at the start of the file is not part of the first object.
    let line = match line.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) if number == 1 => rest,
        _ => line,
    };
    let failure = |id: Option<&Value>, error: String| {
        let mut json = Vec::new();
        let error = BatchError {
            line: number,
            id,
            error,
        };
        let _ = crate::text::write_json(&mut json, &error, false);
        Some((json, false))
    };
    match serde_json::from_slice::<BatchInput>(line) {
        Err(error) => {
            // Echo the id when the line is an object that has one.
            let id = serde_json::from_slice::<Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned());
            failure(id.as_ref(), batch_error(&error))
        }
        Ok(item) => match scorer.rubric(&item.question) {
            None => failure(
                item.id.as_ref(),
                unknown_question(catalog, &item.question).to_string(),
            ),
            Some(index) => {
                let table = tables.entry(item.question.clone()).or_default();
                let report = index.score_with(&item.answer, table);
                let mut json = Vec::new();
                let scored = ScoreJson::new(item.id.as_ref(), &item.question, &report);
                let _ = crate::text::write_json(&mut json, &scored, false);
                Some((json, true))
            }
        },
    }
}
