use iris_module_core::prelude::*;

/// A pipeline module that forgot its two steps.
#[iris_module(kind = "pipeline", pipeline_name = "evtx")]
pub struct Module;

fn main() {}
