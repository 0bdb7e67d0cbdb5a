//! The history of answers: an append-only JSON Lines file in the data folder, one record
//! per submitted answer, written (and synced to disk) the moment it is submitted, so a
//! crash or a closed terminal loses nothing already answered.
//!
//! Reading never rewrites the file: a damaged or torn line is skipped with a warning
//! that names its line, and left where it is.
//!
//! Beside it: [`draft`] keeps the round in progress so it can be resumed, [`mastery`]
//! schedules the review of missed concepts, and [`stats`] sums up progress.

use std::fs;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

pub use digest::Digest;

use crate::bank::Severity;
use crate::scoring::{Flag, Report};

pub mod digest;
pub mod draft;
mod files;
pub mod mastery;
pub mod stats;

/// The version of the record format this build writes and reads.
pub const SCHEMA: u32 = 1;

/// The file the records go to, inside the data folder.
pub const FILE_NAME: &str = "history.jsonl";

/// The folder reports are saved in, inside the data folder.
pub const REPORTS: &str = "reports";

/// One submitted answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub schema: u32,
    /// Seconds since the Unix epoch.
    pub time: u64,
    /// The round the answer belongs to.
    pub session: String,
    pub bank: String,
    pub question: String,
    /// Set for a follow-up's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    pub answer: String,
    pub score: f64,
    pub covered: Vec<String>,
    pub missed: Vec<String>,
    pub time_used_secs: f64,
    pub time_allowed_secs: f64,
    pub time_up: bool,
    /// What else the scorer found, as it stood when the answer was scored.
    #[serde(default, skip_serializing_if = "Findings::is_empty")]
    pub findings: Findings,
}

/// Red flags, deductions and shape flags of a scored answer, kept with it so a report
/// shows what was scored at the time rather than a re-score with today's rubric.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Findings {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flags: Vec<StatedRedFlag>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deductions: Vec<StatedDeduction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
}

/// A misconception or pushback an answer stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatedRedFlag {
    pub note: String,
    pub severity: Severity,
    /// The answer's words that stated it.
    pub said: Vec<String>,
    /// Score points it took off.
    pub cost: f64,
}

/// Score points taken off an answer, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatedDeduction {
    pub reason: String,
    pub points: f64,
}

impl Findings {
    /// The findings of `report` beyond its points.
    pub fn of(report: &Report<'_>) -> Self {
        Findings {
            red_flags: report
                .red_flags
                .iter()
                .map(|hit| {
                    let mut said: Vec<String> = Vec::new();
                    for evidence in &hit.evidence {
                        let line = evidence.one_line();
                        if !said.contains(&line) {
                            said.push(line);
                        }
                    }
                    StatedRedFlag {
                        note: hit.red_flag.note.clone(),
                        severity: hit.red_flag.severity,
                        said,
                        cost: hit.cost,
                    }
                })
                .collect(),
            deductions: report
                .deductions
                .iter()
                .map(|d| StatedDeduction {
                    reason: report.deduction_label(d),
                    points: d.points,
                })
                .collect(),
            flags: report.flags.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.red_flags.is_empty() && self.deductions.is_empty() && self.flags.is_empty()
    }
}

/// Why the history could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot create the data folder {path}: {source}")]
    CreateFolder {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("the data folder {path} is not safe to keep answers in: {why}")]
    UnsafeFolder { path: String, why: String },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// What reading the history found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Loaded {
    pub records: Vec<Record>,
    /// One line per line skipped, naming the file and line.
    pub warnings: Vec<String>,
}

/// The history file of a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// The history of `data_dir`, creating the folder (private to the user) if needed.
    /// A folder that is a link, someone else's or writable by others is refused.
    pub fn open(data_dir: &Path) -> Result<Store, HistoryError> {
        files::private_folder(data_dir).map_err(|source| HistoryError::CreateFolder {
            path: data_dir.display().to_string(),
            source,
        })?;
        if let Some(why) = files::unsafe_folder(data_dir) {
            return Err(HistoryError::UnsafeFolder {
                path: data_dir.display().to_string(),
                why,
            });
        }
        Ok(Store {
            path: data_dir.join(FILE_NAME),
        })
    }

    /// The history of `data_dir` for reading only: a missing folder is an empty
    /// history and is not created. A folder that is there is checked as
    /// [`Store::open`] checks it.
    pub fn to_read(data_dir: &Path) -> Result<Store, HistoryError> {
        if fs::symlink_metadata(data_dir).is_ok()
            && let Some(why) = files::unsafe_folder(data_dir)
        {
            return Err(HistoryError::UnsafeFolder {
                path: data_dir.display().to_string(),
                why,
            });
        }
        Ok(Store {
            path: data_dir.join(FILE_NAME),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the history could not be read.
    fn read_error(&self, source: io::Error) -> HistoryError {
        HistoryError::Read {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Appends `record` as one line with a single write to a file opened for appending,
    /// then syncs it to disk. Two processes appending at once never interleave lines.
    pub fn append(&self, record: &Record) -> Result<(), HistoryError> {
        let error = |source| HistoryError::Write {
            path: self.path.display().to_string(),
            source,
        };
        let mut line = serde_json::to_vec(record).map_err(|e| error(io::Error::other(e)))?;
        line.push(b'\n');
        let mut file = files::open_to_append(&self.path).map_err(error)?;
        // After a crash mid-write the file ends inside a line; the record starts a line
        // of its own rather than being glued to the torn one.
        if !ends_a_line(&file).map_err(error)? {
            line.insert(0, b'\n');
        }
        let written = file.write(&line).map_err(error)?;
        if written != line.len() {
            return Err(error(io::Error::new(
                io::ErrorKind::WriteZero,
                "the record was only partly written",
            )));
        }
        file.sync_data().map_err(error)
    }

    /// Every record, skipping (and reporting) lines that are damaged, torn or of another
    /// schema. A missing file is an empty history.
    pub fn load(&self) -> Result<Loaded, HistoryError> {
        let text = match files::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::default()),
            Err(source) => {
                return Err(self.read_error(source));
            }
        };
        Ok(parse(&text, &self.path.display().to_string(), threads()))
    }

    /// Saves `text` as the report `file_name` in the data folder's `reports/` (created
    /// private to the user), replacing one of that name; the path it was saved to.
    pub fn save_report(&self, file_name: &str, text: &str) -> Result<PathBuf, HistoryError> {
        let folder = self.path.with_file_name(REPORTS);
        let path = folder.join(file_name);
        files::private_folder(&folder)
            .and_then(|()| files::replace(&path, text.as_bytes()))
            .map_err(|source| HistoryError::Write {
                path: path.display().to_string(),
                source,
            })?;
        Ok(path)
    }

    /// The records of the round `session`, read a line at a time: only lines that
    /// hold its id are parsed. Damaged lines are passed over, as [`Store::load`] does.
    pub fn session(&self, session: &str) -> Result<Vec<Record>, HistoryError> {
        let error = |source| self.read_error(source);
        let file = match files::open_to_read(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(error(source)),
        };
        let finder = memchr::memmem::Finder::new(session.as_bytes());
        let mut reader = io::BufReader::new(file);
        let mut line = Vec::new();
        let mut records = Vec::new();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).map_err(error)? == 0 {
                return Ok(records);
            }
            if finder.find(&line).is_none() {
                continue;
            }
            if let Ok(record) = serde_json::from_slice::<Record>(&line)
                && record.schema == SCHEMA
                && record.session == session
            {
                records.push(record);
            }
        }
    }

    /// What the history sums to, read a block at a time without keeping the records,
    /// and a warning for every line skipped. A missing file is an empty history.
    pub fn digest(&self, tz: &TimeZone) -> Result<(Digest, Vec<String>), HistoryError> {
        self.digest_saving(tz, digest::saved::WORTH_SAVING)
    }

    /// [`Store::digest`], starting from the digest saved beside the history and saving
    /// it again when the history is at least `worth` bytes long.
    fn digest_saving(
        &self,
        tz: &TimeZone,
        worth: u64,
    ) -> Result<(Digest, Vec<String>), HistoryError> {
        let error = |source| self.read_error(source);
        let mut file = match files::open_to_read(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Digest::new(tz), vec![])),
            Err(source) => return Err(error(source)),
        };
        let saved_at = self.path.with_file_name(digest::saved::FILE_NAME);
        let resumed = match digest::saved::resume(&saved_at, &mut file, tz) {
            Some(progress) => progress,
            None => {
                file.rewind().map_err(error)?;
                digest::Progress::start(tz)
            }
        };
        let read_before = resumed.bytes;
        let label = self.path.display().to_string();
        let progress =
            digest::read(&file, &label, resumed, threads(), digest::BLOCK_BYTES).map_err(error)?;
        if progress.digest.out_of_order {
            // Answers were written out of time order (a clock set back): the schedule
            // needs them sorted, which takes every record at once.
            let loaded = self.load()?;
            return Ok((Digest::of_records(&loaded.records, tz), loaded.warnings));
        }
        if progress.bytes > read_before {
            // Saving only spares the next read time: a failure loses nothing.
            let _ = digest::saved::save(&saved_at, &mut file, &progress, worth);
        }
        Ok((progress.digest, progress.warnings))
    }
}

/// How many threads share the parsing of a history.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The records of a history file's `text`, skipping (and reporting, with `label` and
/// the line) lines that are damaged or of another schema. Parsing is most of the time
/// of a long history, so `threads` threads each take a share of the lines.
fn parse(text: &[u8], label: &str, threads: usize) -> Loaded {
    let chunks = split_at_lines(text, threads);
    let parsed: Vec<Chunk> = crate::parallel::map(&chunks, |chunk| parse_chunk(chunk));
    let mut loaded = Loaded::default();
    let mut lines_before = 0;
    for chunk in parsed {
        loaded.records.extend(chunk.records);
        loaded.warnings.extend(
            chunk
                .skipped
                .into_iter()
                .map(|(line, why)| format!("{label}:{}: {why}", lines_before + line)),
        );
        lines_before += chunk.lines;
    }
    loaded
}

/// What one share of the lines held.
struct Chunk {
    records: Vec<Record>,
    /// The lines skipped, numbered from 1 within the chunk, and why.
    skipped: Vec<(usize, String)>,
    lines: usize,
}

/// `text` cut into at most `parts` pieces of about the same size, each ending at the
/// end of a line (or of the text).
fn split_at_lines(text: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut chunks = Vec::with_capacity(parts);
    let mut rest = text;
    for left in (1..=parts.max(1)).rev() {
        if rest.is_empty() {
            break;
        }
        let target = rest.len() / left;
        let cut = match rest[target..].iter().position(|b| *b == b'\n') {
            Some(newline) if left > 1 => target + newline + 1,
            _ => rest.len(),
        };
        chunks.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    chunks
}

fn parse_chunk(chunk: &[u8]) -> Chunk {
    let mut parsed = Chunk {
        records: Vec::new(),
        skipped: Vec::new(),
        lines: 0,
    };
    let body = chunk.strip_suffix(b"\n").unwrap_or(chunk);
    for (index, line) in body.split(|b| *b == b'\n').enumerate() {
        parsed.lines = index + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(record) if record.schema == SCHEMA => parsed.records.push(record),
            Ok(record) => parsed
                .skipped
                .push((index + 1, digest::other_schema(record.schema))),
            Err(error) => parsed
                .skipped
                .push((index + 1, digest::unreadable(line, &error))),
        }
    }
    parsed
}

/// Whether `file` is empty or ends with a newline.
fn ends_a_line(file: &fs::File) -> io::Result<bool> {
    let length = file.metadata()?.len();
    if length == 0 {
        return Ok(true);
    }
    let mut reader = file;
    reader.seek(SeekFrom::End(-1))?;
    let mut last = [0];
    reader.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// The calendar day of `time` (seconds since the Unix epoch) in `tz`, counted in days
/// since 1970-01-01: two answers share a day when they were given on the same date
/// where the user lives.
pub fn local_day(time: u64, tz: &TimeZone) -> i64 {
    let seconds = i64::try_from(time).unwrap_or(i64::MAX);
    let offset =
        jiff::Timestamp::from_second(seconds).map_or(0, |t| i64::from(tz.to_offset(t).seconds()));
    (seconds + offset).div_euclid(24 * 60 * 60)
}

/// Seconds since the Unix epoch, now.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests;
