//! SHA-256 of files, as IRIS's evidence storage records them (lower-case hex), computed while
//! streaming.

use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

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
    let mut buffer = vec![0; super::upload::CHUNK_SIZE];
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
