//! The upload step's mechanics: a file is streamed, with bounded memory whatever its size, into a
//! temporary file inside the directory IRIS gives, hashed on the way; the module's upload step then
//! accepts or refuses it; an accepted file is renamed into place. Nothing is ever written outside
//! that directory.

use super::file_name::{BadFileName, safe_file_name};
use super::hashing::{HashingWriter, record_hash};
use crate::error::HookError;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The size of the chunks a file is copied in.
pub const CHUNK_SIZE: usize = 1 << 20;

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
pub enum UploadError {
    /// The file name is not a plain, safe name.
    BadName(String, BadFileName),
    /// The directory IRIS gave does not exist (or is not a directory).
    NoDirectory(PathBuf),
    /// Something of that name already exists and cannot be replaced by a file.
    Occupied(PathBuf, &'static str),
    /// Reading the upload or writing the file failed.
    Io(&'static str, io::Error),
    /// The module's upload step refused the file.
    Refused(String, HookError),
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::BadName(name, why) => write!(f, "refused file name {name:?}: {why}"),
            UploadError::NoDirectory(path) => {
                write!(
                    f,
                    "directory {} not found: cannot save the file",
                    path.display()
                )
            }
            UploadError::Occupied(path, what) => {
                write!(
                    f,
                    "cannot save {}: {what} of that name exists",
                    path.display()
                )
            }
            UploadError::Io(step, error) => write!(f, "upload failed while {step}: {error}"),
            UploadError::Refused(name, why) => write!(f, "the module refused {name}: {why}"),
        }
    }
}

impl std::error::Error for UploadError {}

/// Receives `source` for `request`, gives the received file to `accept` (the module's upload
/// step), and saves it under its name if accepted. Returns the path it was saved to.
pub fn save_upload(
    request: &UploadRequest,
    source: &mut dyn Read,
    accept: impl FnOnce(&Upload) -> Result<(), HookError>,
) -> Result<(Upload, PathBuf), UploadError> {
    let name = safe_file_name(&request.file_name)
        .map_err(|why| UploadError::BadName(request.file_name.clone(), why))?
        .to_owned();
    let base = std::fs::canonicalize(&request.base_path)
        .ok()
        .filter(|path| path.is_dir())
        .ok_or_else(|| UploadError::NoDirectory(request.base_path.clone()))?;
    let destination = base.join(&name);
    check_destination(&destination)?;

    let temp = tempfile::Builder::new()
        .prefix(".upload-")
        .suffix(".part")
        .tempfile_in(&base)
        .map_err(|error| UploadError::Io("creating the temporary file", error))?;
    let mut writer = HashingWriter::new(io::BufWriter::with_capacity(CHUNK_SIZE, temp));
    copy_in_chunks(source, &mut writer)?;
    let (file, size, sha256) = writer.finish();
    let temp = file
        .into_inner()
        .map_err(|error| UploadError::Io("writing the file", error.into_error()))?;
    temp.as_file()
        .sync_all()
        .map_err(|error| UploadError::Io("writing the file", error))?;
    record_hash(temp.path(), &sha256);

    let upload = Upload {
        name,
        path: temp.path().to_owned(),
        size,
        sha256,
        case_customer: request.case_customer.clone(),
        case_name: request.case_name.clone(),
        is_update: request.is_update,
    };
    // Refused: the temporary file is removed when `temp` is dropped.
    accept(&upload).map_err(|why| UploadError::Refused(upload.name.clone(), why))?;
    check_destination(&destination)?;
    temp.persist(&destination)
        .map_err(|error| UploadError::Io("moving the file into place", error.error))?;
    Ok((upload, destination))
}

/// Refuses a destination that is a directory or a symbolic link (a file is replaced, as a new
/// upload of the same name replaces the old one).
fn check_destination(destination: &Path) -> Result<(), UploadError> {
    match std::fs::symlink_metadata(destination) {
        Ok(meta) if meta.file_type().is_symlink() => Err(UploadError::Occupied(
            destination.to_owned(),
            "a symbolic link",
        )),
        Ok(meta) if meta.is_dir() => {
            Err(UploadError::Occupied(destination.to_owned(), "a directory"))
        }
        _ => Ok(()),
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

    /// The entries of `dir`, sorted.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn saves_hashes_and_replaces_a_file_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        let (upload, path) =
            save_upload(&request(dir.path(), "a.evtx"), &mut &b"abc"[..], accept_all).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"abc");
        assert_eq!(upload.size, 3);
        assert_eq!(
            upload.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        save_upload(&request(dir.path(), "a.evtx"), &mut &b"new"[..], accept_all).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(entries(dir.path()), ["a.evtx"]);
    }

    #[test]
    fn a_refused_upload_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let error = save_upload(&request(dir.path(), "x.txt"), &mut &b"MZ"[..], |upload| {
            assert_eq!(upload.head(1).unwrap(), b"M");
            Err(HookError::msg("not an EVTX file"))
        })
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
            let error = save_upload(&request(&base, name), &mut &b"x"[..], accept_all);
            assert!(matches!(error, Err(UploadError::BadName(..))), "{name:?}");
        }
        let error = save_upload(
            &request(&base.join("nope"), "a"),
            &mut &b"x"[..],
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
        let error =
            save_upload(&request(&base, "link.evtx"), &mut &b"x"[..], accept_all).unwrap_err();
        assert!(error.to_string().contains("a symbolic link"), "{error}");
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert_eq!(entries(&base), ["link.evtx"]);
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
        let error = save_upload(&request(dir.path(), "a"), &mut Broken, accept_all).unwrap_err();
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
            save_upload(&request(dir.path(), "big.bin"), &mut source, accept_all).unwrap();
        assert_eq!(upload.size, 5 * CHUNK_SIZE as u64 + 3);
        assert_eq!(source.largest, CHUNK_SIZE);
    }
}
