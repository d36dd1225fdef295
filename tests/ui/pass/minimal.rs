use iris_module_core::prelude::*;

/// The smallest module: one hook.
#[iris_module(kind = "processor")]
pub struct Minimal;

#[iris_module]
impl Minimal {
    #[hook("on_postload_ioc_create")]
    fn seen(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) {
        ctx.info(format!("{} IOCs", iocs.len()));
    }
}

fn main() {
    let info = &<Minimal as iris_module_core::IrisModule>::INFO;
    assert_eq!(info.name, "Minimal");
    assert_eq!(info.description, "The smallest module: one hook.");
    assert_eq!(info.interface_version, "1.2.0");
    assert_eq!(info.module_version, env!("CARGO_PKG_VERSION"));
}
