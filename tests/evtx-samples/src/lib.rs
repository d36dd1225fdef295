//! Windows event log (EVTX) files made on this machine, with realistic Security-log events: the
//! test data of the EVTX pipeline (small files, and their truncated and malformed variants) and
//! the input of its benchmark (multi-megabyte files).
//!
//! The format (MS-EVEN6): a 4 KiB file header, then 64 KiB chunks, each with a 512-byte header
//! and event records; a record holds its event as binary XML. Records here are plain binary XML
//! (no templates); an element or attribute name is written inline the first time a chunk uses it
//! and referenced by offset afterwards, as Windows does with its string table.

mod binxml;
mod events;
mod notable;

pub use binxml::{Element, Value};
pub use events::{SecurityEvents, security_event};
pub use notable::{NOTABLE_EXPECTED, NOTABLE_HOST, notable_events};

use std::collections::HashMap;

const FILE_HEADER_BLOCK: usize = 4096;
const FILE_HEADER_SIZE: u32 = 128;
const CHUNK_SIZE: usize = 65536;
const CHUNK_HEADER_SIZE: usize = 512;
const RECORD_HEADER_SIZE: usize = 24;

/// One event: when it was written and its XML.
#[derive(Clone, Debug)]
pub struct Event {
    /// The record's time, as a Windows FILETIME (100 ns since 1601-01-01).
    pub filetime: u64,
    /// The `<Event>` element.
    pub xml: Element,
}

/// Converts Unix seconds to a FILETIME.
pub fn filetime_from_unix(seconds: u64) -> u64 {
    (seconds + 11_644_473_600) * 10_000_000
}

/// An EVTX file holding `events`, numbered from 1.
pub fn write_evtx(events: impl IntoIterator<Item = Event>) -> Vec<u8> {
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut chunk = ChunkWriter::new(1);
    let mut next_id = 1u64;
    for event in events {
        if !chunk.add(next_id, &event) {
            chunks.push(chunk.finish());
            chunk = ChunkWriter::new(next_id);
            assert!(
                chunk.add(next_id, &event),
                "an event larger than a chunk ({} bytes)",
                CHUNK_SIZE - CHUNK_HEADER_SIZE
            );
        }
        next_id += 1;
    }
    if chunk.count > 0 || chunks.is_empty() {
        chunks.push(chunk.finish());
    }
    let mut file = file_header(chunks.len(), next_id);
    for chunk in chunks {
        file.extend_from_slice(&chunk);
    }
    file
}

fn file_header(chunk_count: usize, next_record_id: u64) -> Vec<u8> {
    let mut header = vec![0u8; FILE_HEADER_BLOCK];
    header[0..8].copy_from_slice(b"ElfFile\0");
    put_u64(&mut header, 8, 0); // first chunk number
    put_u64(&mut header, 16, chunk_count.saturating_sub(1) as u64); // last chunk number
    put_u64(&mut header, 24, next_record_id);
    put_u32(&mut header, 32, FILE_HEADER_SIZE);
    put_u16(&mut header, 36, 1); // minor version
    put_u16(&mut header, 38, 3); // major version
    put_u16(&mut header, 40, FILE_HEADER_BLOCK as u16);
    put_u16(&mut header, 42, chunk_count as u16);
    let checksum = crc32fast::hash(&header[..120]);
    put_u32(&mut header, 124, checksum);
    header
}

/// The records of one chunk, and the names it has written (for references).
struct ChunkWriter {
    data: Vec<u8>,
    names: HashMap<String, u32>,
    first_id: u64,
    count: u64,
    last_record_offset: usize,
}

impl ChunkWriter {
    fn new(first_id: u64) -> Self {
        ChunkWriter {
            data: vec![0u8; CHUNK_HEADER_SIZE],
            names: HashMap::new(),
            first_id,
            count: 0,
            last_record_offset: CHUNK_HEADER_SIZE,
        }
    }

    /// Adds the record, unless it does not fit (then nothing changes).
    fn add(&mut self, id: u64, event: &Event) -> bool {
        let start = self.data.len();
        let mut names = self.names.clone();
        let mut body = binxml::Writer::new((start + RECORD_HEADER_SIZE) as u32, &mut names);
        body.fragment(&event.xml);
        let body = body.into_bytes();
        let size = RECORD_HEADER_SIZE + body.len() + 4;
        if start + size > CHUNK_SIZE {
            return false;
        }
        self.names = names;
        self.data.extend_from_slice(b"**\0\0");
        self.data.extend_from_slice(&(size as u32).to_le_bytes());
        self.data.extend_from_slice(&id.to_le_bytes());
        self.data.extend_from_slice(&event.filetime.to_le_bytes());
        self.data.extend_from_slice(&body);
        self.data.extend_from_slice(&(size as u32).to_le_bytes());
        self.last_record_offset = start;
        self.count += 1;
        true
    }

    fn finish(mut self) -> Vec<u8> {
        let free_space = self.data.len();
        let last_id = self.first_id + self.count.saturating_sub(1);
        let chunk = &mut self.data;
        chunk[0..8].copy_from_slice(b"ElfChnk\0");
        put_u64(chunk, 8, self.first_id); // first record number
        put_u64(chunk, 16, last_id); // last record number
        put_u64(chunk, 24, self.first_id); // first record id
        put_u64(chunk, 32, last_id); // last record id
        put_u32(chunk, 40, 128); // header size
        put_u32(chunk, 44, self.last_record_offset as u32);
        put_u32(chunk, 48, free_space as u32);
        let records_checksum = crc32fast::hash(&chunk[CHUNK_HEADER_SIZE..free_space]);
        put_u32(chunk, 52, records_checksum);
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(&chunk[..120]);
        hasher.update(&chunk[128..CHUNK_HEADER_SIZE]);
        let header_checksum = hasher.finalize();
        put_u32(chunk, 124, header_checksum);
        chunk.resize(CHUNK_SIZE, 0);
        self.data
    }
}

fn put_u16(buf: &mut [u8], at: usize, value: u16) {
    buf[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

fn put_u32(buf: &mut [u8], at: usize, value: u32) {
    buf[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn put_u64(buf: &mut [u8], at: usize, value: u64) {
    buf[at..at + 8].copy_from_slice(&value.to_le_bytes());
}

/// The number of events in the test samples (three chunks).
pub const SAMPLE_RECORDS: usize = 120;

/// The test samples, by file name: a valid Security log of `records` events, the same cut off
/// in the middle of its second chunk, and one with a valid file header but garbage where its
/// chunks should be.
pub fn samples(records: usize) -> Vec<(&'static str, Vec<u8>)> {
    let valid = write_evtx(SecurityEvents::new(7).take(records));
    let truncated = valid[..FILE_HEADER_BLOCK + CHUNK_SIZE + CHUNK_SIZE / 2].to_vec();
    let mut malformed = valid.clone();
    for byte in &mut malformed[FILE_HEADER_BLOCK..] {
        *byte ^= 0x5a;
    }
    vec![
        ("Security.evtx", valid),
        ("Security-truncated.evtx", truncated),
        ("Security-malformed.evtx", malformed),
    ]
}

/// The name and bytes of the log of notable events ([`notable_events`]).
pub fn notable_sample() -> (&'static str, Vec<u8>) {
    ("Notable.evtx", write_evtx(notable_events()))
}
