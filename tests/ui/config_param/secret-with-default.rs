use iris_module_core::prelude::*;

/// A secret's default would sit in the source, the wheel and IRIS's configuration page.
#[iris_module(kind = "processor")]
pub struct Module {
    /// API key of the service
    #[config_param(default = "0123456789abcdef")]
    api_key: Secret,
    /// A second key, optional
    #[config_param(default = "fedcba9876543210")]
    backup_key: Option<Secret>,
}

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
