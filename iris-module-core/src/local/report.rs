//! What a local run reports, and how `cargo iris` prints it.

use super::describe::describe_table;
use crate::case::memory::StoredObject;
use crate::logging::LogLine;
use crate::pipeline::EvidenceRecord;
use crate::status::Status;
use serde_json::Value;
use std::fmt;

/// What the runner did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Report {
    /// What IRIS will show of the module ([`description`](super::description)).
    Description {
        /// The description.
        value: Value,
        /// Printed as JSON rather than tables.
        json: bool,
    },
    /// A hook call.
    Hook(HookReport),
    /// A pipeline's uploads and run.
    Pipeline(PipelineReport),
}

impl Report {
    /// Whether what ran succeeded (a description always does).
    pub fn succeeded(&self) -> bool {
        match self {
            Report::Description { .. } => true,
            Report::Hook(report) => report.status.is_success(),
            Report::Pipeline(report) => report.status.is_success(),
        }
    }
}

/// One field a hook changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangedField {
    /// The object's place in the hook data.
    pub object: usize,
    /// The top-level field.
    pub field: String,
    /// Its value before (null: absent).
    pub old: Value,
    /// Its value after.
    pub new: Value,
}

/// A hook call, as the runner reports it (secrets already redacted).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct HookReport {
    /// The module's name.
    pub module: &'static str,
    /// The module's version.
    pub module_version: &'static str,
    /// The hook fired.
    pub hook: String,
    /// How many objects the hook was given.
    pub objects: usize,
    /// The status the call returned.
    pub status: Status,
    /// The call's log.
    pub log: Vec<LogLine>,
    /// The fields the hook changed.
    pub changes: Vec<ChangedField>,
    /// What the call added to the case.
    pub added: Vec<StoredObject>,
}

/// A pipeline's uploads and run, as the runner reports them (secrets already redacted).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PipelineReport {
    /// The module's name.
    pub module: &'static str,
    /// The module's version.
    pub module_version: &'static str,
    /// The upload step's status for each file.
    pub uploads: Vec<Status>,
    /// The run's status.
    pub status: Status,
    /// The run's log.
    pub log: Vec<LogLine>,
    /// The files registered as evidence.
    pub evidence: Vec<EvidenceRecord>,
    /// What the run added to the case.
    pub added: Vec<StoredObject>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Report::Description { value, json: true } => {
                let text = serde_json::to_string_pretty(value).map_err(|_| fmt::Error)?;
                writeln!(f, "{text}")
            }
            Report::Description { value, json: false } => f.write_str(&describe_table(value)),
            Report::Hook(report) => report.fmt(f),
            Report::Pipeline(report) => report.fmt(f),
        }
    }
}

impl fmt::Display for HookReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "module:  {} {}", self.module, self.module_version)?;
        writeln!(f, "hook:    {}", self.hook)?;
        status_and_log(f, &self.status, &self.log)?;
        writeln!(f, "changes made by the hook:")?;
        for object in 0..self.objects {
            let mut changes = self
                .changes
                .iter()
                .filter(|c| c.object == object)
                .peekable();
            if changes.peek().is_none() {
                writeln!(f, "  object {object}: unchanged")?;
            }
            for change in changes {
                writeln!(
                    f,
                    "  object {object}: {}: {} -> {}",
                    change.field, change.old, change.new
                )?;
            }
        }
        added(f, &self.added)
    }
}

impl fmt::Display for PipelineReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for upload in &self.uploads {
            writeln!(f, "upload:  {}", upload.message)?;
        }
        writeln!(f, "module:  {} {}", self.module, self.module_version)?;
        status_and_log(f, &self.status, &self.log)?;
        writeln!(f, "evidence:")?;
        for record in &self.evidence {
            writeln!(
                f,
                "  {} ({} bytes, sha256 {}): {}",
                record.filename, record.size, record.sha256, record.description
            )?;
        }
        added(f, &self.added)
    }
}

/// The status line and the log.
fn status_and_log(f: &mut fmt::Formatter<'_>, status: &Status, log: &[LogLine]) -> fmt::Result {
    let outcome = if status.is_success() {
        "success"
    } else {
        "failure"
    };
    writeln!(
        f,
        "status:  {outcome} (code {:#x}): {}",
        status.code, status.message
    )?;
    writeln!(f, "log:")?;
    for line in log {
        writeln!(f, "  [{}] {}", line.level, line.message)?;
    }
    Ok(())
}

/// `added to the case:` and one line per object (with its links), or `(nothing)`.
fn added(f: &mut fmt::Formatter<'_>, objects: &[StoredObject]) -> fmt::Result {
    writeln!(f, "added to the case:")?;
    if objects.is_empty() {
        writeln!(f, "  (nothing)")?;
    }
    for object in objects {
        write!(f, "  {object}")?;
        for link in ["assets", "iocs"] {
            let ids = object.linked(link);
            if !ids.is_empty() {
                write!(f, ", {link} {ids:?}")?;
            }
        }
        writeln!(f)?;
    }
    Ok(())
}
