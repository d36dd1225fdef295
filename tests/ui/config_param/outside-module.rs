use iris_module_core::prelude::*;

pub struct Settings {
    #[config_param]
    tag: String,
}

fn main() {}
