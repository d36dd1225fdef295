//! A module's output files, whole or not at all: each is written under a locked temporary name
//! beside its final one and renamed into place once complete, never replacing anything. What a
//! killed writer left is removed by the next writer in the directory. An output already there
//! with the same content is the same import done before (a run killed after writing it, run
//! again): it is kept and nothing is written twice; one with other content is kept too, and the
//! new output gets a numbered name (`Security-2.evtx.ndjson`).

use super::dir::{DirHandle, EntryKind, numbered_name};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The prefix and infix of an output's temporary name: `.<name>.part-<8 random>`.
const TEMP_PREFIX: &str = ".";
const TEMP_INFIX: &str = ".part-";

/// The bytes an output's temporary name adds to its final name.
pub const TEMP_NAME_BYTES: usize = TEMP_PREFIX.len() + TEMP_INFIX.len() + 8;

/// An output file being written.
#[derive(Debug)]
pub struct OutputFile {
    dir: DirHandle,
    name: String,
    temp: Option<String>,
    file: File,
}

impl OutputFile {
    /// Starts the output `name` in `directory` (created if missing), readable by all (a log
    /// forwarder ships such files on). Removes what dead writers left there first.
    pub fn create(directory: &Path, name: &str) -> io::Result<OutputFile> {
        std::fs::create_dir_all(directory)?;
        let dir = DirHandle::open(directory)?;
        sweep_outputs(&dir)?;
        let (temp, file) = {
            let _creating = dir.shared()?;
            dir.create_locked_file(&format!("{TEMP_PREFIX}{name}{TEMP_INFIX}"), "", 0o644)?
        };
        Ok(OutputFile {
            dir,
            name: name.to_owned(),
            temp: Some(temp),
            file,
        })
    }

    /// Puts the complete output in place; returns where it is (an identical output already there
    /// is where it is: see the module's documentation).
    pub fn commit(mut self) -> io::Result<PathBuf> {
        self.file.sync_all()?;
        let temp = self.temp.take().unwrap_or_default();
        for number in 1..10_000 {
            let candidate = numbered_name(&self.name, number);
            match self.dir.rename_no_replace(&temp, &self.dir, &candidate) {
                Ok(()) => return Ok(self.dir.path().join(candidate)),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    if same_content(&self.dir, &temp, &candidate)? {
                        self.dir.remove_file(&temp)?;
                        return Ok(self.dir.path().join(candidate));
                    }
                }
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::other(format!("no free name for {}", self.name)))
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for OutputFile {
    /// An output abandoned before its commit (an error, a panic) leaves nothing.
    fn drop(&mut self) {
        if let Some(temp) = &self.temp {
            let _ = self.dir.remove_file(temp);
        }
    }
}

/// Removes the temporary outputs of writers that died.
fn sweep_outputs(dir: &DirHandle) -> io::Result<()> {
    let _sweeping = dir.exclusive()?;
    for (name, kind) in dir.entries()? {
        if kind == EntryKind::File
            && name.starts_with(TEMP_PREFIX)
            && name.contains(TEMP_INFIX)
            && !dir.is_locked(&name)?
        {
            dir.remove_file(&name)?;
        }
    }
    Ok(())
}

/// Whether files `a` and `b` of `dir` hold the same bytes.
fn same_content(dir: &DirHandle, a: &str, b: &str) -> io::Result<bool> {
    if dir.size_of(a)? != dir.size_of(b)? {
        return Ok(false);
    }
    let (mut a, mut b) = (dir.open_file(a)?, dir.open_file(b)?);
    let (mut left, mut right) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let read = read_full(&mut a, &mut left)?;
        if read != read_full(&mut b, &mut right)? || left[..read] != right[..read] {
            return Ok(false);
        }
        if read == 0 {
            return Ok(true);
        }
    }
}

fn read_full(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            read => filled += read,
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::super::dir::sorted_names as names;
    use super::*;

    #[test]
    fn an_output_appears_whole_and_an_abandoned_one_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let mut output = OutputFile::create(tmp.path(), "a.ndjson").unwrap();
        output.write_all(b"{}\n").unwrap();
        assert_eq!(names(tmp.path()).len(), 1);
        assert!(names(tmp.path())[0].starts_with(".a.ndjson.part-"));
        let path = output.commit().unwrap();
        assert_eq!(path, tmp.path().join("a.ndjson"));
        let mut abandoned = OutputFile::create(tmp.path(), "b.ndjson").unwrap();
        abandoned.write_all(b"half").unwrap();
        drop(abandoned);
        assert_eq!(names(tmp.path()), ["a.ndjson"]);
    }

    #[test]
    fn the_same_output_again_is_not_written_twice_and_another_is_numbered() {
        let tmp = tempfile::tempdir().unwrap();
        for content in [&b"same"[..], b"same", b"other"] {
            let mut output = OutputFile::create(tmp.path(), "a.evtx.ndjson").unwrap();
            output.write_all(content).unwrap();
            output.commit().unwrap();
        }
        assert_eq!(names(tmp.path()), ["a.evtx-2.ndjson", "a.evtx.ndjson"]);
        assert_eq!(
            std::fs::read(tmp.path().join("a.evtx.ndjson")).unwrap(),
            b"same"
        );
    }

    #[test]
    fn a_dead_writers_temporary_file_is_removed_by_the_next_writer() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(".a.ndjson.part-dead0001"), b"half").unwrap();
        let output = OutputFile::create(tmp.path(), "b.ndjson").unwrap();
        output.commit().unwrap();
        assert_eq!(names(tmp.path()), ["b.ndjson"]);
    }
}
