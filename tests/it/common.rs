//! What several test files share.

/// The questions of the prep guide the default bank is built from, with the ids the
/// product promises.
pub const SEED_QUESTIONS: [&str; 8] = [
    "star-narrative",
    "why-not-provisioned-concurrency",
    "why-fargate-over-ec2",
    "code-refactor",
    "docker-optimization",
    "justify-40-percent",
    "graceful-shutdown",
    "tracing-logging",
];

/// A history record of `question` in `bank` with nothing said: each test sets what it
/// looks at with `Record { …, ..record(bank, question) }`.
pub fn record(bank: &str, question: &str) -> grill::history::Record {
    grill::history::Record {
        schema: grill::history::SCHEMA,
        time: 0,
        session: "session".to_owned(),
        bank: bank.to_owned(),
        question: question.to_owned(),
        follow_up: None,
        answer: String::new(),
        score: 0.0,
        covered: Vec::new(),
        missed: Vec::new(),
        time_used_secs: 30.0,
        time_allowed_secs: 120.0,
        time_up: false,
        findings: Default::default(),
    }
}

/// Owned copies of `ids`, as a record lists points.
pub fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}
