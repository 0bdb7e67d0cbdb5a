//! The JSON rendering of a session, of the shape the `report` module documents.

use jiff::tz::TimeZone;
use serde::Serialize;

use super::model::{Answer, Session};
use super::times::local;
use crate::bank::Severity;
use crate::history::StatedDeduction;
use crate::scoring::Flag;

/// The session as a JSON object.
pub(super) fn value(report: &Session<'_>, tz: &TimeZone) -> serde_json::Value {
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
