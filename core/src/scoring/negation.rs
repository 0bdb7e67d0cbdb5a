//! Which words of an answer a negation covers, in the manner of NegEx (Chapman et al.,
//! 2001): a cue ("not", "never", "didn't"…) negates the words after it until its clause
//! ends or [`FORWARD_REACH`] words have passed; one that says the speaker does not know
//! ("not sure", "no idea", "don't remember") the rest of its clause, up to
//! [`UNKNOWING_REACH`] words; one that governs a noun ("without", "no", "instead of"…)
//! the [`NOUN_REACH`] words after it ("unlike Route 53" too); a cue at the end of its
//! clause after a verb ("SIGKILL can't be caught", "the delay was never tuned"), or one
//! that says what comes before was absent ("NAT and logs weren't in our estimate"),
//! negates the words before it; pseudo-negations ("not only", "no doubt", "whether or not")
//! negate nothing; and a word two cues cover is not negated ("they aren't stopped
//! without notice").

use crate::text::{self, Word};

/// How many words after a cue it still negates.
const FORWARD_REACH: usize = 8;

/// How many words after a cue that governs a noun ("without NAT", "no servers") it
/// negates: the noun, not the clause ("without NAT it falls back to the cache").
const NOUN_REACH: usize = 3;

/// Words that make the cue before them say the speaker does not know ("I'm not sure how
/// the image pulls were routed"): nothing in the rest of the clause is claimed.
const UNKNOWING_AFTER: &[&str] = &[
    "certain", "clue", "idea", "know", "recall", "remember", "sure",
];

/// How many words a cue of not knowing reaches, if its clause goes on that long.
const UNKNOWING_REACH: usize = 24;

/// Cues that govern the noun after them rather than the verb. ("instead of" and
/// "rather than" take a whole phrase: "rather than just pointing at the previous
/// revision".)
const NOUN_CUES: &[&str] = &["lack", "no", "none", "nothing", "unlike", "without"];

/// Words that carry a noun cue on to the next noun: "no blue/green or CodeDeploy".
const COORDINATORS: &[&str] = &["and", "nor", "or"];

/// How many more words a coordinator lets a noun cue reach.
const COORDINATED_REACH: usize = 2;

/// How many words before a closing cue it negates.
const BACKWARD_REACH: usize = 4;

/// A cue closes its clause when at most this many words follow it there.
const CLOSING_TAIL: usize = 2;

/// Words that, after a cue that follows a verb, say its subject was not there or not in
/// use, however long the clause goes on: "NAT and logs weren't in our estimate", "the
/// breaker wasn't enabled on any service". (A property, "a standalone task isn't
/// restarted when it exits", denies nothing of the subject.)
const ABSENT_AFTER: &[&str] = &[
    "accounted",
    "added",
    "applied",
    "attached",
    "available",
    "configured",
    "considered",
    "counted",
    "covered",
    "enabled",
    "factored",
    "implemented",
    "in",
    "included",
    "installed",
    "on",
    "part",
    "present",
    "set",
    "there",
    "turned",
    "used",
];

/// How many words before a cue of absence it negates: the whole subject.
const ABSENT_REACH: usize = 8;

/// Words that end a negation's reach: a new clause starts with them.
// ("which" and "who" end a clause only after a comma, which ends it already: "you can't
// tell which code is running".)
const TERMINATORS: &[&str] = &[
    "although", "because", "but", "except", "however", "instead", "since", "so", "then", "though",
    "whereas", "while", "yet",
];

/// Words that, after any cue, make it no negation at all ("no doubt", "no more than").
const PSEUDO_AFTER: &[&str] = &["doubt", "least", "less", "more"];

/// Words that, after a bare "not", make it no negation: "not only … but", "not just".
/// ("You can't just pick any size" is a negation.)
const PSEUDO_AFTER_NOT: &[&str] = &["just", "merely", "only"];

/// Cues that turn round a negation they fall within rather than start their own, unless
/// they start a coordinated clause ("never had one and no alarms either").
const TURNING_CUES: &[&str] = &["no", "without"];

/// Two-word cues that are not in the negation word list.
const PHRASE_CUES: &[(&str, &str)] = &[
    ("instead", "of"),
    ("rather", "than"),
    ("lack", "of"),
    ("forgot", "to"),
    ("opposed", "to"),
];

/// Verbs a closing cue follows ("was not", "is never"), besides contracted ones.
const AUXILIARIES: &[&str] = &[
    "are", "be", "been", "being", "did", "do", "does", "get", "got", "is", "was", "were",
];

/// What the negations of an answer cover, word by word.
pub(crate) struct Negations {
    /// Whether a negation covers the word.
    pub negated: Vec<bool>,
    /// The position of the first word of the word's clause.
    pub clause: Vec<usize>,
}

/// The negations of `words` (folded as `folded`) in `answer`.
pub(crate) fn negations(answer: &str, words: &[Word<'_>], folded: &[&str]) -> Negations {
    let count = words.len();
    // Per word: 0 no negation, 1 negated, 2 negated twice ("aren't stopped without
    // notice"), which cancels.
    let mut state = vec![0u8; count];
    let mut clause = vec![0; count];
    for i in 1..count {
        clause[i] = if breaks_clause(answer, &words[i - 1], &words[i], folded[i]) {
            i
        } else {
            clause[i - 1]
        };
    }
    let same_clause = |a: usize, b: usize| clause[a] == clause[b];
    let mut i = 0;
    while i < count {
        let Some(cue_end) = cue_at(folded, i) else {
            i += 1;
            continue;
        };
        // "without", "no"… inside another negation's reach turn it round; a negated
        // verb ("didn't", "never") starts a reach of its own.
        let coordinated = i > 0 && matches!(folded[i - 1], "and" | "or" | "nor");
        let turns = TURNING_CUES.contains(&folded[i]) && state[i] == 1 && !coordinated;
        let unknowing = folded
            .get(cue_end + 1)
            .is_some_and(|next| UNKNOWING_AFTER.contains(next));
        let noun = NOUN_CUES.contains(&folded[i]) && !unknowing;
        let mut end = cue_end
            + if unknowing {
                UNKNOWING_REACH
            } else if noun {
                NOUN_REACH
            } else {
                FORWARD_REACH
            };
        let mut j = cue_end + 1;
        while j < count && j <= end && same_clause(j, i) {
            state[j] = if turns && state[j] == 1 { 2 } else { 1 };
            if noun && COORDINATORS.contains(&folded[j]) {
                end = end.max(j + COORDINATED_REACH);
            }
            j += 1;
        }
        // Backward, when the cue closes its clause after a verb.
        let tail = (cue_end + 1..count)
            .take_while(|&k| same_clause(k, i))
            .count();
        let after_verb = i > 0
            && same_clause(i - 1, i)
            && (AUXILIARIES.contains(&folded[i - 1]) || is_contracted(folded[i]));
        let contracted_alone = is_contracted(folded[i]) && i > clause[i];
        // A second cue in the clause turns the statement round ("Spot tasks aren't
        // stopped without notice"): the subject is not denied.
        let absent = folded
            .get(cue_end + 1)
            .is_some_and(|next| ABSENT_AFTER.contains(next))
            && !(cue_end + 1..cue_end + 1 + tail).any(|k| cue_at(folded, k).is_some());
        let closes = tail <= CLOSING_TAIL || absent;
        if closes && (after_verb || contracted_alone) {
            let reach = if absent { ABSENT_REACH } else { BACKWARD_REACH };
            let from = i.saturating_sub(reach).max(clause[i]);
            state[from..i].iter_mut().for_each(|s| *s = 1);
        }
        i = cue_end + 1;
    }
    Negations {
        negated: state.iter().map(|&s| s == 1).collect(),
        clause,
    }
}

/// The last word of a negation cue that starts at `i`, if one does.
fn cue_at(folded: &[&str], i: usize) -> Option<usize> {
    let word = folded[i];
    let next = folded.get(i + 1).copied();
    if text::is_negation(word) {
        let pseudo = next.is_some_and(|n| PSEUDO_AFTER.contains(&n))
            || (word == "not" && next.is_some_and(|n| PSEUDO_AFTER_NOT.contains(&n)))
            // "no matter how busy" is "whatever"; "leaks don't matter" dismisses leaks.
            || (word == "no" && next == Some("matter"))
            || (word == "not" && i > 0 && folded[i - 1] == "or")
            || (word == "not" && next == Some("to") && folded.get(i + 2) == Some(&"mention"));
        return (!pseudo).then_some(i);
    }
    PHRASE_CUES
        .iter()
        .any(|&(first, second)| word == first && next == Some(second))
        .then_some(i + 1)
}

/// Whether a keyword's phrase (its folded words) says nothing but a negation: `not`,
/// `never`, `instead of`… A part made of such phrases gives a keyword its polarity.
pub(super) fn is_only_a_cue(folded: &[String]) -> bool {
    let mut i = 0;
    let mut any = false;
    while i < folded.len() {
        let words: Vec<&str> = folded[i..].iter().map(String::as_str).collect();
        match cue_at(&words, 0) {
            Some(end) => {
                any = true;
                i += end + 1;
            }
            None if text::is_stop_word(&folded[i]) => i += 1,
            None => return false,
        }
    }
    any
}

/// Contracted negations carry their own verb ("wasn't", "can't").
fn is_contracted(folded: &str) -> bool {
    folded.ends_with("nt") && text::is_negation(folded) || folded == "cannot"
}

/// Whether a new clause starts at `word`, after `previous`.
fn breaks_clause(answer: &str, previous: &Word<'_>, word: &Word<'_>, folded: &str) -> bool {
    if previous.sentence != word.sentence || TERMINATORS.contains(&folded) {
        return true;
    }
    let between = &answer[previous.end..word.start];
    // The `()` of a call (`server.close()`) opens no clause.
    let call = between.starts_with("()");
    let between = if call { &between[2..] } else { between };
    between.contains([',', ';', ':', '(', ')', '\n', '—', '–'])
        || (between.contains('-') && between.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `answer` a negation covers, joined by spaces.
    fn covered(answer: &str) -> String {
        let words: Vec<Word<'_>> = text::words(answer).collect();
        let folded: Vec<String> = words.iter().map(|w| text::fold(w.text)).collect();
        let folded: Vec<&str> = folded.iter().map(String::as_str).collect();
        negations(answer, &words, &folded)
            .negated
            .iter()
            .zip(&words)
            .filter(|(n, _)| **n)
            .map(|(_, w)| w.text)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_cue_negates_forward_to_the_end_of_its_clause() {
        assert_eq!(
            covered("We never handled SIGTERM, so ECS killed it."),
            "handled SIGTERM"
        );
        assert_eq!(
            covered("It does not fix connection exhaustion but it helps."),
            "fix connection exhaustion"
        );
        assert_eq!(covered("We used Fargate instead of EC2."), "EC2");
    }

    #[test]
    fn the_reach_is_bounded() {
        assert_eq!(
            covered("We did not one two three four five six seven eight nine ten"),
            "one two three four five six seven eight"
        );
    }

    #[test]
    fn a_closing_cue_after_a_verb_negates_backward() {
        assert_eq!(
            covered("In the end SIGKILL can't be caught."),
            "In the end SIGKILL be caught"
        );
        assert_eq!(
            covered("The deregistration delay was never tuned."),
            "The deregistration delay was tuned"
        );
        assert_eq!(
            covered("NAT gateway and log ingestion weren't in our estimate at all."),
            "NAT gateway and log ingestion in our estimate at all"
        );
        assert_eq!(
            covered("The circuit breaker wasn't enabled on any of the services."),
            "The circuit breaker enabled on any of the services"
        );
        // An active verb or a property after the cue denies what follows, not the
        // subject.
        assert_eq!(
            covered("The circuit breaker doesn't catch bad releases."),
            "catch bad releases"
        );
        assert_eq!(
            covered("A standalone task isn't restarted when it exits."),
            "restarted when it exits"
        );
        // Not after a verb: "SIGTERM not SIGKILL" denies only SIGKILL.
        assert_eq!(covered("ECS sends SIGTERM not SIGKILL."), "SIGKILL");
    }

    #[test]
    fn two_cues_cancel() {
        assert_eq!(
            covered("Spot tasks aren't stopped without notice."),
            "stopped without"
        );
    }

    #[test]
    fn a_negated_verb_starts_a_reach_of_its_own() {
        assert_eq!(
            covered("We never handled SIGTERM and didn't close the pool."),
            "handled SIGTERM and didn't close the pool"
        );
    }

    #[test]
    fn a_noun_cue_reaches_the_noun_and_what_it_is_coordinated_with() {
        assert_eq!(
            covered("Without NAT it falls back to the cache."),
            "NAT it falls"
        );
        assert_eq!(
            covered("No blue/green or CodeDeploy either."),
            "blue green or Code Deploy"
        );
        assert_eq!(
            covered("We rebuilt it rather than just pointing at the previous revision."),
            "just pointing at the previous revision"
        );
    }

    #[test]
    fn not_knowing_reaches_the_whole_clause() {
        assert_eq!(
            covered(
                "I'm not sure which subnets the tasks used or how the image pulls were routed, I never touched it."
            ),
            "sure which subnets the tasks used or how the image pulls were routed touched it"
        );
        assert_eq!(
            covered("No idea what the deregistration delay was set to; we used the defaults."),
            "idea what the deregistration delay was set to"
        );
    }

    #[test]
    fn a_call_does_not_end_the_clause() {
        assert_eq!(
            covered("server.close() wasn't called."),
            "server close called"
        );
    }

    #[test]
    fn not_just_is_no_negation_but_cannot_just_is() {
        assert_eq!(covered("It is not just cold starts."), "");
        assert_eq!(
            covered("You cannot just pick any size."),
            "just pick any size"
        );
    }

    #[test]
    fn pseudo_negations_negate_nothing() {
        assert_eq!(covered("It is not only cold starts."), "");
        assert_eq!(covered("No doubt the pool helped."), "");
        assert_eq!(covered("Whether or not the task is healthy."), "");
        assert_eq!(covered("It takes no more than 30 seconds."), "");
    }
}
