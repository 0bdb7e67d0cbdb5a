//! The stats screen: headline figures, the score of each round over time, the average of
//! each topic, and the concepts missed most. With no answers yet it says so instead of
//! drawing empty charts.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Margin, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Bar, BarChart, Block, Chart, Dataset, GraphType, Paragraph};
use textwrap::core::display_width;

use super::keys::Action;
use super::theme::Theme;
use super::widgets::fit;
use crate::history::stats::{MissedConcept, Stats, TopicScore};
use crate::text::printable;

/// Shown instead of the charts while the history is empty.
pub const EMPTY: &str = "No answers yet. Practise a round and your progress shows here.";

/// The fewest rows the charts are given before the most-missed list gets any.
const CHARTS_MIN_HEIGHT: u16 = 10;

/// The most rows the most-missed list takes, its border included.
const MISSED_MAX_HEIGHT: u16 = 12;

/// The stats on show, and how far their most-missed list is scrolled.
pub struct StatsScreen {
    pub stats: Stats,
    scroll: usize,
}

impl StatsScreen {
    pub fn new(stats: Stats) -> Self {
        StatsScreen { stats, scroll: 0 }
    }

    /// Scrolls the most-missed list of a screen whose body is `area`, no further than
    /// its last row at the bottom.
    pub fn update(&mut self, action: Action, area: Rect) {
        let inner = area.inner(Margin::new(1, 0));
        let headline = headline(&Theme::plain(), &self.stats, inner.width);
        let rows = usize::from(missed_height(&self.stats, inner, &headline).saturating_sub(2));
        let last = self.stats.most_missed.len().saturating_sub(rows);
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll + 1,
            _ => self.scroll,
        }
        .min(last);
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        view(frame, area, theme, &self.stats, self.scroll);
    }
}

/// The height of the most-missed list, its border included; 0 when there is no room.
fn missed_height(stats: &Stats, inner: Rect, headline: &[Line<'_>]) -> u16 {
    let headline_height = u16::try_from(headline.len()).unwrap_or(u16::MAX);
    let rest = inner.height.saturating_sub(headline_height + 1);
    let wanted = u16::try_from(stats.most_missed.len().max(1))
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(MISSED_MAX_HEIGHT);
    let height = wanted.min(rest.saturating_sub(CHARTS_MIN_HEIGHT));
    if height < 3 { 0 } else { height }
}

/// Draws `stats` inside `area`, the body between the title bar and the footer, with the
/// most-missed list scrolled `scroll` rows.
pub fn view(frame: &mut Frame, area: Rect, theme: &Theme, stats: &Stats, scroll: usize) {
    let inner = area.inner(Margin::new(1, 0));
    if stats.answers == 0 {
        empty(frame, inner, theme);
        return;
    }
    let headline = headline(theme, stats, inner.width);
    let headline_height = u16::try_from(headline.len()).unwrap_or(u16::MAX);
    let missed_height = missed_height(stats, inner, &headline);
    let [top, _, charts, missed] = Layout::vertical([
        Constraint::Length(headline_height),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(missed_height),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(headline), top);
    let [over_time, per_topic] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
        .spacing(1)
        .areas(charts);
    score_chart(frame, over_time, theme, stats);
    topic_chart(frame, per_topic, theme, &stats.topics);
    if missed_height > 0 {
        most_missed(frame, missed, theme, &stats.most_missed, scroll);
    }
}

fn empty(frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = usize::from(area.width.max(1));
    let lines: Vec<Line> = textwrap::wrap(EMPTY, width)
        .into_iter()
        .map(|line| Line::styled(line.into_owned(), theme.dim))
        .collect();
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(Paragraph::new(lines).centered(), middle);
}

/// The headline figures, packed into as few lines of `width` columns as they fit, then
/// a line about the concepts.
fn headline(theme: &Theme, stats: &Stats, width: u16) -> Vec<Line<'static>> {
    let figure = |value: String| Span::styled(value, theme.title);
    let plural = |n: usize, one: &'static str, many: &'static str| {
        Span::raw(if n == 1 { one } else { many })
    };
    let streak = usize::try_from(stats.streak_days).unwrap_or(usize::MAX);
    let items = vec![
        vec![
            figure(stats.answers.to_string()),
            plural(stats.answers, " answer", " answers"),
        ],
        vec![
            figure(stats.sessions.to_string()),
            plural(stats.sessions, " round", " rounds"),
        ],
        vec![
            Span::raw("average "),
            figure(
                stats
                    .average_score
                    .map_or("–".to_owned(), |a| format!("{a:.0}")),
            ),
            Span::raw(" / 100 on main questions"),
        ],
        vec![
            figure(stats.days_practised.to_string()),
            plural(stats.days_practised, " day practised", " days practised"),
        ],
        vec![
            Span::raw("streak "),
            figure(stats.streak_days.to_string()),
            plural(streak, " day", " days"),
            Span::raw(format!(" (longest {})", stats.longest_streak_days)),
        ],
        vec![
            figure(duration(stats.time_practised_secs)),
            Span::raw(" answering"),
        ],
    ];
    let mut lines = pack(items, usize::from(width), theme);
    let concepts = &stats.concepts;
    lines.extend(pack(
        vec![
            vec![
                Span::raw("Concepts: "),
                figure(concepts.mastered.to_string()),
                Span::raw(" mastered"),
            ],
            vec![
                figure(concepts.learning.to_string()),
                Span::raw(" learning"),
            ],
            vec![
                figure(concepts.due_today.to_string()),
                Span::raw(" due for review today"),
            ],
        ],
        usize::from(width),
        theme,
    ));
    lines
}

/// `items` joined by " · " into lines no wider than `width` where they fit.
fn pack(items: Vec<Vec<Span<'static>>>, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for item in items {
        let item_width: usize = item.iter().map(Span::width).sum();
        if !line.is_empty() && used + 3 + item_width > width {
            lines.push(Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        if !line.is_empty() {
            line.push(Span::styled(" · ", theme.dim));
            used += 3;
        }
        line.extend(item);
        used += item_width;
    }
    if !line.is_empty() {
        lines.push(Line::from(line));
    }
    lines
}

/// `1 h 05 min`, `12 min`, `40 s`.
fn duration(secs: u64) -> String {
    let minutes = (secs + 30) / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => format!("{secs} s"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

fn titled<'a>(theme: &Theme, title: String) -> Block<'a> {
    Block::bordered()
        .border_style(theme.dim)
        .title(Span::styled(format!(" {title} "), theme.title))
}

/// The average main score of each round, in order, as a line.
fn score_chart(frame: &mut Frame, area: Rect, theme: &Theme, stats: &Stats) {
    let rounds = stats.scores.len();
    let counted = format!(
        "Score over time · {rounds} round{}",
        if rounds == 1 { "" } else { "s" }
    );
    let title = if display_width(&counted) + 4 <= usize::from(area.width) {
        counted
    } else {
        "Score over time".to_owned()
    };
    let block = titled(theme, title);
    let points: Vec<(f64, f64)> = stats
        .scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i as f64, s.average_score?)))
        .collect();
    // A braille cell holds two dots across: more points than that are averaged away.
    let points = thin(points, usize::from(area.width.saturating_sub(6)) * 2);
    // Inside the border, the y labels and the axis; each x label has half of it.
    let inside = usize::from(area.width.saturating_sub(6));
    let room = if rounds > 1 { inside / 2 } else { inside };
    let day = |i: usize| -> String {
        let date = stats.scores.get(i).map_or("", |s| s.date.as_str());
        match date.get(..10) {
            Some(day) if day.len() < room => day.to_owned(),
            _ => date
                .get(5..10)
                .filter(|d| d.len() < room)
                .unwrap_or("")
                .to_owned(),
        }
    };
    let (first, last) = (day(0), day(rounds.saturating_sub(1)));
    let x_labels = if rounds > 1 && first != last {
        vec![Line::raw(first), Line::raw(last)]
    } else {
        vec![Line::raw(first), Line::raw("")]
    };
    let x_bounds = if rounds > 1 {
        [0.0, (rounds - 1) as f64]
    } else {
        [-1.0, 1.0]
    };
    let dataset = Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(theme.gauge)
        .data(&points);
    let mut datasets = vec![dataset];
    // A few rounds are marked one by one, where the line turns.
    if points.len() * 3 <= usize::from(area.width) {
        datasets.push(
            Dataset::default()
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(theme.title)
                .data(&points),
        );
    }
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .bounds(x_bounds)
                .labels(x_labels)
                .labels_alignment(Alignment::Right)
                .style(theme.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"])
                .labels_alignment(Alignment::Right)
                .style(theme.dim),
        );
    frame.render_widget(chart, area);
}

/// `points` averaged in runs so that at most `most` are left.
fn thin(points: Vec<(f64, f64)>, most: usize) -> Vec<(f64, f64)> {
    let most = most.max(2);
    if points.len() <= most {
        return points;
    }
    let run = points.len().div_ceil(most);
    points
        .chunks(run)
        .map(|chunk| {
            let n = chunk.len() as f64;
            let (x, y) = chunk
                .iter()
                .fold((0.0, 0.0), |(x, y), (px, py)| (x + px, y + py));
            (x / n, y / n)
        })
        .collect()
}

/// A horizontal bar of each topic's average; when they do not all fit, the weakest.
fn topic_chart(frame: &mut Frame, area: Rect, theme: &Theme, topics: &[TopicScore]) {
    let scored: Vec<(&TopicScore, f64)> = topics
        .iter()
        .filter_map(|t| Some((t, t.average_score?)))
        .collect();
    let rows = usize::from(area.height.saturating_sub(2));
    let mut shown = scored.clone();
    if shown.len() > rows {
        shown.sort_by(|(a, x), (b, y)| x.total_cmp(y).then_with(|| a.topic.cmp(&b.topic)));
        shown.truncate(rows);
        shown.sort_by(|(a, _), (b, _)| (&a.topic, &a.bank).cmp(&(&b.topic, &b.bank)));
    }
    let title = if shown.len() < scored.len() {
        format!(
            "Average per topic · weakest {} of {}",
            shown.len(),
            scored.len()
        )
    } else {
        "Average per topic".to_owned()
    };
    let block = titled(theme, title);
    let names: Vec<String> = shown
        .iter()
        .map(|(t, _)| {
            let topic = printable(&t.topic);
            // The same topic in two banks: say which is which.
            if topics.iter().filter(|o| o.topic == t.topic).count() > 1 {
                format!("{topic} ({})", printable(&t.bank))
            } else {
                topic.into_owned()
            }
        })
        .collect();
    let inner_width = usize::from(area.width.saturating_sub(2));
    let longest = names.iter().map(|n| display_width(n)).max().unwrap_or(0);
    let name_width = longest.min(inner_width * 45 / 100).max(4);
    let bars: Vec<Bar> = shown
        .iter()
        .zip(&names)
        .map(|((_, score), name)| {
            let name = fit(name, name_width);
            let pad = " ".repeat(name_width.saturating_sub(display_width(&name)));
            Bar::default()
                .label(Line::from(vec![
                    Span::raw(format!("{name}{pad} ")),
                    Span::styled(format!("{score:>3.0}"), theme.title),
                ]))
                .value(score.round().clamp(0.0, 100.0) as u64)
                .text_value("")
        })
        .collect();
    // A blank row between the bars when there is room for it.
    let gap = u16::from(shown.len() > 1 && rows > 2 * (shown.len() - 1));
    let chart = BarChart::horizontal(bars)
        .block(block)
        .max(100)
        .bar_width(1)
        .bar_gap(gap)
        .bar_style(theme.gauge);
    frame.render_widget(chart, area);
}

/// The concepts missed most, as many as fit.
fn most_missed(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    missed: &[MissedConcept],
    scroll: usize,
) {
    let width = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2));
    let first = scroll.min(missed.len().saturating_sub(rows));
    let title = if missed.len() > rows {
        format!(
            "Most missed · {}–{} of {} · ↑/↓",
            first + 1,
            (first + rows).min(missed.len()),
            missed.len()
        )
    } else {
        "Most missed".to_owned()
    };
    let block = titled(theme, title);
    let counts: Vec<String> = missed
        .iter()
        .map(|m| format!("missed {}×", m.times_missed))
        .collect();
    let count_width = counts.iter().map(|c| display_width(c)).max().unwrap_or(0);
    let mut lines: Vec<Line> = missed
        .iter()
        .zip(&counts)
        .skip(first)
        .take(rows)
        .map(|(m, count)| {
            let place = match &m.follow_up {
                Some(f) => format!(" ({} / {})", printable(&m.question), printable(f)),
                None => format!(" ({})", printable(&m.question)),
            };
            let room = width.saturating_sub(count_width + 3);
            let label = printable(&m.label);
            let (label, place) = if display_width(&label) + display_width(&place) <= room {
                (label.into_owned(), place)
            } else if room >= display_width(&place) + 12 {
                (fit(&label, room - display_width(&place)), place)
            } else {
                (fit(&label, room), String::new())
            };
            Line::from(vec![
                Span::styled(format!("{count:<count_width$}"), theme.bad),
                Span::styled(" · ", theme.dim),
                Span::raw(label),
                Span::styled(place, theme.dim),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("Nothing missed yet.", theme.good));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration(29), "29 s");
        assert_eq!(duration(90), "2 min");
        assert_eq!(duration(3900), "1 h 05 min");
    }

    #[test]
    fn thinning_averages_runs_of_points() {
        let points: Vec<(f64, f64)> = (0..10).map(|i| (f64::from(i), 10.0)).collect();
        let thinned = thin(points, 5);
        assert_eq!(thinned.len(), 5);
        assert_eq!(thinned[0], (0.5, 10.0));
    }
}
