//! The Markdown rendering of a session, as the `report` module describes it.

use std::fmt::Write as _;

use jiff::tz::TimeZone;

use super::escape::{block_lines, code, inline};
use super::model::{Answer, Group, PointLine, Session};
use super::times::{duration, local};
use crate::bank::Severity;
use crate::history::Record;

pub(super) fn write(out: &mut String, report: &Session<'_>, tz: &TimeZone) -> std::fmt::Result {
    writeln!(out, "# grill report")?;
    writeln!(out)?;
    let Some(started) = report.started else {
        writeln!(out, "No answers in this session.")?;
        return Ok(());
    };
    let when = local(started, tz, "%A %-d %B %Y, %H:%M").unwrap_or_else(|| started.to_string());
    writeln!(
        out,
        "**{}** · session {}",
        inline(&when),
        code(report.session)
    )?;
    writeln!(out)?;
    let banks: Vec<String> = report
        .banks
        .iter()
        .map(|(id, title)| match title {
            Some(title) => format!("{} ({})", inline(title), code(id)),
            None => code(id),
        })
        .collect();
    writeln!(
        out,
        "- {}: {}",
        if banks.len() == 1 { "Bank" } else { "Banks" },
        banks.join(", ")
    )?;
    let follow_ups: usize = report.groups.iter().map(|g| g.follow_ups.len()).sum();
    writeln!(
        out,
        "- Questions: {}{}",
        report.groups.len(),
        match follow_ups {
            0 => String::new(),
            1 => " and 1 follow-up".to_owned(),
            n => format!(" and {n} follow-ups"),
        }
    )?;
    match report.average {
        Some(average) => writeln!(out, "- Average: {average:.0}/100 (main answers)")?,
        None => writeln!(out, "- Average: no main answers")?,
    }
    writeln!(out, "- Time answering: {}", duration(report.time_used))?;
    let missed = report
        .groups
        .iter()
        .flat_map(|g| g.main.iter().chain(&g.follow_ups))
        .flat_map(|a| &a.points)
        .filter(|p| !p.covered)
        .count();
    match missed {
        0 => writeln!(out, "- To review: nothing missed")?,
        1 => writeln!(out, "- To review: 1 missed point, listed at the end")?,
        n => writeln!(out, "- To review: {n} missed points, listed at the end")?,
    }

    for (number, group) in report.groups.iter().enumerate() {
        let number = number + 1;
        writeln!(out)?;
        write_question(out, number, group)?;
        for (i, follow_up) in group.follow_ups.iter().enumerate() {
            writeln!(out)?;
            write_follow_up(out, &format!("{number}.{}", i + 1), group, follow_up)?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## To review")?;
    writeln!(out)?;
    let mut any = false;
    for (number, group) in report.groups.iter().enumerate() {
        let number = number + 1;
        let answers = group.main.iter().map(|a| (format!("{number}."), a)).chain(
            group
                .follow_ups
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("{number}.{}", i + 1), f)),
        );
        for (label, answer) in answers {
            let prompt = match answer.follow_up_id {
                None => group.prompt.map(inline),
                Some(_) => answer.prompt.map(inline),
            };
            let asked = prompt.unwrap_or_else(|| match answer.follow_up_id {
                None => code(group.question),
                Some(id) => code(&format!("{}/{id}", group.question)),
            });
            let mut missed = answer.points.iter().filter(|p| !p.covered).peekable();
            if missed.peek().is_none() {
                continue;
            }
            if any {
                writeln!(out)?;
            }
            any = true;
            writeln!(out, "*{label} {asked}*")?;
            writeln!(out)?;
            for point in missed {
                writeln!(out, "- {}", point_name(point))?;
            }
        }
    }
    if !any {
        writeln!(out, "Nothing missed.")?;
    }
    Ok(())
}

fn write_question(out: &mut String, number: usize, group: &Group<'_>) -> std::fmt::Result {
    let title = group.prompt.map_or_else(|| code(group.question), inline);
    match &group.main {
        Some(main) => writeln!(out, "## {number}. {title} — {}", score(main.record.score))?,
        None => writeln!(out, "## {number}. {title}")?,
    }
    writeln!(out)?;
    let mut facts = vec![code(group.bank)];
    if let Some(topic) = group.topic {
        facts.push(inline(topic));
    }
    if let Some(main) = &group.main {
        facts.extend(timing(main.record));
    }
    writeln!(out, "{}", facts.join(" · "))?;
    if group.prompt.is_none() {
        writeln!(out)?;
        writeln!(out, "*(question no longer in the loaded banks)*")?;
    }
    match &group.main {
        Some(main) => write_answer(out, main)?,
        None => {
            writeln!(out)?;
            writeln!(out, "*The answer to this question is not in the history.*")?;
        }
    }
    write_model_answer(out, group.model_answer)
}

fn write_follow_up(
    out: &mut String,
    number: &str,
    group: &Group<'_>,
    answer: &Answer<'_>,
) -> std::fmt::Result {
    let id = answer.follow_up_id.unwrap_or_default();
    let title = answer
        .prompt
        .map_or_else(|| code(&format!("{}/{id}", group.question)), inline);
    writeln!(
        out,
        "### Follow-up {number}: {title} — {}",
        score(answer.record.score)
    )?;
    writeln!(out)?;
    writeln!(out, "{}", timing(answer.record).join(" · "))?;
    if !answer.known {
        let gone = if group.prompt.is_none() {
            "question"
        } else {
            "follow-up"
        };
        writeln!(out)?;
        writeln!(out, "*({gone} no longer in the loaded banks)*")?;
    }
    write_answer(out, answer)?;
    write_model_answer(out, answer.model_answer)
}

/// "1:02 of 1:30" and "**time ran out**".
fn timing(record: &Record) -> Vec<String> {
    let mut facts = vec![format!(
        "time {} of {}",
        duration(record.time_used_secs),
        duration(record.time_allowed_secs)
    )];
    if record.time_up {
        facts.push("**time ran out**".to_owned());
    }
    facts
}

fn write_answer(out: &mut String, answer: &Answer<'_>) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "**Answer**")?;
    writeln!(out)?;
    let lines = block_lines(&answer.record.answer);
    if lines.is_empty() {
        writeln!(out, "> _(no answer)_")?;
    }
    for line in lines {
        if line.is_empty() {
            writeln!(out, ">")?;
        } else {
            writeln!(out, "> {line}")?;
        }
    }
    for flag in &answer.flags {
        writeln!(out)?;
        writeln!(out, "⚠ *{}*", inline(flag.advice()))?;
    }
    if !answer.points.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Points**")?;
        writeln!(out)?;
        for point in &answer.points {
            let mark = if point.covered { '✓' } else { '✗' };
            write!(out, "- {mark} {}", point_name(point))?;
            if let (false, Some(explain)) = (point.covered, point.explain) {
                write!(out, " — {}", inline(explain))?;
            }
            writeln!(out)?;
        }
    }
    if !answer.red_flags.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Red flags**")?;
        writeln!(out)?;
        for hit in &answer.red_flags {
            let said: Vec<String> = hit
                .evidence
                .iter()
                .map(|e| format!("“{}” — ", inline(e)))
                .collect();
            let kind = match hit.severity {
                Severity::Misconception => format!("misconception, −{:.1}", hit.cost),
                Severity::Pushback => "be ready to defend it".to_owned(),
            };
            writeln!(out, "- ⚠ ({kind}) {}{}", said.concat(), inline(hit.note))?;
        }
    }
    let deductions = &answer.record.findings.deductions;
    if !deductions.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Deductions**")?;
        writeln!(out)?;
        for deduction in deductions {
            writeln!(
                out,
                "- −{:.1}: {}",
                deduction.points,
                inline(&deduction.reason)
            )?;
        }
    }
    Ok(())
}

fn write_model_answer(out: &mut String, model_answer: Option<&str>) -> std::fmt::Result {
    let lines = model_answer.map(block_lines).unwrap_or_default();
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "**Model answer**")?;
    writeln!(out)?;
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A point's label, or its id with a note when it is no longer in the bank.
fn point_name(point: &PointLine<'_>) -> String {
    match point.label {
        Some(label) => inline(label),
        None => format!("{} (no longer in the bank)", code(point.id)),
    }
}

/// "72/100".
fn score(score: f64) -> String {
    format!("{score:.0}/100")
}
