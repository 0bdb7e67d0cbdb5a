//! Problems found in a bank file, each tied to a place in the source, and their display
//! as `file:line:col: message` followed by the offending line with a caret.

use std::fmt;
use std::ops::Range;

use crate::text;

/// One problem in a bank file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (`<built-in>/name.toml` for compiled-in banks).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
    /// The whole source line the problem is on, without its line break.
    pub source_line: String,
    /// How many characters of `source_line` to underline, from `column`.
    pub width: usize,
}

impl Diagnostic {
    /// A problem at byte range `span` of `source`.
    pub fn at(file: &str, source: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let source_line = source[line_start..line_end].trim_end_matches('\r');
        let column = source[line_start..start].chars().count() + 1;
        let underlined = source[start..end.min(line_end)].chars().count();
        Diagnostic {
            file: file.to_owned(),
            line: source[..start].matches('\n').count() + 1,
            column,
            message: message.into(),
            source_line: text::printable(source_line).into_owned(),
            width: underlined.max(1),
        }
    }
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        writeln!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.column, self.message
        )?;
        writeln!(f, "{gutter} |")?;
        // A very long line is shown around the problem only.
        let chars: Vec<char> = self.source_line.chars().collect();
        let from = (self.column - 1).saturating_sub(SHOWN_BEFORE);
        let to = chars.len().min(self.column - 1 + SHOWN_AFTER);
        let shown: String = chars[from.min(to)..to].iter().collect();
        let (lead, tail) = (
            if from > 0 { "…" } else { "" },
            if to < chars.len() { "…" } else { "" },
        );
        writeln!(f, "{number} | {lead}{shown}{tail}")?;
        let caret = self.width.min(to.saturating_sub(self.column - 1)).max(1);
        write!(
            f,
            "{gutter} | {}{}",
            " ".repeat(self.column - 1 - from + lead.chars().count()),
            "^".repeat(caret)
        )
    }
}

/// How much of a long line is shown before and after the column of a problem.
const SHOWN_BEFORE: usize = 40;
const SHOWN_AFTER: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_with_a_caret() {
        let source = "[bank]\nid = \"x\"\n  kewords = [\"a\"]\n";
        let start = source.find("kewords").unwrap();
        let d = Diagnostic::at("b.toml", source, start..start + 7, "unknown key `kewords`");
        assert_eq!((d.line, d.column), (3, 3));
        assert_eq!(
            d.to_string(),
            "b.toml:3:3: error: unknown key `kewords`\n  |\n3 |   kewords = [\"a\"]\n  |   ^^^^^^^"
        );
    }

    #[test]
    fn counts_columns_in_characters_and_survives_odd_spans() {
        let source = "é = 1\n";
        let d = Diagnostic::at("b.toml", source, 3..100, "bad");
        assert_eq!((d.line, d.column, d.width), (1, 3, 3));
        let d = Diagnostic::at("b.toml", source, 1..1, "inside a character");
        assert_eq!((d.line, d.column), (1, 1));
    }

    #[test]
    fn shows_a_long_line_around_the_problem_only() {
        let source = format!("a = {}x{}", "[".repeat(500), "]".repeat(500));
        let at = source.find('x').unwrap();
        let shown = Diagnostic::at("b.toml", &source, at..at + 1, "deep").to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[2].chars().count() < 140, "{}", lines[2]);
        assert!(
            lines[2].starts_with("1 | …[[[") && lines[2].ends_with("]]]…"),
            "{}",
            lines[2]
        );
        let caret_column = lines[3].find('^').unwrap();
        assert_eq!(lines[2].chars().nth(caret_column), Some('x'));
    }

    #[test]
    fn never_prints_control_characters_from_the_source() {
        let source = "prompt = \"\u{1b}[2J\"\n";
        let d = Diagnostic::at("b.toml", source, 0..6, "bad");
        assert!(!d.to_string().contains('\u{1b}'));
    }
}
