//! All the banks of a run, from the least to the most specific source: the built-in
//! ones, the user's bank folder, `./question_bank/`, and those named with `--bank`. They
//! are checked together so that ids stay unique across files.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::load::{self, MAX_FILE_BYTES, ParsedBank};
use super::{Bank, Diagnostic, FollowUp, LexiconSet, Point, Question, builtin};

/// The name of a file that holds lexicon entries rather than a bank.
pub const LEXICON_FILE: &str = "lexicon.toml";

/// The banks available to a run.
#[derive(Debug, Clone)]
pub struct Catalog {
    banks: Vec<Bank>,
    /// The lexicon every bank shares: the built-in one, then each `lexicon.toml` found
    /// beside the banks.
    lexicon: Vec<LexiconSet>,
    notices: Vec<String>,
    /// The files left out for their problems, each with its problems as told.
    left_out: Vec<(String, Vec<String>)>,
}

/// Where a bank comes from, from the least to the most specific. A bank found in two
/// places under one id is taken from the more specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    BuiltIn,
    /// The user's bank folder, `<data dir>/banks/`.
    UserFolder,
    /// `./question_bank/` in the folder `grill` runs in.
    WorkingFolder,
    /// `--bank PATH`.
    Named,
}

/// The places to look for banks beyond the built-in ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// The user's bank folder; read when it exists.
    pub user_folder: Option<PathBuf>,
    /// `./question_bank/`; read when it exists.
    pub working_folder: Option<PathBuf>,
    /// Files or folders named with `--bank`; each must hold banks.
    pub named: Vec<PathBuf>,
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

impl Problem {
    /// The file the problem is in.
    pub fn file(&self) -> &str {
        match self {
            Problem::Unreadable { path, .. }
            | Problem::TooLarge { path, .. }
            | Problem::EmptyFolder { path } => path,
            Problem::Invalid(diagnostic) => &diagnostic.file,
        }
    }
}

/// A bank file to read: where it is from and its text.
struct SourceFile {
    label: String,
    text: String,
    origin: Origin,
}

impl SourceFile {
    /// Whether the file holds lexicon entries rather than a bank.
    fn is_lexicon(&self) -> bool {
        Path::new(&self.label)
            .file_name()
            .is_some_and(|name| name == LEXICON_FILE)
    }
}

impl Catalog {
    /// The built-in banks, then the banks at `paths` (files, or folders of `.toml` files).
    /// A bank from `paths` whose id is a built-in bank's replaces it.
    pub fn load(paths: &[PathBuf]) -> Result<Catalog, LoadError> {
        Self::load_from(&Sources {
            named: paths.to_vec(),
            ..Sources::default()
        })
    }

    /// The built-in banks and those of `sources`.
    pub fn load_from(sources: &Sources) -> Result<Catalog, LoadError> {
        Self::load_with(sources, false)
    }

    /// The built-in banks and those of `sources` that load, and the problems of the
    /// files that don't, which are left out: a broken file in a bank folder does not
    /// keep the others from use. A problem with a file named with `--bank` is still an
    /// error, as the user asked for that file.
    pub fn load_usable(sources: &Sources) -> Result<Catalog, LoadError> {
        Self::load_with(sources, true)
    }

    fn load_with(sources: &Sources, lenient: bool) -> Result<Catalog, LoadError> {
        let mut problems = Vec::new();
        let mut named_unreadable = false;
        let mut files: Vec<SourceFile> = builtin::FILES
            .iter()
            .chain(builtin::LEXICON)
            .map(|(name, text)| SourceFile {
                label: builtin::label(name),
                text: (*text).to_owned(),
                origin: Origin::BuiltIn,
            })
            .collect();
        let folders = [
            (&sources.user_folder, Origin::UserFolder),
            (&sources.working_folder, Origin::WorkingFolder),
        ];
        let found = folders.into_iter().filter_map(|(folder, origin)| {
            folder.as_ref().filter(|f| f.is_dir()).map(|f| (f, origin))
        });
        let named = sources.named.iter().map(|path| (path, Origin::Named));
        let mut seen = Vec::new();
        for (path, origin) in found.chain(named) {
            // The same file named twice (`--bank F bank validate F`) is read once.
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !seen.contains(&canonical) {
                let before = problems.len();
                read_path(path, origin, &mut files, &mut problems);
                named_unreadable |= origin == Origin::Named && problems.len() > before;
                seen.push(canonical);
            }
        }
        Self::from_files(files, problems, lenient && !named_unreadable)
    }

    /// Lines worth telling the user about where banks came from: a bank replaced by a
    /// different one of the same id from a more specific source.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The bank files left out for their problems (see [`Catalog::load_usable`]), each
    /// with its problems as told.
    pub fn left_out(&self) -> &[(String, Vec<String>)] {
        &self.left_out
    }

    /// The built-in banks alone.
    pub fn built_in() -> Result<Catalog, LoadError> {
        Self::load(&[])
    }

    /// The catalog of `files`, with the `problems` found reading them; `lenient`, the
    /// files with a problem are left out unless one was named with `--bank`.
    fn from_files(
        files: Vec<SourceFile>,
        mut problems: Vec<Problem>,
        lenient: bool,
    ) -> Result<Catalog, LoadError> {
        let mut loaded: Vec<(ParsedBank, &SourceFile)> = Vec::new();
        let mut lexicon = Vec::new();
        let mut notices = Vec::new();
        // `./question_bank/lexicon.toml` is often the built-in one as it stands.
        let mut lexicon_texts: Vec<&str> = Vec::new();
        let files_to_read: Vec<&SourceFile> = files
            .iter()
            .filter(|file| {
                let again = file.is_lexicon() && lexicon_texts.contains(&file.text.as_str());
                if file.is_lexicon() {
                    lexicon_texts.push(&file.text);
                }
                !again
            })
            .collect();
        // Parsing is most of the time grill takes to start: each file on a core.
        let read = crate::parallel::map(&files_to_read, |file| {
            if file.is_lexicon() {
                Read::Lexicon(load::parse_lexicon(&file.label, &file.text))
            } else {
                Read::Bank(load::parse(&file.label, &file.text))
            }
        });
        for (file, read) in files_to_read.into_iter().zip(read) {
            match read {
                Read::Lexicon(Ok(sets)) => lexicon.extend(sets),
                Read::Bank(Ok(parsed)) => {
                    place(parsed, file, &mut loaded, &mut problems, &mut notices);
                }
                Read::Lexicon(Err(diagnostics)) | Read::Bank(Err(diagnostics)) => {
                    problems.extend(diagnostics.into_iter().map(Problem::Invalid));
                }
            }
        }
        check_question_ids_unique(&loaded, &mut problems);
        let named = |label: &str| {
            files
                .iter()
                .any(|f| f.origin == Origin::Named && f.label == label)
        };
        if !problems.is_empty() && (!lenient || problems.iter().any(|p| named(p.file()))) {
            return Err(LoadError { problems });
        }
        // Leave out the banks of every file with a problem, and check what remains.
        loop {
            let bad: Vec<String> = problems.iter().map(|p| p.file().to_owned()).collect();
            loaded.retain(|(_, file)| !bad.contains(&file.label));
            let mut more = Vec::new();
            check_question_ids_unique(&loaded, &mut more);
            if more.is_empty() {
                break;
            }
            problems.extend(more);
        }
        let mut left_out: Vec<(String, Vec<String>)> = Vec::new();
        for problem in &problems {
            let told = problem.to_string();
            match left_out.iter_mut().find(|(file, _)| file == problem.file()) {
                Some((_, told_before)) => told_before.push(told),
                None => left_out.push((problem.file().to_owned(), vec![told])),
            }
        }
        Ok(Catalog {
            banks: loaded.into_iter().map(|(parsed, _)| parsed.bank).collect(),
            lexicon,
            notices,
            left_out,
        })
    }

    /// A catalog of banks already loaded and checked (by [`super::parse_bank`]), with
    /// the built-in lexicon.
    pub fn from_banks(banks: Vec<Bank>) -> Catalog {
        Catalog {
            banks,
            lexicon: builtin::lexicon(),
            notices: Vec::new(),
            left_out: Vec::new(),
        }
    }

    pub fn banks(&self) -> &[Bank] {
        &self.banks
    }

    /// The lexicon every bank shares.
    pub fn lexicon(&self) -> &[LexiconSet] {
        &self.lexicon
    }

    /// The banks read from `paths` (files, or folders of banks).
    pub fn read_from<'a>(&'a self, paths: &[PathBuf]) -> impl Iterator<Item = &'a Bank> + 'a {
        // `./question_bank/x.toml` and `question_bank/x.toml` name one file.
        let canonical = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_owned());
        let named: Vec<PathBuf> = paths.iter().map(|p| canonical(p)).collect();
        self.banks.iter().filter(move |bank| {
            let source = canonical(Path::new(&bank.source));
            named.iter().any(|n| source.starts_with(n))
        })
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

    /// The point `point` of a question, or of its follow-up `follow_up`.
    pub fn point(&self, question: &str, follow_up: Option<&str>, point: &str) -> Option<&Point> {
        let (_, question) = self.question(question)?;
        let rubric = match follow_up {
            Some(id) => &question.follow_up(id)?.rubric,
            None => &question.rubric,
        };
        rubric.points.iter().find(|p| p.id == point)
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
                let full = question.rubric_id(Some(follow_up));
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

fn read_path(
    path: &Path,
    origin: Origin,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Problem>,
) {
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
        // A folder named with --bank is meant to hold banks; the others may be empty.
        if banks.is_empty() && origin == Origin::Named {
            problems.push(Problem::EmptyFolder { path: label });
        }
        for bank in banks {
            read_file(&bank, origin, files, problems);
        }
    } else {
        read_file(path, origin, files, problems);
    }
}

fn read_file(
    path: &Path,
    origin: Origin,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Problem>,
) {
    let label = path.display().to_string();
    let size = match fs::metadata(path) {
        // A device or a pipe has no size to check and may never end.
        Ok(meta) if !meta.is_file() => {
            problems.push(Problem::Unreadable {
                path: label,
                source: io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file"),
            });
            return;
        }
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
            origin,
        }),
        Err(source) => problems.push(Problem::Unreadable {
            path: label,
            source,
        }),
    }
}

/// A file read as what its name says it is.
enum Read {
    Lexicon(Result<Vec<LexiconSet>, Vec<Diagnostic>>),
    Bank(Result<ParsedBank, Vec<Diagnostic>>),
}

/// Adds a bank. One with the id of a bank from a less specific source replaces it —
/// silently when the two files are the same, with a notice otherwise; two banks of one
/// id from equally specific sources are a problem.
fn place<'f>(
    parsed: ParsedBank,
    file: &'f SourceFile,
    loaded: &mut Vec<(ParsedBank, &'f SourceFile)>,
    problems: &mut Vec<Problem>,
    notices: &mut Vec<String>,
) {
    let same_id = loaded
        .iter()
        .position(|(other, _)| other.bank.id == parsed.bank.id);
    match same_id {
        None => loaded.push((parsed, file)),
        Some(index) if loaded[index].1.origin < file.origin => {
            let other = loaded[index].1;
            if other.text != file.text {
                notices.push(format!(
                    "bank `{}` from {} replaces the one from {}",
                    parsed.bank.id, file.label, other.label
                ));
            }
            // Even when the two are the same, the bank is now read from the more
            // specific file, so `bank test FILE` finds it there.
            loaded[index] = (parsed, file);
        }
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
    // Where each id was first seen; its line and column are worked out only for a
    // duplicate, as counting lines is a pass over the file.
    let mut first_seen: HashMap<&str, (&SourceFile, Range<usize>, &str)> = HashMap::new();
    for (parsed, file) in loaded {
        for (question, span) in parsed.bank.questions.iter().zip(&parsed.question_id_spans) {
            match first_seen.get(question.id.as_str()) {
                None => {
                    first_seen.insert(&question.id, (file, span.clone(), &parsed.bank.id));
                }
                Some((first_file, first_span, bank)) => {
                    let first =
                        Diagnostic::at(&first_file.label, &first_file.text, first_span.clone(), "");
                    problems.push(Problem::Invalid(Diagnostic::at(
                        &file.label,
                        &file.text,
                        span.clone(),
                        format!(
                            "question id `{}` is already used in bank `{bank}` at {}:{}:{}",
                            question.id, first.file, first.line, first.column
                        ),
                    )));
                }
            }
        }
    }
}
