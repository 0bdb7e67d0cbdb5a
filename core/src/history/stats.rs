//! Progress figures from the history: how much was practised and on which days, the
//! score of each round and of each topic, the concepts missed most, and where the review
//! schedule stands.
//!
//! Pure arithmetic over the records, with calendar days counted in the user's time zone.
//! `grill stats --json` prints [`Stats`] as it is, so its field names are part of the
//! interface: scores are 0–100 to one decimal, times are seconds since the Unix epoch,
//! dates are local.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use serde::Serialize;

use super::digest::{Digest, Tally};
use super::mastery::{self, Concept, Mastery};
use super::{Record, local_day};
use crate::bank::Catalog;

/// The topic of answers to questions no bank holds any more.
pub const REMOVED_TOPIC: &str = "(removed questions)";

/// How many concepts [`Stats::most_missed`] lists.
pub const MOST_MISSED: usize = 10;

/// Progress over the whole history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Answers recorded: main answers and follow-ups.
    pub answers: usize,
    /// Practice rounds: distinct session ids.
    pub sessions: usize,
    /// The mean score of the main answers (follow-ups left out), 0–100 to one decimal;
    /// `null` when there is none.
    pub average_score: Option<f64>,
    /// Time spent answering, in whole seconds.
    pub time_practised_secs: u64,
    /// Distinct calendar days with at least one answer.
    pub days_practised: usize,
    /// The current streak: consecutive days with practice ending today or yesterday;
    /// 0 when the last practice was before yesterday.
    pub streak_days: u32,
    /// The longest run of consecutive days with practice.
    pub longest_streak_days: u32,
    /// The date of the first answer, `YYYY-MM-DD`; `null` with no answers.
    pub first_day: Option<String>,
    /// The date of the last answer, `YYYY-MM-DD`; `null` with no answers.
    pub last_day: Option<String>,
    /// One entry per round, the earliest first.
    pub scores: Vec<SessionScore>,
    /// One entry per topic (and bank), sorted by topic name.
    pub topics: Vec<TopicScore>,
    /// The concepts missed most often, at most [`MOST_MISSED`]; ties go to the one
    /// missed most recently. Only concepts missed at least once.
    pub most_missed: Vec<MissedConcept>,
    /// Where the review schedule stands.
    pub concepts: ConceptCounts,
}

/// The score of one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionScore {
    /// The round's session id.
    pub session: String,
    /// When its first answer was given, in seconds since the Unix epoch.
    pub start_time: u64,
    /// `start_time` as a local date and time, `YYYY-MM-DD HH:MM`.
    pub date: String,
    /// The mean score of its main answers, to one decimal; `null` when it has none.
    pub average_score: Option<f64>,
    /// Its answers: main answers and follow-ups.
    pub answers: usize,
}

/// The score of one topic of one bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicScore {
    /// The topic, as the bank names it; [`REMOVED_TOPIC`] for questions no bank holds.
    pub topic: String,
    /// The id of the bank the topic belongs to.
    pub bank: String,
    /// The mean score of its main answers, to one decimal; `null` when it has none.
    pub average_score: Option<f64>,
    /// Its answers: main answers and follow-ups.
    pub answers: usize,
}

/// A concept (one expected point of a question or follow-up) that was missed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedConcept {
    pub bank: String,
    /// The question id.
    pub question: String,
    /// The follow-up id, `null` for a point of the main question.
    pub follow_up: Option<String>,
    /// The point id.
    pub point: String,
    /// The point's label in the bank, or its id when no bank holds it any more.
    pub label: String,
    pub times_missed: u32,
    pub times_covered: u32,
    /// When it was last missed, in seconds since the Unix epoch.
    pub last_missed: u64,
}

/// How many concepts stand where in the review schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConceptCounts {
    /// Concepts answered at least once, covered or missed.
    pub seen: usize,
    /// Missed concepts due for review today (`grill review` asks them).
    pub due_today: usize,
    /// Concepts missed at least once and not mastered.
    pub learning: usize,
    /// Concepts mastered: reviewed in every box of the schedule.
    pub mastered: usize,
}

impl Tally {
    fn average(&self) -> Option<f64> {
        (self.mains > 0).then(|| one_decimal(self.main_total / self.mains as f64))
    }
}

/// The progress figures of `records`, at `now` (seconds since the Unix epoch), with days
/// counted in `tz`; topics and point labels come from `catalog`.
pub fn stats(records: &[Record], catalog: &Catalog, now: u64, tz: &TimeZone) -> Stats {
    of_digest(&Digest::of_records(records, tz), catalog, now)
}

/// The progress figures of the history `digest` sums up, at `now` (seconds since the
/// Unix epoch); topics and point labels come from `catalog`.
pub fn of_digest(digest: &Digest, catalog: &Catalog, now: u64) -> Stats {
    let tz = digest.time_zone();
    let days = digest.days();
    let (streak_days, longest_streak_days) = streaks(&days, local_day(now, tz));

    let mut scores: Vec<SessionScore> = digest
        .sessions()
        .map(|(session, tally)| SessionScore {
            session: session.to_owned(),
            start_time: tally.first,
            date: format_time(tally.first, tz, true),
            average_score: tally.average(),
            answers: tally.answers,
        })
        .collect();
    scores.sort_by(|a, b| (a.start_time, &a.session).cmp(&(b.start_time, &b.session)));

    let known = digest.mastery();
    let concepts = ConceptCounts {
        seen: known.len(),
        // What is due follows the one rule home and `grill review` use; the other
        // figures keep answers to questions that have since left the banks.
        due_today: mastery::due(&known, local_day(now, tz))
            .into_iter()
            .filter(|(concept, _)| concept.is_askable(catalog))
            .count(),
        learning: known
            .values()
            .filter(|m| m.times_missed > 0 && !m.mastered)
            .count(),
        mastered: known.values().filter(|m| m.mastered).count(),
    };

    let any = !digest.is_empty();
    Stats {
        answers: digest.total.answers,
        sessions: scores.len(),
        average_score: digest.total.average(),
        time_practised_secs: digest.seconds_used.round() as u64,
        days_practised: days.len(),
        streak_days,
        longest_streak_days,
        first_day: any.then(|| format_time(digest.first, tz, false)),
        last_day: any.then(|| format_time(digest.last, tz, false)),
        scores,
        topics: topics(digest, catalog),
        most_missed: most_missed(&known, catalog),
        concepts,
    }
}

/// The current and the longest streak of `days` (sorted, distinct), on `today`.
fn streaks(days: &[i64], today: i64) -> (u32, u32) {
    let (mut run, mut longest) = (0, 0);
    let mut previous = None;
    for &day in days {
        run = if previous == Some(day - 1) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let current = match days.last() {
        Some(&last) if last >= today - 1 => run,
        _ => 0,
    };
    (current, longest)
}

/// The per-question tallies gathered into topics, looked up once per question.
fn topics(digest: &Digest, catalog: &Catalog) -> Vec<TopicScore> {
    let mut topics: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    for ((bank, question), tally) in digest.questions() {
        let key = catalog
            .question(question)
            .map_or((REMOVED_TOPIC, bank), |(bank, question)| {
                (question.topic.as_str(), bank.id.as_str())
            });
        topics.entry(key).or_insert(Tally::EMPTY).merge(tally);
    }
    topics
        .into_iter()
        .map(|((topic, bank), tally)| TopicScore {
            topic: topic.to_owned(),
            bank: bank.to_owned(),
            average_score: tally.average(),
            answers: tally.answers,
        })
        .collect()
}

fn most_missed(known: &BTreeMap<Concept, Mastery>, catalog: &Catalog) -> Vec<MissedConcept> {
    let mut missed: Vec<(&Concept, &Mastery, u64)> = known
        .iter()
        .filter(|(_, m)| m.times_missed > 0)
        .map(|(concept, m)| (concept, m, m.last_missed))
        .collect();
    missed.sort_by(|(ca, ma, ta), (cb, mb, tb)| {
        mb.times_missed
            .cmp(&ma.times_missed)
            .then(tb.cmp(ta))
            .then_with(|| ca.cmp(cb))
    });
    missed
        .into_iter()
        .take(MOST_MISSED)
        .map(|(concept, m, when)| MissedConcept {
            bank: concept.bank.clone(),
            question: concept.question.clone(),
            follow_up: concept.follow_up.clone(),
            point: concept.point.clone(),
            label: concept.label(catalog).to_owned(),
            times_missed: m.times_missed,
            times_covered: m.times_covered,
            last_missed: when,
        })
        .collect()
}

/// The local date of `time` (seconds since the Unix epoch) in `tz`, `YYYY-MM-DD`, and
/// with `minutes` its time, `YYYY-MM-DD HH:MM`.
fn format_time(time: u64, tz: &TimeZone, minutes: bool) -> String {
    let Some(t) = i64::try_from(time)
        .ok()
        .and_then(|t| jiff::Timestamp::from_second(t).ok())
    else {
        return String::new();
    };
    let local = tz.to_datetime(t);
    let (year, month, day) = (local.year(), local.month(), local.day());
    if minutes {
        let (hour, minute) = (local.hour(), local.minute());
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}")
    }
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::parse_bank;
    use crate::history::SCHEMA;

    const DAY: u64 = 24 * 60 * 60;
    const HOUR: u64 = 60 * 60;
    const MINUTE: u64 = 60;
    /// 2026-11-02 00:00 UTC, a Monday.
    const MONDAY: u64 = 1_793_577_600;

    const BANK: &str = r#"
[bank]
id = "t"
title = "A bank for stats tests"
description = "Two questions on two topics."

[[question]]
id = "shutdown"
topic = "Deep dive"
prompt = "How does a container shut down cleanly?"

  [[question.point]]
  id = "sigterm"
  label = "ECS sends SIGTERM first"
  weight = 2
  keywords = ["sigterm"]

  [[question.point]]
  id = "drain"
  label = "Drain in-flight requests"
  keywords = ["drain"]

  [[question.follow_up]]
  id = "timeout"
  prompt = "How long does the app have?"
  when_covered = ["sigterm"]
    [[question.follow_up.point]]
    id = "thirty"
    label = "30 seconds by default"
    keywords = ["30 seconds"]

[[question]]
id = "pool"
topic = "Basics"
prompt = "Why does a long-lived process help with database connections?"

  [[question.point]]
  id = "reuse"
  label = "A pool is reused across requests"
  keywords = ["connection pool"]
"#;

    fn catalog() -> Catalog {
        Catalog::from_banks(vec![parse_bank("t.toml", BANK).expect("the bank is valid")])
    }

    /// An answer to `question` (`question/follow-up` for a follow-up).
    fn answer(
        time: u64,
        session: &str,
        question: &str,
        score: f64,
        covered: &[&str],
        missed: &[&str],
        used: f64,
    ) -> Record {
        let (question, follow_up) = match question.split_once('/') {
            Some((q, f)) => (q, Some(f.to_owned())),
            None => (question, None),
        };
        Record {
            schema: SCHEMA,
            time,
            session: session.to_owned(),
            bank: "t".to_owned(),
            question: question.to_owned(),
            follow_up,
            answer: "an answer".to_owned(),
            score,
            covered: covered.iter().map(|s| (*s).to_owned()).collect(),
            missed: missed.iter().map(|s| (*s).to_owned()).collect(),
            time_used_secs: used,
            time_allowed_secs: 120.0,
            time_up: false,
            findings: Default::default(),
        }
    }

    /// One main answer at `time`, in a session of its own.
    fn on(time: u64) -> Record {
        answer(
            time,
            &format!("s{time}"),
            "pool",
            100.0,
            &["reuse"],
            &[],
            10.0,
        )
    }

    fn utc(records: &[Record], now: u64) -> Stats {
        stats(records, &catalog(), now, &TimeZone::UTC)
    }

    /// Three rounds over Monday and Tuesday.
    fn two_days() -> Vec<Record> {
        let tuesday = MONDAY + DAY;
        vec![
            // Monday morning: the shutdown question, its follow-up, the pool question.
            answer(
                MONDAY + 9 * HOUR,
                "s1",
                "shutdown",
                200.0 / 3.0,
                &["sigterm"],
                &["drain"],
                60.4,
            ),
            answer(
                MONDAY + 9 * HOUR + 2 * MINUTE,
                "s1",
                "shutdown/timeout",
                0.0,
                &[],
                &["thirty"],
                20.0,
            ),
            answer(
                MONDAY + 9 * HOUR + 5 * MINUTE,
                "s1",
                "pool",
                100.0,
                &["reuse"],
                &[],
                30.0,
            ),
            // Monday evening: shutdown again, badly.
            answer(
                MONDAY + 18 * HOUR,
                "s2",
                "shutdown",
                0.0,
                &[],
                &["sigterm", "drain"],
                45.2,
            ),
            // Tuesday morning.
            answer(
                tuesday + 10 * HOUR,
                "s3",
                "shutdown",
                100.0,
                &["sigterm", "drain"],
                &[],
                50.0,
            ),
            answer(
                tuesday + 10 * HOUR + 3 * MINUTE,
                "s3",
                "pool",
                0.0,
                &[],
                &["reuse"],
                10.0,
            ),
        ]
    }

    fn missed(
        question: &str,
        follow_up: Option<&str>,
        point: &str,
        label: &str,
        (times_missed, times_covered): (u32, u32),
        last_missed: u64,
    ) -> MissedConcept {
        MissedConcept {
            bank: "t".to_owned(),
            question: question.to_owned(),
            follow_up: follow_up.map(str::to_owned),
            point: point.to_owned(),
            label: label.to_owned(),
            times_missed,
            times_covered,
            last_missed,
        }
    }

    #[test]
    fn an_empty_history_has_no_figures() {
        assert_eq!(
            utc(&[], MONDAY),
            Stats {
                answers: 0,
                sessions: 0,
                average_score: None,
                time_practised_secs: 0,
                days_practised: 0,
                streak_days: 0,
                longest_streak_days: 0,
                first_day: None,
                last_day: None,
                scores: vec![],
                topics: vec![],
                most_missed: vec![],
                concepts: ConceptCounts {
                    seen: 0,
                    due_today: 0,
                    learning: 0,
                    mastered: 0
                },
            }
        );
    }

    #[test]
    fn three_rounds_over_two_days() {
        let tuesday = MONDAY + DAY;
        let stats = utc(&two_days(), tuesday + 12 * HOUR);
        let expected = Stats {
            answers: 6,
            sessions: 3,
            // (66.7 + 100 + 0 + 100 + 0) / 5; the follow-up does not count.
            average_score: Some(53.3),
            // 215.6 s
            time_practised_secs: 216,
            days_practised: 2,
            streak_days: 2,
            longest_streak_days: 2,
            first_day: Some("2026-11-02".to_owned()),
            last_day: Some("2026-11-03".to_owned()),
            scores: vec![
                SessionScore {
                    session: "s1".to_owned(),
                    start_time: MONDAY + 9 * HOUR,
                    date: "2026-11-02 09:00".to_owned(),
                    average_score: Some(83.3),
                    answers: 3,
                },
                SessionScore {
                    session: "s2".to_owned(),
                    start_time: MONDAY + 18 * HOUR,
                    date: "2026-11-02 18:00".to_owned(),
                    average_score: Some(0.0),
                    answers: 1,
                },
                SessionScore {
                    session: "s3".to_owned(),
                    start_time: tuesday + 10 * HOUR,
                    date: "2026-11-03 10:00".to_owned(),
                    average_score: Some(50.0),
                    answers: 2,
                },
            ],
            topics: vec![
                TopicScore {
                    topic: "Basics".to_owned(),
                    bank: "t".to_owned(),
                    average_score: Some(50.0),
                    answers: 2,
                },
                TopicScore {
                    topic: "Deep dive".to_owned(),
                    bank: "t".to_owned(),
                    // (66.7 + 0 + 100) / 3
                    average_score: Some(55.6),
                    answers: 4,
                },
            ],
            most_missed: vec![
                missed(
                    "shutdown",
                    None,
                    "drain",
                    "Drain in-flight requests",
                    (2, 1),
                    MONDAY + 18 * HOUR,
                ),
                // Missed once each: the latest miss first.
                missed(
                    "pool",
                    None,
                    "reuse",
                    "A pool is reused across requests",
                    (1, 1),
                    tuesday + 10 * HOUR + 3 * MINUTE,
                ),
                missed(
                    "shutdown",
                    None,
                    "sigterm",
                    "ECS sends SIGTERM first",
                    (1, 2),
                    MONDAY + 18 * HOUR,
                ),
                missed(
                    "shutdown",
                    Some("timeout"),
                    "thirty",
                    "30 seconds by default",
                    (1, 0),
                    MONDAY + 9 * HOUR + 2 * MINUTE,
                ),
            ],
            concepts: ConceptCounts {
                seen: 4,
                // Only the follow-up's point: missed on Monday, never covered since.
                due_today: 1,
                learning: 4,
                mastered: 0,
            },
        };
        assert_eq!(stats, expected);
    }

    #[test]
    fn the_order_of_the_records_does_not_matter() {
        let now = MONDAY + DAY + 12 * HOUR;
        let mut records = two_days();
        records.reverse();
        assert_eq!(utc(&records, now), utc(&two_days(), now));
    }

    #[test]
    fn a_streak_that_ended_yesterday_still_counts() {
        let records = [on(MONDAY + 9 * HOUR), on(MONDAY + DAY + 23 * HOUR)];
        // Wednesday evening: nothing yet today, but Monday and Tuesday in a row.
        let stats = utc(&records, MONDAY + 2 * DAY + 20 * HOUR);
        assert_eq!((stats.streak_days, stats.longest_streak_days), (2, 2));
        // Thursday: the streak is broken.
        let stats = utc(&records, MONDAY + 3 * DAY);
        assert_eq!((stats.streak_days, stats.longest_streak_days), (0, 2));
    }

    #[test]
    fn practice_today_extends_the_streak() {
        let records = [on(MONDAY), on(MONDAY + DAY), on(MONDAY + 2 * DAY + HOUR)];
        let stats = utc(&records, MONDAY + 2 * DAY + 2 * HOUR);
        assert_eq!((stats.streak_days, stats.longest_streak_days), (3, 3));
    }

    #[test]
    fn the_longest_streak_survives_a_gap() {
        // Three days in a row, two days off, then two days in a row up to today, with
        // two answers on one of them.
        let mut records: Vec<Record> = [0, 1, 2, 5, 6].map(|d| on(MONDAY + d * DAY)).into();
        records.push(on(MONDAY + 6 * DAY + HOUR));
        let stats = utc(&records, MONDAY + 6 * DAY + 2 * HOUR);
        assert_eq!(stats.days_practised, 5);
        assert_eq!((stats.streak_days, stats.longest_streak_days), (2, 3));
    }

    #[test]
    fn answers_to_removed_questions_keep_their_figures() {
        let mut gone = answer(MONDAY, "s1", "gone", 40.0, &["a"], &["lost-point"], 5.0);
        gone.bank = "old".to_owned();
        let records = [gone, on(MONDAY + HOUR)];
        let stats = utc(&records, MONDAY + 2 * HOUR);
        assert_eq!(
            stats.topics,
            [
                TopicScore {
                    topic: REMOVED_TOPIC.to_owned(),
                    bank: "old".to_owned(),
                    average_score: Some(40.0),
                    answers: 1,
                },
                TopicScore {
                    topic: "Basics".to_owned(),
                    bank: "t".to_owned(),
                    average_score: Some(100.0),
                    answers: 1,
                },
            ]
        );
        assert_eq!(stats.most_missed.len(), 1);
        assert_eq!(stats.most_missed[0].bank, "old");
        // No bank holds the point, so its id stands in for the label.
        assert_eq!(stats.most_missed[0].label, "lost-point");
    }

    #[test]
    fn days_are_counted_where_the_user_lives() {
        let tokyo = TimeZone::fixed(jiff::tz::offset(9));
        // 20:00 UTC on Monday is 05:00 on Tuesday in Tokyo.
        let evening = MONDAY + 20 * HOUR;
        let records = [on(MONDAY + 10 * HOUR), on(evening)];
        let in_utc = utc(&records, evening + HOUR);
        assert_eq!(in_utc.days_practised, 1);
        assert_eq!(in_utc.last_day.as_deref(), Some("2026-11-02"));
        assert_eq!(in_utc.scores[1].date, "2026-11-02 20:00");

        let in_tokyo = stats(&records, &catalog(), evening + HOUR, &tokyo);
        assert_eq!(in_tokyo.days_practised, 2);
        assert_eq!(in_tokyo.first_day.as_deref(), Some("2026-11-02"));
        assert_eq!(in_tokyo.last_day.as_deref(), Some("2026-11-03"));
        assert_eq!(in_tokyo.scores[1].date, "2026-11-03 05:00");
        assert_eq!((in_tokyo.streak_days, in_tokyo.longest_streak_days), (2, 2));
    }

    #[test]
    fn only_the_ten_most_missed_are_listed() {
        let points: Vec<String> = (0..15).map(|i| format!("p{i:02}")).collect();
        let mut records = Vec::new();
        for (i, point) in points.iter().enumerate() {
            // p00 is missed once, p14 fifteen times.
            for n in 0..=i as u64 {
                records.push(answer(
                    MONDAY + n * MINUTE,
                    "s",
                    "pool",
                    0.0,
                    &[],
                    &[point],
                    1.0,
                ));
            }
        }
        let stats = utc(&records, MONDAY + HOUR);
        let listed: Vec<(&str, u32)> = stats
            .most_missed
            .iter()
            .map(|m| (m.point.as_str(), m.times_missed))
            .collect();
        assert_eq!(listed.len(), MOST_MISSED);
        assert_eq!(listed[0], ("p14", 15));
        assert_eq!(listed[9], ("p05", 6));
    }

    #[test]
    fn serialises_with_snake_case_names() {
        let json = serde_json::to_value(utc(&two_days(), MONDAY + DAY)).unwrap();
        assert_eq!(json["average_score"], 53.3);
        assert_eq!(json["concepts"]["due_today"], 1);
        assert_eq!(json["scores"][0]["date"], "2026-11-02 09:00");
        assert!(json["most_missed"][0]["follow_up"].is_null());
        assert_eq!(json["most_missed"][3]["follow_up"], "timeout");
    }
}
