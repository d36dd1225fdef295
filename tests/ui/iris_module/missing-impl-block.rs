use iris_module_core::prelude::*;

/// A module whose hooks were forgotten.
#[iris_module(kind = "processor")]
pub struct Module;

fn main() {}
