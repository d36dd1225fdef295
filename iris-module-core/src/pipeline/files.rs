//! The files a pipeline run processes. The run first claims the uploaded files by moving them
//! into a work directory of its own (so that files uploaded meanwhile wait for the next run); when
//! the run succeeds the work directory is removed, and when it fails the files go back where they
//! were, so that nothing is lost and the next trigger can try again.

use super::hashing::{hash_file, recorded_hash};
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

    /// Its SHA-256 in lower-case hex: the one the upload step recorded, while it still describes
    /// the file, or else computed by streaming the file, on first use.
    pub fn sha256(&self) -> io::Result<&str> {
        if let Some(hash) = self.sha256.get() {
            return Ok(hash);
        }
        let hash = match recorded_hash(&self.path) {
            Some(hash) => hash,
            None => hash_file(&self.path)?.1,
        };
        Ok(self.sha256.get_or_init(|| hash))
    }
}

/// What claiming the upload directory found besides files to process.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Entries that are not regular files (directories, symbolic links...), left in place.
    pub not_files: Vec<String>,
}

/// The files of one run, moved into a work directory inside the upload directory.
#[derive(Debug)]
pub struct Claim {
    upload_dir: PathBuf,
    work_dir: PathBuf,
    files: Vec<PipelineFile>,
    settled: bool,
}

impl Claim {
    /// Moves the regular files of `upload_dir` (not hidden ones, which are uploads in progress
    /// or other runs' work) into a new work directory, in name order.
    pub fn take(upload_dir: &Path) -> io::Result<(Claim, Skipped)> {
        let mut names = Vec::new();
        let mut skipped = Skipped::default();
        for entry in std::fs::read_dir(upload_dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // `file_type` does not follow symbolic links: a link is never processed.
            if entry.file_type()?.is_file() {
                names.push(entry.file_name());
            } else {
                skipped.not_files.push(name);
            }
        }
        names.sort();
        skipped.not_files.sort();
        let work_dir = tempfile::Builder::new()
            .prefix(".processing-")
            .tempdir_in(upload_dir)?
            .keep();
        let mut claim = Claim {
            upload_dir: upload_dir.to_owned(),
            work_dir,
            files: Vec::new(),
            settled: false,
        };
        for name in names {
            let to = claim.work_dir.join(&name);
            // A file removed meanwhile is simply not part of this run.
            if std::fs::rename(upload_dir.join(&name), &to).is_ok() {
                let size = std::fs::metadata(&to)?.len();
                claim.files.push(PipelineFile::new(to, size));
            }
        }
        Ok((claim, skipped))
    }

    /// The claimed files.
    pub fn files(&self) -> &[PipelineFile] {
        &self.files
    }

    /// The run succeeded: the files are consumed and the work directory removed.
    pub fn consume(mut self) -> io::Result<()> {
        self.settled = true;
        std::fs::remove_dir_all(&self.work_dir)
    }

    /// The run failed: the files go back to the upload directory. Returns the files that could
    /// not (a file of the same name was uploaded meanwhile); they stay in the work directory.
    pub fn restore(mut self) -> Vec<PathBuf> {
        self.settled = true;
        let mut kept = Vec::new();
        for file in &self.files {
            let back = self.upload_dir.join(file.name());
            if back.exists() || std::fs::rename(file.path(), &back).is_err() {
                kept.push(file.path().to_owned());
            }
        }
        if kept.is_empty() {
            let _ = std::fs::remove_dir(&self.work_dir);
        }
        kept
    }
}

impl Drop for Claim {
    /// A claim dropped without a verdict (a panic on the way) puts the files back.
    fn drop(&mut self) {
        if !self.settled {
            let claim = Claim {
                upload_dir: std::mem::take(&mut self.upload_dir),
                work_dir: std::mem::take(&mut self.work_dir),
                files: std::mem::take(&mut self.files),
                settled: false,
            };
            let _ = claim.restore();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn claims_regular_files_and_consumes_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.evtx"), b"bb").unwrap();
        std::fs::write(dir.path().join("a.evtx"), b"a").unwrap();
        std::fs::write(dir.path().join(".upload-x.part"), b"in progress").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let (claim, skipped) = Claim::take(dir.path()).unwrap();
        let claimed: Vec<_> = claim.files().iter().map(|f| (f.name(), f.size())).collect();
        assert_eq!(claimed, [("a.evtx", 1), ("b.evtx", 2)]);
        assert_eq!(skipped.not_files, ["sub"]);
        assert_eq!(
            claim.files()[0].sha256().unwrap(),
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
        );
        claim.consume().unwrap();
        assert_eq!(names(dir.path()), [".upload-x.part", "sub"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_hash_the_upload_step_recorded_is_reused_while_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.evtx");
        std::fs::write(&path, b"a").unwrap();
        // A recorded hash is taken as is while size and time match (here a made-up one, to see
        // that the file is not read again).
        let made_up = "f".repeat(64);
        super::super::hashing::record_hash(&path, &made_up);
        if super::super::hashing::recorded_hash(&path).is_none() {
            return; // this file system keeps no extended attributes
        }
        let file = PipelineFile::new(path.clone(), 1);
        assert_eq!(file.sha256().unwrap(), made_up);
        std::fs::write(&path, b"b").unwrap();
        let file = PipelineFile::new(path, 1);
        assert_eq!(
            file.sha256().unwrap(),
            "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
        );
    }

    #[test]
    fn a_failed_run_puts_the_files_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.evtx"), b"a").unwrap();
        std::fs::write(dir.path().join("b.evtx"), b"b").unwrap();
        let (claim, _) = Claim::take(dir.path()).unwrap();
        // A new upload of the same name arrived during the run: it wins, the old one is kept aside.
        std::fs::write(dir.path().join("b.evtx"), b"newer").unwrap();
        let kept = claim.restore();
        assert_eq!(kept.len(), 1);
        assert_eq!(std::fs::read(&kept[0]).unwrap(), b"b");
        assert_eq!(std::fs::read(dir.path().join("b.evtx")).unwrap(), b"newer");
        assert_eq!(std::fs::read(dir.path().join("a.evtx")).unwrap(), b"a");
    }

    #[test]
    fn a_dropped_claim_puts_the_files_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.evtx"), b"a").unwrap();
        let (claim, _) = Claim::take(dir.path()).unwrap();
        drop(claim);
        assert_eq!(names(dir.path()), ["a.evtx"]);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_processed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), b"s").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("link")).unwrap();
        let (claim, skipped) = Claim::take(dir.path()).unwrap();
        assert!(claim.files().is_empty());
        assert_eq!(skipped.not_files, ["link"]);
        claim.consume().unwrap();
        assert_eq!(names(outside.path()), ["secret"]);
    }
}
