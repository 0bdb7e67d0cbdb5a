//! Reading a Markdown guide into its questions: a heading that asks something, or a
//! `Q:` / `**Question:**` line, starts a question; what follows it, up to the next
//! question or heading, is its answer. A second `A:` / `**Answer:**` under one question
//! is another accepted answer. Paragraphs are unwrapped; **bold**, *emphasis* and
//! `code` spans are kept as the author's terms; code blocks stay in the model answer.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a guide holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Guide {
    /// The first top-level heading, when it comes before any question.
    pub title: Option<String>,
    pub questions: Vec<Found>,
    /// Text that comes before the first question, kept so nothing is lost.
    pub unplaced: Vec<String>,
}

/// A question of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub topic: String,
    pub prompt: String,
    /// The guide's answer first, then any other accepted answers.
    pub answers: Vec<Answer>,
}

/// One answer: its blocks in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub blocks: Vec<Block>,
}

/// A paragraph, list item or code block of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text on one line (a code block keeps its lines).
    pub text: String,
    /// The bold, emphasised and code spans of the text.
    pub terms: Vec<String>,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Item,
    Code,
}

impl Answer {
    /// The prose of the answer, without its code blocks.
    pub fn prose(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind != BlockKind::Code)
    }

    /// The answer as a model answer: paragraphs, `- ` items and fenced code.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                let tight =
                    block.kind == BlockKind::Item && self.blocks[i - 1].kind == BlockKind::Item;
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            match block.kind {
                BlockKind::Paragraph => out.push_str(&block.text),
                BlockKind::Item => {
                    out.push_str("- ");
                    out.push_str(&block.text);
                }
                BlockKind::Code => {
                    out.push_str("```\n");
                    out.push_str(block.text.trim_end());
                    out.push_str("\n```");
                }
            }
        }
        out
    }

    fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// A line of a block as Markdown gave it: its text and its marked spans.
#[derive(Debug, Default)]
struct Line {
    text: String,
    terms: Vec<String>,
}

/// The guide's blocks, before questions are found in them.
#[derive(Debug)]
enum Raw {
    Heading(HeadingLevel, Line),
    Lines(BlockKind, Vec<Line>),
    Code(String),
}

/// Reads the guide `markdown`.
pub fn read(markdown: &str) -> Guide {
    let mut reader = Reader::default();
    reader.place(&blocks(markdown));
    let mut guide = reader.guide;
    // A `Q:` with no words after it asks nothing; its answer is kept as text.
    let (asked, empty): (Vec<Found>, Vec<Found>) = std::mem::take(&mut guide.questions)
        .into_iter()
        .partition(|q| crate::text::words(&q.prompt).next().is_some());
    guide.questions = asked;
    for found in empty {
        for answer in found.answers.iter().filter(|a| !a.is_empty()) {
            guide.unplaced.push(answer.to_text());
        }
    }
    guide
}

/// The blocks of `markdown`, each a list of lines with its marked spans.
fn blocks(markdown: &str) -> Vec<Raw> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut lines: Vec<Line> = vec![Line::default()];
    let mut marked = 0usize;
    let mut term = String::new();
    let mut code: Option<String> = None;
    let mut heading: Option<HeadingLevel> = None;
    let mut items = 0usize;
    let flush =
        |out: &mut Vec<Raw>, lines: &mut Vec<Line>, heading: Option<HeadingLevel>, items| {
            let taken: Vec<Line> = std::mem::replace(lines, vec![Line::default()])
                .into_iter()
                .map(|mut l| {
                    l.text = squeeze(&l.text);
                    l
                })
                .filter(|l| !l.text.is_empty())
                .collect();
            if taken.is_empty() {
                return;
            }
            match heading {
                Some(level) => {
                    let text = taken.iter().map(|l| l.text.as_str()).collect::<Vec<_>>();
                    let terms = taken.iter().flat_map(|l| l.terms.clone()).collect();
                    out.push(Raw::Heading(
                        level,
                        Line {
                            text: text.join(" "),
                            terms,
                        },
                    ));
                }
                None if items > 0 => out.push(Raw::Lines(BlockKind::Item, taken)),
                None => out.push(Raw::Lines(BlockKind::Paragraph, taken)),
            }
        };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut out, &mut lines, heading, items);
                heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut out, &mut lines, heading, items);
                heading = None;
            }
            Event::Start(Tag::Paragraph | Tag::TableRow | Tag::TableHead)
            | Event::End(TagEnd::Paragraph | TagEnd::TableRow | TagEnd::TableHead) => {
                flush(&mut out, &mut lines, heading, items);
            }
            Event::Start(Tag::Item) => {
                flush(&mut out, &mut lines, heading, items);
                items += 1;
            }
            Event::End(TagEnd::Item) => {
                flush(&mut out, &mut lines, heading, items);
                items -= 1;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut out, &mut lines, heading, items);
                code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(text) = code.take().filter(|t| !t.trim().is_empty()) {
                    out.push(Raw::Code(text));
                }
            }
            Event::Start(Tag::Strong | Tag::Emphasis) => marked += 1,
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
                marked = marked.saturating_sub(1);
                if marked == 0 {
                    push_term(&mut lines, &mut term);
                }
            }
            Event::End(TagEnd::TableCell) => push_text(&mut lines, " | "),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => match &mut code {
                Some(code) => code.push_str(&text),
                None => {
                    if marked > 0 {
                        term.push_str(&text);
                    }
                    push_text(&mut lines, &text);
                }
            },
            Event::Code(text) => {
                if marked > 0 {
                    term.push_str(&text);
                } else {
                    let line = lines.last_mut().expect("a block always has a line");
                    line.terms.push(text.trim().to_owned());
                }
                push_text(&mut lines, &text);
            }
            Event::SoftBreak | Event::HardBreak => {
                if marked > 0 {
                    term.push(' ');
                }
                lines.push(Line::default());
            }
            _ => {}
        }
    }
    flush(&mut out, &mut lines, heading, items);
    out
}

fn push_text(lines: &mut [Line], text: &str) {
    if let Some(line) = lines.last_mut() {
        line.text.push_str(text);
    }
}

/// Keeps a marked span as a term, unless it is a lead-in label ("**Result:**").
fn push_term(lines: &mut [Line], term: &mut String) {
    let text = squeeze(&std::mem::take(term));
    let lead_in = text.ends_with(':');
    if let Some(line) = lines.last_mut().filter(|_| !text.is_empty() && !lead_in) {
        line.terms.push(text);
    }
}

/// `text` with its runs of white space made single spaces, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words a heading that asks something starts with.
const ASKING: &[&str] = &[
    "are", "can", "compare", "contrast", "could", "define", "describe", "did", "discuss", "do",
    "does", "explain", "give", "how", "identify", "imagine", "is", "justify", "list", "name",
    "outline", "should", "state", "suppose", "talk", "tell", "walk", "was", "were", "what", "when",
    "where", "which", "who", "why", "would",
];

/// Whether a heading asks something: it ends with a question mark or starts as a
/// question or a request does.
fn asks(heading: &str) -> bool {
    let first = heading
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(str::to_lowercase);
    heading.trim_end().ends_with('?') || first.is_some_and(|w| ASKING.contains(&w.as_str()))
}

/// A label that starts a line: a question's or an answer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Question,
    Answer,
}

/// The label `line` starts with (`Q:`, `**Question:**`, `1. A:`…) and the text after it.
fn label(line: &str) -> Option<(Label, &str)> {
    let t = line.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    let (head, rest) = t.split_once(':')?;
    let label = match head.trim().to_lowercase().as_str() {
        "q" | "question" => Label::Question,
        "a" | "answer" => Label::Answer,
        _ => return None,
    };
    Some((label, rest.trim()))
}

/// Builds the guide from its blocks, keeping track of where the text belongs.
#[derive(Debug, Default)]
struct Reader {
    guide: Guide,
    topic: Option<String>,
    /// Where the next text goes.
    into: Into,
    /// The next line joins the last block: it is of the same paragraph.
    joining: bool,
}

/// Where text goes as the guide is read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Into {
    /// No question takes it: it is kept as a comment.
    #[default]
    Nowhere,
    /// The prompt of the last question (after a `Q:` line, until an answer starts).
    Prompt,
    /// The last answer of the last question.
    Answer,
}

impl Reader {
    fn place(&mut self, blocks: &[Raw]) {
        for (i, block) in blocks.iter().enumerate() {
            match block {
                Raw::Heading(level, line) => self.heading(*level, &line.text, &blocks[i + 1..]),
                Raw::Lines(kind, lines) => {
                    self.joining = false;
                    for line in lines {
                        self.line(*kind, line);
                    }
                    if self.into == Into::Prompt {
                        self.into = Into::Answer;
                    }
                }
                Raw::Code(text) => {
                    self.joining = false;
                    self.push(Block {
                        text: text.clone(),
                        terms: Vec::new(),
                        kind: BlockKind::Code,
                    });
                }
            }
        }
    }

    fn heading(&mut self, level: HeadingLevel, text: &str, after: &[Raw]) {
        let text = clean_title(text);
        if text.is_empty() {
            return;
        }
        let next_label = match after.first() {
            Some(Raw::Lines(_, lines)) => lines.first().and_then(|l| label(&l.text)).map(|l| l.0),
            _ => None,
        };
        let has_body = match after.first() {
            None => false,
            Some(Raw::Heading(next, _)) => *next <= level,
            Some(_) => true,
        };
        if next_label == Some(Label::Answer) || (has_body && next_label.is_none() && asks(&text)) {
            self.start_question(text);
            self.into = Into::Answer;
        } else if level == HeadingLevel::H1
            && self.guide.title.is_none()
            && self.guide.questions.is_empty()
        {
            self.guide.title = Some(text);
            self.into = Into::Nowhere;
        } else {
            self.topic = Some(strip_section(&text));
            self.into = Into::Nowhere;
        }
    }

    fn start_question(&mut self, prompt: String) {
        self.guide.questions.push(Found {
            topic: self.topic.clone().unwrap_or_else(|| "General".to_owned()),
            prompt,
            answers: vec![Answer::default()],
        });
    }

    fn line(&mut self, kind: BlockKind, line: &Line) {
        let terms = |rest: &str| {
            line.terms
                .iter()
                .filter(|t| rest.contains(t.as_str()))
                .cloned()
                .collect::<Vec<_>>()
        };
        match label(&line.text) {
            Some((Label::Question, rest)) => {
                self.start_question(rest.to_owned());
                self.into = Into::Prompt;
                self.joining = false;
            }
            Some((Label::Answer, rest)) if !self.guide.questions.is_empty() => {
                let question = self.guide.questions.last_mut().expect("checked above");
                if question.answers.last().is_some_and(|a| !a.is_empty()) {
                    question.answers.push(Answer::default());
                }
                self.into = Into::Answer;
                self.joining = false;
                if !rest.is_empty() {
                    self.push(Block {
                        text: rest.to_owned(),
                        terms: terms(rest),
                        kind,
                    });
                }
            }
            _ if self.into == Into::Prompt => {
                let question = self
                    .guide
                    .questions
                    .last_mut()
                    .expect("a prompt has a question");
                if !question.prompt.is_empty() {
                    question.prompt.push(' ');
                }
                question.prompt.push_str(&line.text);
            }
            _ => self.push(Block {
                text: line.text.clone(),
                terms: line.terms.clone(),
                kind,
            }),
        }
    }

    /// Adds `block` where text goes now; the lines of one paragraph join into one.
    fn push(&mut self, block: Block) {
        let answer = match self.into {
            Into::Answer | Into::Prompt => self
                .guide
                .questions
                .last_mut()
                .and_then(|q| q.answers.last_mut()),
            Into::Nowhere => None,
        };
        let joining = std::mem::replace(&mut self.joining, block.kind != BlockKind::Code);
        let Some(answer) = answer else {
            match self.guide.unplaced.last_mut().filter(|_| joining) {
                Some(last) => {
                    last.push(' ');
                    last.push_str(&block.text);
                }
                None => self.guide.unplaced.push(block.text),
            }
            return;
        };
        match answer.blocks.last_mut().filter(|_| joining) {
            Some(last) => {
                last.text.push(' ');
                last.text.push_str(&block.text);
                last.terms.extend(block.terms);
            }
            None => answer.blocks.push(block),
        }
    }
}

/// A heading's text without numbering ("1.1", "2.") or leading symbols.
fn clean_title(text: &str) -> String {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '"');
    let numbered = text.split_once(' ').filter(|(n, _)| {
        !n.is_empty()
            && n.trim_end_matches('.')
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    });
    numbered.map_or(text, |(_, rest)| rest).trim().to_owned()
}

/// "Section 1: Strategic Why Questions" names its topic "Strategic Why Questions".
fn strip_section(heading: &str) -> String {
    heading
        .split_once(':')
        .filter(|(head, _)| {
            let head = head.to_lowercase();
            head.starts_with("section") || head.starts_with("part")
        })
        .map_or(heading, |(_, rest)| rest)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_in_several_shapes() {
        assert_eq!(label("Q: Why?"), Some((Label::Question, "Why?")));
        assert_eq!(label("3. Question: Why?"), Some((Label::Question, "Why?")));
        assert_eq!(label("Answer: Because."), Some((Label::Answer, "Because.")));
        assert_eq!(label("Quality: matters"), None);
    }

    #[test]
    fn a_heading_asks_with_a_question_mark_or_a_question_word() {
        assert!(asks("Why Fargate over EC2?"));
        assert!(asks("Explain the circuit breaker"));
        assert!(!asks("Indexes"));
        assert_eq!(clean_title("🚀 1.1 Why not X?"), "Why not X?");
        assert_eq!(strip_section("Section 1: Strategic Why"), "Strategic Why");
    }

    #[test]
    fn bold_labels_start_questions_and_answers_and_paragraphs_unwrap() {
        let guide = read(
            "# Title\n\nIntro line\nwrapped.\n\n**Question:** Why a\nqueue?\n\n**Answer:** It keeps **poison\nmessages** aside.\n\n- one item\n- two\n\n**Answer:** Another way.\n",
        );
        assert_eq!(guide.title.as_deref(), Some("Title"));
        assert_eq!(guide.unplaced, ["Intro line wrapped."]);
        let [found] = guide.questions.as_slice() else {
            panic!("{guide:?}")
        };
        assert_eq!(found.prompt, "Why a queue?");
        assert_eq!(found.answers.len(), 2);
        assert_eq!(
            found.answers[0].to_text(),
            "It keeps poison messages aside.\n\n- one item\n- two"
        );
        assert_eq!(found.answers[0].blocks[0].terms, ["poison messages"]);
        assert_eq!(found.answers[1].to_text(), "Another way.");
    }

    #[test]
    fn a_lead_in_label_is_not_a_term_and_code_blocks_stay_in_the_answer() {
        let guide =
            read("## How?\n\n* **Result:** fewer `5xx` errors\n\n```js\nserver.close()\n```\n");
        let answer = &guide.questions[0].answers[0];
        assert_eq!(answer.blocks[0].terms, ["5xx"]);
        assert_eq!(answer.prose().count(), 1);
        assert!(answer.to_text().ends_with("```\nserver.close()\n```"));
    }
}
