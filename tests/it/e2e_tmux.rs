//! The real binary in a real terminal: `grill` runs inside a detached tmux session, keys
//! go in with `send-keys` and the screen comes back with `capture-pane`.
//!
//! Each test gets its own tmux server (`tmux -L grill-e2e-<pid>-<n>`, no config file), so
//! the tests run in parallel and never touch the user's tmux; a guard kills the server
//! when the test ends, passed or failed. After `grill` exits the pane prints its exit
//! status and `stty -a`, so the tests can see that the terminal was given back in
//! canonical mode with echo on.
//!
//! Without tmux the tests are skipped with a notice, unless `GRILL_E2E=required` (set by
//! CI, which installs tmux), in which case a missing tmux fails them.

use std::cell::RefCell;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long any one expectation may take to come true.
const DEADLINE: Duration = Duration::from_secs(10);
/// The pause between two looks at the screen.
const POLL: Duration = Duration::from_millis(100);

/// Runs after `grill` in the pane: the exit status, the terminal settings, then a wait so
/// the pane stays open to be read. `"$0" "$@"` is `grill` and its arguments, passed as
/// separate words so no path needs quoting, and `sh` runs it whatever the user's shell.
const SCRIPT: &str = r#"TERM=xterm-256color "$0" "$@"; echo EXIT=$?; stty -a; sleep 60"#;

const ROUND: &[&str] = &[
    "practice",
    "--count",
    "1",
    "--time",
    "6",
    "--follow-up-time",
    "3",
    "--seed",
    "1",
];

/// A tmux server of this test's own, with `grill` running in its one session.
struct Tmux {
    socket: String,
    session: String,
    /// The last screen captured, for failure messages.
    last: RefCell<String>,
    /// The server's socket file, removed with the server.
    socket_path: Option<std::path::PathBuf>,
    /// grill's data folder for this test, so the user's own history is never touched.
    data: tempfile::TempDir,
}

impl Tmux {
    /// Starts `grill args` in a `width`×`height` session, or returns `None` (after saying
    /// so) when tmux is missing and not required.
    fn start(width: u16, height: u16, args: &[&str]) -> Option<Tmux> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        if !tmux_installed() {
            let required = std::env::var("GRILL_E2E").is_ok_and(|v| v == "required");
            assert!(
                !required,
                "GRILL_E2E=required, but `tmux -V` does not run: install tmux"
            );
            eprintln!("skipping: tmux is not installed (GRILL_E2E=required makes this fail)");
            return None;
        }
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mut tmux = Tmux {
            socket: format!("grill-e2e-{}-{n}", std::process::id()),
            session: format!("grill-{n}"),
            last: RefCell::new(String::new()),
            socket_path: None,
            data: tempfile::tempdir().expect("a temporary data folder"),
        };
        tmux.launch(width, height, args);
        Some(tmux)
    }

    /// Runs `grill args` in the session, which must not exist (any more).
    fn launch(&mut self, width: u16, height: u16, args: &[&str]) {
        let tmux = self;
        let (width, height) = (width.to_string(), height.to_string());
        let mut new_session = vec![
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            &width,
            "-y",
            &height,
            "/bin/sh",
            "-c",
            SCRIPT,
            env!("CARGO_BIN_EXE_grill"),
        ];
        new_session.extend_from_slice(args);
        tmux.run(&new_session);
        let path = tmux.command(&["display-message", "-p", "#{socket_path}"]);
        let path = String::from_utf8_lossy(&path.stdout).trim().to_owned();
        tmux.socket_path = (!path.is_empty()).then(|| path.into());
    }

    /// Runs `grill args` to the end outside tmux, on this test's data folder.
    fn grill(&self, args: &[&str]) -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_grill"))
            .args(args)
            .env("GRILL_DATA_DIR", self.data.path())
            .output()
            .expect("grill runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "grill {args:?} failed: {}{stdout}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    }

    fn command(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .env("GRILL_DATA_DIR", self.data.path())
            .output()
            .expect("tmux runs")
    }

    /// Runs a tmux command that must succeed.
    fn run(&self, args: &[&str]) {
        let output = self.command(args);
        assert!(
            output.status.success(),
            "tmux {args:?} failed: {}\nlast screen:\n{}",
            String::from_utf8_lossy(&output.stderr).trim(),
            self.last.borrow()
        );
    }

    /// The screen as text, wrapped lines joined and trailing blanks dropped.
    fn capture(&self) -> String {
        let output = self.command(&["capture-pane", "-p", "-J", "-t", &self.session]);
        assert!(
            output.status.success(),
            "capture-pane failed (did the pane close?): {}\nlast screen:\n{}",
            String::from_utf8_lossy(&output.stderr).trim(),
            self.last.borrow()
        );
        let text = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let screen = lines.join("\n").trim_end().to_owned();
        self.last.replace(screen.clone());
        screen
    }

    /// Looks at the screen until `ready` holds, and returns that screen; past the
    /// deadline, fails with `what` and the last screen.
    fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        let mut previous = String::new();
        loop {
            let screen = self.capture();
            // A capture can catch a frame half drawn: what is ready is also still there
            // at the next look.
            if ready(&screen) && screen == previous {
                return screen;
            }
            previous.clone_from(&screen);
            assert!(
                Instant::now() < deadline,
                "gave up after {DEADLINE:?} waiting for {what}; the screen:\n{screen}"
            );
            thread::sleep(POLL);
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text))
    }

    /// Types `text` as it is, with no key names.
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.session, "-l", text]);
    }

    /// Presses keys by tmux name: "C-s", "Enter", "PageDown".
    fn press(&self, key: &str) {
        self.run(&["send-keys", "-t", &self.session, key]);
    }

    /// Sends `signal` (`TERM`, `KILL`…) to grill, which the pane's shell runs as its one
    /// child.
    fn signal_grill(&self, signal: &str) {
        let grill = self.grill_pid();
        let sent = Command::new("sh")
            .args(["-c", &format!("kill -{signal} \"$1\""), "sh", &grill])
            .status()
            .expect("sh runs");
        self.check(
            sent.success(),
            &format!("kill -{signal} should reach grill"),
        );
    }

    /// The process id of grill, which the pane's shell runs as its one child.
    fn grill_pid(&self) -> String {
        let shell = self.command(&["display-message", "-p", "-t", &self.session, "#{pane_pid}"]);
        let shell = String::from_utf8_lossy(&shell.stdout).trim().to_owned();
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .unwrap_or_default();
        let grill = children
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        self.check(!grill.is_empty(), "grill should run under the pane's shell");
        grill
    }

    /// Fails with `message` and the last screen unless `ok`.
    fn check(&self, ok: bool, message: &str) {
        assert!(ok, "{message}; the screen:\n{}", self.last.borrow());
    }

    /// Waits for `grill` to have exited and the shell to have printed `stty -a`, then
    /// checks the exit status was 0 and the terminal is back in canonical mode with echo.
    fn expect_clean_exit(&self) {
        self.expect_exit(0);
    }

    /// As [`Tmux::expect_clean_exit`], with the exit status `status`.
    fn expect_exit(&self, status: u8) {
        let screen = self.wait_until("the exit status and `stty -a`", |screen| {
            screen.contains("EXIT=")
                && words(screen).any(|w| w == "icanon" || w == "-icanon")
                && words(screen).any(|w| w == "echo" || w == "-echo")
        });
        self.check(
            screen
                .lines()
                .any(|line| line.trim() == format!("EXIT={status}")),
            &format!("grill should exit with status {status}"),
        );
        for setting in ["icanon", "echo"] {
            self.check(
                words(&screen).any(|w| w == setting),
                &format!("the terminal should be left with `{setting}` on (stty shows -{setting})"),
            );
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Ignore the results: the server may already be gone, and tmux leaves its
        // socket file behind.
        let _ = self.command(&["kill-server"]);
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn tmux_installed() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success())
}

fn words(screen: &str) -> impl Iterator<Item = &str> {
    screen.split_whitespace()
}

/// The countdown at the right of the title bar: "0:06".
fn title_clock(screen: &str) -> Option<String> {
    let title = screen.lines().next()?;
    let clock = title.split_whitespace().last()?;
    clock.contains(':').then(|| clock.to_owned())
}

/// The score of "Answer NN / 100", if the screen shows one.
fn score(screen: &str) -> Option<u32> {
    screen.lines().find_map(|line| {
        let (_, rest) = line.split_once("Answer ")?;
        let (number, _) = rest.split_once(" / 100")?;
        number.trim().parse().ok().filter(|score| *score <= 100)
    })
}

#[test]
fn a_round_end_to_end() {
    let Some(tmux) = Tmux::start(100, 30, ROUND) else {
        return;
    };

    let screen = tmux.wait_for("Question 1 of 1");
    tmux.check(
        screen.contains("grill · question"),
        "the question screen should say so in its title",
    );
    tmux.check(
        screen.contains(" left"),
        "the question should show a gauge with the time left",
    );
    let Some(start) = title_clock(&screen) else {
        panic!("no countdown at the end of the title bar; the screen:\n{screen}");
    };
    tmux.wait_until(
        &format!("the countdown to move on from {start}"),
        |screen| title_clock(screen).is_some_and(|clock| clock != start),
    );

    let answer = "We moved the API from Lambda to ECS Fargate for cold starts.";
    tmux.type_text(answer);
    tmux.wait_for(answer);
    tmux.press("C-s");

    let screen = tmux.wait_for("grill · follow-up");
    tmux.check(
        screen
            .lines()
            .any(|line| line.trim().starts_with("Follow-up")),
        "the follow-up screen should have a line starting \"Follow-up\"",
    );
    // Typed but never submitted: the clock running out must submit it.
    let follow_up = "shifted traffic over slowly";
    tmux.type_text(follow_up);
    tmux.wait_for(follow_up);

    let screen = tmux.wait_for("grill · feedback");
    tmux.check(
        score(&screen).is_some(),
        "the feedback should show \"Answer NN / 100\"",
    );
    tmux.check(
        screen
            .lines()
            .any(|line| line.trim_start().starts_with("✗ ")),
        "an answer this thin should miss at least one point (✗)",
    );
    tmux.check(
        screen.contains(answer),
        "the feedback should show the answer",
    );
    // The follow-up's part is further down: page down until it shows, the page (10
    // lines) being shorter than the view so no line is skipped.
    let mut screen = screen;
    for _ in 0..8 {
        if screen.contains("time up") && screen.contains(follow_up) {
            break;
        }
        tmux.press("PageDown");
        let before = screen;
        screen = tmux.wait_until("the feedback to scroll", |now| now != before);
    }
    tmux.check(
        screen.contains("time up") && screen.contains(follow_up),
        "the follow-up's feedback should say \"time up\" and show what was typed",
    );

    // Typing is ignored for a moment after the clock submits an answer, so words typed
    // as time ran out do not land elsewhere; Enter goes through once that has passed.
    let deadline = Instant::now() + DEADLINE;
    let screen = loop {
        tmux.press("Enter");
        thread::sleep(Duration::from_millis(500));
        let screen = tmux.capture();
        if screen.contains("Round over") || Instant::now() > deadline {
            break screen;
        }
    };
    tmux.check(
        screen.contains("Round over"),
        "Enter should lead to the summary",
    );
    tmux.check(
        screen.contains("time up"),
        "the summary should mark the question \"time up\"",
    );
    tmux.press("q");
    tmux.expect_clean_exit();

    // Both answers, the main one and the timed-out follow-up, are in the history.
    let history = std::fs::read_to_string(tmux.data.path().join("history.jsonl"))
        .expect("the round wrote its history");
    let records: Vec<serde_json::Value> = history
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON record per line"))
        .collect();
    assert_eq!(records.len(), 2, "{history}");
    assert!(
        records[0]["follow_up"].is_null() && records[1]["follow_up"].is_string(),
        "{history}"
    );
    assert_eq!(records[1]["time_up"], true, "{history}");
    assert_eq!(records[0]["time_allowed_secs"], 6.0, "{history}");
    assert_eq!(records[1]["time_allowed_secs"], 3.0, "{history}");
}

#[test]
fn ctrl_c_mid_answer_restores_the_terminal() {
    let Some(tmux) = Tmux::start(100, 30, ROUND) else {
        return;
    };
    tmux.wait_for("Question 1 of 1");
    tmux.type_text("half an answer");
    tmux.wait_for("half an answer");
    tmux.press("C-c");
    // 130, as a shell reports an interrupted command, so a script can tell.
    tmux.expect_exit(130);
    tmux.wait_for("grill: the round is kept where it stopped; `grill` offers to resume it");
}

#[test]
fn a_submitted_answer_survives_kill_9() {
    let Some(tmux) = Tmux::start(100, 30, ROUND) else {
        return;
    };
    tmux.wait_for("Question 1 of 1");
    tmux.type_text("ECS sends SIGTERM, then SIGKILL after the stop timeout.");
    tmux.press("C-s");
    tmux.wait_for("Follow-up");
    tmux.signal_grill("KILL");
    tmux.wait_for("EXIT=137");
    let history = std::fs::read_to_string(tmux.data.path().join("history.jsonl"))
        .expect("the answer was written before the kill");
    assert_eq!(history.lines().count(), 1, "{history}");
    assert!(
        history.contains("then SIGKILL after the stop timeout"),
        "{history}"
    );
}

#[test]
fn sigterm_mid_answer_restores_the_terminal() {
    let Some(tmux) = Tmux::start(100, 30, ROUND) else {
        return;
    };
    tmux.wait_for("Question 1 of 1");
    tmux.type_text("half an answer");
    tmux.wait_for("half an answer");
    tmux.signal_grill("TERM");
    tmux.expect_exit(143);
}

#[test]
fn other_stop_signals_restore_the_terminal_and_keep_the_round() {
    for (signal, status) in [("INT", 130), ("QUIT", 131), ("USR1", 138)] {
        let Some(tmux) = Tmux::start(100, 30, ROUND) else {
            return;
        };
        tmux.wait_for("Question 1 of 1");
        tmux.type_text("half an answer");
        tmux.wait_for("half an answer");
        tmux.signal_grill(signal);
        tmux.expect_exit(status);
        let draft = std::fs::read_dir(tmux.data.path())
            .expect("the data folder")
            .map(|e| e.expect("an entry").path())
            .find(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| std::fs::read_to_string(p).expect("the draft"));
        tmux.check(
            draft.is_some_and(|d| d.contains("half an answer")),
            &format!("SIG{signal} should keep what was typed in the draft"),
        );
    }
}

#[test]
fn practice_question_asks_exactly_that_question() {
    let Some(tmux) = Tmux::start(
        100,
        30,
        &[
            "practice",
            "--question",
            "graceful-shutdown",
            "--no-follow-ups",
        ],
    ) else {
        return;
    };
    let screen = tmux.wait_for("Question 1 of 1");
    tmux.check(
        screen.contains("How did you handle graceful shutdown when ECS stops a task?"),
        "the round should ask the graceful-shutdown question",
    );
    tmux.press("C-c");
    tmux.expect_exit(130);
}

#[test]
fn ctrl_z_suspends_grill_and_fg_brings_it_back_where_it_was() {
    let Some(mut tmux) = Tmux::start(100, 30, &["--version"]) else {
        return;
    };
    // Job control needs an interactive shell, as a user has.
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "shell",
        "-x",
        "100",
        "-y",
        "30",
        "bash",
        "--norc",
        "--noprofile",
        "-i",
    ]);
    tmux.session = "shell".to_owned();
    tmux.type_text(&format!(
        "GRILL_DATA_DIR={} {} practice --count 1 --seed 1 --no-follow-ups",
        tmux.data.path().display(),
        env!("CARGO_BIN_EXE_grill")
    ));
    tmux.press("Enter");
    tmux.wait_for("Question 1 of 1");
    tmux.type_text("half an answer");
    tmux.wait_for("half an answer");
    tmux.press("C-z");
    let shell = tmux.wait_for("Stopped");
    tmux.check(
        !shell.contains("Question 1 of 1"),
        "the shell should have its screen back",
    );
    tmux.type_text("fg");
    tmux.press("Enter");
    let screen = tmux.wait_for("half an answer");
    tmux.check(
        screen.contains("Question 1 of 1"),
        "the question should be drawn again whole",
    );
    tmux.press("C-c");
    tmux.wait_until("the shell's prompt again", |screen| {
        !screen.contains("half an answer")
    });
}

#[test]
fn too_small_a_window_asks_to_enlarge_it_and_recovers() {
    let Some(tmux) = Tmux::start(40, 10, &[]) else {
        return;
    };
    tmux.wait_for("Enlarge the window");
    tmux.run(&[
        "resize-window",
        "-t",
        &tmux.session,
        "-x",
        "100",
        "-y",
        "30",
    ]);
    let screen = tmux.wait_for("Practice round");
    tmux.check(
        !screen.contains("Enlarge the window"),
        "the notice should be gone once the window is large enough",
    );
    tmux.press("C-c");
    tmux.expect_clean_exit();
}

#[test]
fn a_weak_round_then_review_list_and_report_last() {
    let Some(tmux) = Tmux::start(
        100,
        30,
        &["practice", "--count", "1", "--seed", "1", "--no-follow-ups"],
    ) else {
        return;
    };
    tmux.wait_for("Question 1 of 1");
    tmux.type_text("I am not sure, we used some containers.");
    tmux.press("C-s");
    tmux.wait_for("Your answer");
    tmux.press("Enter");
    tmux.wait_for("Round over");
    tmux.press("q");
    tmux.expect_clean_exit();

    let record: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(tmux.data.path().join("history.jsonl"))
            .expect("the answer is in the history")
            .trim(),
    )
    .expect("one record");
    let missed: Vec<&str> = record["missed"]
        .as_array()
        .expect("missed points")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(!missed.is_empty(), "a weak answer misses points: {record}");

    let list = tmux.grill(&["review", "--list"]);
    assert_eq!(list.lines().count(), missed.len(), "{list}");
    let question = record["question"].as_str().expect("a question id");
    for line in list.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 6, "{line}");
        assert_eq!(fields[1], question, "{line}");
        assert_eq!(fields[3], "missed once", "{line}");
        assert_eq!(fields[4], "due tomorrow", "{line}");
        assert_eq!(fields[5], "box 1 of 5", "{line}");
    }

    let report = tmux.grill(&["report", "--last"]);
    assert!(report.starts_with("# grill report"), "{report}");
    assert!(
        report.contains("> I am not sure, we used some containers."),
        "{report}"
    );
}

#[test]
fn killed_mid_round_grill_offers_to_resume_it() {
    let Some(mut tmux) = Tmux::start(
        100,
        30,
        &["practice", "--count", "2", "--seed", "1", "--no-follow-ups"],
    ) else {
        return;
    };
    tmux.wait_for("Question 1 of 2");
    tmux.type_text("ECS sends SIGTERM first, then SIGKILL.");
    tmux.press("C-s");
    tmux.wait_for("Your answer");
    tmux.press("Enter");
    tmux.wait_for("Question 2 of 2");
    tmux.type_text("half of the second answer");
    tmux.wait_for("half of the second answer");
    let grill = tmux.grill_pid();
    tmux.run(&["kill-session", "-t", &tmux.session]);
    // The hang-up reaches grill at once; it saves what was typed as it stops.
    let deadline = Instant::now() + DEADLINE;
    while std::path::Path::new(&format!("/proc/{grill}")).exists() {
        assert!(
            Instant::now() < deadline,
            "grill did not stop on the hang-up"
        );
        thread::sleep(POLL);
    }

    tmux.launch(100, 30, &[]);
    tmux.wait_until("the round to resume, at its second question", |screen| {
        screen.contains("Resume the interrupted round")
            && screen.contains("at question 2 of 2 · 1 answer saved")
    });
    tmux.press("Enter");
    tmux.wait_until("the second question with what was typed", |screen| {
        screen.contains("Question 2 of 2") && screen.contains("half of the second answer")
    });
    tmux.type_text(", and the rest");
    tmux.press("C-s");
    tmux.wait_for("Your answer");
    tmux.press("Enter");
    tmux.wait_for("Round over · 2 questions");
    tmux.press("q");
    tmux.expect_clean_exit();
    let history =
        std::fs::read_to_string(tmux.data.path().join("history.jsonl")).expect("a history");
    assert_eq!(history.lines().count(), 2, "{history}");
    assert!(
        history.contains("half of the second answer, and the rest"),
        "{history}"
    );
    let drafts: Vec<String> = std::fs::read_dir(tmux.data.path())
        .expect("the data folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with("draft"))
        .collect();
    assert!(
        drafts.is_empty(),
        "the draft goes once the round is over: {drafts:?}"
    );
}

#[test]
fn bank_list_on_a_narrow_terminal_keeps_each_bank_on_one_line() {
    let Some(tmux) = Tmux::start(72, 40, &["bank", "list"]) else {
        return;
    };
    let screen = tmux.wait_for("EXIT=0");
    let row = screen
        .lines()
        .find(|l| l.starts_with("lambda-to-ecs "))
        .unwrap_or_else(|| panic!("no lambda-to-ecs row in:\n{screen}"));
    // The title gives way; the source, which says where the file is, stays whole.
    tmux.check(
        row.ends_with("/lambda-to-ecs.toml") && row.contains('…'),
        &format!("the row should end with the whole source: {row:?}"),
    );
}
