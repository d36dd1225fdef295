//! The error context of one expansion, in the manner of serde_derive's `Ctxt`: every parser and
//! check records its errors here and goes on, so the user sees all the mistakes of an item at
//! once. It is shared by reference, so closures (syn's nested-meta parsers) can record too.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use std::cell::{Cell, RefCell};
use std::fmt::Display;

/// The errors found so far while expanding one item.
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
    /// Whether the errors were read out (emitted or, in unit tests, inspected).
    reported: Cell<bool>,
}

impl Ctxt {
    /// An empty context.
    pub fn new() -> Self {
        Ctxt::default()
    }

    /// Records an error spanned on `span`.
    pub fn at(&self, span: Span, message: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new(span, message));
    }

    /// Records an error spanned on all of `tokens`.
    pub fn spanned(&self, tokens: impl ToTokens, message: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error that syn produced (it may hold several).
    pub fn push(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    /// Whether nothing went wrong.
    pub fn is_empty(&self) -> bool {
        self.errors.borrow().is_empty()
    }

    /// The recorded errors as `compile_error!` invocations.
    pub fn to_compile_errors(&self) -> TokenStream {
        self.reported.set(true);
        self.errors
            .borrow()
            .iter()
            .map(syn::Error::to_compile_error)
            .collect()
    }

    /// The messages, for unit tests.
    #[cfg(test)]
    pub fn messages(&self) -> Vec<String> {
        self.reported.set(true);
        self.errors
            .borrow()
            .iter()
            .flat_map(|e| e.clone().into_iter().map(|e| e.to_string()))
            .collect()
    }
}

/// In the crate's tests, a context dropped with errors nobody emitted is a bug of the expansion
/// (a path that returns early and loses the user's errors), as serde_derive's `Ctxt` finds it.
/// A macro never panics in a user's build, so the guard exists only under `cfg(test)`.
#[cfg(test)]
impl Drop for Ctxt {
    fn drop(&mut self) {
        if !self.reported.get() && !self.errors.get_mut().is_empty() && !std::thread::panicking() {
            panic!(
                "an expansion dropped {} recorded error(s) without emitting them",
                self.errors.get_mut().len()
            );
        }
    }
}

#[cfg(test)]
mod guard_tests {
    use super::Ctxt;
    use proc_macro2::Span;

    #[test]
    #[should_panic(expected = "dropped 1 recorded error(s) without emitting them")]
    fn a_context_dropped_with_unreported_errors_panics_in_tests() {
        let cx = Ctxt::new();
        cx.at(Span::call_site(), "lost");
    }

    #[test]
    fn a_reported_context_drops_quietly() {
        let cx = Ctxt::new();
        cx.at(Span::call_site(), "kept");
        assert!(!cx.to_compile_errors().is_empty());
    }
}
