//! The stats screen drawn into ratatui's `TestBackend` at the body sizes of an 80×24 and
//! a 120×40 terminal, with colours and under NO_COLOR, as `insta` snapshots: an empty
//! history, and three rounds over two days on several topics.

use grill::bank::{Catalog, parse_bank};
use grill::history::Record;
use grill::history::stats::{Stats, stats};
use grill::tui::keys::Action;
use grill::tui::stats::{StatsScreen, view};
use grill::tui::theme::Theme;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::{self, ids};

const HOUR: u64 = 60 * 60;
const MINUTE: u64 = 60;
/// 2026-11-02 00:00 UTC, a Monday.
const MONDAY: u64 = 1_793_577_600;
const TUESDAY: u64 = MONDAY + 24 * HOUR;

/// The body of the screen (between the title bar and the footer) of an 80×24 and a
/// 120×40 terminal.
const SIZES: [(u16, u16); 2] = [(80, 22), (120, 38)];

const BANK: &str = r#"
[bank]
id = "ecs"
title = "ECS for the stats screen"
description = "Five questions on five topics."

[[question]]
id = "task-vs-service"
topic = "Core concepts"
prompt = "What is the difference between a task and a service?"

  [[question.point]]
  id = "task-is-instance"
  label = "A task is a running instance of a task definition"
  keywords = ["running instance"]

  [[question.point]]
  id = "service-keeps-count"
  label = "A service keeps the desired count running and replaces failed tasks"
  keywords = ["desired count"]

[[question]]
id = "awsvpc"
topic = "Networking"
prompt = "What does the awsvpc network mode give each task?"

  [[question.point]]
  id = "own-eni"
  label = "Each task gets its own elastic network interface and private IP"
  keywords = ["own eni", "elastic network interface"]

  [[question.point]]
  id = "security-groups"
  label = "Security groups apply per task, not per host"
  keywords = ["security group"]

[[question]]
id = "graceful-shutdown"
topic = "Operations"
prompt = "How does a task shut down cleanly during a deployment?"

  [[question.point]]
  id = "sigterm"
  label = "ECS sends SIGTERM and waits stopTimeout before SIGKILL"
  weight = 2
  keywords = ["sigterm"]

  [[question.point]]
  id = "drain"
  label = "The load balancer deregisters the target and drains in-flight requests"
  keywords = ["deregistration delay", "drain"]

  [[question.follow_up]]
  id = "stop-timeout"
  prompt = "How long does the app have?"
  when_covered = ["sigterm"]
    [[question.follow_up.point]]
    id = "thirty-seconds"
    label = "stopTimeout, 30 seconds by default, at most 120 on Fargate"
    keywords = ["30 seconds"]

[[question]]
id = "task-roles"
topic = "Security"
prompt = "What is the difference between the task role and the execution role?"

  [[question.point]]
  id = "execution-role"
  label = "The execution role pulls images and writes logs for the agent"
  keywords = ["execution role"]

  [[question.point]]
  id = "task-role"
  label = "The task role is what the application's own AWS calls use"
  keywords = ["task role"]

[[question]]
id = "code-refactor"
topic = "Technical execution"
prompt = "How did you refactor the Lambda handlers to run on ECS?"

  [[question.point]]
  id = "express-server"
  label = "Replaced serverless-http with a standalone Express server"
  keywords = ["express server"]

  [[question.point]]
  id = "init-once"
  label = "Clients initialised once at startup, outside the request path"
  keywords = ["initialised once"]
"#;

fn catalog() -> Catalog {
    Catalog::from_banks(vec![
        parse_bank("ecs.toml", BANK).expect("the test bank is valid"),
    ])
}

/// An answer to `question` (`question/follow-up` for a follow-up).
fn answer(
    time: u64,
    session: &str,
    question: &str,
    score: f64,
    covered: &[&str],
    missed: &[&str],
) -> Record {
    let (question, follow_up) = match question.split_once('/') {
        Some((q, f)) => (q, Some(f.to_owned())),
        None => (question, None),
    };
    Record {
        time,
        session: session.to_owned(),
        follow_up,
        answer: "an answer".to_owned(),
        score,
        covered: ids(covered),
        missed: ids(missed),
        time_used_secs: 95.0,
        ..common::record("ecs", question)
    }
}

/// Three rounds: Monday morning, Monday evening, Tuesday morning.
fn history() -> Vec<Record> {
    let am = MONDAY + 9 * HOUR;
    let pm = MONDAY + 19 * HOUR;
    let next = TUESDAY + 8 * HOUR;
    vec![
        answer(
            am,
            "s1",
            "task-vs-service",
            50.0,
            &["task-is-instance"],
            &["service-keeps-count"],
        ),
        answer(
            am + 3 * MINUTE,
            "s1",
            "awsvpc",
            0.0,
            &[],
            &["own-eni", "security-groups"],
        ),
        answer(
            am + 6 * MINUTE,
            "s1",
            "graceful-shutdown",
            66.7,
            &["sigterm"],
            &["drain"],
        ),
        answer(
            am + 8 * MINUTE,
            "s1",
            "graceful-shutdown/stop-timeout",
            0.0,
            &[],
            &["thirty-seconds"],
        ),
        answer(
            pm,
            "s2",
            "task-roles",
            50.0,
            &["task-role"],
            &["execution-role"],
        ),
        answer(
            pm + 3 * MINUTE,
            "s2",
            "code-refactor",
            50.0,
            &["init-once"],
            &["express-server"],
        ),
        answer(
            pm + 6 * MINUTE,
            "s2",
            "awsvpc",
            50.0,
            &["own-eni"],
            &["security-groups"],
        ),
        answer(
            next,
            "s3",
            "graceful-shutdown",
            100.0,
            &["sigterm", "drain"],
            &[],
        ),
        answer(
            next + 2 * MINUTE,
            "s3",
            "graceful-shutdown/stop-timeout",
            0.0,
            &[],
            &["thirty-seconds"],
        ),
        answer(
            next + 5 * MINUTE,
            "s3",
            "awsvpc",
            100.0,
            &["own-eni", "security-groups"],
            &[],
        ),
        answer(
            next + 8 * MINUTE,
            "s3",
            "task-vs-service",
            100.0,
            &["task-is-instance", "service-keeps-count"],
            &[],
        ),
        answer(
            next + 11 * MINUTE,
            "s3",
            "code-refactor",
            0.0,
            &[],
            &["express-server", "init-once"],
        ),
    ]
}

fn figures(records: &[Record]) -> Stats {
    stats(records, &catalog(), TUESDAY + 12 * HOUR, &TimeZone::UTC)
}

fn draw(stats: &Stats, theme: Theme, (width, height): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| view(frame, frame.area(), &theme, stats, 0))
        .unwrap();
    terminal
}

/// The screen as text, one line per row.
fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content()
        .chunks(width)
        .map(|row| row.iter().map(|cell| cell.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Snapshots `stats` at both sizes, drawn plain, and checks its colour drawing against
/// the plain one ([`common::check_colour`]).
fn snapshot(name: &str, stats: &Stats) {
    for size @ (width, height) in SIZES {
        let plain = draw(stats, Theme::plain(), size);
        insta::assert_snapshot!(format!("{name}-{width}x{height}"), plain.backend());
        common::check_colour(
            &format!("{name}-{width}x{height}"),
            draw(stats, Theme::colour(), size).backend().buffer(),
            plain.backend().buffer(),
        );
    }
}

#[test]
fn an_empty_history() {
    let stats = figures(&[]);
    snapshot("empty", &stats);
    for size in SIZES {
        let screen = text(&draw(&stats, Theme::plain(), size));
        assert!(
            screen.contains("No answers yet. Practise a round and your progress shows here."),
            "{screen}"
        );
        assert!(!screen.contains("Score over time"), "{screen}");
    }
}

#[test]
fn three_rounds_over_two_days() {
    let stats = figures(&history());
    snapshot("history", &stats);
    for size in SIZES {
        let screen = text(&draw(&stats, Theme::plain(), size));
        for shown in [
            "12 answers",
            "3 rounds",
            "Score over time",
            "2026-11-02",
            "2026-11-03",
            "Average per topic",
            "Core concepts",
            "Networking",
            "Most missed",
            "missed 2×",
        ] {
            assert!(screen.contains(shown), "{shown:?} is missing:\n{screen}");
        }
        assert!(!screen.contains("No answers yet"), "{screen}");
    }
}

#[test]
fn bank_text_cannot_reach_the_terminal_raw() {
    let mut bank = parse_bank("ecs.toml", BANK).unwrap();
    bank.questions[0].topic = "Core\u{1b}[2J concepts".to_owned();
    bank.questions[0].rubric.points[1].label = "keeps\u{7} the count".to_owned();
    let catalog = Catalog::from_banks(vec![bank]);
    let stats = stats(&history(), &catalog, TUESDAY + 12 * HOUR, &TimeZone::UTC);
    let screen = text(&draw(&stats, Theme::plain(), (120, 38)));
    assert!(
        !screen.contains(|c: char| c.is_control() && c != '\n'),
        "{screen}"
    );
    assert!(screen.contains("Core\u{fffd}[2J concepts"), "{screen}");
}

#[test]
fn one_round_draws_without_panicking() {
    let one: Vec<Record> = history().into_iter().take(4).collect();
    let stats = figures(&one);
    for size in [(50, 13), (80, 22), (120, 38), (200, 60)] {
        let screen = text(&draw(&stats, Theme::colour(), size));
        assert!(screen.contains("1 round"), "{screen}");
    }
}

#[test]
fn the_most_missed_list_scrolls_when_it_does_not_fit() {
    let stats = figures(&history());
    let count = stats.most_missed.len();
    let area = ratatui::layout::Rect::new(0, 0, 80, 22);
    let mut screen = StatsScreen::new(stats);
    let shown = |screen: &StatsScreen| {
        let mut terminal = Terminal::new(TestBackend::new(80, 22)).unwrap();
        terminal
            .draw(|frame| screen.view(frame, frame.area(), &Theme::plain()))
            .unwrap();
        text(&terminal)
    };
    let top = shown(&screen);
    assert!(
        top.contains(&format!("Most missed · 1–6 of {count} · ↑/↓")),
        "{top}"
    );
    for _ in 0..count + 5 {
        screen.update(Action::Down, area);
    }
    let bottom = shown(&screen);
    assert!(
        bottom.contains(&format!("Most missed · {}–{count} of {count}", count - 5)),
        "{bottom}"
    );
    screen.update(Action::Up, area);
    let one_up = shown(&screen);
    assert!(
        one_up.contains(&format!(
            "Most missed · {}–{} of {count}",
            count - 6,
            count - 1
        )),
        "{one_up}"
    );
}
