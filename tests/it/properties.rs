//! Properties of the bank parser and the scorer over generated input.

use std::sync::LazyLock;

use grill::bank::{Catalog, ImportError, Rubric, import_markdown, parse_bank};
use grill::scoring::RubricIndex;
use proptest::prelude::*;

const MINI: &str = include_str!("../fixtures/mini.toml");

/// Every rubric of the fixture and of the built-in banks, read once.
fn rubrics() -> &'static [Rubric] {
    static RUBRICS: LazyLock<Vec<Rubric>> = LazyLock::new(|| {
        let mut banks = Catalog::built_in()
            .expect("built-in banks load")
            .banks()
            .to_vec();
        banks.push(parse_bank("mini.toml", MINI).expect("the fixture is valid"));
        banks
            .iter()
            .flat_map(|bank| &bank.questions)
            .flat_map(|q| {
                std::iter::once(q.rubric.clone())
                    .chain(q.follow_ups.iter().map(|f| f.rubric.clone()))
            })
            .collect()
    });
    &RUBRICS
}

/// The keyword index of each of [`rubrics`], built once.
fn indexes() -> &'static [RubricIndex<'static>] {
    static INDEXES: LazyLock<Vec<RubricIndex<'static>>> =
        LazyLock::new(|| rubrics().iter().map(RubricIndex::new).collect());
    &INDEXES
}

/// Text made of words a rubric cares about, mixed with noise and punctuation.
fn answer_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Z]{1,12}",
        Just("connection".to_owned()),
        Just("pool".to_owned()),
        Just("SIGTERM".to_owned()),
        Just("not".to_owned()),
        Just(".".to_owned()),
        Just(",".to_owned()),
        Just("\n\n".to_owned()),
        "\\PC{1,4}",
    ];
    prop::collection::vec(word, 0..80).prop_map(|words| words.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn importing_any_markdown_gives_a_toml_document(markdown in "(#{0,3} |\\*\\*|Q: |A: |`|-{3}|\\PC{0,12}|\n){0,40}") {
        // A guide gives a draft that loads as a bank, or the error that it has no questions.
        match import_markdown("guide", &markdown) {
            Ok(draft) => prop_assert!(parse_bank("guide.toml", &draft).is_ok(), "not a bank:\n{}", draft),
            Err(error) => prop_assert_eq!(error, ImportError::NoQuestions),
        }
    }

    #[test]
    fn a_keyword_written_from_parts_reads_back_as_those_parts(
        parts in prop::collection::vec(prop::collection::vec("[a-z0-9]{1,8}( [a-z0-9]{1,8}){0,2}", 1..4), 1..4),
    ) {
        let keyword = parts
            .iter()
            .map(|alternatives| alternatives.join(" | "))
            .collect::<Vec<_>>()
            .join(" + ");
        let read = grill::bank::keyword::parts(&keyword).unwrap();
        prop_assert_eq!(read, parts.iter().map(|a| a.iter().map(String::as_str).collect::<Vec<_>>()).collect::<Vec<_>>());
    }

    #[test]
    fn reading_a_keyword_never_panics(keyword in "[a-z +|]{0,40}") {
        let _ = grill::bank::keyword::parts(&keyword);
    }

    #[test]
    fn parsing_never_panics_on_arbitrary_text(text in "\\PC*") {
        let _ = parse_bank("fuzz.toml", &text);
    }

    #[test]
    fn parsing_never_panics_on_mangled_banks(cut in 0..MINI.len(), insert in "[\\[\\]=\"#a-z0-9 \n]{0,12}") {
        let mut text = MINI.to_owned();
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(cut, &insert);
        if let Err(problems) = parse_bank("fuzz.toml", &text) {
            prop_assert!(!problems.is_empty());
            for problem in problems {
                prop_assert!(problem.line >= 1 && problem.line <= text.lines().count().max(1) + 1);
            }
        }
    }

    #[test]
    fn scoring_never_panics_and_stays_within_0_and_100(answer in "\\PC*|\\p{Any}{0,200}", pick in any::<prop::sample::Index>()) {
        let report = pick.get(indexes()).score(&answer);
        prop_assert!((0.0..=100.0).contains(&report.score));
        for evidence in report.points.iter().flat_map(|p| &p.evidence) {
            prop_assert_eq!(&answer[evidence.start..evidence.end], evidence.text.as_str());
        }
    }

    #[test]
    fn appending_a_points_keyword_never_lowers_the_score(
        answer in answer_text(),
        pick in any::<prop::sample::Index>(),
        point in any::<prop::sample::Index>(),
        keyword in any::<prop::sample::Index>(),
    ) {
        let rubric = pick.get(rubrics());
        let index = &indexes()[pick.index(rubrics().len())];
        let point = point.get(&rubric.points);
        let keyword = keyword.get(&point.keywords);
        // The keyword said as a sentence: the first alternative of every part.
        let said: Vec<&str> = grill::bank::keyword::parts(keyword)
            .unwrap()
            .iter()
            .map(|alternatives| alternatives[0])
            .collect();
        let said = said.join(" ");
        let before = index.score(&answer);
        let after = index.score(&format!("{answer}. {said}."));
        let misconceptions = |r: &grill::scoring::Report<'_>| r.misconceptions().count();
        // Saying a point only costs when it also states a misconception or turns the
        // answer into a list of terms.
        if misconceptions(&after) == misconceptions(&before) && after.flags == before.flags {
            prop_assert!(after.score >= before.score, "{} then {}", before.score, after.score);
            let covered = after.points.iter().find(|p| p.point.id == point.id).unwrap();
            // A misconception the answer states takes the points it contradicts away.
            prop_assert!(
                covered.is_covered() || covered.contradicted,
                "`{}` said as `{}` did not match", keyword, said
            );
        }
    }
}
