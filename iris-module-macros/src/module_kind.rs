//! The two kinds of IRIS module, as the macros model them.

/// What kind of IRIS module a struct is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// `module_processor`: subscribes to hooks.
    Processor,
    /// `module_pipeline`: receives uploaded files.
    Pipeline,
}
