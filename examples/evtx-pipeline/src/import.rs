//! One EVTX file into a sink: the `evtx` crate renders each chunk's records to JSON in parallel,
//! each record is checked (and its control characters escaped) as valid JSON, wrapped into its
//! event and the events go out in batches. Unreadable records, and records whose JSON cannot be
//! made valid, are counted, not fatal; a file with no readable record at all is an error of that
//! file only.
//!
//! The chunks are rendered with `EvtxParser::chunks_json_bytes`, the renderer of the crate's own
//! `evtx_dump` (one buffer per chunk instead of one allocation per record), which keeps the
//! pipeline within 1.2 times the parser alone (BENCHMARKS.md). The crate documents it as meant for
//! its command line; the dependency is pinned to the exact version for that reason.

use crate::envelope::Envelope;
use crate::envelope::computer;
use crate::output::{Sink, SinkError};
use crate::record::{Unsound, sound};
use crate::timeline::CaseFinds;
use evtx::{EvtxParser, ParserSettings, RenderedChunk, RenderedChunkItem};
use memchr::memmem::Finder;
use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

/// Whether the file may be imported: asked once, at the last moment before its events become
/// visible (the first request to a collector, or the renaming of a finished file), so that the
/// work behind the answer (hashing the file to check the case's evidence) overlaps the parsing.
pub trait Gate {
    /// `Ok(true)` to go on, `Ok(false)` to drop the import (the file is already imported).
    fn open(&mut self) -> Result<bool, SinkError>;
}

impl<F: FnMut() -> Result<bool, SinkError>> Gate for F {
    fn open(&mut self) -> Result<bool, SinkError> {
        self()
    }
}

/// What importing one file did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// Records sent.
    pub records: u64,
    /// Records (or chunks) the parser could not read, and records whose JSON could not be made
    /// valid.
    pub unreadable: u64,
    /// Records whose JSON could not be made valid: not sent, counted in `unreadable` too.
    pub invalid_json: u64,
    /// The ids of the first [`NAMED_RECORDS`] of those.
    pub invalid_json_ids: Vec<u64>,
    /// Records sent with the raw control characters of their names or values escaped.
    pub escaped: u64,
    /// The first of those problems.
    pub first_problem: Option<String>,
    /// Why the file is shorter than its header says, when it is (records were salvaged from
    /// what remains).
    pub truncated: Option<String>,
    /// The events the file's headers announce, when they can be read (see [`announced_records`]).
    pub announced: Option<u64>,
    /// Where the events went; `None` when the gate closed (nothing was sent).
    pub destination: Option<String>,
    /// The hosts and notable events seen, for the case.
    pub finds: CaseFinds,
}

/// How many of the records whose JSON could not be made valid a report names.
pub const NAMED_RECORDS: usize = 10;

/// Why a file was not imported.
#[derive(Debug)]
pub enum ImportError {
    /// It is not an EVTX file the parser can open.
    NotEvtx(String),
    /// It holds no readable record.
    NothingReadable(String),
    /// The sink failed.
    Sink(SinkError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotEvtx(why) => write!(f, "not a readable EVTX file: {why}"),
            ImportError::NothingReadable(why) => write!(f, "no readable record: {why}"),
            ImportError::Sink(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<SinkError> for ImportError {
    fn from(error: SinkError) -> Self {
        ImportError::Sink(error)
    }
}

/// Imports `path` into `sink` with `threads` parser threads (0: one per core), once `gate`
/// opens; `progress` is called with the number of records sent after each batch.
pub fn import_file(
    path: &Path,
    envelope: &Envelope,
    sink: Box<dyn Sink + Send>,
    threads: usize,
    gate: impl Gate + Send,
    finds: CaseFinds,
    progress: impl FnMut(u64) + Send,
) -> Result<FileReport, ImportError> {
    let settings = ParserSettings::new().num_threads(threads).indent(false);
    let mut parser = EvtxParser::from_path(path)
        .map_err(|error| ImportError::NotEvtx(error.to_string()))?
        .with_configuration(settings);
    let mut import = Import {
        looking: !finds.is_idle(),
        report: FileReport {
            truncated: truncation(path),
            announced: announced_records(path),
            finds,
            ..FileReport::default()
        },
        batch: Vec::with_capacity(sink.batch_size() * 1024),
        pending: 0,
        sink,
        gate,
        gate_open: None,
        progress,
    };
    // The events are built and sent on a thread of their own, so that this one keeps the
    // parser's workers fed with chunks.
    let (chunks, received) = std::sync::mpsc::sync_channel::<RenderedChunk>(8);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            for chunk in received {
                if !import.chunk(envelope, &chunk)? {
                    return Ok(import.report);
                }
            }
            import.finish()
        });
        for chunk in parser.chunks_json_bytes(false) {
            if chunks.send(chunk).is_err() {
                break; // the writer stopped: its result says why
            }
        }
        drop(chunks);
        writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// An import under way.
struct Import<G, P> {
    report: FileReport,
    /// Whether the records are looked at for the case.
    looking: bool,
    batch: Vec<u8>,
    pending: usize,
    sink: Box<dyn Sink + Send>,
    gate: G,
    gate_open: Option<bool>,
    progress: P,
}

impl<G: Gate, P: FnMut(u64)> Import<G, P> {
    /// Adds a chunk's events; `false` when the gate closed.
    fn chunk(&mut self, envelope: &Envelope, chunk: &RenderedChunk) -> Result<bool, ImportError> {
        for item in &chunk.items {
            if let RenderedChunkItem::Failed(error) = item {
                self.report.unreadable += 1;
                self.report
                    .first_problem
                    .get_or_insert_with(|| error.to_string());
            }
        }
        for (id, record) in chunk.records() {
            let record = match sound(record) {
                Ok(record) => record,
                Err(why) => {
                    self.not_sent(id, why);
                    continue;
                }
            };
            self.report.escaped += u64::from(matches!(record, Cow::Owned(_)));
            let record = &record[..];
            let time = system_time(record);
            envelope.write(&mut self.batch, time, record);
            if self.looking {
                self.report.finds.see(record, time, computer(record));
            }
            self.pending += 1;
            if self.pending == self.sink.batch_size() {
                if self.sink.sends_at_once() && !self.pass()? {
                    return Ok(false);
                }
                self.send()?;
            }
        }
        Ok(true)
    }

    /// Record `id` is not sent: its JSON could not be made valid (`why`).
    fn not_sent(&mut self, id: u64, why: Unsound) {
        self.report.unreadable += 1;
        self.report.invalid_json += 1;
        if self.report.invalid_json_ids.len() < NAMED_RECORDS {
            self.report.invalid_json_ids.push(id);
        }
        self.report
            .first_problem
            .get_or_insert_with(|| format!("record {id}: {why}"));
    }

    fn send(&mut self) -> Result<(), SinkError> {
        self.sink.send(&self.batch, self.pending)?;
        self.report.records += self.pending as u64;
        (self.progress)(self.report.records);
        self.batch.clear();
        self.pending = 0;
        Ok(())
    }

    /// Whether the gate is open (asked once).
    fn pass(&mut self) -> Result<bool, SinkError> {
        if self.gate_open.is_none() {
            self.gate_open = Some(self.gate.open()?);
        }
        Ok(self.gate_open == Some(true))
    }

    fn finish(mut self) -> Result<FileReport, ImportError> {
        if !self.pass()? {
            return Ok(self.report);
        }
        if self.pending > 0 {
            self.send()?;
        }
        if self.report.records == 0 {
            // Nothing to import: not imported, so not evidence either.
            return Err(ImportError::NothingReadable(
                self.report
                    .first_problem
                    .unwrap_or_else(|| "the file holds no event".into()),
            ));
        }
        self.report.destination = Some(self.sink.finish()?);
        Ok(self.report)
    }
}

/// The time the event was logged (`System.TimeCreated.SystemTime`), found without parsing the
/// record.
fn system_time(record: &[u8]) -> Option<jiff::Timestamp> {
    const KEY: &[u8] = b"\"SystemTime\":\"";
    static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(KEY));
    let start = FINDER.find(record)? + KEY.len();
    let end = start + memchr::memchr(b'"', &record[start..])?;
    let text = &record[start..end];
    windows_time(text).or_else(|| std::str::from_utf8(text).ok()?.parse().ok())
}

/// The layout every record's time has, `2026-11-20T08:00:01.6517030Z` (seven digits or fewer
/// after the dot), read field by field: a quarter of the cost of a general RFC 3339 parse, which
/// reads anything else.
fn windows_time(text: &[u8]) -> Option<jiff::Timestamp> {
    let number = |range: std::ops::Range<usize>| -> Option<i32> {
        let digits = text.get(range)?;
        digits.iter().try_fold(0i32, |value, digit| {
            digit
                .is_ascii_digit()
                .then(|| value * 10 + i32::from(digit - b'0'))
        })
    };
    let separators = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
    ];
    if text.last() != Some(&b'Z') || separators.iter().any(|&(at, c)| text.get(at) != Some(&c)) {
        return None;
    }
    let fraction = &text[20..text.len() - 1];
    if fraction.is_empty() || fraction.len() > 9 {
        return None;
    }
    let nanos = number(20..text.len() - 1)? * 10i32.pow(9 - fraction.len() as u32);
    let datetime = jiff::civil::DateTime::new(
        number(0..4)? as i16,
        number(5..7)? as i8,
        number(8..10)? as i8,
        number(11..13)? as i8,
        number(14..16)? as i8,
        number(17..19)? as i8,
        nanos,
    )
    .ok()?;
    jiff::tz::Offset::UTC.to_timestamp(datetime).ok()
}

const FILE_HEADER_BLOCK: u64 = 4096;
const CHUNK_SIZE: u64 = 65536;
/// The most records a chunk can hold (a record takes at least 24 bytes of its 65,024).
const MAX_RECORDS_PER_CHUNK: u64 = 65024 / 24;

/// The events the headers of the file's whole chunks announce, counted independently of the
/// parser, so that records the parser skips without a word (a damaged chunk header: a record id
/// or the free-space offset set to 0) show as a shortfall. For each chunk, the larger of the two
/// ranges its header states (record numbers and record ids), each ignored when implausible; the
/// file header's next record id too, when the file is whole.
pub fn announced_records(path: &Path) -> Option<u64> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let mut header = [0u8; 44];
    file.read_exact(&mut header).ok()?;
    if &header[..8] != b"ElfFile\0" {
        return None;
    }
    let u64_at = |bytes: &[u8], at: usize| {
        u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default())
    };
    let next_record_id = u64_at(&header, 24);
    let chunk_count = u64::from(u16::from_le_bytes([header[42], header[43]]));
    let whole_chunks = (file
        .metadata()
        .ok()?
        .len()
        .saturating_sub(FILE_HEADER_BLOCK))
        / CHUNK_SIZE;
    let range = |first: u64, last: u64| {
        (first > 0 && last >= first && last - first < MAX_RECORDS_PER_CHUNK)
            .then(|| last - first + 1)
    };
    let (mut announced, mut first_id) = (0u64, None);
    for chunk in 0..whole_chunks {
        let mut chunk_header = [0u8; 40];
        file.seek(SeekFrom::Start(FILE_HEADER_BLOCK + chunk * CHUNK_SIZE))
            .ok()?;
        file.read_exact(&mut chunk_header).ok()?;
        if &chunk_header[..8] != b"ElfChnk\0" {
            continue;
        }
        let numbers = range(u64_at(&chunk_header, 8), u64_at(&chunk_header, 16));
        let ids = range(u64_at(&chunk_header, 24), u64_at(&chunk_header, 32));
        if first_id.is_none() {
            first_id = Some(u64_at(&chunk_header, 24));
        }
        announced += numbers.max(ids).unwrap_or(0);
    }
    // The file header's count holds for a whole file whose first chunk's first id is sound.
    if whole_chunks >= chunk_count
        && let Some(first_id) = first_id.filter(|&id| id > 0 && id < next_record_id)
        && next_record_id - first_id <= chunk_count * MAX_RECORDS_PER_CHUNK
    {
        announced = announced.max(next_record_id - first_id);
    }
    Some(announced)
}

/// Whether the file is shorter than the chunks its header announces (an interrupted copy or
/// collection): the parser reads what remains without saying so.
fn truncation(path: &Path) -> Option<String> {
    let mut header = [0u8; 44];
    let mut file = std::fs::File::open(path).ok()?;
    std::io::Read::read_exact(&mut file, &mut header).ok()?;
    let chunks = u64::from(u16::from_le_bytes([header[42], header[43]]));
    let expected = FILE_HEADER_BLOCK + chunks * CHUNK_SIZE;
    let actual = file.metadata().ok()?.len();
    (actual < expected).then(|| {
        let whole = actual.saturating_sub(FILE_HEADER_BLOCK) / CHUNK_SIZE;
        format!(
            "the file is truncated: its header announces {chunks} chunks, it holds {whole} \
             whole chunk(s) ({actual} of {expected} bytes)"
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_system_time() {
        let record = br##"{"Event":{"System":{"TimeCreated":{"#attributes":{"SystemTime":"2026-11-20T08:00:01.651703Z"}}}}}"##;
        let time = super::system_time(record).unwrap();
        assert_eq!(time.as_millisecond(), 1_795_161_601_651);
        assert_eq!(super::system_time(br#"{"Event":{}}"#), None);
    }

    #[test]
    fn the_fast_path_agrees_with_rfc_3339() {
        for text in [
            "2026-11-20T08:00:01.651703Z",
            "1999-12-31T23:59:59.9999999Z",
            "2024-02-29T00:00:00.1Z",
            "1601-01-01T00:00:00.000000000Z",
        ] {
            let expected: jiff::Timestamp = text.parse().unwrap();
            assert_eq!(
                super::windows_time(text.as_bytes()),
                Some(expected),
                "{text}"
            );
        }
        for other in [
            "2026-11-20T08:00:01Z",
            "2026-11-20 08:00:01.5Z",
            "2026-13-20T08:00:01.5Z",
        ] {
            assert_eq!(super::windows_time(other.as_bytes()), None, "{other}");
        }
    }
}
