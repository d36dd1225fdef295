//! The workspace's crates are laid out so each file can be read after the ones it uses: no two
//! files use each other, directly or around a circle. What a file uses is read with `syn`
//! (`layout/imports.rs`: `use` trees of every shape, paths in code and in macro calls, globs,
//! re-exports followed to the defining file); the scanner has its own tests below, each a small
//! crate written to a temporary folder. Every member also takes the workspace's lints.

#[path = "layout/cycles.rs"]
mod cycles;
#[path = "layout/imports.rs"]
mod imports;

use cycles::cycles;
use imports::Crate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The crates whose files are checked, by root file.
const CRATE_ROOTS: &[&str] = &[
    "iris-module-core/src/lib.rs",
    "iris-module-macros/src/lib.rs",
    "iris-module-vocabulary/src/lib.rs",
    "cargo-iris/src/main.rs",
    "examples/minimal-processor/src/lib.rs",
    "examples/evtx-pipeline/src/lib.rs",
    "examples/vt-enrichment/src/lib.rs",
];

#[test]
fn no_two_files_of_a_crate_use_each_other() {
    let mut circles = BTreeMap::new();
    let mut files_read = 0;
    for root in CRATE_ROOTS {
        let graph = Crate::read(&workspace().join(root)).unwrap().file_graph();
        files_read += graph.len();
        for circle in cycles(&graph) {
            // Each file of the circle, with the files of the circle it uses.
            let inside: Vec<(String, Vec<String>)> = circle
                .iter()
                .map(|file| {
                    let used = graph[file]
                        .iter()
                        .filter(|f| circle.contains(f))
                        .cloned()
                        .collect();
                    (file.clone(), used)
                })
                .collect();
            circles.entry(*root).or_insert_with(Vec::new).push(inside);
        }
    }
    assert!(files_read > 120, "read {files_read} files");
    assert!(
        circles.is_empty(),
        "files that use each other: {circles:#?}"
    );
}

#[test]
fn every_member_takes_the_workspace_lints() {
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let members = manifest
        .split_once("members = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .unwrap();
    let members: Vec<&str> = members
        .split(',')
        .map(|m| m.trim().trim_matches('"'))
        .filter(|m| !m.is_empty())
        .collect();
    assert!(members.len() > 10, "{members:?}");
    let without: Vec<&str> = members
        .iter()
        .copied()
        .filter(|member| {
            let text =
                std::fs::read_to_string(workspace().join(member).join("Cargo.toml")).unwrap();
            !text.contains("[lints]\nworkspace = true")
        })
        .collect();
    assert!(
        without.is_empty(),
        "members without `[lints] workspace = true`: {without:?}"
    );
}

/// A crate made of `files` (name, text) in a temporary folder, read as a file graph.
fn graph_of(files: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Crate::read(&dir.path().join("lib.rs"))
        .unwrap()
        .file_graph()
}

fn uses(graph: &BTreeMap<String, BTreeSet<String>>, file: &str) -> Vec<String> {
    graph[file].iter().cloned().collect()
}

#[test]
fn the_scanner_reads_grouped_super_imports() {
    let graph = graph_of(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
        (
            "a.rs",
            "use super::{b::B, c::C as Renamed};\npub struct A(B, Renamed);\n",
        ),
        ("b.rs", "use super::a::{self};\npub struct B(Box<a::A>);\n"),
        ("c.rs", "pub struct C;\n"),
    ]);
    assert_eq!(uses(&graph, "a.rs"), ["b.rs", "c.rs"]);
    assert_eq!(uses(&graph, "b.rs"), ["a.rs"]);
    assert_eq!(cycles(&graph), [vec!["a.rs".to_owned(), "b.rs".to_owned()]]);
}

#[test]
fn the_scanner_follows_re_exports_to_the_defining_file() {
    // A parent that only re-exports is not in a circle with its children...
    let graph = graph_of(&[
        ("lib.rs", "mod objects;\n"),
        (
            "objects/mod.rs",
            "mod asset;\nmod ioc;\npub use asset::Asset;\npub use ioc::Ioc;\n",
        ),
        (
            "objects/asset.rs",
            "use super::Ioc;\npub struct Asset(Ioc);\n",
        ),
        ("objects/ioc.rs", "pub struct Ioc;\n"),
    ]);
    assert_eq!(
        uses(&graph, "objects/mod.rs"),
        ["objects/asset.rs", "objects/ioc.rs"]
    );
    assert_eq!(uses(&graph, "objects/asset.rs"), ["objects/ioc.rs"]);
    assert!(cycles(&graph).is_empty());
    // ...but one whose children use what it defines is.
    let graph = graph_of(&[
        ("lib.rs", "mod objects;\n"),
        (
            "objects/mod.rs",
            "mod asset;\npub use asset::Asset;\npub fn shared() {}\n",
        ),
        (
            "objects/asset.rs",
            "pub struct Asset;\nfn f() { super::shared() }\n",
        ),
    ]);
    assert_eq!(
        cycles(&graph),
        [vec![
            "objects/asset.rs".to_owned(),
            "objects/mod.rs".to_owned()
        ]]
    );
}

#[test]
fn the_scanner_reads_paths_in_code_macros_and_globs_but_not_tests() {
    let graph = graph_of(&[
        (
            "lib.rs",
            "mod run;\nmod report;\nmod flags;\nmod helpers;\n",
        ),
        (
            "run.rs",
            "use crate::flags::*;\npub fn run() -> String { format!(\"{}\", crate::report::text()) }\n\
             #[cfg(test)]\nmod tests { use crate::helpers::help; }\n",
        ),
        ("report.rs", "pub fn text() -> String { String::new() }\n"),
        ("flags.rs", "pub const ON: bool = true;\n"),
        ("helpers.rs", "pub fn help() {}\n"),
    ]);
    assert_eq!(uses(&graph, "run.rs"), ["flags.rs", "report.rs"]);
}

#[test]
fn the_cycle_finder_sees_a_circle_of_three() {
    let edge = |from: &str, to: &str| (from.to_owned(), BTreeSet::from([to.to_owned()]));
    let edges = BTreeMap::from([
        edge("a", "b"),
        edge("b", "c"),
        edge("c", "a"),
        edge("d", "a"),
    ]);
    assert_eq!(
        cycles(&edges),
        [vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]
    );
}

/// The field accesses named `keys` in a file: the attribute slots of the macros' model.
fn reads_of_keys(path: &Path) -> usize {
    struct Reads(usize);
    impl<'ast> syn::visit::Visit<'ast> for Reads {
        fn visit_expr_field(&mut self, field: &'ast syn::ExprField) {
            if matches!(&field.member, syn::Member::Named(name) if name == "keys") {
                self.0 += 1;
            }
            syn::visit::visit_expr_field(self, field);
        }
    }
    let file = syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut reads = Reads(0);
    syn::visit::Visit::visit_file(&mut reads, &file);
    reads.0
}

#[test]
fn the_macros_generate_from_the_model_not_from_attribute_slots() {
    let codegen = workspace().join("iris-module-macros/src/codegen");
    let mut files = 0;
    for entry in std::fs::read_dir(&codegen).unwrap() {
        let path = entry.unwrap().path();
        files += 1;
        assert_eq!(reads_of_keys(&path), 0, "{} reads `.keys`", path.display());
    }
    assert!(files >= 4, "read {files} files");
    // The scan sees a read where there is one: the model reads its slots.
    assert!(reads_of_keys(&workspace().join("iris-module-macros/src/model.rs")) > 5);
}
