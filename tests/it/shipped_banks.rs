//! The banks compiled into grill: they load, they hold what the product promises, and
//! their own example answers score as their authors said.

use crate::common::SEED_QUESTIONS;
use grill::bank::{Catalog, lint};
use grill::scoring::{Scorer, check_examples, said_back};

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

#[test]
fn saying_a_built_in_question_back_covers_none_of_its_points() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let echoes: Vec<String> = catalog
        .banks()
        .iter()
        .flat_map(|bank| said_back(&scorer, bank))
        .map(|w| format!("{}: {}", w.place, w.message))
        .collect();
    assert!(echoes.is_empty(), "{}", echoes.join("\n"));
}

/// A follow-up is asked because a keyword of a point matched, which is not the same as
/// the candidate having said what a quote of them would claim ("You mentioned rolling
/// updates in the pipeline" after an answer that named serverless-http): no follow-up
/// tells the candidate what they said.
#[test]
fn no_follow_up_presumes_what_the_answer_said() {
    let catalog = catalog();
    let presuming: Vec<String> = catalog
        .banks()
        .iter()
        .flat_map(|b| &b.questions)
        .flat_map(|q| q.follow_ups.iter().map(move |f| (q, f)))
        .filter(|(_, f)| {
            let prompt = f.prompt.to_lowercase();
            [
                "you said",
                "you mentioned",
                "you described",
                "you talked about",
            ]
            .iter()
            .any(|quote| prompt.contains(quote))
        })
        .map(|(q, f)| format!("{}: {}", q.rubric_id(Some(f)), f.prompt))
        .collect();
    assert!(presuming.is_empty(), "{}", presuming.join("\n"));
}

/// Every keyword of every point, said as a sentence (the first alternative of each of its
/// parts), covers its point: a keyword that cannot match itself is dead.
#[test]
fn every_keyword_said_plainly_covers_its_point() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let mut dead = Vec::new();
    for bank in catalog.banks() {
        for question in &bank.questions {
            let asked = std::iter::once((question.id.clone(), &question.rubric)).chain(
                question
                    .follow_ups
                    .iter()
                    .map(|f| (format!("{}/{}", question.id, f.id), &f.rubric)),
            );
            for (id, rubric) in asked {
                let index = scorer.rubric(&id).expect("every rubric is indexed");
                for point in &rubric.points {
                    for keyword in &point.keywords {
                        let parts = grill::bank::keyword::parts(keyword).expect("keywords load");
                        let said: Vec<&str> = parts.iter().map(|a| a[0]).collect();
                        let said = format!("{}.", said.join(" "));
                        let report = index.score(&said);
                        let covered = report
                            .points
                            .iter()
                            .any(|p| p.point.id == point.id && p.is_covered());
                        if !covered {
                            dead.push(format!(
                                "{id}, point `{}`: \"{keyword}\" said as \"{said}\"",
                                point.id
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        dead.is_empty(),
        "{} keywords do not match themselves:\n{}",
        dead.len(),
        dead.join("\n")
    );
}
