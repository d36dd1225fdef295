//! Every module compiled into the program, collected with `inventory`.

use crate::config::ConfigError;
use crate::config::ModuleConfig;
use crate::module::{DynModule, HookRegistration, ModuleEntry, ModuleInfo};
use crate::pipeline::PipelineInfo;
use std::fmt;

/// Where a module was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceLocation {
    /// The source file.
    pub file: &'static str,
    /// The line of the `#[iris_module]` attribute.
    pub line: u32,
    /// The Rust module path.
    pub module_path: &'static str,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} (in `{}`)", self.file, self.line, self.module_path)
    }
}

/// One module, as `#[iris_module(...)]` registers it.
#[derive(Debug)]
pub struct ModuleRegistration {
    /// The module's description.
    pub info: &'static ModuleInfo,
    /// How it is built and driven.
    pub entry: &'static ModuleEntry,
    /// Where it was declared.
    pub location: SourceLocation,
}

impl ModuleRegistration {
    /// Its hook registrations (none for a pipeline).
    pub fn hooks(&self) -> &'static [HookRegistration] {
        self.entry.hooks()
    }

    /// Its `pipeline_info` (none for a processor).
    pub fn pipeline(&self) -> Option<&'static PipelineInfo> {
        self.entry.pipeline()
    }

    /// Builds an instance from a configuration.
    pub fn instantiate(&self, config: &ModuleConfig) -> Result<Box<dyn DynModule>, ConfigError> {
        self.entry.instantiate(config)
    }
}

inventory::collect!(ModuleRegistration);

/// Two modules share a name, which IRIS uses as the key of their configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateModule {
    /// The shared name.
    pub name: &'static str,
    /// One declaration.
    pub first: SourceLocation,
    /// The other.
    pub second: SourceLocation,
}

impl fmt::Display for DuplicateModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "two modules are named `{}`: one at {}, the other at {}; IRIS keys module \
             configuration by name, so give each module its own `name = \"...\"`",
            self.name, self.first, self.second
        )
    }
}

impl std::error::Error for DuplicateModule {}

/// The modules of the program, sorted by name.
#[derive(Debug)]
pub struct Registry {
    modules: Vec<&'static ModuleRegistration>,
}

impl Registry {
    /// Every module registered with `#[iris_module]` in the crates linked into the program.
    pub fn collect() -> Result<Registry, DuplicateModule> {
        Registry::from_registrations(inventory::iter::<ModuleRegistration>)
    }

    /// A registry of the given registrations.
    pub fn from_registrations(
        registrations: impl IntoIterator<Item = &'static ModuleRegistration>,
    ) -> Result<Registry, DuplicateModule> {
        let mut modules: Vec<_> = registrations.into_iter().collect();
        modules.sort_by_key(|module| (module.info.name, module.location));
        if let Some(pair) = modules
            .windows(2)
            .find(|pair| pair[0].info.name == pair[1].info.name)
        {
            return Err(DuplicateModule {
                name: pair[0].info.name,
                first: pair[0].location,
                second: pair[1].location,
            });
        }
        Ok(Registry { modules })
    }

    /// The modules, sorted by name.
    pub fn modules(&self) -> &[&'static ModuleRegistration] {
        &self.modules
    }

    /// The module called `name` (its `_module_name`).
    pub fn find(&self, name: &str) -> Option<&'static ModuleRegistration> {
        self.modules
            .binary_search_by(|module| module.info.name.cmp(name))
            .ok()
            .map(|index| self.modules[index])
    }
}
