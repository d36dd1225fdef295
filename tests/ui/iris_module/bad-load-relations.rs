use iris_module_core::prelude::*;

#[iris_module(kind = "processor", load_relations = "yes")]
pub struct Quoted;

#[iris_module(kind = "processor", load_relation)]
pub struct Misspelt;

fn main() {}
