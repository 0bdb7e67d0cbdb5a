//! How well each concept is known, from the history, and when it is due for review.
//!
//! A concept is one expected point of one question or follow-up. Its schedule is a
//! Leitner system of five boxes: a miss puts it in box 1, due again a day later; a
//! cover once it is due moves it up a box, and each box waits twice as long as the one
//! below (1, 2, 4, 8, 16 days). Covered once more in box 5 — five reviews in a row, each
//! after its wait, over about a month — it is mastered, until it is missed again.

use std::collections::BTreeMap;

use super::Record;

/// Seconds in a day.
const DAY: u64 = 24 * 60 * 60;

/// The highest box; covering a concept there masters it.
pub const TOP_BOX: u8 = 5;

/// Which concept: bank, question, follow-up (if any) and point.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Concept {
    pub bank: String,
    pub question: String,
    pub follow_up: Option<String>,
    pub point: String,
}

/// Where a concept stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mastery {
    /// 1 ..= [`TOP_BOX`].
    pub box_number: u8,
    pub times_missed: u32,
    pub times_covered: u32,
    /// When it was last answered, in seconds since the Unix epoch.
    pub last_seen: u64,
    /// When it should be reviewed next.
    pub due: u64,
    pub mastered: bool,
}

/// The mastery of every concept the history has seen, from its records in order.
pub fn mastery(records: &[Record]) -> BTreeMap<Concept, Mastery> {
    let mut concepts: BTreeMap<Concept, Mastery> = BTreeMap::new();
    let mut ordered: Vec<&Record> = records.iter().collect();
    ordered.sort_by_key(|r| r.time);
    for record in ordered {
        let concept = |point: &String| Concept {
            bank: record.bank.clone(),
            question: record.question.clone(),
            follow_up: record.follow_up.clone(),
            point: point.clone(),
        };
        for point in &record.missed {
            let entry = concepts
                .entry(concept(point))
                .or_insert_with(|| fresh(record.time));
            entry.box_number = 1;
            entry.times_missed += 1;
            entry.mastered = false;
            entry.last_seen = record.time;
            entry.due = record.time + interval(1);
        }
        for point in &record.covered {
            let entry = concepts
                .entry(concept(point))
                .or_insert_with(|| fresh(record.time));
            entry.times_covered += 1;
            // Only a cover after the wait counts as a review: saying it twice in one
            // sitting proves less than saying it again days later.
            let reviewed = record.time >= entry.due;
            if reviewed {
                if entry.box_number == TOP_BOX {
                    entry.mastered = true;
                }
                entry.box_number = (entry.box_number + 1).min(TOP_BOX);
                entry.due = record.time + interval(entry.box_number);
            }
            entry.last_seen = record.time;
        }
    }
    concepts
}

/// The concepts due at `now` that have been missed at least once and are not mastered,
/// the longest overdue first.
pub fn due(mastery: &BTreeMap<Concept, Mastery>, now: u64) -> Vec<(&Concept, &Mastery)> {
    let mut due: Vec<(&Concept, &Mastery)> = mastery
        .iter()
        .filter(|(_, m)| !m.mastered && m.times_missed > 0 && m.due <= now)
        .collect();
    due.sort_by_key(|(_, m)| m.due);
    due
}

fn fresh(time: u64) -> Mastery {
    Mastery {
        box_number: 1,
        times_missed: 0,
        times_covered: 0,
        last_seen: time,
        due: time,
        mastered: false,
    }
}

/// How long a concept in `box_number` waits before its next review.
fn interval(box_number: u8) -> u64 {
    DAY << (box_number.saturating_sub(1).min(TOP_BOX - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::SCHEMA;

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

    #[test]
    fn a_missed_concept_is_due_a_day_later() {
        let start = 1_000_000;
        let m = mastery(&[answer(start, &["a"], &["b"])]);
        assert!(due(&m, start + DAY - 1).is_empty());
        let due_now = due(&m, start + DAY);
        assert_eq!(due_now.len(), 1);
        assert_eq!(due_now[0].0, &concept("b"));
        assert_eq!(due_now[0].1.times_missed, 1);
    }

    #[test]
    fn covered_in_reviews_spread_over_days_it_is_mastered() {
        let mut t = 1_000_000;
        let mut records = vec![answer(t, &[], &["p"])];
        // Reviews after 1, 2, 4, 8 and 16 days: boxes 2, 3, 4, 5, then mastered.
        for wait in [1, 2, 4, 8, 16] {
            t += wait * DAY;
            records.push(answer(t, &["p"], &[]));
        }
        let m = mastery(&records);
        let state = &m[&concept("p")];
        assert!(state.mastered, "{state:?}");
        assert!(due(&m, t + 100 * DAY).is_empty());
    }

    #[test]
    fn covers_in_one_sitting_do_not_master_it() {
        let t = 1_000_000;
        let mut records = vec![answer(t, &[], &["p"])];
        for minute in 1..10 {
            records.push(answer(t + minute * 60, &["p"], &[]));
        }
        let m = mastery(&records);
        assert!(!m[&concept("p")].mastered);
        assert_eq!(m[&concept("p")].box_number, 1);
    }

    #[test]
    fn missed_again_it_goes_back_to_box_1_and_is_due() {
        let mut t = 1_000_000;
        let mut records = vec![answer(t, &[], &["p"])];
        for wait in [1, 2, 4, 8, 16] {
            t += wait * DAY;
            records.push(answer(t, &["p"], &[]));
        }
        assert!(mastery(&records)[&concept("p")].mastered);
        t += 30 * DAY;
        records.push(answer(t, &[], &["p"]));
        let m = mastery(&records);
        let state = &m[&concept("p")];
        assert!(!state.mastered);
        assert_eq!(state.box_number, 1);
        assert_eq!(state.times_missed, 2);
        assert_eq!(due(&m, t + DAY).len(), 1);
    }
}
