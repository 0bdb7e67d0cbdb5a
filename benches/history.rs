//! History speed and memory: reading a history of 100,000 answers, the mastery of its
//! concepts, the progress figures of the stats screen, and all of it together, as
//! `grill stats` does it. The history is made up at the start, in a temporary folder,
//! from the questions and points of the built-in banks.
//!
//! `grill stats` itself reads the history a block at a time into a digest, and saves the
//! digest beside it for the next run; both are timed.
//!
//! A counting allocator measures the peak heap of loading and aggregating, printed once
//! before the timings.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use grill::bank::Catalog;
use grill::history::mastery::mastery;
use grill::history::stats::{of_digest, stats};
use grill::history::{FILE_NAME, Record, SCHEMA, Store};
use jiff::tz::TimeZone;

/// Counts the bytes held on the heap while [`COUNTING`] is set, and the most held at
/// once, so the timings do not pay for the counting.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
/// Bytes allocated less bytes freed since counting began: below zero when more was
/// freed than allocated since.
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

impl Counting {
    fn grew(size: usize) {
        if COUNTING.load(Ordering::Relaxed) {
            let size = isize::try_from(size).unwrap_or(isize::MAX);
            let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
    }

    fn shrank(size: usize) {
        if COUNTING.load(Ordering::Relaxed) {
            let size = isize::try_from(size).unwrap_or(isize::MAX);
            CURRENT.fetch_sub(size, Ordering::Relaxed);
        }
    }

    /// The peak heap of `run`, over what was held before it.
    fn peak<T>(run: impl FnOnce() -> T) -> (T, usize) {
        CURRENT.store(0, Ordering::Relaxed);
        PEAK.store(0, Ordering::Relaxed);
        COUNTING.store(true, Ordering::Relaxed);
        let out = run();
        COUNTING.store(false, Ordering::Relaxed);
        (
            out,
            usize::try_from(PEAK.load(Ordering::Relaxed)).unwrap_or(0),
        )
    }
}

// SAFETY: every call goes straight to the system allocator; the counting only reads
// sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            Counting::grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            Counting::grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(pointer, layout) };
        Counting::shrank(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; `new_size` is the caller's.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            Counting::shrank(layout.size());
            Counting::grew(new_size);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const RECORDS: usize = 100_000;
const ANSWERS_PER_ROUND: usize = 5;
const DAYS: u64 = 200;
/// 2026-01-01 00:00 UTC.
const START: u64 = 1_767_225_600;

/// Prose to cut answers of about 60 words from.
const PROSE: &str = "Provisioned concurrency keeps execution environments initialised so it \
takes away cold starts but our trouble was the database. Each Lambda environment serves one \
request at a time with its own connection, so at peak we hit max_connections on RDS. On ECS \
Fargate one Node.js process serves many requests and shares a small pool that lives as long \
as the task. We replaced serverless-http with a standalone Express server, moved the clients \
to startup, added a health check that reports ready only when the pool is warm, and handled \
SIGTERM by closing the server, draining in-flight requests and ending the pool before the \
stop timeout. Images were multi-stage builds on a slim base, tagged by commit and pinned by \
digest. We measured p99 latency and error rate before and after over four weeks of matches, \
and the forty percent came from fewer timeouts and connection errors at the same traffic.";

/// A small deterministic generator (SplitMix64), so every run reads the same history.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What can be answered: bank, question, follow-up (if any) and the point ids.
struct Askable {
    bank: String,
    question: String,
    follow_up: Option<String>,
    points: Vec<String>,
}

fn askables(catalog: &Catalog) -> (Vec<Askable>, Vec<Vec<Askable>>) {
    let mut mains = Vec::new();
    let mut follow_ups = Vec::new();
    for bank in catalog.banks() {
        for question in &bank.questions {
            mains.push(Askable {
                bank: bank.id.clone(),
                question: question.id.clone(),
                follow_up: None,
                points: question
                    .rubric
                    .points
                    .iter()
                    .map(|p| p.id.clone())
                    .collect(),
            });
            follow_ups.push(
                question
                    .follow_ups
                    .iter()
                    .map(|f| Askable {
                        bank: bank.id.clone(),
                        question: question.id.clone(),
                        follow_up: Some(f.id.clone()),
                        points: f.rubric.points.iter().map(|p| p.id.clone()).collect(),
                    })
                    .collect(),
            );
        }
    }
    (mains, follow_ups)
}

/// Writes a history of `RECORDS` answers to `dir`: rounds of `ANSWERS_PER_ROUND` (main
/// answers, each followed by a follow-up about half the time), spread over `DAYS` days.
fn make_history(dir: &Path, catalog: &Catalog) -> u64 {
    let (mains, follow_ups) = askables(catalog);
    let words: Vec<&str> = PROSE.split_whitespace().collect();
    let mut random = Random(1);
    let path = dir.join(FILE_NAME);
    let mut out = BufWriter::new(File::create(&path).expect("the history can be written"));
    let rounds = RECORDS.div_ceil(ANSWERS_PER_ROUND);
    let mut written = 0;
    for round in 0..rounds {
        let session = format!("{:016x}", random.next());
        let mut time = START + round as u64 * DAYS * 86_400 / rounds as u64;
        let mut in_round = 0;
        while in_round < ANSWERS_PER_ROUND && written < RECORDS {
            let main = random.below(mains.len());
            let mut asked = vec![&mains[main]];
            let offered = &follow_ups[main];
            if !offered.is_empty() && random.below(2) == 0 {
                asked.push(&offered[random.below(offered.len())]);
            }
            for askable in asked {
                if in_round == ANSWERS_PER_ROUND || written == RECORDS {
                    break;
                }
                let (mut covered, mut missed) = (Vec::new(), Vec::new());
                for point in &askable.points {
                    if random.below(100) < 60 {
                        covered.push(point.clone());
                    } else {
                        missed.push(point.clone());
                    }
                }
                let length = 45 + random.below(31);
                let from = random.below(words.len() - length);
                let score = (100 * covered.len() / askable.points.len().max(1)) as f64;
                let record = Record {
                    schema: SCHEMA,
                    time,
                    session: session.clone(),
                    bank: askable.bank.clone(),
                    question: askable.question.clone(),
                    follow_up: askable.follow_up.clone(),
                    answer: words[from..from + length].join(" "),
                    score,
                    covered,
                    missed,
                    time_used_secs: 20.0 + random.below(100) as f64 + 0.25,
                    time_allowed_secs: 120.0,
                    time_up: random.below(20) == 0,
                    findings: Default::default(),
                };
                serde_json::to_writer(&mut out, &record).expect("a record serialises");
                out.write_all(b"\n").expect("the history can be written");
                time += 60 + random.below(120) as u64;
                in_round += 1;
                written += 1;
            }
        }
    }
    out.flush().expect("the history can be written");
    std::fs::metadata(&path).map_or(0, |m| m.len())
}

fn history(c: &mut Criterion) {
    let catalog = Catalog::built_in().expect("built-in banks load");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bytes = make_history(dir.path(), &catalog);
    let store = Store::open(dir.path()).expect("the history opens");
    let tz = TimeZone::UTC;
    let now = START + DAYS * 86_400;

    // What `grill stats` holds at most.
    let ((loaded, figures), peak) = Counting::peak(|| {
        let loaded = store.load().expect("the history loads");
        let figures = stats(&loaded.records, &catalog, now, &tz);
        (loaded, figures)
    });
    assert_eq!(loaded.records.len(), RECORDS);
    assert!(loaded.warnings.is_empty());
    println!(
        "history of {RECORDS} records: {:.1} MB on disk, {} rounds",
        bytes as f64 / 1e6,
        figures.sessions
    );
    println!(
        "peak heap for loading and aggregating {RECORDS} records: {:.1} MB",
        peak as f64 / 1e6
    );
    drop(figures);
    let records = loaded.records;
    let (_, held) = Counting::peak(|| store.load().expect("the history loads"));
    let (_, aggregating) = Counting::peak(|| stats(&records, &catalog, now, &tz));
    println!(
        "of which: loading alone {:.1} MB, aggregating loaded records {:.1} MB",
        held as f64 / 1e6,
        aggregating as f64 / 1e6
    );

    let saved = dir.path().join("history.digest.json");
    let _ = std::fs::remove_file(&saved);
    let (_, streaming) = Counting::peak(|| {
        let (digest, _) = store.digest(&tz).expect("the history reads");
        of_digest(&digest, &catalog, now)
    });
    println!(
        "peak heap for grill stats as it reads the history, a block at a time: {:.1} MB",
        streaming as f64 / 1e6
    );

    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("load 100,000 records", |b| {
        b.iter(|| store.load().expect("the history loads"))
    });
    group.bench_function("mastery of 100,000 records", |b| {
        b.iter(|| mastery(black_box(&records), &tz))
    });
    group.bench_function("stats of 100,000 records (mastery included)", |b| {
        b.iter(|| stats(black_box(&records), &catalog, now, &tz))
    });
    group.bench_function("load, then stats with mastery: grill stats", |b| {
        b.iter(|| {
            let loaded = store.load().expect("the history loads");
            stats(&loaded.records, &catalog, now, &tz)
        })
    });
    group.bench_function(
        "grill stats: read 100,000 records a block at a time, then stats",
        |b| {
            b.iter_batched(
                || {
                    let _ = std::fs::remove_file(&saved);
                },
                |()| {
                    let (digest, _) = store.digest(&tz).expect("the history reads");
                    of_digest(&digest, &catalog, now)
                },
                BatchSize::PerIteration,
            )
        },
    );
    store.digest(&tz).expect("the history reads");
    group.bench_function(
        "grill stats again: from the saved digest, then stats",
        |b| {
            b.iter(|| {
                let (digest, _) = store.digest(&tz).expect("the history reads");
                of_digest(&digest, &catalog, now)
            })
        },
    );
    group.finish();
    drop(dir);
}

criterion_group!(benches, history);
criterion_main!(benches);
