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
//! - Stop-words inside a keyword are ignored. The other words of a phrase must all
//!   appear, in any order, within [`WINDOW_SLACK`] extra words and inside one sentence.
//! - A keyword of several parts (`patch | security fix + host | server`) is found when
//!   one alternative of every part is, in one sentence, within [`CONCEPT_SLACK`] extra
//!   words; the pieces of one identifier (`assignPublicIp`) count for one part at most.
//! - The lexicon adds, for every phrase holding a term of one of its sets, the phrase
//!   with another term of the set in its place, to be said in its own order; a term
//!   that would shrink to one word keeps its stop-words ("scale in").
//! - A red flag's phrase keeps its word order, and does not match across one word that
//!   makes a longer name of the rubric with both neighbours; a pronoun opening a later
//!   clause may take up its first part (see the matcher).
//! - Polarity: a keyword with a part of negations only (`not + fix + connection`) matches
//!   only when a negation covers one of its parts, all in one clause; a phrase that states
//!   a negation ("no servers to manage") matches only words a negation covers; any other
//!   phrase, only words none covers (or it is a denial).

use std::ops::Range;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::lexicon::{CompiledLexicon, Swap};
use super::negation;
use crate::bank::{Rubric, keyword};
use crate::text::{self, WordStemmer};

/// How many other words a phrase match may have in between its own words.
pub const WINDOW_SLACK: usize = 4;

/// How many other words may stand between the parts of a keyword of several parts.
pub const CONCEPT_SLACK: usize = 8;

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

/// What a keyword match counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Point(usize),
    RedFlag(usize),
}

/// One keyword: its parts must all be found near each other.
#[derive(Debug)]
pub(super) struct Keyword {
    pub owner: Owner,
    /// Where the keyword's parts are tracked in a scan: one entry per part.
    pub parts: Range<usize>,
    /// The keyword has a part of negations only (`not + fix + connection`): it matches
    /// only when a negation covers some of its parts, all in one clause.
    pub negative: bool,
}

/// One way to say one part of a keyword: terms that must all be found near each other.
#[derive(Debug)]
pub(super) struct Phrase {
    pub keyword: usize,
    /// The part of the keyword (an index into the scan's part entries).
    pub part: usize,
    /// Where the phrase's words are tracked in a scan: one slot per word.
    pub slots: Range<usize>,
    /// A red flag is said in its own word order ("trap SIGKILL", not "SIGKILL, so we
    /// trap SIGTERM"); an expected point may be said in any.
    pub ordered: bool,
    /// Its words must come one after the other: a phrase kept with its stop-words
    /// ("scale in").
    pub tight: bool,
    /// The phrase itself states a negation ("no longer accepting"), so it matches only
    /// negated words (in a keyword that has no part of negations only).
    pub negative: bool,
    /// Lexicon terms put in place of the keyword's own.
    pub swaps: Vec<Swap>,
}

/// A phrase about to be added, but for its words.
struct NewPhrase {
    keyword: usize,
    part: usize,
    ordered: bool,
    tight: bool,
    negative: bool,
    swaps: Vec<Swap>,
}

/// A part mixing negations and words doubles the keywords it makes; past this many such
/// parts the others are read as words.
const MAX_MIXED_PARTS: usize = 3;

/// Whether a negation followed by `after` has a word to negate.
fn negates_a_word(after: &[String]) -> bool {
    after.iter().any(|w| !text::is_stop_word(w))
}

/// The folded, expanded words of a keyword's phrase, stop-words and negations included.
fn folded_words(phrase: &str) -> Vec<String> {
    text::words(phrase)
        .map(|w| text::expand(&text::fold(w.text)).to_owned())
        .collect()
}

/// The compiled keywords of a rubric.
pub struct RubricIndex<'r> {
    pub(super) rubric: &'r Rubric,
    pub(super) stemmer: WordStemmer,
    pub(super) terms: Vec<Term>,
    /// Terms by their folded word, while the index is built.
    term_ids: HashMap<String, TermId>,
    pub(super) keywords: Vec<Keyword>,
    pub(super) phrases: Vec<Phrase>,
    /// The parts of all keywords together.
    pub(super) part_count: usize,
    /// The words of all phrases together.
    pub(super) slot_count: usize,
    /// For each term, the phrases that contain it and the slot of each occurrence; the
    /// entries of one phrase are next to each other.
    pub(super) uses: Vec<Vec<(usize, usize)>>,
    /// Terms by stem, for exact matches.
    pub(super) by_stem: HashMap<String, Vec<TermId>>,
    /// Every term stem but its last letter, by its first two letters; see
    /// [`RubricIndex::may_share_stem`].
    stem_heads: HashMap<String, Vec<String>>,
    /// The first letters of term stems of two letters or fewer.
    short_stem_firsts: HashSet<char>,
    /// Terms that are stop-words (kept in a phrase that would shrink to one word), by
    /// their folded word: they match that word exactly.
    pub(super) stop_word_terms: HashMap<String, Vec<TermId>>,
    /// Terms that tolerate typos, by first letter and length in characters.
    pub(super) fuzzy: HashMap<(char, usize), Vec<TermId>>,
    /// The term of each phrase slot.
    pub(super) slot_terms: Vec<TermId>,
    /// Pairs of terms that follow each other in some phrase, names of the field
    /// ("execution role"), each with the keywords that hold it: an ordered phrase does
    /// not match across a word that makes such names with both neighbours ("task role"
    /// is not said by "task execution role").
    pub(super) compounds: HashMap<(TermId, TermId), Vec<usize>>,
}

impl<'r> RubricIndex<'r> {
    /// The index of `rubric`, with no lexicon.
    pub fn new(rubric: &'r Rubric) -> Self {
        Self::with_lexicons(rubric, &[])
    }

    /// The index of `rubric`, its phrases widened by each lexicon.
    pub fn with_lexicons(rubric: &'r Rubric, lexicons: &[&CompiledLexicon]) -> Self {
        let mut index = RubricIndex {
            rubric,
            stemmer: WordStemmer::default(),
            terms: Vec::new(),
            term_ids: HashMap::default(),
            keywords: Vec::new(),
            phrases: Vec::new(),
            part_count: 0,
            slot_count: 0,
            uses: Vec::new(),
            by_stem: HashMap::default(),
            stem_heads: HashMap::default(),
            short_stem_firsts: HashSet::default(),
            stop_word_terms: HashMap::default(),
            fuzzy: HashMap::default(),
            slot_terms: Vec::new(),
            compounds: HashMap::default(),
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
            index.add_keyword(owner, keyword, lexicons);
        }
        index
    }

    /// Whether `word` may stem to a term's stem. An English stem is the word with its
    /// ending taken off, its last letter at most changed ("hoping" is "hope", "happy"
    /// "happi"), so a word that starts with no term stem but its last letter cannot; the
    /// test is a few prefix comparisons, stemming is a few hundred nanoseconds.
    pub(super) fn may_share_stem(&self, word: &str) -> bool {
        let Some(first) = word.chars().next() else {
            return false;
        };
        // "dying", "lying" and "tying" are the stemmer's exceptions: "die", "lie", "tie".
        let exception = word.len() == 5 && word.ends_with("ying");
        exception
            || self.short_stem_firsts.contains(&first)
            || self
                .stem_heads
                .get(start(word, HEAD_KEY))
                .is_some_and(|heads| heads.iter().any(|head| word.starts_with(head.as_str())))
    }

    fn add_keyword(&mut self, owner: Owner, keyword: &str, lexicons: &[&CompiledLexicon]) {
        // The loader rejects keywords that cannot be read; one that slips through from a
        // hand-built rubric matches nothing.
        let Ok(parts) = keyword::parts(keyword) else {
            return;
        };
        let parts: Vec<Vec<(&str, bool)>> = parts
            .iter()
            .map(|alternatives| {
                alternatives
                    .iter()
                    .map(|a| (*a, negation::is_only_a_cue(&folded_words(a))))
                    .collect()
            })
            .collect();
        // A part of negations only ("not + fix + connection") says the keyword is said
        // negated. A part that mixes negations and words ("no | zero + downtime") stands
        // for both keywords: the negated one without it, and the one with its words.
        let mixed: Vec<usize> = (0..parts.len())
            .filter(|&i| {
                let cues = parts[i].iter().filter(|(_, cue)| *cue).count();
                cues > 0 && cues < parts[i].len()
            })
            .take(MAX_MIXED_PARTS)
            .collect();
        for choice in 0..1usize << mixed.len() {
            let mut negative = false;
            let mut kept: Vec<Vec<&str>> = Vec::new();
            for (i, alternatives) in parts.iter().enumerate() {
                let cue_only = alternatives.iter().all(|(_, cue)| *cue);
                let as_negation = mixed
                    .iter()
                    .position(|&m| m == i)
                    .is_some_and(|bit| choice & (1 << bit) != 0);
                if cue_only || as_negation {
                    negative = true;
                } else {
                    kept.push(
                        alternatives
                            .iter()
                            .filter(|(_, cue)| !cue)
                            .map(|(a, _)| *a)
                            .collect(),
                    );
                }
            }
            self.add_parts(owner, &kept, negative, lexicons);
        }
    }

    /// Adds one keyword of `parts`, each a list of alternative phrases.
    fn add_parts(
        &mut self,
        owner: Owner,
        parts: &[Vec<&str>],
        negative: bool,
        lexicons: &[&CompiledLexicon],
    ) {
        let parts: Vec<Vec<(Vec<String>, bool, bool)>> = parts
            .iter()
            .map(|alternatives| {
                alternatives
                    .iter()
                    .map(|a| {
                        // "costs nothing" states no negation: nothing follows the cue.
                        let words = folded_words(a);
                        let said_negated = words
                            .iter()
                            .enumerate()
                            .any(|(i, w)| text::is_negation(w) && negates_a_word(&words[i + 1..]));
                        let (words_to_find, in_order) = Self::phrase_words(&words);
                        (words_to_find, in_order, said_negated)
                    })
                    .filter(|(words, _, _)| !words.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|alternatives| !alternatives.is_empty())
            .collect();
        if parts.is_empty() {
            return;
        }
        let id = self.keywords.len();
        let first_part = self.part_count;
        self.part_count += parts.len();
        self.keywords.push(Keyword {
            owner,
            parts: first_part..self.part_count,
            negative,
        });
        // Misconceptions are matched as written: a lexicon swap in an ordered phrase
        // widens it onto right answers.
        let (ordered, lexicons) = match owner {
            Owner::RedFlag(_) => (true, &[][..]),
            Owner::Point(_) => (false, lexicons),
        };
        for (offset, alternatives) in parts.into_iter().enumerate() {
            let mut seen: HashSet<Vec<String>> = HashSet::default();
            for (words, in_order, said_negated) in alternatives {
                // Words of other phrases are terms already, stemmed once.
                let stems: Vec<String> = words
                    .iter()
                    .map(|w| match self.term_ids.get(w) {
                        Some(&id) => self.terms[id].stem.clone(),
                        None => self.stemmer.stem(w).into_owned(),
                    })
                    .collect();
                let mut variants = vec![(words.clone(), Vec::new())];
                for lexicon in lexicons {
                    variants.extend(lexicon.variants(&words, &stems));
                }
                for (words, swaps) in variants {
                    if seen.insert(words.clone()) {
                        let phrase = NewPhrase {
                            keyword: id,
                            part: first_part + offset,
                            ordered: ordered || in_order || (!swaps.is_empty() && words.len() > 1),
                            // Stop-words are kept only where they carry the
                            // meaning ("scale in"): such a phrase is said as written.
                            tight: in_order || words.iter().any(|w| text::is_stop_word(w)),
                            negative: said_negated && !negative,
                            swaps,
                        };
                        self.add_phrase(phrase, &words);
                    }
                }
            }
        }
    }

    /// The folded words of a phrase that must be found: its words but stop-words and
    /// negations; all of them, stop-words included and in their order, when that would
    /// leave one word or none ("scale in" is not "scale", "very confident" not
    /// "confident"); nothing for a phrase that is only a negation. The flag says the
    /// order must hold.
    fn phrase_words(all: &[String]) -> (Vec<String>, bool) {
        // A negation that negates nothing after it ("costs nothing") is a word to find.
        let folded: Vec<String> = all
            .iter()
            .enumerate()
            .filter(|&(i, w)| !text::is_negation(w) || !negates_a_word(&all[i + 1..]))
            .map(|(_, w)| w.clone())
            .collect();
        let content: Vec<String> = folded
            .iter()
            .filter(|w| !text::is_stop_word(w))
            .cloned()
            .collect();
        if content.len() <= 1 && folded.len() > content.len() {
            (folded, true)
        } else {
            (content, false)
        }
    }

    fn add_phrase(&mut self, phrase: NewPhrase, words: &[String]) {
        let NewPhrase {
            keyword,
            part,
            ordered,
            tight,
            negative,
            swaps,
        } = phrase;
        // A word said twice ("like for like") must be found twice.
        let terms: Vec<TermId> = words.iter().map(|word| self.term(word)).collect();
        let phrase = self.phrases.len();
        let first_slot = self.slot_count;
        for (offset, &term) in terms.iter().enumerate() {
            self.uses[term].push((phrase, first_slot + offset));
        }
        let content = |i: usize| !text::is_stop_word(&words[i]);
        for i in (1..terms.len()).filter(|&i| content(i - 1) && content(i)) {
            let keywords = self.compounds.entry((terms[i - 1], terms[i])).or_default();
            if !keywords.contains(&keyword) {
                keywords.push(keyword);
            }
        }
        self.slot_terms.extend(&terms);
        self.slot_count += terms.len();
        self.phrases.push(Phrase {
            keyword,
            part,
            slots: first_slot..self.slot_count,
            ordered,
            tight,
            negative,
            swaps,
        });
    }

    fn term(&mut self, folded: &str) -> TermId {
        if let Some(&existing) = self.term_ids.get(folded) {
            return existing;
        }
        let id = self.terms.len();
        self.term_ids.insert(folded.to_owned(), id);
        let stem = self.stemmer.stem(folded).into_owned();
        let chars = folded.chars().count();
        let alphabetic = folded.chars().all(char::is_alphabetic);
        let max_edits = if alphabetic { typo_budget(chars) } else { 0 };
        let stem_max_edits = if alphabetic {
            typo_budget(stem.chars().count())
        } else {
            0
        };
        let head = &stem[..stem.char_indices().last().map_or(0, |(at, _)| at)];
        let stop_word = text::is_stop_word(folded);
        if stop_word {
            self.stop_word_terms
                .entry(folded.to_owned())
                .or_default()
                .push(id);
        } else if head.chars().count() < HEAD_KEY {
            self.short_stem_firsts
                .insert(stem.chars().next().unwrap_or_default());
        } else {
            let heads = self
                .stem_heads
                .entry(start(head, HEAD_KEY).to_owned())
                .or_default();
            if !heads.iter().any(|h| h == head) {
                heads.push(head.to_owned());
            }
        }
        if !stop_word {
            self.by_stem.entry(stem.clone()).or_default().push(id);
        }
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

/// How many first letters key a stem's head.
const HEAD_KEY: usize = 2;

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
