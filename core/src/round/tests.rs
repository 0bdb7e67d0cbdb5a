use super::*;
use crate::bank::parse_bank;
use crate::scoring::Scorer;

const BANK: &str = r#"
[bank]
id = "round-test"
title = "Round test"
time_limit_secs = 100
follow_up_time_limit_secs = 40

[[question]]
id = "pool"
topic = "Database"
tags = ["db"]
difficulty = 2
prompt = "Why pool connections?"
  [[question.point]]
  id = "reuse"
  label = "Reuse"
  weight = 2
  keywords = ["reuse connections"]
  [[question.point]]
  id = "limit"
  label = "Limit"
  weight = 1
  keywords = ["connection limit"]
  [[question.follow_up]]
  id = "drill-limit"
  prompt = "What limit?"
  when_missed = ["limit"]
    [[question.follow_up.point]]
    id = "max"
    label = "max_connections"
    keywords = ["max connections"]
  [[question.follow_up]]
  id = "drill-reuse"
  prompt = "How is reuse done?"
  when_covered = ["reuse"]
    [[question.follow_up.point]]
    id = "pool"
    label = "a pool"
    keywords = ["pool"]

[[question]]
id = "shutdown"
topic = "Operations"
tags = ["ecs"]
difficulty = 1
prompt = "How do you shut down?"
time_limit_secs = 30
  [[question.point]]
  id = "sigterm"
  label = "SIGTERM"
  keywords = ["sigterm"]
  [[question.follow_up]]
  id = "first"
  prompt = "First?"
    [[question.follow_up.point]]
    id = "a"
    label = "a"
    keywords = ["alpha"]
  [[question.follow_up]]
  id = "second"
  prompt = "Second?"
    [[question.follow_up.point]]
    id = "b"
    label = "b"
    keywords = ["bravo"]
  [[question.follow_up]]
  id = "third"
  prompt = "Third?"
    [[question.follow_up.point]]
    id = "c"
    label = "c"
    keywords = ["charlie"]

[[question]]
id = "scaling"
topic = "Operations"
difficulty = 3
prompt = "How did scaling work?"
  [[question.point]]
  id = "target"
  label = "Target tracking"
  keywords = ["target tracking"]
"#;

fn catalog() -> Catalog {
    let bank = parse_bank("round-test.toml", BANK).expect("test bank is valid");
    Catalog::from_banks(vec![bank])
}

fn question<'c>(catalog: &'c Catalog, id: &str) -> &'c Question {
    catalog.question(id).expect("question exists").1
}

fn options(follow_ups: usize) -> RoundOptions {
    RoundOptions {
        count: 10,
        follow_ups,
        ..RoundOptions::default()
    }
}

fn asking<'a, 'c>(round: &'a Round<'c>) -> &'a Asking<'c> {
    match round.stage() {
        Stage::Asking(asking) => asking,
        other => panic!("not asking: {other:?}"),
    }
}

fn follow_up_id(round: &Round<'_>) -> String {
    match asking(round).prompt {
        Prompt::FollowUp(_, f, _) => f.id.clone(),
        Prompt::Main(q) => panic!("asking main question {}", q.id),
    }
}

#[test]
fn the_countdown_runs_from_the_question_limit_or_the_round_override() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let round = Round::new(
        &scorer,
        vec![question(&catalog, "shutdown")],
        options(0),
        start,
    );
    let on_clock = asking(&round);
    assert_eq!(on_clock.limit, Duration::from_secs(30));
    assert_eq!(
        on_clock.remaining(start + Duration::from_secs(12)),
        Duration::from_secs(18)
    );
    assert!(!round.is_time_up(start + Duration::from_secs(29)));
    assert!(round.is_time_up(start + Duration::from_secs(30)));
    assert_eq!(
        on_clock.remaining(start + Duration::from_secs(99)),
        Duration::ZERO
    );

    let fast = RoundOptions {
        time_limit_secs: Some(7),
        ..options(1)
    };
    let mut round = Round::new(&scorer, vec![question(&catalog, "pool")], fast, start);
    assert_eq!(asking(&round).limit, Duration::from_secs(7));
    round.submit("we reuse connections".into(), start);
    // The time per question is for main questions: a follow-up keeps its own (40 s)…
    assert_eq!(asking(&round).limit, Duration::from_secs(40));

    let follow_ups_too = RoundOptions {
        time_limit_secs: Some(7),
        follow_up_time_limit_secs: Some(25),
        ..options(1)
    };
    let mut round = Round::new(
        &scorer,
        vec![question(&catalog, "pool")],
        follow_ups_too,
        start,
    );
    round.submit("we reuse connections".into(), start);
    // …unless the round sets one for follow-ups.
    assert_eq!(asking(&round).limit, Duration::from_secs(25));
}

#[test]
fn a_time_out_submits_what_was_typed_and_marks_it() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(
        &scorer,
        vec![question(&catalog, "shutdown")],
        options(0),
        start,
    );
    let late = start + Duration::from_secs(45);
    assert!(round.is_time_up(late));
    round.submit("send SIGTERM".into(), late);
    let answer = round.results()[0].main.as_ref().unwrap();
    assert!(answer.time_up);
    assert_eq!(answer.time_used, Duration::from_secs(30));
    assert_eq!(answer.report.score, 100.0);
    assert_eq!(round.stage(), &Stage::Feedback);
}

#[test]
fn an_answer_in_time_is_not_marked() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(
        &scorer,
        vec![question(&catalog, "shutdown")],
        options(0),
        start,
    );
    round.submit("no idea".into(), start + Duration::from_secs(10));
    let answer = round.results()[0].main.as_ref().unwrap();
    assert!(!answer.time_up);
    assert_eq!(answer.time_used, Duration::from_secs(10));
}

#[test]
fn a_follow_up_probes_a_missed_point_first() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(&scorer, vec![question(&catalog, "pool")], options(1), start);
    // Covers `reuse`, misses `limit`: both follow-ups apply; the missed point wins.
    round.submit("we reuse connections".into(), start);
    assert_eq!(follow_up_id(&round), "drill-limit");
    assert_eq!(asking(&round).limit, Duration::from_secs(40));
    assert!(
        matches!(asking(&round).prompt, Prompt::FollowUp(_, _, Because::Missed(p)) if p.id == "limit")
    );
}

#[test]
fn a_follow_up_drills_into_a_covered_point_when_nothing_it_probes_was_missed() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(&scorer, vec![question(&catalog, "pool")], options(1), start);
    round.submit(
        "we reuse connections under the connection limit".into(),
        start,
    );
    assert_eq!(follow_up_id(&round), "drill-reuse");
}

#[test]
fn without_conditions_a_follow_up_is_chosen_by_the_seed() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let chosen = |seed| {
        let opts = RoundOptions { seed, ..options(1) };
        let mut round = Round::new(&scorer, vec![question(&catalog, "shutdown")], opts, start);
        round.submit("sigterm".into(), start);
        follow_up_id(&round)
    };
    assert_eq!(chosen(7), chosen(7));
    let all: std::collections::BTreeSet<String> = (0..40).map(chosen).collect();
    assert_eq!(all.len(), 3, "every follow-up is reachable: {all:?}");
}

#[test]
fn several_follow_ups_are_asked_without_repeats_then_feedback() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(
        &scorer,
        vec![question(&catalog, "shutdown")],
        options(2),
        start,
    );
    round.submit("sigterm".into(), start);
    let first = follow_up_id(&round);
    round.submit("alpha".into(), start + Duration::from_secs(5));
    let second = follow_up_id(&round);
    assert_ne!(first, second);
    round.submit("bravo".into(), start + Duration::from_secs(9));
    assert_eq!(round.stage(), &Stage::Feedback);
    let result = &round.results()[0];
    assert_eq!(result.follow_ups.len(), 2);
    assert_eq!(result.follow_ups[0].1.time_used, Duration::from_secs(5));
    assert_eq!(result.time_used(), Duration::from_secs(9));
}

#[test]
fn no_follow_ups_goes_straight_to_feedback() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(&scorer, vec![question(&catalog, "pool")], options(0), start);
    round.submit("anything".into(), start);
    assert_eq!(round.stage(), &Stage::Feedback);
}

#[test]
fn skipping_a_question_moves_on_and_skipping_a_follow_up_shows_feedback() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let questions = vec![question(&catalog, "pool"), question(&catalog, "shutdown")];
    let mut round = Round::new(&scorer, questions, options(1), start);
    round.skip(start);
    assert!(round.results()[0].skipped());
    assert_eq!(round.progress(), (2, 2));
    assert!(matches!(asking(&round).prompt, Prompt::Main(q) if q.id == "shutdown"));
    round.submit("sigterm".into(), start);
    round.skip(start);
    assert_eq!(round.stage(), &Stage::Feedback);
    assert!(round.results()[1].follow_ups.is_empty());
    assert!(round.results()[1].skipped_follow_up.is_some());
    round.next(start);
    assert_eq!(round.stage(), &Stage::Finished);
}

#[test]
fn ending_early_keeps_the_answers_so_far() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let questions = vec![question(&catalog, "pool"), question(&catalog, "shutdown")];
    let mut round = Round::new(&scorer, questions, options(0), start);
    round.submit("we reuse connections".into(), start);
    round.end();
    // The answer's feedback first, then the round is over.
    assert_eq!(round.stage(), &Stage::Feedback);
    round.next(start);
    assert_eq!(round.stage(), &Stage::Finished);
    assert_eq!(round.results().len(), 1);
    assert_eq!(round.average(), Some(66.7));
}

#[test]
fn the_summary_averages_answered_questions_and_lists_the_heaviest_misses_first() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let questions = vec![
        question(&catalog, "pool"),
        question(&catalog, "shutdown"),
        question(&catalog, "scaling"),
    ];
    let mut round = Round::new(&scorer, questions, options(0), start);
    round.submit("the connection limit".into(), start);
    round.next(start);
    round.submit("sigterm".into(), start);
    round.next(start);
    round.skip(start);
    assert_eq!(round.stage(), &Stage::Finished);
    // (33.3 + 100) / 2; the skipped question does not count.
    assert_eq!(
        round.average().map(|a| (a * 10.0).round() / 10.0),
        Some(66.7)
    );
    let weakest: Vec<&str> = round
        .weakest()
        .iter()
        .map(|m| m.point.id.as_str())
        .collect();
    assert_eq!(weakest, ["reuse"]);
}

#[test]
fn questions_are_filtered_then_shuffled_by_the_seed() {
    let catalog = catalog();
    let ids = |options: &RoundOptions| -> Vec<String> {
        pick_questions(&catalog, options)
            .iter()
            .map(|q| q.id.clone())
            .collect()
    };
    let operations = RoundOptions {
        topic: Some("operations".into()),
        ..options(0)
    };
    let mut found = ids(&operations);
    found.sort();
    assert_eq!(found, ["scaling", "shutdown"]);
    let tagged = RoundOptions {
        tag: Some("DB".into()),
        ..options(0)
    };
    assert_eq!(ids(&tagged), ["pool"]);
    let this_bank = RoundOptions {
        bank: Some("round-test".into()),
        ..options(0)
    };
    assert_eq!(ids(&this_bank).len(), 3);
    let other_bank = RoundOptions {
        bank: Some("other".into()),
        ..options(0)
    };
    assert!(ids(&other_bank).is_empty());
    let hard = RoundOptions {
        difficulty: Some(3),
        ..options(0)
    };
    assert_eq!(ids(&hard), ["scaling"]);
    let two = RoundOptions {
        count: 2,
        seed: 3,
        ..options(0)
    };
    assert_eq!(ids(&two).len(), 2);
    assert_eq!(ids(&two), ids(&two));
    let orders: std::collections::BTreeSet<Vec<String>> = (0..30)
        .map(|seed| ids(&RoundOptions { seed, ..options(0) }))
        .collect();
    assert!(orders.len() > 1, "the seed changes the order");
}

#[test]
fn an_empty_round_is_finished_at_once() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let round = Round::new(&scorer, Vec::new(), options(1), Instant::now());
    assert_eq!(round.stage(), &Stage::Finished);
    assert_eq!(round.average(), None);
    assert_eq!(round.progress(), (0, 0));
}

#[test]
fn a_paused_clock_stands_still() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(
        &scorer,
        vec![question(&catalog, "shutdown")],
        options(0),
        start,
    );
    round.pause(start + Duration::from_secs(10));
    assert_eq!(
        asking(&round).remaining(start + Duration::from_secs(100)),
        Duration::from_secs(20)
    );
    assert!(!round.is_time_up(start + Duration::from_secs(100)));
    round.resume(start + Duration::from_secs(100));
    assert_eq!(
        asking(&round).remaining(start + Duration::from_secs(105)),
        Duration::from_secs(15)
    );
    round.submit("sigterm".into(), start + Duration::from_secs(110));
    assert_eq!(
        round.results()[0].main.as_ref().unwrap().time_used,
        Duration::from_secs(20)
    );
}

#[test]
fn an_empty_answer_gets_no_follow_up() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut round = Round::new(&scorer, vec![question(&catalog, "pool")], options(1), start);
    round.submit("   ".into(), start + Duration::from_secs(100));
    assert_eq!(round.stage(), &Stage::Feedback);
}

/// Results compared by what the candidate sees: texts, scores, times and follow-ups.
fn summary(round: &Round<'_>) -> Vec<String> {
    round
        .results()
        .iter()
        .map(|r| {
            let main = r
                .main
                .as_ref()
                .map(|a| (&a.text, a.report.score, a.time_used, a.time_up));
            let follow_ups: Vec<(&str, &str)> = r
                .follow_ups
                .iter()
                .map(|(f, a)| (f.id.as_str(), a.text.as_str()))
                .collect();
            format!("{} {main:?} {follow_ups:?}", r.question.id)
        })
        .collect()
}

#[test]
fn replaying_the_steps_rebuilds_the_round_where_it_stopped() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let questions = vec![
        question(&catalog, "pool"),
        question(&catalog, "shutdown"),
        question(&catalog, "scaling"),
    ];
    let opts = RoundOptions {
        seed: 7,
        ..options(2)
    };
    let t = Instant::now();
    let s = Duration::from_secs;
    let mut round = Round::new(&scorer, questions.clone(), opts.clone(), t);
    round.submit("we reuse connections".into(), t + s(20));
    round.submit("a pool".into(), t + s(30));
    // The second follow-up runs out of time.
    round.submit("typed as time ran out".into(), t + s(500));
    round.next(t + s(501));
    round.skip(t + s(502));
    // Twelve seconds into the third question, the process is killed.
    let killed = t + s(514);
    assert_eq!(round.steps().len(), 5);

    let later = t + s(10_000);
    let resumed = Round::replay(&scorer, questions, opts, round.steps(), s(12), later);
    assert_eq!(summary(&resumed), summary(&round));
    assert_eq!(resumed.progress(), round.progress());
    assert_eq!(resumed.steps(), round.steps());
    assert_eq!(asking(&resumed).prompt, asking(&round).prompt);
    assert_eq!(
        asking(&resumed).remaining(later),
        asking(&round).remaining(killed)
    );
}

#[test]
fn a_damaged_draft_with_impossible_times_replays_without_a_panic() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let questions = vec![question(&catalog, "pool")];
    let mut steps = vec![Step::Skipped];
    steps.extend((0..501).map(|_| Step::Answered {
        text: String::new(),
        used_ms: u64::MAX,
    }));
    let now = Instant::now();
    let round = Round::replay(&scorer, questions, options(1), &steps, Duration::ZERO, now);
    assert_eq!(round.stage(), &Stage::Finished);
}

#[test]
fn a_review_asks_the_drilled_follow_up_first() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let opts = RoundOptions {
        drill_follow_ups: vec!["third".into()],
        ..options(1)
    };
    let t = Instant::now();
    let mut round = Round::new(&scorer, vec![question(&catalog, "shutdown")], opts, t);
    round.submit("sigterm".into(), t);
    assert_eq!(follow_up_id(&round), "third");
    assert!(matches!(
        asking(&round).prompt,
        Prompt::FollowUp(_, _, Because::Review)
    ));
}

#[test]
fn with_no_trigger_a_follow_up_that_presupposes_nothing_is_preferred() {
    let bank = parse_bank(
        "mixed.toml",
        r#"
[bank]
id = "mixed"
title = "Mixed follow-ups"

[[question]]
id = "q"
topic = "T"
prompt = "Why?"
  [[question.point]]
  id = "a"
  label = "A"
  keywords = ["alpha"]
  [[question.point]]
  id = "b"
  label = "B"
  keywords = ["bravo"]
  [[question.follow_up]]
  id = "assumes-b-said"
  prompt = "You said bravo; why?"
  when_covered = ["b"]
    [[question.follow_up.point]]
    id = "x"
    label = "x"
    keywords = ["x-ray"]
  [[question.follow_up]]
  id = "any-time"
  prompt = "What else?"
    [[question.follow_up.point]]
    id = "y"
    label = "y"
    keywords = ["yankee"]
"#,
    )
    .expect("the bank is valid");
    let catalog = Catalog::from_banks(vec![bank]);
    let scorer = Scorer::new(&catalog);
    let question = question(&catalog, "q");
    let index = scorer.rubric("q").expect("indexed");
    // The answer covers `a` only: no trigger applies.
    let report = index.score("alpha, that is all");
    for seed in 0..20 {
        let mut rng = StdRng::seed_from_u64(seed);
        let (follow_up, because) =
            choose_follow_up(question, &report, &[], &mut rng).expect("a follow-up");
        assert_eq!(follow_up.id, "any-time", "seed {seed}");
        assert_eq!(because, Because::Probe);
    }
    // Said, the drill comes first.
    let report = index.score("alpha and bravo");
    let mut rng = StdRng::seed_from_u64(0);
    let (follow_up, _) = choose_follow_up(question, &report, &[], &mut rng).expect("one");
    assert_eq!(follow_up.id, "assumes-b-said");
}

#[test]
fn ending_on_an_answered_question_shows_its_feedback_first_and_replays() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let questions = vec![question(&catalog, "pool"), question(&catalog, "shutdown")];
    let mut round = Round::new(&scorer, questions.clone(), options(1), start);
    round.submit("we reuse connections".to_owned(), start);
    assert!(
        matches!(round.stage(), Stage::Asking(_)),
        "a follow-up is asked"
    );
    round.end();
    assert_eq!(*round.stage(), Stage::Feedback);
    let replayed = Round::replay(
        &scorer,
        questions.clone(),
        options(1),
        round.steps(),
        Duration::ZERO,
        start,
    );
    assert_eq!(*replayed.stage(), Stage::Feedback);
    round.next(start);
    assert_eq!(*round.stage(), Stage::Finished);
    assert_eq!(round.results().len(), 1);

    // Ended on a question not yet answered, the round is over at once.
    let mut round = Round::new(&scorer, questions, options(1), start);
    round.end();
    assert_eq!(*round.stage(), Stage::Finished);
}

#[test]
fn a_review_of_a_follow_up_alone_asks_it_straight_away() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let options = RoundOptions {
        count: 1,
        follow_ups: 1,
        drill_follow_ups: vec!["drill-limit".into()],
        follow_ups_only: vec!["pool".into()],
        ..RoundOptions::default()
    };
    let mut round = Round::new(&scorer, vec![question(&catalog, "pool")], options, start);
    assert_eq!(follow_up_id(&round), "drill-limit");
    assert!(matches!(
        asking(&round).prompt,
        Prompt::FollowUp(_, _, Because::Review)
    ));
    round.submit("max connections".into(), start);
    assert_eq!(round.stage(), &Stage::Feedback);
    let result = &round.results()[0];
    assert!(result.main.is_none() && result.follow_ups_only && !result.skipped());
    assert_eq!(result.follow_ups.len(), 1);
    assert_eq!(result.follow_ups[0].1.report.score, 100.0);
    round.next(start);
    assert_eq!(round.stage(), &Stage::Finished);
}
