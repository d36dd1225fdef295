//! SHA-256 of files, as IRIS's evidence storage records them (lower-case hex), computed while
//! streaming. The upload step, which streams every byte anyway, records the hash on the file (an
//! extended attribute, with the size and modification time it belongs to), so that the processing
//! step does not read a multi-gigabyte log once more to register it as evidence; a file changed
//! since, or on a file system without extended attributes, is hashed again.

use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

/// The size of the chunks a file is read and copied in.
pub const CHUNK_SIZE: usize = 1 << 20;

/// A writer that hashes and counts what goes through it.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// The inner writer, the byte count and the SHA-256 in hex.
    pub fn finish(self) -> (W, u64, String) {
        (self.inner, self.size, hex::encode(self.hasher.finalize()))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.size += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The size and SHA-256 (hex) of the file at `path`, read in chunks.
pub fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut writer = HashingWriter::new(io::sink());
    let mut buffer = vec![0; CHUNK_SIZE];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => writer.write_all(&buffer[..read])?,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
    let (_, size, sha256) = writer.finish();
    Ok((size, sha256))
}

/// The extended attribute holding `<sha256> <size> <modified, ns since the epoch>`.
#[cfg(unix)]
const RECORDED_HASH: &str = "user.iris_module.sha256";

/// Records `sha256` as the hash of `file` as it is now; best effort.
pub fn record_hash_on(file: &std::fs::File, sha256: &str) {
    #[cfg(unix)]
    if let Ok(meta) = file.metadata()
        && let Some(modified) = modified_ns(&meta)
    {
        use xattr::FileExt;
        let value = format!("{sha256} {} {modified}", meta.len());
        let _ = file.set_xattr(RECORDED_HASH, value.as_bytes());
    }
    #[cfg(not(unix))]
    let _ = (file, sha256);
}

/// The hash recorded on the file at `path`, if it still describes it (same size, same
/// modification time).
pub fn recorded_hash(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        let meta = std::fs::metadata(path).ok()?;
        let value = xattr::get(path, RECORDED_HASH).ok()??;
        let value = String::from_utf8(value).ok()?;
        let mut parts = value.split(' ');
        let (sha256, size, modified) = (parts.next()?, parts.next()?, parts.next()?);
        let valid = sha256.len() == 64
            && sha256.bytes().all(|b| b.is_ascii_hexdigit())
            && size.parse::<u64>().ok()? == meta.len()
            && modified.parse::<u128>().ok()? == modified_ns(&meta)?;
        valid.then(|| sha256.to_owned())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(unix)]
fn modified_ns(meta: &std::fs::Metadata) -> Option<u128> {
    let modified = meta.modified().ok()?;
    Some(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_hash_holds_until_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, b"abc").unwrap();
        let (_, sha256) = hash_file(&path).unwrap();
        record_hash_on(&std::fs::File::open(&path).unwrap(), &sha256);
        if xattr::get(&path, RECORDED_HASH).ok().flatten().is_none() {
            return; // this file system keeps no extended attributes: nothing to test
        }
        assert_eq!(recorded_hash(&path), Some(sha256));
        std::fs::write(&path, b"abcd").unwrap();
        assert_eq!(recorded_hash(&path), None, "the file changed");
        xattr::set(&path, RECORDED_HASH, b"not a hash").unwrap();
        assert_eq!(recorded_hash(&path), None);
    }
}
