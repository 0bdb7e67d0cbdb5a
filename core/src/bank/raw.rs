//! The bank file as written: serde structs that keep the source span of every value a
//! validation message may point at, and the keys each table accepts, read off them.

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
    pub misconception: Option<bool>,
}

/// The keys one kind of table accepts, and the sub-tables found under some of them. The
/// keys are the fields of the table's struct, as serde names them, so a field added to a
/// struct is a key the checks know.
#[derive(Debug)]
pub struct Schema {
    /// How the table is written, for messages: `[[question.point]]`.
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub children: Vec<(&'static str, Schema)>,
}

impl Schema {
    fn of<'de, T: Deserialize<'de>>(
        name: &'static str,
        children: Vec<(&'static str, Schema)>,
    ) -> Schema {
        Schema {
            name,
            keys: fields::<T>(),
            children,
        }
    }

    /// The tables of a bank file.
    pub fn bank_file() -> Schema {
        let point = || Schema::of::<RawPoint>("[[question.point]]", Vec::new());
        let red_flag = || Schema::of::<RawRedFlag>("[[question.red_flag]]", Vec::new());
        let example = || Schema::of::<RawExample>("[[question.example]]", Vec::new());
        let follow_up = Schema::of::<RawFollowUp>(
            "[[question.follow_up]]",
            vec![
                ("point", point()),
                ("red_flag", red_flag()),
                ("example", example()),
            ],
        );
        let question = Schema::of::<RawQuestion>(
            "[[question]]",
            vec![
                ("point", point()),
                ("red_flag", red_flag()),
                ("follow_up", follow_up),
                ("example", example()),
            ],
        );
        Schema::of::<RawFile>(
            "the top level",
            vec![
                ("bank", Schema::of::<RawBank>("[bank]", Vec::new())),
                ("question", question),
                ("same", Schema::of::<RawSame>("[[same]]", Vec::new())),
            ],
        )
    }

    /// The tables of a lexicon file.
    pub fn lexicon_file() -> Schema {
        Schema::of::<RawLexiconFile>(
            "a lexicon file",
            vec![("same", Schema::of::<RawSame>("[[same]]", Vec::new()))],
        )
    }
}

/// The field names serde gives the struct `T`: a deserializer that only asks for them.
fn fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    struct FieldNames<'a>(&'a mut &'static [&'static str]);

    impl<'de> de::Deserializer<'de> for FieldNames<'_> {
        type Error = de::value::Error;

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("only the field names were asked for"))
        }

        fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    let mut names: &'static [&'static str] = &[];
    // The error is the point: the deserializer stops once it has the names.
    let _ = T::deserialize(FieldNames(&mut names));
    names
}

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
            misconception = false
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
            for (_, child) in &schema.children {
                check(child, used);
            }
        }
        check(&Schema::bank_file(), &used);
    }

    #[test]
    fn the_keys_are_the_fields_of_the_structs() {
        let schema = Schema::bank_file();
        assert_eq!(schema.keys, ["bank", "question", "same"]);
        let question = &schema.children[1].1;
        assert!(question.keys.contains(&"follow_up") && question.keys.contains(&"point"));
        let red_flag = &question.children[1].1;
        assert_eq!(
            red_flag.keys,
            ["keywords", "note", "severity", "contradicts", "weight"]
        );
        assert_eq!(Schema::lexicon_file().keys, ["same"]);
    }
}
