//! `__python_module!(Module)`: the `#[pymodule]` of a module crate, named after the crate (the
//! name maturin gives the extension).

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// The `#[pymodule]` for `module`, or a compile error when the crate name is unknown.
pub fn generate(module: &syn::Type) -> TokenStream {
    let Ok(crate_name) = std::env::var("CARGO_CRATE_NAME") else {
        return syn::Error::new(
            Span::call_site(),
            "`python_module!` needs cargo's CARGO_CRATE_NAME to name the Python extension",
        )
        .to_compile_error();
    };
    quote! {
        #[doc(hidden)]
        #[::iris_module_core::__private::pyo3::pymodule]
        #[pyo3(name = #crate_name, crate = "::iris_module_core::__private::pyo3")]
        fn __iris_python_module(
            module: &::iris_module_core::__private::pyo3::Bound<
                '_,
                ::iris_module_core::__private::pyo3::types::PyModule,
            >,
        ) -> ::iris_module_core::__private::pyo3::PyResult<()> {
            ::iris_module_core::python::export::<#module>(module)
        }
    }
}
