//! The book (`docs/`) stays whole and checked: every chapter `SUMMARY.md` lists exists and is
//! compiled as doctests (included by `tests/lib.rs`), and no Rust sample in it escapes being
//! compiled (`ignore`, `no_run` or a language other than Rust on Rust code).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The chapter files `SUMMARY.md` links, in order.
fn chapters() -> Vec<String> {
    let summary = std::fs::read_to_string(root().join("docs/src/SUMMARY.md")).unwrap();
    summary
        .lines()
        .filter_map(|line| line.split_once("](").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once(')').map(|(file, _)| file.to_owned()))
        .collect()
}

/// The fences of `text` that open a Rust sample the doctests would not compile.
fn uncompiled_samples(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with("```rust"))
        .filter(|line| {
            line.trim_start_matches("```rust")
                .split(',')
                .any(|flag| matches!(flag.trim(), "ignore" | "no_run" | "compile_fail"))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_chapter_exists_and_is_compiled_as_doctests() {
    let chapters = chapters();
    assert!(chapters.len() >= 8, "{chapters:?}");
    let lib = std::fs::read_to_string(root().join("tests/lib.rs")).unwrap();
    for chapter in &chapters {
        let path = root().join("docs/src").join(chapter);
        assert!(
            path.exists(),
            "{chapter} is in SUMMARY.md but not in docs/src"
        );
        if chapter != "introduction.md" {
            let include = format!("include_str!(\"../docs/src/{chapter}\")");
            assert!(
                lib.contains(&include),
                "tests/lib.rs does not compile {chapter}"
            );
        }
    }
    let on_disk = std::fs::read_dir(root().join("docs/src")).unwrap().count();
    assert_eq!(
        on_disk,
        chapters.len() + 1,
        "a file in docs/src that SUMMARY.md does not list"
    );
}

#[test]
fn no_rust_sample_in_the_book_escapes_compiling() {
    let mut escaping = Vec::new();
    for chapter in chapters() {
        let text = std::fs::read_to_string(root().join("docs/src").join(&chapter)).unwrap();
        escaping.extend(
            uncompiled_samples(&text)
                .into_iter()
                .map(|fence| format!("{chapter}: {fence}")),
        );
    }
    assert!(escaping.is_empty(), "{escaping:#?}");
    // The check sees one.
    assert_eq!(
        uncompiled_samples("```rust,ignore\nx\n```\n```rust\ny\n```\n").len(),
        1
    );
}
