//! The normalised keyword index of one rubric, built once and used for every answer.
//!
//! Matching rules:
//! - Words are compared folded (lower case, no apostrophes) and stemmed, so word forms
//!   match ("connections" / "connection", "draining" / "drain").
//! - A keyword word of 5 or more letters tolerates typos: 1 edit for 5–9 letters, 2 for
//!   10 or more, with the same first letter. Shorter words and words with digits match
//!   exactly, so acronyms stay apart (`ecs` is not `ec2`, `alb` is not `all`). A word
//!   that only adds or drops an ending (`multiple` / `multiplex`) is a different word,
//!   not a typo.
//! - Common short forms count as the word they stand for ("db" is "database").
//! - Stop-words inside a keyword are ignored. The other words of a keyword must all
//!   appear, in any order, within [`WINDOW_SLACK`] extra words and inside one sentence.

use std::ops::Range;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
    /// Edits tolerated between stems, by the stem's own length.
    pub stem_max_edits: usize,
    pub chars: usize,
    pub letters: LetterCounts,
    pub stem_letters: LetterCounts,
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
    /// Where the phrase's words are tracked in a scan: one slot per word.
    pub slots: Range<usize>,
    /// The keyword states a negation itself, so a negation near it is not a reversal.
    pub negated: bool,
}

/// The compiled keywords of a rubric.
pub struct RubricIndex<'r> {
    pub(super) rubric: &'r Rubric,
    pub(super) stemmer: WordStemmer,
    pub(super) terms: Vec<Term>,
    pub(super) phrases: Vec<Phrase>,
    /// The words of all phrases together.
    pub(super) slot_count: usize,
    /// For each term, the phrases that contain it and the slot of each occurrence; the
    /// entries of one phrase are next to each other.
    pub(super) uses: Vec<Vec<(usize, usize)>>,
    /// Terms by stem, for exact matches.
    pub(super) by_stem: HashMap<String, Vec<TermId>>,
    /// The first three letters of every term stem, and the first two of stems of three
    /// letters or fewer; see [`RubricIndex::may_share_stem`].
    pub(super) stem_starts: HashSet<String>,
    /// Per point: its label states a negation ("It doesn't fix…"), so a negation before
    /// its keywords is part of saying it rather than a denial.
    pub(super) negative_points: Vec<bool>,
    /// Whether a keyword made only of stop-words made stop-words terms.
    pub(super) has_stop_word_terms: bool,
    /// Terms that tolerate typos, by first letter and length in characters.
    pub(super) fuzzy: HashMap<(char, usize), Vec<TermId>>,
}

impl<'r> RubricIndex<'r> {
    pub fn new(rubric: &'r Rubric) -> Self {
        let mut index = RubricIndex {
            rubric,
            stemmer: WordStemmer::default(),
            terms: Vec::new(),
            phrases: Vec::new(),
            slot_count: 0,
            uses: Vec::new(),
            by_stem: HashMap::default(),
            stem_starts: HashSet::default(),
            has_stop_word_terms: false,
            negative_points: rubric
                .points
                .iter()
                .map(|p| text::words(&p.label).any(|w| text::is_negation(&text::fold(w.text))))
                .collect(),
            fuzzy: HashMap::default(),
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

    /// Whether `word` may stem to a term's stem. English stems keep the first three
    /// letters of the word, or its first two when the stem is that short ("using" is
    /// "use"), so a word whose start begins no term stem cannot. (The stemmer's few
    /// irregular forms, like "dying" for "die", are the exception.)
    pub(super) fn may_share_stem(&self, word: &str) -> bool {
        let three = start(word, STEM_START);
        three.len() == word.len()
            || self.stem_starts.contains(three)
            || self.stem_starts.contains(start(word, STEM_START - 1))
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
        // A word said twice ("like for like") must be found twice.
        let terms: Vec<TermId> = required.into_iter().map(|word| self.term(word)).collect();
        if terms.is_empty() {
            return;
        }
        let phrase = self.phrases.len();
        let first_slot = self.slot_count;
        for (offset, &term) in terms.iter().enumerate() {
            self.uses[term].push((phrase, first_slot + offset));
        }
        self.slot_count += terms.len();
        self.phrases.push(Phrase {
            owner,
            negated: folded.iter().any(|w| text::is_negation(w)),
            slots: first_slot..self.slot_count,
        });
    }

    fn term(&mut self, folded: &str) -> TermId {
        let folded = text::expand(folded);
        if let Some(existing) = self.terms.iter().position(|t| t.folded == folded) {
            return existing;
        }
        let id = self.terms.len();
        self.has_stop_word_terms |= text::is_stop_word(folded);
        let stem = self.stemmer.stem(folded).into_owned();
        let chars = folded.chars().count();
        let alphabetic = folded.chars().all(char::is_alphabetic);
        let max_edits = if alphabetic { typo_budget(chars) } else { 0 };
        let stem_max_edits = if alphabetic {
            typo_budget(stem.chars().count())
        } else {
            0
        };
        self.stem_starts.insert(start(&stem, STEM_START).to_owned());
        if stem.chars().count() <= STEM_START {
            self.stem_starts
                .insert(start(&stem, STEM_START - 1).to_owned());
        }
        self.by_stem.entry(stem.clone()).or_default().push(id);
        let first = folded.chars().next().unwrap_or_default();
        if max_edits > 0 {
            self.fuzzy.entry((first, chars)).or_default().push(id);
        }
        self.terms.push(Term {
            letters: LetterCounts::of(folded),
            stem_letters: LetterCounts::of(&stem),
            folded: folded.to_owned(),
            stem,
            max_edits,
            stem_max_edits,
            chars,
        });
        self.uses.push(Vec::new());
        id
    }
}

/// How often each letter occurs in a word. Two words whose counts differ by more than
/// `k` letters are more than `k` edits apart, which rules most pairs out before the
/// costlier edit distance is computed.
#[derive(Debug, Clone, Copy)]
pub(super) struct LetterCounts([u8; 27]);

impl LetterCounts {
    pub fn of(word: &str) -> Self {
        let mut counts = [0u8; 27];
        for c in word.chars() {
            let slot = if c.is_ascii_lowercase() {
                usize::from(c as u8 - b'a')
            } else {
                26
            };
            counts[slot] = counts[slot].saturating_add(1);
        }
        LetterCounts(counts)
    }

    /// A lower bound of the edit distance between the two words.
    pub fn distance(&self, other: &LetterCounts) -> usize {
        let (mut extra, mut missing) = (0usize, 0usize);
        for (a, b) in self.0.iter().zip(&other.0) {
            if a > b {
                extra += usize::from(a - b);
            } else {
                missing += usize::from(b - a);
            }
        }
        extra.max(missing)
    }
}

const STEM_START: usize = 3;

/// The first `chars` characters of a word, or all of it when shorter.
fn start(word: &str, chars: usize) -> &str {
    word.char_indices()
        .nth(chars)
        .map_or(word, |(end, _)| &word[..end])
}

/// The most edits any term tolerates.
pub(super) const MAX_EDITS: usize = 2;

/// Edits a word of `chars` letters may have and still match.
pub(super) fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=9 => 1,
        _ => MAX_EDITS,
    }
}
