//! Reading one bank file: TOML syntax, unknown keys, types, then the rules a bank must
//! follow. Every problem of the file is collected before giving up on it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::keyword;
use super::raw::{
    RawExample, RawFile, RawFollowUp, RawLexiconFile, RawPoint, RawQuestion, RawRedFlag, RawSame,
    Schema,
};
use super::{
    Bank, Diagnostic, Example, FollowUp, LexiconSet, Point, Question, RedFlag, Rubric, Severity,
};
use crate::text;

/// Bank files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

const DEFAULT_TIME_LIMIT_SECS: u32 = 120;
const DEFAULT_FOLLOW_UP_TIME_LIMIT_SECS: u32 = 60;
const DEFAULT_DIFFICULTY: u8 = 2;
const MAX_WEIGHT: u32 = 100;

/// A bank read from a file, with the places of its ids for checks across files.
#[derive(Debug)]
pub(super) struct ParsedBank {
    pub bank: Bank,
    pub id_span: Range<usize>,
    pub question_id_spans: Vec<Range<usize>>,
}

/// Reads the bank in `source`, naming it `file` in messages.
pub fn parse_bank(file: &str, source: &str) -> Result<Bank, Vec<Diagnostic>> {
    parse(file, source).map(|parsed| parsed.bank)
}

pub(super) fn parse(file: &str, source: &str) -> Result<ParsedBank, Vec<Diagnostic>> {
    let mut checker = Checker {
        file,
        source,
        problems: Vec::new(),
    };
    let raw: RawFile = checker.read(&Schema::bank_file())?;
    let parsed = checker.bank(raw);
    checker.finish(parsed)
}

/// Reads the lexicon file in `source` (only `[[same]]` tables), naming it `file` in
/// messages.
pub fn parse_lexicon(file: &str, source: &str) -> Result<Vec<LexiconSet>, Vec<Diagnostic>> {
    let mut checker = Checker {
        file,
        source,
        problems: Vec::new(),
    };
    let raw: RawLexiconFile = checker.read(&Schema::lexicon_file())?;
    let sets = checker.lexicon(raw.same);
    checker.finish(sets)
}

struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// The file as its raw structs: syntax first, then unknown keys (reported, and
    /// dropped so the rest is still read), then types.
    fn read<T: serde::de::DeserializeOwned>(
        &mut self,
        schema: &Schema,
    ) -> Result<T, Vec<Diagnostic>> {
        let (mut document, syntax_errors) = DeTable::parse_recoverable(self.source);
        for error in syntax_errors {
            self.toml_error(&error);
        }
        if !self.problems.is_empty() {
            return Err(std::mem::take(&mut self.problems));
        }
        self.strip_unknown_keys(document.get_mut(), schema);
        T::deserialize(toml::de::Deserializer::from(document)).map_err(|error| {
            self.toml_error(&error);
            std::mem::take(&mut self.problems)
        })
    }

    /// `value`, unless a problem was found on the way.
    fn finish<T>(mut self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            self.problems.sort_by_key(|d| (d.line, d.column));
            Err(self.problems)
        }
    }

    fn lexicon(&mut self, raw: Vec<Spanned<RawSame>>) -> Vec<LexiconSet> {
        raw.into_iter()
            .map(|same| {
                let same = same.into_inner();
                if same.terms.get_ref().len() < 2 {
                    self.report(
                        same.terms.span(),
                        "a [[same]] set needs at least two terms that mean the same",
                    );
                }
                for term in same.terms.get_ref() {
                    let content = text::words(term.get_ref())
                        .any(|w| !text::is_stop_word(&text::fold(w.text)));
                    if !content {
                        self.report(
                            term.span(),
                            "this term has no word beyond stop-words (the, of, to…), so it would match anything",
                        );
                    }
                }
                LexiconSet {
                    terms: keywords(same.terms),
                }
            })
            .collect()
    }

    fn report(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::at(self.file, self.source, span, message));
    }

    fn toml_error(&mut self, error: &toml::de::Error) {
        let span = error.span().unwrap_or(0..0);
        self.report(span, plain_words(error.message()));
    }

    /// Reports and removes every key `schema` does not know, recursively, so the rest of
    /// the file can still be checked.
    fn strip_unknown_keys(&mut self, table: &mut DeTable<'_>, schema: &Schema) {
        let mut unknown = Vec::new();
        for (key, value) in table.iter_mut() {
            let name: &str = key.get_ref();
            if !schema.keys.contains(&name) {
                unknown.push((name.to_owned(), key.span()));
                continue;
            }
            let Some((_, child)) = schema.children.iter().find(|(k, _)| *k == name) else {
                continue;
            };
            match value.get_mut() {
                DeValue::Table(inner) => self.strip_unknown_keys(inner, child),
                DeValue::Array(items) => {
                    for item in items.iter_mut() {
                        if let DeValue::Table(inner) = item.get_mut() {
                            self.strip_unknown_keys(inner, child);
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, span) in unknown {
            let suggestion = did_you_mean(&name, schema.keys.iter().copied());
            let hint = suggestion
                .map(|known| format!("; did you mean `{known}`?"))
                .unwrap_or_else(|| {
                    format!("; {} accepts: {}", schema.name, schema.keys.join(", "))
                });
            self.report(
                span.clone(),
                format!("unknown key `{name}` in {}{hint}", schema.name),
            );
            let value = table.remove(name.as_str());
            // Read a misspelt key as the one it was likely meant to be, so the rest of the
            // table is still checked; the file is rejected all the same.
            if let (Some(known), Some(value)) = (suggestion, value)
                && !table.contains_key(known)
            {
                table.insert(Spanned::new(span, Cow::Borrowed(known)), value);
            }
        }
    }

    fn bank(&mut self, raw: RawFile) -> ParsedBank {
        let lexicon = self.lexicon(raw.same);
        let meta = raw.bank.into_inner();
        self.check_id(&meta.id, "bank");
        self.check_not_blank(&meta.title, "the bank's title");
        let question_time = self.time_limit(meta.time_limit_secs.as_ref(), DEFAULT_TIME_LIMIT_SECS);
        let follow_up_time = self.time_limit(
            meta.follow_up_time_limit_secs.as_ref(),
            DEFAULT_FOLLOW_UP_TIME_LIMIT_SECS,
        );
        if raw.question.is_empty() {
            self.report(
                meta.id.span(),
                "the bank has no questions; add at least one [[question]]",
            );
        }
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        let mut questions = Vec::with_capacity(raw.question.len());
        let mut question_id_spans = Vec::with_capacity(raw.question.len());
        for question in raw.question {
            let question = question.into_inner();
            self.check_unique(&mut seen, &question.id, "question");
            question_id_spans.push(question.id.span());
            questions.push(self.question(question, question_time, follow_up_time));
        }
        ParsedBank {
            id_span: meta.id.span(),
            bank: Bank {
                id: meta.id.into_inner(),
                title: meta.title.into_inner(),
                description: meta.description,
                source: self.file.to_owned(),
                questions,
                lexicon,
            },
            question_id_spans,
        }
    }

    fn question(&mut self, raw: RawQuestion, default_time: u32, follow_up_time: u32) -> Question {
        self.check_id(&raw.id, "question");
        self.check_not_blank(&raw.prompt, "the prompt");
        let difficulty = match &raw.difficulty {
            None => DEFAULT_DIFFICULTY,
            Some(d) => match u8::try_from(*d.get_ref()) {
                Ok(value @ 1..=3) => value,
                _ => {
                    self.report(
                        d.span(),
                        format!("difficulty must be 1, 2 or 3, not {}", d.get_ref()),
                    );
                    DEFAULT_DIFFICULTY
                }
            },
        };
        let time_limit_secs = self.time_limit(raw.time_limit_secs.as_ref(), default_time);
        let rubric = self.rubric(raw.point, raw.red_flag, &raw.id, "question");
        let point_ids: Vec<&str> = rubric.points.iter().map(|p| p.id.as_str()).collect();
        let mut seen = HashMap::new();
        let mut follow_ups: Vec<FollowUp> = raw
            .follow_up
            .into_iter()
            .map(|f| {
                let f = f.into_inner();
                self.check_unique(&mut seen, &f.id, "follow-up");
                self.follow_up(f, &point_ids, follow_up_time)
            })
            .collect();
        for follow_up in &mut follow_ups {
            inherit_misconceptions(&mut follow_up.rubric, &rubric);
        }
        let examples = self.examples(raw.example, &rubric);
        Question {
            id: raw.id.into_inner(),
            topic: if raw.topic.trim().is_empty() {
                "General".to_owned()
            } else {
                raw.topic
            },
            tags: raw.tags,
            difficulty,
            prompt: raw.prompt.into_inner(),
            model_answer: raw.model_answer,
            time_limit_secs,
            rubric,
            follow_ups,
            examples,
        }
    }

    fn follow_up(&mut self, raw: RawFollowUp, point_ids: &[&str], default_time: u32) -> FollowUp {
        self.check_id(&raw.id, "follow-up");
        self.check_not_blank(&raw.prompt, "the follow-up's prompt");
        for (list, name) in [
            (&raw.when_missed, "when_missed"),
            (&raw.when_covered, "when_covered"),
        ] {
            for id in list {
                if !point_ids.contains(&id.get_ref().as_str()) {
                    let hint = did_you_mean(id.get_ref(), point_ids.iter().copied())
                        .map(|known| format!("; did you mean `{known}`?"))
                        .unwrap_or_default();
                    self.report(
                        id.span(),
                        format!(
                            "{name} names `{}`, which is not a point of this question{hint}",
                            id.get_ref()
                        ),
                    );
                }
            }
        }
        let time_limit_secs = self.time_limit(raw.time_limit_secs.as_ref(), default_time);
        let rubric = self.rubric(raw.point, raw.red_flag, &raw.id, "follow-up");
        let examples = self.examples(raw.example, &rubric);
        FollowUp {
            id: raw.id.into_inner(),
            prompt: raw.prompt.into_inner(),
            when_missed: raw
                .when_missed
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            when_covered: raw
                .when_covered
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            model_answer: raw.model_answer,
            time_limit_secs,
            rubric,
            examples,
        }
    }

    fn rubric(
        &mut self,
        points: Vec<Spanned<RawPoint>>,
        red_flags: Vec<Spanned<RawRedFlag>>,
        owner: &Spanned<String>,
        owner_kind: &str,
    ) -> Rubric {
        if points.is_empty() {
            self.report(
                owner.span(),
                format!(
                    "{owner_kind} `{}` has no points to score it by; add a point table under it",
                    owner.get_ref()
                ),
            );
        }
        let mut seen = HashMap::new();
        let points: Vec<Point> = points
            .into_iter()
            .map(|p| {
                let p = p.into_inner();
                self.check_id(&p.id, "point");
                self.check_unique(&mut seen, &p.id, "point");
                self.check_not_blank(&p.label, "the point's label");
                self.check_keywords(&p.keywords);
                let weight = p.weight.as_ref().map_or(1, |w| self.weight(w));
                Point {
                    id: p.id.into_inner(),
                    label: p.label.into_inner(),
                    weight,
                    keywords: keywords(p.keywords),
                    explain: p.explain,
                }
            })
            .collect();
        // A misconception costs a tenth of the rubric's weight unless it says otherwise:
        // with the points it contradicts, about what an interviewer takes off.
        let default_cost = default_cost(&points);
        let red_flags = red_flags
            .into_iter()
            .map(|r| {
                let r = r.into_inner();
                self.check_keywords(&r.keywords);
                self.check_not_blank(&r.note, "the red flag's note");
                let severity = match &r.severity {
                    None => Severity::Misconception,
                    Some(s) => match s.get_ref().as_str() {
                        "misconception" => Severity::Misconception,
                        "pushback" => Severity::Pushback,
                        other => {
                            self.report(
                                s.span(),
                                format!(
                                    "severity must be \"misconception\" or \"pushback\", not \"{other}\""
                                ),
                            );
                            Severity::Misconception
                        }
                    },
                };
                for id in &r.contradicts {
                    if !points.iter().any(|p| p.id == *id.get_ref()) {
                        let hint = did_you_mean(id.get_ref(), points.iter().map(|p| p.id.as_str()))
                            .map(|known| format!("; did you mean `{known}`?"))
                            .unwrap_or_default();
                        self.report(
                            id.span(),
                            format!(
                                "contradicts names `{}`, which is not a point here{hint}",
                                id.get_ref()
                            ),
                        );
                    }
                }
                let weight = match (&r.weight, severity) {
                    (Some(w), Severity::Pushback) => {
                        self.report(
                            w.span(),
                            "a pushback costs nothing, so it takes no weight; remove it or make the red flag a misconception",
                        );
                        0
                    }
                    (None, Severity::Pushback) => 0,
                    (None, Severity::Misconception) => default_cost,
                    (Some(w), Severity::Misconception) => self.weight(w),
                };
                if severity == Severity::Pushback && !r.contradicts.is_empty() {
                    self.report(
                        r.contradicts[0].span(),
                        "a pushback contradicts no point; make the red flag a misconception",
                    );
                }
                RedFlag {
                    keywords: keywords(r.keywords),
                    note: r.note.into_inner(),
                    severity,
                    contradicts: r.contradicts.into_iter().map(Spanned::into_inner).collect(),
                    weight,
                    inherited: false,
                }
            })
            .collect();
        Rubric { points, red_flags }
    }

    fn examples(&mut self, raw: Vec<Spanned<RawExample>>, rubric: &Rubric) -> Vec<Example> {
        raw.into_iter()
            .map(|e| {
                let e = e.into_inner();
                for score in [&e.min_score, &e.max_score].into_iter().flatten() {
                    if !(0.0..=100.0).contains(score.get_ref()) {
                        self.report(score.span(), "a score must be between 0 and 100");
                    }
                }
                if let (Some(min), Some(max)) = (&e.min_score, &e.max_score)
                    && min.get_ref() > max.get_ref()
                {
                    self.report(max.span(), "max_score is below min_score");
                }
                for id in &e.covers {
                    if !rubric.points.iter().any(|p| p.id == *id.get_ref()) {
                        self.report(
                            id.span(),
                            format!("covers names `{}`, which is not a point here", id.get_ref()),
                        );
                    }
                }
                Example {
                    answer: e.answer,
                    min_score: e.min_score.map(Spanned::into_inner),
                    max_score: e.max_score.map(Spanned::into_inner),
                    covers: e.covers.into_iter().map(Spanned::into_inner).collect(),
                    misconception: e.misconception,
                }
            })
            .collect()
    }

    /// A point's or red flag's weight: a whole number from 1 to [`MAX_WEIGHT`].
    fn weight(&mut self, weight: &Spanned<i64>) -> u32 {
        match u32::try_from(*weight.get_ref()) {
            Ok(value) if (1..=MAX_WEIGHT).contains(&value) => value,
            _ => {
                self.report(
                    weight.span(),
                    format!(
                        "weight must be a whole number from 1 to {MAX_WEIGHT}, not {}",
                        weight.get_ref()
                    ),
                );
                1
            }
        }
    }

    fn check_keywords(&mut self, list: &Spanned<Vec<Spanned<String>>>) {
        if list.get_ref().is_empty() {
            self.report(
                list.span(),
                "keywords is empty; give at least one way to say this",
            );
        }
        for keyword in list.get_ref() {
            if let Err(error) = keyword::parts(keyword.get_ref()) {
                self.report(keyword.span(), error.to_string());
            }
        }
    }

    fn check_id(&mut self, id: &Spanned<String>, what: &str) {
        let value = id.get_ref();
        let valid = value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && value.starts_with(|c: char| c.is_ascii_alphanumeric())
            && !value.ends_with('-');
        if !valid {
            self.report(
                id.span(),
                format!(
                    "{what} id `{value}` must be kebab-case: lowercase letters, digits and `-`"
                ),
            );
        }
    }

    fn check_unique(
        &mut self,
        seen: &mut HashMap<String, Range<usize>>,
        id: &Spanned<String>,
        what: &str,
    ) {
        if let Some(first) = seen.get(id.get_ref()) {
            let first = Diagnostic::at(self.file, self.source, first.clone(), "");
            self.report(
                id.span(),
                format!(
                    "duplicate {what} id `{}`; first defined at line {}",
                    id.get_ref(),
                    first.line
                ),
            );
        } else {
            seen.insert(id.get_ref().clone(), id.span());
        }
    }

    fn check_not_blank(&mut self, value: &Spanned<String>, what: &str) {
        if value.get_ref().trim().is_empty() {
            self.report(value.span(), format!("{what} is empty"));
        }
    }

    fn time_limit(&mut self, value: Option<&Spanned<i64>>, default: u32) -> u32 {
        let Some(value) = value else { return default };
        match u32::try_from(*value.get_ref()) {
            Ok(secs) if secs > 0 => secs,
            _ => {
                self.report(
                    value.span(),
                    format!(
                        "a time limit must be a whole number of seconds above 0, not {}",
                        value.get_ref()
                    ),
                );
                default
            }
        }
    }
}

/// A TOML or serde message in the words of the bank format rather than of Rust types.
fn plain_words(message: &str) -> String {
    let mut message = message.trim_end().replace('\n', "; ");
    for (rust, plain) in [
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        (
            "expected a sequence",
            "expected an array (a list in [ ], or [[double brackets]] for tables)",
        ),
        ("expected a string", "expected a string in quotes"),
        ("invalid type: map", "found a table"),
        ("invalid type: sequence", "found an array"),
        ("missing field", "missing key"),
        (" as i128", ""),
    ] {
        message = message.replace(rust, plain);
    }
    message
}

fn keywords(list: Spanned<Vec<Spanned<String>>>) -> Vec<String> {
    list.into_inner()
        .into_iter()
        .map(Spanned::into_inner)
        .collect()
}

/// The known name closest to `unknown`, if one is close enough to be a likely typo.
pub(super) fn did_you_mean<'k>(
    unknown: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(similarity, _)| *similarity >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// What a misconception costs unless its bank says otherwise: a tenth of the rubric's
/// weight, rounded up, which with the points it contradicts is about what an interviewer
/// takes off.
fn default_cost(points: &[Point]) -> u32 {
    let total: u32 = points.iter().map(|p| p.weight).sum();
    total.div_ceil(10).max(1)
}

/// Adds the main question's misconceptions to a follow-up's red flags, unless the
/// follow-up states the same one itself. They cost what a misconception of the follow-up
/// costs and contradict none of its points, which are other points.
fn inherit_misconceptions(follow_up: &mut Rubric, question: &Rubric) {
    let cost = default_cost(&follow_up.points);
    let inherited: Vec<RedFlag> = question
        .red_flags
        .iter()
        .filter(|r| r.severity == Severity::Misconception)
        .filter(|r| {
            !follow_up
                .red_flags
                .iter()
                .any(|own| own.keywords == r.keywords)
        })
        .map(|r| RedFlag {
            contradicts: Vec::new(),
            weight: cost,
            inherited: true,
            ..r.clone()
        })
        .collect();
    follow_up.red_flags.extend(inherited);
}
