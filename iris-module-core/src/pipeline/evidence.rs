//! The case's evidence storage (IRIS's `EvidenceStorage`): where a pipeline registers the files
//! it processed, and checks which it already did.

use std::sync::{Mutex, PoisonError};

/// One file registered as evidence of a case (`add_evidence`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceRecord {
    /// The case.
    pub case_id: Option<i64>,
    /// The file name.
    pub filename: String,
    /// A description shown in the case's evidence list.
    pub description: String,
    /// The size, in bytes.
    pub size: u64,
    /// The SHA-256, in lower-case hex.
    pub sha256: String,
    /// The user who triggered the pipeline.
    pub user_id: Option<i64>,
}

/// Where evidence is registered: IRIS's storage through the bridge, or memory in tests.
pub trait EvidenceStore: Send + Sync {
    /// Whether a file with this hash is already registered in the case.
    fn is_registered(&self, case_id: Option<i64>, sha256: &str) -> Result<bool, EvidenceError>;

    /// Registers a file.
    fn add(&self, evidence: &EvidenceRecord) -> Result<(), EvidenceError>;
}

/// The evidence storage could not answer or register.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvidenceError {
    /// The host gave no evidence storage.
    #[error("IRIS's evidence storage is not available")]
    Unavailable,
    /// The storage's method failed.
    #[error("evidence storage `{method}` failed: {reason}")]
    Failed {
        /// The storage's method (`add_evidence`...).
        method: &'static str,
        /// What it said.
        reason: String,
    },
}

/// An evidence storage in memory, for tests and local runs.
#[derive(Debug, Default)]
pub struct MemoryEvidence {
    records: Mutex<Vec<EvidenceRecord>>,
}

impl MemoryEvidence {
    /// What was registered, in order.
    pub fn records(&self) -> Vec<EvidenceRecord> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl EvidenceStore for MemoryEvidence {
    fn is_registered(&self, case_id: Option<i64>, sha256: &str) -> Result<bool, EvidenceError> {
        Ok(self
            .records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .any(|record| record.case_id == case_id && record.sha256 == sha256))
    }

    fn add(&self, evidence: &EvidenceRecord) -> Result<(), EvidenceError> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(evidence.clone());
        Ok(())
    }
}
