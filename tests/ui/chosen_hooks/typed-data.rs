use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    fn hooks(&self) -> ChosenHooks {
        ChosenHooks::every_hook()
    }

    #[chosen_hooks(by = "hooks")]
    fn deliver(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
