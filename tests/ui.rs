//! Compile-fail and pass cases of the macros. Expected compiler output is pinned to the installed
//! stable compiler (1.95): diagnostics change between compiler versions.
//! Regenerate with `TRYBUILD=overwrite cargo test -p iris-module-tests --test ui`, then review the
//! diff.

#[rustversion::attr(not(stable(1.95)), ignore = "ui expectations are pinned to rustc 1.95")]
#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/iris_module/*.rs");
    cases.compile_fail("ui/config_param/*.rs");
    cases.compile_fail("ui/hook/*.rs");
    cases.compile_fail("ui/pipeline_args/*.rs");
    cases.pass("ui/pass/*.rs");
}
