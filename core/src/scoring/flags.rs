//! Flags about the shape of an answer rather than its content: a bare list of terms, or
//! too few words to be an answer.

use serde::{Deserialize, Serialize};

use crate::text::Word;

/// Fewer words than this is not an answer yet.
const MIN_WORDS: usize = 8;

/// Eight words or more with fewer function words than this share are terms strung
/// together, whatever separates them.
const MAX_STRUNG_FUNCTION_SHARE: f64 = 0.1;

/// A list has at least this many items.
const MIN_LIST_ITEMS: usize = 3;

/// A list: items of at most so many words on average, with fewer function words ("the",
/// "because", "we"…) than this share. Prose runs above 0.3; the shorter the items, the
/// more "in", "on" and "with" a list of terms may hold. ("no" is not counted: lists say
/// "no servers to patch" as often as prose does.)
const LIST_SHAPES: [(f64, f64); 2] = [(3.0, 0.3), (5.0, 0.2)];

/// Something about an answer's shape worth telling the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The answer is a bare list of terms rather than sentences.
    KeywordList,
    /// The answer is too short to be an answer.
    TooShort,
}

impl Flag {
    /// The flag as written in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Flag::KeywordList => "keyword-list",
            Flag::TooShort => "too-short",
        }
    }

    /// One sentence telling the candidate what the flag means for them.
    pub fn advice(self) -> &'static str {
        match self {
            Flag::KeywordList => {
                "This reads as a list of terms; an interviewer wants sentences that say why each one matters."
            }
            Flag::TooShort => {
                "This is too short to be an answer; say what you did, why, and what happened."
            }
        }
    }
}

/// Counts gathered word by word while the answer is scanned.
#[derive(Debug, Default)]
pub(super) struct Shape {
    words: usize,
    function_words: usize,
    /// Runs of words not broken by a comma, semicolon, line break or sentence end.
    items: usize,
}

impl Shape {
    /// Takes in `word`, which follows `previous` in `answer`.
    pub fn add(
        &mut self,
        answer: &str,
        previous: Option<&Word<'_>>,
        word: &Word<'_>,
        function_word: bool,
    ) {
        self.words += 1;
        if function_word {
            self.function_words += 1;
        }
        let breaks_item = previous.is_none_or(|prev| {
            answer[prev.end..word.start]
                .chars()
                .any(|c| matches!(c, ',' | ';' | '\n' | '.' | '!' | '?' | '|' | '•' | '·'))
        });
        if breaks_item {
            self.items += 1;
        }
    }

    /// The flags of the answer; `complete` when it covered every point, which makes a
    /// short answer short enough.
    pub fn flags(&self, complete: bool) -> Vec<Flag> {
        let mut flags = Vec::new();
        let function_ratio = self.function_words as f64 / self.words.max(1) as f64;
        let words_per_item = self.words as f64 / self.items.max(1) as f64;
        let listed = self.items >= MIN_LIST_ITEMS
            && LIST_SHAPES.iter().any(|&(item_words, function_share)| {
                words_per_item <= item_words && function_ratio < function_share
            });
        // Terms strung together without commas are a list too.
        let strung = self.words >= MIN_WORDS && function_ratio < MAX_STRUNG_FUNCTION_SHARE;
        if listed || strung {
            flags.push(Flag::KeywordList);
        }
        if self.words < MIN_WORDS && !complete {
            flags.push(Flag::TooShort);
        }
        flags
    }
}
