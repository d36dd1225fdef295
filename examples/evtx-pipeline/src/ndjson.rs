//! The NDJSON sink: one file of events per uploaded file, under
//! `<directory>/case-<id>/<index>/<file>.ndjson`, written under a temporary name and renamed once
//! complete (a failed import leaves no partial file).

use crate::output::{Sink, SinkError};
use iris_module_core::pipeline::safe_file_name;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Writes events to a file (batches are large: they are written as they come, unbuffered).
pub struct NdjsonSink {
    file: NamedTempFile,
    path: PathBuf,
}

impl NdjsonSink {
    /// The sink of `file_name`'s events for `case` and `index`, under `directory`. The index and
    /// file names are the analyst's: each must be one plain path component.
    pub fn create(
        directory: &Path,
        case: &str,
        index: &str,
        file_name: &str,
    ) -> Result<Self, SinkError> {
        let index =
            safe_file_name(index).map_err(|why| SinkError(format!("index {index:?}: {why}")))?;
        let name = safe_file_name(file_name).map_err(|why| SinkError(why.to_string()))?;
        let dir = directory.join(case).join(index);
        std::fs::create_dir_all(&dir)
            .map_err(|error| SinkError(format!("cannot create {}: {error}", dir.display())))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".ndjson-");
        // Readable by the tools that ship the files on (a forwarder), like any other log file.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let temp = builder.tempfile_in(&dir)?;
        Ok(NdjsonSink {
            file: temp,
            path: dir.join(format!("{name}.ndjson")),
        })
    }
}

impl Sink for NdjsonSink {
    fn batch_size(&self) -> usize {
        1000
    }

    fn sends_at_once(&self) -> bool {
        false
    }

    fn send(&mut self, events: &[u8], _count: usize) -> Result<(), SinkError> {
        self.file.write_all(events)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<String, SinkError> {
        self.file
            .persist(&self.path)
            .map_err(|error| SinkError(error.error.to_string()))?;
        Ok(self.path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_under_case_and_index_and_refuses_traversal() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink =
            Box::new(NdjsonSink::create(dir.path(), "case-3", "main", "a.evtx").unwrap());
        sink.send(b"{}\n{}\n", 2).unwrap();
        let path = sink.finish().unwrap();
        assert!(path.ends_with("case-3/main/a.evtx.ndjson"), "{path}");
        assert_eq!(std::fs::read(path).unwrap(), b"{}\n{}\n");
        for index in ["../x", "..", "a/b", ""] {
            let error = NdjsonSink::create(dir.path(), "case-3", index, "a.evtx")
                .err()
                .unwrap();
            assert!(error.to_string().starts_with("index"), "{error}");
        }
    }
}
