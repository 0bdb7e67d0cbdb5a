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
    score_on(QUESTION, answer)
}

fn score_on(question: &str, answer: &str) -> Value {
    let output = Command::cargo_bin("grill")
        .unwrap()
        .args(["score", "--json", "--question", question])
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

/// The guide's own answer to each of its eight questions, word for word (its code
/// listing as a line of code).
const GUIDE_ANSWERS: [(&str, &str); 8] = [
    (
        "star-narrative",
        "Situation: Our backend used AWS Lambda, but during high-traffic events (25k \
logins/min), we faced high latency and \"Too Many Connections\" errors at the DB level \
because Lambda couldn't reuse connection pools. Task: Migrate 10 microservices from Lambda \
to ECS Fargate to establish a persistent runtime. Action: I refactored the code from a \
serverless wrapper to a standalone Express server, optimized Docker images using \
multi-stage builds, and configured the CI/CD pipeline for rolling updates. Result: Reduced \
connection-related errors and p99 latency by 40% during peak surges.",
    ),
    ("why-not-provisioned-concurrency", GUIDE_ANSWER),
    (
        "why-fargate-over-ec2",
        "We wanted to minimize **Operational Overhead**. Fargate allowed us to focus on the \
container logic without managing the underlying EC2 instances, OS patching, or cluster \
scaling. It provided the best balance of \"Serverless ease\" and \"Server persistence.\"",
    ),
    (
        "code-refactor",
        "I removed `serverless-http` and set up a standard `app.listen(PORT)`. Crucially, I \
moved the Database and Hazelcast initialization logic **outside the request loop**. In \
Lambda, this was hit-or-miss; in ECS, it runs once at task startup, ensuring the service is \
\"warm\" before the ALB sends traffic.",
    ),
    (
        "docker-optimization",
        "I implemented **Multi-stage builds**. Stage 1 (Build): Installed full \
dev-dependencies and compiled TypeScript. Stage 2 (Run): Copied only the compiled JS and \
production `node_modules` into a **Distroless** or **Alpine** base image. Result: This kept \
our images under 200MB, speeding up task launch times during scaling events.",
    ),
    (
        "justify-40-percent",
        "We compared metrics from a major cricket tournament before and after the migration: \
1. Latency: p99 latency dropped by **40%** because we eliminated the \"TCP Handshake\" \
overhead on every request. 2. Reliability: 5xx errors caused by `ConnectionTimeoutException` \
decreased by **40%** because the connection pool was already established. 3. Efficiency: In \
Lambda, we used 2GB RAM just to get enough CPU share. In ECS, we used **Task-level \
CPU/Memory tuning** to allocate exactly 0.5 vCPU and 1GB RAM, reducing compute waste by 40% \
per request.",
    ),
    (
        "graceful-shutdown",
        "ECS sends a `SIGTERM` when it wants to stop a task. I added a listener in my Node.js \
code: process.on('SIGTERM', () => { server.close(() => { db.disconnect(); // Ensure \
connections are closed cleanly process.exit(0); }); }); This prevents dropping active user \
requests during a deployment or scale-down.",
    ),
    (
        "tracing-logging",
        "In Lambda, logs are isolated by request. In ECS, they are a continuous stream. I \
implemented **Structured JSON Logging** and ensured a `correlation-id` from the ALB header \
was attached to every log line, allowing us to trace a single user's journey across the \
service.",
    ),
];

#[test]
fn each_of_the_guides_answers_scores_75_with_no_misconception() {
    for (question, answer) in GUIDE_ANSWERS {
        let json = score_on(question, answer);
        let score = json["score"].as_f64().unwrap();
        assert!(score >= 75.0, "{question}: {score}, {json:#}");
        let red_flags = json["red_flags"].as_array().unwrap();
        assert!(
            red_flags.iter().all(|r| r["severity"] == "pushback"),
            "{question}: the guide's own claims are pushbacks at most: {json:#}"
        );
    }
}
