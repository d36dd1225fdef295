use iris_module_core::prelude::*;

#[iris_module(kind = "processor", iris_versions = "2.4 to 2.6")]
pub struct Words;

#[iris_module(kind = "processor", iris_versions = ">=2.4, <2.6,")]
pub struct TrailingComma;

#[iris_module(kind = "processor", iris_versions = 2.4)]
pub struct Unquoted;

#[iris_module(kind = "processor", iris_version = ">=2.4")]
pub struct Misspelt;

fn main() {}
