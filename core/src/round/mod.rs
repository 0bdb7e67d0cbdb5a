//! A practice round as a state machine: which questions are asked and in what order,
//! the countdown of each answer, the follow-ups chosen from what the candidate said, and
//! the figures of the summary.
//!
//! Time never comes from a clock in here: every event carries the `Instant` it happened
//! at, so timers are tested by passing instants rather than by sleeping.
//!
//! A round keeps the [`Step`]s taken so far; replayed on the same questions and options
//! they rebuild it exactly, which is how an interrupted round is resumed.

use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use serde::{Deserialize, Serialize};

use crate::bank::{Catalog, FollowUp, Point, Question};
use crate::scoring::{Report, Scorer};

/// What the candidate chose for a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoundOptions {
    /// How many questions to ask (fewer when the filters leave fewer).
    pub count: usize,
    /// Seconds per main question, instead of each question's own limit.
    pub time_limit_secs: Option<u32>,
    /// Seconds per follow-up, instead of each follow-up's own limit.
    pub follow_up_time_limit_secs: Option<u32>,
    /// Only questions of this bank (by id).
    pub bank: Option<String>,
    /// Only these questions (by id), when not empty.
    pub only: Vec<String>,
    pub topic: Option<String>,
    pub tag: Option<String>,
    pub difficulty: Option<u8>,
    /// Follow-ups asked after each main answer.
    pub follow_ups: usize,
    /// Follow-ups (by id) asked before any other when their question comes up: those a
    /// review drills.
    pub drill_follow_ups: Vec<String>,
    /// Questions (by id) of which only a drilled follow-up is asked: a review whose due
    /// concepts are all in follow-ups asks them straight away, the main question shown
    /// as their context, not asked and scored again.
    pub follow_ups_only: Vec<String>,
    /// Makes the order of questions and the choice of follow-ups reproducible.
    pub seed: u64,
}

impl Default for RoundOptions {
    fn default() -> Self {
        RoundOptions {
            count: 5,
            time_limit_secs: None,
            follow_up_time_limit_secs: None,
            bank: None,
            only: Vec::new(),
            topic: None,
            tag: None,
            difficulty: None,
            follow_ups: 1,
            drill_follow_ups: Vec::new(),
            follow_ups_only: Vec::new(),
            seed: 0,
        }
    }
}

impl RoundOptions {
    /// Whether `question` passes the topic, tag and difficulty filters. Topic and tag
    /// compare without regard to case.
    pub fn admits(&self, question: &Question) -> bool {
        let topic = self
            .topic
            .as_ref()
            .is_none_or(|t| question.topic.eq_ignore_ascii_case(t));
        let tag = self
            .tag
            .as_ref()
            .is_none_or(|t| question.tags.iter().any(|q| q.eq_ignore_ascii_case(t)));
        let difficulty = self.difficulty.is_none_or(|d| question.difficulty == d);
        let chosen = self.only.is_empty() || self.only.contains(&question.id);
        topic && tag && difficulty && chosen
    }
}

/// The questions of a round: those of the chosen bank the filters admit, shuffled by the
/// seed, `count` of them.
pub fn pick_questions<'c>(catalog: &'c Catalog, options: &RoundOptions) -> Vec<&'c Question> {
    let mut questions: Vec<&Question> = catalog
        .banks()
        .iter()
        .filter(|b| options.bank.as_ref().is_none_or(|id| b.id == *id))
        .flat_map(|b| &b.questions)
        .filter(|q| options.admits(q))
        .collect();
    questions.shuffle(&mut StdRng::seed_from_u64(options.seed));
    questions.truncate(options.count);
    questions
}

/// What is being asked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prompt<'c> {
    Main(&'c Question),
    FollowUp(&'c Question, &'c FollowUp, Because<'c>),
}

/// Why a follow-up was chosen, so the candidate sees it answers what they said.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Because<'c> {
    /// The main answer left this point out.
    Missed(&'c Point),
    /// The main answer made this point; the interviewer drills into it.
    Covered(&'c Point),
    /// A review drills it: its points were missed before.
    Review,
    /// Nothing in particular: an interviewer's next probe.
    Probe,
}

impl<'c> Prompt<'c> {
    pub fn question(&self) -> &'c Question {
        match self {
            Prompt::Main(q) | Prompt::FollowUp(q, ..) => q,
        }
    }

    pub fn text(&self) -> &'c str {
        match self {
            Prompt::Main(q) => &q.prompt,
            Prompt::FollowUp(_, f, _) => &f.prompt,
        }
    }
}

/// A question or follow-up on the clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Asking<'c> {
    pub prompt: Prompt<'c>,
    pub started: Instant,
    pub limit: Duration,
    /// When the clock was paused, while it is.
    pub paused_at: Option<Instant>,
}

impl Asking<'_> {
    /// Time spent answering at `now`, not counting a pause in progress.
    fn elapsed(&self, now: Instant) -> Duration {
        self.paused_at
            .unwrap_or(now)
            .saturating_duration_since(self.started)
    }

    /// Time left at `now`, zero once it has run out.
    pub fn remaining(&self, now: Instant) -> Duration {
        self.limit.saturating_sub(self.elapsed(now))
    }

    pub fn is_time_up(&self, now: Instant) -> bool {
        self.remaining(now).is_zero()
    }
}

/// Where the round stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage<'c> {
    Asking(Asking<'c>),
    /// The last question and its follow-ups were answered; their feedback is shown.
    Feedback,
    Finished,
}

/// One submitted answer, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<'c> {
    pub text: String,
    pub report: Report<'c>,
    pub time_used: Duration,
    pub time_limit: Duration,
    /// The clock ran out and what was typed was submitted.
    pub time_up: bool,
}

/// A main question, its answer (none when skipped) and its follow-ups.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult<'c> {
    pub question: &'c Question,
    pub main: Option<Answer<'c>>,
    pub follow_ups: Vec<(&'c FollowUp, Answer<'c>)>,
    /// A follow-up asked and skipped.
    pub skipped_follow_up: Option<&'c FollowUp>,
    /// Only a follow-up was asked, the main question being its context (see
    /// [`RoundOptions::follow_ups_only`]).
    pub follow_ups_only: bool,
}

impl QuestionResult<'_> {
    /// Whether the main question was asked and skipped.
    pub fn skipped(&self) -> bool {
        self.main.is_none() && !self.follow_ups_only
    }

    /// Time spent on the question and its follow-ups.
    pub fn time_used(&self) -> Duration {
        self.main.iter().map(|a| a.time_used).sum::<Duration>()
            + self
                .follow_ups
                .iter()
                .map(|(_, a)| a.time_used)
                .sum::<Duration>()
    }

    /// Whether any of its answers ran out of time.
    pub fn time_up(&self) -> bool {
        self.main
            .iter()
            .chain(self.follow_ups.iter().map(|(_, a)| a))
            .any(|a| a.time_up)
    }
}

/// A point missed in the round, for the "weakest concepts" of the summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Missed<'c> {
    pub question: &'c Question,
    pub follow_up: Option<&'c FollowUp>,
    pub point: &'c Point,
}

/// What the candidate did, one step of a round, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Submitted `text` after `used_ms` of the clock.
    Answered {
        text: String,
        used_ms: u64,
    },
    Skipped,
    /// Left the feedback for the next question.
    Next,
    /// Ended the round early.
    Ended,
}

/// A practice round in progress.
#[derive(Debug)]
pub struct Round<'c> {
    /// The shared keyword indexes every answer is scored by.
    scorer: &'c Scorer<'c>,
    questions: Vec<&'c Question>,
    options: RoundOptions,
    rng: StdRng,
    /// Index in `questions` of the question being asked or shown.
    current: usize,
    stage: Stage<'c>,
    results: Vec<QuestionResult<'c>>,
    steps: Vec<Step>,
    /// The round was ended on a question with an answer: its feedback shows, and
    /// leaving it finishes the round.
    ending: bool,
}

impl<'c> Round<'c> {
    /// Starts the round at `now` with the first question on the clock.
    pub fn new(
        scorer: &'c Scorer<'c>,
        questions: Vec<&'c Question>,
        options: RoundOptions,
        now: Instant,
    ) -> Self {
        let rng = StdRng::seed_from_u64(options.seed);
        let mut round = Round {
            scorer,
            questions,
            options,
            rng,
            current: 0,
            stage: Stage::Finished,
            results: Vec::new(),
            steps: Vec::new(),
            ending: false,
        };
        round.ask_main(now);
        round
    }

    /// The round that `steps` taken on `questions` with `options` lead to, with `used`
    /// already gone from the clock of what it asks at `now`.
    pub fn replay(
        scorer: &'c Scorer<'c>,
        questions: Vec<&'c Question>,
        options: RoundOptions,
        steps: &[Step],
        used: Duration,
        now: Instant,
    ) -> Self {
        let mut round = Round::new(scorer, questions, options, now);
        let mut at = now;
        for step in steps {
            match step {
                Step::Answered { text, used_ms } => {
                    // A step never took longer than its clock, whatever a damaged draft
                    // says.
                    let limit = match &round.stage {
                        Stage::Asking(asking) => asking.limit,
                        _ => Duration::ZERO,
                    };
                    let used = Duration::from_millis(*used_ms).min(limit);
                    at = at.checked_add(used).unwrap_or(at);
                    round.submit(text.clone(), at);
                }
                Step::Skipped => round.skip(at),
                Step::Next => round.next(at),
                Step::Ended => round.end(),
            }
        }
        if let Stage::Asking(asking) = &mut round.stage {
            asking.started = now.checked_sub(used.min(asking.limit)).unwrap_or(now);
        }
        round
    }

    pub fn questions(&self) -> &[&'c Question] {
        &self.questions
    }

    pub fn options(&self) -> &RoundOptions {
        &self.options
    }

    /// What the candidate did so far, for [`Round::replay`].
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn stage(&self) -> &Stage<'c> {
        &self.stage
    }

    pub fn results(&self) -> &[QuestionResult<'c>] {
        &self.results
    }

    /// The question being asked or shown, counted from 1, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (
            (self.current + 1).min(self.questions.len()),
            self.questions.len(),
        )
    }

    /// Whether the answer on the clock has run out of time at `now`; the caller then
    /// submits what has been typed.
    pub fn is_time_up(&self, now: Instant) -> bool {
        matches!(&self.stage, Stage::Asking(asking) if asking.is_time_up(now))
    }

    /// Submits `text` as the answer being asked for, at `now`.
    pub fn submit(&mut self, text: String, now: Instant) {
        let Stage::Asking(asking) = &self.stage else {
            return;
        };
        let elapsed = asking.elapsed(now);
        let (prompt, limit) = (asking.prompt, asking.limit);
        let id = match prompt {
            Prompt::Main(q) => q.rubric_id(None),
            Prompt::FollowUp(q, f, _) => q.rubric_id(Some(f)),
        };
        let report = match self.scorer.rubric(&id) {
            Some(index) => index.score(&text),
            // A question from outside the scorer's catalog has no shared index.
            None => {
                let rubric = match prompt {
                    Prompt::Main(q) => &q.rubric,
                    Prompt::FollowUp(_, f, _) => &f.rubric,
                };
                crate::scoring::RubricIndex::new(rubric).score(&text)
            }
        };
        let used = elapsed.min(limit);
        self.steps.push(Step::Answered {
            text: text.clone(),
            used_ms: u64::try_from(used.as_millis()).unwrap_or(u64::MAX),
        });
        let answer = Answer {
            text,
            report,
            time_used: used,
            time_limit: limit,
            time_up: elapsed >= limit,
        };
        match prompt {
            Prompt::Main(question) => self.results.push(QuestionResult {
                question,
                main: Some(answer),
                follow_ups: Vec::new(),
                skipped_follow_up: None,
                follow_ups_only: false,
            }),
            Prompt::FollowUp(_, follow_up, _) => {
                if let Some(result) = self.results.last_mut() {
                    result.follow_ups.push((follow_up, answer));
                }
            }
        }
        self.ask_follow_up_or_show_feedback(now);
    }

    /// Skips what is being asked: a main question is left unanswered and the next one
    /// asked; a follow-up ends the follow-ups and shows the question's feedback.
    pub fn skip(&mut self, now: Instant) {
        let Stage::Asking(asking) = &self.stage else {
            return;
        };
        self.steps.push(Step::Skipped);
        match asking.prompt {
            Prompt::Main(question) => {
                self.results.push(QuestionResult {
                    question,
                    main: None,
                    follow_ups: Vec::new(),
                    skipped_follow_up: None,
                    follow_ups_only: false,
                });
                self.current += 1;
                self.ask_main(now);
            }
            Prompt::FollowUp(_, follow_up, _) => {
                if let Some(result) = self.results.last_mut() {
                    result.skipped_follow_up = Some(follow_up);
                }
                self.stage = Stage::Feedback;
            }
        }
    }

    /// Leaves the feedback for the next question, or finishes the round.
    pub fn next(&mut self, now: Instant) {
        if self.stage == Stage::Feedback {
            self.steps.push(Step::Next);
            if self.ending {
                self.stage = Stage::Finished;
                return;
            }
            self.current += 1;
            self.ask_main(now);
        }
    }

    /// Stops the clock of the answer being asked for.
    pub fn pause(&mut self, now: Instant) {
        if let Stage::Asking(asking) = &mut self.stage
            && asking.paused_at.is_none()
        {
            asking.paused_at = Some(now);
        }
    }

    /// Starts the clock again where it was paused.
    pub fn resume(&mut self, now: Instant) {
        if let Stage::Asking(asking) = &mut self.stage
            && let Some(paused_at) = asking.paused_at.take()
        {
            asking.started += now.saturating_duration_since(paused_at);
        }
    }

    /// Ends the round early; the answers given so far stay. When the question on hand
    /// was answered, its feedback shows first (a follow-up being asked is left
    /// unasked), and leaving it finishes the round.
    pub fn end(&mut self) {
        if self.stage == Stage::Finished {
            return;
        }
        self.steps.push(Step::Ended);
        let answered = self
            .results
            .get(self.current)
            .is_some_and(|result| result.main.is_some());
        self.stage = if answered {
            self.ending = true;
            Stage::Feedback
        } else {
            Stage::Finished
        };
    }

    /// The average score of the answered main questions, if any was answered.
    pub fn average(&self) -> Option<f64> {
        let scores: Vec<f64> = self
            .results
            .iter()
            .filter_map(|r| r.main.as_ref().map(|a| a.report.score))
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }

    /// Every point missed in the round's answers, the heaviest first.
    pub fn weakest(&self) -> Vec<Missed<'c>> {
        let mut missed: Vec<Missed<'c>> = Vec::new();
        for result in &self.results {
            let main = result.main.iter().map(|a| (None, a));
            let follow_ups = result.follow_ups.iter().map(|(f, a)| (Some(*f), a));
            for (follow_up, answer) in main.chain(follow_ups) {
                for point in answer.report.missed() {
                    missed.push(Missed {
                        question: result.question,
                        follow_up,
                        point: point.point,
                    });
                }
            }
        }
        missed.sort_by_key(|m| std::cmp::Reverse(m.point.weight));
        missed
    }

    fn ask_main(&mut self, now: Instant) {
        if let Some(question) = self.questions.get(self.current).copied()
            && self.options.follow_ups_only.contains(&question.id)
            && let Some(follow_up) = question
                .follow_ups
                .iter()
                .find(|f| self.options.drill_follow_ups.contains(&f.id))
        {
            self.results.push(QuestionResult {
                question,
                main: None,
                follow_ups: Vec::new(),
                skipped_follow_up: None,
                follow_ups_only: true,
            });
            self.ask_follow_up(question, follow_up, Because::Review, now);
            return;
        }
        self.stage = match self.questions.get(self.current) {
            None => Stage::Finished,
            Some(question) => Stage::Asking(Asking {
                prompt: Prompt::Main(question),
                started: now,
                limit: secs(
                    self.options
                        .time_limit_secs
                        .unwrap_or(question.time_limit_secs),
                ),
                paused_at: None,
            }),
        };
    }

    fn ask_follow_up_or_show_feedback(&mut self, now: Instant) {
        self.stage = Stage::Feedback;
        let Some(result) = self.results.last() else {
            return;
        };
        let (Some(main), true) = (
            &result.main,
            result.follow_ups.len() < self.options.follow_ups,
        ) else {
            return;
        };
        // Nothing was said to follow up on.
        if main.text.trim().is_empty() {
            return;
        }
        let asked: Vec<&str> = result
            .follow_ups
            .iter()
            .map(|(f, _)| f.id.as_str())
            .collect();
        let question = result.question;
        let drilled = question.follow_ups.iter().find(|f| {
            self.options.drill_follow_ups.contains(&f.id) && !asked.contains(&f.id.as_str())
        });
        let chosen = match drilled {
            Some(follow_up) => Some((follow_up, Because::Review)),
            None => choose_follow_up(question, &main.report, &asked, &mut self.rng),
        };
        if let Some((follow_up, because)) = chosen {
            self.ask_follow_up(question, follow_up, because, now);
        }
    }

    fn ask_follow_up(
        &mut self,
        question: &'c Question,
        follow_up: &'c FollowUp,
        because: Because<'c>,
        now: Instant,
    ) {
        let limit = self
            .options
            .follow_up_time_limit_secs
            .unwrap_or(follow_up.time_limit_secs);
        self.stage = Stage::Asking(Asking {
            prompt: Prompt::FollowUp(question, follow_up, because),
            started: now,
            limit: secs(limit),
            paused_at: None,
        });
    }
}

fn secs(secs: u32) -> Duration {
    Duration::from_secs(u64::from(secs))
}

/// The follow-up to ask after `report`, among those not yet `asked`: the first whose
/// `when_missed` points were missed, else the first whose `when_covered` points were
/// covered — an interviewer probes what was left out before drilling into what was
/// said — else one chosen with `rng`, among those that presuppose nothing (no
/// `when_missed` or `when_covered`) when there are any.
pub fn choose_follow_up<'q>(
    question: &'q Question,
    report: &Report<'_>,
    asked: &[&str],
    rng: &mut StdRng,
) -> Option<(&'q FollowUp, Because<'q>)> {
    let open: Vec<&FollowUp> = question
        .follow_ups
        .iter()
        .filter(|f| !asked.contains(&f.id.as_str()))
        .collect();
    let point = |id: &str| question.rubric.points.iter().find(|p| p.id == id);
    let first_named = |pick: fn(&FollowUp) -> &[String], covered: bool| {
        open.iter().find_map(|f| {
            pick(f)
                .iter()
                .find(|id| {
                    report
                        .points
                        .iter()
                        .any(|r| r.point.id == **id && r.is_covered() == covered)
                })
                .and_then(|id| point(id))
                .map(|p| (*f, p))
        })
    };
    if let Some((f, p)) = first_named(|f| &f.when_missed, false) {
        return Some((f, Because::Missed(p)));
    }
    if let Some((f, p)) = first_named(|f| &f.when_covered, true) {
        return Some((f, Because::Covered(p)));
    }
    let unconditional: Vec<&FollowUp> = open
        .iter()
        .copied()
        .filter(|f| f.when_missed.is_empty() && f.when_covered.is_empty())
        .collect();
    let pool = if unconditional.is_empty() {
        &open
    } else {
        &unconditional
    };
    pool.choose(rng).map(|f| (*f, Because::Probe))
}

#[cfg(test)]
mod tests;
