//! Checking a bank's own `[[question.example]]` answers against what their authors
//! expect: like unit tests for the bank's keywords.

use crate::bank::{Bank, Example, FollowUp, Question};

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

/// Scores every example of `bank`, questions and follow-ups alike, with the indexes of
/// `scorer` (lexicon included) that a round and `grill score` use.
pub fn check_examples<'c>(scorer: &Scorer<'c>, bank: &'c Bank) -> Vec<ExampleCheck<'c>> {
    let mut checks = Vec::new();
    for question in &bank.questions {
        let asked = std::iter::once((None, &question.rubric, &question.examples)).chain(
            question
                .follow_ups
                .iter()
                .map(|f| (Some(f), &f.rubric, &f.examples)),
        );
        for (follow_up, rubric, examples) in asked {
            let id = question.rubric_id(follow_up);
            // A bank outside the scorer's catalog is scored without a lexicon.
            let own;
            let index = match scorer.rubric(&id) {
                Some(index) if std::ptr::eq(index.rubric, rubric) => index,
                _ => {
                    own = RubricIndex::new(rubric);
                    &own
                }
            };
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
        }
    }
    checks
}
