//! The runtime's files depend on each other without a cycle: each file can be read after the
//! ones it uses. A file's dependencies are the `crate::...` and `super::...` paths it names
//! outside comments and its tests (resolved to the file that defines them), and, for a `mod.rs`,
//! the child files it re-exports.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type ModPath = Vec<String>;

fn module_path(relative: &Path) -> ModPath {
    let mut parts: ModPath = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The file-level dependency graph of `src`.
fn graph(src: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let texts: BTreeMap<ModPath, (bool, String)> = files
        .iter()
        .map(|file| {
            let relative = file.strip_prefix(src).unwrap();
            let is_mod = file.file_name().is_some_and(|name| name == "mod.rs");
            let text = std::fs::read_to_string(file).unwrap();
            let code = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default();
            let code: Vec<&str> = code
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect();
            (module_path(relative), (is_mod, code.join("\n")))
        })
        .collect();
    let resolve = |parts: &[String]| -> Option<ModPath> {
        (1..=parts.len())
            .rev()
            .map(|len| parts[..len].to_vec())
            .find(|candidate| texts.contains_key(candidate))
    };
    let path = r"([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)";
    let crate_path = Regex::new(&format!(r"crate::{path}")).unwrap();
    let super_path = Regex::new(&format!(r"\bsuper::{path}")).unwrap();
    let reexport =
        Regex::new(r"(?m)^\s*pub(?:\(crate\))? use (?:self::)?([a-z_][a-z0-9_]*)::").unwrap();
    let mut edges = BTreeMap::new();
    for (module, (is_mod, code)) in &texts {
        if module.is_empty() {
            continue; // lib.rs: the crate's front door re-exports everything
        }
        let split = |found: &str| found.split("::").map(str::to_owned).collect::<Vec<_>>();
        let mut deps = BTreeSet::new();
        for found in crate_path.captures_iter(code) {
            deps.extend(resolve(&split(&found[1])));
        }
        let parent = if *is_mod {
            &module[..]
        } else {
            &module[..module.len() - 1]
        };
        for found in super_path.captures_iter(code) {
            let base = if *is_mod {
                &parent[..parent.len().saturating_sub(1)]
            } else {
                parent
            };
            deps.extend(resolve(&[base.to_vec(), split(&found[1])].concat()));
        }
        if *is_mod {
            for found in reexport.captures_iter(code) {
                deps.extend(resolve(
                    &[module.clone(), vec![found[1].to_owned()]].concat(),
                ));
            }
        }
        deps.remove(module);
        edges.insert(module.clone(), deps);
    }
    edges
}

/// The cycles of `edges`: its strongly connected components of more than one file.
fn cycles(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<String>> {
    struct Tarjan<'g> {
        edges: &'g BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<&'g ModPath, (usize, usize)>,
        stack: Vec<&'g ModPath>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, node: &'g ModPath) {
            let number = self.index.len();
            self.index.insert(node, (number, number));
            self.stack.push(node);
            for next in &self.edges[node] {
                let Some(next) = self.edges.get_key_value(next).map(|(key, _)| key) else {
                    continue;
                };
                match self.index.get(next).copied() {
                    None => {
                        self.visit(next);
                        let low = self.index[next].1.min(self.index[node].1);
                        self.index.get_mut(node).unwrap().1 = low;
                    }
                    Some((number, _)) if self.stack.contains(&next) => {
                        let low = number.min(self.index[node].1);
                        self.index.get_mut(node).unwrap().1 = low;
                    }
                    Some(_) => {}
                }
            }
            let (number, low) = self.index[node];
            if number == low {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    component.push(member.join("::"));
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        edges,
        index: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !tarjan.index.contains_key(node) {
            tarjan.visit(node);
        }
    }
    tarjan.found
}

#[test]
fn the_runtime_files_depend_on_each_other_without_a_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../iris-module-core/src");
    let edges = graph(&src);
    assert!(edges.len() > 50, "read {} files", edges.len());
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "files that depend on each other: {found:#?}"
    );
}

#[test]
fn the_check_sees_a_cycle() {
    let a = vec!["a".to_owned()];
    let b = vec!["b".to_owned()];
    let edges = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([a.clone()])),
    ]);
    assert_eq!(cycles(&edges), [vec!["a".to_owned(), "b".to_owned()]]);
}
