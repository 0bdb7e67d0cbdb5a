//! Markdown escaping: bank text and answers placed in a report so that nothing in them
//! is read as Markdown or HTML, and control characters are replaced.

use crate::text::printable;

/// `text` on one line, safe to place anywhere in a line of Markdown.
pub(super) fn inline(text: &str) -> String {
    let flat = normalise_breaks(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    escape(&flat)
}

/// `text` as lines of Markdown that render as written: each line escaped, leading
/// indentation kept as no-break spaces, a line followed by another ending in a hard break
/// (`\`), runs of blank lines made one empty line, and blank lines at either end dropped.
pub(super) fn block_lines(text: &str) -> Vec<String> {
    let text = normalise_breaks(text);
    let mut lines: Vec<String> = Vec::new();
    let mut blank = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !lines.is_empty();
            continue;
        }
        if blank {
            lines.push(String::new());
            blank = false;
        } else if let Some(previous) = lines.last_mut() {
            previous.push('\\');
        }
        let body = line.trim_start();
        let indent = line.chars().count() - body.chars().count();
        lines.push("\u{a0}".repeat(indent) + &escape(body));
    }
    lines
}

/// Line breaks of every kind made `\n`, and other control characters replaced.
fn normalise_breaks(text: &str) -> String {
    let unified: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
            c => c,
        })
        .collect();
    printable(&unified).into_owned()
}

/// Backslash-escapes what Markdown (CommonMark and GitHub's extensions) would read as
/// markup in `line`, which starts a block: emphasis, code, links, HTML, tables,
/// strikethrough, entities, and the markers of headings, lists, quotes and rules.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    // A line starting "12." or "12)" is an ordered list.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    // Every mark is ASCII, so the text between marks is copied whole.
    let mut copied = 0;
    for (i, byte) in line.bytes().enumerate() {
        let escaped = match byte {
            b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' => true,
            // Inside a word (`max_connections`) an underscore is never emphasis.
            b'_' => {
                !(line[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && line[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric))
            }
            b'&' => line[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_alphanumeric() || n == '#'),
            b'-' | b'+' | b'=' => i == 0,
            // Last, it would close a heading.
            b'#' => i == 0 || i + 1 == line.len(),
            b'.' | b')' => digits > 0 && i == digits,
            _ => false,
        };
        if escaped {
            out.push_str(&line[copied..i]);
            out.push('\\');
            copied = i;
        }
    }
    out.push_str(&line[copied..]);
    out
}

/// `text` as a code span, whatever backticks it holds.
pub(super) fn code(text: &str) -> String {
    let text = normalise_breaks(text).replace('\n', " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if text.is_empty() {
        return "`(none)`".to_owned();
    }
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped_and_words_with_underscores_are_left_alone() {
        assert_eq!(
            escape("max_connections é_ü _x *b* [l](u)"),
            "max_connections é_ü \\_x \\*b\\* \\[l\\](u)"
        );
        assert_eq!(escape("12. not a list # #"), "12\\. not a list # \\#");
        assert_eq!(escape("- a &amp; & b"), "\\- a \\&amp; & b");
        assert_eq!(escape("#"), "\\#");
        assert_eq!(escape(""), "");
    }
}
