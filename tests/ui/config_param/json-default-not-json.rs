use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module {
    /// Domains never looked up
    #[config_param(default = "[\"example.com\",")]
    allow_list: Json<Vec<String>>,
    /// The same, kept as text
    #[config_param(kind = "textfield_json", default = "{'a': 1}")]
    raw_rules: String,
}

#[iris_module]
impl Module {}

fn main() {}
