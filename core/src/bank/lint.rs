//! Warnings about weak bank content: things that load fine but make scoring less fair —
//! a point that saying the question back covers (found by the scorer, which
//! `scoring::said_back` runs), a keyword or an alternative of nothing but
//! stop-words, a keyword two points share, points said by one word or one way, a
//! question without a model answer or follow-ups. They come in that order: what to look
//! at first comes first.

use crate::text;

use super::{Bank, Rubric, keyword};

/// One weakness found in a bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where: `question` or `question/follow-up`, and the point when there is one.
    pub place: String,
    pub message: String,
    pub concern: Concern,
}

/// What a warning is about, the most harmful to fair scoring first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// Saying the question back covers a point (found by scoring the prompt:
    /// `scoring::said_back`).
    RepeatsPrompt,
    /// A keyword, or an alternative of one, matches almost any sentence.
    StopWords,
    /// Two points share a keyword.
    SharedKeyword,
    /// Most points of a rubric are said by one word alone.
    SingleWords,
    /// Points said one way only.
    SingleKeyword,
    NoModelAnswer,
    NoFollowUps,
}

/// Every weakness of `bank`, what to look at first first.
pub fn lint(bank: &Bank) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for question in &bank.questions {
        let mut warn = |concern: Concern, place: String, message: String| {
            warnings.push(Warning {
                place,
                message,
                concern,
            })
        };
        if question.follow_ups.is_empty() {
            warn(
                Concern::NoFollowUps,
                question.id.clone(),
                "has no follow-ups; an interviewer would drill into the answer".to_owned(),
            );
        }
        if question.model_answer.is_none() {
            warn(
                Concern::NoModelAnswer,
                question.id.clone(),
                "has no model_answer to show after the feedback".to_owned(),
            );
        }
        lint_rubric(&question.id, &question.rubric, &mut warn);
        for follow_up in &question.follow_ups {
            lint_rubric(
                &question.rubric_id(Some(follow_up)),
                &follow_up.rubric,
                &mut warn,
            );
        }
    }
    warnings.sort_by_key(|w| w.concern);
    warnings
}

fn lint_rubric(place: &str, rubric: &Rubric, warn: &mut impl FnMut(Concern, String, String)) {
    let single_words: Vec<&str> = rubric
        .points
        .iter()
        .filter(|p| p.keywords.iter().all(|k| text::words(k).count() == 1))
        .map(|p| p.id.as_str())
        .collect();
    if rubric.points.len() >= 4 && single_words.len() * 2 >= rubric.points.len() {
        warn(
            Concern::SingleWords,
            place.to_owned(),
            format!(
                "{} of {} points are said by one word alone ({}); a word can be said in any sense, so write the phrase a candidate would use",
                single_words.len(),
                rubric.points.len(),
                single_words
                    .iter()
                    .take(5)
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    for (i, red_flag) in rubric
        .red_flags
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.inherited)
    {
        for keyword in &red_flag.keywords {
            if let Some(message) = stop_words_only(keyword) {
                warn(
                    Concern::StopWords,
                    format!("{place}, red flag {}", i + 1),
                    message,
                );
            }
        }
    }
    let one_way: Vec<&str> = rubric
        .points
        .iter()
        .filter(|p| p.keywords.len() == 1)
        .map(|p| p.id.as_str())
        .collect();
    match one_way.as_slice() {
        [] => {}
        [id] => warn(
            Concern::SingleKeyword,
            format!("{place}, point `{id}`"),
            "has a single keyword; add the other ways candidates say it".to_owned(),
        ),
        ids => warn(
            Concern::SingleKeyword,
            place.to_owned(),
            format!(
                "{} points have a single keyword ({}); add the other ways candidates say them",
                ids.len(),
                ids.iter()
                    .take(5)
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
    for (i, point) in rubric.points.iter().enumerate() {
        let at = format!("{place}, point `{}`", point.id);
        for keyword in &point.keywords {
            if let Some(message) = stop_words_only(keyword) {
                warn(Concern::StopWords, at.clone(), message);
            }
            let shared = rubric.points[i + 1..].iter().find(|other| {
                other
                    .keywords
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(keyword))
            });
            if let Some(other) = shared {
                warn(
                    Concern::SharedKeyword,
                    at.clone(),
                    format!(
                        "keyword \"{keyword}\" is also a keyword of point `{}`",
                        other.id
                    ),
                );
            }
        }
    }
}

/// Words so common that an alternative of one of them alone matches nearly any
/// sentence.
const WILDCARDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "i",
    "in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "they", "this", "to", "was",
    "we", "were", "with",
];

/// What to say of a keyword that is, or has an alternative that is, nothing but
/// stop-words ("the", "for"): it matches almost any answer.
fn stop_words_only(keyword: &str) -> Option<String> {
    let only_stop_words = |phrase: &str| {
        let folded: Vec<String> = text::words(phrase).map(|w| text::fold(w.text)).collect();
        !folded.is_empty() && folded.iter().all(|w| text::is_stop_word(w))
    };
    if only_stop_words(keyword) {
        return Some(format!(
            "keyword \"{keyword}\" is only stop-words and matches almost any answer"
        ));
    }
    let parts = keyword::parts(keyword).ok()?;
    // A word as common as "it" or "for" alone matches nearly every sentence; "also" or
    // "has to" still say something.
    let loose = parts
        .iter()
        .flatten()
        .find(|a| WILDCARDS.contains(&text::fold(a.trim()).as_str()))?;
    Some(format!(
        "keyword \"{keyword}\" has the alternative \"{loose}\", a word so common it matches almost any sentence"
    ))
}
