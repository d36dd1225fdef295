use iris_module_core::prelude::*;

/// Its hooks are split over two impl blocks.
#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

#[iris_module]
impl Module {
    #[hook("on_postload_note_create")]
    fn read_note(&self, _ctx: &mut HookContext, _notes: &mut [Note]) -> HookResult {
        Ok(())
    }
}

fn main() {}
