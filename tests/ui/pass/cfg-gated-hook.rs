use iris_module_core::prelude::*;
use iris_module_core::HookHandlers;

#[iris_module(kind = "processor")]
pub struct Gated;

#[iris_module]
impl Gated {
    #[hook("on_postload_ioc_create")]
    fn always(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }

    #[cfg(any())]
    #[hook("on_postload_asset_create")]
    fn never(&self, _ctx: &mut HookContext, _assets: &mut [Asset]) -> HookResult {
        Ok(())
    }

    #[cfg(all())]
    #[hook("on_postload_note_create")]
    fn enabled(&self, _ctx: &mut HookContext, _notes: &mut [Note]) -> HookResult {
        Ok(())
    }
}

fn main() {
    let hooks: Vec<_> = Gated::HOOKS.iter().map(|h| h.hook).collect();
    assert_eq!(hooks, ["on_postload_ioc_create", "on_postload_note_create"]);
}
