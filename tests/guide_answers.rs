//! What a new user tries first: the guide's own answer to "Why not Provisioned
//! Concurrency?" pasted into `grill score`, then half of it, a blank, and a fast typist's
//! version of it.

use assert_cmd::Command;
use serde_json::Value;

const QUESTION: &str = "why-not-provisioned-concurrency";

/// The prep guide's answer to 1.1, word for word.
const GUIDE_ANSWER: &str = "While Provisioned Concurrency solves cold starts, it doesn't solve \
**Connection Exhaustion**. In Lambda, every execution environment eventually shuts down, and \
scaling up still creates a \"thundering herd\" of new DB connections. ECS keeps connections \
alive for the life of the container (days/weeks), which is much more efficient for our \
high-frequency DB/Redis calls.";

/// The same answer typed in a hurry, with a dozen typos.
const TYPED_FAST: &str = "while provisoned concurency solves cold starts it doesnt solve \
conection exhuastion. in lambda every execution enviroment eventualy shuts down, and scaling \
up still creates a thunderign herd of new DB connetions. ECS keeps connections alive for the \
life of the contianer (days/weeks) which is much more eficient for our high frequency \
DB/Redis calls.";

fn score(answer: &str) -> Value {
    let output = Command::cargo_bin("grill")
        .unwrap()
        .args(["score", "--json", "--question", QUESTION])
        .write_stdin(answer)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect()
}

#[test]
fn the_guides_answer_covers_every_point() {
    let json = score(GUIDE_ANSWER);
    assert_eq!(ids(&json["missed"]), Vec::<&str>::new(), "{json:#}");
    assert_eq!(json["score"], 100.0);
    // The guide's "days/weeks" is a claim to be ready to defend, never a misconception.
    let red_flags = json["red_flags"].as_array().unwrap();
    assert!(
        red_flags.iter().all(|r| r["severity"] == "pushback"),
        "{json:#}"
    );
    assert_eq!(json["deductions"], Value::Array(vec![]));
    assert_eq!(json["flags"], Value::Array(vec![]));
}

#[test]
fn half_the_answer_shows_the_missing_points_with_their_explanations() {
    let half = GUIDE_ANSWER.split(". ").next().unwrap();
    let json = score(half);
    let score = json["score"].as_f64().unwrap();
    assert!((20.0..80.0).contains(&score), "score {score}");
    let missed = json["missed"].as_array().unwrap();
    assert!(!missed.is_empty());
    for point in missed {
        assert!(
            point["explain"].as_str().is_some_and(|e| !e.is_empty()),
            "{point}"
        );
    }
    let human = Command::cargo_bin("grill")
        .unwrap()
        .args(["score", "--question", QUESTION])
        .write_stdin(half)
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains('✗') && text.contains('✓'), "{text}");
    // Every missed point's explanation is printed in full (wrapped to the width).
    let flowing = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for point in missed {
        let explain = flowing(point["explain"].as_str().unwrap());
        assert!(flowing(&text).contains(&explain), "{text}");
    }
}

#[test]
fn i_dont_know_scores_zero() {
    let json = score("I don't know");
    assert_eq!(json["score"], 0.0);
    assert_eq!(json["flags"], serde_json::json!(["too-short"]));
}

#[test]
fn a_dozen_typos_still_score_high() {
    let json = score(TYPED_FAST);
    let score = json["score"].as_f64().unwrap();
    assert!(
        score >= 80.0,
        "score {score}, missed {:?}",
        ids(&json["missed"])
    );
}

#[test]
fn typos_short_forms_and_other_orders_cover_connection_exhaustion() {
    for answer in [
        "The real issue was conection exhuastion on the database side.",
        "At peak we ran out of db conns on the database.",
        "At peak the connections were too many for Postgres.",
    ] {
        let json = score(answer);
        assert!(
            ids(&json["covered"]).contains(&"not-connection-problem"),
            "{answer}: {json:#}"
        );
    }
}
