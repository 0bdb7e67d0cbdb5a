//! What a history sums to, read one record at a time: the tallies behind the stats and
//! the mastery of every concept, in memory that grows with the rounds and concepts, not
//! with the records.
//!
//! A history file is read in blocks of whole lines that threads parse side by side, each
//! into a block of compact answers; the blocks are then folded in file order, so the
//! review schedule sees the answers in the order they were given. Only ids, times and
//! scores are kept: the answers' text and findings are checked, not stored.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};

use jiff::tz::TimeZone;
use rustc_hash::FxHashMap;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde::{Deserialize, Serialize};

use crate::history::mastery::{Concept, Mastery};
use crate::history::{Record, SCHEMA, local_day};

pub(super) mod saved;

/// The bytes of a history read into one block; a line longer than this makes its block
/// longer.
pub(super) const BLOCK_BYTES: usize = 4 << 20;

/// The id of a name (a bank, question, follow-up or point id) in [`Names`].
type Name = u32;

/// A concept by its names: bank, question, follow-up ([`NO_FOLLOW_UP`] for the main
/// question) and point.
type ConceptKey = [Name; 4];

const NO_FOLLOW_UP: Name = Name::MAX;

/// Sums of a group of answers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(super) struct Tally {
    pub first: u64,
    pub main_total: f64,
    pub mains: usize,
    pub answers: usize,
}

impl Tally {
    pub const EMPTY: Tally = Tally {
        first: u64::MAX,
        main_total: 0.0,
        mains: 0,
        answers: 0,
    };

    fn add(&mut self, time: u64, main_score: Option<f64>) {
        self.first = self.first.min(time);
        self.answers += 1;
        if let Some(score) = main_score {
            self.main_total += score;
            self.mains += 1;
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.first = self.first.min(other.first);
        self.main_total += other.main_total;
        self.mains += other.mains;
        self.answers += other.answers;
    }
}

/// Every distinct name seen, each stored once and known by a small number.
#[derive(Debug, Default)]
struct Names {
    ids: FxHashMap<Box<str>, Name>,
    names: Vec<Box<str>>,
}

impl Names {
    fn id(&mut self, name: &str) -> Name {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = Name::try_from(self.names.len()).unwrap_or(NO_FOLLOW_UP - 1);
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    fn name(&self, id: Name) -> &str {
        &self.names[id as usize]
    }
}

/// A string of a history line, borrowed from it unless it had to be unescaped.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// A history line as the digest reads it: the fields of a [`Record`], the ones it does
/// not keep checked as present and then skipped.
#[derive(Deserialize)]
struct Line<'a> {
    schema: u32,
    time: u64,
    #[serde(borrow)]
    session: Text<'a>,
    #[serde(borrow)]
    bank: Text<'a>,
    #[serde(borrow)]
    question: Text<'a>,
    #[serde(borrow, default)]
    follow_up: Option<Text<'a>>,
    #[serde(rename = "answer")]
    _answer: IgnoredAny,
    score: f64,
    #[serde(borrow)]
    covered: Vec<Text<'a>>,
    #[serde(borrow)]
    missed: Vec<Text<'a>>,
    time_used_secs: f64,
    #[serde(rename = "time_allowed_secs")]
    _time_allowed_secs: IgnoredAny,
    #[serde(rename = "time_up")]
    _time_up: IgnoredAny,
}

/// One answer, its names numbered in the [`Names`] of the block or digest that holds it.
#[derive(Debug, Clone, Copy)]
struct Answered {
    time: u64,
    day: i64,
    bank: Name,
    question: Name,
    follow_up: Name,
    score: f64,
    time_used_secs: f64,
    /// Its points in the holder's `points`: covered ones first.
    points: (u32, u32),
    covered: u32,
}

/// The answers of a run of whole lines of a history file, parsed on its own.
pub(super) struct Block {
    names: Names,
    /// The rounds the answers belong to, with their tallies.
    sessions: FxHashMap<Box<str>, Tally>,
    answers: Vec<Answered>,
    points: Vec<Name>,
    /// The lines skipped, numbered from 1 within the block, and why.
    pub skipped: Vec<(usize, String)>,
    pub lines: usize,
}

impl Block {
    /// The answers of `text`, whole lines of a history file, with days counted in `tz`.
    pub fn parse(text: &[u8], tz: &TimeZone) -> Block {
        let mut block = Block {
            names: Names::default(),
            sessions: FxHashMap::default(),
            answers: Vec::new(),
            points: Vec::new(),
            skipped: Vec::new(),
            lines: 0,
        };
        if text.is_empty() {
            return block;
        }
        let body = text.strip_suffix(b"\n").unwrap_or(text);
        // Text known to be UTF-8 is parsed without checking each string again.
        let checked = std::str::from_utf8(body).ok();
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', body).chain([body.len()]);
        for (index, end) in ends.enumerate() {
            let (line, at) = (&body[start..end], start..end);
            start = end + 1;
            block.lines = index + 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = match checked {
                Some(body) => serde_json::from_str::<Line>(&body[at]),
                None => serde_json::from_slice::<Line>(line),
            };
            match parsed {
                Ok(line) if line.schema == SCHEMA => block.push(&line, tz),
                Ok(line) => block.skipped.push((index + 1, other_schema(line.schema))),
                Err(error) => block.skipped.push((index + 1, unreadable(line, &error))),
            }
        }
        block
    }

    fn push(&mut self, line: &Line<'_>, tz: &TimeZone) {
        let main_score = line.follow_up.is_none().then_some(line.score);
        add_to_session(&mut self.sessions, &line.session.0, line.time, main_score);
        let start = self.points.len() as u32;
        for point in line.covered.iter().chain(&line.missed) {
            let id = self.names.id(&point.0);
            self.points.push(id);
        }
        self.answers.push(Answered {
            time: line.time,
            day: local_day(line.time, tz),
            bank: self.names.id(&line.bank.0),
            question: self.names.id(&line.question.0),
            follow_up: line
                .follow_up
                .as_ref()
                .map_or(NO_FOLLOW_UP, |f| self.names.id(&f.0)),
            score: line.score,
            time_used_secs: line.time_used_secs,
            points: (start, self.points.len() as u32),
            covered: line.covered.len() as u32,
        });
    }
}

/// Reads the next block of whole lines of `reader` into `text`: first `carried`, the start
/// of a line the block before cut off, then about `block_bytes` more, leaving in
/// `carried` the start of a line this block cuts off. Whether `reader` ended.
fn next_block(
    reader: &mut impl Read,
    text: &mut Vec<u8>,
    carried: &mut Vec<u8>,
    block_bytes: usize,
) -> io::Result<bool> {
    text.clear();
    text.append(carried);
    loop {
        let read = reader.take(block_bytes as u64).read_to_end(text)?;
        if read < block_bytes {
            return Ok(true);
        }
        if let Some(newline) = memchr::memrchr(b'\n', text) {
            carried.extend_from_slice(&text[newline + 1..]);
            text.truncate(newline + 1);
            return Ok(false);
        }
        // A line longer than a block: read on until it ends.
    }
}

/// What a thread returned; its panic carries on in the caller.
fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Adds an answer given at `time` to the tally of `session` in `sessions`.
fn add_to_session(
    sessions: &mut FxHashMap<Box<str>, Tally>,
    session: &str,
    time: u64,
    main_score: Option<f64>,
) {
    match sessions.get_mut(session) {
        Some(tally) => tally.add(time, main_score),
        None => {
            let mut tally = Tally::EMPTY;
            tally.add(time, main_score);
            sessions.insert(session.into(), tally);
        }
    }
}

/// Why a line of another schema was skipped.
pub(super) fn other_schema(schema: u32) -> String {
    format!("skipped a record of schema {schema} (this grill reads {SCHEMA})")
}

/// Why `line`, which did not parse as a record (`error`), was skipped: a record of
/// another schema, or a damaged line, its column counted in the line.
pub(super) fn unreadable(line: &[u8], error: &serde_json::Error) -> String {
    #[derive(Deserialize)]
    struct Schema {
        schema: u32,
    }
    match serde_json::from_slice::<Schema>(line) {
        Ok(Schema { schema }) if schema != SCHEMA => other_schema(schema),
        _ => format!(
            "skipped a damaged line ({} at column {}); it is left in the file",
            error
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default(),
            error.column()
        ),
    }
}

/// What a history sums to.
#[derive(Debug)]
pub struct Digest {
    tz: TimeZone,
    names: Names,
    pub(super) total: Tally,
    sessions: FxHashMap<Box<str>, Tally>,
    questions: FxHashMap<(Name, Name), Tally>,
    /// The days with an answer, as they came; sorted and made distinct by [`Digest::days`].
    days: Vec<i64>,
    pub(super) seconds_used: f64,
    pub(super) first: u64,
    pub(super) last: u64,
    concepts: FxHashMap<ConceptKey, Mastery>,
    /// Whether an answer came after one given later: the schedule then needs the
    /// answers sorted by time, and the digest is made again from them.
    pub(super) out_of_order: bool,
}

impl Digest {
    /// An empty history, whose days will be counted in `tz`.
    pub fn new(tz: &TimeZone) -> Digest {
        Digest {
            tz: tz.clone(),
            names: Names::default(),
            total: Tally::EMPTY,
            sessions: FxHashMap::default(),
            questions: FxHashMap::default(),
            days: Vec::new(),
            seconds_used: 0.0,
            first: u64::MAX,
            last: 0,
            concepts: FxHashMap::default(),
            out_of_order: false,
        }
    }

    /// The digest of `records`, taken in time order (the order of the file for answers
    /// given in the same second), with days counted in `tz`.
    pub fn of_records<'r>(records: impl IntoIterator<Item = &'r Record>, tz: &TimeZone) -> Self {
        let mut ordered: Vec<&Record> = records.into_iter().collect();
        ordered.sort_by_key(|r| r.time);
        let mut digest = Digest::new(tz);
        for record in ordered {
            digest.add(record);
        }
        digest
    }

    /// Folds in one more answer.
    pub fn add(&mut self, record: &Record) {
        let main_score = record.follow_up.is_none().then_some(record.score);
        add_to_session(&mut self.sessions, &record.session, record.time, main_score);
        let points = self.point_names(record);
        let answered = Answered {
            time: record.time,
            day: local_day(record.time, &self.tz),
            bank: self.names.id(&record.bank),
            question: self.names.id(&record.question),
            follow_up: record
                .follow_up
                .as_deref()
                .map_or(NO_FOLLOW_UP, |f| self.names.id(f)),
            score: record.score,
            time_used_secs: record.time_used_secs,
            points: (0, 0),
            covered: record.covered.len() as u32,
        };
        self.fold(&answered, &points);
    }

    /// The names of `record`'s points, covered ones first.
    fn point_names(&mut self, record: &Record) -> Vec<Name> {
        record
            .covered
            .iter()
            .chain(&record.missed)
            .map(|point| self.names.id(point))
            .collect()
    }

    /// Folds in the answers of `block`, which come after every answer folded so far.
    pub(super) fn absorb(&mut self, block: &Block) {
        for (session, tally) in &block.sessions {
            match self.sessions.get_mut(session) {
                Some(sum) => sum.merge(tally),
                None => {
                    self.sessions.insert(session.clone(), *tally);
                }
            }
        }
        let names: Vec<Name> = block
            .names
            .names
            .iter()
            .map(|name| self.names.id(name))
            .collect();
        let rename = |id: Name| {
            if id == NO_FOLLOW_UP {
                id
            } else {
                names[id as usize]
            }
        };
        let mut points = Vec::new();
        for answered in &block.answers {
            let (start, end) = answered.points;
            points.clear();
            points.extend(
                block.points[start as usize..end as usize]
                    .iter()
                    .map(|&p| rename(p)),
            );
            let answered = Answered {
                bank: rename(answered.bank),
                question: rename(answered.question),
                follow_up: rename(answered.follow_up),
                ..*answered
            };
            self.fold(&answered, &points);
        }
    }

    /// Folds in `answered`, whose points are `points` (covered ones first), in this
    /// digest's names.
    fn fold(&mut self, answered: &Answered, points: &[Name]) {
        let &Answered { time, day, .. } = answered;
        let main_score = (answered.follow_up == NO_FOLLOW_UP).then_some(answered.score);
        self.total.add(time, main_score);
        self.questions
            .entry((answered.bank, answered.question))
            .or_insert(Tally::EMPTY)
            .add(time, main_score);
        // Answers come in time order, so most share the day of the one before.
        if self.days.last() != Some(&day) {
            self.days.push(day);
        }
        self.seconds_used += answered.time_used_secs.max(0.0);
        self.out_of_order |= time < self.last;
        self.first = self.first.min(time);
        self.last = self.last.max(time);

        let (covered, missed) = points.split_at(answered.covered as usize);
        let key = |point: Name| [answered.bank, answered.question, answered.follow_up, point];
        for &point in missed {
            self.concepts
                .entry(key(point))
                .or_insert_with(|| Mastery::fresh(time, day))
                .missed(time, day);
        }
        for &point in covered {
            self.concepts
                .entry(key(point))
                .or_insert_with(|| Mastery::fresh(time, day))
                .covered(time, day);
        }
    }

    /// Whether no answer was folded in.
    pub fn is_empty(&self) -> bool {
        self.total.answers == 0
    }

    /// The time zone days are counted in.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The distinct days with an answer, in order.
    pub(super) fn days(&self) -> Vec<i64> {
        let mut days = self.days.clone();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// Each round by its session id, with its tally.
    pub(super) fn sessions(&self) -> impl Iterator<Item = (&str, &Tally)> {
        self.sessions
            .iter()
            .map(|(session, tally)| (&**session, tally))
    }

    /// Each question answered, by bank and question id, with its tally.
    pub(super) fn questions(&self) -> impl Iterator<Item = ((&str, &str), &Tally)> {
        self.questions.iter().map(|(&(bank, question), tally)| {
            ((self.names.name(bank), self.names.name(question)), tally)
        })
    }

    /// Where every concept answered stands.
    pub fn mastery(&self) -> BTreeMap<Concept, Mastery> {
        self.concepts
            .iter()
            .map(|(&[bank, question, follow_up, point], mastery)| {
                let concept = Concept {
                    bank: self.names.name(bank).to_owned(),
                    question: self.names.name(question).to_owned(),
                    follow_up: (follow_up != NO_FOLLOW_UP)
                        .then(|| self.names.name(follow_up).to_owned()),
                    point: self.names.name(point).to_owned(),
                };
                (concept, mastery.clone())
            })
            .collect()
    }
}

/// A digest as far as a history file was read.
#[derive(Debug)]
pub(super) struct Progress {
    pub digest: Digest,
    /// A warning for every line skipped, naming it as `file:line`.
    pub warnings: Vec<String>,
    /// The lines read.
    pub lines: usize,
    /// The bytes read.
    pub bytes: u64,
    /// Whether what was read ends with a whole line (or is empty).
    pub whole_lines: bool,
}

impl Progress {
    /// Nothing read yet; days will be counted in `tz`.
    pub fn start(tz: &TimeZone) -> Progress {
        Progress {
            digest: Digest::new(tz),
            warnings: Vec::new(),
            lines: 0,
            bytes: 0,
            whole_lines: true,
        }
    }
}

/// `progress` carried on over the rest of the history `reader` holds, read a block per
/// thread at a time; skipped lines are named as `label:line`.
pub(super) fn read(
    mut reader: impl Read,
    label: &str,
    progress: Progress,
    threads: usize,
    block_bytes: usize,
) -> io::Result<Progress> {
    let Progress {
        mut digest,
        mut warnings,
        lines: mut lines_before,
        mut bytes,
        mut whole_lines,
    } = progress;
    let tz = &digest.tz.clone();
    let mut fold = |blocks: Vec<Block>| {
        for block in &blocks {
            digest.absorb(block);
            warnings.extend(
                block
                    .skipped
                    .iter()
                    .map(|(line, why)| format!("{label}:{}: {why}", lines_before + line)),
            );
            lines_before += block.lines;
        }
    };
    let threads = threads.max(1);
    // The start of a line the last block cut off, carried to the next.
    let mut carried: Vec<u8> = Vec::new();
    // Blocks already folded, whose room is used again.
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let mut ended = false;
    std::thread::scope(|scope| -> io::Result<()> {
        // A block per thread is parsed while the next are read and the ones before
        // folded.
        let mut parsing = None;
        while !ended {
            let mut texts = Vec::with_capacity(threads);
            while texts.len() < threads && !ended {
                let mut text = spare.pop().unwrap_or_default();
                ended = next_block(&mut reader, &mut text, &mut carried, block_bytes)?;
                if !text.is_empty() {
                    bytes += text.len() as u64;
                    whole_lines = text.ends_with(b"\n");
                }
                texts.push(text);
            }
            let next = scope.spawn(move || {
                let blocks = crate::parallel::map(&texts, |text| Block::parse(text, tz));
                (texts, blocks)
            });
            if let Some((texts, blocks)) = parsing.replace(next).map(join) {
                fold(blocks);
                spare.extend(texts);
            }
        }
        if let Some((_, blocks)) = parsing.map(join) {
            fold(blocks);
        }
        Ok(())
    })?;
    Ok(Progress {
        digest,
        warnings,
        lines: lines_before,
        bytes,
        whole_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Catalog;
    use crate::history::stats;

    const DAY: u64 = 24 * 60 * 60;
    /// 2026-11-02 00:00 UTC, a Monday.
    const MONDAY: u64 = 1_793_577_600;

    /// Answers over three weeks: rounds of a main question and a follow-up, points
    /// covered and missed in turn.
    fn history() -> Vec<Record> {
        (0..90u64)
            .map(|n| {
                let (covered, missed) = if n % 3 == 0 {
                    (vec!["a".to_owned()], vec!["b".to_owned(), "c".to_owned()])
                } else {
                    (vec!["b".to_owned(), "c".to_owned()], vec!["a".to_owned()])
                };
                Record {
                    schema: SCHEMA,
                    time: MONDAY + n * DAY / 4,
                    session: format!("s{}", n / 2),
                    bank: "bank".to_owned(),
                    question: format!("q{}", n % 4),
                    follow_up: (n % 2 == 1).then(|| "deeper".to_owned()),
                    answer: "it said \"so\"\nover two lines".to_owned(),
                    score: (n * 7 % 100) as f64,
                    covered,
                    missed,
                    time_used_secs: 30.0 + n as f64,
                    time_allowed_secs: 120.0,
                    time_up: n % 5 == 0,
                    findings: Default::default(),
                }
            })
            .collect()
    }

    fn file_of(records: &[Record]) -> String {
        let mut lines: Vec<String> = records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        lines.insert(7, "{\"schema\": 1, \"torn".to_owned());
        lines.insert(
            40,
            serde_json::to_string(&records[0])
                .unwrap()
                .replace("\"schema\":1", "\"schema\":9"),
        );
        lines.insert(41, String::new());
        lines.join("\n") + "\n"
    }

    #[test]
    fn a_history_read_in_blocks_sums_to_what_its_records_do() {
        let records = history();
        let text = file_of(&records);
        let tz = TimeZone::fixed(jiff::tz::offset(-5));
        let catalog = Catalog::from_banks(Vec::new());
        let now = MONDAY + 30 * DAY;
        let expected = stats::stats(&records, &catalog, now, &tz);
        let expected_warnings = super::super::parse(text.as_bytes(), "h", 1).warnings;
        assert_eq!(expected_warnings.len(), 2, "{expected_warnings:?}");
        for block_bytes in [1, 100, 1000, 1 << 20] {
            for threads in 1..=3 {
                let Progress {
                    digest, warnings, ..
                } = read(
                    text.as_bytes(),
                    "h",
                    Progress::start(&tz),
                    threads,
                    block_bytes,
                )
                .unwrap();
                let case = format!("{block_bytes} bytes, {threads} threads");
                assert!(!digest.out_of_order, "{case}");
                assert_eq!(stats::of_digest(&digest, &catalog, now), expected, "{case}");
                assert_eq!(
                    digest.mastery(),
                    Digest::of_records(&records, &tz).mastery()
                );
                assert_eq!(warnings, expected_warnings, "{case}");
            }
        }
    }

    #[test]
    fn ids_written_with_escapes_are_read_as_they_were() {
        let mut record = history().remove(0);
        record.session = "a \"quoted\" session".to_owned();
        record.missed = vec!["tab\there".to_owned()];
        let text = serde_json::to_string(&record).unwrap();
        let Progress {
            digest, warnings, ..
        } = read(text.as_bytes(), "h", Progress::start(&TimeZone::UTC), 1, 64).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let sessions: Vec<&str> = digest.sessions().map(|(s, _)| s).collect();
        assert_eq!(sessions, ["a \"quoted\" session"]);
        let points: Vec<String> = digest.mastery().into_keys().map(|c| c.point).collect();
        assert_eq!(points, ["a", "tab\there"]);
    }

    #[test]
    fn answers_written_out_of_time_order_are_scheduled_in_time_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::history::Store::open(dir.path()).unwrap();
        let mut records = history();
        records.truncate(6);
        // A clock set back: the last answer written was given first.
        records[5].time = MONDAY - DAY;
        for record in &records {
            store.append(record).unwrap();
        }
        let (digest, warnings) = store.digest(&TimeZone::UTC).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let in_file_order = read(
            std::fs::File::open(store.path()).unwrap(),
            "h",
            Progress::start(&TimeZone::UTC),
            1,
            BLOCK_BYTES,
        )
        .unwrap()
        .digest;
        assert!(in_file_order.out_of_order);
        let sorted = Digest::of_records(&records, &TimeZone::UTC).mastery();
        assert_ne!(in_file_order.mastery(), sorted);
        assert_eq!(digest.mastery(), sorted);
    }

    #[test]
    fn a_missing_history_sums_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::history::Store::open(dir.path()).unwrap();
        let (digest, warnings) = store.digest(&TimeZone::UTC).unwrap();
        assert!(digest.is_empty() && warnings.is_empty());
        assert!(digest.mastery().is_empty());
    }
}
