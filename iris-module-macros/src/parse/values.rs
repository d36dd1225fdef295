//! Reading literal values out of attribute arguments, recording a spanned error when the value has
//! the wrong shape.

use crate::errors::Errors;
use syn::{Expr, ExprLit, Lit, LitBool, LitStr};

/// Removes the invisible groups `macro_rules!` callers wrap around tokens.
pub fn ungroup(mut expr: &Expr) -> &Expr {
    while let Expr::Group(group) = expr {
        expr = &group.expr;
    }
    expr
}

/// The value as a string literal, or an error naming the key.
pub fn string(expr: &Expr, key: &str, errors: &mut Errors) -> Option<LitStr> {
    if let Expr::Lit(ExprLit {
        lit: Lit::Str(lit), ..
    }) = ungroup(expr)
    {
        if lit.suffix().is_empty() {
            return Some(lit.clone());
        }
        errors.spanned(
            lit,
            format!("unexpected suffix `{}` on string literal", lit.suffix()),
        );
        return None;
    }
    errors.spanned(
        expr,
        format!("expected `{key}` to be a string: `{key} = \"...\"`"),
    );
    None
}

/// The value as a boolean literal, or an error naming the key.
pub fn boolean(expr: &Expr, key: &str, errors: &mut Errors) -> Option<LitBool> {
    if let Expr::Lit(ExprLit {
        lit: Lit::Bool(lit),
        ..
    }) = ungroup(expr)
    {
        return Some(lit.clone());
    }
    errors.spanned(expr, format!("expected `{key}` to be `true` or `false`"));
    None
}

/// A value that a key must set at most once; the second setting is reported where it occurs.
pub struct Slot<T> {
    key: &'static str,
    context: &'static str,
    seen: bool,
    value: Option<T>,
}

impl<T> Slot<T> {
    /// An empty slot for `key`; `context` names the attribute in messages.
    pub fn new(key: &'static str, context: &'static str) -> Self {
        Slot {
            key,
            context,
            seen: false,
            value: None,
        }
    }

    /// Sets the value, or records a duplicate error spanned on `at`.
    pub fn set(&mut self, at: &syn::Path, value: Option<T>, errors: &mut Errors) {
        if self.seen {
            errors.spanned(
                at,
                format!("duplicate {} argument `{}`", self.context, self.key),
            );
        } else {
            self.seen = true;
            self.value = value;
        }
    }

    /// The value, if it was set.
    pub fn get(self) -> Option<T> {
        self.value
    }
}
