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

/// Checks a screen drawn in the colour theme against the same screen drawn plain, so one
/// snapshot (of the plain one) stands for both: the same text in every cell; no colour at
/// all in the plain one; colour in the other, with every ✓ in the good colour and every
/// ✗ in the bad one.
pub fn check_colour(name: &str, colour: &ratatui::buffer::Buffer, plain: &ratatui::buffer::Buffer) {
    use ratatui::style::Color;
    assert_eq!(colour.area, plain.area, "{name}: the sizes differ");
    let mut coloured = 0;
    for (i, (c, p)) in colour.content().iter().zip(plain.content()).enumerate() {
        let at = (
            i % usize::from(colour.area.width),
            i / usize::from(colour.area.width),
        );
        assert_eq!(c.symbol(), p.symbol(), "{name}: the text differs at {at:?}");
        assert_eq!(
            (p.fg, p.bg),
            (Color::Reset, Color::Reset),
            "{name}: colour under NO_COLOR at {at:?}"
        );
        if (c.fg, c.bg) != (Color::Reset, Color::Reset) {
            coloured += 1;
        }
        match c.symbol() {
            "✓" => assert_eq!(c.fg, Color::Green, "{name}: a ✓ not in green at {at:?}"),
            "✗" => assert_eq!(c.fg, Color::Red, "{name}: a ✗ not in red at {at:?}"),
            _ => {}
        }
    }
    assert!(coloured > 0, "{name}: the colour theme drew no colour");
}
