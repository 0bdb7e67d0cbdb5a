//! The session report: choosing a session from the history, and rendering it as Markdown
//! and JSON (snapshots of a realistic round, banks edited since, hostile answers).

use grill::bank::{Catalog, Severity, parse_bank};
use grill::history::{Findings, Record, StatedDeduction, StatedRedFlag};
use grill::report::{self, ReportError, Which};
use grill::scoring::Flag;
use jiff::tz::TimeZone;
use proptest::prelude::*;

use crate::common::{self, ids};

const BANK: &str = include_str!("../fixtures/report-bank.toml");

/// Friday 27 November 2026, 14:05:00 UTC.
const START: u64 = 1_795_788_300;

fn catalog() -> Catalog {
    let bank = parse_bank("report-bank.toml", BANK).expect("the fixture is valid");
    Catalog::from_banks(vec![bank])
}

/// A record of the fixture bank, answered `after` seconds into the session.
fn record(session: &str, after: u64, question: &str, follow_up: Option<&str>) -> Record {
    Record {
        time: START + after,
        session: session.to_owned(),
        follow_up: follow_up.map(str::to_owned),
        ..common::record("ecs-basics", question)
    }
}

/// Two questions: the first with a red flag and a follow-up that ran out of time, the
/// second left empty.
fn round() -> Vec<Record> {
    let session = "5f3c9e0a1b2c3d4e";
    vec![
        Record {
            answer: "ECS sends SIGTERM to the main process.\n\
                     We close the server to drain requests, then exit.\n\n\
                     We also catch SIGKILL in the `shutdown` hook to close the *database* pool."
                .to_owned(),
            score: 80.0,
            covered: ids(&["sigterm", "drain"]),
            missed: ids(&["stop-timeout"]),
            time_used_secs: 74.2,
            findings: Findings {
                red_flags: vec![StatedRedFlag {
                    note: "SIGKILL cannot be caught or handled; only SIGTERM can.".to_owned(),
                    severity: Severity::Misconception,
                    said: vec!["catch SIGKILL".to_owned()],
                    cost: 20.0,
                }],
                deductions: vec![StatedDeduction {
                    reason: "misconception: \"catch SIGKILL\"".to_owned(),
                    points: 20.0,
                }],
                flags: Vec::new(),
            },
            ..record(session, 75, "basics-shutdown", None)
        },
        Record {
            answer: "It stops sending new requests and".to_owned(),
            score: 50.0,
            covered: ids(&["stops-routing"]),
            missed: ids(&["deregistration-delay"]),
            time_used_secs: 60.0,
            time_allowed_secs: 60.0,
            time_up: true,
            findings: Findings {
                flags: vec![Flag::TooShort],
                ..Findings::default()
            },
            ..record(session, 140, "basics-shutdown", Some("deregistration"))
        },
        Record {
            answer: String::new(),
            score: 0.0,
            covered: Vec::new(),
            missed: ids(&["reuse", "bounded"]),
            time_used_secs: 12.5,
            ..record(session, 160, "basics-pool", None)
        },
    ]
}

fn markdown_of(records: &[Record]) -> String {
    let refs: Vec<&Record> = records.iter().collect();
    report::markdown(&refs, &catalog(), &TimeZone::UTC)
}

/// The lines of the answer of the first question: from "**Answer**" to the next blank
/// line.
fn answer_lines(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .skip_while(|l| *l != "**Answer**")
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_session_as_markdown() {
    insta::assert_snapshot!("markdown", markdown_of(&round()));
}

#[test]
fn a_session_as_json() {
    let records = round();
    let refs: Vec<&Record> = records.iter().collect();
    let json = report::json(&refs, &catalog(), &TimeZone::UTC);
    let pretty = serde_json::to_string_pretty(&json).expect("a Value always serialises");
    insta::assert_snapshot!("json", pretty);
}

#[test]
fn the_start_is_shown_in_the_given_time_zone() {
    let tokyo = TimeZone::fixed(jiff::tz::offset(9));
    let records = round();
    let refs: Vec<&Record> = records.iter().collect();
    let markdown = report::markdown(&refs, &catalog(), &tokyo);
    assert!(
        markdown.contains("**Friday 27 November 2026, 23:05**"),
        "{markdown}"
    );
    let json = report::json(&refs, &catalog(), &tokyo);
    assert_eq!(json["started"], START);
    assert_eq!(json["started_local"], "2026-11-27T23:05:00+09:00");
}

#[test]
fn last_is_the_session_of_the_newest_answer_even_when_interleaved() {
    let records = vec![
        record("aaaa1111", 10, "basics-shutdown", None),
        record("bbbb2222", 20, "basics-shutdown", None),
        record("aaaa1111", 30, "basics-pool", None),
        record("bbbb2222", 25, "basics-pool", None),
    ];
    let chosen = report::session(&records, &Which::Last).expect("there is history");
    assert_eq!(chosen.len(), 2);
    assert!(chosen.iter().all(|r| r.session == "aaaa1111"));
    assert_eq!(chosen[0].question, "basics-shutdown");
    assert_eq!(chosen[1].question, "basics-pool");
}

#[test]
fn the_records_come_in_the_order_they_were_answered() {
    let records = vec![
        record("s", 30, "basics-pool", None),
        record("s", 10, "basics-shutdown", None),
        record("s", 10, "basics-shutdown", Some("deregistration")),
    ];
    let chosen = report::session(&records, &Which::Session("s".into())).expect("found");
    let order: Vec<(&str, Option<&str>)> = chosen
        .iter()
        .map(|r| (r.question.as_str(), r.follow_up.as_deref()))
        .collect();
    assert_eq!(
        order,
        [
            ("basics-shutdown", None),
            ("basics-shutdown", Some("deregistration")),
            ("basics-pool", None),
        ]
    );
}

#[test]
fn a_unique_prefix_chooses_a_session() {
    let records = vec![
        record("aaaa1111", 10, "basics-shutdown", None),
        record("abcd2222", 20, "basics-shutdown", None),
    ];
    let chosen = report::session(&records, &Which::Session("abc".into())).expect("unique");
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].session, "abcd2222");
}

#[test]
fn an_exact_id_wins_over_a_longer_id_it_begins() {
    let records = vec![
        record("s1", 10, "basics-shutdown", None),
        record("s10", 20, "basics-shutdown", None),
    ];
    let chosen = report::session(&records, &Which::Session("s1".into())).expect("exact");
    assert_eq!(chosen[0].session, "s1");
}

#[test]
fn an_ambiguous_prefix_is_an_error_naming_it_and_the_candidates() {
    let records = vec![
        record("aaaa1111", 10, "basics-shutdown", None),
        record("aaaa2222", 20, "basics-shutdown", None),
        record("bbbb3333", 30, "basics-shutdown", None),
    ];
    let error = report::session(&records, &Which::Session("aaaa".into())).unwrap_err();
    assert!(matches!(error, ReportError::AmbiguousSession { .. }));
    let message = error.to_string();
    assert!(message.contains("`aaaa`"), "{message}");
    assert!(message.contains("aaaa1111"), "{message}");
    assert!(message.contains("aaaa2222"), "{message}");
    assert!(!message.contains("bbbb3333"), "{message}");
}

#[test]
fn an_unknown_id_is_an_error_listing_recent_sessions_with_dates() {
    let records = vec![
        record("aaaa1111", 10, "basics-shutdown", None),
        record("bbbb2222", 86_400, "basics-shutdown", None),
    ];
    let error = report::session(&records, &Which::Session("zzz".into())).unwrap_err();
    assert!(matches!(error, ReportError::UnknownSession { .. }));
    let message = error.to_string();
    assert!(message.contains("`zzz`"), "{message}");
    let newest = message.find("bbbb2222").expect("lists the newest");
    let older = message.find("aaaa1111").expect("lists the older");
    assert!(newest < older, "newest first: {message}");
    assert!(message.contains("2026-11-28 14:05 UTC"), "{message}");
    assert!(message.contains("2026-11-27 14:05 UTC"), "{message}");
}

#[test]
fn an_empty_history_is_an_error() {
    for which in [Which::Last, Which::Session("abc".into())] {
        let error = report::session(&[], &which).unwrap_err();
        assert!(matches!(error, ReportError::NoHistory), "{error}");
        assert!(error.to_string().contains("no history"), "{error}");
    }
}

#[test]
fn a_question_no_longer_in_the_banks_still_renders() {
    let records = vec![
        Record {
            bank: "retired".to_owned(),
            answer: "We used blue/green deployments.".to_owned(),
            score: 40.0,
            covered: ids(&["blue-green"]),
            missed: ids(&["rollback"]),
            ..record("s", 10, "old-question", None)
        },
        Record {
            bank: "retired".to_owned(),
            answer: "Flip the listener back.".to_owned(),
            score: 100.0,
            covered: ids(&["flip-back"]),
            ..record("s", 20, "old-question", Some("old-follow-up"))
        },
        // A point renamed since: its id is shown.
        Record {
            answer: "SIGTERM, then exit.".to_owned(),
            score: 50.0,
            covered: ids(&["sigterm"]),
            missed: ids(&["renamed-point"]),
            ..record("s", 30, "basics-shutdown", None)
        },
    ];
    let markdown = markdown_of(&records);
    assert!(
        markdown.contains("## 1. `old-question` — 40/100"),
        "{markdown}"
    );
    assert!(
        markdown.contains("(question no longer in the loaded banks)"),
        "{markdown}"
    );
    assert!(markdown.contains("- ✓ `blue-green` (no longer in the bank)"));
    assert!(markdown.contains("- ✗ `rollback` (no longer in the bank)"));
    assert!(markdown.contains("### Follow-up 1.1: `old-question/old-follow-up` — 100/100"));
    assert!(markdown.contains("- ✗ `renamed-point` (no longer in the bank)"));
    assert!(markdown.contains("- ✓ ECS sends SIGTERM first"));

    let refs: Vec<&Record> = records.iter().collect();
    let json = report::json(&refs, &catalog(), &TimeZone::UTC);
    let old = &json["questions"][0];
    assert_eq!(old["question"], "old-question");
    assert_eq!(old["prompt"], serde_json::Value::Null);
    assert_eq!(old["score"], 40.0);
    assert_eq!(old["missed"][0]["id"], "rollback");
    assert_eq!(old["follow_ups"][0]["follow_up"], "old-follow-up");
}

#[test]
fn a_follow_up_whose_main_answer_is_missing_still_renders() {
    let records = vec![Record {
        answer: "It deregisters the target.".to_owned(),
        score: 50.0,
        covered: ids(&["stops-routing"]),
        missed: ids(&["deregistration-delay"]),
        ..record("s", 10, "basics-shutdown", Some("deregistration"))
    }];
    let markdown = markdown_of(&records);
    assert!(
        markdown.contains("## 1. How does a container on ECS shut down cleanly?\n"),
        "{markdown}"
    );
    assert!(markdown.contains("not in the history"), "{markdown}");
    assert!(markdown.contains("### Follow-up 1.1: What does the load balancer do"));
    let refs: Vec<&Record> = records.iter().collect();
    let json = report::json(&refs, &catalog(), &TimeZone::UTC);
    assert!(json["questions"][0].get("score").is_none(), "{json:#}");
    assert_eq!(json["questions"][0]["follow_ups"][0]["score"], 50.0);
    assert_eq!(json["average_score"], serde_json::Value::Null);
}

#[test]
fn no_records_render_an_empty_report() {
    let markdown = report::markdown(&[], &catalog(), &TimeZone::UTC);
    assert!(markdown.starts_with("# grill report\n"), "{markdown}");
    let json = report::json(&[], &catalog(), &TimeZone::UTC);
    assert_eq!(json["questions"], serde_json::json!([]));
}

#[test]
fn markdown_in_an_answer_stays_inside_the_quote() {
    let records = vec![Record {
        answer: "# heading\n| a | b |\n|---|---|\n<script>alert(1)</script>\n```\n- [x] *done*\n    indented\n> quoted\n1. one\n---".to_owned(),
        ..record("s", 10, "basics-shutdown", None)
    }];
    let markdown = markdown_of(&records);
    let lines = answer_lines(&markdown);
    assert_eq!(lines.len(), 10, "{markdown}");
    assert!(lines.iter().all(|l| l.starts_with("> ")), "{markdown}");
    assert_eq!(lines[0], r"> \# heading\");
    assert_eq!(lines[1], r"> \| a \| b \|\");
    assert_eq!(lines[2], r"> \|---\|---\|\");
    assert_eq!(lines[3], r"> \<script\>alert(1)\</script\>\");
    assert_eq!(lines[4], r"> \`\`\`\");
    assert_eq!(lines[5], r"> \- \[x\] \*done\*\");
    assert_eq!(lines[6], "> \u{a0}\u{a0}\u{a0}\u{a0}indented\\");
    assert_eq!(lines[7], r"> \> quoted\");
    assert_eq!(lines[8], r"> 1\. one\");
    assert_eq!(lines[9], r"> \---");
    assert!(!markdown.contains("<script>"), "{markdown}");
}

#[test]
fn bank_text_is_escaped_and_control_characters_are_replaced() {
    let hostile = BANK
        .replace(
            "How does a container on ECS shut down cleanly?",
            "How does *this* <b>shut</b> down?\\u001b[31m | `x` # y",
        )
        .replace(
            "ECS sends SIGTERM first\"",
            "# SIGTERM & friends\\nsecond line\"",
        );
    let bank = parse_bank("hostile.toml", &hostile).expect("still a valid bank");
    let catalog = Catalog::from_banks(vec![bank]);
    let records = [Record {
        answer: "SIGTERM\u{1b}[2J then \u{202e}exit".to_owned(),
        covered: ids(&["sigterm"]),
        ..record("s", 10, "basics-shutdown", None)
    }];
    let refs: Vec<&Record> = records.iter().collect();
    let markdown = report::markdown(&refs, &catalog, &TimeZone::UTC);
    assert!(!markdown.contains('\u{1b}'), "{markdown}");
    assert!(!markdown.contains('\u{202e}'), "{markdown}");
    assert!(
        markdown
            .contains(r"## 1. How does \*this\* \<b\>shut\</b\> down?�\[31m \| \`x\` # y — 0/100"),
        "{markdown}"
    );
    assert!(
        markdown.contains(r"- ✓ \# SIGTERM & friends second line"),
        "{markdown}"
    );
}

proptest! {
    #[test]
    fn any_answer_renders_quoted_line_by_line(answer in any::<String>()) {
        let records = vec![Record {
            answer,
            ..record("s", 10, "basics-shutdown", None)
        }];
        let markdown = markdown_of(&records);
        let lines = answer_lines(&markdown);
        prop_assert!(!lines.is_empty());
        for line in &lines {
            prop_assert!(line.starts_with('>'), "unquoted line {:?} in\n{}", line, markdown);
        }
        // The answer ends where the next section starts.
        let after = markdown
            .lines()
            .skip_while(|l| *l != "**Answer**")
            .skip(2 + lines.len())
            .find(|l| !l.is_empty());
        prop_assert!(
            after.is_none_or(|l| l.starts_with("**") || l.starts_with('#') || l.starts_with('⚠')),
            "{}",
            markdown
        );
        prop_assert!(!markdown.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn any_text_anywhere_never_panics(text in "\\PC*", id in "\\PC{0,12}") {
        let records = [
            Record {
                answer: text.clone(),
                covered: vec![text.clone()],
                ..record(&id, 10, &id, None)
            },
            Record {
                answer: text.clone(),
                missed: vec![id.clone()],
                ..record(&id, 5, "basics-shutdown", Some(&text))
            },
        ];
        let refs: Vec<&Record> = records.iter().collect();
        let _ = report::markdown(&refs, &catalog(), &TimeZone::UTC);
        let _ = report::json(&refs, &catalog(), &TimeZone::UTC);
    }
}
