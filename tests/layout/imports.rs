//! Reads a crate's source with `syn` into the file-level graph of what each file uses.
//!
//! A file uses another when it names an item the other defines: through a `use` tree
//! (`use super::{A, B}`, renames, groups, `self`), a path in code (`crate::a::f()`, also inside
//! macro calls), or a glob (`use crate::objects::*`, which uses the globbed module's file).
//! Re-exports are followed to the file that defines the item, so a child naming
//! `super::Asset` uses `asset.rs`, not the `mod.rs` that re-exports it; a `mod.rs` that
//! re-exports a child uses that child. `mod` declarations are structure, not use. Items under
//! `#[cfg(test)]` are left out.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// A module's path inside its crate, without `crate`.
pub type ModPath = Vec<String>;

/// What one module says: names it defines, names it binds with `use`, and paths it names.
#[derive(Default)]
struct Module {
    /// The file (relative to the crate's `src`) that holds the module.
    file: String,
    /// Items defined here (types, functions, traits, constants, macros).
    items: BTreeSet<String>,
    /// Names bound by `use`, to the path they bind (as written, resolved later).
    bindings: BTreeMap<String, Vec<String>>,
    /// Modules globbed by `use ...::*`, as written.
    globs: Vec<Vec<String>>,
    /// Paths named in code and in `use` trees, as written.
    references: Vec<Vec<String>>,
}

/// The modules of a crate, by path.
pub struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.to_string() == "test")
    })
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::TraitAlias(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn defined_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Macro(i) => i.ident.as_ref()?,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::TraitAlias(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// Collects a module's bindings, globs and referenced paths from its items.
struct Collector<'m> {
    module: &'m mut Module,
}

impl Collector<'_> {
    fn use_tree(&mut self, prefix: &[String], tree: &syn::UseTree) {
        let with = |name: &syn::Ident| [prefix, &[name.to_string()]].concat();
        match tree {
            syn::UseTree::Path(path) => self.use_tree(&with(&path.ident), &path.tree),
            syn::UseTree::Name(name) if name.ident == "self" => {
                if let Some(last) = prefix.last() {
                    self.bind(last.clone(), prefix.to_vec());
                }
            }
            syn::UseTree::Name(name) => self.bind(name.ident.to_string(), with(&name.ident)),
            syn::UseTree::Rename(rename) => {
                self.bind(rename.rename.to_string(), with(&rename.ident));
            }
            syn::UseTree::Glob(_) => self.module.globs.push(prefix.to_vec()),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn bind(&mut self, name: String, path: Vec<String>) {
        self.module.references.push(path.clone());
        self.module.bindings.insert(name, path);
    }

    /// `crate::a::b`, `super::a`, `self::a` sequences in a macro call's tokens.
    fn macro_tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut at = 0;
        while at < tokens.len() {
            match &tokens[at] {
                TokenTree::Group(group) => self.macro_tokens(group.stream()),
                TokenTree::Ident(ident)
                    if matches!(ident.to_string().as_str(), "crate" | "super" | "self") =>
                {
                    let mut path = vec![ident.to_string()];
                    while let (
                        Some(TokenTree::Punct(first)),
                        Some(TokenTree::Punct(second)),
                        Some(TokenTree::Ident(next)),
                    ) = (tokens.get(at + 1), tokens.get(at + 2), tokens.get(at + 3))
                    {
                        if first.as_char() != ':'
                            || first.spacing() != Spacing::Joint
                            || second.as_char() != ':'
                        {
                            break;
                        }
                        path.push(next.to_string());
                        at += 3;
                    }
                    if path.len() > 1 {
                        self.module.references.push(path);
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if is_test_only(item_attrs(item)) {
            return;
        }
        match item {
            syn::Item::Use(item_use) => self.use_tree(&[], &item_use.tree),
            syn::Item::Mod(_) => {} // read as a module of its own
            _ => syn::visit::visit_item(self, item),
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            self.module
                .references
                .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.macro_tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

impl Crate {
    /// Reads the crate whose root file (`lib.rs` or `main.rs`) is `root`, following `mod`
    /// declarations to their files.
    pub fn read(root: &Path) -> Result<Crate, String> {
        let src = root
            .parent()
            .ok_or("the root file has no folder")?
            .to_path_buf();
        let mut modules = BTreeMap::new();
        read_file(&src, root, Vec::new(), &mut modules)?;
        Ok(Crate { modules })
    }

    /// The file-level graph: each file to the files it uses.
    pub fn file_graph(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (path, module) in &self.modules {
            let uses = edges.entry(module.file.clone()).or_default();
            let globs = module.globs.iter().map(|glob| (glob, true));
            let references = module.references.iter().map(|path| (path, false));
            for (written, is_glob) in globs.chain(references) {
                let Some(absolute) = self.absolute(path, written) else {
                    continue;
                };
                let target = if is_glob {
                    self.modules.get(&absolute).map(|m| m.file.clone())
                } else {
                    self.defining_file(&absolute, 0)
                };
                uses.extend(target.filter(|file| *file != module.file));
            }
        }
        edges
    }

    /// `written`, named in module `at`, as a path from the crate root; `None` outside the crate.
    fn absolute(&self, at: &ModPath, written: &[String]) -> Option<Vec<String>> {
        let (first, rest) = written.split_first()?;
        match first.as_str() {
            "crate" => Some(rest.to_vec()),
            "self" => Some([at, rest].concat()),
            "super" => {
                let mut base = at.clone();
                let mut rest = rest;
                base.pop()?;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
                Some([&base[..], rest].concat())
            }
            _ => {
                let module = &self.modules[at];
                let bound = module.bindings.get(first);
                if let Some(bound) = bound.filter(|bound| bound.first() != Some(first)) {
                    let bound = self.absolute(at, bound)?;
                    Some([&bound[..], rest].concat())
                } else {
                    let child = [at.clone(), vec![first.clone()]].concat();
                    self.modules
                        .contains_key(&child)
                        .then(|| [child, rest.to_vec()].concat())
                }
            }
        }
    }

    /// The file that defines what `absolute` names, following `use` bindings and globs.
    fn defining_file(&self, absolute: &[String], depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let mut at: ModPath = Vec::new();
        for (index, segment) in absolute.iter().enumerate() {
            let module = &self.modules[&at];
            let child = [at.clone(), vec![segment.clone()]].concat();
            let rest = &absolute[index + 1..];
            if self.modules.contains_key(&child) {
                at = child;
            } else if module.items.contains(segment) {
                return Some(module.file.clone());
            } else if let Some(bound) = module.bindings.get(segment) {
                let bound = self.absolute(&at, bound)?;
                return self.defining_file(&[&bound[..], rest].concat(), depth + 1);
            } else {
                let through_glob = module.globs.iter().find_map(|glob| {
                    let glob = self.absolute(&at, glob)?;
                    let candidate = [&glob[..], &absolute[index..]].concat();
                    self.names_something(&candidate)
                        .then(|| self.defining_file(&candidate, depth + 1))
                        .flatten()
                });
                return through_glob.or_else(|| Some(module.file.clone()));
            }
        }
        Some(self.modules[&at].file.clone())
    }

    /// Whether the module `absolute` leads to holds its next name.
    fn names_something(&self, absolute: &[String]) -> bool {
        let Some((last, module)) = absolute.split_last() else {
            return false;
        };
        self.modules.get(module).is_some_and(|m| {
            m.items.contains(last)
                || m.bindings.contains_key(last)
                || self.modules.contains_key(absolute)
        })
    }
}

fn read_file(
    src: &Path,
    file: &Path,
    path: ModPath,
    modules: &mut BTreeMap<ModPath, Module>,
) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let parsed = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let relative = file.strip_prefix(src).unwrap_or(file).display().to_string();
    let is_dir_owner = matches!(
        file.file_name().and_then(|n| n.to_str()),
        Some("mod.rs" | "lib.rs" | "main.rs")
    );
    let children_dir = if is_dir_owner {
        file.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        file.with_extension("")
    };
    read_items(src, &children_dir, &relative, &parsed.items, path, modules)
}

fn read_items(
    src: &Path,
    children_dir: &Path,
    file: &str,
    items: &[syn::Item],
    path: ModPath,
    modules: &mut BTreeMap<ModPath, Module>,
) -> Result<(), String> {
    let mut module = Module {
        file: file.to_owned(),
        ..Module::default()
    };
    let mut collector = Collector {
        module: &mut module,
    };
    for item in items {
        collector.visit_item(item);
    }
    for item in items {
        if is_test_only(item_attrs(item)) {
            continue;
        }
        module.items.extend(defined_name(item));
        let syn::Item::Mod(item_mod) = item else {
            continue;
        };
        let name = item_mod.ident.to_string();
        let child_path = [path.clone(), vec![name.clone()]].concat();
        match &item_mod.content {
            Some((_, inline)) => {
                let dir: PathBuf = children_dir.join(&name);
                read_items(src, &dir, file, inline, child_path, modules)?;
            }
            None => {
                let flat = children_dir.join(format!("{name}.rs"));
                let nested = children_dir.join(&name).join("mod.rs");
                let child_file = if flat.exists() { flat } else { nested };
                read_file(src, &child_file, child_path, modules)?;
            }
        }
    }
    modules.insert(path, module);
    Ok(())
}
