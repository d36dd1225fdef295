use iris_module_core::prelude::*;

pub struct Plain;

impl Plain {
    #[chosen_hooks(by = "hooks")]
    fn deliver(&self, _ctx: &mut HookContext, _hook: &mut AnyHook) -> HookResult {
        Ok(())
    }
}

fn main() {}
