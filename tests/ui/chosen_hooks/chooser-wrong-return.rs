use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    fn hooks(&self) -> Vec<String> {
        Vec::new()
    }

    #[chosen_hooks(by = "hooks")]
    fn deliver(&self, _ctx: &mut HookContext, _hook: &mut AnyHook) -> HookResult {
        Ok(())
    }
}

fn main() {}
