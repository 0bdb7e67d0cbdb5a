//! A session's records with their questions, follow-ups and points looked up in the
//! catalog once, for both renderings.

use crate::bank::{Catalog, Rubric, Severity};
use crate::history::Record;
use crate::scoring::Flag;

use super::times::{sane, seconds};

/// A session with its questions found in the catalog.
pub(super) struct Session<'a> {
    /// The session id ("" for no records).
    pub(super) session: &'a str,
    /// When the first question was put: the first answer's time less the time it took.
    pub(super) started: Option<u64>,
    /// Bank ids in the order first answered, with their titles when loaded.
    pub(super) banks: Vec<(&'a str, Option<&'a str>)>,
    /// The mean score of the main answers.
    pub(super) average: Option<f64>,
    /// Seconds spent answering, follow-ups included.
    pub(super) time_used: f64,
    pub(super) groups: Vec<Group<'a>>,
}

/// A main question and its follow-ups.
pub(super) struct Group<'a> {
    pub(super) bank: &'a str,
    pub(super) question: &'a str,
    /// `None` when the question is no longer in the loaded banks.
    pub(super) prompt: Option<&'a str>,
    pub(super) topic: Option<&'a str>,
    pub(super) model_answer: Option<&'a str>,
    /// `None` when only follow-ups of the question are in the history.
    pub(super) main: Option<Answer<'a>>,
    pub(super) follow_ups: Vec<Answer<'a>>,
}

/// One recorded answer with what the catalog says about it.
pub(super) struct Answer<'a> {
    pub(super) record: &'a Record,
    pub(super) follow_up_id: Option<&'a str>,
    /// The follow-up's prompt; `None` for a main answer or a follow-up no longer loaded.
    pub(super) prompt: Option<&'a str>,
    pub(super) model_answer: Option<&'a str>,
    /// Whether the question (or follow-up) answered is still in the loaded banks.
    pub(super) known: bool,
    /// Every point recorded, in the rubric's order (unknown ids last).
    pub(super) points: Vec<PointLine<'a>>,
    pub(super) red_flags: Vec<RedFlagLine<'a>>,
    pub(super) flags: Vec<Flag>,
}

pub(super) struct PointLine<'a> {
    pub(super) id: &'a str,
    pub(super) covered: bool,
    pub(super) label: Option<&'a str>,
    pub(super) explain: Option<&'a str>,
}

pub(super) struct RedFlagLine<'a> {
    pub(super) note: &'a str,
    pub(super) severity: Severity,
    pub(super) cost: f64,
    pub(super) evidence: &'a [String],
}

pub(super) fn build<'a>(records: &[&'a Record], catalog: &'a Catalog) -> Session<'a> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for &record in records {
        let question = catalog.question(&record.question).map(|(_, q)| q);
        let group = |main, follow_ups| Group {
            bank: &record.bank,
            question: &record.question,
            prompt: question.map(|q| q.prompt.as_str()),
            topic: question.map(|q| q.topic.as_str()),
            model_answer: question.and_then(|q| q.model_answer.as_deref()),
            main,
            follow_ups,
        };
        match &record.follow_up {
            None => groups.push(group(
                Some(answer(record, question.map(|q| &q.rubric), None)),
                Vec::new(),
            )),
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
                    None => groups.push(group(None, vec![answer])),
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
