//! The cycles of a graph: its strongly connected components of more than one node (Tarjan).

use std::collections::{BTreeMap, BTreeSet};

/// The groups of nodes of `edges` that reach each other, each sorted; empty when there is none.
pub fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
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

struct Tarjan<'g> {
    edges: &'g BTreeMap<String, BTreeSet<String>>,
    index: BTreeMap<&'g String, (usize, usize)>,
    stack: Vec<&'g String>,
    found: Vec<Vec<String>>,
}

impl<'g> Tarjan<'g> {
    fn visit(&mut self, node: &'g String) {
        let number = self.index.len();
        self.index.insert(node, (number, number));
        self.stack.push(node);
        for next in &self.edges[node] {
            let Some((next, _)) = self.edges.get_key_value(next) else {
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
                component.push(member.clone());
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
