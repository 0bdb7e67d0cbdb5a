//! A practice round as it is kept: the [`Round`], its session id in the history, the
//! answers already written there, and when the round in progress last went to its
//! draft.
//!
//! [`Session::keep`] decides what to keep and when, and says so as [`Effect`]s for the
//! caller to carry out: every submitted answer goes to the history at once; the round in
//! progress goes to the draft at once when a step is taken, and every few seconds while
//! the answer being typed changes; the draft goes when the round ends. It does no I/O
//! and reads no clock, so the policy is tested without a terminal or a folder.

use std::time::{Duration, Instant};

use crate::bank::{Catalog, FollowUp, Question};
use crate::history::draft::Draft;
use crate::history::mastery::Concept;
use crate::history::{Findings, Record, SCHEMA};
use crate::round::{Answer, Prompt, Round, Stage, Step};
use crate::scoring::Scorer;

/// How often the answer being typed goes to the draft, at most.
pub const DRAFT_EVERY: Duration = Duration::from_secs(3);

/// What a session asks to be kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append this submitted answer to the history, before anything else happens.
    Append(Record),
    /// Replace the draft with this one.
    SaveDraft(Draft),
    /// Remove the draft: the round ended.
    ClearDraft,
}

/// What the draft last received, so an unchanged round is not written again.
#[derive(Debug, Clone)]
struct DraftMark {
    at: Instant,
    steps: usize,
    typing: String,
}

/// A round, kept.
pub struct Session<'c> {
    pub round: Round<'c>,
    catalog: &'c Catalog,
    id: String,
    /// The concepts a review round drills; empty for a practice round.
    review: Vec<Concept>,
    /// The round's answers in the history.
    recorded: Vec<Record>,
    /// How many of the round's answers, in order, are in the history.
    written: usize,
    drafted: Option<DraftMark>,
}

impl<'c> Session<'c> {
    /// A round starting afresh as session `id`, its questions from `catalog`.
    pub fn new(round: Round<'c>, catalog: &'c Catalog, id: String, review: Vec<Concept>) -> Self {
        Session {
            round,
            catalog,
            id,
            review,
            recorded: Vec::new(),
            written: 0,
            drafted: None,
        }
    }

    /// The round of `draft`, over its `questions`, taken up again at `now`, with
    /// `recorded`, the session's records already in the history, which are not written
    /// again; and the text that was being typed.
    ///
    /// The history is written before the draft, so it may hold an answer the draft
    /// lacks (the app stopped between the two): such an answer is taken into the round
    /// as it was submitted, so it is neither asked again nor lost, and the text being
    /// typed, which it was, is dropped.
    pub fn resume(
        scorer: &'c Scorer<'c>,
        questions: Vec<&'c Question>,
        draft: &Draft,
        recorded: Vec<Record>,
        now: Instant,
    ) -> (Self, String) {
        let replay = |steps: &[Step], used: Duration| {
            Round::replay(
                scorer,
                questions.clone(),
                draft.options.clone(),
                steps,
                used,
                now,
            )
        };
        let mut steps = draft.steps.clone();
        let mut round = replay(&steps, Duration::from_millis(draft.used_ms));
        let mut typing = draft.typing.clone();
        for record in recorded.iter().skip(answer_count(&round)) {
            let mut tried = steps.clone();
            if *round.stage() == Stage::Feedback {
                tried.push(Step::Next);
            }
            if !asks(&replay(&tried, Duration::ZERO), record) {
                break;
            }
            tried.push(Step::Answered {
                text: record.answer.clone(),
                used_ms: (record.time_used_secs.max(0.0) * 1000.0) as u64,
            });
            steps = tried;
            round = replay(&steps, Duration::ZERO);
            typing.clear();
        }
        let written = answer_count(&round).min(recorded.len());
        let session = Session {
            written,
            recorded,
            ..Session::new(
                round,
                scorer.catalog(),
                draft.session.clone(),
                draft.review.clone(),
            )
        };
        (session, typing)
    }

    /// The round's session id in the history.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The concepts a review round drills.
    pub fn review(&self) -> &[Concept] {
        &self.review
    }

    /// The round's answers, as they went to the history.
    pub fn records(&self) -> &[Record] {
        &self.recorded
    }

    /// What to keep now that the round may have changed, with `typing` in the editor, at
    /// `now` on the round's clock and `wall` seconds since the Unix epoch. `force` puts
    /// what is typed in the draft whatever the time, as the app stops.
    pub fn keep(&mut self, typing: &str, now: Instant, wall: u64, force: bool) -> Vec<Effect> {
        let mut effects: Vec<Effect> = self
            .new_records(wall)
            .into_iter()
            .map(Effect::Append)
            .collect();
        if *self.round.stage() == Stage::Finished {
            if self.drafted.take().is_some() {
                effects.push(Effect::ClearDraft);
            }
        } else if let Some(draft) = self.draft_if_due(typing, now, wall, force) {
            effects.push(Effect::SaveDraft(draft));
        }
        effects
    }

    /// Whether the round is unfinished and in its draft, to be resumed.
    pub fn kept(&self) -> bool {
        *self.round.stage() != Stage::Finished && self.drafted.is_some()
    }

    /// The records of the answers submitted since the last call.
    fn new_records(&mut self, wall: u64) -> Vec<Record> {
        let results = self.round.results();
        let answers: Vec<(&Question, Option<&FollowUp>, &Answer<'_>)> = results
            .iter()
            .flat_map(|r| {
                let main = r.main.iter().map(move |a| (r.question, None, a));
                main.chain(
                    r.follow_ups
                        .iter()
                        .map(move |(f, a)| (r.question, Some(*f), a)),
                )
            })
            .collect();
        let new: Vec<Record> = answers
            .get(self.written..)
            .unwrap_or_default()
            .iter()
            .map(|(question, follow_up, answer)| {
                let bank = self
                    .catalog
                    .question(&question.id)
                    .map_or("", |(b, _)| &b.id);
                record(&self.id, bank, question, *follow_up, answer, wall)
            })
            .collect();
        self.written += new.len();
        self.recorded.extend(new.iter().cloned());
        new
    }

    /// The draft of the round in progress, when it is due: a step was taken since the
    /// last, or [`DRAFT_EVERY`] passed (or `force`) and `typing` changed.
    fn draft_if_due(
        &mut self,
        typing: &str,
        now: Instant,
        wall: u64,
        force: bool,
    ) -> Option<Draft> {
        let round = &self.round;
        let steps = round.steps().len();
        let due = self.drafted.as_ref().is_none_or(|mark| {
            mark.steps != steps || force || now.duration_since(mark.at) >= DRAFT_EVERY
        });
        let unchanged = self
            .drafted
            .as_ref()
            .is_some_and(|mark| mark.steps == steps && mark.typing == typing);
        if !due || unchanged {
            return None;
        }
        let used = match round.stage() {
            Stage::Asking(asking) => asking.limit.saturating_sub(asking.remaining(now)),
            _ => Duration::ZERO,
        };
        let draft = Draft {
            saved: wall,
            steps: round.steps().to_vec(),
            typing: typing.to_owned(),
            used_ms: u64::try_from(used.as_millis()).unwrap_or(u64::MAX),
            review: self.review.clone(),
            ..Draft::new(
                self.id.clone(),
                round.options().clone(),
                round.questions().iter().map(|q| q.id.clone()).collect(),
            )
        };
        self.drafted = Some(DraftMark {
            at: now,
            steps,
            typing: typing.to_owned(),
        });
        Some(draft)
    }
}

/// How many answers `round` holds, follow-ups included.
fn answer_count(round: &Round<'_>) -> usize {
    round
        .results()
        .iter()
        .map(|r| usize::from(r.main.is_some()) + r.follow_ups.len())
        .sum()
}

/// Whether `round` is asking what `record` answers.
fn asks(round: &Round<'_>, record: &Record) -> bool {
    let Stage::Asking(asking) = round.stage() else {
        return false;
    };
    match asking.prompt {
        Prompt::Main(question) => record.follow_up.is_none() && question.id == record.question,
        Prompt::FollowUp(question, follow_up, _) => {
            question.id == record.question && record.follow_up.as_deref() == Some(&follow_up.id)
        }
    }
}

/// The history record of `answer` to `question` (or its `follow_up`) of `bank`, in
/// round `session`, submitted at `wall` seconds since the Unix epoch.
fn record(
    session: &str,
    bank: &str,
    question: &Question,
    follow_up: Option<&FollowUp>,
    answer: &Answer<'_>,
    wall: u64,
) -> Record {
    let ids = |covered: bool| {
        answer
            .report
            .points
            .iter()
            .filter(|p| p.is_covered() == covered)
            .map(|p| p.point.id.clone())
            .collect()
    };
    Record {
        schema: SCHEMA,
        time: wall,
        session: session.to_owned(),
        bank: bank.to_owned(),
        question: question.id.clone(),
        follow_up: follow_up.map(|f| f.id.clone()),
        answer: answer.text.clone(),
        score: answer.report.score,
        covered: ids(true),
        missed: ids(false),
        time_used_secs: answer.time_used.as_secs_f64(),
        time_allowed_secs: answer.time_limit.as_secs_f64(),
        time_up: answer.time_up,
        findings: Findings::of(&answer.report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::parse_bank;
    use crate::round::RoundOptions;

    const BANK: &str = r#"
[bank]
id = "kept"
title = "A bank for keeping tests"
time_limit_secs = 60

[[question]]
id = "shutdown"
topic = "Operations"
prompt = "How do you shut down?"
  [[question.point]]
  id = "sigterm"
  label = "SIGTERM"
  keywords = ["sigterm"]
  [[question.point]]
  id = "drain"
  label = "Drain"
  keywords = ["drain"]
  [[question.follow_up]]
  id = "timeout"
  prompt = "How long?"
    [[question.follow_up.point]]
    id = "thirty"
    label = "30 seconds"
    keywords = ["30 seconds"]

[[question]]
id = "pool"
topic = "Database"
prompt = "Why pool?"
  [[question.point]]
  id = "reuse"
  label = "Reuse"
  keywords = ["reuse"]
"#;

    const WALL: u64 = 1_800_000_000;

    fn catalog() -> Catalog {
        Catalog::from_banks(vec![parse_bank("kept.toml", BANK).expect("valid")])
    }

    fn session<'c>(scorer: &'c Scorer<'c>, start: Instant) -> Session<'c> {
        let catalog = scorer.catalog();
        let questions = ["shutdown", "pool"]
            .iter()
            .map(|id| catalog.question(id).expect("a question").1)
            .collect();
        let options = RoundOptions {
            count: 2,
            follow_ups: 1,
            ..RoundOptions::default()
        };
        let round = Round::new(scorer, questions, options, start);
        Session::new(round, catalog, "s1".to_owned(), Vec::new())
    }

    fn appended(effects: &[Effect]) -> Vec<(&str, Option<&str>, &[String])> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Append(r) => {
                    Some((r.question.as_str(), r.follow_up.as_deref(), &r.covered[..]))
                }
                _ => None,
            })
            .collect()
    }

    /// The records `effects` append.
    fn records(effects: Vec<Effect>) -> Vec<Record> {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Append(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    fn drafts(effects: &[Effect]) -> Vec<&Draft> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::SaveDraft(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn each_answer_goes_to_the_history_once_as_it_is_submitted() {
        let catalog = catalog();
        let scorer = Scorer::new(&catalog);
        let start = Instant::now();
        let mut session = session(&scorer, start);
        session.keep("", start, WALL, false);
        let at = start + Duration::from_secs(20);
        session.round.submit("sigterm, then drain".to_owned(), at);
        let effects = session.keep("", at, WALL + 20, false);
        let sigterm_and_drain = ["sigterm".to_owned(), "drain".to_owned()];
        assert_eq!(
            appended(&effects),
            [("shutdown", None, &sigterm_and_drain[..])]
        );
        let Effect::Append(record) = &effects[0] else {
            panic!("{effects:?}")
        };
        assert_eq!(
            (record.session.as_str(), record.bank.as_str()),
            ("s1", "kept")
        );
        assert_eq!(record.time, WALL + 20);
        assert_eq!(record.time_used_secs, 20.0);
        // Asked again with nothing new submitted, nothing more is appended.
        assert!(appended(&session.keep("", at, WALL + 21, false)).is_empty());
        session.round.submit("30 seconds".to_owned(), at);
        let effects = session.keep("", at, WALL + 30, false);
        let thirty = ["thirty".to_owned()];
        assert_eq!(
            appended(&effects),
            [("shutdown", Some("timeout"), &thirty[..])]
        );
        assert_eq!(session.records().len(), 2);
    }

    #[test]
    fn the_draft_follows_each_step_and_what_is_typed_every_few_seconds() {
        let catalog = catalog();
        let scorer = Scorer::new(&catalog);
        let start = Instant::now();
        let mut session = session(&scorer, start);
        let first = session.keep("", start, WALL, false);
        assert_eq!(
            drafts(&first).len(),
            1,
            "the round goes to its draft at once"
        );
        assert!(session.kept());
        let soon = start + Duration::from_secs(1);
        assert!(drafts(&session.keep("sig", soon, WALL + 1, false)).is_empty());
        let later = start + DRAFT_EVERY + Duration::from_secs(1);
        let typed = session.keep("sigterm", later, WALL + 4, false);
        let draft = drafts(&typed)[0];
        assert_eq!(draft.typing, "sigterm");
        assert_eq!(draft.session, "s1");
        assert_eq!(draft.questions, ["shutdown", "pool"]);
        assert_eq!(
            draft.used_ms,
            later.duration_since(start).as_millis() as u64
        );
        // Unchanged, it is not written again, however long it waits.
        let much_later = later + DRAFT_EVERY * 2;
        assert!(drafts(&session.keep("sigterm", much_later, WALL + 10, false)).is_empty());
        // Forced, as the app stops, what changed goes at once.
        let forced = session.keep("sigterm and", much_later, WALL + 10, true);
        assert_eq!(drafts(&forced)[0].typing, "sigterm and");
        // A step goes at once too.
        session.round.skip(much_later);
        let stepped = session.keep("", much_later, WALL + 10, false);
        assert_eq!(drafts(&stepped)[0].steps.len(), 1);
    }

    #[test]
    fn the_draft_goes_when_the_round_ends() {
        let catalog = catalog();
        let scorer = Scorer::new(&catalog);
        let start = Instant::now();
        let mut session = session(&scorer, start);
        session.keep("", start, WALL, false);
        session.round.end();
        let effects = session.keep("", start, WALL, false);
        assert_eq!(effects, [Effect::ClearDraft]);
        assert!(!session.kept());
        assert!(session.keep("", start, WALL, false).is_empty());
    }

    #[test]
    fn a_resumed_round_does_not_write_its_answers_again() {
        let catalog = catalog();
        let scorer = Scorer::new(&catalog);
        let start = Instant::now();
        let mut first = session(&scorer, start);
        first.round.submit("sigterm".to_owned(), start);
        let effects = first.keep("", start, WALL, false);
        let draft = drafts(&effects)[0].clone();
        let written = records(effects);
        assert_eq!(written.len(), 1);
        let questions = draft
            .questions
            .iter()
            .map(|id| catalog.question(id).expect("a question").1)
            .collect();
        let (mut resumed, _) = Session::resume(&scorer, questions, &draft, written, start);
        assert_eq!(resumed.id(), "s1");
        let effects = resumed.keep("", start, WALL + 5, false);
        assert!(appended(&effects).is_empty(), "{effects:?}");
        resumed.round.submit("30 seconds".to_owned(), start);
        let effects = resumed.keep("", start, WALL + 6, false);
        let thirty = ["thirty".to_owned()];
        assert_eq!(
            appended(&effects),
            [("shutdown", Some("timeout"), &thirty[..])]
        );
    }

    /// The app stopped after the answer reached the history and before the draft did.
    #[test]
    fn an_answer_the_history_holds_beyond_the_draft_is_taken_in_not_asked_again() {
        let catalog = catalog();
        let scorer = Scorer::new(&catalog);
        let start = Instant::now();
        let mut first = session(&scorer, start);
        let before = drafts(&first.keep("sigterm", start, WALL, true))[0].clone();
        first.round.submit("sigterm, then drain".to_owned(), start);
        let written = records(first.keep("", start, WALL, false));
        let questions: Vec<&Question> = before
            .questions
            .iter()
            .map(|id| catalog.question(id).expect("a question").1)
            .collect();
        let (mut resumed, typing) =
            Session::resume(&scorer, questions.clone(), &before, written.clone(), start);
        assert_eq!(typing, "", "what was typed was submitted");
        match resumed.round.stage() {
            Stage::Asking(asking) => assert!(
                matches!(asking.prompt, Prompt::FollowUp(q, f, _) if q.id == "shutdown" && f.id == "timeout"),
                "{:?}",
                asking.prompt
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            resumed.round.results()[0]
                .main
                .as_ref()
                .map(|a| a.text.as_str()),
            Some("sigterm, then drain")
        );
        // Nothing is written again, and the next answer is.
        assert!(appended(&resumed.keep("", start, WALL + 1, false)).is_empty());
        resumed.round.skip(start);
        resumed.keep("", start, WALL + 2, false);
        resumed.round.next(start);
        resumed.round.submit("reuse".to_owned(), start);
        let effects = resumed.keep("", start, WALL + 3, false);
        let reuse = ["reuse".to_owned()];
        assert_eq!(appended(&effects), [("pool", None, &reuse[..])]);

        // A record that the round does not ask (another round's) is not taken in.
        let mut stray = written[0].clone();
        stray.question = "pool".to_owned();
        let (resumed, typing) = Session::resume(&scorer, questions, &before, vec![stray], start);
        assert_eq!(typing, "sigterm");
        assert!(resumed.round.results().iter().all(|r| r.main.is_none()));
    }
}
