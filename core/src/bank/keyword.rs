//! The form of a keyword: a phrase, or a combination of parts that must all be said in
//! one sentence, each part with alternatives.
//!
//! `patch | security fix | keep updated + os | host | instance` has two parts: one of
//! `patch`, `security fix` or `keep updated`, and one of `os`, `host` or `instance`. A
//! `+` separates parts only with spaces around it (`c++` stays a word); `|` always
//! separates alternatives.

/// Why a keyword cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeywordError {
    #[error(
        "a part of this keyword is empty; write `a | b + c`, with words on each side of `+` and `|`"
    )]
    EmptyAlternative,
    #[error("this keyword has no letters or digits, so it can never match")]
    NoWords,
}

/// The parts of `keyword`, each a list of alternative phrases.
pub fn parts(keyword: &str) -> Result<Vec<Vec<&str>>, KeywordError> {
    if crate::text::words(keyword).next().is_none() {
        return Err(KeywordError::NoWords);
    }
    split_parts(keyword)
        .map(|part| {
            part.split('|')
                .map(|alternative| {
                    let alternative = alternative.trim();
                    if crate::text::words(alternative).next().is_none() {
                        Err(KeywordError::EmptyAlternative)
                    } else {
                        Ok(alternative)
                    }
                })
                .collect()
        })
        .collect()
}

/// `keyword` cut at every `+` that has white space (or an end) on both sides.
fn split_parts(keyword: &str) -> impl Iterator<Item = &str> {
    let bytes = keyword.as_bytes();
    let spaced = |i: usize| bytes.get(i).is_none_or(|b| b.is_ascii_whitespace());
    let mut cuts: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b'+' && (i == 0 || spaced(i - 1)) && spaced(i + 1))
        .collect();
    cuts.push(keyword.len());
    let mut start = 0;
    cuts.into_iter().map(move |cut| {
        let part = &keyword[start..cut];
        start = (cut + 1).min(keyword.len());
        part
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_is_one_part_with_one_alternative() {
        assert_eq!(
            parts("too many connections"),
            Ok(vec![vec!["too many connections"]])
        );
    }

    #[test]
    fn parts_and_alternatives_split_on_plus_and_bar() {
        assert_eq!(
            parts("patch | security fix + os|host"),
            Ok(vec![vec!["patch", "security fix"], vec!["os", "host"]])
        );
    }

    #[test]
    fn a_plus_inside_a_word_is_kept() {
        assert_eq!(parts("c++ + node"), Ok(vec![vec!["c++"], vec!["node"]]));
    }

    #[test]
    fn empty_parts_are_errors() {
        assert_eq!(parts("patch + "), Err(KeywordError::EmptyAlternative));
        assert_eq!(parts("patch || host"), Err(KeywordError::EmptyAlternative));
        assert_eq!(parts("+ host"), Err(KeywordError::EmptyAlternative));
        assert_eq!(parts("  ... "), Err(KeywordError::NoWords));
    }
}
