//! The banks compiled into grill: they load, they hold what the product promises, and
//! their own example answers score as their authors said.

mod common;

use common::SEED_QUESTIONS;
use grill::bank::{Catalog, lint};
use grill::scoring::{Scorer, check_examples};

fn catalog() -> Catalog {
    Catalog::built_in().unwrap_or_else(|error| panic!("built-in banks load:\n{error}"))
}

#[test]
fn every_example_answer_meets_its_expected_score() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let failures: Vec<String> = catalog
        .banks()
        .iter()
        .flat_map(|bank| check_examples(&scorer, bank))
        .filter(|check| !check.passed())
        .map(|check| {
            format!(
                "{} example {}: {}",
                check.place(),
                check.number,
                check.failures.join("; ")
            )
        })
        .collect();
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

#[test]
fn the_built_in_banks_have_no_weak_content() {
    let catalog = catalog();
    let warnings: Vec<String> = catalog
        .banks()
        .iter()
        .flat_map(|bank| {
            lint(bank)
                .into_iter()
                .map(move |w| format!("{}: {}: {}", bank.id, w.place, w.message))
        })
        .collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}
