use iris_module_core::prelude::*;

/// The key, under another name: the type check refuses the default.
type ApiKey = Secret;

/// A module.
#[iris_module(kind = "processor")]
pub struct Module {
    /// API key of the service
    #[config_param(default = "0123456789abcdef")]
    api_key: ApiKey,
}

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
