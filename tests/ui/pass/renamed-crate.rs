extern crate iris_module_core as iris;

mod inner {
    use super::iris::prelude::*;

    #[iris_module(kind = "processor", crate = crate::iris)]
    pub struct Renamed;

    #[iris_module(crate = "crate::iris")]
    impl Renamed {
        #[hook("on_postload_ioc_create")]
        fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
            Ok(())
        }
    }
}

fn main() {
    let registry = iris::Registry::collect().unwrap();
    let found = registry.find("Renamed").unwrap();
    assert_eq!(found.hooks().len(), 1);
    assert!(found.location.module_path.ends_with("inner"));
}
