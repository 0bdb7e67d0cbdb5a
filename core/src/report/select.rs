//! Choosing the session a report is on: the last one, or one named by its id or a
//! unique start of it.

use std::collections::HashMap;

use jiff::Timestamp;

use super::times::clamp_secs;
use crate::history::Record;
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
