//! The 90 hooks IRIS seeds (iris-web v2.4.20), with the phase of each and the kind of object it
//! passes: the table the macros check handlers against, defined once in `iris-module-vocabulary`.

pub use iris_module_vocabulary::{
    HOOKS, HookPhase, HookSpec, find_hook, ioc_type_names, ioc_type_passes,
};
