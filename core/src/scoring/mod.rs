//! Scoring an answer against a rubric: which expected points it covers (with the text
//! that shows it), which it denies, which misconceptions it states, and whether it reads
//! like an answer at all.
//!
//! The score, as the README documents it:
//! 1. the covered weight: the weight of every point the answer covers, except the points
//!    a misconception it states contradicts;
//! 2. minus the weight of each misconception stated, down to 0 (a pushback costs
//!    nothing);
//! 3. times [`KEYWORD_LIST_SHARE`] when the answer is a bare list of terms;
//! 4. over the total weight, times 100, rounded to one decimal;
//! 5. at most [`MISCONCEPTION_CEILING`] when the answer states a misconception: however
//!    much else it covers, an answer with a wrong claim is not a good answer.
//!
//! Matching tolerates typos in longer words, matches word forms through a stemmer, uses
//! the lexicon of the field, finds the words of a phrase in any order within a small
//! window of one sentence, and reads negations with their reach; the `index` and
//! `negation` modules hold the rules.

mod examples;
mod flags;
mod index;
mod lexicon;
mod matcher;
mod negation;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::bank::{Catalog, Point, RedFlag, Severity};

pub use examples::{ExampleCheck, check_examples, said_back};
pub use flags::Flag;
pub use index::RubricIndex;
pub use lexicon::{CompiledLexicon, Swap};
pub use matcher::WordTable;
pub(crate) use negation::negations;

/// The share of its coverage a bare list of terms earns: naming a concept is not
/// explaining it.
pub const KEYWORD_LIST_SHARE: f64 = 0.4;

/// The most an answer that states a misconception scores.
pub const MISCONCEPTION_CEILING: f64 = 60.0;

/// The scored answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'r> {
    /// The final score, 0–100, one decimal.
    pub score: f64,
    /// Covered weight over total weight × 100, before misconceptions and a keyword list
    /// cost anything (contradicted points are not counted).
    pub coverage: f64,
    /// Every point of the rubric, in the rubric's order.
    pub points: Vec<PointResult<'r>>,
    /// Misconceptions and pushbacks the answer states.
    pub red_flags: Vec<RedFlagHit<'r>>,
    pub flags: Vec<Flag>,
    /// What came off the coverage, in the order it was taken.
    pub deductions: Vec<Deduction>,
}

/// One expected point and where the answer covered it (empty when missed).
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult<'r> {
    pub point: &'r Point,
    pub evidence: Vec<Evidence>,
    /// Where the answer said the point was not done ("we never handled SIGTERM").
    pub denied: Vec<Evidence>,
    /// A misconception the answer states contradicts the point, so it is not credited.
    pub contradicted: bool,
}

/// A misconception (or pushback) found in the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlagHit<'r> {
    pub red_flag: &'r RedFlag,
    pub evidence: Vec<Evidence>,
    /// Score points it took off, 0–100.
    pub cost: f64,
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
    /// Lexicon terms that made the match: "'VMs' counted as 'instances'".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counted_as: Vec<Swap>,
}

/// Score points taken off the coverage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Deduction {
    #[serde(flatten)]
    pub reason: DeductionReason,
    /// Score points taken off, 0–100, one decimal.
    pub points: f64,
}

/// Why score points were taken off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "red_flag")]
pub enum DeductionReason {
    /// The misconception at this index of [`Report::red_flags`].
    Misconception(usize),
    /// The answer is a bare list of terms.
    KeywordList,
    /// The answer states a misconception, so it scores [`MISCONCEPTION_CEILING`] at most.
    MisconceptionCeiling,
}

impl Evidence {
    /// The matched text on one line, its line breaks and runs of spaces made single
    /// spaces, for quoting.
    pub fn one_line(&self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl Swap {
    /// How the feedback says it: "'security fixes' counted as 'patching'".
    pub fn describe(&self) -> String {
        format!("'{}' counted as '{}'", self.said, self.counts_as)
    }
}

impl Evidence {
    /// The lexicon swaps that made the match, said as the feedback says them, or
    /// nothing when the keyword's own words matched.
    pub fn lexicon_note(&self) -> Option<String> {
        (!self.counted_as.is_empty()).then(|| {
            self.counted_as
                .iter()
                .map(Swap::describe)
                .collect::<Vec<_>>()
                .join(" and ")
        })
    }
}

impl PointResult<'_> {
    /// Whether the point counts: said, and not contradicted by a misconception.
    pub fn is_covered(&self) -> bool {
        !self.evidence.is_empty() && !self.contradicted
    }
}

impl<'r> Report<'r> {
    /// The report of these findings, with the score worked out by the rule of this
    /// module's documentation.
    fn new(
        points: Vec<PointResult<'r>>,
        mut red_flags: Vec<RedFlagHit<'r>>,
        shape: flags::Shape,
    ) -> Self {
        let total: u64 = points.iter().map(|p| u64::from(p.point.weight)).sum();
        let covered: u64 = points
            .iter()
            .filter(|p| p.is_covered())
            .map(|p| u64::from(p.point.weight))
            .sum();
        let all_said = points.iter().all(|p| !p.evidence.is_empty());
        let flags = shape.flags(all_said);
        let percent = |weight: f64| {
            if total == 0 {
                0.0
            } else {
                weight * 100.0 / total as f64
            }
        };
        let mut deductions = Vec::new();
        let mut remaining = covered as f64;
        for (i, hit) in red_flags.iter_mut().enumerate() {
            if hit.red_flag.severity != Severity::Misconception {
                continue;
            }
            let taken = f64::from(hit.red_flag.weight).min(remaining);
            remaining -= taken;
            hit.cost = round(percent(taken));
            if taken > 0.0 {
                deductions.push(Deduction {
                    reason: DeductionReason::Misconception(i),
                    points: hit.cost,
                });
            }
        }
        if flags.contains(&Flag::KeywordList) && remaining > 0.0 {
            let taken = remaining * (1.0 - KEYWORD_LIST_SHARE);
            remaining -= taken;
            deductions.push(Deduction {
                reason: DeductionReason::KeywordList,
                points: round(percent(taken)),
            });
        }
        let ceiling = MISCONCEPTION_CEILING * total as f64 / 100.0;
        let misconceived = red_flags
            .iter()
            .any(|hit| hit.red_flag.severity == Severity::Misconception);
        if misconceived && remaining > ceiling {
            deductions.push(Deduction {
                reason: DeductionReason::MisconceptionCeiling,
                points: round(percent(remaining - ceiling)),
            });
            remaining = ceiling;
        }
        Report {
            score: round(percent(remaining)),
            coverage: round(percent(covered as f64)),
            points,
            red_flags,
            flags,
            deductions,
        }
    }

    pub fn covered(&self) -> impl Iterator<Item = &PointResult<'r>> {
        self.points.iter().filter(|p| p.is_covered())
    }

    pub fn missed(&self) -> impl Iterator<Item = &PointResult<'r>> {
        self.points.iter().filter(|p| !p.is_covered())
    }

    /// The stated misconceptions, which cost, without the pushbacks.
    pub fn misconceptions(&self) -> impl Iterator<Item = &RedFlagHit<'r>> {
        self.red_flags
            .iter()
            .filter(|hit| hit.red_flag.severity == Severity::Misconception)
    }

    /// What a deduction was for, in a few words: "misconception" or "a list of terms".
    pub fn deduction_label(&self, deduction: &Deduction) -> String {
        match deduction.reason {
            DeductionReason::Misconception(i) => {
                let said: Vec<String> = self.red_flags[i]
                    .evidence
                    .iter()
                    .map(Evidence::one_line)
                    .collect();
                format!("misconception: \"{}\"", said.join(" … "))
            }
            DeductionReason::KeywordList => format!(
                "a bare list of terms earns {:.0}% of its coverage",
                KEYWORD_LIST_SHARE * 100.0
            ),
            DeductionReason::MisconceptionCeiling => format!(
                "an answer that states a misconception scores {MISCONCEPTION_CEILING:.0} at most"
            ),
        }
    }

    /// The pushbacks stated: defensible claims to be ready to defend.
    pub fn pushbacks(&self) -> impl Iterator<Item = &RedFlagHit<'r>> {
        self.red_flags
            .iter()
            .filter(|hit| hit.red_flag.severity == Severity::Pushback)
    }
}

fn round(score: f64) -> f64 {
    (score * 10.0).round() / 10.0
}

impl std::fmt::Debug for Scorer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scorer")
            .field("rubrics", &self.rubrics.len())
            .finish_non_exhaustive()
    }
}

/// The keyword indexes of every question and follow-up of a catalog, each built the
/// first time it is needed and shared from then on: by `grill score`, the round, the
/// reports and `bank eval`.
pub struct Scorer<'c> {
    catalog: &'c Catalog,
    shared: CompiledLexicon,
    /// Per bank, the lexicon of its own `[[same]]` sets.
    bank_lexicons: Vec<CompiledLexicon>,
    rubrics: HashMap<String, Entry<'c>>,
}

struct Entry<'c> {
    rubric: &'c crate::bank::Rubric,
    bank: usize,
    index: OnceLock<RubricIndex<'c>>,
}

impl<'c> Scorer<'c> {
    pub fn new(catalog: &'c Catalog) -> Self {
        let mut rubrics = HashMap::new();
        for (bank, questions) in catalog.banks().iter().map(|b| &b.questions).enumerate() {
            for question in questions {
                let entry = |rubric| Entry {
                    rubric,
                    bank,
                    index: OnceLock::new(),
                };
                rubrics.insert(question.id.clone(), entry(&question.rubric));
                for follow_up in &question.follow_ups {
                    rubrics.insert(
                        question.rubric_id(Some(follow_up)),
                        entry(&follow_up.rubric),
                    );
                }
            }
        }
        Scorer {
            catalog,
            shared: CompiledLexicon::new(catalog.lexicon()),
            bank_lexicons: catalog
                .banks()
                .iter()
                .map(|b| CompiledLexicon::new(&b.lexicon))
                .collect(),
            rubrics,
        }
    }

    /// The catalog whose rubrics these are.
    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// The index of a question, or of a follow-up written `QUESTION/FOLLOW-UP`.
    pub fn rubric(&self, id: &str) -> Option<&RubricIndex<'c>> {
        let entry = self.rubrics.get(id)?;
        Some(entry.index.get_or_init(|| {
            RubricIndex::with_lexicons(
                entry.rubric,
                &[&self.shared, &self.bank_lexicons[entry.bank]],
            )
        }))
    }

    /// Builds every index now rather than when first needed.
    pub fn build_all(&self) {
        for id in self.rubrics.keys() {
            self.rubric(id);
        }
    }
}

#[cfg(test)]
mod tests;
