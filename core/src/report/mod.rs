//! Session reports: one practice round (every history [`Record`] sharing a `session` id)
//! written up to read later or send to a mentor, as Markdown ([`markdown()`]) or as JSON
//! ([`json()`]).
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
//! Choosing the session is the `select` module's; `model` looks the session up in the
//! catalog once, and each rendering has its module: `markdown` (with `escape`, which
//! keeps bank text and answers from being read as Markdown) and `json`.
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

mod escape;
mod json;
mod markdown;
mod model;
mod select;
mod times;

use jiff::tz::TimeZone;

use crate::bank::Catalog;
use crate::history::Record;

pub use select::{ReportError, SessionInfo, Which, session, sessions};

/// The session as Markdown. `records` are one session's, in the order answered (as
/// [`session`] returns them); times are shown in `tz`.
pub fn markdown(records: &[&Record], catalog: &Catalog, tz: &TimeZone) -> String {
    let report = model::build(records, catalog);
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = markdown::write(&mut out, &report, tz);
    out
}

/// The session as a JSON object of the shape given in the module documentation.
pub fn json(records: &[&Record], catalog: &Catalog, tz: &TimeZone) -> serde_json::Value {
    json::value(&model::build(records, catalog), tz)
}
