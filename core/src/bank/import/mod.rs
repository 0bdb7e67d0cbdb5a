//! Turning a Markdown interview-prep guide into a draft bank that scores before anyone
//! edits it: the guide is read as Markdown (`guide`), each answer's specific terms
//! become weighted points (`points`), and the draft is written as commented TOML that
//! validates, with the guide's own answer and the question said back as examples.

mod guide;
mod points;

use std::collections::HashSet;
use std::fmt::Write;

use crate::text;

use guide::Found;
use points::{DraftPoint, Specificity};

/// The least score the guide's own answer gets from its imported points, checked by
/// `grill bank test` through the example the draft carries.
const OWN_ANSWER_MIN_SCORE: u32 = 75;

/// The most the question said back scores: its words never make points.
const PROMPT_MAX_SCORE: u32 = 25;

/// At most this many words of a prompt make a question's id.
const ID_WORDS: usize = 5;

/// Why a guide gives no draft.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "no questions found: write each as a heading that asks something (`## Why …?`) or a `Q:` / `**Question:**` line, with its answer under it"
    )]
    NoQuestions,
}

/// The draft bank for the guide `markdown`, named after `name` (the file's stem).
pub fn import_markdown(name: &str, markdown: &str) -> Result<String, ImportError> {
    let guide = guide::read(markdown);
    if guide.questions.is_empty() {
        return Err(ImportError::NoQuestions);
    }
    let specificity = Specificity::new(&guide.questions);
    let mut out = String::new();
    header(&mut out, name, guide.title.as_deref(), &guide.unplaced);
    let bank_id = kebab(name, usize::MAX, Words::All);
    let mut ids: HashSet<String> = HashSet::new();
    for found in &guide.questions {
        let id = unique(
            &mut ids,
            format!(
                "{bank_id}-{}",
                kebab(&found.prompt, ID_WORDS, Words::Telling)
            ),
        );
        question(&mut out, &id, found, &points::points(found, &specificity));
    }
    Ok(out)
}

fn header(out: &mut String, name: &str, title: Option<&str>, unplaced: &[String]) {
    out.push_str(
        "# Draft bank imported from a Markdown guide by `grill bank import`.\n\
         # Each point is a term of the guide's answer, weighted by how specific it is to\n\
         # that answer; words of the question itself never count. Look first at what\n\
         # `grill bank validate` warns about, then add the other ways candidates say each\n\
         # point, red flags and follow-ups, and check with `grill bank test`.\n",
    );
    if !unplaced.is_empty() {
        out.push_str("#\n# Text of the guide that belongs to no question:\n");
        for line in unplaced {
            for line in line.lines() {
                let _ = writeln!(out, "#   {line}");
            }
        }
    }
    let _ = writeln!(
        out,
        "\n[bank]\nid = {}",
        quoted(&kebab(name, usize::MAX, Words::All))
    );
    let _ = writeln!(out, "title = {}", quoted(title.unwrap_or(name)));
    let _ = writeln!(
        out,
        "description = {}",
        quoted(&format!("Imported from {name}.md"))
    );
}

fn question(out: &mut String, id: &str, found: &Found, points: &[DraftPoint]) {
    let answer = found
        .answers
        .first()
        .map(|a| a.to_text())
        .unwrap_or_default();
    let _ = writeln!(out, "\n[[question]]\nid = {}", quoted(id));
    let _ = writeln!(out, "topic = {}", quoted(&found.topic));
    let _ = writeln!(out, "prompt = {}", quoted(&found.prompt));
    if !answer.is_empty() {
        let _ = writeln!(out, "model_answer = {}", quoted(&answer));
    }
    for other in found.answers.iter().skip(1) {
        let _ = writeln!(out, "# Also accepted: {}", one_line(&other.to_text()));
    }
    let mut point_ids: HashSet<String> = HashSet::new();
    let points: Vec<DraftPoint> = if points.is_empty() {
        vec![fallback(found)]
    } else {
        points.to_vec()
    };
    for point in &points {
        let pid = unique(&mut point_ids, kebab(&point.label, ID_WORDS, Words::All));
        let _ = writeln!(out, "\n  [[question.point]]\n  id = {}", quoted(&pid));
        let _ = writeln!(out, "  label = {}", quoted(&point.label));
        if point.weight > 1 {
            let _ = writeln!(out, "  weight = {}", point.weight);
        }
        let keywords: Vec<String> = point.keywords.iter().map(|k| quoted(k)).collect();
        let _ = writeln!(out, "  keywords = [{}]", keywords.join(", "));
        if !point.explain.is_empty() {
            let _ = writeln!(out, "  explain = {}", quoted(&point.explain));
        }
    }
    let prose: String = found
        .answers
        .first()
        .map(|a| {
            a.prose()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    if text::words(&prose).next().is_some() {
        let _ = writeln!(
            out,
            "\n  [[question.example]]\n  answer = {}\n  min_score = {OWN_ANSWER_MIN_SCORE}",
            quoted(&prose)
        );
    }
    let _ = writeln!(
        out,
        "\n  [[question.example]]\n  answer = {}\n  max_score = {PROMPT_MAX_SCORE}",
        quoted(&found.prompt)
    );
}

/// The point of a question whose answer gives no term: its whole answer, to be written.
fn fallback(found: &Found) -> DraftPoint {
    let label = found
        .answers
        .first()
        .map(|a| one_line(&a.to_text()))
        .filter(|a| text::words(a).next().is_some())
        .unwrap_or_else(|| "The answer (write its points)".to_owned());
    DraftPoint {
        keywords: vec![label.to_lowercase()],
        label,
        weight: 1,
        explain: String::new(),
    }
}

/// `text` on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which words of a text make its id.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    /// All but stop-words.
    All,
    /// Those that say something of a question's subject: not "what", "explain"…
    Telling,
}

/// A kebab-case id from the first `max_words` words of `text` that `words` keeps (all
/// of them when it keeps none); a camelCase token stays one word (`StatefulSet` is
/// `statefulset`).
fn kebab(text: &str, max_words: usize, words: Words) -> String {
    let mut tokens: Vec<String> = Vec::new();
    for word in text::words(text) {
        let folded: String = text::fold(word.text)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        match tokens.last_mut() {
            Some(last) if word.joined => last.push_str(&folded),
            _ => tokens.push(folded),
        }
    }
    tokens.retain(|t| !t.is_empty());
    let telling: Vec<&String> = tokens
        .iter()
        .filter(|w| !text::is_stop_word(w) && (words == Words::All || !points::is_question_word(w)))
        .collect();
    let chosen = if telling.is_empty() {
        tokens.iter().collect()
    } else {
        telling
    };
    let id = chosen
        .into_iter()
        .take(max_words)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() { "item".to_owned() } else { id }
}

/// `id`, or `id-2`, `id-3`… when it is taken.
fn unique(taken: &mut HashSet<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}
