//! SHA-256 of files, as IRIS's evidence storage records them (lower-case hex), computed while
//! streaming. A file's hash is always computed from its content: the upload step hashes what
//! streams in, the processing step hashes the file it processes (nothing recorded on the file, an
//! extended attribute anyone who can write the file can forge, is taken for it).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_a_file_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(
            hash_file(&path).unwrap(),
            (
                3,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".to_owned()
            )
        );
        let long = vec![7u8; 2 * CHUNK_SIZE + 1];
        std::fs::write(&path, &long).unwrap();
        let mut writer = HashingWriter::new(io::sink());
        writer.write_all(&long).unwrap();
        let (_, size, sha256) = writer.finish();
        assert_eq!(hash_file(&path).unwrap(), (size, sha256));
    }
}
