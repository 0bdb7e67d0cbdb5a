//! The summary of a round: each question with its score, its follow-ups' scores, time
//! used and time-up marks, the average, and the weakest concepts (missed points,
//! heaviest first). It scrolls when a long round does not fit.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::play::Play;
use super::theme::Theme;
use super::widgets::{clock, fit, rows};
use crate::text::printable;

/// How many weak concepts the summary lists.
const WEAKEST_SHOWN: usize = 8;

pub fn view(frame: &mut Frame, area: Rect, theme: &Theme, play: &Play<'_>) {
    let inner = area.inner(Margin::new(1, 0));
    let (lines, _) = lines(theme, play, inner.width);
    frame.render_widget(Paragraph::new(lines).scroll((play.scroll, 0)), inner);
}

/// The furthest the summary scrolls on a `width`×`height` terminal: its last row at the
/// bottom of the screen.
pub fn last_top(play: &Play<'_>, size: (u16, u16)) -> usize {
    layout(play, size).1
}

/// On a `width`×`height` terminal: the line the summary's first question row is on, and
/// the furthest the summary scrolls.
pub fn layout(play: &Play<'_>, (width, height): (u16, u16)) -> (usize, usize) {
    // The body lies inside a one-column margin, between the title and the footer.
    let width = width.saturating_sub(2);
    let (lines, first_row) = lines(&Theme::plain(), play, width);
    let last_top = rows(&lines, width).saturating_sub(usize::from(height.saturating_sub(2)));
    (first_row, last_top)
}

/// The summary's lines, and the index of the first question's row among them.
fn lines<'a>(theme: &Theme, play: &Play<'_>, width: u16) -> (Vec<Line<'a>>, usize) {
    let round = &play.session.round;
    let results = round.results();
    let average = round
        .average()
        .map_or("no answers".to_owned(), |a| format!("average {a:.0} / 100"));
    let mut lines = vec![
        Line::styled(
            format!(
                "Round over · {} question{} · {average}",
                results.len(),
                if results.len() == 1 { "" } else { "s" }
            ),
            theme.title,
        ),
        Line::raw(""),
    ];
    let (recalled, reviewed) = play.review_tally();
    if reviewed > 0 {
        let rest = match reviewed - recalled {
            0 => "each moves up a box and comes back later".to_owned(),
            n => format!(
                "{n} missed again come{} back tomorrow",
                if n == 1 { "s" } else { "" }
            ),
        };
        let said = format!(
            "Review: you covered {recalled} of the {reviewed} concept{} missed before; {rest}.",
            if reviewed == 1 { "" } else { "s" }
        );
        let style = if recalled == reviewed {
            theme.good
        } else {
            theme.warn
        };
        let options = textwrap::Options::new(usize::from(width).max(20)).subsequent_indent("  ");
        for row in textwrap::wrap(&said, options) {
            lines.push(Line::styled(row.into_owned(), style));
        }
        lines.push(Line::raw(""));
    }
    lines.extend([Line::styled(
        format!(
            " {:>2} {:<question$}  {:>SCORE$}   Follow-ups  Time",
            "#",
            "Question",
            "Score",
            question = question_width(width)
        ),
        theme.title,
    )]);
    let first_row = lines.len();
    for (i, result) in results.iter().enumerate() {
        let score = result.main.as_ref().map_or(
            if result.follow_ups_only {
                "—"
            } else {
                "skipped"
            }
            .to_owned(),
            |a| format!("{:.0}", a.report.score),
        );
        let mut follow_ups: Vec<String> = result
            .follow_ups
            .iter()
            .map(|(_, a)| format!("{:.0}{}", a.report.score, if a.time_up { "⏱" } else { "" }))
            .collect();
        if result.skipped_follow_up.is_some() {
            follow_ups.push("skipped".to_owned());
        }
        let main_time_up = result.main.as_ref().is_some_and(|a| a.time_up);
        let width = question_width(width);
        let prompt = fit(&printable(&result.question.prompt), width);
        let chosen = i == play.selected;
        let row = format!(
            "{}{:>2} {prompt:<width$}  {:>SCORE$}{}  {:<10}  {}",
            if chosen { "▸" } else { " " },
            i + 1,
            score,
            if main_time_up { "⏱" } else { " " },
            follow_ups.join(" "),
            clock(result.time_used()),
        );
        lines.push(if chosen {
            Line::styled(row, theme.selected)
        } else {
            Line::raw(row)
        });
    }
    if results.iter().any(|r| r.time_up()) {
        lines.push(Line::styled(
            "⏱ time up: what was typed was submitted",
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Weakest concepts", theme.title));
    let weakest = round.weakest();
    if weakest.is_empty() {
        lines.push(Line::raw("None missed. Well done."));
    }
    for missed in weakest.iter().take(WEAKEST_SHOWN) {
        let place = missed.follow_up.map_or(missed.question.id.clone(), |f| {
            format!("{} / {}", missed.question.id, f.id)
        });
        let text = format!(
            "{}  (weight {}, {})",
            printable(&missed.point.label),
            missed.point.weight,
            printable(&place)
        );
        let options = textwrap::Options::new(usize::from(width).max(20))
            .initial_indent("    ")
            .subsequent_indent("    ");
        for (i, row) in textwrap::wrap(&text, options).into_iter().enumerate() {
            lines.push(if i == 0 {
                Line::from(vec![
                    Span::styled("  ✗ ", theme.bad),
                    Span::raw(row.trim_start().to_owned()),
                ])
            } else {
                Line::raw(row.into_owned())
            });
        }
    }
    (lines, first_row)
}

/// The width of the score column: a score, or `skipped`.
const SCORE: usize = 7;

/// Columns left for the question text once the other columns are laid out.
fn question_width(width: u16) -> usize {
    usize::from(width)
        .saturating_sub(2 + 2 + 2 + SCORE + 1 + 2 + 10 + 2 + 5)
        .max(10)
}
