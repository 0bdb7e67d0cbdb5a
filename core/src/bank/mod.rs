//! Question banks: the model a round is played from, loading and validating bank files,
//! and the banks compiled into the binary.
//!
//! A bank is a TOML file (see `question_bank/README.md` for the format). Loading checks a
//! file completely and either yields a [`Bank`] or every problem found in it as a
//! [`Diagnostic`]; a file with a problem contributes nothing.

mod builtin;
mod catalog;
mod diagnostic;
mod import;
pub mod keyword;
mod lint;
mod load;
mod raw;

/// A commented bank to start from (`grill bank new`): it validates and its examples pass.
pub const TEMPLATE: &str = include_str!("template.toml");

pub use catalog::{Catalog, LoadError, Problem, Sources};
pub use diagnostic::Diagnostic;
pub use import::{ImportError, import_markdown};
pub use lint::{Concern, Warning, lint};
pub use load::parse_bank;
pub use load::parse_lexicon;

/// A named set of questions on one subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Bank {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Where the bank was read from: a path, or `<built-in>/NAME.toml`.
    pub source: String,
    pub questions: Vec<Question>,
    /// Words and phrases that mean the same in this bank's field, beyond the lexicon
    /// every bank shares.
    pub lexicon: Vec<LexiconSet>,
}

/// Words and phrases that mean the same in a field ("instance", "VM", "host"): a keyword
/// holding one of them also matches with any other in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconSet {
    pub terms: Vec<String>,
}

/// A main interview question with its rubric and follow-ups.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub topic: String,
    pub tags: Vec<String>,
    /// 1 (warm-up) ..= 3 (hard).
    pub difficulty: u8,
    pub prompt: String,
    pub model_answer: Option<String>,
    pub time_limit_secs: u32,
    pub rubric: Rubric,
    pub follow_ups: Vec<FollowUp>,
    pub examples: Vec<Example>,
}

/// A question asked after a main answer, depending on what that answer covered.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub id: String,
    pub prompt: String,
    /// Ask when any of these points of the main question was missed.
    pub when_missed: Vec<String>,
    /// Ask when any of these points of the main question was covered.
    pub when_covered: Vec<String>,
    pub model_answer: Option<String>,
    pub time_limit_secs: u32,
    pub rubric: Rubric,
    pub examples: Vec<Example>,
}

/// What an answer is scored against.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rubric {
    pub points: Vec<Point>,
    pub red_flags: Vec<RedFlag>,
}

/// An expected point of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub id: String,
    pub label: String,
    pub weight: u32,
    /// Alternative ways to say the point; any one of them covers it. Each is a phrase,
    /// or parts joined by ` + ` that must all be said in one sentence, each part with
    /// alternatives split by `|` (see [`keyword`]).
    pub keywords: Vec<String>,
    /// Why the point matters, shown when it is missed.
    pub explain: Option<String>,
}

/// A misconception worth calling out when an answer states it.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlag {
    /// Ways to state it, in the same form as a point's keywords.
    pub keywords: Vec<String>,
    /// What is true instead; for a pushback, the sentence that survives the challenge.
    pub note: String,
    pub severity: Severity,
    /// Points of the same rubric that the misconception contradicts: an answer that
    /// states it does not get them, whatever else it says.
    pub contradicts: Vec<String>,
    /// The weight a stated misconception takes off the covered weight (a tenth of the
    /// rubric's total weight, rounded up, unless the bank says otherwise); 0 for a
    /// pushback.
    pub weight: u32,
    /// A misconception of the main question, checked in its follow-ups too: what is
    /// wrong on the topic stays wrong when a follow-up drills into it.
    pub inherited: bool,
}

/// How wrong a red flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Wrong: it costs its weight and the points it contradicts.
    Misconception,
    /// Defensible, but a sharp interviewer will challenge it: it costs nothing, and the
    /// note gives the better sentence.
    Pushback,
}

/// An answer that tests the bank's own keywords.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub answer: String,
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
    /// Points the answer must cover.
    pub covers: Vec<String>,
    /// Whether the answer must state a misconception (`true`) or must state none
    /// (`false`); unchecked when absent.
    pub misconception: Option<bool>,
}

impl Bank {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

impl Question {
    /// How the rubric of this question, or of its `follow_up`, is named:
    /// `question` or `question/follow-up`.
    pub fn rubric_id(&self, follow_up: Option<&FollowUp>) -> String {
        match follow_up {
            None => self.id.clone(),
            Some(f) => format!("{}/{}", self.id, f.id),
        }
    }

    /// The follow-up with this id.
    pub fn follow_up(&self, id: &str) -> Option<&FollowUp> {
        self.follow_ups.iter().find(|f| f.id == id)
    }
}
