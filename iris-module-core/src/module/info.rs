//! What IRIS reads of a module class: its kind, names, versions and configuration list.

use crate::config::ParamInfo;
use serde_json::Value;

/// The kind of IRIS module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// Subscribes to hooks (`module_processor`).
    Processor,
    /// Receives uploaded files and processes them (`module_pipeline`).
    Pipeline,
}

impl ModuleKind {
    /// IRIS's `_module_type`.
    pub const fn iris_type(self) -> &'static str {
        match self {
            ModuleKind::Processor => "module_processor",
            ModuleKind::Pipeline => "module_pipeline",
        }
    }
}

/// A module's description, as IRIS reads it from the module class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModuleInfo {
    /// `_module_name`: the human name, also the key of the stored configuration.
    pub name: &'static str,
    /// `_module_description`.
    pub description: &'static str,
    /// `_module_version`.
    pub module_version: &'static str,
    /// `_interface_version` (IRIS accepts 1.1 to 1.2.0).
    pub interface_version: &'static str,
    /// `_module_type`.
    pub kind: ModuleKind,
    /// `_module_configuration`, in declaration order.
    pub params: &'static [ParamInfo],
    /// The Rust path of the module struct.
    pub rust_type: &'static str,
    /// `max_concurrent_calls = N`: how many calls of the module's hooks run at once, across
    /// every IRIS worker (`None`: no limit). See [`crate::limits`].
    pub max_concurrent_calls: Option<u32>,
    /// `iris_versions = "..."`: the IRIS versions the module runs in, within the framework's
    /// [`SUPPORTED_IRIS_VERSIONS`](crate::SUPPORTED_IRIS_VERSIONS) (`None`: the framework's).
    pub iris_versions: Option<&'static str>,
    /// `class_name = "..."`: the Python class IRIS loads, when it is not the name plus
    /// `Interface` (a drop-in keeps the class of the module it replaces).
    pub class_name: Option<&'static str>,
    /// `load_relations`: the objects' relationships (`user`, `case`, `owner`...) are loaded for
    /// the handlers, a query each where IRIS has not loaded them; otherwise only the object's
    /// type is, and what IRIS already loaded.
    pub load_relations: bool,
}

impl ModuleInfo {
    /// A placeholder the macros emit when a module had compile errors.
    pub const INVALID: ModuleInfo = ModuleInfo {
        name: "",
        description: "",
        module_version: "",
        interface_version: "",
        kind: ModuleKind::Processor,
        params: &[],
        rust_type: "",
        max_concurrent_calls: None,
        iris_versions: None,
        class_name: None,
        load_relations: false,
    };

    /// The Python class IRIS loads: `class_name = "..."`, else [`class_name`](super::class_name)
    /// of the name.
    pub fn python_class(&self) -> String {
        match self.class_name {
            Some(class) => class.to_owned(),
            None => super::class_name::class_name(self.name),
        }
    }

    /// `get_init_configuration()`: the configuration entries in IRIS's format.
    pub fn iris_configuration(&self) -> Value {
        Value::Array(self.params.iter().map(ParamInfo::iris_entry).collect())
    }

    /// The crate that declares the module (from [`rust_type`](Self::rust_type)).
    pub fn crate_name(&self) -> Option<&'static str> {
        self.rust_type
            .split("::")
            .next()
            .filter(|name| !name.is_empty())
    }

    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static ParamInfo> {
        self.params.iter().find(|param| param.name == name)
    }
}
