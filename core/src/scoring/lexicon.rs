//! The lexicon compiled for matching: each term of each set as folded, stemmed words,
//! found inside a keyword's phrase to make the phrase's variants.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::bank::LexiconSet;
use crate::text::{self, WordStemmer};

/// Variants made of one phrase at most; the first swaps found are kept.
const MAX_VARIANTS: usize = 32;

/// A lexicon term put in place of a keyword's own: what the feedback shows as
/// "'security fixes' counted as 'patching'".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Swap {
    /// The lexicon's term that was matched.
    pub said: String,
    /// The keyword's term it stands for.
    pub counts_as: String,
}

#[derive(Debug)]
struct Term {
    text: String,
    /// Folded, expanded words but stop-words.
    words: Vec<String>,
    stems: Vec<String>,
}

/// Sets of terms that mean the same, ready to widen phrases.
#[derive(Debug, Default)]
pub struct CompiledLexicon {
    sets: Vec<Vec<Term>>,
    /// (set, term) by the stem of the term's first word.
    by_first_stem: HashMap<String, Vec<(usize, usize)>>,
}

impl CompiledLexicon {
    pub fn new(sets: &[LexiconSet]) -> Self {
        let stemmer = WordStemmer::default();
        let mut lexicon = CompiledLexicon::default();
        for set in sets {
            let index = lexicon.sets.len();
            let terms: Vec<Term> = set
                .terms
                .iter()
                .map(|term| {
                    let all: Vec<String> = text::words(term)
                        .map(|w| text::expand(&text::fold(w.text)).to_owned())
                        .collect();
                    // A term that would shrink to one word keeps its stop-words, as a
                    // keyword's phrase does: "scale in" is not "scale".
                    let content: Vec<String> = all
                        .iter()
                        .filter(|w| !text::is_stop_word(w))
                        .cloned()
                        .collect();
                    let words = if content.len() <= 1 && all.len() > content.len() {
                        all
                    } else {
                        content
                    };
                    let stems = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
                    Term {
                        text: term.clone(),
                        words,
                        stems,
                    }
                })
                .filter(|term| !term.words.is_empty())
                .collect();
            for (i, term) in terms.iter().enumerate() {
                lexicon
                    .by_first_stem
                    .entry(term.stems[0].clone())
                    .or_default()
                    .push((index, i));
            }
            lexicon.sets.push(terms);
        }
        lexicon
    }

    /// The variants of a phrase (its folded words and their stems): the phrase with one
    /// term of a set it holds replaced by another term of that set, or two such terms
    /// replaced. The phrase itself is not among them.
    pub fn variants(&self, words: &[String], stems: &[String]) -> Vec<(Vec<String>, Vec<Swap>)> {
        if self.sets.is_empty() {
            return Vec::new();
        }
        // Terms found in the phrase: where, how long, which set and term; the longest
        // term at a place wins, and found terms do not overlap.
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut at = 0;
        while at < stems.len() {
            let longest = self
                .by_first_stem
                .get(&stems[at])
                .into_iter()
                .flatten()
                .filter(|&&(set, term)| {
                    let term = &self.sets[set][term].stems;
                    stems[at..].starts_with(term)
                })
                .max_by_key(|&&(set, term)| self.sets[set][term].stems.len());
            match longest {
                Some(&(set, term)) => {
                    let len = self.sets[set][term].stems.len();
                    found.push((at, len, set, term));
                    at += len;
                }
                None => at += 1,
            }
        }
        let mut variants = Vec::new();
        let replace = |base: &[String], place: &(usize, usize, usize, usize), other: usize| {
            let (at, len, set, term) = *place;
            let mut words = base[..at].to_vec();
            words.extend(self.sets[set][other].words.iter().cloned());
            words.extend(base[at + len..].iter().cloned());
            let swap = Swap {
                said: self.sets[set][other].text.clone(),
                counts_as: self.sets[set][term].text.clone(),
            };
            (words, swap)
        };
        let others = |place: &(usize, usize, usize, usize)| {
            let (_, _, set, term) = *place;
            (0..self.sets[set].len()).filter(move |&other| other != term)
        };
        for place in &found {
            for other in others(place) {
                let (words, swap) = replace(words, place, other);
                variants.push((words, vec![swap]));
            }
        }
        // Two swaps: the later place is replaced in the words as they stand, so its
        // position does not move with the earlier one's length.
        for (i, first) in found.iter().enumerate() {
            for second in &found[i + 1..] {
                for other_second in others(second) {
                    let (words, swap_second) = replace(words, second, other_second);
                    for other_first in others(first) {
                        if variants.len() >= MAX_VARIANTS {
                            return variants;
                        }
                        let (words, swap_first) = replace(&words, first, other_first);
                        variants.push((words, vec![swap_first, swap_second.clone()]));
                    }
                }
            }
        }
        variants.truncate(MAX_VARIANTS);
        variants
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(sets: &[&[&str]]) -> CompiledLexicon {
        let sets: Vec<LexiconSet> = sets
            .iter()
            .map(|terms| LexiconSet {
                terms: terms.iter().map(|t| (*t).to_owned()).collect(),
            })
            .collect();
        CompiledLexicon::new(&sets)
    }

    fn variants_of(lexicon: &CompiledLexicon, phrase: &[&str]) -> Vec<String> {
        let stemmer = WordStemmer::default();
        let words: Vec<String> = phrase.iter().map(|w| (*w).to_owned()).collect();
        let stems: Vec<String> = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
        lexicon
            .variants(&words, &stems)
            .into_iter()
            .map(|(words, _)| words.join(" "))
            .collect()
    }

    #[test]
    fn a_term_is_replaced_by_each_other_term_of_its_set() {
        let lexicon = lexicon(&[&["host", "server", "virtual machine"]]);
        assert_eq!(
            variants_of(&lexicon, &["patch", "hosts"]),
            ["patch server", "patch virtual machine"]
        );
    }

    #[test]
    fn two_terms_of_one_phrase_are_replaced_together_too() {
        let lexicon = lexicon(&[&["patch", "security fix"], &["host", "server"]]);
        let found = variants_of(&lexicon, &["patch", "host"]);
        assert!(found.contains(&"security fix host".to_owned()), "{found:?}");
        assert!(found.contains(&"patch server".to_owned()), "{found:?}");
        assert!(
            found.contains(&"security fix server".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn a_phrase_with_no_term_of_the_lexicon_has_no_variants() {
        let lexicon = lexicon(&[&["host", "server"]]);
        assert!(variants_of(&lexicon, &["cold", "start"]).is_empty());
    }
}
