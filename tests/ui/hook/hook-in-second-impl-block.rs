use iris_module_core::prelude::*;

/// One hook is in an impl block without `#[iris_module]`, beside the module's own block.
#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

impl Module {
    #[hook("on_postload_note_create")]
    fn read_note(&self, _ctx: &mut HookContext, _notes: &mut [Note]) -> HookResult {
        Ok(())
    }
}

fn main() {}
