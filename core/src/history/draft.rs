//! The round in progress, saved every few seconds to `draft-<session>.json` in the data
//! folder so that a round cut short by a crash, a kill or a closed terminal can be
//! resumed where it stopped: its questions and options, the steps taken, and the answer
//! being typed.
//!
//! Each round has a draft of its own, and the grill playing it holds its lock file
//! (`draft-<session>.lock`) locked: two grills on one data folder never write, offer or
//! remove each other's drafts, and only a draft whose lock nobody holds (its grill
//! stopped) is offered to resume. A draft is replaced whole (written beside it under a
//! name of its own, synced, then renamed over it), so it is either the old draft or the
//! new one, never half of each. It is removed when the round ends.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::HistoryError;
use super::mastery::Concept;
use crate::round::{RoundOptions, Step};

/// The one draft of the data folder, as grills before drafts per round wrote it: still
/// offered to resume.
pub const LEGACY_FILE_NAME: &str = "draft.json";

/// The version of the draft format this build writes and reads.
const SCHEMA: u32 = 1;

/// A round in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub schema: u32,
    /// The round's session id in the history.
    pub session: String,
    /// When it was saved, in seconds since the Unix epoch.
    pub saved: u64,
    pub options: RoundOptions,
    /// The round's questions by id, in the order they are asked.
    pub questions: Vec<String>,
    pub steps: Vec<Step>,
    /// The answer being typed.
    pub typing: String,
    /// Milliseconds of the clock already used on the answer being typed.
    pub used_ms: u64,
    /// The concepts a review round drills; empty for a practice round.
    #[serde(default)]
    pub review: Vec<Concept>,
}

impl Draft {
    pub fn new(session: String, options: RoundOptions, questions: Vec<String>) -> Self {
        Draft {
            schema: SCHEMA,
            session,
            saved: 0,
            options,
            questions,
            steps: Vec::new(),
            typing: String::new(),
            used_ms: 0,
            review: Vec::new(),
        }
    }

    /// How many answers the steps submitted.
    pub fn answered(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Answered { .. }))
            .count()
    }
}

/// The draft of one round, locked by this grill while it holds it.
#[derive(Debug)]
pub struct DraftFile {
    path: PathBuf,
    lock: PathBuf,
    /// Held locked while the file is alive; the lock goes with the process.
    _held: File,
}

impl DraftFile {
    /// The draft of round `session` in `data_dir`, a folder [`super::Store::open`] has
    /// created, locked for this grill.
    pub fn claim(data_dir: &Path, session: &str) -> Result<Self, HistoryError> {
        Self::claim_path(data_dir.join(format!("draft-{session}.json")))
    }

    /// The draft at `path` locked for this grill; an error when another grill holds it.
    fn claim_path(path: PathBuf) -> Result<Self, HistoryError> {
        let lock = path.with_extension("lock");
        let error = |source| HistoryError::Write {
            path: lock.display().to_string(),
            source,
        };
        let held = super::files::open_to_append(&lock).map_err(error)?;
        match held.try_lock() {
            Ok(()) => Ok(DraftFile {
                path,
                lock: lock.clone(),
                _held: held,
            }),
            Err(TryLockError::WouldBlock) => Err(error(io::Error::new(
                io::ErrorKind::WouldBlock,
                "another grill is playing this round",
            ))),
            Err(TryLockError::Error(source)) => Err(error(source)),
        }
    }

    /// The draft of the latest round in `data_dir` that stopped before it ended (no
    /// running grill holds it), claimed for this grill; `None` when there is none.
    pub fn stopped(data_dir: &Path) -> Option<Self> {
        let mut drafts: Vec<(std::time::SystemTime, PathBuf)> = fs::read_dir(data_dir)
            .ok()?
            .filter_map(Result::ok)
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name == LEGACY_FILE_NAME || (name.starts_with("draft-") && name.ends_with(".json"))
            })
            .filter_map(|entry| {
                let metadata = entry.metadata().ok()?;
                Some((metadata.modified().ok()?, entry.path()))
            })
            .collect();
        drafts.sort();
        drafts
            .into_iter()
            .rev()
            .find_map(|(_, path)| Self::claim_path(path).ok())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the draft with `draft`.
    pub fn save(&self, draft: &Draft) -> Result<(), HistoryError> {
        let error = |source| HistoryError::Write {
            path: self.path.display().to_string(),
            source,
        };
        let json = serde_json::to_vec(draft).map_err(|e| error(io::Error::other(e)))?;
        super::files::replace(&self.path, &json).map_err(error)
    }

    /// The saved draft, if there is one. A draft this build cannot read is reported
    /// as an error and left in place.
    pub fn load(&self) -> Result<Option<Draft>, HistoryError> {
        let bytes = match super::files::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(HistoryError::Read {
                    path: self.path.display().to_string(),
                    source,
                });
            }
        };
        let damaged = |why: String| HistoryError::Read {
            path: self.path.display().to_string(),
            source: io::Error::new(io::ErrorKind::InvalidData, why),
        };
        let draft: Draft = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
        if draft.schema != SCHEMA {
            return Err(damaged(format!(
                "a draft of schema {} (this grill reads {SCHEMA})",
                draft.schema
            )));
        }
        Ok(Some(draft))
    }

    /// Moves a draft that cannot be read out of the way, kept beside it under a name
    /// with the time it was set aside (`draft-….json.damaged-1764600000`), so the next
    /// start no longer trips on it and nothing is lost. Returns the new path.
    pub fn set_aside(self, now_secs: u64) -> Result<PathBuf, HistoryError> {
        let aside = self.path.with_extension(format!("json.damaged-{now_secs}"));
        fs::rename(&self.path, &aside).map_err(|source| HistoryError::Write {
            path: self.path.display().to_string(),
            source,
        })?;
        self.clear()?;
        Ok(aside)
    }

    /// Removes the draft and its lock: the round ended.
    pub fn clear(&self) -> Result<(), HistoryError> {
        for path in [&self.path, &self.lock] {
            match fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(HistoryError::Write {
                        path: path.display().to_string(),
                        source: e,
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        let mut draft = Draft::new(
            "0123456789abcdef".into(),
            RoundOptions {
                count: 3,
                seed: 42,
                ..RoundOptions::default()
            },
            vec!["a".into(), "b".into()],
        );
        draft.steps = vec![
            Step::Answered {
                text: "first \"answer\"\nline two".into(),
                used_ms: 12_500,
            },
            Step::Next,
            Step::Skipped,
        ];
        draft.typing = "half an answ".into();
        draft.used_ms = 4_000;
        draft
    }

    #[test]
    fn a_draft_round_trips_and_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = DraftFile::claim(dir.path(), "s1").unwrap();
        assert_eq!(file.load().unwrap(), None);
        file.save(&draft()).unwrap();
        assert_eq!(file.load().unwrap(), Some(draft()));
        let newer = Draft {
            typing: "half an answer, longer".into(),
            ..draft()
        };
        file.save(&newer).unwrap();
        assert_eq!(file.load().unwrap(), Some(newer));
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["draft-s1.json", "draft-s1.lock"],
            "no partial file is left behind"
        );
        file.clear().unwrap();
        assert_eq!(file.load().unwrap(), None);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        file.clear().unwrap();
    }

    #[test]
    fn a_draft_another_grill_holds_is_neither_claimed_nor_offered() {
        let dir = tempfile::tempdir().unwrap();
        let playing = DraftFile::claim(dir.path(), "live").unwrap();
        playing.save(&draft()).unwrap();
        assert!(DraftFile::claim(dir.path(), "live").is_err());
        assert!(DraftFile::stopped(dir.path()).is_none());
        // Its grill stopped: the lock went with it, and the draft is offered.
        drop(playing);
        let stopped = DraftFile::stopped(dir.path()).expect("offered");
        assert_eq!(stopped.path(), dir.path().join("draft-live.json"));
        assert_eq!(stopped.load().unwrap(), Some(draft()));
        // Once offered here, it is not offered to a third grill.
        assert!(DraftFile::stopped(dir.path()).is_none());
    }

    #[test]
    fn the_latest_stopped_draft_is_offered_and_the_old_single_draft_too() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(LEGACY_FILE_NAME),
            serde_json::to_vec(&draft()).unwrap(),
        )
        .unwrap();
        let legacy = DraftFile::stopped(dir.path()).expect("offered");
        assert_eq!(legacy.path(), dir.path().join(LEGACY_FILE_NAME));
        drop(legacy);
        std::thread::sleep(std::time::Duration::from_millis(20));
        DraftFile::claim(dir.path(), "newer")
            .unwrap()
            .save(&draft())
            .unwrap();
        let latest = DraftFile::stopped(dir.path()).expect("offered");
        assert_eq!(latest.path(), dir.path().join("draft-newer.json"));
    }

    #[test]
    fn a_draft_set_aside_is_kept_under_another_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = DraftFile::claim(dir.path(), "s1").unwrap();
        fs::write(file.path(), "{\"schema\":1,\"sess").unwrap();
        let aside = file.set_aside(1_764_600_000).unwrap();
        assert_eq!(aside, dir.path().join("draft-s1.json.damaged-1764600000"));
        assert_eq!(fs::read_to_string(&aside).unwrap(), "{\"schema\":1,\"sess");
        assert!(DraftFile::stopped(dir.path()).is_none());
    }

    #[test]
    fn a_damaged_draft_is_an_error_that_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = DraftFile::claim(dir.path(), "s1").unwrap();
        fs::write(file.path(), "{\"schema\":1,\"sess").unwrap();
        let error = file.load().unwrap_err().to_string();
        assert!(error.contains("draft-s1.json"), "{error}");
        let other = serde_json::to_string(&Draft {
            schema: 99,
            ..draft()
        })
        .unwrap();
        fs::write(file.path(), other).unwrap();
        let error = file.load().unwrap_err().to_string();
        assert!(error.contains("schema 99"), "{error}");
    }
}
