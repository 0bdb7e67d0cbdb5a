//! The summary of a round: each question with its score, time used and time-up marks,
//! the average, and the weakest concepts (missed points, heaviest first).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::theme::Theme;
use super::widgets::clock;
use crate::round::Round;
use crate::text::printable;

/// How many weak concepts the summary lists.
const WEAKEST_SHOWN: usize = 6;

pub fn view(frame: &mut Frame, area: Rect, theme: &Theme, round: &Round<'_>) {
    let inner = area.inner(Margin::new(1, 0));
    let results = round.results();
    let table_height = results.len() as u16 + 2;
    let [heading, table_area, rest] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(table_height.min(inner.height / 2)),
        Constraint::Min(1),
    ])
    .areas(inner);

    let average = round
        .average()
        .map_or("no answers".to_owned(), |a| format!("average {a:.0} / 100"));
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "Round over · {} question{} · {average}",
                results.len(),
                if results.len() == 1 { "" } else { "s" }
            ),
            theme.title,
        )),
        heading,
    );

    let rows = results.iter().enumerate().map(|(i, result)| {
        let score = result
            .main
            .as_ref()
            .map_or("skipped".to_owned(), |a| format!("{:.0}", a.report.score));
        let follow_ups: Vec<String> = result
            .follow_ups
            .iter()
            .map(|(_, a)| format!("{:.0}", a.report.score))
            .collect();
        Row::new(vec![
            Cell::from(format!("{}", i + 1)),
            Cell::from(printable(&result.question.prompt).into_owned()),
            Cell::from(score),
            Cell::from(follow_ups.join(" ")),
            Cell::from(clock(result.time_used())),
            Cell::from(if result.time_up() { "time up" } else { "" }),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(7),
            Constraint::Length(9),
            Constraint::Length(5),
            Constraint::Length(7),
        ],
    )
    .header(Row::new(["#", "Question", "Score", "Follow-up", "Time", ""]).style(theme.title));
    frame.render_widget(table, table_area);

    let mut lines = vec![Line::styled("Weakest concepts", theme.title)];
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
        let options =
            textwrap::Options::new(usize::from(rest.width).max(20)).subsequent_indent("    ");
        for (i, row) in textwrap::wrap(&text, options.initial_indent("    "))
            .into_iter()
            .enumerate()
        {
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
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
}
