//! Every rule that relates two things the user wrote (see the crate's documentation for what
//! `attr/` and `parse/` report instead), one file per item: the home of a new check. Each
//! records its errors in the context and goes on; none stops the others.

mod args;
mod chosen;
mod hooks;
mod module;
mod params;
mod signature;

pub use args::check_args;
pub use hooks::check_hooks;
pub use module::check_module;
