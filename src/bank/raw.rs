//! The bank file as written: serde structs that keep the source span of every value a
//! validation message may point at, and the list of keys each table accepts.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub bank: Spanned<RawBank>,
    #[serde(default)]
    pub question: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    pub same: Vec<Spanned<RawSame>>,
}

/// A lexicon file: only `[[same]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLexiconFile {
    #[serde(default)]
    pub same: Vec<Spanned<RawSame>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSame {
    pub terms: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBank {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: String,
    pub time_limit_secs: Option<Spanned<i64>>,
    pub follow_up_time_limit_secs: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub difficulty: Option<Spanned<i64>>,
    pub prompt: Spanned<String>,
    pub model_answer: Option<String>,
    pub time_limit_secs: Option<Spanned<i64>>,
    #[serde(default)]
    pub point: Vec<Spanned<RawPoint>>,
    #[serde(default)]
    pub red_flag: Vec<Spanned<RawRedFlag>>,
    #[serde(default)]
    pub follow_up: Vec<Spanned<RawFollowUp>>,
    #[serde(default)]
    pub example: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPoint {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    pub weight: Option<Spanned<i64>>,
    pub keywords: Spanned<Vec<Spanned<String>>>,
    pub explain: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedFlag {
    pub keywords: Spanned<Vec<Spanned<String>>>,
    pub note: Spanned<String>,
    pub severity: Option<Spanned<String>>,
    #[serde(default)]
    pub contradicts: Vec<Spanned<String>>,
    pub weight: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFollowUp {
    pub id: Spanned<String>,
    pub prompt: Spanned<String>,
    #[serde(default)]
    pub when_missed: Vec<Spanned<String>>,
    #[serde(default)]
    pub when_covered: Vec<Spanned<String>>,
    pub model_answer: Option<String>,
    pub time_limit_secs: Option<Spanned<i64>>,
    #[serde(default)]
    pub point: Vec<Spanned<RawPoint>>,
    #[serde(default)]
    pub red_flag: Vec<Spanned<RawRedFlag>>,
    #[serde(default)]
    pub example: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub answer: String,
    pub min_score: Option<Spanned<f64>>,
    pub max_score: Option<Spanned<f64>>,
    #[serde(default)]
    pub covers: Vec<Spanned<String>>,
}

/// The keys one kind of table accepts, and the sub-tables found under some of them.
/// Mirrors the structs above; `every_key_of_the_schema_is_accepted` keeps the two in step.
#[derive(Debug)]
pub struct Schema {
    /// How the table is written, for messages: `[[question.point]]`.
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub children: &'static [(&'static str, &'static Schema)],
}

pub static FILE_SCHEMA: Schema = Schema {
    name: "the top level",
    keys: &["bank", "question", "same"],
    children: &[
        ("bank", &BANK_SCHEMA),
        ("question", &QUESTION_SCHEMA),
        ("same", &SAME_SCHEMA),
    ],
};

pub static LEXICON_SCHEMA: Schema = Schema {
    name: "a lexicon file",
    keys: &["same"],
    children: &[("same", &SAME_SCHEMA)],
};

static SAME_SCHEMA: Schema = Schema {
    name: "[[same]]",
    keys: &["terms"],
    children: &[],
};

static BANK_SCHEMA: Schema = Schema {
    name: "[bank]",
    keys: &[
        "id",
        "title",
        "description",
        "time_limit_secs",
        "follow_up_time_limit_secs",
    ],
    children: &[],
};

static QUESTION_SCHEMA: Schema = Schema {
    name: "[[question]]",
    keys: &[
        "id",
        "topic",
        "tags",
        "difficulty",
        "prompt",
        "model_answer",
        "time_limit_secs",
        "point",
        "red_flag",
        "follow_up",
        "example",
    ],
    children: &[
        ("point", &POINT_SCHEMA),
        ("red_flag", &RED_FLAG_SCHEMA),
        ("follow_up", &FOLLOW_UP_SCHEMA),
        ("example", &EXAMPLE_SCHEMA),
    ],
};

static POINT_SCHEMA: Schema = Schema {
    name: "[[question.point]]",
    keys: &["id", "label", "weight", "keywords", "explain"],
    children: &[],
};

static RED_FLAG_SCHEMA: Schema = Schema {
    name: "[[question.red_flag]]",
    keys: &["keywords", "note", "severity", "contradicts", "weight"],
    children: &[],
};

static FOLLOW_UP_SCHEMA: Schema = Schema {
    name: "[[question.follow_up]]",
    keys: &[
        "id",
        "prompt",
        "when_missed",
        "when_covered",
        "model_answer",
        "time_limit_secs",
        "point",
        "red_flag",
        "example",
    ],
    children: &[
        ("point", &POINT_SCHEMA),
        ("red_flag", &RED_FLAG_SCHEMA),
        ("example", &EXAMPLE_SCHEMA),
    ],
};

static EXAMPLE_SCHEMA: Schema = Schema {
    name: "[[question.example]]",
    keys: &["answer", "min_score", "max_score", "covers"],
    children: &[],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that uses every key of the schema must deserialize, so the schema never
    /// accepts a key the structs would reject.
    #[test]
    fn every_key_of_the_schema_is_accepted() {
        let full = r#"
            [bank]
            id = "b"
            title = "t"
            description = "d"
            time_limit_secs = 1
            follow_up_time_limit_secs = 1
            [[question]]
            id = "q"
            topic = "t"
            tags = ["x"]
            difficulty = 1
            prompt = "p"
            model_answer = "m"
            time_limit_secs = 1
            [[question.point]]
            id = "p"
            label = "l"
            weight = 1
            keywords = ["k"]
            explain = "e"
            [[question.red_flag]]
            keywords = ["k"]
            note = "n"
            severity = "misconception"
            contradicts = ["p"]
            weight = 1
            [[question.example]]
            answer = "a"
            min_score = 1
            max_score = 2
            covers = ["p"]
            [[question.follow_up]]
            id = "f"
            prompt = "p"
            when_missed = ["p"]
            when_covered = ["p"]
            model_answer = "m"
            time_limit_secs = 1
            [[question.follow_up.point]]
            id = "p"
            label = "l"
            keywords = ["k"]
            [[question.follow_up.red_flag]]
            keywords = ["k"]
            note = "n"
            [[question.follow_up.example]]
            answer = "a"
            [[same]]
            terms = ["a", "b"]
        "#;
        let file: RawFile = toml::from_str(full).expect("every schema key is a struct field");
        assert_eq!(file.question.len(), 1);

        let used: Vec<&str> = full
            .lines()
            .filter_map(|line| {
                let line = line.trim().trim_start_matches('[').trim_end_matches(']');
                let key = line.split(" = ").next()?;
                key.rsplit('.').next()
            })
            .collect();
        fn check(schema: &Schema, used: &[&str]) {
            for key in schema.keys {
                assert!(used.contains(key), "the test document lacks `{key}`");
            }
            for (_, child) in schema.children {
                check(child, used);
            }
        }
        check(&FILE_SCHEMA, &used);
    }
}
