//! `grill bank eval`: how far the scorer agrees with answers a person has labelled —
//! score bands, points, red flags and order — overall, per kind of answer and per point.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::CliError;
use crate::bank::Catalog;
use crate::scoring::{Flag, Scorer};
use crate::text::printable;

/// Kinds of answer that state nothing wrong: a red flag or a keyword-list flag on one of
/// them is a false flag.
const SOUND: &[&str] = &["model", "typos", "paraphrase", "partial", "negated"];

/// The kinds whose scores should come in this order within a question, best first.
const ORDER: &[&str] = &["model", "partial", "weak", "offtopic"];

/// How many points to list as most often missed or over-credited.
const WORST_POINTS: usize = 10;

/// One labelled answer, as a line of the file.
#[derive(Debug, Deserialize)]
struct Labelled {
    #[serde(default)]
    id: Option<String>,
    question: String,
    #[serde(default)]
    category: Option<String>,
    answer: String,
    #[serde(default)]
    band: Option<[f64; 2]>,
    #[serde(default)]
    concepts: Option<Vec<String>>,
}

/// Agreement over a set of answers.
#[derive(Debug, Default, Serialize)]
struct Tally {
    answers: usize,
    /// Answers with a band, and those scored inside it.
    banded: usize,
    in_band: usize,
    /// Points credited and labelled, credited only, labelled only.
    true_points: usize,
    extra_points: usize,
    missing_points: usize,
    /// Misconception answers, and those that raised a misconception.
    misconceptions: usize,
    flagged: usize,
    /// Sound answers, and those that raised a misconception or a keyword-list flag.
    sound: usize,
    falsely_flagged: usize,
}

/// The figures of a [`Tally`] as fractions, for reading.
#[derive(Debug, Serialize)]
struct Figures {
    answers: usize,
    band: Option<f64>,
    precision: Option<f64>,
    recall: Option<f64>,
    f1: Option<f64>,
    red_flag_recall: Option<f64>,
    false_flags: Option<f64>,
}

#[derive(Debug, Default, Serialize)]
struct PointTally {
    missed: Vec<String>,
    over_credited: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Evaluation {
    overall: Figures,
    categories: BTreeMap<String, Figures>,
    /// Pairs of answers to one question in [`ORDER`], and the share scored in order.
    order_pairs: usize,
    order: Option<f64>,
    points: BTreeMap<String, PointTally>,
    /// Lines that could not be evaluated.
    errors: Vec<String>,
}

impl Tally {
    fn figures(&self) -> Figures {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        let precision = ratio(self.true_points, self.true_points + self.extra_points);
        let recall = ratio(self.true_points, self.true_points + self.missing_points);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Figures {
            answers: self.answers,
            band: ratio(self.in_band, self.banded),
            precision,
            recall,
            f1,
            red_flag_recall: ratio(self.flagged, self.misconceptions),
            false_flags: ratio(self.falsely_flagged, self.sound),
        }
    }
}

/// What one answer's score says against its labels.
struct Outcome {
    question: String,
    category: String,
    score: f64,
}

pub fn run(path: &Path, catalog: &Catalog, json: bool) -> Result<(), CliError> {
    let label = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|source| CliError::Read {
        path: label.clone(),
        source,
    })?;
    let scorer = Scorer::new(catalog);
    let mut overall = Tally::default();
    let mut categories: BTreeMap<String, Tally> = BTreeMap::new();
    let mut points: BTreeMap<String, PointTally> = BTreeMap::new();
    let mut outcomes = Vec::new();
    let mut errors = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        if line.trim().is_empty() {
            continue;
        }
        let item: Labelled = match serde_json::from_str(line.trim_start_matches('\u{feff}')) {
            Ok(item) => item,
            Err(error) => {
                errors.push(format!("{label}:{number}: not a labelled answer: {error}"));
                continue;
            }
        };
        let Some(index) = scorer.rubric(&item.question) else {
            let hint = catalog
                .suggest_question(&item.question)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            errors.push(format!(
                "{label}:{number}: no question or follow-up `{}`{hint}",
                printable(&item.question)
            ));
            continue;
        };
        let report = index.score(&item.answer);
        let category = item.category.clone().unwrap_or_else(|| "unlabelled".into());
        let answer_id = item.id.clone().unwrap_or_else(|| format!("line {number}"));
        let misconception = report.misconceptions().next().is_some();
        let keyword_list = report.flags.contains(&Flag::KeywordList);
        let add = |tally: &mut Tally| {
            tally.answers += 1;
            if let Some([low, high]) = item.band {
                tally.banded += 1;
                tally.in_band += usize::from((low..=high).contains(&report.score));
            }
            if category == "misconception" {
                tally.misconceptions += 1;
                tally.flagged += usize::from(misconception);
            }
            if SOUND.contains(&category.as_str()) {
                tally.sound += 1;
                tally.falsely_flagged += usize::from(misconception || keyword_list);
            }
        };
        add(&mut overall);
        add(categories.entry(category.clone()).or_default());
        if let Some(expected) = &item.concepts {
            let credited: Vec<&str> = report.covered().map(|p| p.point.id.as_str()).collect();
            let count = |tally: &mut Tally| {
                for point in &report.points {
                    let id = point.point.id.as_str();
                    match (credited.contains(&id), expected.iter().any(|e| e == id)) {
                        (true, true) => tally.true_points += 1,
                        (true, false) => tally.extra_points += 1,
                        (false, true) => tally.missing_points += 1,
                        (false, false) => {}
                    }
                }
            };
            count(&mut overall);
            count(categories.get_mut(&category).expect("added above"));
            for point in &report.points {
                let id = point.point.id.as_str();
                let key = format!("{}:{id}", item.question);
                match (credited.contains(&id), expected.iter().any(|e| e == id)) {
                    (true, false) => points
                        .entry(key)
                        .or_default()
                        .over_credited
                        .push(answer_id.clone()),
                    (false, true) => points
                        .entry(key)
                        .or_default()
                        .missed
                        .push(answer_id.clone()),
                    _ => {}
                }
            }
        }
        outcomes.push(Outcome {
            question: item.question,
            category,
            score: report.score,
        });
    }
    let (order_pairs, in_order) = order(&outcomes);
    let evaluation = Evaluation {
        overall: overall.figures(),
        categories: categories
            .iter()
            .map(|(k, t)| (k.clone(), t.figures()))
            .collect(),
        order_pairs,
        order: (order_pairs > 0).then(|| in_order / order_pairs as f64),
        points,
        errors,
    };
    let mut out = io::stdout().lock();
    let written = if json {
        crate::text::write_json(&mut out, &evaluation, true)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        write_human(&mut out, &evaluation)
    };
    written.map_err(CliError::Write)?;
    if evaluation.errors.is_empty() {
        Ok(())
    } else {
        for error in &evaluation.errors {
            eprintln!("{}", printable(error));
        }
        Err(CliError::Reported(format!(
            "{} of {label} could not be evaluated",
            if evaluation.errors.len() == 1 {
                "1 line".to_owned()
            } else {
                format!("{} lines", evaluation.errors.len())
            }
        )))
    }
}

/// Pairs of answers to one question whose kinds [`ORDER`] ranks, and how many of them
/// (a tie counting half) scored in that order.
fn order(outcomes: &[Outcome]) -> (usize, f64) {
    let mut by_question: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
    for outcome in outcomes {
        if let Some(rank) = ORDER.iter().position(|k| *k == outcome.category) {
            by_question
                .entry(&outcome.question)
                .or_default()
                .push((rank, outcome.score));
        }
    }
    let (mut pairs, mut in_order) = (0, 0.0);
    for answers in by_question.values() {
        for (i, &(rank_a, score_a)) in answers.iter().enumerate() {
            for &(rank_b, score_b) in &answers[i + 1..] {
                if rank_a == rank_b {
                    continue;
                }
                let (better, worse) = if rank_a < rank_b {
                    (score_a, score_b)
                } else {
                    (score_b, score_a)
                };
                pairs += 1;
                in_order += if better > worse {
                    1.0
                } else if better == worse {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    (pairs, in_order)
}

fn write_human(out: &mut impl Write, evaluation: &Evaluation) -> io::Result<()> {
    let cell = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"));
    writeln!(
        out,
        "{:<16}{:>8}{:>7}{:>11}{:>8}{:>6}{:>11}{:>13}",
        "kind", "answers", "band", "precision", "recall", "F1", "red flags", "false flags"
    )?;
    let rows = evaluation
        .categories
        .iter()
        .map(|(k, f)| (k.as_str(), f))
        .chain([("all", &evaluation.overall)]);
    for (kind, figures) in rows {
        writeln!(
            out,
            "{:<16}{:>8}{:>7}{:>11}{:>8}{:>6}{:>11}{:>13}",
            printable(kind),
            figures.answers,
            cell(figures.band),
            cell(figures.precision),
            cell(figures.recall),
            cell(figures.f1),
            cell(figures.red_flag_recall),
            cell(figures.false_flags),
        )?;
    }
    writeln!(
        out,
        "\norder (model > partial > weak > off-topic within a question): {} of {} pairs",
        cell(evaluation.order),
        evaluation.order_pairs
    )?;
    for (title, pick) in [
        (
            "Most often missed",
            (|t: &PointTally| &t.missed) as fn(&PointTally) -> &Vec<String>,
        ),
        ("Most often over-credited", |t: &PointTally| {
            &t.over_credited
        }),
    ] {
        let mut worst: Vec<(&String, &Vec<String>)> = evaluation
            .points
            .iter()
            .map(|(point, tally)| (point, pick(tally)))
            .filter(|(_, ids)| !ids.is_empty())
            .collect();
        if worst.is_empty() {
            continue;
        }
        worst.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        writeln!(out, "\n{title}")?;
        for (point, ids) in worst.into_iter().take(WORST_POINTS) {
            writeln!(
                out,
                "  {}× {}: {}",
                ids.len(),
                printable(point),
                printable(&ids.join(", "))
            )?;
        }
    }
    Ok(())
}
