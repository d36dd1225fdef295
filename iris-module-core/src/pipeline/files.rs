//! The files a pipeline run processes. The run first claims the uploaded files by moving them
//! into a work directory of its own (so that files uploaded meanwhile wait for the next run), which
//! it locks for as long as it lives; when the run succeeds the files are consumed, and when it
//! fails they go back where they were, never replacing a newer upload, so that nothing is lost and
//! the next trigger can try again. A run killed at any point (Celery's hard time limit, the OOM
//! killer, a restart) loses nothing either: the next run or upload finds its lock free and takes
//! its files up again ([`sweep`]).

use super::dir::{DirHandle, DirLock, EntryKind};
use super::hashing::hash_file;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One uploaded file, as the processing step receives it.
#[derive(Debug)]
pub struct PipelineFile {
    name: String,
    path: PathBuf,
    size: u64,
    sha256: OnceLock<String>,
}

impl PipelineFile {
    /// A file at `path`, `size` bytes long.
    pub fn new(path: PathBuf, size: u64) -> Self {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        PipelineFile {
            name,
            path,
            size,
            sha256: OnceLock::new(),
        }
    }

    /// The name it was uploaded with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where it is during the run.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its size, in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The name's extension, lower-cased.
    pub fn extension(&self) -> Option<String> {
        self.path
            .extension()
            .map(|ext| ext.to_string_lossy().to_lowercase())
    }

    /// Its SHA-256 in lower-case hex, computed by streaming the file on first use (never taken
    /// from anything recorded on the file: its identity is its content).
    pub fn sha256(&self) -> io::Result<&str> {
        if let Some(hash) = self.sha256.get() {
            return Ok(hash);
        }
        let (_, hash) = hash_file(&self.path)?;
        Ok(self.sha256.get_or_init(|| hash))
    }
}

/// What claiming the upload directory found besides files to process.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Entries that are not regular files (directories, symbolic links...), left in place.
    pub not_files: Vec<String>,
}

/// The prefix of a run's work directory while it processes its files.
pub const CLAIM_PREFIX: &str = ".processing-";
/// The prefix of a run's work directory once its files are consumed (being removed).
pub const CONSUMED_PREFIX: &str = ".processed-";
/// The prefix and suffix of an upload being received.
pub const UPLOAD_PREFIX: &str = ".upload-";
/// See [`UPLOAD_PREFIX`].
pub const UPLOAD_SUFFIX: &str = ".part";

/// What a sweep of the upload directory found left by processes that died.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Files of runs that died, put back for this run: (name in the dead run, name now).
    pub files_back: Vec<(String, String)>,
    /// Unfinished uploads removed.
    pub partial_uploads: usize,
    /// Files a run had consumed but died before removing, removed.
    pub consumed_removed: usize,
}

impl Recovered {
    /// Whether nothing was left over.
    pub fn is_empty(&self) -> bool {
        *self == Recovered::default()
    }
}

/// Takes up what dead processes left in the upload directory `dir`: the files of their claims go
/// back (under a free name if theirs was taken meanwhile), their unfinished uploads and the
/// consumed files they had not removed yet are removed. Living processes' entries are untouched.
pub fn sweep(dir: &DirHandle) -> io::Result<Recovered> {
    let _sweeping = dir.exclusive()?;
    let mut recovered = Recovered::default();
    for (name, kind) in dir.entries()? {
        match kind {
            EntryKind::File
                if name.starts_with(UPLOAD_PREFIX)
                    && name.ends_with(UPLOAD_SUFFIX)
                    && !dir.is_locked(&name)? =>
            {
                dir.remove_file(&name)?;
                recovered.partial_uploads += 1;
            }
            EntryKind::Dir
                if name.starts_with(CLAIM_PREFIX) || name.starts_with(CONSUMED_PREFIX) =>
            {
                if dir.is_dir_locked(&name)? {
                    continue;
                }
                let work = dir.open_dir(&name)?;
                for (file, kind) in work.entries()? {
                    if kind != EntryKind::File {
                        continue;
                    }
                    if name.starts_with(CONSUMED_PREFIX) {
                        work.remove_file(&file)?;
                        recovered.consumed_removed += 1;
                    } else {
                        let back = work.move_to_free_name(&file, dir, &file)?;
                        recovered.files_back.push((file, back));
                    }
                }
                dir.remove_dir(&name)?;
            }
            _ => {}
        }
    }
    Ok(recovered)
}

/// The files of one run, moved into a work directory of its own inside the upload directory,
/// which the run locks for as long as it lives.
#[derive(Debug)]
pub struct Claim {
    upload_dir: DirHandle,
    work: DirHandle,
    work_name: String,
    _alive: DirLock,
    files: Vec<PipelineFile>,
    settled: bool,
}

impl Claim {
    /// Takes up what dead runs and uploads left (`sweep`), then moves the regular files of
    /// `upload_dir` (not hidden ones, which are uploads in progress or other runs' work) into a
    /// new work directory, in name order.
    pub fn take(upload_dir: &Path) -> io::Result<(Claim, Skipped, Recovered)> {
        let dir = DirHandle::open(upload_dir)?;
        let recovered = sweep(&dir)?;
        let (work_name, work, alive) = {
            let _creating = dir.shared()?;
            let (work_name, work) = create_work_dir(&dir)?;
            let alive = work.hold()?;
            (work_name, work, alive)
        };
        let mut claim = Claim {
            upload_dir: dir,
            work,
            work_name,
            _alive: alive,
            files: Vec::new(),
            settled: false,
        };
        let mut skipped = Skipped::default();
        for (name, kind) in claim.upload_dir.entries()? {
            if name.starts_with('.') {
                continue;
            }
            if kind != EntryKind::File {
                // Symbolic links are never followed, hence never processed.
                skipped.not_files.push(name);
                continue;
            }
            // A file removed meanwhile is simply not part of this run.
            if claim
                .upload_dir
                .rename_no_replace(&name, &claim.work, &name)
                .is_ok()
            {
                let size = claim.work.size_of(&name)?;
                let path = upload_dir.join(&claim.work_name).join(&name);
                claim.files.push(PipelineFile::new(path, size));
            }
        }
        Ok((claim, skipped, recovered))
    }

    /// The claimed files.
    pub fn files(&self) -> &[PipelineFile] {
        &self.files
    }

    /// The run succeeded: the files are consumed. The work directory is first renamed as
    /// consumed, so that a process killed while removing the files never has them processed
    /// again; then they are removed.
    pub fn consume(mut self) -> io::Result<()> {
        self.settled = true;
        let consumed = format!("{CONSUMED_PREFIX}{}", &self.work_name[CLAIM_PREFIX.len()..]);
        self.upload_dir
            .rename_no_replace(&self.work_name, &self.upload_dir, &consumed)?;
        for (name, kind) in self.work.entries()? {
            if kind == EntryKind::File {
                self.work.remove_file(&name)?;
            }
        }
        self.upload_dir.remove_dir(&consumed)
    }

    /// The run failed: the files go back to the upload directory, never replacing anything: a
    /// file whose name a newer upload took meanwhile goes back under a free name. Returns those
    /// (name, name it got).
    pub fn restore(mut self) -> Vec<(String, String)> {
        self.settled = true;
        self.put_back()
    }

    fn put_back(&mut self) -> Vec<(String, String)> {
        let mut renamed = Vec::new();
        let mut all_back = true;
        for file in &self.files {
            match self
                .work
                .move_to_free_name(file.name(), &self.upload_dir, file.name())
            {
                Ok(back) if back != file.name() => renamed.push((file.name().to_owned(), back)),
                Ok(_) => {}
                // Left in the work directory: the next run's sweep takes it up.
                Err(_) => all_back = false,
            }
        }
        if all_back {
            let _ = self.upload_dir.remove_dir(&self.work_name);
        }
        renamed
    }
}

/// Creates `.processing-<random>` in `dir`.
fn create_work_dir(dir: &DirHandle) -> io::Result<(String, DirHandle)> {
    for _ in 0..64 {
        let name = format!("{CLAIM_PREFIX}{}", super::dir::random_tag());
        match dir.create_dir(&name) {
            Ok(work) => return Ok((name, work)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("no free work directory name"))
}

impl Drop for Claim {
    /// A claim dropped without a verdict (a panic on the way) puts the files back.
    fn drop(&mut self) {
        if !self.settled {
            self.settled = true;
            let _ = self.put_back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dir::sorted_names as names;
    use super::*;

    #[test]
    fn claims_regular_files_and_consumes_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.evtx"), b"bb").unwrap();
        std::fs::write(dir.path().join("a.evtx"), b"a").unwrap();
        std::fs::write(dir.path().join(".upload-x.part"), b"in progress").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let (claim, skipped, recovered) = Claim::take(dir.path()).unwrap();
        let claimed: Vec<_> = claim.files().iter().map(|f| (f.name(), f.size())).collect();
        assert_eq!(claimed, [("a.evtx", 1), ("b.evtx", 2)]);
        assert_eq!(skipped.not_files, ["sub"]);
        assert_eq!(
            recovered.partial_uploads, 1,
            "an unlocked .part is a dead upload's"
        );
        assert_eq!(
            claim.files()[0].sha256().unwrap(),
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
        );
        claim.consume().unwrap();
        assert_eq!(names(dir.path()), ["sub"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_hash_is_the_contents_whatever_the_file_claims() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.evtx");
        std::fs::write(&path, b"a").unwrap();
        // What the upload step once recorded on the file, forged with a made-up hash for the
        // file's size and time: not taken.
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        let ns = modified
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let made_up = "f".repeat(64);
        let forged = format!("{made_up} 1 {ns}");
        if xattr::set(&path, "user.iris_module.sha256", forged.as_bytes()).is_err() {
            return; // this file system keeps no extended attributes: nothing to forge
        }
        let file = PipelineFile::new(path.clone(), 1);
        assert_eq!(
            file.sha256().unwrap(),
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
        );
        std::fs::write(&path, b"b").unwrap();
        let file = PipelineFile::new(path, 1);
        assert_eq!(
            file.sha256().unwrap(),
            "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
        );
    }

    #[test]
    fn a_failed_run_puts_the_files_back_without_replacing_a_newer_upload() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.evtx"), b"a").unwrap();
        std::fs::write(dir.path().join("b.evtx"), b"b").unwrap();
        let (claim, _, _) = Claim::take(dir.path()).unwrap();
        // A new upload of the same name arrived during the run: it keeps its name.
        std::fs::write(dir.path().join("b.evtx"), b"newer").unwrap();
        let renamed = claim.restore();
        assert_eq!(renamed, [("b.evtx".to_owned(), "b-2.evtx".to_owned())]);
        assert_eq!(std::fs::read(dir.path().join("b.evtx")).unwrap(), b"newer");
        assert_eq!(std::fs::read(dir.path().join("b-2.evtx")).unwrap(), b"b");
        assert_eq!(std::fs::read(dir.path().join("a.evtx")).unwrap(), b"a");
        assert_eq!(names(dir.path()), ["a.evtx", "b-2.evtx", "b.evtx"]);
    }

    #[test]
    fn a_dropped_claim_puts_the_files_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.evtx"), b"a").unwrap();
        let (claim, _, _) = Claim::take(dir.path()).unwrap();
        drop(claim);
        assert_eq!(names(dir.path()), ["a.evtx"]);
    }

    #[test]
    fn the_files_of_a_dead_run_are_taken_up_and_its_debris_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // What a run killed while processing leaves: its work directory (no longer locked: the
        // process is gone), the files it had claimed.
        std::fs::create_dir(root.join(".processing-dead0001")).unwrap();
        std::fs::write(root.join(".processing-dead0001/a.evtx"), b"claimed").unwrap();
        std::fs::write(root.join(".processing-dead0001/b.evtx"), b"older").unwrap();
        std::fs::write(root.join("b.evtx"), b"newer").unwrap();
        // A run killed while removing consumed files, and an upload killed mid-copy.
        std::fs::create_dir(root.join(".processed-dead0002")).unwrap();
        std::fs::write(root.join(".processed-dead0002/done.evtx"), b"consumed").unwrap();
        std::fs::write(root.join(".upload-dead0003.part"), b"half").unwrap();
        // A living run's claim is left alone.
        let handle = DirHandle::open(root).unwrap();
        let live = handle.create_dir(".processing-alive001").unwrap();
        let _alive = live.hold().unwrap();
        std::fs::write(root.join(".processing-alive001/c.evtx"), b"c").unwrap();

        let (claim, _, recovered) = Claim::take(root).unwrap();
        assert_eq!(
            recovered.files_back,
            [
                ("a.evtx".to_owned(), "a.evtx".to_owned()),
                ("b.evtx".to_owned(), "b-2.evtx".to_owned())
            ]
        );
        assert_eq!(
            (recovered.partial_uploads, recovered.consumed_removed),
            (1, 1)
        );
        let claimed: Vec<_> = claim.files().iter().map(|f| f.name().to_owned()).collect();
        assert_eq!(claimed, ["a.evtx", "b-2.evtx", "b.evtx"]);
        claim.consume().unwrap();
        assert_eq!(names(root), [".processing-alive001"]);
        assert_eq!(names(&root.join(".processing-alive001")), ["c.evtx"]);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_processed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), b"s").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("link")).unwrap();
        let (claim, skipped, _) = Claim::take(dir.path()).unwrap();
        assert!(claim.files().is_empty());
        assert_eq!(skipped.not_files, ["link"]);
        claim.consume().unwrap();
        assert_eq!(names(outside.path()), ["secret"]);
    }
}
