//! All the banks of a run: the built-in ones and those named with `--bank`, checked
//! together so that ids stay unique across files.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::load::{self, MAX_FILE_BYTES, ParsedBank};
use super::{Bank, Diagnostic, FollowUp, Question, builtin};

/// The banks available to a run.
#[derive(Debug, Clone)]
pub struct Catalog {
    banks: Vec<Bank>,
}

/// Why banks could not be loaded: every problem of every file given.
#[derive(Debug, thiserror::Error)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

/// One reason a bank file was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("{path}: cannot read it: {source}")]
    Unreadable {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}: the file is {bytes} bytes; bank files over {} MB are refused", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge { path: String, bytes: u64 },
    #[error("{path}: the folder holds no .toml bank files")]
    EmptyFolder { path: String },
    #[error("{0}")]
    Invalid(Diagnostic),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        let count = self.problems.len();
        write!(
            f,
            "{count} problem{} in bank files; a file with a problem is not loaded, so fix it to go on",
            if count == 1 { "" } else { "s" }
        )
    }
}

/// A bank file to read: where it is from and its text.
struct SourceFile {
    label: String,
    text: String,
    built_in: bool,
}

impl Catalog {
    /// The built-in banks, then the banks at `paths` (files, or folders of `.toml` files).
    /// A bank from `paths` whose id is a built-in bank's replaces it.
    pub fn load(paths: &[PathBuf]) -> Result<Catalog, LoadError> {
        let mut problems = Vec::new();
        let mut files: Vec<SourceFile> = builtin::FILES
            .iter()
            .map(|(name, text)| SourceFile {
                label: builtin::label(name),
                text: (*text).to_owned(),
                built_in: true,
            })
            .collect();
        let mut seen = Vec::new();
        for path in paths {
            // The same file named twice (`--bank F bank validate F`) is read once.
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !seen.contains(&canonical) {
                read_path(path, &mut files, &mut problems);
                seen.push(canonical);
            }
        }
        Self::from_files(files, problems)
    }

    /// The built-in banks alone.
    pub fn built_in() -> Result<Catalog, LoadError> {
        Self::load(&[])
    }

    fn from_files(
        files: Vec<SourceFile>,
        mut problems: Vec<Problem>,
    ) -> Result<Catalog, LoadError> {
        let mut loaded: Vec<(ParsedBank, &SourceFile)> = Vec::new();
        for file in &files {
            match load::parse(&file.label, &file.text) {
                Ok(parsed) => place(parsed, file, &mut loaded, &mut problems),
                Err(diagnostics) => problems.extend(diagnostics.into_iter().map(Problem::Invalid)),
            }
        }
        check_question_ids_unique(&loaded, &mut problems);
        if problems.is_empty() {
            Ok(Catalog {
                banks: loaded.into_iter().map(|(parsed, _)| parsed.bank).collect(),
            })
        } else {
            Err(LoadError { problems })
        }
    }

    /// A catalog of banks already loaded and checked (by [`super::parse_bank`]).
    pub fn from_banks(banks: Vec<Bank>) -> Catalog {
        Catalog { banks }
    }

    pub fn banks(&self) -> &[Bank] {
        &self.banks
    }

    /// The question with this id, in whichever bank holds it.
    pub fn question(&self, id: &str) -> Option<(&Bank, &Question)> {
        self.banks
            .iter()
            .find_map(|bank| bank.question(id).map(|q| (bank, q)))
    }

    /// A question, or one of its follow-ups written `QUESTION/FOLLOW-UP`.
    pub fn question_or_follow_up(&self, id: &str) -> Option<(&Question, Option<&FollowUp>)> {
        match id.split_once('/') {
            None => self.question(id).map(|(_, q)| (q, None)),
            Some((question, follow_up)) => {
                let (_, question) = self.question(question)?;
                Some((question, Some(question.follow_up(follow_up)?)))
            }
        }
    }

    /// Every question id, for suggestions when an id is unknown.
    pub fn question_ids(&self) -> impl Iterator<Item = &str> {
        self.banks
            .iter()
            .flat_map(|b| b.questions.iter().map(|q| q.id.as_str()))
    }

    /// The known question or `QUESTION/FOLLOW-UP` id closest to `unknown`, if one is
    /// likely meant.
    pub fn suggest_question(&self, unknown: &str) -> Option<String> {
        // Each candidate as it may be typed, and the id it stands for: a follow-up is
        // also found by its own id alone.
        let mut candidates: Vec<(String, String)> = Vec::new();
        for question in self.banks.iter().flat_map(|b| &b.questions) {
            candidates.push((question.id.clone(), question.id.clone()));
            for follow_up in &question.follow_ups {
                let full = format!("{}/{}", question.id, follow_up.id);
                candidates.push((full.clone(), full.clone()));
                candidates.push((follow_up.id.clone(), full));
            }
        }
        let typed =
            load::did_you_mean(unknown, candidates.iter().map(|(typed, _)| typed.as_str()))?;
        candidates
            .iter()
            .find(|(candidate, _)| candidate == typed)
            .map(|(_, full)| full.clone())
    }
}

fn read_path(path: &Path, files: &mut Vec<SourceFile>, problems: &mut Vec<Problem>) {
    let label = path.display().to_string();
    if path.is_dir() {
        let entries = match fs::read_dir(path) {
            Ok(entries) => entries,
            Err(source) => {
                problems.push(Problem::Unreadable {
                    path: label,
                    source,
                });
                return;
            }
        };
        let mut banks: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        banks.sort();
        if banks.is_empty() {
            problems.push(Problem::EmptyFolder { path: label });
        }
        for bank in banks {
            read_file(&bank, files, problems);
        }
    } else {
        read_file(path, files, problems);
    }
}

fn read_file(path: &Path, files: &mut Vec<SourceFile>, problems: &mut Vec<Problem>) {
    let label = path.display().to_string();
    let size = match fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(source) => {
            problems.push(Problem::Unreadable {
                path: label,
                source,
            });
            return;
        }
    };
    if size > MAX_FILE_BYTES {
        problems.push(Problem::TooLarge {
            path: label,
            bytes: size,
        });
        return;
    }
    match fs::read_to_string(path) {
        Ok(text) => files.push(SourceFile {
            label,
            text,
            built_in: false,
        }),
        Err(source) => problems.push(Problem::Unreadable {
            path: label,
            source,
        }),
    }
}

/// Adds a bank, replacing a built-in bank of the same id; two banks from files with the
/// same id are a problem.
fn place<'f>(
    parsed: ParsedBank,
    file: &'f SourceFile,
    loaded: &mut Vec<(ParsedBank, &'f SourceFile)>,
    problems: &mut Vec<Problem>,
) {
    let same_id = loaded
        .iter()
        .position(|(other, _)| other.bank.id == parsed.bank.id);
    match same_id {
        None => loaded.push((parsed, file)),
        Some(index) if loaded[index].1.built_in && !file.built_in => loaded[index] = (parsed, file),
        Some(index) => {
            let (other, other_file) = &loaded[index];
            let first = Diagnostic::at(
                &other_file.label,
                &other_file.text,
                other.id_span.clone(),
                "",
            );
            problems.push(Problem::Invalid(Diagnostic::at(
                &file.label,
                &file.text,
                parsed.id_span.clone(),
                format!(
                    "bank id `{}` is already used by {}:{}:{}",
                    parsed.bank.id, first.file, first.line, first.column
                ),
            )));
        }
    }
}

fn check_question_ids_unique(loaded: &[(ParsedBank, &SourceFile)], problems: &mut Vec<Problem>) {
    let mut first_seen: HashMap<&str, (Diagnostic, &str)> = HashMap::new();
    for (parsed, file) in loaded {
        for (question, span) in parsed.bank.questions.iter().zip(&parsed.question_id_spans) {
            let here = Diagnostic::at(&file.label, &file.text, span.clone(), "");
            match first_seen.get(question.id.as_str()) {
                None => {
                    first_seen.insert(&question.id, (here, &parsed.bank.id));
                }
                Some((first, bank)) => problems.push(Problem::Invalid(Diagnostic {
                    message: format!(
                        "question id `{}` is already used in bank `{bank}` at {}:{}:{}",
                        question.id, first.file, first.line, first.column
                    ),
                    ..here
                })),
            }
        }
    }
}
