//! The banks compiled into grill: they load, they hold what the product promises, and
//! their own example answers score as their authors said.

mod common;

use common::SEED_QUESTIONS;
use grill::bank::{Catalog, Example};
use grill::scoring::{RubricIndex, Scorer};

fn catalog() -> Catalog {
    Catalog::built_in().unwrap_or_else(|error| panic!("built-in banks load:\n{error}"))
}

fn check_examples(
    id: &str,
    index: &RubricIndex<'_>,
    examples: &[Example],
    failures: &mut Vec<String>,
) {
    for (n, example) in examples.iter().enumerate() {
        let report = index.score(&example.answer);
        let low = example.min_score.is_some_and(|min| report.score < min);
        let high = example.max_score.is_some_and(|max| report.score > max);
        if low || high {
            let missed: Vec<&str> = report.missed().map(|p| p.point.id.as_str()).collect();
            failures.push(format!(
                "{id} example {}: score {} not within {:?}..={:?}; missed {missed:?}",
                n + 1,
                report.score,
                example.min_score,
                example.max_score
            ));
        }
    }
}

#[test]
fn every_example_answer_meets_its_expected_score() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let mut failures = Vec::new();
    for question in catalog.banks().iter().flat_map(|b| &b.questions) {
        let index = scorer.rubric(&question.id).unwrap();
        check_examples(&question.id, index, &question.examples, &mut failures);
        for follow_up in &question.follow_ups {
            let id = format!("{}/{}", question.id, follow_up.id);
            check_examples(
                &id,
                scorer.rubric(&id).unwrap(),
                &follow_up.examples,
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_default_bank_holds_every_part_of_the_guide_and_more() {
    let catalog = catalog();
    let bank = catalog
        .banks()
        .iter()
        .find(|b| b.id == "lambda-to-ecs")
        .expect("the lambda-to-ecs bank is built in");
    for id in SEED_QUESTIONS {
        assert!(bank.question(id).is_some(), "missing seed question {id}");
    }
    assert!(
        bank.questions.len() >= SEED_QUESTIONS.len() + 6,
        "only {} questions",
        bank.questions.len()
    );
    for question in &bank.questions {
        let id = &question.id;
        assert!(
            (3..=6).contains(&question.rubric.points.len()),
            "{id}: points"
        );
        assert!(!question.rubric.red_flags.is_empty(), "{id}: red flags");
        assert!(question.follow_ups.len() >= 2, "{id}: follow-ups");
        assert!(!question.examples.is_empty(), "{id}: examples");
        assert!(question.model_answer.is_some(), "{id}: model answer");
        for point in &question.rubric.points {
            assert!(point.keywords.len() >= 3, "{id}/{}: keywords", point.id);
            assert!(point.explain.is_some(), "{id}/{}: explain", point.id);
        }
        for follow_up in &question.follow_ups {
            assert!(
                !follow_up.rubric.points.is_empty(),
                "{id}/{}: points",
                follow_up.id
            );
            assert!(
                follow_up.model_answer.is_some(),
                "{id}/{}: model answer",
                follow_up.id
            );
        }
    }
}
