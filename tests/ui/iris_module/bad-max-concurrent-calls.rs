use iris_module_core::prelude::*;

#[iris_module(kind = "processor", max_concurrent_calls = 0)]
pub struct None_;

#[iris_module(kind = "processor", max_concurrent_calls = 5000)]
pub struct TooMany;

#[iris_module(kind = "processor", max_concurrent_calls = "4")]
pub struct Quoted;

#[iris_module(kind = "processor", max_concurrent_calls = 4u8)]
pub struct Suffixed;

#[iris_module(kind = "processor", max_concurent_calls = 4)]
pub struct Misspelt;

fn main() {}
