//! Scoring an answer against a rubric: which expected points it covers (with the text
//! that shows it), which misconceptions it states, and whether it reads like an answer
//! at all.
//!
//! The score is the covered weight over the total weight, times 100. Matching tolerates
//! typos in longer words, matches word forms through a stemmer, and finds the words of a
//! phrase in any order within a small window of one sentence; the `index` module holds
//! the rules.

mod examples;
mod flags;
mod index;
mod matcher;

use std::collections::HashMap;

use serde::Serialize;

use crate::bank::{Catalog, Point, RedFlag};

pub use examples::{ExampleCheck, check_examples};
pub use flags::Flag;
pub use index::RubricIndex;

/// The scored answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'r> {
    /// Covered weight / total weight × 100, rounded to one decimal.
    pub score: f64,
    /// Every point of the rubric, in the rubric's order.
    pub points: Vec<PointResult<'r>>,
    /// Misconceptions the answer states.
    pub red_flags: Vec<RedFlagHit<'r>>,
    pub flags: Vec<Flag>,
}

/// One expected point and where the answer covered it (empty when missed).
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult<'r> {
    pub point: &'r Point,
    pub evidence: Vec<Evidence>,
}

/// A misconception found in the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlagHit<'r> {
    pub red_flag: &'r RedFlag,
    pub evidence: Vec<Evidence>,
}

/// A stretch of the answer that matched a keyword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Byte offset in the answer where the match starts.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
    /// The matched text as the candidate wrote it.
    pub text: String,
}

impl Evidence {
    /// The matched text on one line, its line breaks and runs of spaces made single
    /// spaces, for quoting.
    pub fn one_line(&self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl PointResult<'_> {
    pub fn is_covered(&self) -> bool {
        !self.evidence.is_empty()
    }
}

impl<'r> Report<'r> {
    pub fn covered(&self) -> impl Iterator<Item = &PointResult<'r>> {
        self.points.iter().filter(|p| p.is_covered())
    }

    pub fn missed(&self) -> impl Iterator<Item = &PointResult<'r>> {
        self.points.iter().filter(|p| !p.is_covered())
    }
}

/// The keyword indexes of every question and follow-up of a catalog, built once.
pub struct Scorer<'c> {
    rubrics: HashMap<String, RubricIndex<'c>>,
}

impl<'c> Scorer<'c> {
    pub fn new(catalog: &'c Catalog) -> Self {
        let mut rubrics = HashMap::new();
        for question in catalog.banks().iter().flat_map(|b| &b.questions) {
            rubrics.insert(question.id.clone(), RubricIndex::new(&question.rubric));
            for follow_up in &question.follow_ups {
                rubrics.insert(
                    format!("{}/{}", question.id, follow_up.id),
                    RubricIndex::new(&follow_up.rubric),
                );
            }
        }
        Scorer { rubrics }
    }

    /// The index of a question, or of a follow-up written `QUESTION/FOLLOW-UP`.
    pub fn rubric(&self, id: &str) -> Option<&RubricIndex<'c>> {
        self.rubrics.get(id)
    }
}

#[cfg(test)]
mod tests;
