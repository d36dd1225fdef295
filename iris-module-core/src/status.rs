//! The result of a hook call, mirroring iris-interface's `IIStatus` (without its shared
//! singletons: every status is a fresh value).

use crate::error::HookError;
use serde::Serialize;
use serde_json::Value;

/// `IIStatus` codes (`iris_interface.IrisInterfaceStatus`).
pub mod codes {
    /// `I2CodeNoError` / `I2NoError`.
    pub const NO_ERROR: u32 = 0x1;
    /// `I2CodeSuccess` / `I2Success`.
    pub const SUCCESS: u32 = 0x2;
    /// `I2ConfigureSuccess`.
    pub const CONFIGURE_SUCCESS: u32 = 0x3;
    /// `I2InterfaceNotImplemented`; the first failure code.
    pub const NOT_IMPLEMENTED: u32 = 0xFF00;
    /// `I2UnexpectedResult`.
    pub const UNEXPECTED_RESULT: u32 = 0xFF01;
    /// `I2FileNotFound`.
    pub const FILE_NOT_FOUND: u32 = 0xFF02;
    /// `I2InterfaceNotReady`.
    pub const NOT_READY: u32 = 0xFF03;
    /// `I2InterfaceNotInitialized`.
    pub const NOT_INITIALIZED: u32 = 0xFF04;
    /// `I2CriticalError`.
    pub const CRITICAL: u32 = 0xFF05;
    /// `I2CodeError` / `I2Error`.
    pub const ERROR: u32 = 0xFFFE;
    /// `I2UnknownError`.
    pub const UNKNOWN: u32 = 0xFFFF;
}

/// The outcome of a hook call: code, message, data (a list) and the log lines users see.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Status {
    /// The `IIStatus` code; below `0xFF00` is success.
    pub code: u32,
    /// The message.
    pub message: String,
    /// The data; IRIS expects a list.
    pub data: Vec<Value>,
    /// The log lines shown in IRIS's DIM task view.
    pub logs: Vec<String>,
}

impl Status {
    /// The status with `redactor`'s secrets removed from its message and logs.
    pub fn redacted(mut self, redactor: &crate::redact::Redactor) -> Self {
        self.message = redactor.redact(&self.message).into_owned();
        for line in &mut self.logs {
            *line = redactor.redact(line).into_owned();
        }
        self
    }

    /// A success (`I2Success`).
    pub fn success(message: impl Into<String>) -> Self {
        Status::with_code(codes::SUCCESS, message)
    }

    /// A failure (`I2Error`).
    pub fn error(message: impl Into<String>) -> Self {
        Status::with_code(codes::ERROR, message)
    }

    /// A status with any code.
    pub fn with_code(code: u32, message: impl Into<String>) -> Self {
        Status {
            code,
            message: message.into(),
            data: Vec::new(),
            logs: Vec::new(),
        }
    }

    /// Whether it is a success (`code < 0xFF00`, as `IIStatus.is_success`).
    pub fn is_success(&self) -> bool {
        self.code < codes::NOT_IMPLEMENTED
    }

    /// Whether it is a failure.
    pub fn is_failure(&self) -> bool {
        !self.is_success()
    }

    /// Combines two statuses, as `merge_status` means to: a failure wins, messages are joined with
    /// ` - `, data and logs are appended (flat, unlike IRIS's nested logs).
    pub fn merge(mut self, other: Status) -> Status {
        if other.is_failure() {
            self.code = other.code;
        }
        self.message = match (self.message.is_empty(), other.message.is_empty()) {
            (_, true) => self.message,
            (true, false) => other.message,
            (false, false) => format!("{} - {}", self.message, other.message),
        };
        self.data.extend(other.data);
        self.logs.extend(other.logs);
        self
    }
}

/// What a hook handler may return.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by a hook handler",
    label = "not a hook result",
    note = "return `HookResult` (that is `Result<(), HookError>`), `()`, `Status` or `Result<Status, HookError>`"
)]
pub trait IntoStatus {
    /// The status of the call.
    fn into_status(self) -> Status;
}

#[diagnostic::do_not_recommend]
impl IntoStatus for () {
    fn into_status(self) -> Status {
        Status::success("Success")
    }
}

#[diagnostic::do_not_recommend]
impl IntoStatus for Status {
    fn into_status(self) -> Status {
        self
    }
}

#[diagnostic::do_not_recommend]
impl<T: IntoStatus, E: Into<HookError>> IntoStatus for Result<T, E> {
    fn into_status(self) -> Status {
        match self {
            Ok(value) => value.into_status(),
            Err(error) => Status::error(error.into().message().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_the_failure_and_flattens_logs() {
        let mut a = Status::success("a");
        a.logs.push("one".into());
        let mut b = Status::error("b");
        b.logs.push("two".into());
        let merged = a.merge(b).merge(Status::success("c"));
        assert!(merged.is_failure());
        assert_eq!(merged.message, "a - b - c");
        assert_eq!(merged.logs, ["one", "two"]);
    }

    #[test]
    fn results_become_statuses() {
        let ok: Result<(), HookError> = Ok(());
        assert!(ok.into_status().is_success());
        let err: Result<(), HookError> = Err(HookError::msg("boom"));
        let status = err.into_status();
        assert_eq!(
            (status.code, status.message.as_str()),
            (codes::ERROR, "boom")
        );
    }
}
