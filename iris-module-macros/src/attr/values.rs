//! The kinds of attribute values: how each is read after its key, with a spanned error when the
//! value has the wrong shape.

use super::{AttrValue, path_key};
use crate::ctxt::Ctxt;
use crate::suggest;
use iris_module_vocabulary::ParamKind;
use proc_macro2::Span;
use syn::parse::ParseStream;
use syn::{Expr, ExprLit, Lit, LitBool, LitInt, LitStr, Path};

/// Removes the invisible groups `macro_rules!` callers wrap around tokens.
pub fn ungroup(mut expr: &Expr) -> &Expr {
    while let Expr::Group(group) = expr {
        expr = &group.expr;
    }
    expr
}

/// The `= value` after `key`: `None` (reported) when there is no `=`.
pub fn value_of(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Expr> {
    if !input.peek(syn::Token![=]) {
        cx.spanned(key, format!("expected `{} = ...`", path_key(key)));
        super::skip_value(input);
        return None;
    }
    let _ = input.parse::<syn::Token![=]>();
    match input.parse::<Expr>() {
        Ok(expr) => Some(expr),
        Err(error) => {
            cx.push(error);
            None
        }
    }
}

impl AttrValue for LitStr {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let value = value_of(key, input, cx)?;
        string(&value, &path_key(key), cx)
    }
}

/// `value` as a string literal, or an error naming `key`.
pub fn string(value: &Expr, key: &str, cx: &Ctxt) -> Option<LitStr> {
    if let Expr::Lit(ExprLit {
        lit: Lit::Str(lit), ..
    }) = ungroup(value)
    {
        if lit.suffix().is_empty() {
            return Some(lit.clone());
        }
        cx.spanned(
            lit,
            format!("unexpected suffix `{}` on string literal", lit.suffix()),
        );
        return None;
    }
    cx.spanned(
        value,
        format!("expected `{key}` to be a string: `{key} = \"...\"`"),
    );
    None
}

impl AttrValue for LitBool {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let value = value_of(key, input, cx)?;
        if let Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        }) = ungroup(&value)
        {
            return Some(lit.clone());
        }
        cx.spanned(
            &value,
            format!("expected `{}` to be `true` or `false`", path_key(key)),
        );
        None
    }
}

impl AttrValue for LitInt {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let value = value_of(key, input, cx)?;
        if let Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) = ungroup(&value)
        {
            if lit.suffix().is_empty() {
                return Some(lit.clone());
            }
            cx.spanned(
                lit,
                format!("unexpected suffix `{}` on integer literal", lit.suffix()),
            );
            return None;
        }
        cx.spanned(
            &value,
            format!("expected `{}` to be a whole number", path_key(key)),
        );
        None
    }
}

/// A flag: the bare key means `true`; `key = true` and `key = false` are accepted too.
pub struct Flag(pub bool);

impl AttrValue for Flag {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        if input.peek(syn::Token![=]) {
            LitBool::read(key, input, cx).map(|lit| Flag(lit.value))
        } else {
            Some(Flag(true))
        }
    }
}

/// `crate = path` or `crate = "path"`: where the runtime crate is.
pub struct CratePath(pub Path);

impl CratePath {
    /// `::iris_module_core`: the runtime's path when no `crate = ...` says otherwise.
    pub fn default_path() -> Path {
        syn::parse_quote!(::iris_module_core)
    }
}

impl super::Slot<CratePath> {
    /// The runtime's path: the one `crate = ...` gave, else the default.
    pub fn path(&self) -> Path {
        self.value()
            .map_or_else(CratePath::default_path, |path| path.0.clone())
    }
}

impl AttrValue for CratePath {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let value = value_of(key, input, cx)?;
        match ungroup(&value) {
            Expr::Path(path) if path.qself.is_none() => Some(CratePath(path.path.clone())),
            Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            }) => match lit.parse::<Path>() {
                Ok(path) => Some(CratePath(path)),
                Err(_) => {
                    cx.spanned(lit, "expected a path, such as `::iris_module_core`");
                    None
                }
            },
            other => {
                cx.spanned(
                    other,
                    "expected a path, such as `crate = ::iris_module_core`",
                );
                None
            }
        }
    }
}

/// A `default = ...` literal, kept as written so the generated code types it.
pub enum DefaultLit {
    /// A string literal.
    Str(LitStr),
    /// `true` or `false`.
    Bool(LitBool),
    /// An integer literal, possibly negated, and its value.
    Int(Expr, i128),
    /// A float literal, possibly negated, and its value.
    Float(Expr, f64),
    /// `include_str!("file")`: a string read from a file beside the source (a long report
    /// template), as `include_str!` reads it.
    IncludeStr(syn::ExprMacro),
}

impl DefaultLit {
    /// The span of the literal, where a default that does not suit the field is reported.
    pub fn span(&self) -> Span {
        match self {
            DefaultLit::Str(lit) => lit.span(),
            DefaultLit::Bool(lit) => lit.span,
            DefaultLit::Int(expr, _) | DefaultLit::Float(expr, _) => {
                syn::spanned::Spanned::span(expr)
            }
            DefaultLit::IncludeStr(mac) => syn::spanned::Spanned::span(mac),
        }
    }
}

impl AttrValue for DefaultLit {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let value = value_of(key, input, cx)?;
        let (negative, inner) = match ungroup(&value) {
            Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr,
                ..
            }) => (true, ungroup(expr)),
            other => (false, other),
        };
        if let (false, Expr::Macro(mac)) = (negative, inner)
            && mac.mac.path.is_ident("include_str")
        {
            return Some(DefaultLit::IncludeStr(mac.clone()));
        }
        if let Expr::Lit(ExprLit { lit, .. }) = inner {
            match lit {
                Lit::Str(s) if !negative && s.suffix().is_empty() => {
                    return Some(DefaultLit::Str(s.clone()));
                }
                Lit::Bool(b) if !negative => return Some(DefaultLit::Bool(b.clone())),
                Lit::Int(int) => {
                    return match int.base10_parse::<u64>() {
                        Ok(n) => {
                            let n = i128::from(n);
                            Some(DefaultLit::Int(
                                value.clone(),
                                if negative { -n } else { n },
                            ))
                        }
                        Err(error) => {
                            cx.push(error);
                            None
                        }
                    };
                }
                Lit::Float(float) => {
                    return match float.base10_parse::<f64>() {
                        Ok(n) => Some(DefaultLit::Float(
                            value.clone(),
                            if negative { -n } else { n },
                        )),
                        Err(error) => {
                            cx.push(error);
                            None
                        }
                    };
                }
                _ => {}
            }
        }
        cx.spanned(
            &value,
            "expected `default` to be a literal: a string, `true`/`false`, an integer or a float \
             (or `include_str!(\"file\")` for a long text)",
        );
        None
    }
}

/// `kind = "..."` on a parameter: one of IRIS's configuration types.
pub struct KindValue(pub ParamKind, pub Span);

impl AttrValue for KindValue {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let lit = LitStr::read(key, input, cx)?;
        let value = lit.value();
        if let Some(kind) = ParamKind::from_iris_name(&value) {
            return Some(KindValue(kind, lit.span()));
        }
        let help = if value == "integer" {
            "\n  = help: IRIS's interface casts only `int`; use `kind = \"int\"`".to_owned()
        } else {
            let names: Vec<&str> = ParamKind::ALL.iter().map(|kind| kind.as_str()).collect();
            suggest::help(&value, &names)
        };
        cx.spanned(&lit, format!("unknown configuration type `{value}`{help}"));
        None
    }
}

/// `kind = "processor"` or `kind = "pipeline"` on the module struct.
pub struct ModuleKindValue(pub crate::module_kind::ModuleKind, pub Span);

impl AttrValue for ModuleKindValue {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        use crate::module_kind::ModuleKind;
        let lit = LitStr::read(key, input, cx)?;
        match lit.value().as_str() {
            "processor" => Some(ModuleKindValue(ModuleKind::Processor, lit.span())),
            "pipeline" => Some(ModuleKindValue(ModuleKind::Pipeline, lit.span())),
            other => {
                cx.spanned(
                    &lit,
                    format!(
                        "unknown module kind `{other}`{}",
                        suggest::help(other, &["processor", "pipeline"])
                    ),
                );
                None
            }
        }
    }
}

/// `pipeline_args = ...` on the module struct: never accepted; the key is known only to say
/// where a pipeline's arguments are declared.
pub struct PipelineArgsKey;

impl AttrValue for PipelineArgsKey {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        cx.spanned(
            key,
            "a pipeline's arguments are the fields of its `type Args` (a \
             `#[derive(PipelineArgs)]` struct) in `impl Pipeline`, not an attribute argument",
        );
        super::skip_value(input);
        None
    }
}
