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
