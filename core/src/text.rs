//! Text normalisation shared by the bank loader and the scorer: splitting text into
//! words with their byte spans and sentences, folding case, stemming, and the small
//! word lists (stop-words, negations) that matching relies on.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// One word of a text, as found in the original string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word exactly as written.
    pub text: &'a str,
    /// Byte offset of the word's first byte.
    pub start: usize,
    /// Byte offset one past the word's last byte.
    pub end: usize,
    /// Index of the sentence the word belongs to, counted from 0.
    pub sentence: u32,
    /// The word continues the previous one with no separator: the two were one token
    /// split at a camelCase hump (`maxSurge`) or after a number (`30s`).
    pub joined: bool,
}

/// Splits `text` into words: runs of letters and digits, with apostrophes inside a word
/// kept (`doesn't`). A run is split where a lower-case letter meets an upper-case one
/// (`maxSurge` is `max Surge`, `ECSService` is `ECS Service`) and where digits meet
/// letters (`30s` is `30 s`); the later part is marked [`Word::joined`]. Sentences end at
/// `.`, `!`, `?`, `;` followed by a space or the end, and at a blank line; a `.` inside a
/// number (`0.5`) ends nothing.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        pos: 0,
        sentence: 0,
        pending_break: false,
        in_token: false,
    }
}

/// Iterator returned by [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
    sentence: u32,
    pending_break: bool,
    /// The next word continues the token the last one was cut from.
    in_token: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        let joined = self.in_token
            && self.text[self.pos..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        let start = if joined {
            self.pos
        } else {
            self.skip_separators()?
        };
        // A word: alphanumerics, with single apostrophes between them, up to a hump.
        let mut end = start;
        let mut previous: Option<char> = None;
        let mut number = true;
        let mut chars = self.text[start..].char_indices().peekable();
        self.in_token = false;
        while let Some((offset, c)) = chars.next() {
            if c.is_alphanumeric() {
                let could_cut = c.is_uppercase() || (number && c.is_alphabetic());
                if could_cut
                    && let Some(prev) = previous
                    && is_hump(prev, c, &self.text[start + offset + c.len_utf8()..], number)
                {
                    self.in_token = true;
                    break;
                }
                number &= c.is_ascii_digit();
                end = start + offset + c.len_utf8();
                previous = Some(c);
            } else if is_apostrophe(c) && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()) {
                previous = None;
                number = false;
                continue;
            } else {
                break;
            }
        }
        self.pos = end;
        Some(Word {
            text: &self.text[start..end],
            start,
            end,
            sentence: self.sentence,
            joined,
        })
    }
}

impl Words<'_> {
    /// Moves past what separates two words, noting sentence ends on the way; the start
    /// of the next word, if there is one.
    fn skip_separators(&mut self) -> Option<usize> {
        let mut newlines = 0;
        let start = loop {
            let rest = self.text.get(self.pos..)?;
            let c = rest.chars().next()?;
            if c.is_alphanumeric() {
                break self.pos;
            }
            match c {
                '.' | '!' | '?' | ';' | '。' | '！' | '？' => {
                    let next = rest[c.len_utf8()..].chars().next();
                    if next.is_none_or(|n| !n.is_alphanumeric()) {
                        self.pending_break = true;
                    }
                }
                '\n' => {
                    newlines += 1;
                    if newlines >= 2 {
                        self.pending_break = true;
                    }
                }
                c if c.is_whitespace() => {}
                _ => newlines = 0,
            }
            self.pos += c.len_utf8();
        };
        if self.pending_break {
            self.sentence += 1;
            self.pending_break = false;
        }
        Some(start)
    }
}

/// Whether a token is cut between `prev` and `c` (followed by `rest`): a lower-case
/// letter then an upper-case one, the last capital of a run of capitals that starts a
/// word (`ECSService`, but not the plural `GPUs`), or a `number` then letters (`30s`,
/// but not `k8s` or `ec2`).
fn is_hump(prev: char, c: char, rest: &str, number: bool) -> bool {
    let mut after = rest.chars();
    let next = after.next();
    let plural = next == Some('s') && after.next().is_none_or(|n| !n.is_alphanumeric());
    (prev.is_lowercase() && c.is_uppercase())
        || (prev.is_uppercase()
            && c.is_uppercase()
            && next.is_some_and(char::is_lowercase)
            && !plural)
        || (number && c.is_alphabetic())
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Writes the folded form of `word` into `out`: lower case, apostrophes dropped.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if is_apostrophe(c) {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The folded form of `word`; see [`fold_into`].
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// English stemmer for matching word forms ("connections" and "connection").
pub struct WordStemmer(Stemmer);

impl Default for WordStemmer {
    fn default() -> Self {
        Self(Stemmer::create(Algorithm::English))
    }
}

impl WordStemmer {
    /// The stem of an already folded word.
    pub fn stem<'w>(&self, folded: &'w str) -> Cow<'w, str> {
        self.0.stem(folded)
    }
}

/// `text` with control characters, escape sequences' lead-in and bidirectional overrides
/// replaced, so text from a bank or an answer cannot drive the terminal. Line breaks stay;
/// tabs become spaces.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\n') || is_invisible(c);
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' => ' ',
                c if unsafe_char(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Whether `c` changes how text around it shows without showing itself: bidirectional
/// controls, zero-width characters, the line and paragraph separators, the byte-order
/// mark. A terminal and the screen model drawn on it disagree about their width.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Writes `value` as JSON to `out` (`pretty`: indented), with every character a
/// terminal or a viewer could act on escaped as `\uXXXX`: C1 controls and the
/// [`is_invisible`] ones, beyond the controls JSON always escapes. The text means the
/// same to a JSON reader.
pub fn write_json<W: std::io::Write, T: serde::Serialize + ?Sized>(
    out: W,
    value: &T,
    pretty: bool,
) -> serde_json::Result<()> {
    if pretty {
        let formatter = Escaping(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))
    } else {
        let formatter = Escaping(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))
    }
}

/// A JSON formatter that escapes C1 controls and invisible characters in strings.
struct Escaping<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Escaping<F> {
    fn write_string_fragment<W: std::io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let risky = |c: char| ('\u{80}'..='\u{9f}').contains(&c) || is_invisible(c);
        let mut rest = fragment;
        while let Some(at) = rest.find(risky) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: std::io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: std::io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Function words that carry no meaning of their own in a keyword.
const STOP_WORDS: &[&str] = &[
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "being", "by", "can", "could",
    "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "i", "in",
    "into", "is", "it", "its", "just", "me", "my", "of", "on", "or", "our", "she", "should", "so",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "us", "very", "was", "we", "were", "what", "which", "who", "will", "with", "would",
    "you", "your",
];

/// Words that turn a statement around.
const NEGATIONS: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt", "hasnt",
    "havent", "isnt", "lack", "lacked", "lacking", "lacks", "neither", "never", "no", "nobody",
    "none", "nor", "not", "nothing", "shouldnt", "unlike", "wasnt", "werent", "without", "wont",
    "wouldnt",
];

/// Short forms people type in a hurry, and the word they stand for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("app", "application"),
    ("apps", "applications"),
    ("config", "configuration"),
    ("configs", "configurations"),
    ("conn", "connection"),
    ("conns", "connections"),
    ("db", "database"),
    ("dbs", "databases"),
    ("dep", "dependency"),
    ("deps", "dependencies"),
    ("env", "environment"),
    ("envs", "environments"),
    ("hr", "hours"),
    ("hrs", "hours"),
    ("img", "image"),
    ("imgs", "images"),
    ("infra", "infrastructure"),
    ("k8s", "kubernetes"),
    ("mins", "minutes"),
    ("ms", "milliseconds"),
    ("msg", "message"),
    ("msgs", "messages"),
    ("perf", "performance"),
    ("prod", "production"),
    ("repo", "repository"),
    ("repos", "repositories"),
    ("req", "request"),
    ("reqs", "requests"),
    ("resp", "response"),
    ("s", "seconds"),
    ("sec", "seconds"),
    ("secs", "seconds"),
];

/// Connectives that, with stop-words, glue sentences together: prose has plenty, a list
/// of terms almost none.
const CONNECTIVES: &[&str] = &[
    "about", "after", "all", "because", "before", "but", "each", "every", "how", "if", "instead",
    "like", "more", "most", "only", "other", "since", "some", "such", "through", "until", "when",
    "where", "while", "why",
];

/// What the word lists say of one folded word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClass {
    pub stop_word: bool,
    pub negation: bool,
    pub connective: bool,
    /// The word a short form stands for.
    pub expansion: Option<&'static str>,
}

/// The word lists in one table, so a word is looked up once.
static CLASSES: LazyLock<FxHashMap<&'static str, WordClass>> = LazyLock::new(|| {
    let mut classes: FxHashMap<&'static str, WordClass> = FxHashMap::default();
    for word in STOP_WORDS {
        classes.entry(word).or_default().stop_word = true;
    }
    for word in NEGATIONS {
        classes.entry(word).or_default().negation = true;
    }
    for word in CONNECTIVES {
        classes.entry(word).or_default().connective = true;
    }
    for (short, long) in ABBREVIATIONS {
        classes.entry(short).or_default().expansion = Some(long);
    }
    // "doesn't" and "does not" say the same thing; a keyword may use either.
    for word in NEGATIONS
        .iter()
        .filter(|w| w.ends_with("nt") || **w == "cannot")
    {
        classes.entry(word).or_default().expansion = Some("not");
    }
    classes
});

/// What the word lists say of a folded word.
pub fn class(folded: &str) -> WordClass {
    CLASSES.get(folded).copied().unwrap_or_default()
}

/// The word a folded short form stands for ("db" is "database"), or the word itself.
/// Keywords and answers both pass through it, so either may use either form.
pub fn expand(folded: &str) -> &str {
    class(folded).expansion.unwrap_or(folded)
}

/// Whether a folded word is a stop-word (ignored inside keywords).
pub fn is_stop_word(folded: &str) -> bool {
    class(folded).stop_word
}

/// Whether a folded word negates what follows it.
pub fn is_negation(folded: &str) -> bool {
    class(folded).negation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        words(s).map(|w| w.text).collect()
    }

    #[test]
    fn word_lists_are_sorted_and_apart() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(NEGATIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(CONNECTIVES.windows(2).all(|w| w[0] < w[1]));
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            !STOP_WORDS
                .iter()
                .any(|w| NEGATIONS.contains(w) || CONNECTIVES.contains(w))
        );
    }

    #[test]
    fn splits_on_punctuation_and_keeps_spans() {
        let text = "X-Amzn-Trace-Id, max_connections (p99)";
        let found: Vec<_> = words(text).collect();
        assert_eq!(
            found.iter().map(|w| w.text).collect::<Vec<_>>(),
            ["X", "Amzn", "Trace", "Id", "max", "connections", "p99"]
        );
        for w in found {
            assert_eq!(&text[w.start..w.end], w.text);
        }
    }

    #[test]
    fn splits_camel_case_and_numbers_with_units() {
        assert_eq!(texts("maxSurge"), ["max", "Surge"]);
        assert_eq!(texts("ECSService"), ["ECS", "Service"]);
        assert_eq!(texts("GPUs and IDs"), ["GPUs", "and", "IDs"]);
        assert_eq!(
            texts("30s 100ms k8s ec2 p99"),
            ["30", "s", "100", "ms", "k8s", "ec2", "p99"]
        );
        let joined: Vec<bool> = words("maxSurge 30s x").map(|w| w.joined).collect();
        assert_eq!(joined, [false, true, false, true, false]);
    }

    #[test]
    fn keeps_apostrophes_inside_words_only() {
        assert_eq!(
            texts("doesn't 'quoted' it’s"),
            ["doesn't", "quoted", "it’s"]
        );
        assert_eq!(fold("Doesn't"), "doesnt");
        assert_eq!(fold("IT’S"), "its");
    }

    #[test]
    fn counts_sentences() {
        let sentences: Vec<u32> = words("One two. Three 0.5 vCPU; four\nfive\n\nsix? seven")
            .map(|w| w.sentence)
            .collect();
        // `vCPU` is the two words `v CPU`.
        assert_eq!(sentences, [0, 0, 1, 1, 1, 1, 1, 2, 2, 3, 4]);
    }

    #[test]
    fn handles_unicode_words() {
        assert_eq!(
            texts("日本語 émigré — 🚀 naïve"),
            ["日本語", "émigré", "naïve"]
        );
        assert_eq!(fold("ÉMIGRÉ"), "émigré");
    }

    #[test]
    fn stems_word_forms_together() {
        let stemmer = WordStemmer::default();
        assert_eq!(stemmer.stem("connections"), stemmer.stem("connection"));
        assert_eq!(stemmer.stem("draining"), stemmer.stem("drain"));
        assert_eq!(stemmer.stem("scaling"), stemmer.stem("scaled"));
    }

    #[test]
    fn printable_defuses_terminal_sequences() {
        assert_eq!(printable("plain\ntext"), "plain\ntext");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        let shown = printable("a\u{1b}[2J\u{1b}]0;title\u{7}b\t\u{202e}c\u{9b}");
        assert!(!shown.contains(|c: char| c.is_control() && c != '\n'));
        assert_eq!(
            shown,
            "a\u{fffd}[2J\u{fffd}]0;title\u{fffd}b \u{fffd}c\u{fffd}"
        );
    }

    #[test]
    fn zero_width_and_bidi_characters_are_replaced_too() {
        let shown = printable("a\u{200b}b\u{200d}c\u{feff}d\u{2066}e\u{2028}f");
        assert_eq!(shown, "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f");
        assert_eq!(printable("café naïve — ok"), "café naïve — ok");
    }

    #[test]
    fn json_escapes_what_a_terminal_or_a_viewer_would_act_on() {
        let value = serde_json::json!({"t": "a\u{9b}2J\u{202e}b\u{200b}c\u{1b}d é"});
        let mut out = Vec::new();
        write_json(&mut out, &value, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#"{"t":"a\u009b2J\u202eb\u200bc\u001bd é"}"#);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let mut pretty = Vec::new();
        write_json(&mut pretty, &value, true).unwrap();
        assert!(
            String::from_utf8(pretty)
                .unwrap()
                .contains("\n  \"t\": \"a\\u009b")
        );
    }

    #[test]
    fn expands_short_forms() {
        assert_eq!(expand("db"), "database");
        assert_eq!(expand("doesnt"), "not");
        assert_eq!(expand("cannot"), "not");
        assert_eq!(expand("conns"), "connections");
        assert_eq!(expand("database"), "database");
    }

    #[test]
    fn knows_stop_words_and_negations() {
        assert!(is_stop_word("the"));
        assert!(!is_stop_word("many"));
        assert!(!is_stop_word("not"));
        assert!(is_negation("doesnt"));
        assert!(is_negation("not"));
        assert!(!is_negation("note"));
    }
}
