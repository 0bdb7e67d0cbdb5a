//! Scoring one answer, in three passes over its words: each distinct word is looked up
//! once among the rubric's terms; the reach of every negation is worked out; then each
//! phrase remembers where its words were last seen, so a phrase is found the moment its
//! last word arrives, and a keyword of several parts the moment its last part is. The
//! work per word is bounded by the rubric, never by the answer, so scoring is linear in
//! the answer's length.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use super::flags;
use super::index::{
    CONCEPT_SLACK, LetterCounts, MAX_EDITS, Owner, RubricIndex, TermId, WINDOW_SLACK, typo_budget,
};
use super::lexicon::Swap;
use super::negation;
use super::{Evidence, PointResult, RedFlagHit, Report};
use crate::text::{self, Word};

/// Evidence kept per point or red flag; the score counts a point once however often it
/// is said, and a few places are enough to show it.
const MAX_EVIDENCE: usize = 16;

const UNSEEN: usize = usize::MAX;

/// Distinct words already looked up in one rubric, kept across the answers scored
/// against it (as a batch does) so each is stemmed and matched once.
#[derive(Default)]
pub struct WordTable {
    distinct: Vec<WordInfo>,
    known: HashMap<String, u32>,
}

/// A table that grows past this many words starts again, so memory stays bounded.
const MAX_TABLE_WORDS: usize = 200_000;

impl<'r> RubricIndex<'r> {
    /// Scores `answer` against the rubric.
    pub fn score(&self, answer: &str) -> Report<'r> {
        self.score_with(answer, &mut WordTable::default())
    }

    /// Scores `answer`, looking its words up in `table` first; `table` must only ever be
    /// used with this index.
    pub fn score_with(&self, answer: &str, table: &mut WordTable) -> Report<'r> {
        if table.distinct.len() > MAX_TABLE_WORDS {
            *table = WordTable::default();
        }
        // Prose averages six bytes a word and uses a few hundred distinct words.
        let mut words: Vec<Word<'_>> = Vec::with_capacity(answer.len() / 6);
        let mut kinds: Vec<u32> = Vec::with_capacity(answer.len() / 6);
        let WordTable { distinct, known } = table;
        // Terms a whole camelCase or number-and-unit token matches, at its last part.
        let mut whole_tokens: Vec<(usize, u32)> = Vec::new();
        let mut token = String::new();
        let mut folded = String::new();
        let mut shape = flags::Shape::default();

        let mut intern = |folded: &str, distinct: &mut Vec<WordInfo>| -> u32 {
            if let Some(&kind) = known.get(folded) {
                return kind;
            }
            let kind = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
            distinct.push(self.classify(folded));
            known.insert(folded.to_owned(), kind);
            kind
        };
        for word in text::words(answer) {
            text::fold_into(word.text, &mut folded);
            if word.joined {
                token.push_str(&folded);
                whole_tokens.push((words.len(), intern(&token, distinct)));
            } else {
                token.clone_from(&folded);
            }
            let kind = intern(&folded, distinct);
            shape.add(
                answer,
                words.last(),
                &word,
                distinct[kind as usize].function_word,
            );
            words.push(word);
            kinds.push(kind);
        }
        let folded_words: Vec<&str> = kinds
            .iter()
            .map(|&k| distinct[k as usize].folded.as_str())
            .collect();
        let negations = negation::negations(answer, &words, &folded_words);

        // Per word: the token it is a piece of, where it is one piece of several
        // (`assignPublicIp`).
        let mut tokens: Vec<Option<usize>> = vec![None; words.len()];
        for (i, word) in words.iter().enumerate().skip(1) {
            if word.joined {
                tokens[i] = Some(tokens[i - 1].unwrap_or(i - 1));
                tokens[i - 1] = tokens[i];
            }
        }
        let mut scan = Scan::new(self, anaphors(&folded_words, &negations.clause, &words));
        // The terms of the word at a place, none for a function word: what may come
        // between an ordered phrase's words (see `Scan::complete`).
        let terms_at = |at: usize| {
            let info = &distinct[kinds[at] as usize];
            if info.function_word {
                &[][..]
            } else {
                info.terms.as_slice()
            }
        };
        let mut sentence_start = 0;
        let mut whole_tokens = whole_tokens.into_iter().peekable();
        for (position, word) in words.iter().enumerate() {
            if position > 0 && words[position - 1].sentence != word.sentence {
                sentence_start = position;
            }
            let whole = whole_tokens
                .next_if(|&(at, _)| at == position)
                .map(|(_, kind)| &distinct[kind as usize].terms);
            let info = &distinct[kinds[position] as usize];
            // A piece of an identifier is a name, not an inflected word:
            // `enableExecuteCommand` holds "execute", not "execution".
            let piece = tokens[position].is_some();
            // "it's fixed" says "is fixed": a contracted copula is the copula too.
            let copula =
                contracted_copula(word.text).and_then(|copula| self.stop_word_terms.get(copula));
            let terms = info
                .terms
                .iter()
                .filter(|&&term| !piece || self.names(term, &info.folded))
                .chain(whole.into_iter().flatten())
                .chain(copula.into_iter().flatten());
            for &term in terms {
                for uses in self.uses[term].chunk_by(|a, b| a.0 == b.0) {
                    let phrase = uses[0].0;
                    let slots = uses.iter().map(|&(_, slot)| slot);
                    // An ordered phrase keeps a repeated word's latest place in its last
                    // slot ("scales in as fast as it scales out").
                    if self.phrases[phrase].ordered {
                        scan.seen(slots.rev(), position);
                    } else {
                        scan.seen(slots, position);
                    }
                    if let Some(first) =
                        scan.complete(self, phrase, position, sentence_start, terms_at)
                    {
                        let slots = self.phrases[phrase].slots.clone();
                        let part = PartMatch {
                            first,
                            words: slots.len(),
                            negated: scan.last_seen[slots].iter().any(|&p| negations.negated[p]),
                            negative: self.phrases[phrase].negative,
                            one_clause: negations.clause[first] == negations.clause[position],
                            clause: negations.clause[position],
                            token: tokens[position].filter(|&t| tokens[first] == Some(t)),
                            found: Found {
                                span: words[first].start..word.end,
                                swaps: &self.phrases[phrase].swaps,
                            },
                        };
                        scan.found_part(self, phrase, part);
                        scan.try_keyword(self, phrase, position, sentence_start);
                    }
                }
            }
        }
        scan.into_report(self, answer, shape)
    }

    /// Whether `term` is the piece of an identifier `folded` as written (or its short
    /// form's long one, or it with a plural "s").
    fn names(&self, term: TermId, folded: &str) -> bool {
        let term = self.terms[term].folded.as_str();
        term == folded || term == text::expand(folded) || folded.strip_suffix('s') == Some(term)
    }

    /// Everything scoring needs to know about one distinct folded word.
    fn classify(&self, folded: &str) -> WordInfo {
        let class = text::class(folded);
        WordInfo {
            folded: folded.to_owned(),
            terms: self.lookup(class.expansion.unwrap_or(folded), class.stop_word),
            function_word: class.stop_word || class.connective,
        }
    }

    /// The terms a folded, expanded answer word matches: exactly by stem, or else within
    /// the typo budget of a longer term with the same first letter.
    fn lookup(&self, word: &str, stop_word: bool) -> Vec<TermId> {
        // Stemming is the costly part; a word whose start no term stem shares can only
        // match by a typo, which compares the word as written first.
        if stop_word {
            return self.stop_word_terms.get(word).cloned().unwrap_or_default();
        }
        let mut stem = None;
        if self.may_share_stem(word) {
            let word_stem = self.stemmer.stem(word);
            if let Some(exact) = self.by_stem.get(word_stem.as_ref()) {
                return exact.clone();
            }
            stem = Some(word_stem);
        }
        if word.chars().any(|c| !c.is_alphabetic()) {
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

/// The copula a pronoun's contraction stands for: "it's" is "it is", "they're" "they
/// are". A noun's "'s" is a possessive ("the service's role"), not a copula.
fn contracted_copula(word: &str) -> Option<&'static str> {
    let (pronoun, ending) = word.split_once(['\'', '\u{2019}'])?;
    let (pronoun, ending) = (pronoun.to_ascii_lowercase(), ending.to_ascii_lowercase());
    match ending.as_str() {
        "s" if matches!(
            pronoun.as_str(),
            "it" | "that" | "there" | "here" | "what" | "who" | "he" | "she" | "this"
        ) =>
        {
            Some("is")
        }
        "re" => Some("are"),
        _ => None,
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
fn add_evidence<'i>(list: &mut Vec<Found<'i>>, found: Found<'i>) {
    let full = list.len() >= MAX_EVIDENCE;
    match list.last_mut() {
        Some(last) if found.span.start < last.span.end => {
            last.span.start = last.span.start.min(found.span.start);
            last.span.end = last.span.end.max(found.span.end);
            // The keyword's own words matched here too: no lexicon swap needed saying.
            if found.swaps.is_empty() {
                last.swaps = &[];
            }
        }
        _ if full => {}
        _ => list.push(found),
    }
}

/// What scoring needs to know about a distinct word, worked out once per answer.
struct WordInfo {
    folded: String,
    terms: Vec<TermId>,
    function_word: bool,
}

/// A stretch of the answer that matched, with the lexicon swaps that made it match.
#[derive(Debug, Clone)]
struct Found<'i> {
    span: Range<usize>,
    swaps: &'i [Swap],
}

/// Pronouns that take up a subject named before them.
const ANAPHORS: &[&str] = &[
    "it", "its", "that", "these", "they", "theyre", "this", "those", "which",
];

/// How far into its clause a pronoun (or the subject it takes up) may stand and still be
/// the clause's subject.
const ANAPHOR_REACH: usize = 3;

/// How many words before a pronoun the subject it takes up may start.
const ANTECEDENT_REACH: usize = 12;

/// Per word: the position of the pronoun that opens its clause, for clauses after the
/// first of their sentence.
fn anaphors(folded: &[&str], clause: &[usize], words: &[Word<'_>]) -> Vec<Option<usize>> {
    let mut found = vec![None; folded.len()];
    let mut current = None;
    for i in 0..folded.len() {
        let start = clause[i];
        if start == i {
            let first_clause = start == 0 || words[start - 1].sentence != words[start].sentence;
            current = (!first_clause)
                .then(|| {
                    (start..(start + ANAPHOR_REACH).min(folded.len()))
                        .take_while(|&k| clause[k] == start)
                        .find(|&k| ANAPHORS.contains(&folded[k]))
                })
                .flatten();
        }
        found[i] = current;
    }
    found
}

/// Whether `pronoun` takes up the first of a keyword's `parts`, its subject (the subject
/// of the clause before the pronoun, or the words just before it), with the rest said
/// after it, in more than a word, within `slack` extra words.
fn takes_up_a_part(
    parts: &[Option<PartMatch<'_>>],
    pronoun: usize,
    position: usize,
    slack: usize,
) -> bool {
    let (before, after): (Vec<_>, Vec<_>) = parts.iter().flatten().partition(|p| p.first < pronoun);
    let [subject] = before.as_slice() else {
        return false;
    };
    if parts[0]
        .as_ref()
        .is_none_or(|first| first.first != subject.first)
    {
        return false;
    }
    let start = after.iter().map(|p| p.first).min().unwrap_or(position);
    let words: usize = after.iter().map(|p| p.words).sum();
    let subject_of_clause = pronoun - subject.first <= ANTECEDENT_REACH
        && subject
            .first
            .checked_sub(subject.clause)
            .is_some_and(|into| into <= ANAPHOR_REACH);
    let just_before = pronoun - subject.first <= subject.words + ANAPHOR_REACH;
    (subject_of_clause || just_before) && words >= 2 && position - start < words + slack
}

/// The latest match of one part of a keyword.
#[derive(Debug, Clone)]
struct PartMatch<'i> {
    first: usize,
    words: usize,
    /// A negation covers some of its words.
    negated: bool,
    /// Its phrase states a negation, so it counts only negated.
    negative: bool,
    /// Its words lie in one clause, the one given.
    one_clause: bool,
    clause: usize,
    /// The token all its words are pieces of, if they are of one (`assignPublicIp`).
    token: Option<usize>,
    found: Found<'i>,
}

/// Where each phrase's words and each keyword's parts were last seen, and what has been
/// found so far.
struct Scan<'i> {
    /// Per phrase slot (see [`super::index::Phrase::slots`]): the position its word was
    /// last seen at.
    last_seen: Vec<usize>,
    /// Per keyword part: its latest match.
    parts: Vec<Option<PartMatch<'i>>>,
    point_evidence: Vec<Vec<Found<'i>>>,
    /// Per point: where the answer said it was not done.
    point_denials: Vec<Vec<Found<'i>>>,
    red_flag_evidence: Vec<Vec<Found<'i>>>,
    /// Per word: the pronoun that opens its clause, if one does ("…, so it returns 503").
    anaphors: Vec<Option<usize>>,
}

impl<'i> Scan<'i> {
    fn new(index: &RubricIndex<'_>, anaphors: Vec<Option<usize>>) -> Self {
        Scan {
            anaphors,
            last_seen: vec![UNSEEN; index.slot_count],
            parts: vec![None; index.part_count],
            point_evidence: vec![Vec::new(); index.rubric.points.len()],
            point_denials: vec![Vec::new(); index.rubric.points.len()],
            red_flag_evidence: vec![Vec::new(); index.rubric.red_flags.len()],
        }
    }

    /// Notes a term of a phrase at `position`. A term the phrase holds more than once
    /// (in `slots`) keeps its latest occurrences, newest in the first slot given.
    fn seen(&mut self, slots: impl Iterator<Item = usize>, position: usize) {
        let mut carried = position;
        for slot in slots {
            carried = std::mem::replace(&mut self.last_seen[slot], carried);
        }
    }

    /// The position of the phrase's first word, when all its words now lie within the
    /// window inside the current sentence (and in order, for a phrase that keeps it).
    fn complete<'t>(
        &self,
        index: &RubricIndex<'_>,
        phrase: usize,
        position: usize,
        sentence_start: usize,
        terms_at: impl Fn(usize) -> &'t [TermId],
    ) -> Option<usize> {
        let phrase = &index.phrases[phrase];
        let seen = &self.last_seen[phrase.slots.clone()];
        let mut first = position;
        for &p in seen {
            // Unseen is the largest position, so this also rules out unseen words.
            if p < sentence_start || p > position {
                return None;
            }
            first = first.min(p);
        }
        if phrase.ordered && !seen.windows(2).all(|w| w[0] < w[1]) {
            return None;
        }
        // One word put between two of an ordered phrase's words that makes a known name
        // with both is another thing: "task role" is not "task execution role".
        if phrase.ordered {
            let slot_terms = &index.slot_terms[phrase.slots.clone()];
            let other = |pair: (TermId, TermId)| {
                index
                    .compounds
                    .get(&pair)
                    .is_some_and(|keywords| keywords.iter().any(|&k| k != phrase.keyword))
            };
            let splits = seen
                .windows(2)
                .zip(slot_terms.windows(2))
                .any(|(at, pair)| {
                    at[1] == at[0] + 2
                        && terms_at(at[0] + 1)
                            .iter()
                            .any(|&t| other((pair[0], t)) && other((t, pair[1])))
                });
            if splits {
                return None;
            }
        }
        let slack = if phrase.tight { 0 } else { WINDOW_SLACK };
        (position - first < seen.len() + slack).then_some(first)
    }

    /// Keeps a phrase's match as the latest of its part.
    fn found_part(&mut self, index: &RubricIndex<'_>, phrase: usize, part: PartMatch<'i>) {
        let found = &index.phrases[phrase];
        self.last_seen[found.slots.clone()].fill(UNSEEN);
        self.parts[found.part] = Some(part);
    }

    /// Records the keyword of `phrase` when all its parts are now found close together in
    /// the current sentence.
    fn try_keyword(
        &mut self,
        index: &RubricIndex<'_>,
        phrase: usize,
        position: usize,
        sentence_start: usize,
    ) {
        let keyword = &index.keywords[index.phrases[phrase].keyword];
        let parts = &self.parts[keyword.parts.clone()];
        let mut first = position;
        let mut words_in_parts = 0;
        for part in parts {
            match part {
                Some(part) if part.first >= sentence_start => {
                    first = first.min(part.first);
                    words_in_parts += part.words;
                }
                _ => return,
            }
        }
        let slack = if parts.len() > 1 {
            CONCEPT_SLACK
        } else {
            WINDOW_SLACK
        };
        // A red flag whose subject was named in an earlier clause and taken up by a
        // pronoun ("the ALB has no healthy targets, so it returns 503"): the pronoun
        // stands for that part, the rest must be said close after it, and a negation
        // where the subject was named is about that clause, not the claim.
        let claim_from = self.anaphors[position]
            .filter(|_| matches!(keyword.owner, Owner::RedFlag(_)))
            .filter(|&pronoun| takes_up_a_part(parts, pronoun, position, slack));
        if claim_from.is_none() && position - first >= words_in_parts + slack {
            return;
        }
        let claim_from = claim_from.unwrap_or(0);
        let found = parts.iter().flatten();
        // An identifier names one thing: its pieces are not two parts of a keyword
        // ("assign" and "public IP" in `assignPublicIp`).
        let pieces: Vec<usize> = found.clone().filter_map(|p| p.token).collect();
        if pieces
            .iter()
            .enumerate()
            .any(|(i, t)| pieces[..i].contains(t))
        {
            return;
        }
        let said = if keyword.negative {
            // Negated, and in the clause the negation is in.
            let clause = found.clone().next().map(|p| p.clause);
            let one_clause = found
                .clone()
                .all(|p| p.one_clause && Some(p.clause) == clause);
            (one_clause && found.clone().any(|p| p.negated)).then_some(true)
        } else if found.clone().any(|p| p.negative && !p.negated) {
            None
        } else if found.clone().any(|p| p.negative) {
            // A phrase that states the negation ("no longer accepting") accounts for
            // the negation over the rest.
            Some(true)
        } else {
            // Said plainly, or denied.
            Some(!found.clone().any(|p| p.negated && p.first >= claim_from))
        };
        let Some(said) = said else { return };
        let mut target = match (keyword.owner, said) {
            (Owner::Point(point), true) => Some(&mut self.point_evidence[point]),
            (Owner::Point(point), false) => Some(&mut self.point_denials[point]),
            (Owner::RedFlag(flag), true) => Some(&mut self.red_flag_evidence[flag]),
            (Owner::RedFlag(_), false) => None,
        };
        // The report puts the pieces in the answer's order. A denial uses up its
        // negated parts only: a part said plainly may still pair with a later plain
        // match ("we didn't patch the OS, AWS patches the image for us").
        for slot in self.parts[keyword.parts.clone()].iter_mut() {
            let Some(part) = slot else { continue };
            let used_up = said || part.negated;
            if let Some(target) = target.as_deref_mut() {
                add_evidence(target, part.found.clone());
            }
            if used_up {
                *slot = None;
            }
        }
    }

    fn into_report<'r>(
        self,
        index: &RubricIndex<'r>,
        answer: &str,
        shape: flags::Shape,
    ) -> Report<'r> {
        let rubric = index.rubric;
        let evidence = |mut found: Vec<Found<'_>>| -> Vec<Evidence> {
            // The parts of several matches arrive out of order: show them in the
            // answer's order, overlapping stretches as one.
            found.sort_by_key(|f| f.span.start);
            let mut merged: Vec<Found<'_>> = Vec::with_capacity(found.len());
            for piece in found {
                add_evidence(&mut merged, piece);
            }
            merged
                .into_iter()
                .map(|found| Evidence {
                    start: found.span.start,
                    end: found.span.end,
                    text: answer[found.span].to_owned(),
                    counted_as: found.swaps.to_vec(),
                })
                .collect()
        };
        let mut red_flags: Vec<RedFlagHit<'r>> = rubric
            .red_flags
            .iter()
            .zip(self.red_flag_evidence)
            .filter(|(_, found)| !found.is_empty())
            .map(|(red_flag, found)| RedFlagHit {
                red_flag,
                evidence: evidence(found),
                cost: 0.0,
            })
            .collect();
        // A follow-up's own red flag is the precise word on what it drills: the main
        // question's misconception said in the same words is not charged twice.
        let own: Vec<(usize, usize)> = red_flags
            .iter()
            .filter(|hit| !hit.red_flag.inherited)
            .flat_map(|hit| hit.evidence.iter().map(|e| (e.start, e.end)))
            .collect();
        red_flags.retain(|hit| {
            !hit.red_flag.inherited
                || !hit.evidence.iter().any(|e| {
                    own.iter()
                        .any(|&(start, end)| e.start < end && start < e.end)
                })
        });
        let points: Vec<PointResult<'r>> = rubric
            .points
            .iter()
            .zip(self.point_evidence)
            .zip(self.point_denials)
            .map(|((point, found), denied)| PointResult {
                point,
                contradicted: red_flags
                    .iter()
                    .any(|hit| hit.red_flag.contradicts.contains(&point.id)),
                evidence: evidence(found),
                denied: evidence(denied),
            })
            .collect();
        Report::new(points, red_flags, shape)
    }
}
