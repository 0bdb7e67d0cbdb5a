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
