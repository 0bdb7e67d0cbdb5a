use std::fs::OpenOptions;
use std::io::Write;
use std::thread;

use super::*;

fn record(question: &str, score: f64) -> Record {
    Record {
        schema: SCHEMA,
        time: 1_800_000_000,
        session: "s1".to_owned(),
        bank: "b".to_owned(),
        question: question.to_owned(),
        follow_up: None,
        answer: "an answer\\nwith \"quotes\" and a\nnewline".to_owned(),
        score,
        covered: vec!["a".to_owned()],
        missed: vec!["b".to_owned()],
        time_used_secs: 12.5,
        time_allowed_secs: 120.0,
        time_up: false,
        findings: Default::default(),
    }
}

#[test]
fn records_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("data")).unwrap();
    store.append(&record("q1", 50.0)).unwrap();
    store.append(&record("q2", 75.0)).unwrap();
    let loaded = store.load().unwrap();
    assert_eq!(loaded.records, [record("q1", 50.0), record("q2", 75.0)]);
    assert!(loaded.warnings.is_empty());
}

#[test]
fn a_missing_history_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.load().unwrap(), Loaded::default());
}

#[test]
fn a_torn_last_line_and_a_damaged_middle_line_are_skipped_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.append(&record("q1", 50.0)).unwrap();
    let mut file = OpenOptions::new().append(true).open(store.path()).unwrap();
    file.write_all(b"{this is not json}\n").unwrap();
    drop(file);
    store.append(&record("q3", 90.0)).unwrap();
    let mut file = OpenOptions::new().append(true).open(store.path()).unwrap();
    file.write_all(b"{\"schema\":1,\"time\":17").unwrap();
    drop(file);
    let before = fs::read(store.path()).unwrap();
    let loaded = store.load().unwrap();
    assert_eq!(loaded.records.len(), 2);
    assert_eq!(loaded.warnings.len(), 2);
    assert!(
        loaded.warnings[0].contains(":2: skipped a damaged line"),
        "{:?}",
        loaded.warnings
    );
    assert!(
        loaded.warnings[1].contains(":4: skipped a damaged line"),
        "{:?}",
        loaded.warnings
    );
    assert_eq!(
        fs::read(store.path()).unwrap(),
        before,
        "reading never rewrites the file"
    );
}

#[test]
fn another_schema_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut future = record("q1", 10.0);
    future.schema = SCHEMA + 1;
    store.append(&future).unwrap();
    let loaded = store.load().unwrap();
    assert!(loaded.records.is_empty());
    assert!(
        loaded.warnings[0].contains("schema 2"),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn appends_from_two_writers_at_once_never_interleave() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Each writer opens the file on its own, as two grill processes would.
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let store = store.clone();
            thread::spawn(move || {
                for i in 0..1_000 {
                    store
                        .append(&record(&format!("w{w}-{i}"), f64::from(i % 100)))
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let loaded = store.load().unwrap();
    assert!(
        loaded.warnings.is_empty(),
        "{:?}",
        &loaded.warnings[..loaded.warnings.len().min(3)]
    );
    assert_eq!(loaded.records.len(), 2_000);
}

/// Where [`append_worker`] writes, and which worker it is: set only in the processes
/// [`appends_from_two_processes_at_once_never_interleave`] starts.
const WORKER_DIR: &str = "GRILL_TEST_APPEND_DIR";
const WORKER_ID: &str = "GRILL_TEST_APPEND_WORKER";

#[test]
#[ignore = "a worker process of appends_from_two_processes_at_once_never_interleave"]
fn append_worker() {
    let dir = std::env::var_os(WORKER_DIR).expect("started by the two-process test");
    let worker = std::env::var(WORKER_ID).expect("started by the two-process test");
    let store = Store::open(std::path::Path::new(&dir)).unwrap();
    for i in 0..1_000 {
        store
            .append(&record(&format!("{worker}-{i}"), f64::from(i % 100)))
            .unwrap();
    }
}

#[test]
fn appends_from_two_processes_at_once_never_interleave() {
    let dir = tempfile::tempdir().unwrap();
    // This test binary again, running only the worker, twice at once.
    let workers: Vec<_> = ["p0", "p1"]
        .into_iter()
        .map(|worker| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "history::tests::append_worker",
                    "--ignored",
                    "--quiet",
                ])
                .env(WORKER_DIR, dir.path())
                .env(WORKER_ID, worker)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut worker in workers {
        assert!(worker.wait().unwrap().success());
    }
    let loaded = Store::open(dir.path()).unwrap().load().unwrap();
    assert!(
        loaded.warnings.is_empty(),
        "{:?}",
        &loaded.warnings[..loaded.warnings.len().min(3)]
    );
    assert_eq!(loaded.records.len(), 2_000);
    for worker in ["p0", "p1"] {
        let mine: Vec<&str> = loaded
            .records
            .iter()
            .map(|r| r.question.as_str())
            .filter(|q| q.starts_with(worker))
            .collect();
        let expected: Vec<String> = (0..1_000).map(|i| format!("{worker}-{i}")).collect();
        assert_eq!(mine, expected, "each process's records, whole and in order");
    }
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    Store::open(&data).unwrap();
    assert_eq!(
        fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

#[test]
fn a_folder_or_file_that_cannot_be_written_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    // A data "folder" under a plain file cannot be created, even by root.
    let file = dir.path().join("plain");
    fs::write(&file, "x").unwrap();
    let error = Store::open(&file.join("data")).unwrap_err().to_string();
    assert!(error.contains("cannot create the data folder"), "{error}");
    let error = Store::open(&file).unwrap_err().to_string();
    assert!(error.ends_with("it is a file, not a folder"), "{error}");
    // A history "file" that is a folder cannot be appended to, even by root.
    let store = Store::open(dir.path()).unwrap();
    fs::create_dir(store.path()).unwrap();
    let error = store.append(&record("q1", 1.0)).unwrap_err().to_string();
    assert!(error.contains("cannot write"), "{error}");
}

#[test]
fn skipped_lines_are_numbered_in_the_file_however_many_threads_parse_it() {
    let good = serde_json::to_string(&record("q", 50.0)).unwrap();
    let lines: Vec<String> = (1..=100)
        .map(|n| match n {
            10 | 55 => "{\"schema\": 1, \"torn".to_owned(),
            100 => "not json".to_owned(),
            _ => good.clone(),
        })
        .collect();
    for ending in ["", "\n"] {
        let text = lines.join("\n") + ending;
        for threads in 1..=8 {
            let loaded = parse(text.as_bytes(), "h.jsonl", threads);
            assert_eq!(loaded.records.len(), 97, "{threads} threads");
            let named: Vec<&str> = loaded
                .warnings
                .iter()
                .map(|w| w.split(": ").next().unwrap())
                .collect();
            assert_eq!(
                named,
                ["h.jsonl:10", "h.jsonl:55", "h.jsonl:100"],
                "{threads} threads"
            );
        }
    }
    assert!(parse(b"", "h.jsonl", 4).records.is_empty());
}

#[test]
fn an_answer_after_a_torn_last_line_starts_a_line_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.append(&record("first", 10.0)).unwrap();
    // A crash in the middle of the next write.
    let mut file = OpenOptions::new().append(true).open(store.path()).unwrap();
    file.write_all(b"{\"schema\":1,\"time\":17").unwrap();
    drop(file);
    store.append(&record("after the crash", 20.0)).unwrap();
    let loaded = store.load().unwrap();
    let questions: Vec<&str> = loaded.records.iter().map(|r| r.question.as_str()).collect();
    assert_eq!(questions, ["first", "after the crash"]);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(loaded.warnings[0].contains(":2: skipped a damaged line"));
    // A good last line without its newline is kept whole too.
    let text = fs::read_to_string(store.path()).unwrap();
    fs::write(store.path(), text.trim_end()).unwrap();
    store.append(&record("third", 30.0)).unwrap();
    assert_eq!(store.load().unwrap().records.len(), 3);
}

/// Answers a day apart from `from` on, missing and covering points in turn.
fn days_of_answers(from: u64, count: u64) -> Vec<Record> {
    (from..from + count)
        .map(|n| Record {
            time: 1_800_000_000 + n * 24 * 60 * 60,
            session: format!("s{}", n / 3),
            covered: if n % 2 == 0 {
                vec!["a".to_owned()]
            } else {
                vec![]
            },
            missed: if n % 2 == 0 {
                vec![]
            } else {
                vec!["a".to_owned()]
            },
            ..record(&format!("q{}", n % 3), n as f64)
        })
        .collect()
}

fn figures(digest: &Digest) -> (stats::Stats, Vec<(mastery::Concept, mastery::Mastery)>) {
    let catalog = crate::bank::Catalog::from_banks(Vec::new());
    (
        stats::of_digest(digest, &catalog, 1_900_000_000),
        digest.mastery().into_iter().collect(),
    )
}

#[test]
fn a_saved_digest_carries_on_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let tz = TimeZone::fixed(jiff::tz::offset(2));
    let mut records = days_of_answers(0, 10);
    for r in &records {
        store.append(r).unwrap();
    }
    OpenOptions::new()
        .append(true)
        .open(store.path())
        .unwrap()
        .write_all(b"not json\n")
        .unwrap();
    let (first, warnings) = store.digest_saving(&tz, 0).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let saved_at = dir.path().join(digest::saved::FILE_NAME);
    assert!(saved_at.exists());
    assert_eq!(figures(&first), figures(&Digest::of_records(&records, &tz)));

    let read_so_far = fs::metadata(store.path()).unwrap().len();
    records.extend(days_of_answers(10, 5));
    for r in &records[10..] {
        store.append(r).unwrap();
    }
    let mut file = fs::File::open(store.path()).unwrap();
    let resumed = digest::saved::resume(&saved_at, &mut file, &tz).expect("it fits");
    assert_eq!(resumed.bytes, read_so_far);
    assert_eq!(resumed.lines, 11);

    let (carried_on, warnings) = store.digest_saving(&tz, 0).unwrap();
    assert_eq!(
        figures(&carried_on),
        figures(&Digest::of_records(&records, &tz))
    );
    // The damaged line read before is still told of, by its line.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(":11: skipped a damaged line"),
        "{warnings:?}"
    );
}

#[test]
fn a_saved_digest_that_does_not_fit_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let tz = TimeZone::UTC;
    for r in days_of_answers(0, 6) {
        store.append(&r).unwrap();
    }
    store.digest_saving(&tz, 0).unwrap();
    let saved_at = dir.path().join(digest::saved::FILE_NAME);
    let resumes = |tz: &TimeZone| {
        let mut file = fs::File::open(store.path()).unwrap();
        digest::saved::resume(&saved_at, &mut file, tz).is_some()
    };
    assert!(resumes(&tz));
    assert!(
        !resumes(&TimeZone::fixed(jiff::tz::offset(9))),
        "another time zone"
    );

    // The history replaced by another as long: read again from its start.
    let replaced: Vec<Record> = days_of_answers(0, 6)
        .into_iter()
        .map(|r| Record {
            covered: r.missed,
            missed: r.covered,
            question: "qx".to_owned(),
            ..r
        })
        .collect();
    let text: String = replaced
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect();
    assert_eq!(text.len() as u64, fs::metadata(store.path()).unwrap().len());
    fs::write(store.path(), &text).unwrap();
    assert!(!resumes(&tz));
    let (digest, _) = store.digest_saving(&tz, 0).unwrap();
    assert_eq!(
        figures(&digest),
        figures(&Digest::of_records(&replaced, &tz))
    );

    // Cut short.
    fs::write(store.path(), &text[..text.len() / 2 + 5]).unwrap();
    assert!(!resumes(&tz));

    // A damaged saved digest is passed over.
    fs::write(&saved_at, "{\"grill\": ").unwrap();
    assert!(!resumes(&tz));
    assert_eq!(store.digest_saving(&tz, 0).unwrap().1.len(), 1);
}

#[test]
fn a_short_history_is_read_whole_without_saving_a_digest() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.append(&record("q", 1.0)).unwrap();
    store.digest(&TimeZone::UTC).unwrap();
    let files: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "{files:?}");
}

#[test]
fn a_record_of_another_schema_is_named_so_and_a_damaged_line_by_its_column() {
    let text = "{\"schema\":2,\"when\":17,\"text\":\"another shape\"}\n{\"schema\":1,\"time\":17";
    for threads in [1, 2] {
        let warnings = parse(text.as_bytes(), "h.jsonl", threads).warnings;
        assert_eq!(
            warnings,
            [
                "h.jsonl:1: skipped a record of schema 2 (this grill reads 1)",
                "h.jsonl:2: skipped a damaged line (EOF while parsing an object at column 21); it is left in the file",
            ]
        );
    }
    let (_, warnings) = digest::read(
        text.as_bytes(),
        "h.jsonl",
        digest::Progress::start(&TimeZone::UTC),
        1,
        64,
    )
    .map(|p| (p.digest, p.warnings))
    .unwrap();
    assert_eq!(warnings, parse(text.as_bytes(), "h.jsonl", 1).warnings);
}
