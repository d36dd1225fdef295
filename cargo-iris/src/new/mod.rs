//! `cargo iris new`: a module crate, from the answers iris-skeleton-module asks for.

mod answers;
mod error;
mod licenses;
mod render;

pub use answers::NewArgs;
pub use error::NewError;

use std::path::Path;

/// Asks what is missing (in a terminal), checks every answer, renders every file, and only then
/// writes them: a bad answer or an existing directory writes nothing.
pub fn run(args: NewArgs) -> Result<(), NewError> {
    let directory = args
        .path
        .clone()
        .unwrap_or_else(|| Path::new(&args.name).to_owned());
    if directory.exists() {
        return Err(NewError::Exists(directory));
    }
    let answers = answers::collect(args, &directory)?;
    let files = render::files(&answers)?;
    write_all(&directory, &files)?;
    format_rust(&directory, &files);
    println!(
        "Created {} module `{}` in {} ({} files).",
        answers.kind.as_str(),
        answers.module_name(),
        directory.display(),
        files.len()
    );
    println!(
        "Next: cd {} && cargo test && cargo iris describe",
        directory.display()
    );
    Ok(())
}

/// Writes the files under `directory`, which must not exist; on a failure half-way the directory
/// is removed again.
fn write_all(directory: &Path, files: &[(String, String)]) -> Result<(), NewError> {
    let failed = |source: std::io::Error| NewError::Write {
        path: directory.to_owned(),
        source,
    };
    std::fs::create_dir_all(directory.parent().unwrap_or(Path::new("."))).map_err(failed)?;
    std::fs::create_dir(directory).map_err(failed)?;
    let written = files.iter().try_for_each(|(name, content)| {
        let path = directory.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, content)
    });
    written.map_err(|error| {
        let _ = std::fs::remove_dir_all(directory);
        failed(error)
    })
}

/// Formats the generated Rust files (their lines depend on the names chosen), when rustfmt is
/// there; they compile either way.
fn format_rust(directory: &Path, files: &[(String, String)]) {
    let sources: Vec<_> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".rs"))
        .map(|(name, _)| directory.join(name))
        .collect();
    let _ = std::process::Command::new("rustfmt")
        .args(["--edition", "2024"])
        .args(&sources)
        .status();
}
