//! The error of a hook handler (the errors of configuration and of hook data are beside them:
//! `config/error.rs`, `payload.rs`).

use std::fmt;

/// An error a hook handler returns. Any `std::error::Error` converts into it with `?`; build one
/// from a message with [`HookError::msg`].
pub struct HookError {
    message: String,
}

impl HookError {
    /// An error with this message.
    pub fn msg(message: impl fmt::Display) -> Self {
        HookError {
            message: message.to_string(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for HookError {
    fn from(error: E) -> Self {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        HookError { message }
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HookError({:?})", self.message)
    }
}

/// What a hook handler returns in the common case.
pub type HookResult = Result<(), HookError>;
