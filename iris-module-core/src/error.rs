//! The error of a hook handler (the errors of configuration and of hook data are beside them:
//! `config/error.rs`, `payload.rs`).

use std::fmt;

/// An error a hook handler returns. Any `std::error::Error` converts into it with `?`, and stays
/// inside it ([`HookError::source`], [`HookError::downcast_ref`]); build one from a message with
/// [`HookError::msg`]. Its message (what IRIS shows, secrets removed) is the error's with its
/// causes, `: `-separated. `Debug` shows the message only, never the source's own `Debug`.
///
/// ```
/// use iris_module_core::HookError;
///
/// let error = HookError::from(std::io::Error::other("disk full"));
/// assert_eq!(error.message(), "disk full");
/// assert!(error.downcast_ref::<std::io::Error>().is_some());
/// assert!(HookError::msg("no source").source().is_none());
/// ```
pub struct HookError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl HookError {
    /// An error with this message (and no source).
    pub fn msg(message: impl fmt::Display) -> Self {
        HookError {
            message: message.to_string(),
            source: None,
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error it was converted from, when it was (not for [`HookError::msg`]).
    pub fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }

    /// The error it was converted from, as an `E`, when it was one.
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.source.as_deref()?.downcast_ref::<E>()
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
        HookError {
            message,
            source: Some(Box::new(error)),
        }
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
