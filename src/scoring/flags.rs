//! Flags about the shape of an answer rather than its content: a bare list of terms, or
//! too few words to be an answer.

use serde::Serialize;

use crate::text::{self, Word};

/// Fewer words than this is not an answer yet.
const MIN_WORDS: usize = 8;

/// Below this share of function words ("the", "because", "we"…) text is not prose.
const MAX_LIST_FUNCTION_RATIO: f64 = 0.12;

/// Items of a list average at most this many words.
const MAX_LIST_ITEM_WORDS: f64 = 4.0;

/// Something about an answer's shape worth telling the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// Takes in `word` (folded: `folded`), which follows `previous` in `answer`.
    pub fn add(
        &mut self,
        answer: &str,
        previous: Option<&Word<'_>>,
        word: &Word<'_>,
        folded: &str,
    ) {
        self.words += 1;
        if is_function_word(folded) {
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

    pub fn flags(&self) -> Vec<Flag> {
        let mut flags = Vec::new();
        if self.words >= 3 {
            let function_ratio = self.function_words as f64 / self.words as f64;
            let words_per_item = self.words as f64 / self.items.max(1) as f64;
            if function_ratio < MAX_LIST_FUNCTION_RATIO && words_per_item <= MAX_LIST_ITEM_WORDS {
                flags.push(Flag::KeywordList);
            }
        }
        if self.words < MIN_WORDS {
            flags.push(Flag::TooShort);
        }
        flags
    }
}

/// Words that glue sentences together; prose has plenty, a list of terms almost none.
fn is_function_word(folded: &str) -> bool {
    const MORE: &[&str] = &[
        "about", "after", "all", "because", "before", "but", "each", "every", "how", "if",
        "instead", "like", "more", "most", "only", "other", "since", "some", "such", "through",
        "until", "when", "where", "while", "why",
    ];
    text::is_stop_word(folded) || text::is_negation(folded) || MORE.contains(&folded)
}
