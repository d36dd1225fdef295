//! `default = include_str!("file")`: a long default (a report template) kept in a file beside
//! the source, read as `include_str!` reads it, and given to IRIS as the parameter's default.

use iris_module_core::IrisModule;
use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;

/// Reports, from a template in a file
#[iris_module(kind = "processor", name = "IrisFromFile")]
pub struct FromFile {
    /// The report template
    #[config_param(
        kind = "textfield_html",
        default = include_str!("fixtures/defaults/report.html")
    )]
    template: String,
}

#[iris_module]
impl FromFile {
    #[hook("on_manual_trigger_ioc", manual_name = "Report")]
    fn report(&self, ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        ctx.info(format!("{} bytes of template", self.template.len()));
        Ok(())
    }
}

#[test]
fn the_files_text_is_the_default_iris_is_given_and_the_field_gets() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/defaults/report.html"
    ))
    .unwrap();
    let entries = FromFile::INFO.iris_configuration();
    assert_eq!(entries[0]["default"], text.as_str());
    assert_eq!(entries[0]["type"], "textfield_html");
    let harness = Harness::<FromFile>::new().unwrap();
    let mut iocs = [Ioc::new("x", "domain")];
    let run = harness.fire_manual("on_manual_trigger_ioc", "Report", &mut iocs);
    assert!(
        run.logged(&format!("{} bytes of template", text.len())),
        "{:?}",
        run.log
    );
}
