//! Session reports: one practice round (every history [`Record`] sharing a `session` id)
//! written up to read later or send to a mentor, as Markdown ([`markdown`]) or as JSON
//! ([`json`]).
//!
//! This module owns choosing the session ([`session`]), grouping its answers into main
//! questions and their follow-ups, and both renderings. It does no I/O and reads no
//! clock: the caller loads the history and the banks and passes the time zone.
//!
//! What was covered and missed, the red flags, the deductions and the shape flags
//! (`keyword-list`, `too-short`) come from the record, as they were scored at the time;
//! prompts, labels, explanations and model answers come from the loaded banks. A
//! question, follow-up or point no longer in the banks still renders, by its id, with the
//! recorded score.
//!
//! # Markdown
//!
//! A header (start time, banks, counts, average of the main answers, time spent), one
//! `##` section per main question and a `###` section per follow-up, then "To review":
//! every missed point. Bank text and answers are escaped so that nothing in them is read
//! as Markdown or HTML, control characters are replaced, and answers are quoted line by
//! line (every line of an answer starts with `>`). Nothing is wrapped.
//!
//! # JSON
//!
//! ```text
//! {
//!   "session": "5f3c…",            // "" for no records
//!   "started": 1795788300,          // unix seconds, null for no records: when the
//!                                   // first answer began (its time less the time used)
//!   "started_local": "2026-11-27T14:05:00+00:00",
//!   "banks": ["mini"],              // in the order first answered
//!   "average_score": 52.5,          // of the main answers, one decimal; null if none
//!   "time_used_secs": 245.0,        // all answers, follow-ups included; one decimal
//!   "questions": [{
//!     "bank": "mini", "question": "mini-shutdown",
//!     "topic": "Deep dive",         // null when the question is no longer loaded
//!     "prompt": "How does …?",      // null when the question is no longer loaded
//!     "model_answer": "…",          // null when there is none
//!     "score": 66.7, "answer": "…", "time_used_secs": 62.0, "time_allowed_secs": 90.0,
//!     "time_up": false,
//!     "covered": [{"id": "sigterm", "label": "…"}],           // label null: point gone
//!     "missed": [{"id": "drain", "label": "…", "explain": "…"}],
//!     "red_flags": [{"note": "…", "severity": "misconception", "cost": 30.0,
//!                    "evidence": ["sigkill first"]}],
//!     "deductions": [{"reason": "misconception: \"sigkill first\"", "points": 30.0}],
//!     "flags": ["too-short"],       // see `scoring::Flag`
//!     "follow_ups": [{ "follow_up": "stop-timeout", "prompt": …, "model_answer": …,
//!                      "score": …, … the same answer fields … }]
//!   }]
//! }
//! ```
//!
//! The answer fields (`score` to `flags`) of a question are absent when its main answer
//! is not in the history (a follow-up whose main record was lost). Object keys come out
//! in alphabetical order.

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::bank::{Catalog, Rubric, Severity};
use crate::history::{Record, StatedDeduction};
use crate::scoring::Flag;
use crate::text::printable;

/// Which session to report on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    /// The session of the most recent answer.
    Last,
    /// The session with this id, or the only one whose id starts with it.
    Session(String),
}

/// A session of the history, as listed in error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session id, as in [`Record::session`].
    pub id: String,
    /// When its last answer was submitted, in seconds since the Unix epoch.
    pub last_answer: u64,
    /// How many answers (follow-ups included) it holds.
    pub answers: usize,
}

/// How many sessions an error message lists.
const LISTED_SESSIONS: usize = 5;

/// Why no session could be chosen.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The history holds no answers at all.
    #[error("there is no history yet: answer a practice round first")]
    NoHistory,
    #[error(
        "no session `{id}` in the history; the most recent are:\n{}",
        list_sessions(recent)
    )]
    /// No session id is, or starts with, `id`.
    UnknownSession {
        id: String,
        /// The most recent sessions, newest first.
        recent: Vec<SessionInfo>,
    },
    #[error(
        "`{id}` is the start of {} session ids; give more of the one you mean:\n{}",
        matching.len(),
        list_sessions(matching)
    )]
    /// Several session ids start with `id`.
    AmbiguousSession {
        id: String,
        /// The sessions whose id starts with `id`, newest first.
        matching: Vec<SessionInfo>,
    },
}

/// Sessions one per line, with the time of their last answer in UTC (the error does not
/// know the user's time zone, so it says which one it uses).
fn list_sessions(sessions: &[SessionInfo]) -> String {
    sessions
        .iter()
        .map(|s| {
            let when = Timestamp::from_second(clamp_secs(s.last_answer)).map_or_else(
                |_| "?".to_owned(),
                |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            );
            let plural = if s.answers == 1 { "" } else { "s" };
            format!(
                "  {}  {when}  {} answer{plural}",
                printable(&s.id).replace('\n', " "),
                s.answers
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every session of `records`, the most recent (by its last answer) first.
pub fn sessions(records: &[Record]) -> Vec<SessionInfo> {
    let mut by_id: HashMap<&str, SessionInfo> = HashMap::new();
    for record in records {
        let info = by_id
            .entry(record.session.as_str())
            .or_insert_with(|| SessionInfo {
                id: record.session.clone(),
                last_answer: record.time,
                answers: 0,
            });
        info.answers += 1;
        info.last_answer = info.last_answer.max(record.time);
    }
    let mut sessions: Vec<SessionInfo> = by_id.into_values().collect();
    sessions.sort_by(|a, b| b.last_answer.cmp(&a.last_answer).then(a.id.cmp(&b.id)));
    sessions
}

/// The records of the chosen session, in the order they were answered (by time; answers
/// of the same second keep their order in the history). `Session(id)` accepts an exact
/// id or a unique prefix of one, like git; `Last` is the session of the record with the
/// greatest time.
///
/// # Errors
///
/// [`ReportError::NoHistory`] for no records, [`ReportError::UnknownSession`] when no id
/// is or starts with the one given, [`ReportError::AmbiguousSession`] when several start
/// with it.
pub fn session<'r>(records: &'r [Record], which: &Which) -> Result<Vec<&'r Record>, ReportError> {
    let latest = records
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.time, *i))
        .map(|(_, r)| r)
        .ok_or(ReportError::NoHistory)?;
    let id = match which {
        Which::Last => latest.session.clone(),
        Which::Session(wanted) => choose(records, wanted)?,
    };
    let mut chosen: Vec<&Record> = records.iter().filter(|r| r.session == id).collect();
    chosen.sort_by_key(|r| r.time);
    Ok(chosen)
}

/// The id of the session `wanted` names.
fn choose(records: &[Record], wanted: &str) -> Result<String, ReportError> {
    let all = sessions(records);
    if let Some(exact) = all.iter().find(|s| s.id == wanted) {
        return Ok(exact.id.clone());
    }
    let mut matching: Vec<SessionInfo> = if wanted.is_empty() {
        Vec::new()
    } else {
        all.iter()
            .filter(|s| s.id.starts_with(wanted))
            .cloned()
            .collect()
    };
    match matching.len() {
        1 => Ok(matching.remove(0).id),
        0 => Err(ReportError::UnknownSession {
            id: wanted.to_owned(),
            recent: all.into_iter().take(LISTED_SESSIONS).collect(),
        }),
        _ => Err(ReportError::AmbiguousSession {
            id: wanted.to_owned(),
            matching,
        }),
    }
}

/// The session as Markdown. `records` are one session's, in the order answered (as
/// [`session`] returns them); times are shown in `tz`.
pub fn markdown(records: &[&Record], catalog: &Catalog, tz: &TimeZone) -> String {
    let report = build(records, catalog);
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_markdown(&mut out, &report, tz);
    out
}

/// The session as a JSON object of the shape given in the module documentation.
pub fn json(records: &[&Record], catalog: &Catalog, tz: &TimeZone) -> serde_json::Value {
    let report = build(records, catalog);
    let questions = report
        .groups
        .iter()
        .map(|group| QuestionJson {
            bank: group.bank,
            question: group.question,
            topic: group.topic,
            prompt: group.prompt,
            model_answer: group.model_answer,
            answer: group.main.as_ref().map(AnswerJson::new),
            follow_ups: group
                .follow_ups
                .iter()
                .map(|f| FollowUpJson {
                    follow_up: f.follow_up_id.unwrap_or_default(),
                    prompt: f.prompt,
                    model_answer: f.model_answer,
                    answer: AnswerJson::new(f),
                })
                .collect(),
        })
        .collect();
    let session = SessionJson {
        session: report.session,
        started: report.started,
        started_local: report.started.map(|secs| {
            local(secs, tz, "%Y-%m-%dT%H:%M:%S%:z").unwrap_or_else(|| secs.to_string())
        }),
        banks: report.banks.iter().map(|(id, _)| *id).collect(),
        average_score: report.average.map(|a| (a * 10.0).round() / 10.0),
        time_used_secs: (report.time_used * 10.0).round() / 10.0,
        questions,
    };
    serde_json::to_value(session).unwrap_or(serde_json::Value::Null)
}

// ---------------------------------------------------------------------------------------
// The session, looked up in the catalog once for both renderings.

/// A session with its questions found in the catalog.
struct Session<'a> {
    /// The session id ("" for no records).
    session: &'a str,
    /// When the first question was put: the first answer's time less the time it took.
    started: Option<u64>,
    /// Bank ids in the order first answered, with their titles when loaded.
    banks: Vec<(&'a str, Option<&'a str>)>,
    /// The mean score of the main answers.
    average: Option<f64>,
    /// Seconds spent answering, follow-ups included.
    time_used: f64,
    groups: Vec<Group<'a>>,
}

/// A main question and its follow-ups.
struct Group<'a> {
    bank: &'a str,
    question: &'a str,
    /// `None` when the question is no longer in the loaded banks.
    prompt: Option<&'a str>,
    topic: Option<&'a str>,
    model_answer: Option<&'a str>,
    /// `None` when only follow-ups of the question are in the history.
    main: Option<Answer<'a>>,
    follow_ups: Vec<Answer<'a>>,
}

/// One recorded answer with what the catalog says about it.
struct Answer<'a> {
    record: &'a Record,
    follow_up_id: Option<&'a str>,
    /// The follow-up's prompt; `None` for a main answer or a follow-up no longer loaded.
    prompt: Option<&'a str>,
    model_answer: Option<&'a str>,
    /// Whether the question (or follow-up) answered is still in the loaded banks.
    known: bool,
    /// Every point recorded, in the rubric's order (unknown ids last).
    points: Vec<PointLine<'a>>,
    red_flags: Vec<RedFlagLine<'a>>,
    flags: Vec<Flag>,
}

struct PointLine<'a> {
    id: &'a str,
    covered: bool,
    label: Option<&'a str>,
    explain: Option<&'a str>,
}

struct RedFlagLine<'a> {
    note: &'a str,
    severity: Severity,
    cost: f64,
    evidence: &'a [String],
}

fn build<'a>(records: &[&'a Record], catalog: &'a Catalog) -> Session<'a> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for &record in records {
        let question = catalog.question(&record.question).map(|(_, q)| q);
        match &record.follow_up {
            None => groups.push(Group {
                bank: &record.bank,
                question: &record.question,
                prompt: question.map(|q| q.prompt.as_str()),
                topic: question.map(|q| q.topic.as_str()),
                model_answer: question.and_then(|q| q.model_answer.as_deref()),
                main: Some(answer(record, question.map(|q| &q.rubric), None)),
                follow_ups: Vec::new(),
            }),
            Some(id) => {
                let follow_up = question.and_then(|q| q.follow_up(id));
                let mut answer = answer(record, follow_up.map(|f| &f.rubric), Some(id));
                answer.prompt = follow_up.map(|f| f.prompt.as_str());
                answer.model_answer = follow_up.and_then(|f| f.model_answer.as_deref());
                match groups
                    .iter_mut()
                    .rev()
                    .find(|g| g.question == record.question)
                {
                    Some(group) => group.follow_ups.push(answer),
                    None => groups.push(Group {
                        bank: &record.bank,
                        question: &record.question,
                        prompt: question.map(|q| q.prompt.as_str()),
                        topic: question.map(|q| q.topic.as_str()),
                        model_answer: question.and_then(|q| q.model_answer.as_deref()),
                        main: None,
                        follow_ups: vec![answer],
                    }),
                }
            }
        }
    }
    let mut banks: Vec<(&str, Option<&str>)> = Vec::new();
    for record in records {
        if !banks.iter().any(|(id, _)| *id == record.bank) {
            let title = catalog
                .banks()
                .iter()
                .find(|b| b.id == record.bank)
                .map(|b| b.title.as_str());
            banks.push((&record.bank, title));
        }
    }
    let mains: Vec<f64> = records
        .iter()
        .filter(|r| r.follow_up.is_none())
        .map(|r| r.score)
        .collect();
    Session {
        session: records.first().map_or("", |r| r.session.as_str()),
        started: records
            .first()
            .map(|r| r.time.saturating_sub(seconds(r.time_used_secs))),
        banks,
        average: (!mains.is_empty()).then(|| mains.iter().sum::<f64>() / mains.len() as f64),
        time_used: records.iter().map(|r| sane(r.time_used_secs)).sum(),
        groups,
    }
}

/// A recorded answer looked up against `rubric`, the current rubric of what it answered.
fn answer<'a>(
    record: &'a Record,
    rubric: Option<&'a Rubric>,
    follow_up: Option<&'a String>,
) -> Answer<'a> {
    let position = |id: &str| {
        rubric
            .and_then(|r| r.points.iter().position(|p| p.id == id))
            .unwrap_or(usize::MAX)
    };
    let mut points: Vec<PointLine<'a>> = record
        .covered
        .iter()
        .map(|id| (id, true))
        .chain(record.missed.iter().map(|id| (id, false)))
        .map(|(id, covered)| {
            let point = rubric.and_then(|r| r.points.iter().find(|p| &p.id == id));
            PointLine {
                id,
                covered,
                label: point.map(|p| p.label.as_str()),
                explain: point.and_then(|p| p.explain.as_deref()),
            }
        })
        .collect();
    points.sort_by_key(|p| position(p.id));
    let red_flags = record
        .findings
        .red_flags
        .iter()
        .map(|stated| RedFlagLine {
            note: &stated.note,
            severity: stated.severity,
            cost: stated.cost,
            evidence: &stated.said,
        })
        .collect();
    Answer {
        record,
        follow_up_id: follow_up.map(String::as_str),
        prompt: None,
        model_answer: None,
        known: rubric.is_some(),
        points,
        red_flags,
        flags: record.findings.flags.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Markdown.

fn write_markdown(out: &mut String, report: &Session<'_>, tz: &TimeZone) -> std::fmt::Result {
    writeln!(out, "# grill report")?;
    writeln!(out)?;
    let Some(started) = report.started else {
        writeln!(out, "No answers in this session.")?;
        return Ok(());
    };
    let when = local(started, tz, "%A %-d %B %Y, %H:%M").unwrap_or_else(|| started.to_string());
    writeln!(
        out,
        "**{}** · session {}",
        inline(&when),
        code(report.session)
    )?;
    writeln!(out)?;
    let banks: Vec<String> = report
        .banks
        .iter()
        .map(|(id, title)| match title {
            Some(title) => format!("{} ({})", inline(title), code(id)),
            None => code(id),
        })
        .collect();
    writeln!(
        out,
        "- {}: {}",
        if banks.len() == 1 { "Bank" } else { "Banks" },
        banks.join(", ")
    )?;
    let follow_ups: usize = report.groups.iter().map(|g| g.follow_ups.len()).sum();
    writeln!(
        out,
        "- Questions: {}{}",
        report.groups.len(),
        match follow_ups {
            0 => String::new(),
            1 => " and 1 follow-up".to_owned(),
            n => format!(" and {n} follow-ups"),
        }
    )?;
    match report.average {
        Some(average) => writeln!(out, "- Average: {average:.0}/100 (main answers)")?,
        None => writeln!(out, "- Average: no main answers")?,
    }
    writeln!(out, "- Time answering: {}", duration(report.time_used))?;
    let missed = report
        .groups
        .iter()
        .flat_map(|g| g.main.iter().chain(&g.follow_ups))
        .flat_map(|a| &a.points)
        .filter(|p| !p.covered)
        .count();
    match missed {
        0 => writeln!(out, "- To review: nothing missed")?,
        1 => writeln!(out, "- To review: 1 missed point, listed at the end")?,
        n => writeln!(out, "- To review: {n} missed points, listed at the end")?,
    }

    for (number, group) in report.groups.iter().enumerate() {
        let number = number + 1;
        writeln!(out)?;
        write_question(out, number, group)?;
        for (i, follow_up) in group.follow_ups.iter().enumerate() {
            writeln!(out)?;
            write_follow_up(out, &format!("{number}.{}", i + 1), group, follow_up)?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## To review")?;
    writeln!(out)?;
    let mut any = false;
    for (number, group) in report.groups.iter().enumerate() {
        let number = number + 1;
        let answers = group.main.iter().map(|a| (format!("{number}."), a)).chain(
            group
                .follow_ups
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("{number}.{}", i + 1), f)),
        );
        for (label, answer) in answers {
            let prompt = match answer.follow_up_id {
                None => group.prompt.map(inline),
                Some(_) => answer.prompt.map(inline),
            };
            let asked = prompt.unwrap_or_else(|| match answer.follow_up_id {
                None => code(group.question),
                Some(id) => code(&format!("{}/{id}", group.question)),
            });
            let mut missed = answer.points.iter().filter(|p| !p.covered).peekable();
            if missed.peek().is_none() {
                continue;
            }
            if any {
                writeln!(out)?;
            }
            any = true;
            writeln!(out, "*{label} {asked}*")?;
            writeln!(out)?;
            for point in missed {
                writeln!(out, "- {}", point_name(point))?;
            }
        }
    }
    if !any {
        writeln!(out, "Nothing missed.")?;
    }
    Ok(())
}

fn write_question(out: &mut String, number: usize, group: &Group<'_>) -> std::fmt::Result {
    let title = group.prompt.map_or_else(|| code(group.question), inline);
    match &group.main {
        Some(main) => writeln!(out, "## {number}. {title} — {}", score(main.record.score))?,
        None => writeln!(out, "## {number}. {title}")?,
    }
    writeln!(out)?;
    let mut facts = vec![code(group.bank)];
    if let Some(topic) = group.topic {
        facts.push(inline(topic));
    }
    if let Some(main) = &group.main {
        facts.extend(timing(main.record));
    }
    writeln!(out, "{}", facts.join(" · "))?;
    if group.prompt.is_none() {
        writeln!(out)?;
        writeln!(out, "*(question no longer in the loaded banks)*")?;
    }
    match &group.main {
        Some(main) => write_answer(out, main)?,
        None => {
            writeln!(out)?;
            writeln!(out, "*The answer to this question is not in the history.*")?;
        }
    }
    write_model_answer(out, group.model_answer)
}

fn write_follow_up(
    out: &mut String,
    number: &str,
    group: &Group<'_>,
    answer: &Answer<'_>,
) -> std::fmt::Result {
    let id = answer.follow_up_id.unwrap_or_default();
    let title = answer
        .prompt
        .map_or_else(|| code(&format!("{}/{id}", group.question)), inline);
    writeln!(
        out,
        "### Follow-up {number}: {title} — {}",
        score(answer.record.score)
    )?;
    writeln!(out)?;
    writeln!(out, "{}", timing(answer.record).join(" · "))?;
    if !answer.known {
        let gone = if group.prompt.is_none() {
            "question"
        } else {
            "follow-up"
        };
        writeln!(out)?;
        writeln!(out, "*({gone} no longer in the loaded banks)*")?;
    }
    write_answer(out, answer)?;
    write_model_answer(out, answer.model_answer)
}

/// "1:02 of 1:30" and "**time ran out**".
fn timing(record: &Record) -> Vec<String> {
    let mut facts = vec![format!(
        "time {} of {}",
        duration(record.time_used_secs),
        duration(record.time_allowed_secs)
    )];
    if record.time_up {
        facts.push("**time ran out**".to_owned());
    }
    facts
}

fn write_answer(out: &mut String, answer: &Answer<'_>) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "**Answer**")?;
    writeln!(out)?;
    let lines = block_lines(&answer.record.answer);
    if lines.is_empty() {
        writeln!(out, "> _(no answer)_")?;
    }
    for line in lines {
        if line.is_empty() {
            writeln!(out, ">")?;
        } else {
            writeln!(out, "> {line}")?;
        }
    }
    for flag in &answer.flags {
        writeln!(out)?;
        writeln!(out, "⚠ *{}*", inline(flag.advice()))?;
    }
    if !answer.points.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Points**")?;
        writeln!(out)?;
        for point in &answer.points {
            let mark = if point.covered { '✓' } else { '✗' };
            write!(out, "- {mark} {}", point_name(point))?;
            if let (false, Some(explain)) = (point.covered, point.explain) {
                write!(out, " — {}", inline(explain))?;
            }
            writeln!(out)?;
        }
    }
    if !answer.red_flags.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Red flags**")?;
        writeln!(out)?;
        for hit in &answer.red_flags {
            let said: Vec<String> = hit
                .evidence
                .iter()
                .map(|e| format!("“{}” — ", inline(e)))
                .collect();
            let kind = match hit.severity {
                Severity::Misconception => format!("misconception, −{:.1}", hit.cost),
                Severity::Pushback => "be ready to defend it".to_owned(),
            };
            writeln!(out, "- ⚠ ({kind}) {}{}", said.concat(), inline(hit.note))?;
        }
    }
    let deductions = &answer.record.findings.deductions;
    if !deductions.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Deductions**")?;
        writeln!(out)?;
        for deduction in deductions {
            writeln!(
                out,
                "- −{:.1}: {}",
                deduction.points,
                inline(&deduction.reason)
            )?;
        }
    }
    Ok(())
}

fn write_model_answer(out: &mut String, model_answer: Option<&str>) -> std::fmt::Result {
    let lines = model_answer.map(block_lines).unwrap_or_default();
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "**Model answer**")?;
    writeln!(out)?;
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A point's label, or its id with a note when it is no longer in the bank.
fn point_name(point: &PointLine<'_>) -> String {
    match point.label {
        Some(label) => inline(label),
        None => format!("{} (no longer in the bank)", code(point.id)),
    }
}

/// "72/100".
fn score(score: f64) -> String {
    format!("{score:.0}/100")
}

// ---------------------------------------------------------------------------------------
// Markdown escaping.

/// `text` on one line, safe to place anywhere in a line of Markdown.
fn inline(text: &str) -> String {
    let flat = normalise_breaks(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    escape(&flat)
}

/// `text` as lines of Markdown that render as written: each line escaped, leading
/// indentation kept as no-break spaces, a line followed by another ending in a hard break
/// (`\`), runs of blank lines made one empty line, and blank lines at either end dropped.
fn block_lines(text: &str) -> Vec<String> {
    let text = normalise_breaks(text);
    let mut lines: Vec<String> = Vec::new();
    let mut blank = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !lines.is_empty();
            continue;
        }
        if blank {
            lines.push(String::new());
            blank = false;
        } else if let Some(previous) = lines.last_mut() {
            previous.push('\\');
        }
        let body = line.trim_start();
        let indent = line.chars().count() - body.chars().count();
        lines.push("\u{a0}".repeat(indent) + &escape(body));
    }
    lines
}

/// Line breaks of every kind made `\n`, and other control characters replaced.
fn normalise_breaks(text: &str) -> String {
    let unified: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
            c => c,
        })
        .collect();
    printable(&unified).into_owned()
}

/// Backslash-escapes what Markdown (CommonMark and GitHub's extensions) would read as
/// markup in `line`, which starts a block: emphasis, code, links, HTML, tables,
/// strikethrough, entities, and the markers of headings, lists, quotes and rules.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    // A line starting "12." or "12)" is an ordered list.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    // Every mark is ASCII, so the text between marks is copied whole.
    let mut copied = 0;
    for (i, byte) in line.bytes().enumerate() {
        let escaped = match byte {
            b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' => true,
            // Inside a word (`max_connections`) an underscore is never emphasis.
            b'_' => {
                !(line[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && line[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric))
            }
            b'&' => line[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_alphanumeric() || n == '#'),
            b'-' | b'+' | b'=' => i == 0,
            // Last, it would close a heading.
            b'#' => i == 0 || i + 1 == line.len(),
            b'.' | b')' => digits > 0 && i == digits,
            _ => false,
        };
        if escaped {
            out.push_str(&line[copied..i]);
            out.push('\\');
            copied = i;
        }
    }
    out.push_str(&line[copied..]);
    out
}

/// `text` as a code span, whatever backticks it holds.
fn code(text: &str) -> String {
    let text = normalise_breaks(text).replace('\n', " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if text.is_empty() {
        return "`(none)`".to_owned();
    }
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

// ---------------------------------------------------------------------------------------
// Times.

/// Seconds as a finite, non-negative number.
fn sane(secs: f64) -> f64 {
    if secs.is_finite() && secs > 0.0 {
        secs
    } else {
        0.0
    }
}

/// Seconds rounded up to whole seconds, like the round's clock.
fn seconds(secs: f64) -> u64 {
    // `as` saturates: a huge value becomes u64::MAX.
    sane(secs).ceil() as u64
}

/// `m:ss`, or `h:mm:ss` from an hour.
fn duration(secs: f64) -> String {
    let secs = seconds(secs);
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

fn clamp_secs(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX)
}

/// `secs` in `tz`, formatted; `None` when out of the range of dates.
fn local(secs: u64, tz: &TimeZone, format: &str) -> Option<String> {
    let time = Timestamp::from_second(clamp_secs(secs)).ok()?;
    let zoned = time.to_zoned(tz.clone());
    let mut out = String::new();
    write!(out, "{}", zoned.strftime(format)).ok()?;
    Some(out)
}

// ---------------------------------------------------------------------------------------
// JSON.

#[derive(Serialize)]
struct SessionJson<'a> {
    session: &'a str,
    started: Option<u64>,
    started_local: Option<String>,
    banks: Vec<&'a str>,
    average_score: Option<f64>,
    time_used_secs: f64,
    questions: Vec<QuestionJson<'a>>,
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    bank: &'a str,
    question: &'a str,
    topic: Option<&'a str>,
    prompt: Option<&'a str>,
    model_answer: Option<&'a str>,
    #[serde(flatten)]
    answer: Option<AnswerJson<'a>>,
    follow_ups: Vec<FollowUpJson<'a>>,
}

#[derive(Serialize)]
struct FollowUpJson<'a> {
    follow_up: &'a str,
    prompt: Option<&'a str>,
    model_answer: Option<&'a str>,
    #[serde(flatten)]
    answer: AnswerJson<'a>,
}

#[derive(Serialize)]
struct AnswerJson<'a> {
    score: f64,
    answer: &'a str,
    time_used_secs: f64,
    time_allowed_secs: f64,
    time_up: bool,
    covered: Vec<CoveredJson<'a>>,
    missed: Vec<MissedJson<'a>>,
    red_flags: Vec<RedFlagJson<'a>>,
    deductions: &'a [StatedDeduction],
    flags: &'a [Flag],
}

#[derive(Serialize)]
struct CoveredJson<'a> {
    id: &'a str,
    label: Option<&'a str>,
}

#[derive(Serialize)]
struct MissedJson<'a> {
    id: &'a str,
    label: Option<&'a str>,
    explain: Option<&'a str>,
}

#[derive(Serialize)]
struct RedFlagJson<'a> {
    note: &'a str,
    severity: Severity,
    cost: f64,
    evidence: &'a [String],
}

impl<'a> AnswerJson<'a> {
    fn new(answer: &'a Answer<'a>) -> Self {
        let record = answer.record;
        AnswerJson {
            score: record.score,
            answer: &record.answer,
            time_used_secs: record.time_used_secs,
            time_allowed_secs: record.time_allowed_secs,
            time_up: record.time_up,
            covered: answer
                .points
                .iter()
                .filter(|p| p.covered)
                .map(|p| CoveredJson {
                    id: p.id,
                    label: p.label,
                })
                .collect(),
            missed: answer
                .points
                .iter()
                .filter(|p| !p.covered)
                .map(|p| MissedJson {
                    id: p.id,
                    label: p.label,
                    explain: p.explain,
                })
                .collect(),
            red_flags: answer
                .red_flags
                .iter()
                .map(|hit| RedFlagJson {
                    note: hit.note,
                    severity: hit.severity,
                    cost: hit.cost,
                    evidence: hit.evidence,
                })
                .collect(),
            deductions: &record.findings.deductions,
            flags: &answer.flags,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped_and_words_with_underscores_are_left_alone() {
        assert_eq!(
            escape("max_connections é_ü _x *b* [l](u)"),
            "max_connections é_ü \\_x \\*b\\* \\[l\\](u)"
        );
        assert_eq!(escape("12. not a list # #"), "12\\. not a list # \\#");
        assert_eq!(escape("- a &amp; & b"), "\\- a \\&amp; & b");
        assert_eq!(escape("#"), "\\#");
        assert_eq!(escape(""), "");
    }
}
