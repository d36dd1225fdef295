//! Defaults are typed by the compiler: a `u64` above `i64::MAX`, an integer for a float, an
//! `Option`, a JSON document, a negative number.
use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;

#[iris_module(kind = "processor")]
pub struct Module {
    #[config_param(default = 18446744073709551615)]
    ceiling: u64,
    #[config_param(default = 2)]
    ratio: f64,
    #[config_param(default = 7)]
    retries: Option<u8>,
    #[config_param(default = -3)]
    offset: i16,
    #[config_param(default = "[\"example.com\"]")]
    allow_list: Json<Vec<String>>,
}

#[iris_module]
impl Module {}

fn main() {
    let harness = Harness::<Module>::new().expect("the defaults make a module");
    let module = harness.module();
    assert_eq!(module.ceiling, u64::MAX);
    assert_eq!(module.ratio, 2.0);
    assert_eq!(module.retries, Some(7));
    assert_eq!(module.offset, -3);
    assert_eq!(module.allow_list.0, vec!["example.com".to_owned()]);
    let info = &<Module as iris_module_core::IrisModule>::INFO;
    assert_eq!(
        info.params[0].iris_entry()["default"],
        serde_json::json!(18446744073709551615u64)
    );
}
