//! The digest of a long history saved beside it, as far as it was read, so that the next
//! read starts where this one stopped: grill only ever appends to a history.
//!
//! The saved digest names what it read by the byte count and a fingerprint of the first
//! and the last bytes read. A history that was replaced, cut short or edited there is
//! read again from its start, and so is one read with another time zone or another
//! grill. A saved digest that cannot be read is ignored, never an error: it only saves
//! time.

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use jiff::tz::TimeZone;
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};

use super::{ConceptKey, Digest, Name, Names, Progress, Tally};
use crate::history::mastery::Mastery;

/// The file a digest is saved in, beside the history.
pub(in crate::history) const FILE_NAME: &str = "history.digest.json";

/// Histories shorter than this are read whole every time: that takes milliseconds.
pub(in crate::history) const WORTH_SAVING: u64 = 1 << 20;

/// How many bytes at each end of what was read make its fingerprint.
const FINGERPRINT_BYTES: u64 = 4096;

#[derive(Serialize, Deserialize)]
struct Saved {
    /// The version of grill that saved it.
    grill: String,
    time_zone: String,
    read: Fingerprint,
    lines: usize,
    warnings: Vec<String>,
    names: Vec<Box<str>>,
    total: Tally,
    sessions: Vec<(Box<str>, Tally)>,
    questions: Vec<((Name, Name), Tally)>,
    days: Vec<i64>,
    seconds_used: f64,
    first: u64,
    last: u64,
    concepts: Vec<(ConceptKey, Mastery)>,
}

/// The first `bytes` of a file, told apart from other contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Fingerprint {
    bytes: u64,
    head: u64,
    tail: u64,
}

impl Fingerprint {
    fn of(file: &mut File, bytes: u64) -> io::Result<Fingerprint> {
        let span = FINGERPRINT_BYTES.min(bytes);
        Ok(Fingerprint {
            bytes,
            head: hash(file, 0, span)?,
            tail: hash(file, bytes - span, span)?,
        })
    }
}

fn hash(file: &mut File, from: u64, length: u64) -> io::Result<u64> {
    let mut bytes = Vec::with_capacity(length as usize);
    file.seek(SeekFrom::Start(from))?;
    file.take(length).read_to_end(&mut bytes)?;
    if (bytes.len() as u64) < length {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let mut hasher = FxHasher::default();
    hasher.write(&bytes);
    Ok(hasher.finish())
}

/// How `tz` is named in a saved digest.
fn time_zone_name(tz: &TimeZone) -> String {
    tz.iana_name()
        .map_or_else(|| format!("{tz:?}"), str::to_owned)
}

/// The digest saved at `path` of what `history` holds, with `history` placed where
/// the digest stopped reading; `None` when there is none that fits.
pub(in crate::history) fn resume(
    path: &Path,
    history: &mut File,
    tz: &TimeZone,
) -> Option<Progress> {
    let bytes = crate::history::files::read(path).ok()?;
    let saved: Saved = serde_json::from_slice(&bytes).ok()?;
    if saved.grill != env!("CARGO_PKG_VERSION") || saved.time_zone != time_zone_name(tz) {
        return None;
    }
    if history.metadata().ok()?.len() < saved.read.bytes
        || Fingerprint::of(history, saved.read.bytes).ok()? != saved.read
    {
        return None;
    }
    history.seek(SeekFrom::Start(saved.read.bytes)).ok()?;
    let mut names = Names::default();
    for name in &saved.names {
        names.id(name);
    }
    if names.names.len() != saved.names.len() {
        return None;
    }
    let digest = Digest {
        tz: tz.clone(),
        names,
        total: saved.total,
        sessions: saved.sessions.into_iter().collect(),
        questions: saved.questions.into_iter().collect(),
        days: saved.days,
        seconds_used: saved.seconds_used,
        first: saved.first,
        last: saved.last,
        concepts: saved.concepts.into_iter().collect(),
        out_of_order: false,
    };
    Some(Progress {
        digest,
        warnings: saved.warnings,
        lines: saved.lines,
        bytes: saved.read.bytes,
        whole_lines: true,
    })
}

/// Saves `progress` at `path`, when the history `history` is at least `worth` bytes
/// long and `progress` stopped at the end of a line of it. Written whole or not at all.
pub(in crate::history) fn save(
    path: &Path,
    history: &mut File,
    progress: &Progress,
    worth: u64,
) -> io::Result<()> {
    let digest = &progress.digest;
    if progress.bytes < worth || !progress.whole_lines || digest.out_of_order {
        return Ok(());
    }
    let saved = Saved {
        grill: env!("CARGO_PKG_VERSION").to_owned(),
        time_zone: time_zone_name(&digest.tz),
        read: Fingerprint::of(history, progress.bytes)?,
        lines: progress.lines,
        warnings: progress.warnings.clone(),
        names: digest.names.names.clone(),
        total: digest.total,
        sessions: digest
            .sessions
            .iter()
            .map(|(k, &v)| (k.clone(), v))
            .collect(),
        questions: digest.questions.iter().map(|(&k, &v)| (k, v)).collect(),
        days: digest.days(),
        seconds_used: digest.seconds_used,
        first: digest.first,
        last: digest.last,
        concepts: digest
            .concepts
            .iter()
            .map(|(&k, v)| (k, v.clone()))
            .collect(),
    };
    let json = serde_json::to_vec(&saved).map_err(io::Error::other)?;
    crate::history::files::replace(path, &json)
}
