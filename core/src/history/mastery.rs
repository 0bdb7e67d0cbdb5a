//! How well each concept is known, from the history, and when it is due for review.
//!
//! A concept is one expected point of one question or follow-up. Its schedule is a
//! Leitner system of five boxes counted in calendar days of the user's time zone: a miss
//! puts it in box 1, due again the next day; a cover once it is due moves it up a box,
//! and each box waits twice as long as the one below (1, 2, 4, 8, 16 days). Covered once
//! more in box 5 — five reviews in a row, each after its wait, over about a month — it is
//! mastered, until it is missed again.

use std::collections::BTreeMap;

use super::Record;
use super::digest::Digest;
use crate::bank::Catalog;
use crate::round::RoundOptions;
use jiff::tz::TimeZone;

/// The highest box; covering a concept there masters it.
pub const TOP_BOX: u8 = 5;

/// Which concept: bank, question, follow-up (if any) and point.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Concept {
    pub bank: String,
    pub question: String,
    pub follow_up: Option<String>,
    pub point: String,
}

impl Concept {
    /// Whether `catalog` still holds the concept's point, so it can be asked.
    pub fn is_askable(&self, catalog: &Catalog) -> bool {
        catalog
            .point(&self.question, self.follow_up.as_deref(), &self.point)
            .is_some()
    }

    /// The label of the concept's point in `catalog`, or the point's id when the bank no
    /// longer has it.
    pub fn label<'a>(&'a self, catalog: &'a Catalog) -> &'a str {
        catalog
            .point(&self.question, self.follow_up.as_deref(), &self.point)
            .map_or(self.point.as_str(), |p| p.label.as_str())
    }
}

/// Where a concept stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mastery {
    /// 1 ..= [`TOP_BOX`].
    pub box_number: u8,
    pub times_missed: u32,
    pub times_covered: u32,
    /// When it was last answered, in seconds since the Unix epoch.
    pub last_seen: u64,
    /// When it was last missed (0 if never), in seconds since the Unix epoch.
    pub last_missed: u64,
    /// The day it should be reviewed next (see [`local_day`](super::local_day)).
    pub due_day: i64,
    pub mastered: bool,
}

/// The mastery of every concept the history has seen, from its records in time order,
/// with days counted in `tz`.
pub fn mastery(records: &[Record], tz: &TimeZone) -> BTreeMap<Concept, Mastery> {
    Digest::of_records(records, tz).mastery()
}

impl Mastery {
    /// A concept first answered at `time`, on `day`.
    pub(super) fn fresh(time: u64, day: i64) -> Mastery {
        Mastery {
            box_number: 1,
            times_missed: 0,
            times_covered: 0,
            last_seen: time,
            last_missed: 0,
            due_day: day,
            mastered: false,
        }
    }

    /// Missed at `time`, on `day`: back to box 1, due the next day.
    pub(super) fn missed(&mut self, time: u64, day: i64) {
        self.box_number = 1;
        self.times_missed += 1;
        self.mastered = false;
        self.last_seen = time;
        self.last_missed = time;
        self.due_day = day + interval(1);
    }

    /// Covered at `time`, on `day`.
    pub(super) fn covered(&mut self, time: u64, day: i64) {
        self.times_covered += 1;
        // Only a cover after the wait counts as a review: saying it twice in one sitting
        // proves less than saying it again days later.
        if day >= self.due_day {
            if self.box_number == TOP_BOX {
                self.mastered = true;
            }
            self.box_number = (self.box_number + 1).min(TOP_BOX);
            self.due_day = day + interval(self.box_number);
        }
        self.last_seen = time;
    }
}

/// The concepts of `mastery` that `catalog` still asks: a concept whose question,
/// follow-up or point has left the banks is never due. Home, `grill review` and `review
/// --list` read the mastery through it, and the stats' due count through
/// [`Concept::is_askable`], its test, so they agree on what is due.
pub fn askable(
    mut mastery: BTreeMap<Concept, Mastery>,
    catalog: &Catalog,
) -> BTreeMap<Concept, Mastery> {
    mastery.retain(|concept, _| concept.is_askable(catalog));
    mastery
}

/// The concepts being learned: missed at least once and not mastered, the soonest due
/// first.
pub fn learning(mastery: &BTreeMap<Concept, Mastery>) -> Vec<(&Concept, &Mastery)> {
    let mut learning: Vec<(&Concept, &Mastery)> = mastery
        .iter()
        .filter(|(_, m)| !m.mastered && m.times_missed > 0)
        .collect();
    learning.sort_by_key(|(_, m)| m.due_day);
    learning
}

/// The concepts being learned that are due on `today` (see [`local_day`](super::local_day)), the longest
/// overdue first.
pub fn due(mastery: &BTreeMap<Concept, Mastery>, today: i64) -> Vec<(&Concept, &Mastery)> {
    let mut due = learning(mastery);
    due.retain(|(_, m)| m.due_day <= today);
    due
}

/// How many questions a review ahead of time asks at most.
pub const UPCOMING_QUESTIONS: usize = 5;

/// The concepts due next, for a review ahead of time: those of the first
/// `questions` questions that hold concepts being learned, the soonest due first.
pub fn upcoming(mastery: &BTreeMap<Concept, Mastery>, questions: usize) -> Vec<Concept> {
    let mut chosen: Vec<&str> = Vec::new();
    learning(mastery)
        .into_iter()
        .filter(|(concept, _)| {
            if !chosen.contains(&concept.question.as_str()) && chosen.len() < questions {
                chosen.push(&concept.question);
            }
            chosen.contains(&concept.question.as_str())
        })
        .map(|(concept, _)| concept.clone())
        .collect()
}

/// The options of a review round of the `due` concepts: their questions, with the
/// follow-ups that hold some of them asked first; a question none of whose own points is
/// due has only its follow-up asked.
pub fn review_options(due: &[Concept]) -> RoundOptions {
    let mut only: Vec<String> = due.iter().map(|c| c.question.clone()).collect();
    only.sort();
    only.dedup();
    let mut drill_follow_ups: Vec<String> =
        due.iter().filter_map(|c| c.follow_up.clone()).collect();
    drill_follow_ups.sort();
    drill_follow_ups.dedup();
    let follow_ups_only = only
        .iter()
        .filter(|question| {
            due.iter()
                .filter(|c| c.question == **question)
                .all(|c| c.follow_up.is_some())
        })
        .cloned()
        .collect();
    RoundOptions {
        count: only.len(),
        only,
        drill_follow_ups,
        follow_ups_only,
        ..RoundOptions::default()
    }
}

/// How many days a concept in `box_number` waits before its next review.
fn interval(box_number: u8) -> i64 {
    1 << (box_number.saturating_sub(1).min(TOP_BOX - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{SCHEMA, local_day};

    const DAY: u64 = 24 * 60 * 60;
    /// 2026-11-02 00:00 UTC, a Monday.
    const MONDAY: u64 = 1_793_577_600;

    fn answer(time: u64, covered: &[&str], missed: &[&str]) -> Record {
        Record {
            schema: SCHEMA,
            time,
            session: "s".to_owned(),
            bank: "b".to_owned(),
            question: "q".to_owned(),
            follow_up: None,
            answer: String::new(),
            score: 0.0,
            covered: covered.iter().map(|s| (*s).to_owned()).collect(),
            missed: missed.iter().map(|s| (*s).to_owned()).collect(),
            time_used_secs: 0.0,
            time_allowed_secs: 60.0,
            time_up: false,
            findings: Default::default(),
        }
    }

    fn concept(point: &str) -> Concept {
        Concept {
            bank: "b".to_owned(),
            question: "q".to_owned(),
            follow_up: None,
            point: point.to_owned(),
        }
    }

    fn day(time: u64) -> i64 {
        local_day(time, &TimeZone::UTC)
    }

    #[test]
    fn a_missed_concept_is_due_the_next_day() {
        let evening = MONDAY + 20 * 3600;
        let m = mastery(&[answer(evening, &["a"], &["b"])], &TimeZone::UTC);
        assert!(due(&m, day(evening)).is_empty());
        // The next morning, only eleven hours later, it is due.
        let due_now = due(&m, day(evening + 11 * 3600));
        assert_eq!(due_now.len(), 1);
        assert_eq!(due_now[0].0, &concept("b"));
        assert_eq!(due_now[0].1.times_missed, 1);
        assert_eq!(due_now[0].1.box_number, 1);
    }

    #[test]
    fn days_are_counted_where_the_user_lives() {
        let tokyo = TimeZone::fixed(jiff::tz::offset(9));
        // 20:00 UTC is 05:00 the next day in Tokyo.
        let evening_utc = MONDAY + 20 * 3600;
        assert_eq!(local_day(evening_utc, &tokyo), day(evening_utc) + 1);
        let m = mastery(&[answer(evening_utc, &[], &["p"])], &tokyo);
        assert_eq!(m[&concept("p")].due_day, day(evening_utc) + 2);
    }

    /// Simulates weeks of practice on a fake clock: every morning the user reviews what
    /// is due and covers it.
    #[test]
    fn reviewed_whenever_due_a_concept_is_mastered_in_about_a_month() {
        let mut records = vec![answer(MONDAY + 9 * 3600, &[], &["p"])];
        let mut reviews_on = Vec::new();
        for day_number in 1..60 {
            let morning = MONDAY + day_number * DAY + 9 * 3600;
            let m = mastery(&records, &TimeZone::UTC);
            if m[&concept("p")].mastered {
                break;
            }
            if !due(&m, day(morning)).is_empty() {
                reviews_on.push(day_number);
                records.push(answer(morning, &["p"], &[]));
            }
        }
        // Waits of 1, 2, 4, 8 and 16 days between the reviews.
        assert_eq!(reviews_on, [1, 3, 7, 15, 31]);
        let m = mastery(&records, &TimeZone::UTC);
        let state = &m[&concept("p")];
        assert!(state.mastered, "{state:?}");
        assert!(due(&m, day(MONDAY + 365 * DAY)).is_empty());
    }

    #[test]
    fn covers_in_one_sitting_do_not_master_it() {
        let t = MONDAY;
        let mut records = vec![answer(t, &[], &["p"])];
        for minute in 1..10 {
            records.push(answer(t + minute * 60, &["p"], &[]));
        }
        let m = mastery(&records, &TimeZone::UTC);
        assert!(!m[&concept("p")].mastered);
        assert_eq!(m[&concept("p")].box_number, 1);
        assert_eq!(due(&m, day(t + DAY)).len(), 1);
    }

    #[test]
    fn a_concept_covered_before_it_was_ever_missed_is_never_due() {
        let m = mastery(&[answer(MONDAY, &["p"], &[])], &TimeZone::UTC);
        assert!(due(&m, day(MONDAY + 100 * DAY)).is_empty());
    }

    #[test]
    fn missed_again_it_goes_back_to_box_1_and_is_due() {
        let mut t = MONDAY;
        let mut records = vec![answer(t, &[], &["p"])];
        for wait in [1, 2, 4, 8, 16] {
            t += wait * DAY;
            records.push(answer(t, &["p"], &[]));
        }
        assert!(mastery(&records, &TimeZone::UTC)[&concept("p")].mastered);
        t += 30 * DAY;
        records.push(answer(t, &[], &["p"]));
        let m = mastery(&records, &TimeZone::UTC);
        let state = &m[&concept("p")];
        assert!(!state.mastered);
        assert_eq!(state.box_number, 1);
        assert_eq!(state.times_missed, 2);
        assert!(due(&m, day(t)).is_empty());
        assert_eq!(due(&m, day(t + DAY)).len(), 1);
    }

    #[test]
    fn a_miss_halfway_up_starts_the_climb_again() {
        let mut t = MONDAY;
        let mut records = vec![answer(t, &[], &["p"])];
        for wait in [1, 2] {
            t += wait * DAY;
            records.push(answer(t, &["p"], &[]));
        }
        assert_eq!(
            mastery(&records, &TimeZone::UTC)[&concept("p")].box_number,
            3
        );
        t += 4 * DAY;
        records.push(answer(t, &[], &["p"]));
        let m = mastery(&records, &TimeZone::UTC);
        assert_eq!(m[&concept("p")].box_number, 1);
        assert_eq!(m[&concept("p")].due_day, day(t) + 1);
    }

    #[test]
    fn a_review_asks_only_the_follow_up_of_a_question_whose_main_points_are_not_due() {
        let in_follow_up = Concept {
            follow_up: Some("f".to_owned()),
            ..concept("p")
        };
        let options = review_options(std::slice::from_ref(&in_follow_up));
        assert_eq!(options.only, ["q"]);
        assert_eq!(options.drill_follow_ups, ["f"]);
        assert_eq!(options.follow_ups_only, ["q"]);
        // A due point of the main question too: the main question is asked.
        let options = review_options(&[in_follow_up, concept("p")]);
        assert!(options.follow_ups_only.is_empty());
    }
}
