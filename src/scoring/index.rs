//! The normalised keyword index of one rubric, built once and used for every answer.
//!
//! Matching rules:
//! - Words are compared folded (lower case, no apostrophes) and stemmed, so word forms
//!   match ("connections" / "connection", "draining" / "drain").
//! - A keyword word of 5 or more letters tolerates typos: 1 edit for 5–7 letters, 2 for
//!   8 or more, with the same first letter. Shorter words and words with digits match
//!   exactly, so acronyms stay apart (`ecs` is not `ec2`, `alb` is not `all`).
//! - Stop-words inside a keyword are ignored. The other words of a keyword must all
//!   appear, in any order, within [`WINDOW_SLACK`] extra words and inside one sentence.

use std::collections::HashMap;

use crate::bank::Rubric;
use crate::text::{self, WordStemmer};

/// How many other words a phrase match may have in between its own words.
pub const WINDOW_SLACK: usize = 4;

pub(super) type TermId = usize;

/// One distinct keyword word.
#[derive(Debug)]
pub(super) struct Term {
    pub folded: String,
    pub stem: String,
    /// Edits tolerated; 0 for short words, acronyms and words with digits.
    pub max_edits: usize,
    pub first: char,
    pub chars: usize,
}

/// What a phrase match counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Point(usize),
    RedFlag(usize),
}

/// One keyword: the terms that must all be found near each other.
#[derive(Debug)]
pub(super) struct Phrase {
    pub owner: Owner,
    pub terms: Vec<TermId>,
    /// The keyword states a negation itself, so a negation near it is not a reversal.
    pub negated: bool,
}

/// The compiled keywords of a rubric.
pub struct RubricIndex<'r> {
    pub(super) rubric: &'r Rubric,
    pub(super) stemmer: WordStemmer,
    pub(super) terms: Vec<Term>,
    pub(super) phrases: Vec<Phrase>,
    /// For each term, the phrases (and the position within them) that contain it.
    pub(super) uses: Vec<Vec<(usize, usize)>>,
    /// Terms by stem, for exact matches.
    pub(super) by_stem: HashMap<String, Vec<TermId>>,
    /// Terms that tolerate typos.
    pub(super) fuzzy: Vec<TermId>,
}

impl<'r> RubricIndex<'r> {
    pub fn new(rubric: &'r Rubric) -> Self {
        let mut index = RubricIndex {
            rubric,
            stemmer: WordStemmer::default(),
            terms: Vec::new(),
            phrases: Vec::new(),
            uses: Vec::new(),
            by_stem: HashMap::new(),
            fuzzy: Vec::new(),
        };
        let keywords = rubric
            .points
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.keywords.iter().map(move |k| (Owner::Point(i), k)))
            .chain(
                rubric
                    .red_flags
                    .iter()
                    .enumerate()
                    .flat_map(|(i, r)| r.keywords.iter().map(move |k| (Owner::RedFlag(i), k))),
            );
        for (owner, keyword) in keywords {
            index.add_keyword(owner, keyword);
        }
        index
    }

    pub fn rubric(&self) -> &'r Rubric {
        self.rubric
    }

    fn add_keyword(&mut self, owner: Owner, keyword: &str) {
        let folded: Vec<String> = text::words(keyword).map(|w| text::fold(w.text)).collect();
        let content: Vec<&String> = folded.iter().filter(|w| !text::is_stop_word(w)).collect();
        // A keyword made only of stop-words still has to match as written.
        let required = if content.is_empty() {
            folded.iter().collect()
        } else {
            content
        };
        let mut terms: Vec<TermId> = Vec::with_capacity(required.len());
        for word in required {
            let id = self.term(word);
            if !terms.contains(&id) {
                terms.push(id);
            }
        }
        if terms.is_empty() {
            return;
        }
        let phrase = self.phrases.len();
        for (slot, &term) in terms.iter().enumerate() {
            self.uses[term].push((phrase, slot));
        }
        self.phrases.push(Phrase {
            owner,
            negated: folded.iter().any(|w| text::is_negation(w)),
            terms,
        });
    }

    fn term(&mut self, folded: &str) -> TermId {
        if let Some(existing) = self.terms.iter().position(|t| t.folded == folded) {
            return existing;
        }
        let id = self.terms.len();
        let stem = self.stemmer.stem(folded);
        let chars = folded.chars().count();
        let max_edits = if folded.chars().any(|c| !c.is_alphabetic()) {
            0
        } else {
            typo_budget(chars)
        };
        self.by_stem.entry(stem.clone()).or_default().push(id);
        if max_edits > 0 {
            self.fuzzy.push(id);
        }
        self.terms.push(Term {
            folded: folded.to_owned(),
            first: folded.chars().next().unwrap_or_default(),
            stem,
            max_edits,
            chars,
        });
        self.uses.push(Vec::new());
        id
    }
}

/// Edits a word of `chars` letters may have and still match.
pub(super) fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}
