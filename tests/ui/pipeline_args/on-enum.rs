use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub enum Args {
    Index(String),
}

fn main() {}
