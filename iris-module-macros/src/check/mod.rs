//! Every rule about what the attributes say, one file per item: the home of a new check. Each
//! records its errors in the context and goes on; none stops the others.

mod args;
mod hooks;
mod module;
mod params;

pub use args::check_args;
pub use hooks::check_hooks;
pub use module::check_module;
