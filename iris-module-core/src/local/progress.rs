//! A pipeline's progress, as the runner program reports it to `cargo iris` among its output.

use crate::pipeline::ProgressObserver;
use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::sync::Arc;

/// What begins a progress line on the runner's standard output (the rest is [`Progress`] as
/// JSON); `cargo iris` draws a bar from these lines and prints every other line as it is.
pub const PROGRESS_LINE_PREFIX: &str = "\u{1e}iris-progress ";

/// How far a pipeline run is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Units done.
    pub done: u64,
    /// Units in all.
    pub total: u64,
    /// What a unit is (`records`, `files`...).
    pub unit: String,
}

impl Progress {
    /// The line the runner prints for it.
    pub fn to_line(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        format!("{PROGRESS_LINE_PREFIX}{json}")
    }

    /// The progress a runner's output line carries, if it is a progress line.
    pub fn from_line(line: &str) -> Option<Progress> {
        serde_json::from_str(line.strip_prefix(PROGRESS_LINE_PREFIX)?).ok()
    }
}

/// An observer printing progress lines to standard output.
pub(super) fn to_stdout() -> ProgressObserver {
    Arc::new(|done, total, unit: &str| {
        let line = Progress {
            done,
            total,
            unit: unit.to_owned(),
        }
        .to_line();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_progress_line_reads_back_and_other_lines_are_not_progress() {
        let progress = Progress {
            done: 3,
            total: 10,
            unit: "records".into(),
        };
        assert_eq!(Progress::from_line(&progress.to_line()), Some(progress));
        assert_eq!(Progress::from_line("status:  success"), None);
        assert_eq!(Progress::from_line(PROGRESS_LINE_PREFIX), None);
    }
}
