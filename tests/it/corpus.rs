//! Realistic answers to the default bank's questions — full, typed fast with typos, in
//! other words, partial, off-topic, a bare keyword list, a misconception — each with the
//! score range and flags a fair interviewer would give. The matcher is tuned against these.

use std::fmt::Write;

use grill::bank::Catalog;
use grill::scoring::Scorer;
use serde::Deserialize;

use crate::common::SEED_QUESTIONS;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    answer: Vec<Answer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    question: String,
    kind: String,
    min_score: f64,
    max_score: f64,
    flags: Vec<String>,
    red_flag: bool,
    text: String,
}

#[test]
fn the_default_bank_scores_the_corpus_as_a_fair_interviewer_would() {
    let corpus: Corpus = toml::from_str(include_str!("../corpus/lambda-to-ecs.toml")).unwrap();
    let catalog = Catalog::built_in().expect("built-in banks load");
    let scorer = Scorer::new(&catalog);
    let mut failures = String::new();
    for (number, answer) in corpus.answer.iter().enumerate() {
        let index = scorer
            .rubric(&answer.question)
            .unwrap_or_else(|| panic!("corpus names an unknown question {}", answer.question));
        let report = index.score(&answer.text);
        let flags: Vec<&str> = report.flags.iter().map(|f| f.name()).collect();
        let mut wrong = Vec::new();
        if !(answer.min_score..=answer.max_score).contains(&report.score) {
            wrong.push(format!(
                "score {} outside {}..={}",
                report.score, answer.min_score, answer.max_score
            ));
        }
        if flags != answer.flags {
            wrong.push(format!("flags {flags:?}, expected {:?}", answer.flags));
        }
        // A pushback on the guide's own claims is expected of sound answers; the corpus
        // asks whether a misconception is caught.
        if report.misconceptions().next().is_none() == answer.red_flag {
            let found: Vec<&str> = report
                .misconceptions()
                .map(|hit| hit.evidence[0].text.as_str())
                .collect();
            wrong.push(format!(
                "red flags {found:?}, expected {}",
                if answer.red_flag { "some" } else { "none" }
            ));
        }
        if !wrong.is_empty() {
            let missed: Vec<&str> = report.missed().map(|p| p.point.id.as_str()).collect();
            writeln!(
                failures,
                "#{} {} / {}: {}; missed {missed:?}",
                number + 1,
                answer.question,
                answer.kind,
                wrong.join("; ")
            )
            .unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "corpus answers scored unfairly:\n{failures}"
    );
}

#[test]
fn the_corpus_covers_every_kind_for_every_seed_question() {
    let corpus: Corpus = toml::from_str(include_str!("../corpus/lambda-to-ecs.toml")).unwrap();
    let kinds = [
        "full",
        "typos",
        "paraphrase",
        "partial",
        "off-topic",
        "keyword-list",
        "misconception",
    ];
    for question in SEED_QUESTIONS {
        for kind in kinds {
            assert!(
                corpus
                    .answer
                    .iter()
                    .any(|a| a.question == question && a.kind == kind),
                "no {kind} answer for {question}"
            );
        }
    }
}
