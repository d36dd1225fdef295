//! `cargo iris build`: the wheel IRIS installs, built with maturin, and how to install it.

use crate::error::CliError;
use crate::runner::ModuleCrate;
use std::path::Path;
use std::process::Command;

/// Builds the crate of `manifest` into `target/wheels`; with `zig`, for the old glibc of IRIS's
/// image (`manylinux2014`).
pub fn build(manifest: &Path, zig: bool) -> Result<(), CliError> {
    let krate = ModuleCrate::locate(manifest)?;
    if !runs("maturin", &["--version"]) {
        return Err(CliError::Missing(
            "maturin is not installed: `pip install maturin ziglang`",
        ));
    }
    if zig && !runs("zig", &["version"]) && !runs("python3", &["-m", "ziglang", "version"]) {
        return Err(CliError::Missing(
            "zig is not installed (`pip install ziglang`); or build for this machine only with \
             --no-zig (the wheel may not install on IRIS's image)",
        ));
    }
    let out = krate.target_dir.join("wheels");
    let mut command = Command::new("maturin");
    command
        .args(["build", "--release", "-m"])
        .arg(krate.dir.join("Cargo.toml"))
        .arg("-o")
        .arg(&out);
    if zig {
        command.args(["--zig", "--compatibility", "manylinux2014"]);
    }
    let status = command.status().map_err(|source| CliError::Spawn {
        program: "maturin",
        source,
    })?;
    if !status.success() {
        return Err(CliError::Maturin);
    }
    let wheel = newest_wheel(&out, &krate.lib).ok_or_else(|| CliError::NoWheel {
        lib: krate.lib.clone(),
        dir: out.clone(),
    })?;
    let name = wheel
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    println!("\nBuilt {}", wheel.display());
    println!(
        "\nInstall it in IRIS's app and worker containers, then restart them:\n\n\
         for c in iriswebapp_app iriswebapp_worker; do\n  \
         docker cp {} \"$c\":/tmp/\n  \
         docker exec \"$c\" /opt/venv/bin/pip install /tmp/{name}\n\
         done\n\
         docker restart iriswebapp_app iriswebapp_worker\n\n\
         Then in IRIS: Advanced > Modules > Add module: {}",
        wheel.display(),
        krate.lib
    );
    Ok(())
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|output| output.status.success())
}

/// The most recent wheel of package `lib` in `dir`.
fn newest_wheel(dir: &Path, lib: &str) -> Option<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with(&format!("{lib}-")) && name.ends_with(".whl")
        })
        .max_by_key(|entry| entry.metadata().and_then(|m| m.modified()).ok())
        .map(|entry| entry.path())
}
