//! Compile-fail and pass cases of the macros. Expected compiler output is written for the
//! compiler `rust-toolchain.toml` pins (1.95): diagnostics change between compiler versions.
//! The suite is its own step, out of the default `cargo test` loop:
//! `cargo test -p iris-module-tests --test ui -- --ignored`. Regenerate with
//! `TRYBUILD=overwrite cargo test -p iris-module-tests --test ui -- --ignored`, then review the
//! diff.

/// Whether this compiler is the one the `.stderr` files were written by.
const EXPECTATIONS_MATCH_THIS_COMPILER: bool = rustversion::cfg!(stable(1.95));

#[test]
#[ignore = "the ui suite is its own step (`bash .ci/run ui`): cargo test -p iris-module-tests --test ui -- --ignored"]
fn ui() {
    if !EXPECTATIONS_MATCH_THIS_COMPILER {
        panic!(
            "the ui expectations are written for rustc 1.95, the compiler rust-toolchain.toml pins; \
             this is another one"
        );
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/iris_module/*.rs");
    cases.compile_fail("ui/config_param/*.rs");
    cases.compile_fail("ui/hook/*.rs");
    cases.compile_fail("ui/chosen_hooks/*.rs");
    cases.compile_fail("ui/pipeline_args/*.rs");
    cases.pass("ui/pass/*.rs");
}
