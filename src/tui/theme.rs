//! Colours and emphasis. Under `NO_COLOR` the theme sets no colour at all: bold,
//! underline, reverse and the ✓/✗ marks carry the meaning.

use ratatui::style::{Color, Modifier, Style};

/// The styles every screen draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub dim: Style,
    pub key: Style,
    pub selected: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    /// Text of the answer that matched an expected point.
    pub evidence: Style,
    pub gauge: Style,
    pub gauge_warning: Style,
}

impl Theme {
    /// The colour theme, or the plain one when `NO_COLOR` is set to anything but "".
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(value) if !value.is_empty() => Theme::plain(),
            _ => Theme::colour(),
        }
    }

    pub fn colour() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            title: bold.fg(Color::Cyan),
            dim: Style::new().fg(Color::DarkGray),
            key: bold.fg(Color::Yellow),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            good: Style::new().fg(Color::Green),
            bad: Style::new().fg(Color::Red),
            warn: bold.fg(Color::Yellow),
            evidence: Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::UNDERLINED),
            gauge: Style::new().fg(Color::Cyan),
            gauge_warning: Style::new().fg(Color::Red),
        }
    }

    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            title: bold,
            dim: Style::new(),
            key: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            good: Style::new(),
            bad: Style::new(),
            warn: bold,
            evidence: Style::new().add_modifier(Modifier::UNDERLINED),
            gauge: Style::new(),
            gauge_warning: bold,
        }
    }
}
