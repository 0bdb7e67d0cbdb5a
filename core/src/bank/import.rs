//! Turning a Markdown interview-prep guide into a draft bank: headings or `Q:` lines
//! become questions, the text under them the model answer, **bold** terms (and `code`)
//! candidate points. Anything it cannot place is kept as a comment, never dropped.

use std::fmt::Write;

use crate::text;

/// A question found in the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    topic: String,
    prompt: String,
    answer: Vec<String>,
}

/// The draft bank for the guide `markdown`, named after `name` (the file's stem).
pub fn import_markdown(name: &str, markdown: &str) -> String {
    let mut title = None;
    let mut topic = String::from("General");
    let mut questions: Vec<Found> = Vec::new();
    let mut unplaced: Vec<String> = Vec::new();
    let mut in_code = false;
    let lines: Vec<&str> = markdown.lines().collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end();
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            push_body(&mut questions, &mut unplaced, line);
            continue;
        }
        if in_code {
            push_body(&mut questions, &mut unplaced, line);
            continue;
        }
        if let Some((level, heading)) = heading(line) {
            let next = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty() && !is_rule(l));
            let section = next.is_none_or(|n| heading_level(n).is_some_and(|l| l > level));
            if level == 1 && title.is_none() {
                title = Some(heading);
            } else if section {
                topic = strip_section(&heading);
            } else {
                questions.push(Found {
                    topic: topic.clone(),
                    prompt: heading,
                    answer: Vec::new(),
                });
            }
            continue;
        }
        if let Some(prompt) = labelled(line, &["q:", "question:"]).filter(|p| !p.is_empty()) {
            questions.push(Found {
                topic: topic.clone(),
                prompt,
                answer: Vec::new(),
            });
            continue;
        }
        let line = labelled(line, &["a:", "answer:"]).unwrap_or_else(|| line.to_owned());
        if is_rule(&line) {
            continue;
        }
        push_body(&mut questions, &mut unplaced, &line);
    }
    render(name, title.as_deref(), &questions, &unplaced)
}

fn push_body(questions: &mut [Found], unplaced: &mut Vec<String>, line: &str) {
    match questions.last_mut() {
        Some(found) => found.answer.push(line.to_owned()),
        None if !line.trim().is_empty() => unplaced.push(line.to_owned()),
        None => {}
    }
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*'))
}

fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    (1..=6)
        .contains(&hashes)
        .then_some(hashes)
        .filter(|_| line[hashes..].starts_with(' '))
}

/// A heading's level and its text without numbering, emphasis or leading symbols.
fn heading(line: &str) -> Option<(usize, String)> {
    let level = heading_level(line)?;
    Some((level, clean_title(&line[level..]))).filter(|(_, title)| !title.is_empty())
}

fn clean_title(text: &str) -> String {
    let text = plain(text);
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '"');
    // "1.1 Why…" and "2. How…" lose their numbering.
    let numbered = text.split_once(' ').filter(|(n, _)| {
        !n.is_empty()
            && n.trim_end_matches('.')
                .split('.')
                .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    });
    numbered.map_or(text, |(_, rest)| rest).trim().to_owned()
}

/// "Section 1: Strategic Why Questions" names its topic "Strategic Why Questions".
fn strip_section(heading: &str) -> String {
    heading
        .split_once(':')
        .filter(|(head, _)| {
            head.to_lowercase().starts_with("section") || head.to_lowercase().starts_with("part")
        })
        .map_or(heading, |(_, rest)| rest)
        .trim()
        .to_owned()
}

/// The text after a `Q:`-style label (`Q:`, `**Q:**`, `1. Q:`, `**Question:**`), with
/// the rest of its Markdown kept.
fn labelled(line: &str, labels: &[&str]) -> Option<String> {
    let t = line
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    let (rest, bold) = t.strip_prefix("**").map_or((t, false), |r| (r, true));
    let lower = rest.to_lowercase();
    let label = labels.iter().find(|label| lower.starts_with(*label))?;
    let after = &rest[label.len()..];
    let after = if bold {
        after.strip_prefix("**").unwrap_or(after)
    } else {
        after
    };
    Some(after.trim().to_owned())
}

/// Markdown text without emphasis marks and backticks.
fn plain(text: &str) -> String {
    text.replace("**", "")
        .replace("__", "")
        .replace(['`', '*'], "")
        .trim()
        .to_owned()
}

/// The **bold** and `code` terms of an answer, in order, without repeats.
fn terms(answer: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for marker in ["**", "`"] {
        let mut parts = answer.split(marker);
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.next().or(Some(""))) {
            let term = plain(inside)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned();
            let words = text::words(&term).count();
            if (1..=5).contains(&words) && !found.iter().any(|f| f.eq_ignore_ascii_case(&term)) {
                found.push(term);
            }
        }
    }
    found
}

/// Frequent longer words of an answer, for a question with no marked terms.
fn frequent_words(answer: &str) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for word in text::words(answer) {
        let folded = text::fold(word.text);
        if folded.chars().count() < 6 || text::is_stop_word(&folded) {
            continue;
        }
        match counts.iter_mut().find(|(w, _)| *w == folded) {
            Some((_, n)) => *n += 1,
            None => counts.push((folded, 1)),
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    counts.into_iter().take(3).map(|(w, _)| w).collect()
}

fn kebab(text: &str) -> String {
    let words: Vec<String> = text::words(text)
        .map(|w| text::fold(w.text))
        .take(6)
        .collect();
    let id = words.join("-");
    if id.is_empty() { "item".to_owned() } else { id }
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn render(name: &str, title: Option<&str>, questions: &[Found], unplaced: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Draft bank imported from a Markdown guide by `grill bank import`."
    );
    let _ = writeln!(
        out,
        "# Review every point: add the other ways candidates say it, explanations,"
    );
    let _ = writeln!(
        out,
        "# red flags, follow-ups and examples; then `grill bank validate` and `grill bank test`."
    );
    if !unplaced.is_empty() {
        let _ = writeln!(out, "#\n# Text of the guide that belongs to no question:");
        for line in unplaced {
            let _ = writeln!(out, "#   {line}");
        }
    }
    let id = kebab(name);
    let _ = writeln!(out, "\n[bank]\nid = {}", quoted(&id));
    let _ = writeln!(
        out,
        "title = {}",
        quoted(title.map(plain).as_deref().unwrap_or(name))
    );
    let _ = writeln!(
        out,
        "description = {}",
        quoted(&format!("Imported from {name}.md"))
    );
    let mut ids: Vec<String> = Vec::new();
    for found in questions {
        let answer = found.answer.join("\n").trim().to_owned();
        let mut qid = format!("{id}-{}", kebab(&found.prompt));
        while ids.contains(&qid) {
            qid.push_str("-2");
        }
        ids.push(qid.clone());
        let _ = writeln!(out, "\n[[question]]\nid = {}", quoted(&qid));
        let _ = writeln!(out, "topic = {}", quoted(&found.topic));
        let _ = writeln!(out, "prompt = {}", quoted(&plain(&found.prompt)));
        if !answer.is_empty() {
            let _ = writeln!(out, "model_answer = {}", quoted(&plain(&answer)));
        }
        let mut candidates = terms(&answer);
        if candidates.is_empty() {
            candidates = frequent_words(&answer);
        }
        if candidates.is_empty() {
            candidates = frequent_words(&found.prompt);
        }
        if candidates.is_empty() {
            candidates.push(plain(&found.prompt));
        }
        let mut point_ids: Vec<String> = Vec::new();
        for term in candidates {
            let mut pid = kebab(&term);
            while point_ids.contains(&pid) {
                pid.push_str("-2");
            }
            point_ids.push(pid.clone());
            let sentence = plain(&answer)
                .split_inclusive(['.', '!', '?'])
                .find(|s| s.to_lowercase().contains(&term.to_lowercase()))
                .map(|s| s.trim().to_owned());
            let _ = writeln!(out, "\n  [[question.point]]\n  id = {}", quoted(&pid));
            let _ = writeln!(out, "  label = {}", quoted(&term));
            let _ = writeln!(out, "  keywords = [{}]", quoted(&term.to_lowercase()));
            if let Some(sentence) = sentence {
                let _ = writeln!(out, "  explain = {}", quoted(&sentence));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_numbering_emphasis_and_symbols() {
        assert_eq!(clean_title(" 1.1 Why not **X**?"), "Why not X?");
        assert_eq!(clean_title(" 🚀 The Core Narrative"), "The Core Narrative");
        assert_eq!(clean_title(" 2. How?"), "How?");
        assert_eq!(strip_section("Section 1: Strategic Why"), "Strategic Why");
    }

    #[test]
    fn bold_and_code_terms_become_candidate_points() {
        assert_eq!(
            terms("It fixes **Cold Starts**, not **connection exhaustion**; use `app.listen`."),
            ["Cold Starts", "connection exhaustion", "app.listen"]
        );
    }

    #[test]
    fn q_and_a_labels_are_read_in_several_shapes() {
        assert_eq!(labelled("**Q:** Why?", &["q:"]), Some("Why?".to_owned()));
        assert_eq!(labelled("3. Q: Why?", &["q:"]), Some("Why?".to_owned()));
        assert_eq!(
            labelled("**Question:** Why?", &["question:"]),
            Some("Why?".to_owned())
        );
        assert_eq!(labelled("Quality matters", &["q:"]), None);
    }
}
