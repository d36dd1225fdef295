//! `cargo iris new` from the outside: what it writes, and the errors that write nothing.

use std::path::Path;
use std::process::{Command, Output};

fn cargo_iris(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-iris"))
        .arg("iris")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_processor_crate_with_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = cargo_iris(
        dir.path(),
        &[
            "new",
            "iris-watch-module",
            "--kind",
            "processor",
            "--license",
            "MIT",
            "--organization",
            "ACME CERT",
            "--github-name",
            "acme",
            "--email",
            "cert@acme.example",
            "--description",
            "Tags IOCs on the watchlist.",
            "--module-version",
            "1.2.3",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let root = dir.path().join("iris-watch-module");
    for file in [
        "Cargo.toml",
        "pyproject.toml",
        "src/lib.rs",
        "tests/harness.rs",
        "README.md",
        "LICENSE",
        "AUTHORS",
        ".gitignore",
    ] {
        assert!(root.join(file).exists(), "{file}");
    }
    let read = |file: &str| std::fs::read_to_string(root.join(file)).unwrap();
    assert!(read("LICENSE").contains("MIT License"));
    assert!(read("LICENSE").contains("Copyright (c) 20"));
    assert!(read("Cargo.toml").contains("version = \"1.2.3\""));
    assert!(read("Cargo.toml").contains("name = \"iris_watch_module\""));
    assert!(
        read("src/lib.rs").contains("#[iris_module(kind = \"processor\", name = \"IrisWatch\")]")
    );
    assert!(read("AUTHORS").contains("acme <cert@acme.example>"));
    assert!(read("README.md").contains("Add module: `iris_watch_module`"));
    assert!(
        !read("README.md").contains(".invalid"),
        "a placeholder link"
    );
    // The runtime, from the source tree this `cargo iris` was built from, by a relative path:
    // the crate names no absolute path of this machine.
    let manifest = read("Cargo.toml");
    let core = manifest
        .lines()
        .find_map(|line| line.strip_prefix("iris-module-core = { path = \""))
        .and_then(|rest| rest.split_once('"'))
        .map(|(path, _)| path)
        .unwrap_or_else(|| panic!("no path dependency on iris-module-core:\n{manifest}"));
    assert!(!Path::new(core).is_absolute(), "{core}");
    assert!(root.join(core).join("Cargo.toml").exists(), "{core}");
}

#[test]
fn a_pipeline_crate() {
    let dir = tempfile::tempdir().unwrap();
    let output = cargo_iris(
        dir.path(),
        &[
            "new",
            "iris-count-module",
            "--kind",
            "pipeline",
            "--no-input",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lib = std::fs::read_to_string(dir.path().join("iris-count-module/src/lib.rs")).unwrap();
    assert!(lib.contains("pipeline_name = \"count_pipeline\""));
    assert!(lib.contains("impl Pipeline for Count"));
}

#[test]
fn bad_answers_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["new", "Iris Watch", "--no-input"],
            "not a valid module package name",
        ),
        (
            &[
                "new",
                "iris-watch-module",
                "--license",
                "WTFPL",
                "--no-input",
            ],
            "unknown licence `WTFPL`",
        ),
        (
            &[
                "new",
                "iris-watch-module",
                "--module-version",
                "one",
                "--no-input",
            ],
            "is not semantic versioning",
        ),
        (
            &[
                "new",
                "iris-watch-module",
                "--kind",
                "enricher",
                "--no-input",
            ],
            "unknown kind `enricher`",
        ),
    ];
    for (args, message) in cases {
        let output = cargo_iris(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_existing_directory_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("iris-watch-module")).unwrap();
    std::fs::write(dir.path().join("iris-watch-module/keep.txt"), "mine").unwrap();
    let output = cargo_iris(dir.path(), &["new", "iris-watch-module", "--no-input"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
    let entries: Vec<_> = std::fs::read_dir(dir.path().join("iris-watch-module"))
        .unwrap()
        .collect();
    assert_eq!(entries.len(), 1);
}

#[test]
fn without_a_terminal_missing_answers_are_an_error_not_a_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let output = cargo_iris(
        dir.path(),
        &["new", "iris-watch-module", "--kind", "processor"],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("not a terminal, so nothing is asked"),
        "{message}"
    );
    assert!(
        message.contains("--description") && message.contains("--no-input"),
        "{message}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
