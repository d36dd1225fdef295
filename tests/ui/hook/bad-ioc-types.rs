use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create", ioc_types = ["domian", "ip-*", "filenam|*"])]
    #[hook("on_postload_ioc_update", ioc_types = ["md5", "i*p", "md5", 5])]
    #[hook("on_manual_trigger_ioc", ioc_types = [])]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }

    #[hook("on_postload_ioc_delete", ioc_types = ["domain"])]
    fn forget(&self, _ctx: &mut HookContext, _ids: &mut [ObjectId]) -> HookResult {
        Ok(())
    }
}

#[iris_module(kind = "processor")]
pub struct Other;

#[iris_module]
impl Other {
    #[hook("on_postload_ioc_create", ioc_types = "domain")]
    #[hook("on_postload_ioc_update", ioc_types = ["*"])]
    fn check(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
