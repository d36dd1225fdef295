//! Log lines of a hook call. They become the status logs users see in IRIS, whether they were
//! written through the [`HookContext`](crate::HookContext) or with the `log` crate's macros.

use std::cell::RefCell;
use std::fmt::Display;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub use log::Level;

/// One log line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// Its level.
    pub level: Level,
    /// Its text.
    pub message: String,
}

impl LogLine {
    /// The line with `redactor`'s secrets removed.
    pub fn redacted(self, redactor: &crate::redact::Redactor) -> Self {
        LogLine {
            message: redactor.redact(&self.message).into_owned(),
            ..self
        }
    }
}

/// Where a logger also sends each line as it is logged.
pub type LogSink = Arc<dyn Fn(&LogLine) + Send + Sync>;

/// The log of one hook call or pipeline run. Cheap to clone and `Send`: hand a clone to worker
/// threads.
#[derive(Clone, Default)]
pub struct HookLogger {
    lines: Arc<Mutex<Vec<LogLine>>>,
    sink: Option<LogSink>,
    /// Removes the call's secrets from each line as it is logged.
    redactor: Option<Arc<crate::redact::Redactor>>,
}

impl std::fmt::Debug for HookLogger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HookLogger")
            .field("lines", &self.lines)
            .field("live", &self.sink.is_some())
            .finish()
    }
}

impl HookLogger {
    /// A logger that also hands every line to `sink` as it is logged (a long pipeline run shows
    /// its progress in IRIS this way), from whichever thread logs it.
    pub fn with_sink(sink: LogSink) -> Self {
        HookLogger {
            lines: Arc::default(),
            sink: Some(sink),
            redactor: None,
        }
    }

    /// The logger, removing `redactor`'s secrets from every line before it is kept or sent.
    pub(crate) fn redacting(mut self, redactor: Arc<crate::redact::Redactor>) -> Self {
        self.redactor = Some(redactor);
        self
    }

    /// Records a line.
    pub fn log(&self, level: Level, message: impl Display) {
        let mut message = message.to_string();
        if let Some(redactor) = &self.redactor
            && let std::borrow::Cow::Owned(clean) = redactor.redact(&message)
        {
            message = clean;
        }
        let line = LogLine { level, message };
        if let Some(sink) = &self.sink {
            sink(&line);
        }
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }

    /// Records a debug line.
    pub fn debug(&self, message: impl Display) {
        self.log(Level::Debug, message);
    }

    /// Records an info line.
    pub fn info(&self, message: impl Display) {
        self.log(Level::Info, message);
    }

    /// Records a warning.
    pub fn warn(&self, message: impl Display) {
        self.log(Level::Warn, message);
    }

    /// Records an error line.
    pub fn error(&self, message: impl Display) {
        self.log(Level::Error, message);
    }

    /// The lines so far.
    pub fn lines(&self) -> Vec<LogLine> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// `status` with this log's messages before its own logs: what IRIS shows of a call.
    pub(crate) fn lead_logs(&self, mut status: crate::Status) -> crate::Status {
        let mut logs: Vec<String> = self.lines().into_iter().map(|line| line.message).collect();
        logs.append(&mut status.logs);
        status.logs = logs;
        status
    }

    /// Routes the `log` crate's macros on the current thread to this logger until the guard is
    /// dropped. The hook's own thread is routed already; call this in threads you spawn.
    pub fn enter(&self) -> LogScope {
        self.enter_for(None)
    }

    /// As [`enter`](Self::enter), keeping only warnings and errors from crates other than
    /// `own_crate` (the module's): its dependencies' debug output is not the analyst's business.
    pub fn enter_for(&self, own_crate: Option<&str>) -> LogScope {
        install_log_router();
        let route = Route {
            logger: self.clone(),
            own_crate: own_crate.map(str::to_owned),
        };
        CURRENT.with(|stack| stack.borrow_mut().push(route));
        LogScope {
            _not_send: std::marker::PhantomData,
        }
    }
}

/// While alive, `log::info!` and friends on this thread go to a [`HookLogger`].
#[must_use = "the routing ends when the scope is dropped"]
pub struct LogScope {
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Drop for LogScope {
    fn drop(&mut self) {
        CURRENT.with(|stack| stack.borrow_mut().pop());
    }
}

/// Where the `log` crate's records of the current thread go.
struct Route {
    logger: HookLogger,
    own_crate: Option<String>,
}

impl Route {
    fn accepts(&self, record: &log::Record<'_>) -> bool {
        let Some(own) = &self.own_crate else {
            return true;
        };
        let target = record.target();
        record.level() <= Level::Warn
            || target == own
            || target
                .strip_prefix(own.as_str())
                .is_some_and(|rest| rest.starts_with("::"))
    }
}

thread_local! {
    static CURRENT: RefCell<Vec<Route>> = const { RefCell::new(Vec::new()) };
}

struct Router;

impl log::Log for Router {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        CURRENT.with(|stack| !stack.borrow().is_empty())
    }

    fn log(&self, record: &log::Record<'_>) {
        CURRENT.with(|stack| {
            if let Some(route) = stack.borrow().last()
                && route.accepts(record)
            {
                route.logger.log(record.level(), record.args());
            }
        });
    }

    fn flush(&self) {}
}

/// Installs the router that sends the `log` crate's records to the current hook's log. Returns
/// whether it is the process's logger: when the application installed another logger first,
/// `log` macros go there and only the context's own methods reach the status logs.
pub fn install_log_router() -> bool {
    static INSTALLED: OnceLock<bool> = OnceLock::new();
    *INSTALLED.get_or_init(|| {
        let installed = log::set_logger(&Router).is_ok();
        if installed {
            log::set_max_level(log::LevelFilter::Debug);
        }
        installed
    })
}

/// The `debug`, `info`, `warn` and `error` methods of a context, logging to its `HookLogger`
/// field `$logger`.
macro_rules! log_methods {
    ($logger:ident) => {
        /// Logs a debug line.
        pub fn debug(&self, message: impl ::std::fmt::Display) {
            self.$logger.log($crate::logging::Level::Debug, message);
        }

        /// Logs an info line.
        pub fn info(&self, message: impl ::std::fmt::Display) {
            self.$logger.log($crate::logging::Level::Info, message);
        }

        /// Logs a warning.
        pub fn warn(&self, message: impl ::std::fmt::Display) {
            self.$logger.log($crate::logging::Level::Warn, message);
        }

        /// Logs an error line.
        pub fn error(&self, message: impl ::std::fmt::Display) {
            self.$logger.log($crate::logging::Level::Error, message);
        }
    };
}
pub(crate) use log_methods;
