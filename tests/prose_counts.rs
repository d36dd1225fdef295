//! Counts written in the prose ("the 90 hooks", "131 ui cases") are checked against what they
//! count, so a new hook or ui case cannot leave a document saying an old number.

use iris_module_core::hooks::HOOKS;
use regex::Regex;
use std::path::{Path, PathBuf};

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every Markdown file of the repository outside `target/` and hidden folders.
fn documents(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder").flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            documents(&path, found);
        } else if name.ends_with(".md") || name.ends_with(".md.j2") {
            found.push(path);
        }
    }
}

/// The `.rs` files under `dir`, at any depth.
fn rust_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .expect("a readable folder")
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path)
            } else {
                usize::from(path.extension().is_some_and(|ext| ext == "rs"))
            }
        })
        .sum()
}

/// What each kind of count in prose looks like, and what it must be.
fn counted() -> Vec<(&'static str, Regex, usize)> {
    vec![
        (
            "hooks",
            Regex::new(r"\b(\d+) (?:IRIS |of IRIS's |reference )?hooks\b|\.\.\. (\d+) of them")
                .unwrap(),
            HOOKS.len(),
        ),
        (
            "ui cases",
            Regex::new(r"\b(\d+) (?:`?trybuild`? )?ui cases\b|\b(\d+) `?trybuild`? cases\b")
                .unwrap(),
            rust_files(&root().join("tests/ui")),
        ),
    ]
}

/// `(what, the number written, the right number, where)` for each count in `text` that is wrong.
fn wrong_counts(text: &str, place: &str) -> Vec<(String, usize, usize, String)> {
    let mut wrong = Vec::new();
    for (what, pattern, right) in counted() {
        for (line_number, line) in text.lines().enumerate() {
            for found in pattern.captures_iter(line) {
                let written: usize = found
                    .iter()
                    .skip(1)
                    .flatten()
                    .next()
                    .and_then(|number| number.as_str().parse().ok())
                    .expect("a number");
                if written != right {
                    let at = format!("{place}:{}", line_number + 1);
                    wrong.push((what.to_owned(), written, right, at));
                }
            }
        }
    }
    wrong
}

#[test]
fn counts_in_the_documents_are_what_they_count() {
    let mut files = Vec::new();
    documents(&root(), &mut files);
    assert!(files.iter().any(|file| file.ends_with("README.md")));
    let wrong: Vec<_> = files
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(file).expect("a readable document");
            wrong_counts(&text, &file.display().to_string())
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "counts in prose that are wrong: {wrong:#?}"
    );
}

#[test]
fn the_scanner_sees_a_wrong_count() {
    let hooks = HOOKS.len();
    let text = format!(
        "the {hooks} hooks\n... {} of them\nthe 3 reference hooks",
        hooks + 1
    );
    let wrong = wrong_counts(&text, "sample");
    let places: Vec<&str> = wrong.iter().map(|(_, _, _, at)| at.as_str()).collect();
    assert_eq!(places, ["sample:2", "sample:3"]);
    assert_eq!(
        wrong_counts("2 ui cases, 3 `trybuild` ui cases", "ui").len(),
        2
    );
}
