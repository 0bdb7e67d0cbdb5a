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
        writeln!(f, "{number} | {}", self.source_line)?;
        write!(
            f,
            "{gutter} | {}{}",
            " ".repeat(self.column - 1),
            "^".repeat(self.width)
        )
    }
}

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
    fn never_prints_control_characters_from_the_source() {
        let source = "prompt = \"\u{1b}[2J\"\n";
        let d = Diagnostic::at("b.toml", source, 0..6, "bad");
        assert!(!d.to_string().contains('\u{1b}'));
    }
}
