use super::*;
use crate::bank::{Point, RedFlag, Rubric};

fn point(id: &str, weight: u32, keywords: &[&str]) -> Point {
    Point {
        id: id.to_owned(),
        label: id.to_owned(),
        weight,
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        explain: None,
    }
}

fn rubric(points: Vec<Point>, red_flags: &[&str]) -> Rubric {
    Rubric {
        points,
        red_flags: red_flags
            .iter()
            .map(|k| RedFlag {
                keywords: vec![(*k).to_owned()],
                note: "wrong".to_owned(),
                severity: crate::bank::Severity::Misconception,
                contradicts: Vec::new(),
                weight: 1,
                inherited: false,
            })
            .collect(),
    }
}

fn covered(rubric: &Rubric, answer: &str) -> Vec<String> {
    RubricIndex::new(rubric)
        .score(answer)
        .covered()
        .map(|p| p.point.id.clone())
        .collect()
}

fn matches(keyword: &str, answer: &str) -> bool {
    !covered(&rubric(vec![point("p", 1, &[keyword])], &[]), answer).is_empty()
}

/// A lexicon of one set of `terms` that mean the same.
fn lexicon_of(terms: &[&str]) -> CompiledLexicon {
    CompiledLexicon::new(&[crate::bank::LexiconSet {
        terms: terms.iter().map(|t| (*t).to_owned()).collect(),
    }])
}

#[test]
fn score_is_covered_weight_over_total_weight() {
    let r = rubric(
        vec![
            point("a", 3, &["connection exhaustion"]),
            point("b", 1, &["cold starts"]),
        ],
        &[],
    );
    let index = RubricIndex::new(&r);
    assert_eq!(index.score("It fixes cold starts only.").score, 25.0);
    assert_eq!(
        index.score("Connection exhaustion and cold starts.").score,
        100.0
    );
    // "not cold starts" denies the second point.
    assert_eq!(
        index.score("Connection exhaustion, not cold starts.").score,
        75.0
    );
    assert_eq!(index.score("I don't know").score, 0.0);
    let third = rubric(
        vec![point("a", 1, &["alpha"]), point("b", 2, &["omega"])],
        &[],
    );
    assert_eq!(RubricIndex::new(&third).score("alpha").score, 33.3);
}

#[test]
fn evidence_carries_the_byte_span_of_the_words_as_written() {
    let r = rubric(vec![point("a", 1, &["too many connections"])], &[]);
    let answer = "Under load, we had TOO MANY open connections.";
    let report = RubricIndex::new(&r).score(answer);
    let evidence = &report.points[0].evidence[0];
    assert_eq!(evidence.text, "TOO MANY open connections");
    assert_eq!(&answer[evidence.start..evidence.end], evidence.text);
}

#[test]
fn tolerates_typos_in_longer_words() {
    assert!(matches("connection exhaustion", "conection exhuastion"));
    assert!(matches("provisioned concurrency", "provisoned concurency"));
    assert!(matches("deregistration delay", "deregistation dealy"));
    // Two edits are too many for a word of seven letters or fewer.
    assert!(!matches("cluster", "clsuetr"));
    // The first letter must agree.
    assert!(!matches("fargate", "margate"));
}

#[test]
fn other_words_are_not_typos() {
    // Stems are held to the typo budget of their own length.
    assert!(!matches("draining", "The route was defined in one file."));
    assert!(!matches("draining", "We own the domain name."));
    assert!(!matches("flapping", "Our prices were floating."));
    assert!(!matches("pilot", "the plots"));
    // A word with an ending added or dropped is another word.
    assert!(!matches("multiplex", "multiple services"));
    // Two edits only from ten letters.
    assert!(!matches("prewarmed", "I prepared slides."));
    assert!(!matches("strangler", "a stronger team"));
    assert!(matches("invocations", "many invoactions"));
}

#[test]
fn short_words_and_acronyms_match_exactly() {
    assert!(matches("ECS", "we moved to ecs"));
    assert!(!matches("ecs", "we moved to ec2"));
    assert!(!matches("alb", "all of it"));
    assert!(!matches("ec2", "ec3 instances"));
    assert!(!matches("p99", "p95 latency"));
    assert!(matches("p99", "the P99 latency"));
}

#[test]
fn matches_word_forms() {
    assert!(matches("connection", "connections"));
    assert!(matches("drain connections", "draining the connection"));
    assert!(matches("scale out", "it scaled out"));
}

#[test]
fn short_forms_match_the_words_they_stand_for() {
    assert!(matches("database connections", "we ran out of db conns"));
    assert!(matches("db", "the database"));
}

#[test]
fn phrases_match_within_a_window_in_any_order() {
    assert!(matches("connection pool", "a pool of connections"));
    assert!(matches("too many connections", "connections were too many"));
    assert!(matches(
        "connection pool",
        "the connection was kept in a pool"
    ));
    assert!(!matches(
        "connection pool",
        "the connection was opened once and then after a long while it went back to the pool"
    ));
}

#[test]
fn a_word_repeated_in_a_keyword_must_be_said_twice() {
    assert!(matches("like for like", "a like-for-like comparison"));
    assert!(!matches("like for like", "it felt like a good result"));
}

#[test]
fn phrases_do_not_cross_sentences() {
    assert!(!matches(
        "connection pool",
        "We had a connection. Pool parties are fun."
    ));
    assert!(matches(
        "connection pool",
        "We had a connection pool. It helped."
    ));
}

#[test]
fn stop_words_in_a_keyword_are_optional() {
    assert!(matches(
        "ran out of connections",
        "we ran out connections fast"
    ));
    assert!(matches("the cost of the service", "service cost"));
}

#[test]
fn a_denied_point_is_not_covered() {
    let r = rubric(
        vec![
            point("sigterm", 1, &["sigterm"]),
            point("pool", 1, &["close the pool"]),
        ],
        &[],
    );
    let index = RubricIndex::new(&r);
    let denied =
        index.score("Honestly we never handled SIGTERM, and we didn't close the pool either.");
    assert_eq!(denied.score, 0.0);
    let said = index.score("We handle SIGTERM. Then we close the pool, and nothing is dropped.");
    assert_eq!(said.score, 100.0);
}

#[test]
fn a_keyword_that_states_a_negation_matches_only_a_negated_statement() {
    let r = rubric(
        vec![point(
            "not-exhaustion",
            1,
            &["not + fix | solve + connection exhaustion"],
        )],
        &[],
    );
    let index = RubricIndex::new(&r);
    for said in [
        "Provisioned concurrency doesn't solve connection exhaustion.",
        "It does not fix connection exhaustion at all.",
        "It never fixed the connection exhaustion we had.",
    ] {
        assert_eq!(index.score(said).score, 100.0, "{said}");
    }
    for not_said in [
        "Provisioned concurrency fixes connection exhaustion.",
        "It solves connection exhaustion, not cold starts.",
    ] {
        assert_eq!(index.score(not_said).score, 0.0, "{not_said}");
    }
}

#[test]
fn contractions_and_their_long_forms_match_each_other() {
    assert!(matches(
        "doesnt fix the connections",
        "it does not fix the connections"
    ));
    assert!(matches(
        "does not fix the connections",
        "it doesn't fix the connections"
    ));
    assert!(matches("cannot be caught", "SIGKILL can't be caught"));
}

#[test]
fn a_pronouns_contracted_copula_is_the_copula() {
    assert!(matches(
        "max connections + is fixed",
        "On RDS max_connections, it's fixed by the instance class."
    ));
    assert!(matches("are stateless", "They're stateless."));
    // A noun's "'s" is a possessive, and a bare "its" no copula.
    assert!(!matches("is fixed", "The service's fixed role."));
    assert!(!matches("is fixed", "The task keeps its fixed size."));
}

#[test]
fn a_point_counts_once_however_often_it_is_said() {
    let r = rubric(
        vec![point("a", 1, &["sigterm"]), point("b", 1, &["sigkill"])],
        &[],
    );
    let report = RubricIndex::new(&r).score("SIGTERM. SIGTERM again. SIGTERM!");
    assert_eq!(report.coverage, 50.0);
    assert_eq!(report.points[0].evidence.len(), 3);
}

#[test]
fn red_flags_fire_on_the_misconception() {
    let r = rubric(
        vec![point("a", 1, &["connection exhaustion"])],
        &["provisioned concurrency fixes connection"],
    );
    let index = RubricIndex::new(&r);
    let stated = index.score("Provisioned concurrency fixes the connection problem entirely.");
    assert_eq!(stated.red_flags.len(), 1);
    assert_eq!(
        stated.red_flags[0].evidence[0].text,
        "Provisioned concurrency fixes the connection"
    );
}

#[test]
fn red_flags_do_not_fire_on_a_negated_statement() {
    let not_fixed = point("a", 1, &["not + fix + connection exhaustion"]);
    let r = rubric(
        vec![not_fixed],
        &["provisioned concurrency fixes connection exhaustion"],
    );
    let index = RubricIndex::new(&r);
    for answer in [
        "Provisioned concurrency does not fix connection exhaustion.",
        "Provisioned concurrency doesn't fix connection exhaustion.",
        "It's not that provisioned concurrency fixes connection exhaustion.",
        "Provisioned concurrency never fixed connection exhaustion.",
    ] {
        let report = index.score(answer);
        assert!(report.red_flags.is_empty(), "fired on: {answer}");
        assert_eq!(report.score, 100.0, "{answer}");
    }
    // A negation in another sentence does not cancel it.
    let report = index.score("Not sure. Provisioned concurrency fixes connection exhaustion.");
    assert_eq!(report.red_flags.len(), 1);
}

#[test]
fn red_flags_keep_their_word_order() {
    let r = rubric(vec![point("a", 1, &["sigterm"])], &["trap sigkill"]);
    let index = RubricIndex::new(&r);
    assert_eq!(
        index
            .score("We trap SIGKILL and close the pool there.")
            .red_flags
            .len(),
        1
    );
    assert!(
        index
            .score("ECS sends SIGKILL later, so we trap SIGTERM.")
            .red_flags
            .is_empty()
    );
}

#[test]
fn a_negation_right_after_a_red_flag_reverses_it() {
    let r = rubric(vec![point("a", 1, &["sigterm"])], &["catch sigkill"]);
    let index = RubricIndex::new(&r);
    assert!(
        index
            .score("We catch SIGTERM because SIGKILL can't be caught.")
            .red_flags
            .is_empty()
    );
    assert!(index.score("You catch SIGKILL? Never.").red_flags.len() == 1);
    assert_eq!(index.score("We catch SIGKILL and exit.").red_flags.len(), 1);
    assert_eq!(index.score("We catch SIGKILL").red_flags.len(), 1);
}

#[test]
fn a_denial_leaves_the_plain_part_of_a_concept_for_a_later_claim() {
    let r = rubric(
        vec![point("a", 1, &["rebuild"])],
        &["aws | fargate + patches | patching + the image | the container"],
    );
    let index = RubricIndex::new(&r);
    // The first clause denies patching; the plain "AWS" still pairs with the claim
    // that follows.
    let report =
        index.score("We didn't worry about patching the container - AWS patches the image.");
    assert_eq!(report.red_flags.len(), 1);
    assert!(
        index
            .score("AWS doesn't patch the image or the container.")
            .red_flags
            .is_empty()
    );
}

#[test]
fn a_red_flag_phrase_does_not_match_across_a_known_longer_name() {
    let r = rubric(
        vec![point("a", 1, &["task execution role", "execution role"])],
        &["task role pulls the image"],
    );
    let index = RubricIndex::new(&r);
    assert!(
        index
            .score("The task execution role pulls the image.")
            .red_flags
            .is_empty()
    );
    assert_eq!(
        index
            .score("The task role pulls the image.")
            .red_flags
            .len(),
        1
    );
    // A word that names nothing longer may still come between.
    assert_eq!(
        index
            .score("The task IAM role pulls the image.")
            .red_flags
            .len(),
        1
    );
}

#[test]
fn a_pronoun_takes_up_the_subject_of_a_red_flag() {
    let r = rubric(
        vec![point("a", 1, &["fails open"])],
        &["alb | load balancer + returns 503 | answers 503 + every request | all requests"],
    );
    let index = RubricIndex::new(&r);
    let said = "When the database fails over, the ALB has no healthy targets left in any zone, so \
                it returns 503 for every request.";
    assert_eq!(index.score(said).red_flags.len(), 1);
    // The pronoun takes up the nearest subject: one named long before is not it.
    let far = "The ALB sits in front, and the database behind it fails over, and then the \
               new primary takes a minute to come up, so it returns 503 for every request.";
    assert!(index.score(far).red_flags.is_empty());
    // A negation where the subject was named is about that clause.
    let r2 = rubric(
        vec![point("a", 1, &["parameter group"])],
        &["max_connections + is fixed | cannot be changed"],
    );
    let said = "The one thing we couldn't touch was max_connections: on RDS it's fixed.";
    assert_eq!(RubricIndex::new(&r2).score(said).red_flags.len(), 1);
    // The pronoun stands for the claim's subject, its first part, not for what was
    // just denied: "it isn't X, it's Y" is no claim of X.
    let r3 = rubric(
        vec![point("a", 1, &["pulls faster"])],
        &["smaller image + runs faster"],
    );
    let said = "The win isn't that the code runs faster, it's that a smaller image pulls faster.";
    assert!(RubricIndex::new(&r3).score(said).red_flags.is_empty());
    // Denied in the pronoun's clause, it is no claim.
    let denied = "When every target is unhealthy the ALB fails open, so it never returns 503 \
                  for every request.";
    assert!(index.score(denied).red_flags.is_empty());
}

#[test]
fn unlike_sets_a_noun_apart() {
    let r = rubric(
        vec![point("a", 1, &["listener"])],
        &["codedeploy + changes | flips + dns"],
    );
    let index = RubricIndex::new(&r);
    assert!(
        index
            .score("CodeDeploy flips the listener, unlike DNS weighting.")
            .red_flags
            .is_empty()
    );
    assert_eq!(
        index.score("CodeDeploy flips DNS records.").red_flags.len(),
        1
    );
}

#[test]
fn a_red_flag_that_states_a_negation_still_fires() {
    let r = rubric(
        vec![point("a", 1, &["sigterm"])],
        &["no graceful shutdown needed"],
    );
    let report = RubricIndex::new(&r).score("Honestly, no graceful shutdown was needed.");
    assert_eq!(report.red_flags.len(), 1);
}

#[test]
fn flags_a_bare_keyword_list() {
    let r = rubric(vec![point("a", 1, &["cold starts"])], &[]);
    let index = RubricIndex::new(&r);
    let list =
        index.score("connection exhaustion, cold starts, thundering herd, RDS proxy, pooling");
    assert!(list.flags.contains(&Flag::KeywordList));
    let bullets =
        index.score("- multi-stage builds\n- distroless\n- alpine\n- layer caching\n- npm ci");
    assert!(bullets.flags.contains(&Flag::KeywordList));
    let prose = index.score(
        "Provisioned concurrency fixes cold starts, but every environment still opens its own \
         connections, so we ran out of them when traffic spiked.",
    );
    assert!(prose.flags.is_empty());
}

#[test]
fn flags_terms_strung_together_without_commas() {
    let r = rubric(vec![point("a", 1, &["sigterm"])], &[]);
    let strung = RubricIndex::new(&r)
        .score("SIGTERM SIGKILL stopTimeout draining tini server.close close pool");
    assert!(
        strung.flags.contains(&Flag::KeywordList),
        "{:?}",
        strung.flags
    );
}

#[test]
fn a_short_answer_that_covers_everything_is_not_too_short() {
    let r = rubric(vec![point("a", 1, &["30 seconds"])], &[]);
    assert!(
        RubricIndex::new(&r)
            .score("30 seconds by default.")
            .flags
            .is_empty()
    );
}

#[test]
fn flags_an_answer_too_short_to_be_one() {
    let r = rubric(vec![point("a", 1, &["cold starts"])], &[]);
    let index = RubricIndex::new(&r);
    assert_eq!(index.score("I don't know").flags, [Flag::TooShort]);
    assert_eq!(index.score("").flags, [Flag::TooShort]);
    assert!(
        index
            .score("It fixes cold starts but not the database connection limit.")
            .flags
            .is_empty()
    );
}

#[test]
fn scores_huge_and_odd_answers() {
    let r = rubric(
        vec![point("a", 1, &["connection pool"])],
        &["fixes everything"],
    );
    let index = RubricIndex::new(&r);
    let huge = "the word ".repeat(200_000) + "connection pool";
    assert_eq!(index.score(&huge).score, 100.0);
    let odd = "🚀 连接池 connection\u{0}pool \u{1b}[2J ́";
    assert_eq!(index.score(odd).score, 100.0);
}

#[test]
fn the_stem_prefilter_never_hides_an_exact_match() {
    let catalog = crate::bank::Catalog::built_in().expect("built-in banks load");
    let banks = catalog.banks();
    let mut vocabulary: Vec<String> = Vec::new();
    for question in banks.iter().flat_map(|b| &b.questions) {
        let texts = question
            .examples
            .iter()
            .map(|e| e.answer.as_str())
            .chain(question.model_answer.as_deref())
            .chain(
                question
                    .rubric
                    .points
                    .iter()
                    .flat_map(|p| p.keywords.iter().map(String::as_str)),
            );
        for text in texts {
            vocabulary.extend(crate::text::words(text).map(|w| crate::text::fold(w.text)));
        }
    }
    vocabulary.extend(["using", "used", "aging", "hoping", "caching", "scaling"].map(String::from));
    let extra = rubric(
        vec![point("e", 1, &["use", "age", "hope", "cache", "scale"])],
        &[],
    );
    for rubric in banks
        .iter()
        .flat_map(|b| &b.questions)
        .map(|q| &q.rubric)
        .chain([&extra])
    {
        let index = RubricIndex::new(rubric);
        for word in &vocabulary {
            let word = crate::text::expand(word);
            if index
                .by_stem
                .contains_key(index.stemmer.stem(word).as_ref())
            {
                assert!(index.may_share_stem(word), "`{word}` was filtered out");
            }
        }
    }
}

fn red_flag(keyword: &str, severity: crate::bank::Severity, contradicts: &[&str]) -> RedFlag {
    RedFlag {
        keywords: vec![keyword.to_owned()],
        note: "wrong".to_owned(),
        severity,
        contradicts: contradicts.iter().map(|c| (*c).to_owned()).collect(),
        weight: if severity == crate::bank::Severity::Pushback {
            0
        } else {
            1
        },
        inherited: false,
    }
}

#[test]
fn a_keyword_of_parts_needs_every_part_in_one_sentence() {
    let keyword = "patch | security fix | keep updated + os | host | instance";
    assert!(matches(keyword, "AWS keeps the host OS updated for us."));
    assert!(matches(
        keyword,
        "No more security fixes on our instances to roll out."
    ));
    assert!(!matches(keyword, "We patch things. The host is fine."));
    assert!(!matches(keyword, "We patch the app code weekly."));
}

#[test]
fn evidence_shows_every_part_that_matched() {
    let r = rubric(vec![point("p", 1, &["sigterm + drain | finish"])], &[]);
    let answer = "On SIGTERM the server stops taking work and we drain the rest.";
    let report = RubricIndex::new(&r).score(answer);
    let texts: Vec<&str> = report.points[0]
        .evidence
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(texts, ["SIGTERM", "drain"]);
}

#[test]
fn a_denied_point_says_where_it_was_denied() {
    let r = rubric(vec![point("sigterm", 1, &["handle sigterm"])], &[]);
    let report = RubricIndex::new(&r).score("To be honest we never handled SIGTERM at all.");
    assert!(!report.points[0].is_covered());
    assert_eq!(report.points[0].denied[0].text, "handled SIGTERM");
}

#[test]
fn a_misconception_takes_its_contradicted_points_and_costs_its_weight() {
    use crate::bank::Severity;
    let mut r = rubric(
        vec![
            point("sigterm", 2, &["sigterm"]),
            point("pool", 2, &["close the pool"]),
        ],
        &[],
    );
    r.red_flags = vec![red_flag(
        "trap | catch | handle + sigkill",
        Severity::Misconception,
        &["sigterm"],
    )];
    let index = RubricIndex::new(&r);
    let report = index.score("We get SIGTERM and we catch SIGKILL too, then close the pool.");
    assert_eq!(report.coverage, 50.0);
    // The pool (2 of 4) minus the misconception's weight (1).
    assert_eq!(report.score, 25.0);
    assert!(report.points[0].contradicted && !report.points[0].is_covered());
    assert_eq!(report.red_flags[0].cost, 25.0);
    // Said the right way round, nothing is taken.
    let right = index.score("We handle SIGTERM; SIGKILL cannot be caught. Then we close the pool.");
    assert!(right.red_flags.is_empty(), "{:?}", right.red_flags);
    assert_eq!(right.score, 100.0);
}

#[test]
fn an_answer_that_states_a_misconception_scores_sixty_at_most() {
    let r = rubric(
        vec![
            point("sigterm", 5, &["handle sigterm"]),
            point("drain", 5, &["drain requests"]),
        ],
        &["trap sigkill"],
    );
    let report =
        RubricIndex::new(&r).score("We handle SIGTERM and drain requests; we also trap SIGKILL.");
    assert_eq!(report.coverage, 100.0);
    assert_eq!(report.red_flags[0].cost, 10.0);
    assert_eq!(report.score, MISCONCEPTION_CEILING);
    assert_eq!(
        report
            .deductions
            .iter()
            .map(|d| (d.reason, d.points))
            .collect::<Vec<_>>(),
        [
            (DeductionReason::Misconception(0), 10.0),
            (DeductionReason::MisconceptionCeiling, 30.0)
        ]
    );
    // Below the ceiling, only the misconception's own cost is taken.
    let partial = RubricIndex::new(&r).score("We handle SIGTERM; we also trap SIGKILL.");
    assert_eq!(partial.score, 40.0);
    assert_eq!(partial.deductions.len(), 1);
}

#[test]
fn a_pushback_costs_nothing() {
    use crate::bank::Severity;
    let mut r = rubric(vec![point("reuse", 1, &["reuse connections"])], &[]);
    r.red_flags = vec![red_flag(
        "lambda + cannot | couldnt + reuse connections",
        Severity::Pushback,
        &[],
    )];
    let report = RubricIndex::new(&r)
        .score("Lambda couldn't reuse connections across environments, so a task that does reuse connections helps.");
    assert_eq!(report.pushbacks().count(), 1);
    assert_eq!(report.misconceptions().count(), 0);
    assert_eq!(report.score, 100.0);
}

#[test]
fn a_keyword_list_earns_part_of_its_coverage() {
    let r = rubric(
        vec![
            point("a", 1, &["connection exhaustion"]),
            point("b", 1, &["cold starts"]),
        ],
        &[],
    );
    let report =
        RubricIndex::new(&r).score("connection exhaustion, cold starts, rds proxy, pooling");
    assert_eq!(report.coverage, 100.0);
    assert_eq!(report.score, 100.0 * KEYWORD_LIST_SHARE);
    assert_eq!(report.deductions.len(), 1);
}

#[test]
fn camel_case_and_units_match_their_spelled_out_forms() {
    assert!(matches("max surge", "We set maxSurge to 100%."));
    assert!(matches("maximumpercent", "with maximumPercent at 200"));
    assert!(matches("30 seconds", "it defaults to 30s"));
    assert!(matches("30s", "it defaults to 30 seconds"));
    assert!(matches("vcpu", "a task with 0.25 vCPU"));
    assert!(!matches("30 seconds", "it takes 300s"));
}

#[test]
fn the_pieces_of_one_identifier_are_not_two_parts_of_a_keyword() {
    let keyword = "assign | enable + public ip + private subnet";
    assert!(matches(
        keyword,
        "We assign a public IP to tasks in the private subnet."
    ));
    assert!(!matches(
        keyword,
        "Tasks ran in the private subnets with assignPublicIp disabled."
    ));
    // One part from an identifier is fine.
    assert!(matches("set + max surge", "We set maxSurge to 100%."));
    // A piece of an identifier is a name, not a word to stem: `enableExecuteCommand` holds
    // no "execution".
    assert!(!matches(
        "execution role",
        "We set enableExecuteCommand; the role needed ssmmessages."
    ));
    assert!(matches(
        "execution role",
        "The executionRole pulls the image."
    ));
    assert!(matches(
        "target group",
        "Two targetGroups behind one listener."
    ));
}

#[test]
fn the_lexicon_widens_keywords_and_says_so() {
    let lexicon = lexicon_of(&["instance", "virtual machine"]);
    let r = rubric(vec![point("p", 1, &["patch the instances"])], &[]);
    let index = RubricIndex::with_lexicons(&r, &[&lexicon]);
    let report = index.score("Patching virtual machines at night was the worst part.");
    assert!(report.points[0].is_covered());
    assert_eq!(
        report.points[0].evidence[0].lexicon_note().as_deref(),
        Some("'virtual machine' counted as 'instance'")
    );
    let own = index.score("We patch the instances.");
    assert_eq!(own.points[0].evidence[0].lexicon_note(), None);
}

#[test]
fn a_word_table_kept_across_answers_scores_as_a_fresh_one() {
    let r = rubric(
        vec![
            point("a", 1, &["connection exhaustion"]),
            point("b", 1, &["cold + start | starts"]),
        ],
        &["provisioned concurrency + fix + connection"],
    );
    let index = RubricIndex::new(&r);
    let mut table = WordTable::default();
    for answer in [
        "Provisioned concurrency fixes the connection exhaustion.",
        "Cold starts went away, but connection exhaustion stayed.",
        "We never saw connection exhaustion; cold starts were the issue.",
    ] {
        assert_eq!(
            index.score_with(answer, &mut table),
            index.score(answer),
            "{answer}"
        );
    }
}

#[test]
fn a_negated_keyword_needs_its_parts_in_the_negation_s_clause() {
    let r = rubric(
        vec![point(
            "p",
            1,
            &["not + fix | solve + connection exhaustion"],
        )],
        &[],
    );
    let index = RubricIndex::new(&r);
    assert_eq!(
        index
            .score("It does not solve cold starts, it only helps with connection exhaustion.")
            .score,
        0.0
    );
    assert_eq!(
        index
            .score("It does not solve connection exhaustion.")
            .score,
        100.0
    );
}

#[test]
fn a_phrase_that_states_a_negation_has_its_own_polarity() {
    let keyword = "stop | stops | no longer + accepting + new connections";
    assert!(matches(keyword, "First we stop accepting new connections."));
    assert!(matches(
        keyword,
        "The server is no longer accepting new connections."
    ));
    assert!(!matches(
        keyword,
        "We didn't stop accepting new connections."
    ));
}

#[test]
fn a_part_mixing_negations_and_words_reads_as_either() {
    let keyword = "no | without | zero + downtime";
    assert!(matches(keyword, "Deploys happen without downtime."));
    assert!(matches(keyword, "We had zero downtime during the cutover."));
    assert!(!matches(keyword, "We had downtime during the cutover."));
}

#[test]
fn an_ordered_red_flag_may_repeat_a_word() {
    let r = rubric(
        vec![point("a", 1, &["target tracking"])],
        &["scales in as fast as it scales out"],
    );
    let report = RubricIndex::new(&r).score("Target tracking scales in as fast as it scales out.");
    assert_eq!(report.red_flags.len(), 1);
}

#[test]
fn a_lexicon_swap_is_said_in_its_own_order() {
    let lexicon = lexicon_of(&["replayed traffic", "simulated traffic"]);
    let r = rubric(vec![point("p", 1, &["replayed traffic"])], &[]);
    let index = RubricIndex::with_lexicons(&r, &[&lexicon]);
    let covered = |answer: &str| index.score(answer).covered().count() == 1;
    assert!(covered("We load tested with simulated traffic."));
    assert!(!covered("Real traffic is hard to simulate."));
    // The keyword's own words may come in any order.
    assert!(covered("It was traffic we replayed from a match."));
}

#[test]
fn a_lexicon_term_keeps_the_stop_word_that_carries_its_meaning() {
    let lexicon = lexicon_of(&["scale down", "scale in"]);
    let r = rubric(vec![point("p", 1, &["scale down + slowly | slower"])], &[]);
    let index = RubricIndex::with_lexicons(&r, &[&lexicon]);
    let covered = |answer: &str| index.score(answer).covered().count() == 1;
    assert!(covered("We scale in slowly."));
    // "scale in" is not "scale": scaling out slower is another thing.
    assert!(!covered("Scale-out is slower than on Lambda."));
}

#[test]
fn the_lexicon_widens_points_but_not_red_flags() {
    let lexicon = lexicon_of(&["execution role", "task execution role"]);
    let r = rubric(
        vec![point("p", 1, &["task role"])],
        &["code uses the execution role"],
    );
    let index = RubricIndex::with_lexicons(&r, &[&lexicon]);
    let report =
        index.score("Our code uses the task role, and the task execution role pulls the image.");
    assert!(report.red_flags.is_empty(), "{:?}", report.red_flags);
}

#[test]
fn a_phrase_that_is_one_word_and_stop_words_keeps_them_in_order() {
    assert!(matches("scale in", "Target tracking scales in slowly."));
    assert!(!matches("scale in", "We scale out in the morning."));
    let r = rubric(vec![point("a", 1, &["p99"])], &["very confident"]);
    let index = RubricIndex::new(&r);
    assert!(
        index
            .score("Reasonably confident in the p99.")
            .red_flags
            .is_empty()
    );
    assert_eq!(
        index
            .score("I am very confident in the p99.")
            .red_flags
            .len(),
        1
    );
}

#[test]
fn a_follow_ups_own_red_flag_stands_for_the_inherited_one_said_in_the_same_words() {
    use crate::bank::Severity;
    let mut r = rubric(vec![point("timeout", 2, &["stop timeout"])], &[]);
    let own = red_flag("trap | catch + sigkill", Severity::Misconception, &[]);
    let inherited = RedFlag {
        note: "from the main question".to_owned(),
        inherited: true,
        ..red_flag("catch | handle + sigkill", Severity::Misconception, &[])
    };
    r.red_flags = vec![own, inherited];
    let index = RubricIndex::new(&r);
    let both = index.score("The stop timeout is 30 s and we catch SIGKILL.");
    assert_eq!(both.red_flags.len(), 1, "{:?}", both.red_flags);
    assert!(!both.red_flags[0].red_flag.inherited);
    let inherited_only = index.score("The stop timeout is 30 s and we handle SIGKILL.");
    assert_eq!(inherited_only.red_flags.len(), 1);
    assert!(inherited_only.red_flags[0].red_flag.inherited);
    assert!(inherited_only.score < 100.0);
}

#[test]
fn a_point_the_question_said_back_covers_is_named_with_what_matched() {
    let bank = crate::bank::parse_bank(
        "echo.toml",
        r#"
[bank]
id = "echo"
title = "Echo"
description = "A point the prompt gives away."

[[question]]
id = "echo-shutdown"
topic = "Deep dive"
prompt = "How does a container shut down cleanly?"

  [[question.point]]
  id = "given-away"
  label = "Shuts down"
  keywords = ["container shut down"]

  [[question.point]]
  id = "earned"
  label = "SIGTERM"
  keywords = ["sigterm"]
"#,
    )
    .expect("the bank loads");
    let catalog = crate::bank::Catalog::from_banks(vec![bank]);
    let scorer = Scorer::new(&catalog);
    let warnings = said_back(&scorer, &catalog.banks()[0]);
    let places: Vec<&str> = warnings.iter().map(|w| w.place.as_str()).collect();
    assert_eq!(places, ["echo-shutdown, point `given-away`"]);
    assert!(
        warnings[0].message.contains("\"container shut down\""),
        "{warnings:?}"
    );
}
