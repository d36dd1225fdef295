//! Marker traits the macros use as compile-time checks. Each failing check is reported on the
//! user's token with a message saying what to change.

use super::error::ValueError;
use super::json::Json;
use super::param::{ParamInfo, ParamKind};
use super::secret::Secret;
use super::source::{ConfigErrors, ModuleConfig, TypedDefault};
use super::value::ConfigValue;

/// Implements a check trait for the listed types and their `Option`s. The impls are not
/// recommended in errors, so that a failed check ends with the trait's own note (the fix).
macro_rules! holds {
    ($trait:ident: [$($ty:ty),*] $(, generic [$($gen:ty),*])?) => {
        $(
            #[diagnostic::do_not_recommend]
            impl $trait for $ty {}
            #[diagnostic::do_not_recommend]
            impl $trait for Option<$ty> {}
        )*
        $($(
            #[diagnostic::do_not_recommend]
            impl<T> $trait for $gen {}
            #[diagnostic::do_not_recommend]
            impl<T> $trait for Option<$gen> {}
        )*)?
    };
}

/// Traits checking that a field can hold an explicit `#[config_param(kind = "...")]`; each is the
/// `check_trait` of its [`ParamKind`], named in `iris-module-vocabulary`. The
/// generated code reads `<Field as HoldsX>::CHECKED`.
pub mod kinds {
    use super::*;

    /// A type that can hold a `string` parameter.
    #[diagnostic::on_unimplemented(
        message = "a `string` parameter cannot be held in `{Self}`",
        label = "cannot hold `string`",
        note = "use `String`"
    )]
    pub trait HoldsString {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsString: [String]);

    /// A type that can hold a `sensitive_string` parameter.
    #[diagnostic::on_unimplemented(
        message = "a `sensitive_string` parameter cannot be held in `{Self}`",
        label = "cannot hold `sensitive_string`",
        note = "use `Secret`, which keeps the value out of logs and `Debug` output"
    )]
    pub trait HoldsSensitiveString {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsSensitiveString: [Secret]);

    /// A type that can hold an `int` parameter.
    #[diagnostic::on_unimplemented(
        message = "an `int` parameter cannot be held in `{Self}`",
        label = "cannot hold `int`",
        note = "use an integer type such as `i64`"
    )]
    pub trait HoldsInt {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsInt: [i8, i16, i32, i64, isize, u8, u16, u32, u64, usize]);

    /// A type that can hold a `float` parameter.
    #[diagnostic::on_unimplemented(
        message = "a `float` parameter cannot be held in `{Self}`",
        label = "cannot hold `float`",
        note = "use `f64` or `f32`"
    )]
    pub trait HoldsFloat {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsFloat: [f32, f64]);

    /// A type that can hold a `bool` parameter.
    #[diagnostic::on_unimplemented(
        message = "a `bool` parameter cannot be held in `{Self}`",
        label = "cannot hold `bool`",
        note = "use `bool`"
    )]
    pub trait HoldsBool {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsBool: [bool]);

    /// A type that can hold a `textfield_json` parameter.
    #[diagnostic::on_unimplemented(
        message = "a `textfield_json` parameter cannot be held in `{Self}`",
        label = "cannot hold `textfield_json`",
        note = "use `Json<T>` to parse the document, or `String` to keep the text"
    )]
    pub trait HoldsTextfieldJson {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsTextfieldJson: [String], generic [Json<T>]);

    /// A type that can hold a `textfield_html` parameter.
    #[diagnostic::on_unimplemented(
        message = "a `textfield_html` parameter cannot be held in `{Self}`",
        label = "cannot hold `textfield_html`",
        note = "use `String`"
    )]
    pub trait HoldsTextfieldHtml {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsTextfieldHtml: [String]);

    /// A type that can hold a `textfield_markdown` parameter.
    #[diagnostic::on_unimplemented(
        message = "a `textfield_markdown` parameter cannot be held in `{Self}`",
        label = "cannot hold `textfield_markdown`",
        note = "use `String`"
    )]
    pub trait HoldsTextfieldMarkdown {
        /// Named by the generated check.
        const CHECKED: () = ();
    }
    holds!(HoldsTextfieldMarkdown: [String]);

    /// Every configuration type of the vocabulary has its check trait here: a type added to the
    /// vocabulary without one fails this crate's build, not a user's.
    macro_rules! every_kind_has_its_check_trait {
        ($($variant:ident = $name:literal, $what:literal, $check:ident;)*) => {
            const _: () = {
                $(
                    #[allow(dead_code)]
                    fn $check<T: $check>() {}
                )*
            };
        };
    }
    iris_module_vocabulary::with_param_kinds!(every_kind_has_its_check_trait);
}

/// How a `default = ...` literal becomes a field's value. The generated code writes
/// `<Field as IntDefault>::from_literal(30)` with the user's literal, so the compiler types the
/// literal itself: `300` for a `u8` is refused on the literal, a `u64` above `i64::MAX` is
/// accepted, and a default that does not suit the field's type is an error on the literal.
pub mod defaults {
    use super::*;

    /// A type that a string default can initialise.
    #[diagnostic::on_unimplemented(
        message = "a string default cannot initialise a `{Self}` parameter",
        label = "this default does not suit the field's type"
    )]
    pub trait StrDefault: Sized {
        /// The value of the default, read as IRIS's text would be; an error says why the text
        /// does not fit (a `Json<T>` whose document does not have `T`'s shape). A configuration
        /// type of your own takes string defaults with an empty `impl StrDefault for T {}`.
        fn from_literal(literal: &'static str) -> Result<Self, ValueError>
        where
            Self: ConfigValue,
        {
            Self::from_config(&serde_json::Value::String(literal.to_owned()))
        }
    }

    /// A type that a boolean default can initialise.
    #[diagnostic::on_unimplemented(
        message = "a boolean default cannot initialise a `{Self}` parameter",
        label = "this default does not suit the field's type"
    )]
    pub trait BoolDefault: Sized {
        /// The value of the default.
        fn from_literal(literal: bool) -> Result<Self, ValueError>;
    }

    /// A type that an integer default can initialise.
    #[diagnostic::on_unimplemented(
        message = "an integer default cannot initialise a `{Self}` parameter",
        label = "this default does not suit the field's type"
    )]
    pub trait IntDefault: Sized {
        /// The type the literal is given: the field's integer type (a float field takes an
        /// integer type it holds exactly: `i32` for `f64`, `i16` for `f32`).
        type Literal;
        /// The value of the default.
        fn from_literal(literal: Self::Literal) -> Result<Self, ValueError>;
    }

    /// A type that a float default can initialise.
    #[diagnostic::on_unimplemented(
        message = "a float default cannot initialise a `{Self}` parameter",
        label = "this default does not suit the field's type"
    )]
    pub trait FloatDefault: Sized {
        /// The type the literal is given.
        type Literal;
        /// The value of the default.
        fn from_literal(literal: Self::Literal) -> Result<Self, ValueError>;
    }

    #[diagnostic::do_not_recommend]
    impl StrDefault for String {}

    #[diagnostic::do_not_recommend]
    impl<T: serde::de::DeserializeOwned> StrDefault for Json<T> {}

    #[diagnostic::do_not_recommend]
    impl BoolDefault for bool {
        fn from_literal(literal: bool) -> Result<Self, ValueError> {
            Ok(literal)
        }
    }

    macro_rules! exact {
        ($trait:ident: $($ty:ty),*) => {$(
            #[diagnostic::do_not_recommend]
            impl $trait for $ty {
                type Literal = $ty;
                fn from_literal(literal: $ty) -> Result<Self, ValueError> {
                    Ok(literal)
                }
            }
        )*};
    }
    exact!(IntDefault: i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
    exact!(FloatDefault: f32, f64);

    /// A float field takes an integer default of a type it holds exactly.
    macro_rules! int_for_float {
        ($($ty:ty: $literal:ty),*) => {$(
            #[diagnostic::do_not_recommend]
            impl IntDefault for $ty {
                type Literal = $literal;
                fn from_literal(literal: $literal) -> Result<Self, ValueError> {
                    Ok(<$ty>::from(literal))
                }
            }
        )*};
    }
    int_for_float!(f32: i16, f64: i32);

    /// `Option<T>` takes the defaults `T` takes.
    macro_rules! optional {
        ($($trait:ident: $literal:ty),*) => {$(
            #[diagnostic::do_not_recommend]
            impl<T: $trait> $trait for Option<T> {
                type Literal = $literal;
                fn from_literal(literal: Self::Literal) -> Result<Self, ValueError> {
                    T::from_literal(literal).map(Some)
                }
            }
        )*};
    }
    optional!(IntDefault: T::Literal, FloatDefault: T::Literal);

    #[diagnostic::do_not_recommend]
    impl<T: StrDefault + ConfigValue> StrDefault for Option<T> {
        fn from_literal(literal: &'static str) -> Result<Self, ValueError> {
            T::from_literal(literal).map(Some)
        }
    }

    #[diagnostic::do_not_recommend]
    impl<T: BoolDefault> BoolDefault for Option<T> {
        fn from_literal(literal: bool) -> Result<Self, ValueError> {
            T::from_literal(literal).map(Some)
        }
    }
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
pub trait OptionalValue: ConfigValue {}
#[diagnostic::do_not_recommend]
impl OptionalValue for String {}
#[diagnostic::do_not_recommend]
impl OptionalValue for bool {}
#[diagnostic::do_not_recommend]
impl OptionalValue for Secret {}
#[diagnostic::do_not_recommend]
impl<T: ConfigValue> OptionalValue for Option<T> {}

/// [`ModuleConfig::param`] for a `T`.
pub type ReadParam<T> =
    fn(&ModuleConfig, &ParamInfo, Option<TypedDefault<T>>, &mut ConfigErrors) -> Option<T>;

/// How the generated code reads one parameter of type `T`: obtained through [`param`] or
/// [`optional_param`], whose bound is the only place the field type is checked, so that a wrong
/// type gives one error.
pub struct ParamOps<T> {
    /// The IRIS `type` of `T`.
    pub kind: ParamKind,
    /// Reads the parameter, given the typed value of its default.
    pub read: ReadParam<T>,
}

/// The operations of a parameter of type `T`.
pub const fn param<T: ConfigValue>() -> ParamOps<T> {
    ParamOps {
        kind: T::KIND,
        read: ModuleConfig::param::<T>,
    }
}

/// The operations of an optional parameter without a default, of type `T`.
pub const fn optional_param<T: OptionalValue>() -> ParamOps<T> {
    param::<T>()
}
