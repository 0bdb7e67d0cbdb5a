//! Checking a bank's own `[[question.example]]` answers against what their authors
//! expect, like unit tests for the bank's keywords; and saying each question back as
//! its answer, which should cover nothing.

use crate::bank::{Bank, Concern, Example, FollowUp, Question, Rubric, Warning};

use super::{RubricIndex, Scorer};

/// One example, scored and compared with its expectations.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleCheck<'c> {
    pub question: &'c Question,
    pub follow_up: Option<&'c FollowUp>,
    /// 1-based, within its question or follow-up.
    pub number: usize,
    pub example: &'c Example,
    pub score: f64,
    /// Ids of the points the answer covered.
    pub covered: Vec<&'c str>,
    /// What did not meet expectations; empty when the example passes.
    pub failures: Vec<String>,
}

impl ExampleCheck<'_> {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// `question` or `question/follow-up`.
    pub fn place(&self) -> String {
        self.question.rubric_id(self.follow_up)
    }
}

/// Every question and follow-up of `bank`: where it is, its prompt, its rubric and its
/// examples.
fn asked(
    bank: &Bank,
) -> impl Iterator<Item = (&Question, Option<&FollowUp>, &str, &Rubric, &[Example])> {
    bank.questions.iter().flat_map(|question| {
        std::iter::once((
            question,
            None,
            question.prompt.as_str(),
            &question.rubric,
            question.examples.as_slice(),
        ))
        .chain(question.follow_ups.iter().map(move |f| {
            (
                question,
                Some(f),
                f.prompt.as_str(),
                &f.rubric,
                f.examples.as_slice(),
            )
        }))
    })
}

/// Calls `score` with the index `scorer` holds for `rubric` (lexicon included), or with
/// one of its own for a bank outside the scorer's catalog, scored without a lexicon.
fn with_index<'c, R>(
    scorer: &Scorer<'c>,
    id: &str,
    rubric: &'c Rubric,
    score: impl FnOnce(&RubricIndex<'c>) -> R,
) -> R {
    match scorer.rubric(id) {
        Some(index) if std::ptr::eq(index.rubric, rubric) => score(index),
        _ => score(&RubricIndex::new(rubric)),
    }
}

/// The points of `bank` that its question (or follow-up) said back as the answer covers:
/// a candidate would earn them for repeating the question.
pub fn said_back<'c>(scorer: &Scorer<'c>, bank: &'c Bank) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (question, follow_up, prompt, rubric, _) in asked(bank) {
        let id = question.rubric_id(follow_up);
        let report = with_index(scorer, &id, rubric, |index| index.score(prompt));
        for point in report.covered() {
            let said: Vec<String> = point
                .evidence
                .iter()
                .map(|e| format!("\"{}\"", e.one_line()))
                .collect();
            warnings.push(Warning {
                place: format!("{id}, point `{}`", point.point.id),
                message: format!(
                    "saying the question back covers it ({}); keep only keywords the question does not give away",
                    said.join(", ")
                ),
                concern: Concern::RepeatsPrompt,
            });
        }
    }
    warnings
}

/// Scores every example of `bank`, questions and follow-ups alike, with the indexes of
/// `scorer` (lexicon included) that a round and `grill score` use.
pub fn check_examples<'c>(scorer: &Scorer<'c>, bank: &'c Bank) -> Vec<ExampleCheck<'c>> {
    let mut checks = Vec::new();
    for (question, follow_up, _, rubric, examples) in asked(bank) {
        let id = question.rubric_id(follow_up);
        with_index(scorer, &id, rubric, |index| {
            for (i, example) in examples.iter().enumerate() {
                let report = index.score(&example.answer);
                let covered: Vec<&str> = report.covered().map(|p| p.point.id.as_str()).collect();
                let mut failures = Vec::new();
                if let Some(min) = example.min_score.filter(|min| report.score < *min) {
                    failures.push(format!(
                        "score {:.1} is below min_score {min}",
                        report.score
                    ));
                }
                if let Some(max) = example.max_score.filter(|max| report.score > *max) {
                    failures.push(format!(
                        "score {:.1} is above max_score {max}",
                        report.score
                    ));
                }
                let missing: Vec<&str> = example
                    .covers
                    .iter()
                    .map(String::as_str)
                    .filter(|id| !covered.contains(id))
                    .collect();
                if !missing.is_empty() {
                    failures.push(format!(
                        "expected to cover {}; covered {}; missing {}",
                        example.covers.join(", "),
                        if covered.is_empty() {
                            "nothing".to_owned()
                        } else {
                            covered.join(", ")
                        },
                        missing.join(", ")
                    ));
                }
                let stated = report.misconceptions().next().map(|hit| &hit.red_flag.note);
                match (example.misconception, stated) {
                    (Some(true), None) => {
                        failures.push("expected a misconception; none was raised".to_owned());
                    }
                    (Some(false), Some(note)) => {
                        failures.push(format!("raised a misconception it should not: \"{note}\""))
                    }
                    _ => {}
                }
                checks.push(ExampleCheck {
                    question,
                    follow_up,
                    number: i + 1,
                    example,
                    score: report.score,
                    covered,
                    failures,
                });
            }
        });
    }
    checks
}
