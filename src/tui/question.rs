//! The question and follow-up screen: the prompt, where it stands in the round, the
//! countdown with its gauge, and the answer editor; the Esc menu over it.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Gauge, Paragraph, Wrap};

use super::play::{MENU, Play};
use super::theme::Theme;
use super::widgets::{clock, difficulty, popup, rows};
use crate::round::{Asking, Because, Prompt};
use crate::text::printable;

/// The share of the time left below which the clock warns.
const WARNING_SHARE: f64 = 0.2;

pub fn view(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    play: &Play<'_>,
    asking: &Asking<'_>,
    now: Instant,
) {
    let question = asking.prompt.question();
    let prompt_text = printable(asking.prompt.text()).into_owned();
    let (k, n) = play.session.round.progress();
    let mut header = vec![Line::from(vec![
        Span::styled(format!("Question {k} of {n}"), theme.title),
        Span::styled(
            format!(
                "  ·  {}  ·  {}",
                printable(&question.topic),
                difficulty(question.difficulty)
            ),
            theme.dim,
        ),
    ])];
    if let Prompt::Main(question) = asking.prompt {
        let drilled = play.drilled(&question.id, None).len();
        if drilled > 0 {
            header.push(Line::styled(
                format!(
                    "Review: this question holds {drilled} concept{} you missed before",
                    if drilled == 1 { "" } else { "s" }
                ),
                theme.warn,
            ));
        }
    }
    let context_only = play
        .session
        .round
        .results()
        .last()
        .is_some_and(|r| r.follow_ups_only && r.question.id == question.id);
    if let (Prompt::FollowUp(..), true) = (asking.prompt, context_only) {
        header.push(Line::styled(
            format!("On the question: {}", printable(&question.prompt)),
            theme.dim,
        ));
    }
    if let Prompt::FollowUp(_, _, because) = asking.prompt {
        let why = match because {
            // Naming the missed point would give the answer away.
            Because::Missed(_) => "Follow-up on something your answer left out".to_owned(),
            Because::Covered(point) => match said_about(play, &point.id) {
                Some(said) => format!("Follow-up on what you said: “{}”", printable(&said)),
                None => format!("Follow-up on your point: {}", printable(&point.label)),
            },
            Because::Review => "Review: a follow-up whose points you missed before".to_owned(),
            Because::Probe => "Follow-up from another angle".to_owned(),
        };
        header.push(Line::styled(why, theme.warn));
    }
    let inner = area.inner(Margin::new(1, 0));
    let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
    header.extend(
        prompt_text
            .lines()
            .map(|line| Line::styled(line.to_owned(), bold)),
    );
    let head_height = u16::try_from(rows(&header, inner.width) + 1).unwrap_or(u16::MAX);
    let [head, timer, editor] = Layout::vertical([
        Constraint::Length(head_height.min(inner.height / 2)),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(header).wrap(Wrap { trim: false }), head);

    let remaining = asking.remaining(now);
    let share = if asking.limit.is_zero() {
        0.0
    } else {
        remaining.as_secs_f64() / asking.limit.as_secs_f64()
    };
    let style = if share <= WARNING_SHARE {
        theme.gauge_warning
    } else {
        theme.gauge
    };
    let gauge = Gauge::default()
        .ratio(share.clamp(0.0, 1.0))
        .label(format!("{} left", clock(remaining)))
        .gauge_style(style)
        .use_unicode(true);
    frame.render_widget(gauge, timer);

    // Drawn by reference: the editor keeps the wrap and scroll it learns in drawing, so
    // ↑ and ↓ move by the rows on screen.
    frame.render_widget(&play.editor, editor);

    if let Some(selected) = play.menu {
        // While the clock waits, the question and the answer are out of sight: a pause is
        // not time to think on the clock's back.
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(Line::styled(
                "The question and your answer are hidden while the clock waits.",
                theme.dim,
            ))
            .alignment(ratatui::layout::Alignment::Center),
            area,
        );
        let inner = popup(frame, area, 30, MENU.len() as u16 + 2, "Paused");
        let lines: Vec<Line> = MENU
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                if i == selected {
                    Line::styled(format!("▸ {entry}"), theme.selected)
                } else {
                    Line::raw(format!("  {entry}"))
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The candidate's own words that covered point `id` in the main answer.
fn said_about(play: &Play<'_>, id: &str) -> Option<String> {
    let main = play.session.round.results().last()?.main.as_ref()?;
    let covered = main.report.points.iter().find(|p| p.point.id == id)?;
    Some(covered.evidence.first()?.one_line())
}
