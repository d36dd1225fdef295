//! The NDJSON sink: one file of events per uploaded file, under
//! `<directory>/case-<id>/<index>/<file>.ndjson`, an [`OutputFile`]: written under a locked
//! temporary name and renamed once complete (a failed or killed import leaves no partial file; the
//! same import again is not written twice).

use crate::output::{Sink, SinkError};
use iris_module_core::pipeline::output::OutputFile;
use iris_module_core::pipeline::safe_file_name;
use std::io::Write;
use std::path::Path;

/// What the sink appends to an uploaded file's name.
pub const SUFFIX: &str = ".ndjson";

/// Writes events to a file (batches are large: they are written as they come, unbuffered).
pub struct NdjsonSink {
    file: OutputFile,
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
        let file = OutputFile::create(&dir, &format!("{name}{SUFFIX}"))
            .map_err(|error| SinkError(format!("cannot write in {}: {error}", dir.display())))?;
        Ok(NdjsonSink { file })
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
        let path = self.file.commit()?;
        Ok(path.display().to_string())
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
