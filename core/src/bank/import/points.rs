//! The points of an imported question, from its answer's content: the author's marked
//! terms and the specific words of each sentence, weighted by how specific they are
//! across the guide. Words of the question's own prompt never become points (saying the
//! question back covers nothing), nor do function words.

use std::collections::{HashMap, HashSet};

use crate::text::{self, WordStemmer};

use super::guide::{Answer, Found};

/// At most this many points a question: the most specific of its answer.
const MAX_POINTS: usize = 10;

/// The weight of the most specific point; the least specific weigh 1.
const MAX_WEIGHT: u32 = 5;

/// A marked term longer than this many words is a sentence, not a term.
const MAX_TERM_WORDS: usize = 4;

/// A negation this many words before a term, with only stop-words between, is said of
/// the term itself ("not connected", "no gap"); one further off negates a verb the term
/// follows ("doesn't solve connection exhaustion"), which the term does not carry.
const NEGATION_DISTANCE: usize = 3;

/// Function words beyond the scorer's stop-words: they never make a point. Words of
/// amount, direction and comparison ("more", "same", "up") carry meaning, so they stay.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "about", "after", "all", "am", "any", "because", "both", "but", "each", "either",
    "etc", "even", "ever", "every", "eg", "got", "here", "her", "hers", "herself",
    "him", "himself", "how", "ie", "if", "itself", "let", "lets", "may", "might",
    "mine", "must", "myself", "once", "ours", "ourselves", "shall", "some", "such",
    "thats", "theirs", "themselves", "theres", "though", "thus", "too", "until", "via",
    "when", "where", "whether", "while", "whom", "whose", "why", "yes", "yet", "yours",
    "yourself", "one", "really", "actually", "basically", "simply", "well", "like",
    "also", "still", "much", "many", "own", "only", "few", "lot", "lots", "thing",
    "things", "way",
];

/// Light verbs: they carry the sentence, not its content, so they never make a point.
#[rustfmt::skip]
const LIGHT_VERBS: &[&str] = &[
    "get", "gets", "getting", "make", "makes", "made", "making", "use", "uses", "used",
    "using", "see", "sees", "seen", "saw", "know", "knows", "knew", "go", "goes",
    "going", "went", "put", "puts", "take", "takes", "took", "give", "gives", "gave",
    "set", "sets", "show", "shows", "shown", "showed", "need", "needs", "needed",
    "want", "wants",
];

/// A point of the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftPoint {
    pub label: String,
    pub weight: u32,
    /// The term first, then its other forms.
    pub keywords: Vec<String>,
    /// The sentence of the answer the term comes from.
    pub explain: String,
}

/// How specific each word stem is across the guide: in how many questions' answers it
/// appears.
pub struct Specificity {
    stemmer: WordStemmer,
    answers_with: HashMap<String, usize>,
    questions: usize,
}

impl Specificity {
    pub fn new(questions: &[Found]) -> Self {
        let stemmer = WordStemmer::default();
        let mut answers_with: HashMap<String, usize> = HashMap::new();
        for found in questions {
            let mut seen: HashSet<String> = HashSet::new();
            for answer in &found.answers {
                for block in answer.prose() {
                    for word in text::words(&block.text) {
                        seen.insert(stem(&stemmer, word.text));
                    }
                }
            }
            for stem in seen {
                *answers_with.entry(stem).or_default() += 1;
            }
        }
        Self {
            stemmer,
            answers_with,
            questions: questions.len(),
        }
    }

    /// ln(1 + questions / answers with the stem): high for a word one answer has.
    fn of(&self, stem: &str) -> f64 {
        let with = self.answers_with.get(stem).copied().unwrap_or(1).max(1);
        (1.0 + self.questions as f64 / with as f64).ln()
    }

    fn weight(&self, specificity: f64) -> u32 {
        // ln(1 + n) for a word only one of n answers has; ln 2 when every answer has it.
        let most = (1.0 + self.questions.max(2) as f64).ln();
        let share = (specificity - 2f64.ln()).max(0.0) / (most - 2f64.ln()).max(f64::EPSILON);
        1 + (share * f64::from(MAX_WEIGHT - 1)).round() as u32
    }
}

fn stem(stemmer: &WordStemmer, word: &str) -> String {
    let folded = text::fold(word);
    stemmer.stem(text::expand(&folded)).into_owned()
}

/// A term found in the answer, before it is made a point.
#[derive(Debug)]
struct Term {
    /// As the author wrote it.
    text: String,
    stems: Vec<String>,
    negated: bool,
    marked: bool,
    /// How many times the answer says it.
    said: usize,
    /// The other degrees of a comparison the answer makes ("lower": "lowest", "low").
    degrees: Vec<String>,
    specificity: f64,
    sentence: String,
    /// Where it first appears, to keep the answer's order.
    order: usize,
}

/// The points of `found`.
pub fn points(found: &Found, specificity: &Specificity) -> Vec<DraftPoint> {
    let stemmer = &specificity.stemmer;
    let prompt: HashSet<String> = text::words(&found.prompt)
        .map(|w| stem(stemmer, w.text))
        .collect();
    let Some(answer) = found.answers.first() else {
        return Vec::new();
    };
    let mut chosen = terms(answer, &prompt, specificity);
    if chosen.is_empty() {
        // An answer that only says the question's words back still has points: them.
        chosen = terms(answer, &HashSet::new(), specificity);
    }
    // The most specific terms, in the answer's order.
    chosen.sort_by(|a, b| b.rank().total_cmp(&a.rank()));
    chosen.truncate(MAX_POINTS);
    chosen.sort_by_key(|t| t.order);
    let others: Vec<Vec<Term>> = found.answers[1..]
        .iter()
        .map(|a| terms(a, &prompt, specificity))
        .collect();
    chosen
        .iter()
        .map(|term| {
            let mut keywords = keywords(term);
            // Another accepted answer that does not say this term says the point its
            // own way: all of its terms, in one sentence.
            for other in &others {
                let says_it = other
                    .iter()
                    .any(|o| o.stems.iter().any(|s| term.stems.contains(s)));
                if !says_it && !other.is_empty() {
                    keywords.push(concept(other));
                }
            }
            dedup(&mut keywords);
            DraftPoint {
                label: term.text.clone(),
                weight: specificity.weight(term.specificity),
                keywords,
                explain: term.sentence.clone(),
            }
        })
        .collect()
}

impl Term {
    /// How much the term says of its answer: its specificity, more for a term the
    /// author marked or said again, and a little more for a longer word; an adverb in
    /// "-ly" says how, rarely what.
    fn rank(&self) -> f64 {
        let marked = if self.marked { 1.0 } else { 0.0 };
        let again = 0.25 * (self.said - 1) as f64;
        let length = 0.1 * (self.text.chars().count() as f64).ln();
        let adverb = if !self.marked && self.text.ends_with("ly") {
            0.5
        } else {
            0.0
        };
        self.specificity + marked + again + length - adverb
    }
}

/// Every term of `answer`: its marked spans, and each content word outside them.
fn terms(answer: &Answer, prompt: &HashSet<String>, specificity: &Specificity) -> Vec<Term> {
    let stemmer = &specificity.stemmer;
    let mut found: Vec<Term> = Vec::new();
    let mut order = 0;
    for block in answer.prose() {
        let words: Vec<text::Word<'_>> = text::words(&block.text).collect();
        let folded: Vec<String> = words.iter().map(|w| text::fold(w.text)).collect();
        let folded_refs: Vec<&str> = folded.iter().map(String::as_str).collect();
        let negations = crate::scoring::negations(&block.text, &words, &folded_refs);
        let sentence_of = |i: usize| sentence(&block.text, &words, i);
        // The words each marked term spans.
        let mut in_marked = vec![false; words.len()];
        for marked in &block.terms {
            let Some((first, last)) = find(&block.text, &words, marked) else {
                continue;
            };
            let content: Vec<usize> = (first..=last)
                .filter(|&i| {
                    is_content(&folded[i]) && !prompt.contains(&stem(stemmer, words[i].text))
                })
                .collect();
            if content.is_empty() || last + 1 - first > MAX_TERM_WORDS {
                continue;
            }
            in_marked[first..=last].iter_mut().for_each(|m| *m = true);
            let stems: Vec<String> = content
                .iter()
                .map(|&i| stem(stemmer, words[i].text))
                .collect();
            order += 1;
            found.push(Term {
                text: marked
                    .trim_matches(|c: char| !c.is_alphanumeric() && !"'\"%)".contains(c))
                    .to_owned(),
                specificity: stems.iter().map(|s| specificity.of(s)).fold(0.0, f64::max),
                stems,
                negated: content
                    .iter()
                    .any(|&i| negated_here(&folded, &negations.negated, i)),
                marked: true,
                said: 1,
                degrees: Vec::new(),
                sentence: sentence_of(first),
                order,
            });
        }
        // Each other content word is a term of its own (a hyphenated word is one):
        // a point per word credits an answer for each part of the sentence it says.
        let mut i = 0;
        while i < words.len() {
            let mut last = i;
            while last + 1 < words.len() && hyphenated(&block.text, &words[last], &words[last + 1])
            {
                last += 1;
            }
            let span = i..=last;
            i = last + 1;
            let first = *span.start();
            let content: Vec<usize> = span
                .clone()
                .filter(|&j| {
                    is_content(&folded[j]) && !prompt.contains(&stem(stemmer, words[j].text))
                })
                .collect();
            if in_marked[first] || content.len() != last + 1 - first {
                continue;
            }
            let stems: Vec<String> = content
                .iter()
                .map(|&j| stem(stemmer, words[j].text))
                .collect();
            order += 1;
            found.push(Term {
                text: block.text[words[first].start..words[last].end].to_owned(),
                specificity: stems.iter().map(|s| specificity.of(s)).fold(0.0, f64::max),
                stems,
                negated: content
                    .iter()
                    .any(|&j| negated_here(&folded, &negations.negated, j)),
                marked: false,
                said: 1,
                degrees: if first == last {
                    degrees(&folded, first)
                } else {
                    Vec::new()
                },
                sentence: sentence_of(first),
                order,
            });
        }
    }
    // A term said twice is one point, and one the answer dwells on.
    let mut kept: Vec<Term> = Vec::new();
    for term in found {
        match kept
            .iter_mut()
            .find(|k| term.stems.iter().all(|s| k.stems.contains(s)))
        {
            Some(earlier) => earlier.said += 1,
            None => kept.push(term),
        }
    }
    kept
}

/// Whether word `i` is negated by a cue right before it, with only stop-words between.
fn negated_here(folded: &[String], negated: &[bool], i: usize) -> bool {
    negated[i]
        && (1..=NEGATION_DISTANCE.min(i))
            .map(|back| folded[i - back].as_str())
            .take_while(|w| text::is_stop_word(w) || text::is_negation(w))
            .any(text::is_negation)
}

/// Whether two words are one hyphenated word ("high-frequency") or one token
/// (`maxSurge`).
fn hyphenated(text: &str, a: &text::Word<'_>, b: &text::Word<'_>) -> bool {
    b.joined || &text[a.end..b.start] == "-"
}

/// Whether a folded word can be a point: not a stop-word, negation or function word, and
/// more than one letter.
fn is_content(folded: &str) -> bool {
    let class = text::class(folded);
    !class.stop_word
        && !class.negation
        && !FUNCTION_WORDS.contains(&folded)
        && !LIGHT_VERBS.contains(&folded)
        && folded.chars().count() > 1
}

/// The first and last word of `term` in `words`.
fn find(text: &str, words: &[text::Word<'_>], term: &str) -> Option<(usize, usize)> {
    let start = text.find(term)?;
    let end = start + term.len();
    let first = words.iter().position(|w| w.end > start)?;
    let last = words.iter().rposition(|w| w.start < end)?;
    (first <= last).then_some((first, last))
}

/// The sentence of `text` word `i` is in.
fn sentence(text: &str, words: &[text::Word<'_>], i: usize) -> String {
    let n = words[i].sentence;
    let first = words.iter().position(|w| w.sentence == n).unwrap_or(i);
    let last = words.iter().rposition(|w| w.sentence == n).unwrap_or(i);
    let end = text[words[last].end..]
        .find(|c: char| c.is_whitespace())
        .map_or(text.len(), |e| words[last].end + e);
    text[words[first].start..end].trim().to_owned()
}

/// The keywords of a term: the term, apart and whole when it is a camelCase token
/// (`maxSurge`), and with a negation part when the answer says it negated ("not
/// connected" is found only where a negation covers it).
fn keywords(term: &Term) -> Vec<String> {
    let words: Vec<text::Word<'_>> = text::words(&term.text).collect();
    let lower = |w: &text::Word<'_>| w.text.to_lowercase();
    // A camelCase token keeps its humps apart ("max surge") and is also typed whole.
    let forms: Vec<String> = if words.iter().any(|w| w.joined) {
        vec![
            words.iter().map(lower).collect::<Vec<_>>().join(" "),
            words.iter().map(lower).collect::<String>(),
        ]
    } else {
        vec![term.text.to_lowercase()]
    };
    let mut out = Vec::new();
    for form in forms.iter().chain(&term.degrees).map(|f| literal(f)) {
        if term.negated {
            out.push(format!("not + {form}"));
        } else {
            out.push(form);
        }
    }
    dedup(&mut out);
    out
}

/// Words after which a word in "-er" is a comparison: "the pitch is lower", "gets hotter".
const COMPARING: &[&str] = &[
    "are", "be", "became", "become", "becomes", "been", "being", "even", "far", "get", "gets",
    "got", "is", "much", "seems", "stays", "was", "were",
];

/// The other degrees of word `i` when the text makes a comparison with it (after "is",
/// "gets"… or before "than"): "lower" also as "lowest" and "low", "hotter" as "hottest"
/// and "hot", "heavier" as "heaviest" and "heavy". A word in "-er" that compares
/// nothing ("water") has none.
fn degrees(folded: &[String], i: usize) -> Vec<String> {
    let word = folded[i].as_str();
    let Some(stem) = word.strip_suffix("er").filter(|s| s.chars().count() >= 2) else {
        return Vec::new();
    };
    let comparing = i
        .checked_sub(1)
        .is_some_and(|p| COMPARING.contains(&folded[p].as_str()))
        || folded.get(i + 1).is_some_and(|n| n == "than");
    if !comparing || !stem.is_ascii() {
        return Vec::new();
    }
    let bytes = stem.as_bytes();
    let base = match bytes {
        [.., a, b] if a == b && !b"aeiou".contains(b) => stem[..stem.len() - 1].to_owned(),
        [.., b'i'] => format!("{}y", &stem[..stem.len() - 1]),
        _ => stem.to_owned(),
    };
    vec![format!("{stem}est"), base]
}

/// The terms of another accepted answer as one keyword: all said in one sentence.
fn concept(terms: &[Term]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .take(MAX_TERM_WORDS)
        .map(|t| literal(&t.text.to_lowercase()))
        .collect();
    let negated = terms.iter().any(|t| t.negated);
    let concept = parts.join(" + ");
    if negated {
        format!("not + {concept}")
    } else {
        concept
    }
}

/// `text` as a phrase of a keyword: a `|` or a spaced `+` in it (code such as `a || b`)
/// would split it into alternatives or parts.
fn literal(text: &str) -> String {
    let text = text.replace('|', " ").replace(" + ", " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn dedup(keywords: &mut Vec<String>) {
    let mut seen = HashSet::new();
    keywords.retain(|k| seen.insert(k.clone()));
}

/// Whether a folded word only frames a question ("what", "how", "explain"): it says
/// nothing of the question's subject, so ids leave it out.
pub fn is_question_word(folded: &str) -> bool {
    FUNCTION_WORDS.contains(&folded)
        || matches!(
            folded,
            "what" | "which" | "who" | "describe" | "explain" | "tell" | "give" | "walk"
        )
}

#[cfg(test)]
mod tests {
    use super::super::guide;
    use super::*;

    fn points_of(markdown: &str) -> Vec<Vec<DraftPoint>> {
        let guide = guide::read(markdown);
        let specificity = Specificity::new(&guide.questions);
        guide
            .questions
            .iter()
            .map(|q| points(q, &specificity))
            .collect()
    }

    fn labels(points: &[DraftPoint]) -> Vec<&str> {
        points.iter().map(|p| p.label.as_str()).collect()
    }

    #[test]
    fn prompt_words_and_function_words_never_become_points() {
        let points = points_of(
            "Q: Why do bulbs stay lit?\nA: The bulbs stay lit because each is on its own closed path.\n",
        );
        assert_eq!(labels(&points[0]), ["closed", "path"]);
    }

    #[test]
    fn an_answer_that_only_repeats_the_prompt_still_has_points() {
        let points = points_of("Q: Are the mixtures clear?\nA: The mixtures are all clear.\n");
        assert_eq!(labels(&points[0]), ["mixtures", "clear"]);
    }

    #[test]
    fn a_term_said_negated_must_be_said_negated() {
        let points =
            points_of("Q: Why is there a reading?\nA: Terminal 1 is not connected to the gap.\n");
        let connected = points[0].iter().find(|p| p.label == "connected").unwrap();
        assert_eq!(connected.keywords, ["not + connected"]);
        // A verb negated before its object does not negate the object.
        let points = points_of("Q: Why not X?\nA: It doesn't solve connection exhaustion.\n");
        let exhaustion = points[0].iter().find(|p| p.label == "exhaustion").unwrap();
        assert_eq!(exhaustion.keywords, ["exhaustion"]);
    }

    #[test]
    fn words_specific_to_one_answer_weigh_more_than_words_every_answer_has() {
        let points = points_of(
            "Q: One?\nA: The cache holds sessions.\n\nQ: Two?\nA: The cache evicts keys.\n\nQ: Three?\nA: The cache warms up.\n",
        );
        let weight = |label: &str| points[0].iter().find(|p| p.label == label).unwrap().weight;
        assert_eq!(weight("cache"), 1);
        assert_eq!(weight("sessions"), MAX_WEIGHT);
    }

    #[test]
    fn code_with_bars_and_pluses_stays_one_phrase() {
        let points = points_of("## How?\n\nWe used `retry || fail` and `count + 1`.\n");
        let keywords: Vec<&str> = points[0].iter().map(|p| p.keywords[0].as_str()).collect();
        assert_eq!(keywords, ["retry fail", "count 1"]);
    }

    #[test]
    fn a_comparison_is_also_said_in_its_other_degrees() {
        let points = points_of(
            "Q: What happens to the sound?\nA: The pitch is lower when the string gets hotter than the water.\n",
        );
        let keywords = |label: &str| {
            points[0]
                .iter()
                .find(|p| p.label == label)
                .unwrap()
                .keywords
                .clone()
        };
        assert_eq!(keywords("lower"), ["lower", "lowest", "low"]);
        assert_eq!(keywords("hotter"), ["hotter", "hottest", "hot"]);
        assert_eq!(keywords("water"), ["water"]);
    }

    #[test]
    fn marked_terms_are_points_whole() {
        let points = points_of("## Why?\n\nIt removes the **single point of failure**.\n");
        assert_eq!(labels(&points[0]), ["single point of failure", "removes"]);
    }
}
