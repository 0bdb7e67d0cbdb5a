//! The feedback after a question and its follow-ups: the score, the answer with what
//! matched highlighted, ✓/✗ per point with weights, the explanation of each missed
//! point, red flags with their notes, the shape flags, and the model answer on demand.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use super::play::Play;
use super::theme::Theme;
use super::widgets::{clock, indented, rows};
use crate::bank::Severity;
use crate::round::{Answer, QuestionResult};
use crate::scoring::{DeductionReason, Evidence};
use crate::text::printable;

pub fn view(frame: &mut Frame, area: Rect, theme: &Theme, play: &Play<'_>) {
    let Some(result) = play.shown_result() else {
        return;
    };
    let inner = area.inner(Margin::new(1, 0));
    let [gauge_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    // A follow-up asked on its own is the answer the gauge shows.
    let shown = match (&result.main, result.follow_ups.first()) {
        (Some(main), _) => Some(main),
        (None, Some((_, answer))) if result.follow_ups_only => Some(answer),
        _ => None,
    };
    let score = shown.map_or(0.0, |a| a.report.score);
    let mut label = format!("Answer {score:.0} / 100");
    for (_, answer) in result
        .follow_ups
        .iter()
        .skip(usize::from(result.main.is_none()))
    {
        label.push_str(&format!(" · follow-up {:.0}", answer.report.score));
    }
    if result.skipped_follow_up.is_some() {
        label.push_str(" · follow-up skipped");
    }
    let gauge = Gauge::default()
        .ratio(score / 100.0)
        .label(label)
        .gauge_style(if score < 50.0 {
            theme.gauge_warning
        } else {
            theme.gauge
        })
        .use_unicode(true);
    frame.render_widget(gauge, gauge_area);
    let lines = lines(theme, result, play.show_model, play, body.width);
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((play.scroll, 0));
    frame.render_widget(paragraph, body);
}

/// The furthest the feedback scrolls on a `width`×`height` terminal: its last row at the
/// bottom of the screen.
pub fn last_top(play: &Play<'_>, (width, height): (u16, u16)) -> usize {
    // The body lies inside a one-column margin, below the title and the score gauge
    // and above the footer.
    let width = width.saturating_sub(2);
    play.shown_result().map_or(0, |result| {
        rows(
            &lines(&Theme::plain(), result, play.show_model, play, width),
            width,
        )
        .saturating_sub(usize::from(height.saturating_sub(3)))
    })
}

/// Everything the feedback says, as lines to scroll through; the points a review round
/// drills are marked.
pub fn lines<'a>(
    theme: &Theme,
    result: &'a QuestionResult<'_>,
    show_model: bool,
    play: &Play<'_>,
    width: u16,
) -> Vec<Line<'a>> {
    let drilled = |follow_up| play.drilled(&result.question.id, follow_up);
    let question = result.question;
    let mut lines = vec![Line::styled(
        printable(&question.prompt).into_owned(),
        theme.title,
    )];
    if let Some(main) = &result.main {
        answer_lines(&mut lines, theme, main, &drilled(None), width);
    }
    if show_model {
        model_answer(&mut lines, theme, question.model_answer.as_deref());
    }
    for (follow_up, answer) in &result.follow_ups {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "Follow-up: {}   {:.0} / 100",
                printable(&follow_up.prompt),
                answer.report.score
            ),
            theme.title,
        ));
        answer_lines(
            &mut lines,
            theme,
            answer,
            &drilled(Some(&follow_up.id)),
            width,
        );
        if show_model {
            model_answer(&mut lines, theme, follow_up.model_answer.as_deref());
        }
    }
    if let Some(follow_up) = result.skipped_follow_up {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Follow-up: {}   skipped", printable(&follow_up.prompt)),
            theme.title,
        ));
        if show_model {
            model_answer(&mut lines, theme, follow_up.model_answer.as_deref());
        }
    }
    lines.push(Line::raw(""));
    let hint = if show_model {
        "m hides the model answers"
    } else {
        "m shows the model answers"
    };
    lines.push(Line::styled(format!("{hint} · Enter goes on"), theme.dim));
    lines
}

/// The lines of one answer; `drilled` are the ids of the points a review drills.
fn answer_lines<'a>(
    lines: &mut Vec<Line<'a>>,
    theme: &Theme,
    answer: &'a Answer<'_>,
    drilled: &[&str],
    width: u16,
) {
    let mut timing = format!(
        "Time {} of {}",
        clock(answer.time_used),
        clock(answer.time_limit)
    );
    if answer.time_up {
        timing.push_str(" · time up, what was typed was submitted");
    }
    lines.push(Line::styled(timing, theme.dim));
    // The shape of the answer first: it matters more than any one point.
    for flag in &answer.report.flags {
        lines.push(Line::styled(format!("  ⚠ {}", flag.name()), theme.warn));
        lines.extend(indented(flag.advice(), width, 6));
    }
    lines.push(Line::styled("Your answer", theme.title));
    if answer.text.trim().is_empty() {
        lines.push(Line::styled("(nothing was typed)", theme.dim));
    } else {
        lines.extend(highlighted(theme, &answer.text, &evidence_spans(answer)));
    }
    lines.push(Line::raw(""));
    if !drilled.is_empty() {
        let recalled = answer
            .report
            .points
            .iter()
            .filter(|p| p.is_covered() && drilled.contains(&p.point.id.as_str()))
            .count();
        lines.push(Line::styled(
            format!(
                "Review: you covered {recalled} of the {} concept{} missed before (◎)",
                drilled.len(),
                if drilled.len() == 1 { "" } else { "s" },
            ),
            if recalled == drilled.len() {
                theme.good
            } else {
                theme.warn
            },
        ));
    }
    for result in &answer.report.points {
        let point = result.point;
        let (mark, style) = if result.is_covered() {
            ("✓", theme.good)
        } else {
            ("✗", theme.bad)
        };
        let review = if drilled.contains(&point.id.as_str()) {
            "  ◎ review"
        } else {
            ""
        };
        let label = format!(
            "{}  (weight {}){review}",
            printable(&point.label),
            point.weight
        );
        lines.extend(headed(
            Span::styled(format!("  {mark} "), style),
            &label,
            width,
            4,
        ));
        if result.contradicted {
            lines.push(Line::styled(
                "      contradicted by a red flag below",
                theme.warn,
            ));
        } else if let Some(note) = result.evidence.iter().find_map(|e| e.lexicon_note()) {
            lines.extend(indented(&note, width, 6));
        } else if let (false, Some(denied)) = (result.is_covered(), result.denied.first()) {
            let said = format!("you said you did not: “{}”", denied.one_line());
            lines.extend(indented(&said, width, 6));
        }
        if let (false, Some(explain)) = (result.is_covered(), &point.explain) {
            lines.extend(indented(explain, width, 6));
        }
    }
    for hit in &answer.report.red_flags {
        let said: Vec<String> = hit.evidence.iter().map(Evidence::one_line).collect();
        let said = said.join(" … ");
        let title = match hit.red_flag.severity {
            Severity::Misconception => format!("  ! Red flag (−{:.0}): ", hit.cost),
            Severity::Pushback => "  ? Be ready to defend: ".to_owned(),
        };
        let quote = format!("“{}”", printable(&said));
        lines.extend(headed(Span::styled(title, theme.warn), &quote, width, 6));
        lines.extend(indented(&hit.red_flag.note, width, 6));
    }
    for deduction in &answer.report.deductions {
        // A misconception's own cost is on its red flag's line.
        if !matches!(deduction.reason, DeductionReason::Misconception(_)) {
            let text = format!(
                "−{:.0}: {}",
                deduction.points,
                answer.report.deduction_label(deduction)
            );
            let rows = headed(Span::raw("  "), &text, width, 6);
            lines.extend(rows.into_iter().map(|row| row.style(theme.warn)));
        }
    }
}

/// `head`, then `text` wrapped to `width` after it, its further rows `indent` spaces in:
/// nothing wraps back to the first column.
fn headed(head: Span<'static>, text: &str, width: u16, indent: usize) -> Vec<Line<'static>> {
    let under_head = " ".repeat(head.content.chars().count());
    let rest = " ".repeat(indent);
    let options = textwrap::Options::new(usize::from(width).max(under_head.len() + 16))
        .initial_indent(&under_head)
        .subsequent_indent(&rest);
    let mut head = Some(head);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|row| match head.take() {
            Some(head) => {
                let text = row.strip_prefix(under_head.as_str()).unwrap_or(&row);
                Line::from(vec![head, Span::raw(text.to_owned())])
            }
            None => Line::raw(row.into_owned()),
        })
        .collect()
}

fn model_answer<'a>(lines: &mut Vec<Line<'a>>, theme: &Theme, answer: Option<&'a str>) {
    lines.push(Line::raw(""));
    lines.push(Line::styled("Model answer", theme.title));
    match answer {
        Some(text) => lines.extend(
            printable(text.trim())
                .lines()
                .map(|l| Line::raw(l.to_owned())),
        ),
        None => lines.push(Line::styled("(this question has none)", theme.dim)),
    }
}

/// The byte ranges of the answer that matched a point, merged and in order.
fn evidence_spans(answer: &Answer<'_>) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = answer
        .report
        .covered()
        .flat_map(|p| p.evidence.iter().map(|e| e.start..e.end))
        .collect();
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The answer as lines, with the `marked` byte ranges in the evidence style.
fn highlighted(theme: &Theme, text: &str, marked: &[Range<usize>]) -> Vec<Line<'static>> {
    let mut lines = vec![Line::default()];
    let mut push = |piece: &str, style: Style| {
        for (i, part) in piece.split('\n').enumerate() {
            if i > 0 {
                lines.push(Line::default());
            }
            if !part.is_empty()
                && let Some(line) = lines.last_mut()
            {
                line.push_span(Span::styled(printable(part).into_owned(), style));
            }
        }
    };
    let mut at = 0;
    for span in marked {
        push(&text[at..span.start], Style::new());
        push(&text[span.clone()], theme.evidence);
        at = span.end;
    }
    push(&text[at..], Style::new());
    lines
}
