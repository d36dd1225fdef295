//! Marker traits the macros use as compile-time checks. Each failing check is reported on the
//! user's token with a message saying what to change.

use super::{Json, Secret};

/// A marker trait implemented for the listed types and their `Option`s.
macro_rules! marker {
    ($(#[$attr:meta])* $trait:ident: [$($ty:ty),*] $(, generic [$($gen:ty),*])?) => {
        $(#[$attr])*
        pub trait $trait {}
        $(impl $trait for $ty {})*
        $(impl $trait for Option<$ty> {})*
        $($(impl<T> $trait for $gen {} impl<T> $trait for Option<$gen> {})*)?
    };
}

/// Traits checking that a field can hold an explicit `#[config_param(kind = "...")]`.
pub mod kinds {
    use super::*;

    marker!(
        /// A type that can hold a `string` parameter.
        #[diagnostic::on_unimplemented(
            message = "a `string` parameter cannot be held in `{Self}`",
            label = "cannot hold `string`",
            note = "use `String`"
        )]
        HoldsString: [String]
    );
    marker!(
        /// A type that can hold a `sensitive_string` parameter.
        #[diagnostic::on_unimplemented(
            message = "a `sensitive_string` parameter cannot be held in `{Self}`",
            label = "cannot hold `sensitive_string`",
            note = "use `Secret`, which keeps the value out of logs and `Debug` output"
        )]
        HoldsSensitiveString: [Secret]
    );
    marker!(
        /// A type that can hold an `int` parameter.
        #[diagnostic::on_unimplemented(
            message = "an `int` parameter cannot be held in `{Self}`",
            label = "cannot hold `int`",
            note = "use an integer type such as `i64`"
        )]
        HoldsInt: [i8, i16, i32, i64, isize, u8, u16, u32, u64, usize]
    );
    marker!(
        /// A type that can hold a `float` parameter.
        #[diagnostic::on_unimplemented(
            message = "a `float` parameter cannot be held in `{Self}`",
            label = "cannot hold `float`",
            note = "use `f64` or `f32`"
        )]
        HoldsFloat: [f32, f64]
    );
    marker!(
        /// A type that can hold a `bool` parameter.
        #[diagnostic::on_unimplemented(
            message = "a `bool` parameter cannot be held in `{Self}`",
            label = "cannot hold `bool`",
            note = "use `bool`"
        )]
        HoldsBool: [bool]
    );
    marker!(
        /// A type that can hold a `textfield_json` parameter.
        #[diagnostic::on_unimplemented(
            message = "a `textfield_json` parameter cannot be held in `{Self}`",
            label = "cannot hold `textfield_json`",
            note = "use `Json<T>` to parse the document, or `String` to keep the text"
        )]
        HoldsTextfieldJson: [String], generic [Json<T>]
    );
    marker!(
        /// A type that can hold a `textfield_html` parameter.
        #[diagnostic::on_unimplemented(
            message = "a `textfield_html` parameter cannot be held in `{Self}`",
            label = "cannot hold `textfield_html`",
            note = "use `String`"
        )]
        HoldsTextfieldHtml: [String]
    );
    marker!(
        /// A type that can hold a `textfield_markdown` parameter.
        #[diagnostic::on_unimplemented(
            message = "a `textfield_markdown` parameter cannot be held in `{Self}`",
            label = "cannot hold `textfield_markdown`",
            note = "use `String`"
        )]
        HoldsTextfieldMarkdown: [String]
    );
}

/// Traits checking that a `default = ...` literal suits the field's type.
pub mod defaults {
    use super::*;

    marker!(
        /// A type that a string default can initialise.
        #[diagnostic::on_unimplemented(
            message = "a string default cannot initialise a `{Self}` parameter",
            label = "this default does not suit the field's type"
        )]
        FromStrDefault: [String, Secret], generic [Json<T>]
    );
    marker!(
        /// A type that a boolean default can initialise.
        #[diagnostic::on_unimplemented(
            message = "a boolean default cannot initialise a `{Self}` parameter",
            label = "this default does not suit the field's type"
        )]
        FromBoolDefault: [bool]
    );
    marker!(
        /// A type that an integer default can initialise.
        #[diagnostic::on_unimplemented(
            message = "an integer default cannot initialise a `{Self}` parameter",
            label = "this default does not suit the field's type"
        )]
        FromIntDefault: [i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64]
    );
    marker!(
        /// A type that a float default can initialise.
        #[diagnostic::on_unimplemented(
            message = "a float default cannot initialise a `{Self}` parameter",
            label = "this default does not suit the field's type"
        )]
        FromFloatDefault: [f32, f64]
    );
}

/// A field without `#[config_param]`, built with `Default` at every instantiation.
#[diagnostic::on_unimplemented(
    message = "field of type `{Self}` has no `#[config_param]`, so it is built with `Default`, which `{Self}` does not implement",
    label = "needs `Default`",
    note = "add `#[config_param]` if it is configuration, or implement `Default` for it"
)]
pub trait DefaultField: Sized {
    /// The value the field starts with.
    fn default_value() -> Self;
}

impl<T: Default> DefaultField for T {
    fn default_value() -> Self {
        T::default()
    }
}

/// A configuration value that can also be left empty: an optional parameter without a default.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an optional configuration parameter without a default",
    label = "no value to use when IRIS has none",
    note = "add `default = ...` or `mandatory` to `#[config_param]`, or make the field an `Option<...>`; configuration values are `String`, `Secret`, `bool`, integers, floats, `Json<T>` and their `Option`s"
)]
pub trait OptionalValue: super::ConfigValue {}
impl OptionalValue for String {}
impl OptionalValue for bool {}
impl OptionalValue for Secret {}
impl<T: super::ConfigValue> OptionalValue for Option<T> {}

/// How the generated code reads one parameter of type `T`: obtained through [`param`] or
/// [`optional_param`], whose bound is the only place the field type is checked, so that a wrong
/// type gives one error.
pub struct ParamOps<T> {
    /// The IRIS `type` of `T`.
    pub kind: super::ParamKind,
    /// Reads the parameter.
    pub read: fn(&super::ModuleConfig, &super::ParamInfo, &mut super::ConfigErrors) -> Option<T>,
}

/// The operations of a parameter of type `T`.
pub const fn param<T: super::ConfigValue>() -> ParamOps<T> {
    ParamOps {
        kind: T::KIND,
        read: super::ModuleConfig::param::<T>,
    }
}

/// The operations of an optional parameter without a default, of type `T`.
pub const fn optional_param<T: OptionalValue>() -> ParamOps<T> {
    param::<T>()
}
