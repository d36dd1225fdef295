//! The Python side of a module: what makes a Rust module crate a package that DFIR-IRIS loads
//! exactly like a Python DIM (enabled by the `python` feature; see [`crate::python_module!`]).
//!
//! The package root exports `__iris_module_interface`; `<package>.<Class>` is importable and its
//! class, built on first access (so `import <package>` works outside IRIS too), subclasses the
//! real `iris_interface.IrisModuleInterface.IrisModuleInterface`. `register_hooks` registers every
//! declared hook through the interface's own `register_to_hook`; `hooks_handler` converts what
//! IRIS passes into the typed objects, runs the handler with the GIL released, writes the changes
//! back onto the objects IRIS passed, and returns a fresh `IIStatus`. Nothing escapes as a Python
//! exception: panics, conversion and configuration errors become error statuses.

mod call;
mod case_store;
mod compat;
mod convert;
mod core;
mod de;
mod embedded;
mod fork_guard;
mod hook_wait;
mod iris_db;
mod iris_thread;
mod package;
mod pipeline;
mod reread;
mod shared_state;
mod status;

use self::core::BridgeCore;
use crate::module::RegisteredModule;
use pyo3::prelude::*;
use pyo3::types::PyModule;

/// Sets up the extension module `m` for module `M`: what `python_module!(M)` generates calls.
pub fn export<M: RegisteredModule>(m: &Bound<'_, PyModule>) -> PyResult<()> {
    fork_guard::install(m.py());
    let core = BridgeCore::new(const { &M::INFO }, const { &M::ENTRY });
    package::install(m, core)
}
