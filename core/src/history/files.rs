//! How the files of the data folder are opened: never through a link, created private to
//! the user, replaced whole, and only in a folder that is the user's own. A data folder
//! someone else could write to, or a link planted in it, must not turn a round into a
//! write somewhere else.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why `folder` cannot hold the user's answers, if it cannot: it is a link, someone
/// else's, or writable by others.
pub fn unsafe_folder(folder: &Path) -> Option<String> {
    let metadata = match fs::symlink_metadata(folder) {
        Ok(metadata) => metadata,
        Err(error) => return Some(error.to_string()),
    };
    if metadata.file_type().is_symlink() {
        return Some("it is a link; give the folder it points to instead".to_owned());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if metadata.uid() != me {
            return Some(format!(
                "it belongs to another user (uid {}); use a folder of your own",
                metadata.uid()
            ));
        }
        // A group of the user's own (the usual private group) may write; others not.
        // SAFETY: getegid has no preconditions and cannot fail.
        let my_group = unsafe { libc::getegid() };
        let mode = metadata.permissions().mode();
        if mode & 0o002 != 0 || (mode & 0o020 != 0 && metadata.gid() != my_group) {
            return Some(
                "others can write to it; make it yours alone (chmod 700) or use another".to_owned(),
            );
        }
    }
    None
}

/// Options that open a file only if it is not a link, creating it readable and writable
/// by the user alone.
fn private() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// `path` opened for reading, unless it is a link.
pub fn open_to_read(path: &Path) -> io::Result<File> {
    private().read(true).open(path).map_err(named_link)
}

/// The whole of `path`, unless it is a link.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_to_read(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `path` opened for appending (and reading), created if missing, unless it is a link.
pub fn open_to_append(path: &Path) -> io::Result<File> {
    private()
        .create(true)
        .read(true)
        .append(true)
        .open(path)
        .map_err(named_link)
}

/// `error`, said plainly when it is a refusal to open a link.
fn named_link(error: io::Error) -> io::Error {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ELOOP) {
        return io::Error::new(
            error.kind(),
            "it is a link, and grill follows no link in its data folder",
        );
    }
    error
}

/// Replaces `path` with `bytes` whole: they are written and synced under a name no
/// other process uses, then renamed over it, so a reader sees the old file or the new
/// one. A link at `path` is replaced, never followed.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let partial = partial_name(path);
    let written = private()
        .write(true)
        .create_new(true)
        .open(&partial)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_data()
        })
        .and_then(|()| fs::rename(&partial, path));
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
    written
}

/// A name beside `path` for a file being written, unique to this process and write.
fn partial_name(path: &Path) -> PathBuf {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let write = WRITES.fetch_add(1, Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".partial-{}-{write}", std::process::id()));
    path.with_file_name(name)
}

/// `folder` created private to the user if missing, refused if it is a link.
pub fn private_folder(folder: &Path) -> io::Result<()> {
    if let Ok(metadata) = fs::symlink_metadata(folder) {
        if metadata.file_type().is_symlink() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a link, not a folder",
            ));
        }
        if !metadata.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "it is a file, not a folder",
            ));
        }
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(folder)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    #[test]
    fn links_are_not_followed_and_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let link = dir.path().join("history.jsonl");
        symlink(&victim, &link).unwrap();
        assert!(open_to_append(&link).is_err());
        assert!(open_to_read(&link).is_err());
        // Replacing a link replaces the link, not what it points to.
        replace(&link, b"new").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read_to_string(&link).unwrap(), "new");
        assert!(
            !fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let mode = fs::metadata(&link).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let appended = dir.path().join("new.jsonl");
        open_to_append(&appended).unwrap();
        let mode = fs::metadata(&appended).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_partial_file_planted_beside_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        // The name a write would have used in older versions, and every name it could
        // use now, are links to the victim.
        for n in 0..4 {
            let name = format!("draft.json.partial-{}-{n}", std::process::id());
            symlink(&victim, dir.path().join(name)).unwrap();
        }
        symlink(&victim, dir.path().join("draft.json.partial")).unwrap();
        let _ = replace(&dir.path().join("draft.json"), b"{}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    }

    #[test]
    fn a_folder_that_others_can_write_or_a_link_is_unsafe() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("own");
        private_folder(&own).unwrap();
        assert_eq!(unsafe_folder(&own), None);
        assert_eq!(
            fs::metadata(&own).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o777)).unwrap();
        assert!(unsafe_folder(&shared).unwrap().contains("others can write"));
        // Writable by the user's own group, as a umask of 002 makes it, is the user's.
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o775)).unwrap();
        assert_eq!(unsafe_folder(&shared), None);
        let link = dir.path().join("link");
        symlink(&own, &link).unwrap();
        assert!(unsafe_folder(&link).unwrap().contains("link"));
        assert!(private_folder(&link).is_err());
    }
}
