//! The command line as a user runs it: output, JSON shape, exit statuses, messages.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const MINI: &str = "tests/fixtures/mini.toml";

fn grill() -> Command {
    let mut cmd = Command::cargo_bin("grill").expect("the grill binary is built");
    cmd.env_remove("NO_COLOR");
    // Keep the user's own bank folder out of the tests.
    cmd.env("GRILL_DATA_DIR", "target/no-such-grill-data-dir");
    cmd
}

/// The mini fixture with each `(from, to)` replaced, written as `name` in a new folder
/// (kept alive by the returned guard).
fn mini_with(name: &str, edits: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let text = edits
        .iter()
        .fold(fs::read_to_string(MINI).unwrap(), |text, (from, to)| {
            assert!(text.contains(from), "the fixture has no `{from}`");
            text.replace(from, to)
        });
    fs::write(&path, text).unwrap();
    (dir, path)
}

/// Runs `grill score --jsonl -` on `input`: the exit status, the output objects and
/// the standard error.
fn batch(input: &str) -> (Option<i32>, Vec<Value>, String) {
    let output = grill()
        .args(["--bank", MINI, "score", "--jsonl", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    let lines = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        output.status.code(),
        lines,
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn score_json(question: &str, answer: &str) -> Value {
    let output = grill()
        .args(["--bank", MINI, "score", "--json", "--question", question])
        .write_stdin(answer)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[test]
fn without_a_terminal_the_round_says_what_to_do_instead() {
    grill()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("need a terminal"))
        .stderr(predicate::str::contains("stats --json"));
    grill().args(["practice", "--count", "1"]).assert().code(1);
    let empty = tempfile::tempdir().unwrap();
    grill()
        .args(["--data-dir"])
        .arg(empty.path())
        .arg("stats")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("need a terminal"));
}

#[test]
fn help_lists_the_commands() {
    grill()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("practice"))
        .stdout(predicate::str::contains("score"))
        .stdout(predicate::str::contains("bank"));
}

#[test]
fn practice_refuses_filters_that_match_nothing() {
    grill()
        .args(["practice", "--topic", "Cooking"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no question matches topic `Cooking`",
        ));
    grill()
        .args(["practice", "--difficulty", "4"])
        .assert()
        .code(2);
    grill().args(["practice", "--count", "0"]).assert().code(2);
    grill()
        .args(["practice", "--question", "graceful-shutdwn"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no question `graceful-shutdwn` in the loaded banks (did you mean `graceful-shutdown`?)",
        ));
    grill()
        .args([
            "practice",
            "--question",
            "graceful-shutdown",
            "--topic",
            "x",
        ])
        .assert()
        .code(2);
}

#[test]
fn score_prints_points_explanations_and_red_flags() {
    grill()
        .args(["--bank", MINI, "score", "--question", "mini-shutdown"])
        .write_stdin("We send SIGKILL first and the process just dies, that is all there is to it.")
        .assert()
        .success()
        .stdout(predicate::str::contains("Score 0.0 / 100"))
        .stdout(predicate::str::contains(
            "✗ ECS sends SIGTERM first  (weight 2)",
        ))
        .stdout(predicate::str::contains("a grace period before SIGKILL"))
        .stdout(predicate::str::contains("Red flags"))
        .stdout(predicate::str::contains(
            "SIGKILL only after the stop timeout",
        ));
}

#[test]
fn score_reads_an_answer_file_and_quotes_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.txt");
    fs::write(
        &answer,
        "ECS sends a SIGTERM, and we drain the requests before exit.",
    )
    .unwrap();
    grill()
        .args([
            "--bank",
            MINI,
            "score",
            "--question",
            "mini-shutdown",
            "--answer-file",
        ])
        .arg(&answer)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Score 100.0 / 100  (2 of 2 points covered)",
        ))
        .stdout(predicate::str::contains("said: \"drain the requests\""));
}

#[test]
fn score_json_has_the_documented_shape() {
    let answer = "On shutdown ECS sends SIGTERM to the container, and we exit.";
    let json = score_json("mini-shutdown", answer);
    assert_eq!(json["question"], "mini-shutdown");
    assert_eq!(json["score"], 66.7);
    assert!(json.get("id").is_none());
    let covered = &json["covered"][0];
    assert_eq!(covered["id"], "sigterm");
    assert_eq!(covered["label"], "ECS sends SIGTERM first");
    assert_eq!(covered["weight"], 2);
    let evidence = &covered["evidence"][0];
    let (start, end) = (
        evidence["start"].as_u64().unwrap(),
        evidence["end"].as_u64().unwrap(),
    );
    assert_eq!(&answer[start as usize..end as usize], "SIGTERM");
    assert_eq!(evidence["text"], "SIGTERM");
    assert_eq!(json["missed"][0]["id"], "drain");
    assert_eq!(json["missed"][0]["weight"], 1);
    assert_eq!(
        json["missed"][0]["explain"],
        "Closing the server lets in-flight requests finish."
    );
    assert_eq!(json["red_flags"], Value::Array(vec![]));
    assert_eq!(json["flags"], Value::Array(vec![]));
}

#[test]
fn score_json_reports_flags_and_red_flags() {
    let json = score_json("mini-shutdown", "sigkill first");
    assert_eq!(json["score"], 0.0);
    assert_eq!(json["flags"], serde_json::json!(["too-short"]));
    assert_eq!(json["red_flags"][0]["evidence"][0]["text"], "sigkill first");
    let list = score_json(
        "mini-shutdown",
        "sigterm, stoptimeout, drain requests, sigkill, exit code, server close",
    );
    assert_eq!(list["flags"], serde_json::json!(["keyword-list"]));
}

#[test]
fn score_a_follow_up_by_its_path() {
    let json = score_json(
        "mini-shutdown/stop-timeout",
        "It gets the stopTimeout, thirty or 30 seconds.",
    );
    assert_eq!(json["score"], 100.0);
}

#[test]
fn unknown_question_suggests_the_nearest_id() {
    grill()
        .args(["--bank", MINI, "score", "--question", "mini-shutdwn"])
        .write_stdin("anything")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no question `mini-shutdwn`"))
        .stderr(predicate::str::contains(
            "`grill bank show BANK` lists the questions",
        ))
        .stderr(predicate::str::contains("did you mean `mini-shutdown`?"));
}

#[test]
fn an_answer_that_is_not_utf8_is_named_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.txt");
    fs::write(&answer, b"first line\nab\xffc").unwrap();
    grill()
        .args([
            "--bank",
            MINI,
            "score",
            "--question",
            "mini-pool",
            "--answer-file",
        ])
        .arg(&answer)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "answer.txt:2:3: the answer is not valid UTF-8",
        ));
}

#[test]
fn usage_errors_exit_with_status_2() {
    grill().args(["score"]).assert().code(2);
    grill()
        .args(["score", "--question", "x", "--jsonl", "-"])
        .assert()
        .code(2);
    grill().args(["frobnicate"]).assert().code(2);
}

#[test]
fn batch_scores_each_line_and_answers_bad_lines_in_place() {
    let input = concat!(
        r#"{"question": "mini-pool", "answer": "We reuse connections from a connection pool.", "id": 7}"#,
        "\n",
        "this is not json\n",
        "\n",
        r#"{"question": "nope", "answer": "x", "id": "b"}"#,
        "\n",
        r#"{"question": "mini-shutdown", "answer": "SIGTERM"}"#,
        "\n",
    );
    let (status, lines, stderr) = batch(input);
    assert_eq!(status, Some(1));
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], 7);
    assert_eq!(lines[0]["score"], 100.0);
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"].as_str().unwrap().contains(": not a {"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["line"], 4);
    assert_eq!(lines[2]["id"], "b");
    assert!(
        lines[2]["error"]
            .as_str()
            .unwrap()
            .contains("no question `nope`")
    );
    assert_eq!(lines[3]["question"], "mini-shutdown");
    assert_eq!(lines[3]["score"], 66.7);
    assert!(stderr.contains("2 lines of standard input could not be scored"));
}

#[test]
fn batch_of_good_lines_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    fs::write(
        &input,
        "{\"question\": \"mini-pool\", \"answer\": \"no idea\"}\n",
    )
    .unwrap();
    grill()
        .args(["--bank", MINI, "score", "--jsonl"])
        .arg(&input)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"score\":0.0"));
}

#[test]
fn bank_list_shows_loaded_banks() {
    grill()
        .args(["--bank", MINI, "bank", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("mini"))
        .stdout(predicate::str::contains("tests/fixtures/mini.toml"))
        .stdout(predicate::str::contains("A small bank for tests"));
}

#[test]
fn bank_validate_accepts_a_good_bank() {
    grill()
        .args(["bank", "validate", MINI])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok: tests/fixtures/mini.toml (bank `mini`): 2 questions",
        ));
}

#[test]
fn bank_validate_reports_every_problem_with_file_line_and_column() {
    let (_dir, bank) = mini_with(
        "broken.toml",
        &[
            ("weight = 2", "weight = 0"),
            ("difficulty = 2", "difficulty = 4"),
            (
                "when_covered = [\"sigterm\"]",
                "when_covered = [\"sigtrem\"]",
            ),
            (
                "  keywords = [\"connection pool\"",
                "  kewords = [\"connection pool\"",
            ),
        ],
    );
    let path = bank.display().to_string();
    grill()
        .args(["bank", "validate"])
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{path}:11:14: error: difficulty must be 1, 2 or 3, not 4")))
        .stderr(predicate::str::contains(format!("{path}:18:12: error: weight must be a whole number from 1 to 100, not 0")))
        .stderr(predicate::str::contains("when_covered names `sigtrem`, which is not a point of this question; did you mean `sigterm`?"))
        .stderr(predicate::str::contains("unknown key `kewords` in [[question.point]]; did you mean `keywords`?"))
        .stderr(predicate::str::contains("   |   ^^^^^^^"))
        .stderr(predicate::str::contains("4 problems in bank files"));
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("syntax.toml");
    fs::write(&bank, "[bank]\nid = \"x\"\ntitle = \"unterminated\n").unwrap();
    grill()
        .args(["bank", "validate"])
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:3:", bank.display())));
}

#[test]
fn the_same_question_id_in_two_banks_is_an_error_naming_both() {
    let (_dir, copy) = mini_with("copy.toml", &[("id = \"mini\"", "id = \"other\"")]);
    grill()
        .args(["--bank", MINI, "--bank"])
        .arg(&copy)
        .args(["bank", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("question id `mini-shutdown` is already used in bank `mini` at tests/fixtures/mini.toml:8:6"));
}

#[test]
fn two_files_with_one_bank_id_are_an_error_naming_both() {
    let (_dir, copy) = mini_with("again.toml", &[]);
    grill()
        .args(["--bank", MINI, "--bank"])
        .arg(&copy)
        .args(["bank", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bank id `mini` is already used by tests/fixtures/mini.toml:2:6",
        ));
}

#[test]
fn a_folder_of_banks_loads_every_toml_file() {
    grill()
        .args(["--bank", "tests/fixtures", "bank", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("mini"));
}

#[test]
fn a_missing_bank_path_is_named() {
    grill()
        .args(["--bank", "no/such/bank.toml", "bank", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no/such/bank.toml: cannot read it",
        ));
}

#[test]
fn a_bank_file_over_5_mb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    fs::write(&big, "#".repeat(6 * 1024 * 1024)).unwrap();
    grill()
        .args(["bank", "validate"])
        .arg(&big)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bank files over 5 MB are refused"));
}

#[test]
fn a_bank_with_a_built_in_id_replaces_the_built_in_bank() {
    let (_dir, edited) = mini_with(
        "lambda-to-ecs.toml",
        &[("id = \"mini\"", "id = \"lambda-to-ecs\"")],
    );
    grill()
        .arg("--bank")
        .arg(&edited)
        .args(["bank", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("lambda-to-ecs          2"))
        .stdout(predicate::str::contains(edited.display().to_string()))
        .stdout(predicate::str::contains("<built-in>/lambda-to-ecs").not());
    grill()
        .arg("--bank")
        .arg(&edited)
        .args(["score", "--question", "why-fargate-over-ec2"])
        .write_stdin("anything")
        .assert()
        .code(1);
}

#[test]
fn batch_skips_a_byte_order_mark_and_echoes_ids_of_bad_lines() {
    let input = "\u{feff}{\"question\": \"mini-pool\", \"answer\": \"a connection pool\"}\n{\"question\": 3, \"answer\": \"x\", \"id\": \"q7\"}\n";
    let (status, lines, stderr) = batch(input);
    assert_eq!(status, Some(1));
    assert_eq!(lines[0]["score"], 100.0);
    assert_eq!(lines[1]["id"], "q7");
    assert_eq!(lines[1]["line"], 2);
    assert!(stderr.contains("1 line of standard input could not be scored"));
}

#[test]
fn an_answer_file_of_dash_reads_standard_input() {
    grill()
        .args([
            "--bank",
            MINI,
            "score",
            "--question",
            "mini-pool",
            "--answer-file",
            "-",
        ])
        .write_stdin("We reuse connections from a connection pool for every request we serve.")
        .assert()
        .success()
        .stdout(predicate::str::contains("Score 100.0 / 100"));
}

#[test]
fn a_mistyped_follow_up_suggests_its_full_path() {
    grill()
        .args([
            "--bank",
            MINI,
            "score",
            "--question",
            "mini-shutdown/stop-timout",
        ])
        .write_stdin("x")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "did you mean `mini-shutdown/stop-timeout`?",
        ));
}

#[test]
fn the_same_bank_named_twice_is_read_once() {
    grill()
        .args(["--bank", MINI, "bank", "validate", MINI])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok: tests/fixtures/mini.toml (bank `mini`): 2 questions, 1 follow-up, 4 points",
        ));
}

#[test]
fn type_errors_are_told_in_the_words_of_the_format() {
    let (_dir, bank) = mini_with("types.toml", &[("weight = 2", "weight = \"2\"")]);
    grill()
        .args(["bank", "validate"])
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            ":18:12: error: invalid type: string \"2\", expected a whole number",
        ));
}

#[test]
fn bank_new_writes_a_template_that_validates_and_passes_its_tests() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("mine.toml");
    grill().args(["bank", "new"]).arg(&bank).assert().success();
    grill()
        .args(["bank", "validate"])
        .arg(&bank)
        .assert()
        .success()
        .stdout(predicate::str::contains("(bank `my-bank`): 2 questions"))
        .stdout(predicate::str::contains("<built-in>").not());
    grill()
        .args(["bank", "test"])
        .arg(&bank)
        .assert()
        .success()
        .stdout(predicate::str::contains("4 of 4 examples pass"));
    // It never overwrites a file.
    grill()
        .args(["bank", "new"])
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot create"));
}

#[test]
fn bank_test_shows_which_expected_points_an_example_missed() {
    let (_dir, bank) = mini_with(
        "weak.toml",
        &[(
            "  min_score = 90\n",
            "  min_score = 90\n  covers = [\"sigterm\", \"drain\"]\n\n  [[question.example]]\n  answer = \"We just restart it.\"\n  min_score = 50\n  covers = [\"drain\"]\n",
        )],
    );
    grill()
        .args(["bank", "test"])
        .arg(&bank)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL mini-shutdown example 2:"))
        .stdout(predicate::str::contains("score 0.0 is below min_score 50"))
        .stdout(predicate::str::contains(
            "expected to cover drain; covered nothing; missing drain",
        ))
        .stdout(predicate::str::contains("FAILED: "))
        .stdout(predicate::str::contains("1 of 2 examples pass"))
        .stderr(predicate::str::contains(
            "1 example did not score as expected",
        ));
}

#[test]
fn covers_must_name_a_point() {
    let (_dir, bank) = mini_with(
        "covers.toml",
        &[(
            "  min_score = 90\n",
            "  min_score = 90\n  covers = [\"sigtrem\"]\n",
        )],
    );
    grill()
        .args(["bank", "validate"])
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "covers names `sigtrem`, which is not a point here",
        ));
}

#[test]
fn bank_show_lists_topics_tags_and_questions() {
    grill()
        .args(["--bank", MINI, "bank", "show", "mini"])
        .assert()
        .success()
        .stdout(predicate::str::contains("topics: Deep dive, General"))
        .stdout(predicate::str::contains("tags: ecs"))
        .stdout(predicate::str::contains(
            "QUESTION       DIFFICULTY  TOPIC                 PROMPT",
        ))
        .stdout(predicate::str::contains(
            "mini-shutdown  2 of 3      Deep dive",
        ))
        .stdout(predicate::str::contains("↳ mini-shutdown/stop-timeout"));
    grill()
        .args(["bank", "show", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no bank `nope`; the banks are: "))
        .stderr(predicate::str::contains("lambda-to-ecs"));
}

#[test]
fn bank_validate_warns_about_weak_content() {
    let (_dir, bank) = mini_with(
        "weak.toml",
        &[
            (
                "keywords = [\"sigterm\", \"termination signal\"]",
                "keywords = [\"sigterm\", \"the it\"]",
            ),
            (
                "keywords = [\"connection pool\", \"reuse connections\"]",
                "keywords = [\"connection pool\"]",
            ),
            (
                "keywords = [\"drain requests\", \"finish in-flight requests\", \"server close\"]",
                "keywords = [\"drain requests\", \"sigterm\"]",
            ),
        ],
    );
    grill()
        .args(["bank", "validate"])
        .arg(&bank)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning: mini-shutdown, point `sigterm`: keyword \"the it\" is only stop-words",
        ))
        .stdout(predicate::str::contains(
            "warning: mini-shutdown, point `sigterm`: keyword \"sigterm\" is also a keyword of point `drain`",
        ))
        .stdout(predicate::str::contains("warning: mini-pool: has no follow-ups"))
        .stdout(predicate::str::contains("warning: mini-pool: has no model_answer"))
        .stdout(predicate::str::contains(
            "warning: mini-pool, point `reuse`: has a single keyword",
        ))
        .stdout(predicate::str::contains(
            "warning: mini-shutdown/stop-timeout, point `thirty-seconds`",
        ).not());
}

#[test]
fn banks_are_found_in_the_user_folder_and_in_question_bank_here() {
    let home = tempfile::tempdir().unwrap();
    let mini = fs::read_to_string(MINI).unwrap();
    fs::create_dir_all(home.path().join("data/banks")).unwrap();
    fs::write(
        home.path().join("data/banks/mine.toml"),
        mini.replace("id = \"mini\"", "id = \"mine\"")
            .replace("mini-", "mine-"),
    )
    .unwrap();
    fs::create_dir_all(home.path().join("question_bank")).unwrap();
    fs::write(home.path().join("question_bank/here.toml"), &mini).unwrap();
    grill()
        .current_dir(home.path())
        .env("GRILL_DATA_DIR", home.path().join("data"))
        .args(["bank", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("data/banks/mine.toml"))
        .stdout(predicate::str::contains("question_bank/here.toml"));
}

#[test]
fn a_more_specific_bank_replaces_a_built_in_one_with_a_notice_unless_identical() {
    // Identical or not, the bank is read from the more specific file; only a
    // different one is worth a notice.
    let here = tempfile::tempdir().unwrap();
    fs::create_dir_all(here.path().join("question_bank")).unwrap();
    let built_in = fs::read_to_string("question_bank/lambda-to-ecs.toml").unwrap();
    let copy = here.path().join("question_bank/lambda-to-ecs.toml");
    fs::write(&copy, &built_in).unwrap();
    grill()
        .current_dir(here.path())
        .args(["bank", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("question_bank/lambda-to-ecs.toml"))
        .stderr(predicate::str::is_empty());
    let edited = built_in.replacen("title = \"", "title = \"My ", 1);
    assert_ne!(edited, built_in);
    fs::write(&copy, edited).unwrap();
    grill()
        .current_dir(here.path())
        .args(["bank", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("question_bank/lambda-to-ecs.toml"))
        .stderr(predicate::str::contains(
            "grill: note: bank `lambda-to-ecs` from question_bank/lambda-to-ecs.toml replaces the one from <built-in>/lambda-to-ecs.toml",
        ));
}

/// Imports `guide` into a draft in a new folder: the draft's path and text.
fn import(guide: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.toml");
    grill()
        .args(["bank", "import", guide, "--out"])
        .arg(&draft)
        .assert()
        .success();
    let text = fs::read_to_string(&draft).unwrap();
    (dir, draft, text)
}

/// The score `answer` gets for `question` of the bank at `bank`.
fn score_in(bank: &std::path::Path, question: &str, answer: &str) -> f64 {
    let output = grill()
        .arg("--bank")
        .arg(bank)
        .args(["score", "--json", "--question", question])
        .write_stdin(answer)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json["score"].as_f64().unwrap()
}

#[test]
fn bank_import_turns_a_prep_guide_into_a_draft_that_validates_and_passes_its_examples() {
    let (_dir, draft, text) = import("tests/fixtures/guide.md");
    for prompt in [
        "prompt = \"Why not just add monitoring to the cron box?\"",
        "prompt = \"Why Standard rather than Express workflows?\"",
        "prompt = \"How did you alert on failures?\"",
    ] {
        assert!(text.contains(prompt), "missing {prompt} in:\n{text}");
    }
    // "The Core Story (STAR)" asks nothing: it is a topic, its text a comment.
    assert_eq!(text.matches("[[question]]").count(), 3, "{text}");
    assert!(text.contains("#   Situation: Forty cron jobs"), "{text}");
    for expected in [
        "label = \"built-in retries\"",
        "label = \"single point of failure\"",
        "label = \"execution history\"",
        "topic = \"Design Questions\"",
        "topic = \"Operations\"",
        "id = \"guide-not-add-monitoring-cron-box\"",
    ] {
        assert!(text.contains(expected), "missing {expected} in:\n{text}");
    }
    // Words of the question never make points; function words never do.
    for absent in [
        "label = \"monitoring\"",
        "label = \"Standard\"",
        "label = \"only\"",
    ] {
        assert!(!text.contains(absent), "{absent} in:\n{text}");
    }
    grill()
        .args(["bank", "validate"])
        .arg(&draft)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 questions"));
    // The draft's examples: the guide's own answer scores at least 75, the question
    // said back at most 25.
    grill()
        .arg("--bank")
        .arg(&draft)
        .args(["bank", "test"])
        .arg(&draft)
        .assert()
        .success()
        .stdout(predicate::str::contains("6 of 6 examples pass"));
}

#[test]
fn bank_import_reads_numbered_q_and_a_and_labelled_questions() {
    let (_dir, draft, text) = import("tests/fixtures/qa-guide.md");
    for expected in [
        "prompt = \"What is idempotency?\"",
        "prompt = \"Why use a dead-letter queue?\"",
        "prompt = \"What does backpressure mean?\"",
        "label = \"retries are safe\"",
        "label = \"poison messages\"",
        "label = \"slow down\"",
    ] {
        assert!(text.contains(expected), "missing {expected} in:\n{text}");
    }
    grill()
        .args(["bank", "validate"])
        .arg(&draft)
        .assert()
        .success();
}

#[test]
fn bank_import_unwraps_lines_and_keeps_plain_headings_as_topics() {
    let (_dir, draft, text) = import("tests/fixtures/k8s-guide.md");
    // A bold term across a line break is one label on one line; paragraphs unwrap.
    assert!(
        text.contains("label = \"stable network identity\""),
        "{text}"
    );
    assert!(
        text.contains("persistent volume, and starts pods in order; a Deployment treats"),
        "{text}"
    );
    assert!(!text.contains("\"\"\""), "a multi-line string in:\n{text}");
    // "## Indexes" asks nothing: it names the topic of the questions under it.
    assert!(text.contains("topic = \"Indexes\""), "{text}");
    assert!(!text.contains("prompt = \"Indexes\""), "{text}");
    assert_eq!(text.matches("[[question]]").count(), 3, "{text}");
    // camelCase is said apart and whole; ids keep a camelCase word whole.
    assert!(
        text.contains("keywords = [\"max surge\", \"maxsurge\"]"),
        "{text}"
    );
    assert!(
        text.contains("id = \"k8s-guide-difference-between-deployment-statefulset\""),
        "{text}"
    );
    // A second **Answer:** is another accepted answer: its terms, said together,
    // count for the points it does not share.
    assert!(
        text.contains("# Also accepted: Readiness gates traffic"),
        "{text}"
    );
    assert!(text.contains("\"gates + traffic + liveness\""), "{text}");
    let question = "k8s-guide-failing-readiness-probe-not-restart";
    assert_eq!(
        score_in(
            &draft,
            question,
            "Why can a failing readiness probe not restart a container?"
        ),
        0.0
    );
    assert_eq!(
        score_in(
            &draft,
            question,
            "Readiness gates traffic, liveness restarts."
        ),
        100.0
    );
    // Validate says what to look at first: points said by one word alone.
    grill()
        .args(["bank", "validate"])
        .arg(&draft)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "points are said by one word alone (`pod`, `persistent`",
        ))
        // Words of the question never make points, so saying it back covers none.
        .stdout(predicate::str::contains("saying the question back").not());
}

#[test]
fn bank_lint_says_what_to_look_at_first_first() {
    let (_dir, bank) = mini_with(
        "mini.toml",
        &[
            (
                "\"sigterm\", \"termination signal\"",
                "\"sigterm\", \"container shuts down\"",
            ),
            (
                "keywords = [\"connection pool\", \"reuse connections\"]",
                "keywords = [\"connection pool\"]",
            ),
        ],
    );
    let output = grill().args(["bank", "lint"]).arg(&bank).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let line = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in:\n{text}"))
    };
    assert!(line("saying the question back covers it") < line("has a single keyword"));
    assert!(line("has a single keyword") < line("has no follow-ups"));
    assert!(!text.contains("ok:"), "{text}");
    assert!(text.ends_with(" 4 warnings\n"), "{text}");
    assert!(
        text.contains("mini-shutdown, point `sigterm`: saying the question back covers it (\"container shut down\")"),
        "{text}"
    );
    // Validate says the same after its summary line.
    let validated = grill()
        .args(["bank", "validate"])
        .arg(&bank)
        .output()
        .unwrap();
    let validated = String::from_utf8(validated.stdout).unwrap();
    assert!(validated.starts_with("ok: "), "{validated}");
    assert!(
        validated.contains("saying the question back covers it"),
        "{validated}"
    );
}

#[test]
fn bank_import_of_a_guide_without_questions_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("notes.md");
    let draft = dir.path().join("notes.toml");
    for markdown in ["# T\n\nJust notes, no questions here.\n", ""] {
        fs::write(&guide, markdown).unwrap();
        grill()
            .args(["bank", "import"])
            .arg(&guide)
            .arg("--out")
            .arg(&draft)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("notes.md: no questions found"));
        assert!(!draft.exists());
    }
}

#[test]
fn deeply_nested_toml_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.toml");
    fs::write(
        &deep,
        format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    grill()
        .args(["bank", "validate"])
        .arg(&deep)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("deep.toml:1:"))
        .stderr(predicate::str::contains("1 problem in bank files"));
}

#[test]
fn escape_sequences_in_a_bank_never_reach_the_terminal_from_any_command() {
    let (_dir, bank) = mini_with(
        "hostile.toml",
        &[
            (
                "How does a container shut down cleanly?",
                "Clear \\u001b[2J and title \\u001b]0;pwned\\u0007?",
            ),
            (
                "label = \"ECS sends SIGTERM first\"",
                "label = \"Red \\u009b31m label\"",
            ),
            (
                "title = \"A small bank for tests\"",
                "title = \"Title \\u001b[5m\"",
            ),
        ],
    );
    let runs = [
        grill()
            .arg("--bank")
            .arg(&bank)
            .args(["score", "--question", "mini-shutdown"])
            .write_stdin("nothing")
            .output()
            .unwrap(),
        grill()
            .arg("--bank")
            .arg(&bank)
            .args(["bank", "show", "mini"])
            .output()
            .unwrap(),
        grill()
            .arg("--bank")
            .arg(&bank)
            .args(["bank", "list"])
            .output()
            .unwrap(),
    ];
    for output in runs {
        assert!(output.status.success(), "{output:?}");
        let shown = String::from_utf8(output.stdout).unwrap();
        assert!(shown.contains("[2J") || shown.contains("Title"), "{shown}");
        assert!(
            !shown.contains(|c: char| c.is_control() && c != '\n'),
            "a control character reached the terminal: {shown:?}"
        );
    }
}

#[test]
fn both_built_in_banks_pass_bank_test() {
    // Away from the project's `question_bank/`, the banks are the compiled-in ones.
    let elsewhere = tempfile::tempdir().unwrap();
    grill()
        .current_dir(elsewhere.path())
        .args(["bank", "test"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok: <built-in>/lambda-to-ecs.toml",
        ))
        .stdout(predicate::str::contains("ok: <built-in>/ecs-in-depth.toml"))
        .stdout(predicate::str::contains("FAIL").not());
}

#[test]
fn review_list_names_the_missed_concepts_that_are_due() {
    let data = tempfile::tempdir().unwrap();
    let two_days_ago = grill::history::now_secs() - 2 * 24 * 60 * 60;
    let record = serde_json::json!({
        "schema": 1, "time": two_days_ago, "session": "s", "bank": "mini",
        "question": "mini-shutdown", "answer": "We just restart it.", "score": 33.3,
        "covered": ["drain"], "missed": ["sigterm"],
        "time_used_secs": 10.0, "time_allowed_secs": 90.0, "time_up": false
    });
    fs::write(data.path().join("history.jsonl"), format!("{record}\n")).unwrap();
    grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["review", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "mini\tmini-shutdown\tECS sends SIGTERM first\tmissed once\tdue since yesterday\tbox 1 of 5",
        ))
        .stdout(predicate::str::contains("drain").not());
    grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["review", "--count"])
        .assert()
        .success()
        .stdout("1\n");
    let empty = tempfile::tempdir().unwrap();
    grill()
        .args(["--data-dir"])
        .arg(empty.path())
        .args(["review"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing is due for review"));
}

#[test]
fn review_ahead_reviews_the_next_concepts_when_none_is_due() {
    let data = tempfile::tempdir().unwrap();
    // Missed just now: due tomorrow, so nothing is due today.
    let record = serde_json::json!({
        "schema": 1, "time": grill::history::now_secs(), "session": "s", "bank": "mini",
        "question": "mini-shutdown", "answer": "We just restart it.", "score": 33.3,
        "covered": ["drain"], "missed": ["sigterm"],
        "time_used_secs": 10.0, "time_allowed_secs": 90.0, "time_up": false
    });
    fs::write(data.path().join("history.jsonl"), format!("{record}\n")).unwrap();
    let review = |extra: &[&str]| {
        let mut cmd = grill();
        cmd.args(["--bank", MINI, "--data-dir"])
            .arg(data.path())
            .arg("review")
            .args(extra);
        cmd
    };
    review(&[])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "`grill review --ahead` reviews the next ones now",
        ));
    // With --ahead (or --anyway) the round starts: here, without a terminal, it says so.
    for flag in ["--ahead", "--anyway"] {
        review(&[flag])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("need a terminal"));
    }
    let empty = tempfile::tempdir().unwrap();
    grill()
        .args(["--data-dir"])
        .arg(empty.path())
        .args(["review", "--ahead"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing is being learned"));
}

/// A history of two rounds of the mini bank: yesterday's, with a follow-up, and today's.
fn history_of_two_rounds() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let now = grill::history::now_secs();
    let yesterday = now - 24 * 60 * 60;
    let record = |time: u64,
                  session: &str,
                  question: &str,
                  follow_up: Option<&str>,
                  answer: &str,
                  score: f64,
                  covered: &[&str],
                  missed: &[&str]| {
        serde_json::json!({
            "schema": 1, "time": time, "session": session, "bank": "mini",
            "question": question, "follow_up": follow_up, "answer": answer, "score": score,
            "covered": covered, "missed": missed,
            "time_used_secs": 30.0, "time_allowed_secs": 90.0, "time_up": false
        })
        .to_string()
    };
    let lines = [
        record(
            yesterday,
            "aaaa1111",
            "mini-shutdown",
            None,
            "We just restart it.",
            33.3,
            &["drain"],
            &["sigterm"],
        ),
        record(
            yesterday + 40,
            "aaaa1111",
            "mini-shutdown",
            Some("stop-timeout"),
            "No idea, a while?",
            0.0,
            &[],
            &["thirty-seconds"],
        ),
        record(
            now - 60,
            "bbbb2222",
            "mini-pool",
            None,
            "A long-lived process can reuse connections from a pool.",
            100.0,
            &["reuse"],
            &[],
        ),
    ];
    fs::write(data.path().join("history.jsonl"), lines.join("\n") + "\n").unwrap();
    data
}

#[test]
fn stats_json_gives_the_progress_figures() {
    let data = history_of_two_rounds();
    let output = grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["answers"], 3);
    assert_eq!(stats["sessions"], 2);
    assert_eq!(stats["days_practised"], 2);
    assert_eq!(stats["streak_days"], 2);
    assert_eq!(stats["time_practised_secs"], 90.0);
    let most_missed = stats["most_missed"].as_array().unwrap();
    assert!(
        most_missed
            .iter()
            .any(|m| m["label"] == "ECS sends SIGTERM first"),
        "{most_missed:?}"
    );
    assert_eq!(stats["scores"].as_array().unwrap().len(), 2);
}

#[test]
fn report_last_is_the_newest_round_in_markdown() {
    let data = history_of_two_rounds();
    grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["report", "--last"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# grill report"))
        .stdout(predicate::str::contains(
            "> A long-lived process can reuse connections from a pool.",
        ))
        .stdout(predicate::str::contains("We just restart it.").not());
}

#[test]
fn report_of_a_session_by_prefix_as_json_into_a_file() {
    let data = history_of_two_rounds();
    let out = data.path().join("report.json");
    grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["report", "--session", "aaaa", "--format", "json", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("report.json"));
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["session"], "aaaa1111");
    let question = &report["questions"][0];
    assert_eq!(question["question"], "mini-shutdown");
    assert_eq!(question["answer"], "We just restart it.");
    assert_eq!(question["follow_ups"][0]["answer"], "No idea, a while?");
}

#[test]
fn report_of_an_unknown_session_names_it() {
    let data = history_of_two_rounds();
    grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["report", "--session", "zzzz"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("zzzz"));
    let empty = tempfile::tempdir().unwrap();
    grill()
        .args(["--data-dir"])
        .arg(empty.path())
        .args(["report"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("grill:"));
}

#[test]
fn version_shows_the_data_folder() {
    grill()
        .args(["--data-dir", "/some/where/grill-data", "--version"])
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")))
        .stdout(predicate::str::contains(
            "data folder: /some/where/grill-data",
        ));
    grill()
        .env("GRILL_DATA_DIR", "/from/the/environment")
        .arg("-V")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "data folder: /from/the/environment",
        ));
}

#[test]
fn review_list_shows_when_each_concept_is_due() {
    let data = history_of_two_rounds();
    let now = grill::history::now_secs();
    let missed_now = serde_json::json!({
        "schema": 1, "time": now, "session": "cccc3333", "bank": "mini",
        "question": "mini-pool", "answer": "Pools.", "score": 0.0,
        "covered": [], "missed": ["reuse"],
        "time_used_secs": 5.0, "time_allowed_secs": 90.0, "time_up": false
    });
    let mut history = fs::OpenOptions::new()
        .append(true)
        .open(data.path().join("history.jsonl"))
        .unwrap();
    std::io::Write::write_all(&mut history, format!("{missed_now}\n").as_bytes()).unwrap();
    // Yesterday's misses are due today, today's tomorrow; the due ones come first.
    let output = grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["review", "--list"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[..2].contains(
        &"mini\tmini-shutdown/stop-timeout\tstopTimeout, 30 seconds by default\tmissed once\tdue today\tbox 1 of 5"
    ), "{stdout}");
    assert!(lines[2].starts_with("mini\tmini-pool\t"), "{stdout}");
    assert!(
        lines[2].ends_with("\tmissed once\tdue tomorrow\tbox 1 of 5"),
        "{stdout}"
    );
}

/// A labelled-answers file for the mini bank: a model answer, a weak one, a
/// misconception, and on line 4 a line that is not JSON.
const LABELLED: &str = r#"{"id": "m1", "question": "mini-shutdown", "category": "model", "answer": "ECS sends SIGTERM, then we close the server to drain requests before exiting.", "band": [80, 100], "concepts": ["sigterm", "drain"]}
{"id": "w1", "question": "mini-shutdown", "category": "weak", "answer": "It just stops, I think, when the deploy happens.", "band": [0, 20], "concepts": []}
{"id": "x1", "question": "mini-shutdown", "category": "misconception", "answer": "ECS sends SIGKILL first, then SIGTERM, and we drain requests.", "band": [50, 70], "concepts": ["drain"]}
not json
"#;

#[test]
fn bank_eval_measures_agreement_and_names_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.jsonl");
    fs::write(&path, LABELLED).unwrap();
    let output = grill()
        .args(["--bank", MINI, "bank", "eval", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a bad line fails the run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:4: not a labelled answer", path.display())),
        "{stderr}"
    );
    let figures: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(figures["overall"]["answers"], 3);
    assert_eq!(figures["overall"]["band"], 1.0);
    assert_eq!(figures["categories"]["model"]["recall"], 1.0);
    assert_eq!(
        figures["categories"]["misconception"]["red_flag_recall"],
        1.0
    );
    assert_eq!(figures["categories"]["model"]["false_flags"], 0.0);
    assert_eq!(figures["order_pairs"], 1);
    assert_eq!(figures["order"], 1.0);
    // The misconception's "SIGTERM" is labelled as not covering the point.
    assert_eq!(
        figures["points"]["mini-shutdown:sigterm"]["over_credited"],
        serde_json::json!(["x1"])
    );

    grill()
        .args(["--bank", MINI, "bank", "eval"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("misconception"))
        .stdout(predicate::str::contains(
            "order (model > partial > weak > off-topic",
        ))
        .stdout(predicate::str::contains("Most often over-credited"));
}

#[test]
fn score_json_shows_what_a_misconception_and_a_keyword_list_cost() {
    let output = grill()
        .args([
            "--bank",
            MINI,
            "score",
            "--json",
            "--question",
            "mini-shutdown",
        ])
        .write_stdin("ECS sends SIGKILL first and then SIGTERM, so we drain requests as we go.")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["coverage"], 100.0);
    assert_eq!(json["red_flags"][0]["severity"], "misconception");
    assert_eq!(json["deductions"][0]["kind"], "misconception");
    assert!(json["score"].as_f64().unwrap() < 100.0, "{json}");

    let output = grill()
        .args([
            "--bank",
            MINI,
            "score",
            "--json",
            "--question",
            "mini-shutdown",
        ])
        .write_stdin("sigterm, drain requests, sigkill, timeout")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["flags"][0], "keyword-list");
    assert_eq!(json["deductions"][0]["kind"], "keyword-list");
    assert_eq!(json["score"], 40.0);
}

#[test]
fn score_says_when_a_point_was_denied() {
    grill()
        .args(["--bank", MINI, "score", "--question", "mini-shutdown"])
        .write_stdin("We never handled SIGTERM, and requests were cut when the task died.")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "you said you did not: \"SIGTERM\"",
        ));
}

#[test]
fn bank_validate_checks_red_flag_severity_contradicts_and_keyword_parts() {
    let (_dir, path) = mini_with(
        "bad.toml",
        &[(
            "  keywords = [\"sigkill first\"]\n",
            "  keywords = [\"sigkill + \"]\n  severity = \"wrong-ish\"\n  contradicts = [\"sigtrem\"]\n",
        )],
    );
    grill()
        .args(["bank", "validate"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a part of this keyword is empty"))
        .stderr(predicate::str::contains(
            "severity must be \"misconception\" or \"pushback\", not \"wrong-ish\"",
        ))
        .stderr(predicate::str::contains(
            "contradicts names `sigtrem`, which is not a point here; did you mean `sigterm`?",
        ));
}

#[test]
fn a_lexicon_beside_the_banks_widens_their_keywords() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(MINI, dir.path().join("mini.toml")).unwrap();
    fs::write(
        dir.path().join("lexicon.toml"),
        "[[same]]\nterms = [\"drain requests\", \"let the open calls complete\"]\n",
    )
    .unwrap();
    let output = grill()
        .arg("--bank")
        .arg(dir.path())
        .args(["score", "--json", "--question", "mini-shutdown"])
        .write_stdin("On SIGTERM we let the open calls complete before exiting.")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let drain = json["covered"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "drain")
        .expect("the lexicon's phrase covers the point");
    assert_eq!(
        drain["evidence"][0]["counted_as"][0]["counts_as"],
        "drain requests"
    );

    fs::write(
        dir.path().join("lexicon.toml"),
        "[[same]]\nterms = [\"the\"]\n",
    )
    .unwrap();
    grill()
        .arg("--bank")
        .arg(dir.path())
        .args(["bank", "validate"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lexicon.toml:2:9: error"))
        .stderr(predicate::str::contains("needs at least two terms"));
}

#[test]
fn bank_test_finds_a_bank_named_with_a_leading_dot_slash() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("banks")).unwrap();
    fs::copy(MINI, dir.path().join("banks/mini.toml")).unwrap();
    grill()
        .current_dir(dir.path())
        .args(["bank", "test", "./banks/mini.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("bank `mini`"));
}

#[test]
fn bank_test_of_a_path_that_holds_no_loaded_bank_fails() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("lexicon.toml");
    fs::write(&lexicon, "[[same]]\nterms = [\"host\", \"server\"]\n").unwrap();
    grill()
        .args(["bank", "test"])
        .arg(&lexicon)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no bank was read from"));
}

#[test]
fn a_follow_up_checks_its_main_questions_misconceptions() {
    let output = grill()
        .args([
            "--bank",
            MINI,
            "score",
            "--json",
            "--question",
            "mini-shutdown/stop-timeout",
        ])
        .write_stdin("The stop timeout is 30 seconds, and ECS sends SIGKILL first anyway.")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let red_flags = json["red_flags"].as_array().unwrap();
    assert_eq!(red_flags.len(), 1, "{json}");
    assert_eq!(red_flags[0]["severity"], "misconception");
    assert!(
        red_flags[0]["contradicts"]
            .as_array()
            .is_none_or(Vec::is_empty)
    );
    assert!(json["score"].as_f64().unwrap() < 100.0, "{json}");
}

#[test]
fn bank_test_checks_whether_an_example_states_a_misconception() {
    let (_dir, path) = mini_with(
        "examples.toml",
        &[(
            "  min_score = 90\n",
            "  min_score = 90\n  misconception = true\n\n  [[question.example]]\n  answer = \"ECS sends SIGKILL first.\"\n  misconception = false\n",
        )],
    );
    grill()
        .args(["bank", "test"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "expected a misconception; none was raised",
        ))
        .stdout(predicate::str::contains(
            "raised a misconception it should not: \"ECS sends SIGTERM first",
        ));
}

#[test]
fn review_list_and_stats_leave_out_a_concept_whose_question_left_the_banks() {
    let data = tempfile::tempdir().unwrap();
    let two_days_ago = grill::history::now_secs() - 2 * 24 * 60 * 60;
    let record = serde_json::json!({
        "schema": 1, "time": two_days_ago, "session": "s", "bank": "mini",
        "question": "a-question-since-removed", "answer": "We just restart it.", "score": 0.0,
        "covered": [], "missed": ["sigterm"],
        "time_used_secs": 10.0, "time_allowed_secs": 90.0, "time_up": false
    });
    fs::write(data.path().join("history.jsonl"), format!("{record}\n")).unwrap();
    grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["review", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("a-question-since-removed").not());
    let output = grill()
        .args(["--bank", MINI, "--data-dir"])
        .arg(data.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["concepts"]["due_today"], 0, "{json}");
}

#[cfg(unix)]
#[test]
fn a_link_in_the_data_folder_is_never_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "precious\n").unwrap();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    symlink(&victim, data.join("history.jsonl")).unwrap();
    grill()
        .args(["stats", "--json"])
        .env("GRILL_DATA_DIR", &data)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "it is a link, and grill follows no link in its data folder",
        ));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
}

#[cfg(unix)]
#[test]
fn a_data_folder_others_can_write_to_is_refused_with_the_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("shared");
    fs::create_dir(&data).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o777)).unwrap();
    grill()
        .args(["review", "--count"])
        .env("GRILL_DATA_DIR", &data)
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not safe to keep answers in"))
        .stderr(predicate::str::contains("others can write to it"));
}

#[test]
fn escape_sequences_in_a_bad_bank_never_reach_the_terminal_through_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    fs::write(
        &path,
        "[bank]\nid = \"bad\\u001b]0;TITLE\\u0007\"\n\"\\u001b]52;c;S0VZ\\u0007\" = 1\n[[question]]\nid = \"Q\\u001b[2J\"\n",
    )
    .unwrap();
    let output = grill()
        .args(["bank", "validate"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml:3:1: error: unknown key"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
}

/// A history of one answer, with `session`, `bank` and `question` as given.
fn crafted_history(session: &str, bank: &str, question: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let record = serde_json::json!({
        "schema": 1, "time": 1_700_000_000u64, "session": session, "bank": bank,
        "question": question, "answer": "a", "score": 10.0, "covered": [],
        "missed": ["sigterm"], "time_used_secs": 1.0, "time_allowed_secs": 60.0, "time_up": false
    });
    fs::write(dir.path().join("history.jsonl"), format!("{record}\n")).unwrap();
    dir
}

#[test]
fn ids_from_the_history_are_printed_defused() {
    let data = crafted_history("s", "bank\u{1b}]0;PWNED\u{7}\u{9b}31m", "mini-shutdown");
    let output = grill()
        .args(["--bank", MINI, "review", "--list"])
        .env("GRILL_DATA_DIR", data.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("bank\u{fffd}]0;PWNED"), "{stdout:?}");
    assert!(
        !stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{stdout:?}"
    );
}

#[test]
fn json_output_escapes_c1_and_bidi_characters() {
    let data = crafted_history("s\u{9b}2J\u{202e}", "b", "q");
    let output = grill()
        .args(["stats", "--json"])
        .env("GRILL_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(r#""session": "s\u009b2J\u202e""#),
        "{stdout}"
    );
    assert!(!stdout.contains(['\u{9b}', '\u{202e}']));
    let figures: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(figures["scores"][0]["session"], "s\u{9b}2J\u{202e}");
}

#[test]
fn a_broken_bank_in_the_bank_folder_is_left_out_and_the_rest_works() {
    let data = tempfile::tempdir().unwrap();
    let banks = data.path().join("banks");
    fs::create_dir(&banks).unwrap();
    fs::write(
        banks.join("broken.toml"),
        "[bank]\nid = \"broken\"\ntitle = \"Broken\"\n[[question]]\nid = \"q\"\ndifficulty = 4\n",
    )
    .unwrap();
    fs::copy(MINI, banks.join("mini.toml")).unwrap();
    let broken = banks.join("broken.toml").display().to_string();
    grill()
        .args(["bank", "list"])
        .env("GRILL_DATA_DIR", data.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("mini"))
        .stderr(predicate::str::contains(format!("{broken}:")))
        .stderr(predicate::str::contains(format!(
            "grill: warning: {broken} is left out for its problems; the other banks are loaded"
        )));
    grill()
        .args(["stats", "--json"])
        .env("GRILL_DATA_DIR", data.path())
        .assert()
        .success();
    // Checking banks, the broken one is an error still.
    grill()
        .args(["bank", "validate"])
        .env("GRILL_DATA_DIR", data.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!("{broken}:")));
    // And named with --bank, it stops the command.
    grill()
        .args(["--bank", &broken, "stats", "--json"])
        .env("GRILL_DATA_DIR", data.path())
        .assert()
        .failure();
}

#[cfg(unix)]
#[test]
fn a_device_or_a_pipe_named_as_a_bank_is_refused_not_read() {
    grill()
        .args(["--bank", "/dev/zero", "bank", "list"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/zero: cannot read it: it is not a regular file",
        ));
}

#[test]
fn reading_the_history_creates_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("not-yet");
    for args in [
        &["stats", "--json"][..],
        &["review", "--list"],
        &["review", "--count"],
    ] {
        grill()
            .args(args)
            .env("GRILL_DATA_DIR", &data)
            .assert()
            .success();
    }
    grill()
        .args(["report"])
        .env("GRILL_DATA_DIR", &data)
        .assert()
        .failure();
    assert!(
        !data.exists(),
        "a read-only command made {}",
        data.display()
    );
}

#[test]
fn batch_lines_may_carry_fields_of_their_own() {
    let (status, results, _) = batch(
        r#"{"question":"mini-shutdown","answer":"ECS sends SIGTERM","id":7,"student":"ana","week":3}"#,
    );
    assert_eq!(status, Some(0));
    assert_eq!(results[0]["id"], 7);
    assert!(results[0]["score"].as_f64().unwrap() > 0.0, "{results:?}");
}
