//! The upload step's mechanics: a file is streamed, with bounded memory whatever its size, into a
//! locked temporary file inside the directory IRIS gives, hashed on the way; the module's upload
//! step then accepts or refuses it; an accepted file is renamed into place, never replacing a file
//! already there. Nothing is ever written outside that directory, whatever is swapped meanwhile.

use super::dir::{DirHandle, NUMBER_SUFFIX_BYTES};
use super::file_name::{BadFileName, MAX_NAME_BYTES, safe_file_name};
use super::files::{UPLOAD_PREFIX, UPLOAD_SUFFIX, sweep};
use super::hashing::{CHUNK_SIZE, HashingWriter};
use crate::error::HookError;
use crate::redact::bounded;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// A file received by the upload step, saved under a temporary name until the module accepts it.
#[derive(Debug)]
pub struct Upload {
    /// The file's name, as it will be saved.
    pub name: String,
    /// Where its content is until the module accepts it (read it to check a file's magic bytes).
    pub path: PathBuf,
    /// Its size, in bytes.
    pub size: u64,
    /// Its SHA-256, in lower-case hex.
    pub sha256: String,
    /// The customer of the case (`case_customer`).
    pub case_customer: String,
    /// The case (`case_name`).
    pub case_name: String,
    /// Whether the upload adds to an existing case (`is_update`).
    pub is_update: bool,
}

impl Upload {
    /// The file name's extension, lower-cased (`"evtx"` for `Security.EVTX`).
    pub fn extension(&self) -> Option<String> {
        Path::new(&self.name)
            .extension()
            .map(|ext| ext.to_string_lossy().to_lowercase())
    }

    /// The first `count` bytes of the file (fewer if it is shorter), to check its format.
    pub fn head(&self, count: usize) -> io::Result<Vec<u8>> {
        let mut head = Vec::with_capacity(count);
        std::fs::File::open(&self.path)?
            .take(count as u64)
            .read_to_end(&mut head)?;
        Ok(head)
    }
}

/// Where and what IRIS asks to save: `pipeline_files_upload(base_path, file, case_customer,
/// case_name, is_update)`.
#[derive(Clone, Debug)]
pub struct UploadRequest {
    /// The directory IRIS built for the case and module.
    pub base_path: PathBuf,
    /// The name the file was uploaded with.
    pub file_name: String,
    /// The customer of the case.
    pub case_customer: String,
    /// The case.
    pub case_name: String,
    /// Whether the upload adds to an existing case.
    pub is_update: bool,
}

/// Why an upload was not saved.
#[derive(Debug)]
#[non_exhaustive]
pub enum UploadError {
    /// The file name is not a plain, safe name.
    BadName(String, BadFileName),
    /// The directory IRIS gave does not exist (or is not a directory).
    NoDirectory(PathBuf),
    /// The name leaves no room for what the module and the runtime append to it.
    NameTooLong {
        /// The name's length, in bytes.
        bytes: usize,
        /// The longest name this module accepts.
        longest: usize,
    },
    /// Reading the upload or writing the file failed.
    Io(&'static str, io::Error),
    /// The module's upload step refused the file.
    Refused(String, HookError),
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::BadName(name, why) => {
                write!(f, "refused file name {:?}: {why}", bounded(name))
            }
            UploadError::NoDirectory(path) => {
                write!(
                    f,
                    "directory {} not found: cannot save the file",
                    path.display()
                )
            }
            UploadError::NameTooLong { bytes, longest } => write!(
                f,
                "refused file name: it is {bytes} bytes long, and this module accepts at most \
                 {longest} (it adds to names for its outputs); rename the file and upload it again"
            ),
            UploadError::Io(step, error) => write!(f, "upload failed while {step}: {error}"),
            UploadError::Refused(name, why) => {
                write!(f, "the module refused {}: {why}", bounded(name))
            }
        }
    }
}

impl std::error::Error for UploadError {}

/// Receives `source` for `request`, gives the received file to `accept` (the module's upload
/// step), and saves it if accepted. `name_reserve` is what the module appends to names for its
/// outputs (a name too long to take it is refused now, not by every later run). Returns the
/// upload and the name it was saved under: its own, or a numbered one (`Security-2.evtx`) when a
/// file of that name is already waiting, since an upload never replaces another.
///
/// Everything is done through a handle of the directory IRIS gives, never through its path
/// again, so no swap of a path component can redirect the write; the file is received under a
/// locked temporary name (a killed upload leaves nothing the next run or upload does not remove).
pub fn save_upload(
    request: &UploadRequest,
    source: &mut dyn Read,
    name_reserve: usize,
    accept: impl FnOnce(&Upload) -> Result<(), HookError>,
) -> Result<(Upload, String), UploadError> {
    let name = safe_file_name(&request.file_name)
        .map_err(|why| UploadError::BadName(request.file_name.clone(), why))?
        .to_owned();
    let longest = MAX_NAME_BYTES.saturating_sub(NUMBER_SUFFIX_BYTES + name_reserve);
    if name.len() > longest {
        return Err(UploadError::NameTooLong {
            bytes: name.len(),
            longest,
        });
    }
    let dir = DirHandle::open(&request.base_path)
        .map_err(|_| UploadError::NoDirectory(request.base_path.clone()))?;
    // What dead uploads and runs left is taken up first (best effort: the upload goes on).
    let _ = sweep(&dir);
    let (temp_name, file) = {
        let _creating = dir
            .shared()
            .map_err(|error| UploadError::Io("locking the upload directory", error))?;
        dir.create_locked_file(UPLOAD_PREFIX, UPLOAD_SUFFIX, 0o600)
            .map_err(|error| UploadError::Io("creating the temporary file", error))?
    };
    let temp = TempUpload {
        dir: &dir,
        name: Some(temp_name),
    };
    let mut writer = HashingWriter::new(io::BufWriter::with_capacity(CHUNK_SIZE, file));
    copy_in_chunks(source, &mut writer)?;
    let (file, size, sha256) = writer.finish();
    let file = file
        .into_inner()
        .map_err(|error| UploadError::Io("writing the file", error.into_error()))?;
    file.sync_all()
        .map_err(|error| UploadError::Io("writing the file", error))?;

    let upload = Upload {
        name,
        path: request.base_path.join(temp.name()),
        size,
        sha256,
        case_customer: request.case_customer.clone(),
        case_name: request.case_name.clone(),
        is_update: request.is_update,
    };
    // Refused: the temporary file is removed when `temp` is dropped.
    accept(&upload).map_err(|why| UploadError::Refused(upload.name.clone(), why))?;
    let saved = dir
        .move_to_free_name(temp.name(), &dir, &upload.name)
        .map_err(|error| UploadError::Io("moving the file into place", error))?;
    temp.kept();
    // The lock goes with `file`, now that the upload has its name.
    drop(file);
    Ok((upload, saved))
}

/// The temporary file of an upload, removed unless kept.
struct TempUpload<'d> {
    dir: &'d DirHandle,
    name: Option<String>,
}

impl TempUpload<'_> {
    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }

    fn kept(mut self) {
        self.name = None;
    }
}

impl Drop for TempUpload<'_> {
    fn drop(&mut self) {
        if let Some(name) = &self.name {
            let _ = self.dir.remove_file(name);
        }
    }
}

/// Copies `source` into `sink` through one buffer of [`CHUNK_SIZE`] bytes.
fn copy_in_chunks(source: &mut dyn Read, sink: &mut impl Write) -> Result<(), UploadError> {
    let mut buffer = vec![0; CHUNK_SIZE];
    loop {
        let read = match source.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(UploadError::Io("reading the upload", error)),
        };
        sink.write_all(&buffer[..read])
            .map_err(|error| UploadError::Io("writing the file", error))?;
    }
}

#[cfg(test)]
mod tests {
    use super::super::dir::sorted_names as entries;
    use super::*;

    fn request(base: &Path, name: &str) -> UploadRequest {
        UploadRequest {
            base_path: base.to_owned(),
            file_name: name.to_owned(),
            case_customer: "ACME".into(),
            case_name: "case_1".into(),
            is_update: true,
        }
    }

    fn accept_all(_: &Upload) -> Result<(), HookError> {
        Ok(())
    }

    #[test]
    fn saves_hashes_and_never_replaces_a_file_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        let (upload, saved) = save_upload(
            &request(dir.path(), "a.evtx"),
            &mut &b"abc"[..],
            0,
            accept_all,
        )
        .unwrap();
        assert_eq!(saved, "a.evtx");
        assert_eq!(std::fs::read(dir.path().join("a.evtx")).unwrap(), b"abc");
        assert_eq!(upload.size, 3);
        assert_eq!(
            upload.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        save_upload(
            &request(dir.path(), "a.evtx"),
            &mut &b"new"[..],
            0,
            accept_all,
        )
        .unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.evtx")).unwrap(), b"abc");
        assert_eq!(std::fs::read(dir.path().join("a-2.evtx")).unwrap(), b"new");
        assert_eq!(entries(dir.path()), ["a-2.evtx", "a.evtx"]);
    }

    #[test]
    fn a_refused_upload_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let error = save_upload(
            &request(dir.path(), "x.txt"),
            &mut &b"MZ"[..],
            0,
            |upload| {
                assert_eq!(upload.head(1).unwrap(), b"M");
                Err(HookError::msg("not an EVTX file"))
            },
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the module refused x.txt: not an EVTX file"
        );
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn bad_names_and_missing_directories_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let base = dir.path().join("base");
        std::fs::create_dir(&base).unwrap();
        for name in ["../outside/x", "..", "/etc/x", ".hidden", "a\0b"] {
            let error = save_upload(&request(&base, name), &mut &b"x"[..], 0, accept_all);
            assert!(matches!(error, Err(UploadError::BadName(..))), "{name:?}");
        }
        let error = save_upload(
            &request(&base.join("nope"), "a"),
            &mut &b"x"[..],
            0,
            accept_all,
        )
        .unwrap_err();
        assert!(error.to_string().contains("not found"), "{error}");
        assert!(entries(&base).is_empty());
        assert!(entries(&outside).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, b"keep").unwrap();
        let base = dir.path().join("base");
        std::fs::create_dir(&base).unwrap();
        std::os::unix::fs::symlink(&target, base.join("link.evtx")).unwrap();
        let (_, saved) =
            save_upload(&request(&base, "link.evtx"), &mut &b"x"[..], 0, accept_all).unwrap();
        assert_eq!(saved, "link-2.evtx");
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert_eq!(entries(&base), ["link-2.evtx", "link.evtx"]);
    }

    /// A temporary tree: `outside` and `base` (both created), and `moved` (where an attacker
    /// moves `base` to put a link in its place).
    fn swap_tree() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (outside, base) = (dir.path().join("outside"), dir.path().join("base"));
        std::fs::create_dir(&outside).unwrap();
        std::fs::create_dir(&base).unwrap();
        let moved = dir.path().join("moved");
        (dir, outside, base, moved)
    }

    #[cfg(unix)]
    #[test]
    fn swapping_the_directory_for_a_link_redirects_nothing() {
        let (_dir, outside, base, moved) = swap_tree();
        // Between the write and the rename (while the module checks the file), the upload
        // directory is swapped for a link to elsewhere.
        let (_, saved) = save_upload(&request(&base, "a.evtx"), &mut &b"x"[..], 0, |_| {
            std::fs::rename(&base, &moved).unwrap();
            std::os::unix::fs::symlink(&outside, &base).unwrap();
            Ok(())
        })
        .unwrap();
        assert_eq!(saved, "a.evtx");
        assert!(entries(&outside).is_empty(), "written through the link");
        assert_eq!(entries(&moved), ["a.evtx"]);
        // A directory that is a link from the start is refused.
        let error =
            save_upload(&request(&base, "b.evtx"), &mut &b"x"[..], 0, accept_all).unwrap_err();
        assert!(error.to_string().contains("not found"), "{error}");
        assert!(entries(&outside).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_swapped_back_and_forth_during_uploads_never_sends_one_outside() {
        let (_dir, outside, base, moved) = swap_tree();
        let done = std::sync::atomic::AtomicBool::new(false);
        let saved = std::thread::scope(|scope| {
            scope.spawn(|| {
                // An attacker who can write to the parent swaps the directory for a link.
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    if std::fs::rename(&base, &moved).is_ok() {
                        let _ = std::os::unix::fs::symlink(&outside, &base);
                        std::thread::yield_now();
                        let _ = std::fs::remove_file(&base);
                        let _ = std::fs::rename(&moved, &base);
                        // Leave the real directory in place for a moment too, so that uploads
                        // meet both states even on a loaded machine.
                        std::thread::yield_now();
                    }
                }
            });
            // 3,000 attempts, and more (up to 30,000) until one has gone through, so that the
            // test never passes without an upload having raced the swaps.
            let (mut saved, mut index) = (0, 0);
            while (index < 3000 || saved == 0) && index < 30_000 {
                let name = format!("f{index}.evtx");
                saved += usize::from(
                    save_upload(&request(&base, &name), &mut &b"x"[..], 0, accept_all).is_ok(),
                );
                index += 1;
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            saved
        });
        assert!(saved > 0);
        assert!(
            entries(&outside).is_empty(),
            "{} landed outside",
            entries(&outside).len()
        );
    }

    #[test]
    fn a_huge_name_gives_a_bounded_message() {
        let dir = tempfile::tempdir().unwrap();
        let name = "n".repeat(100_000);
        let error =
            save_upload(&request(dir.path(), &name), &mut &b"x"[..], 0, accept_all).unwrap_err();
        assert!(
            error.to_string().len() < 1024,
            "{} bytes",
            error.to_string().len()
        );
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn a_name_with_no_room_for_what_the_module_appends_is_refused_at_upload() {
        let dir = tempfile::tempdir().unwrap();
        let longest = MAX_NAME_BYTES - NUMBER_SUFFIX_BYTES - 20;
        let fits = format!("{}.evtx", "a".repeat(longest - 5));
        save_upload(&request(dir.path(), &fits), &mut &b"x"[..], 20, accept_all).unwrap();
        let too_long = format!("{}.evtx", "a".repeat(longest - 4));
        let error = save_upload(
            &request(dir.path(), &too_long),
            &mut &b"x"[..],
            20,
            accept_all,
        )
        .unwrap_err();
        assert!(matches!(error, UploadError::NameTooLong { .. }), "{error}");
        assert!(
            error
                .to_string()
                .contains(&format!("accepts at most {longest}")),
            "{error}"
        );
        assert_eq!(entries(dir.path()), [fits]);
    }

    #[test]
    fn a_failing_source_leaves_nothing() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("connection reset"))
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let error = save_upload(&request(dir.path(), "a"), &mut Broken, 0, accept_all).unwrap_err();
        assert_eq!(
            error.to_string(),
            "upload failed while reading the upload: connection reset"
        );
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn large_uploads_stream_in_chunks() {
        // A source that counts the largest read it was asked for: memory stays bounded.
        struct Counting {
            left: u64,
            largest: usize,
        }
        impl Read for Counting {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.largest = self.largest.max(buf.len());
                let n = buf.len().min(self.left as usize);
                buf[..n].fill(7);
                self.left -= n as u64;
                Ok(n)
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let mut source = Counting {
            left: 5 * CHUNK_SIZE as u64 + 3,
            largest: 0,
        };
        let (upload, _) =
            save_upload(&request(dir.path(), "big.bin"), &mut source, 0, accept_all).unwrap();
        assert_eq!(upload.size, 5 * CHUNK_SIZE as u64 + 3);
        assert_eq!(source.largest, CHUNK_SIZE);
    }
}
