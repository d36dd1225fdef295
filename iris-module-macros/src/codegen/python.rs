//! `__python_module!($crate; Module [; path])`: the `#[pymodule]` of a module crate, named after
//! the crate (the name maturin gives the extension). Its Rust name, `one_python_module_per_crate`,
//! says why a second `python_module!` in the crate is an error: IRIS loads one module class per
//! Python package, and a crate builds one package. `$crate` reaches the runtime from the
//! generated code; PyO3's own `crate = "..."` needs a path it can read as text, so a crate that
//! renames its `iris-module-core` dependency passes it: `python_module!(Module, crate = my_core)`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{ParseStream, Parser};

/// The parsed input: the runtime as `$crate`, the module type, and the runtime's path as the
/// crate names it, when it renamed it.
struct PythonModule {
    runtime: TokenStream,
    module: syn::Type,
    renamed: Option<syn::Path>,
}

fn parse(input: ParseStream) -> syn::Result<PythonModule> {
    let mut runtime = TokenStream::new();
    while !input.peek(syn::Token![;]) {
        runtime.extend([input.parse::<TokenTree>()?]);
    }
    input.parse::<syn::Token![;]>()?;
    let module = input.parse()?;
    let renamed = if input.parse::<Option<syn::Token![;]>>()?.is_some() {
        Some(input.parse()?)
    } else {
        None
    };
    Ok(PythonModule {
        runtime,
        module,
        renamed,
    })
}

/// The `#[pymodule]` for the input, or a compile error.
pub fn generate(input: TokenStream) -> TokenStream {
    let PythonModule {
        runtime,
        module,
        renamed,
    } = match parse.parse2(input) {
        Ok(parsed) => parsed,
        Err(error) => return error.to_compile_error(),
    };
    let Ok(crate_name) = std::env::var("CARGO_CRATE_NAME") else {
        return syn::Error::new(
            Span::call_site(),
            "`python_module!` needs cargo's CARGO_CRATE_NAME to name the Python extension",
        )
        .to_compile_error();
    };
    let runtime_path = renamed.unwrap_or_else(crate::attr::values::CratePath::default_path);
    let runtime_path = quote!(#runtime_path).to_string().replace(' ', "");
    let pyo3_path = format!("{runtime_path}::__private::pyo3");
    quote! {
        #[doc(hidden)]
        #[#runtime::__private::pyo3::pymodule]
        #[pyo3(name = #crate_name, crate = #pyo3_path)]
        fn one_python_module_per_crate(
            module: &#runtime::__private::pyo3::Bound<
                '_,
                #runtime::__private::pyo3::types::PyModule,
            >,
        ) -> #runtime::__private::pyo3::PyResult<()> {
            #runtime::python::export::<#module>(module)
        }
    }
}
