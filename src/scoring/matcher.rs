//! One pass over an answer: each word is looked up (once per distinct word) among the
//! rubric's terms, and each phrase remembers where its words were last seen, so a phrase
//! is found the moment its last word arrives. The work per word is bounded by the
//! rubric, never by the answer, so scoring is linear in the answer's length.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::ops::Range;

use super::flags;
use super::index::{
    LetterCounts, MAX_EDITS, Owner, Phrase, RubricIndex, TermId, WINDOW_SLACK, typo_budget,
};
use super::{Evidence, PointResult, RedFlagHit, Report};
use crate::text::{self, Word};

/// Evidence kept per point or red flag; the score counts a point once however often it
/// is said, and a few places are enough to show it.
const MAX_EVIDENCE: usize = 16;

/// How far before a keyword's words a negation still reverses it.
const NEGATION_REACH: usize = 4;

/// How far after a red flag's words a negation still reverses it ("SIGKILL can't be
/// caught").
const NEGATION_AFTER: usize = 2;

const UNSEEN: usize = usize::MAX;

impl<'r> RubricIndex<'r> {
    /// Scores `answer` against the rubric.
    pub fn score(&self, answer: &str) -> Report<'r> {
        let mut scan = Scan::new(self);
        // Prose averages six bytes a word and uses a few hundred distinct words.
        let mut words: Vec<Word<'_>> = Vec::with_capacity(answer.len() / 6);
        let mut known: HashMap<Cow<'_, str>, WordInfo> =
            HashMap::with_capacity_and_hasher((answer.len() / 8).min(4096), Default::default());
        let mut folded = String::new();
        let mut sentence_start = 0;
        let mut last_negation: Option<usize> = None;
        let mut shape = flags::Shape::default();

        for (position, word) in text::words(answer).enumerate() {
            if words
                .last()
                .is_some_and(|prev| prev.sentence != word.sentence)
            {
                sentence_start = position;
            }
            text::fold_into(word.text, &mut folded);
            let info = match known.get(folded.as_str()) {
                Some(info) => info,
                None => {
                    // Most words are already folded: borrow those from the answer.
                    let key = if folded == word.text {
                        Cow::Borrowed(word.text)
                    } else {
                        Cow::Owned(folded.clone())
                    };
                    known.entry(key).or_insert_with(|| self.classify(&folded))
                }
            };
            shape.add(answer, words.last(), &word, info.function_word);
            words.push(word);
            scan.settle_red_flags(position, word.sentence, info.negation);
            if info.negation {
                last_negation = Some(position);
            }
            for &term in &info.terms {
                for uses in self.uses[term].chunk_by(|a, b| a.0 == b.0) {
                    let phrase = uses[0].0;
                    scan.seen(uses.iter().map(|&(_, slot)| slot), position);
                    if let Some(first) =
                        scan.complete(&self.phrases[phrase], position, sentence_start)
                    {
                        let negated = last_negation
                            .is_some_and(|n| n >= sentence_start && n + NEGATION_REACH >= first);
                        let span = words[first].start..word.end;
                        scan.record(self, phrase, span, negated, (position, word.sentence));
                    }
                }
            }
        }
        scan.settle_red_flags(usize::MAX, u32::MAX, false);
        scan.into_report(self, answer, shape)
    }

    /// Everything scoring needs to know about one distinct folded word.
    fn classify(&self, folded: &str) -> WordInfo {
        let class = text::class(folded);
        WordInfo {
            terms: self.lookup(class.expansion.unwrap_or(folded), class.stop_word),
            negation: class.negation,
            function_word: class.stop_word || class.connective,
        }
    }

    /// The terms a folded, expanded answer word matches: exactly by stem, or else within
    /// the typo budget of a longer term with the same first letter.
    fn lookup(&self, word: &str, stop_word: bool) -> Vec<TermId> {
        // Stemming is the costly part; a word whose start no term stem shares can only
        // match by a typo, which compares the word as written first.
        if stop_word && !self.has_stop_word_terms {
            return Vec::new();
        }
        let mut stem = None;
        if self.may_share_stem(word) {
            let word_stem = self.stemmer.stem(word);
            if let Some(exact) = self.by_stem.get(word_stem.as_ref()) {
                return exact.clone();
            }
            stem = Some(word_stem);
        }
        if stop_word || word.chars().any(|c| !c.is_alphabetic()) {
            return Vec::new();
        }
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let chars = word.chars().count();
        let letters = LetterCounts::of(word);
        let mut stem_and_letters = None;
        (chars.saturating_sub(MAX_EDITS)..=chars + MAX_EDITS)
            .filter_map(|length| self.fuzzy.get(&(first, length)))
            .flatten()
            .copied()
            .filter(|&id| {
                let term = &self.terms[id];
                if chars.abs_diff(term.chars) > term.max_edits {
                    return false;
                }
                if close(word, &letters, &term.folded, &term.letters, term.max_edits) {
                    return true;
                }
                let (stem, stem_letters, stem_budget) = stem_and_letters.get_or_insert_with(|| {
                    let stem = stem.take().unwrap_or_else(|| self.stemmer.stem(word));
                    let letters = LetterCounts::of(&stem);
                    let budget = typo_budget(stem.chars().count());
                    (stem, letters, budget)
                });
                let k = term.stem_max_edits.min(*stem_budget);
                close(stem, stem_letters, &term.stem, &term.stem_letters, k)
            })
            .collect()
    }
}

/// Whether `a` is within `k` edits of `b` as a typo: not the same word with an ending
/// added or dropped, which is a different word (`multiple` / `multiplex`).
fn close(a: &str, a_letters: &LetterCounts, b: &str, b_letters: &LetterCounts, k: usize) -> bool {
    k > 0
        && a_letters.distance(b_letters) <= k
        && !a.starts_with(b)
        && !b.starts_with(a)
        && strsim::osa_distance(a, b) <= k
}

/// Adds a matched stretch to a point's or red flag's evidence; overlapping matches read
/// as one stretch of text.
fn add_evidence(list: &mut Vec<Range<usize>>, span: Range<usize>) {
    let full = list.len() >= MAX_EVIDENCE;
    match list.last_mut() {
        Some(last) if span.start < last.end => {
            last.start = last.start.min(span.start);
            last.end = last.end.max(span.end);
        }
        _ if full => {}
        _ => list.push(span),
    }
}

/// What scoring needs to know about a distinct word, worked out once per answer.
struct WordInfo {
    terms: Vec<TermId>,
    negation: bool,
    function_word: bool,
}

/// Where each phrase's words were last seen, and what has been found so far.
struct Scan {
    /// Per phrase slot (see [`Phrase::slots`]): the position its word was last seen at.
    last_seen: Vec<usize>,
    point_evidence: Vec<Vec<Range<usize>>>,
    red_flag_evidence: Vec<Vec<Range<usize>>>,
    /// Red flags found but not yet kept: a negation right after them may still reverse
    /// them.
    pending: Vec<PendingRedFlag>,
}

/// A red flag waiting for the words after it.
struct PendingRedFlag {
    flag: usize,
    span: Range<usize>,
    /// Position and sentence of its last word.
    last: usize,
    sentence: u32,
}

impl Scan {
    fn new(index: &RubricIndex<'_>) -> Self {
        Scan {
            last_seen: vec![UNSEEN; index.slot_count],
            point_evidence: vec![Vec::new(); index.rubric.points.len()],
            red_flag_evidence: vec![Vec::new(); index.rubric.red_flags.len()],
            pending: Vec::new(),
        }
    }

    /// Notes a term of `phrase` at `position`. A term the phrase holds more than once
    /// (in `slots`) keeps its latest occurrences, newest first.
    fn seen(&mut self, slots: impl Iterator<Item = usize>, position: usize) {
        let mut carried = position;
        for slot in slots {
            carried = std::mem::replace(&mut self.last_seen[slot], carried);
        }
    }

    /// The position of the phrase's first word, when all its words now lie within the
    /// window inside the current sentence.
    fn complete(&self, phrase: &Phrase, position: usize, sentence_start: usize) -> Option<usize> {
        let seen = &self.last_seen[phrase.slots.clone()];
        // A misconception is said in its own word order ("trap SIGKILL", not "SIGKILL,
        // so we trap SIGTERM"); an expected point may be said in any.
        if matches!(phrase.owner, Owner::RedFlag(_)) && !seen.windows(2).all(|w| w[0] < w[1]) {
            return None;
        }
        let first = *seen.iter().min()?;
        let within_sentence = seen.iter().all(|&p| p != UNSEEN && p >= sentence_start);
        let within_window = position - first < seen.len() + WINDOW_SLACK;
        (within_sentence && within_window).then_some(first)
    }

    fn record(
        &mut self,
        index: &RubricIndex<'_>,
        phrase: usize,
        span: Range<usize>,
        negated: bool,
        (last, sentence): (usize, u32),
    ) {
        let found = &index.phrases[phrase];
        self.last_seen[found.slots.clone()].fill(UNSEEN);
        match found.owner {
            Owner::Point(point) if negated && !found.negated && !index.negative_points[point] => {}
            Owner::Point(point) => add_evidence(&mut self.point_evidence[point], span),
            Owner::RedFlag(_) if negated && !found.negated => {}
            Owner::RedFlag(flag) if found.negated => {
                add_evidence(&mut self.red_flag_evidence[flag], span);
            }
            Owner::RedFlag(flag) => self.pending.push(PendingRedFlag {
                flag,
                span,
                last,
                sentence,
            }),
        }
    }

    /// Keeps the pending red flags that the word at `position` can no longer reverse,
    /// and drops those it reverses.
    fn settle_red_flags(&mut self, position: usize, sentence: u32, negation: bool) {
        if self.pending.is_empty() {
            return;
        }
        let mut waiting = Vec::new();
        for pending in self.pending.drain(..) {
            let within_reach =
                pending.sentence == sentence && position <= pending.last + NEGATION_AFTER;
            match (within_reach, negation) {
                (true, true) => {}
                (true, false) => waiting.push(pending),
                (false, _) => add_evidence(&mut self.red_flag_evidence[pending.flag], pending.span),
            }
        }
        self.pending = waiting;
    }

    fn into_report<'r>(
        self,
        index: &RubricIndex<'r>,
        answer: &str,
        shape: flags::Shape,
    ) -> Report<'r> {
        let rubric = index.rubric;
        let evidence = |spans: Vec<Range<usize>>| -> Vec<Evidence> {
            spans
                .into_iter()
                .map(|span| Evidence {
                    start: span.start,
                    end: span.end,
                    text: answer[span].to_owned(),
                })
                .collect()
        };
        let points: Vec<PointResult<'r>> = rubric
            .points
            .iter()
            .zip(self.point_evidence)
            .map(|(point, spans)| PointResult {
                point,
                evidence: evidence(spans),
            })
            .collect();
        let total: u64 = rubric.points.iter().map(|p| u64::from(p.weight)).sum();
        let covered: u64 = points
            .iter()
            .filter(|p| p.is_covered())
            .map(|p| u64::from(p.point.weight))
            .sum();
        let score = if total == 0 {
            0.0
        } else {
            (covered as f64 * 1000.0 / total as f64).round() / 10.0
        };
        let red_flags = rubric
            .red_flags
            .iter()
            .zip(self.red_flag_evidence)
            .filter(|(_, spans)| !spans.is_empty())
            .map(|(red_flag, spans)| RedFlagHit {
                red_flag,
                evidence: evidence(spans),
            })
            .collect();
        Report {
            score,
            flags: shape.flags(covered == total),
            points,
            red_flags,
        }
    }
}
