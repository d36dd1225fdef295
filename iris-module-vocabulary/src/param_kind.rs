//! The configuration types IRIS knows (the `type` of a configuration entry).

/// Calls `$callback! { Variant = "iris_name", "description", CheckTrait; ... }` with every
/// configuration type: the variant of [`ParamKind`], the name IRIS stores, what the analyst sees,
/// and the runtime's trait that a field type implements when it can hold such a parameter (the
/// runtime checks at its own build that each one exists).
#[macro_export]
macro_rules! with_param_kinds {
    ($callback:ident) => {
        $callback! {
            String = "string", "a one-line text input", HoldsString;
            SensitiveString = "sensitive_string", "a secret (API key, token)", HoldsSensitiveString;
            Int = "int", "an integer (the interface casts it)", HoldsInt;
            Float = "float", "a number, passed as text", HoldsFloat;
            Bool = "bool", "a checkbox", HoldsBool;
            TextfieldJson = "textfield_json", "a JSON editor", HoldsTextfieldJson;
            TextfieldHtml = "textfield_html", "an HTML editor (report templates)", HoldsTextfieldHtml;
            TextfieldMarkdown = "textfield_markdown", "a Markdown editor", HoldsTextfieldMarkdown;
        }
    };
}

macro_rules! define_param_kind {
    ($($variant:ident = $name:literal, $what:literal, $check:ident;)*) => {
        /// The IRIS configuration `type` of a parameter.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ParamKind {
            $(
                #[doc = concat!("`", $name, "`: ", $what, ".")]
                $variant,
            )*
        }

        impl ParamKind {
            /// Every configuration type, in IRIS's order.
            pub const ALL: &'static [ParamKind] = &[$(ParamKind::$variant,)*];

            /// The `type` string IRIS stores.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ParamKind::$variant => $name,)*
                }
            }

            /// The name of this variant.
            pub const fn variant_name(self) -> &'static str {
                match self {
                    $(ParamKind::$variant => stringify!($variant),)*
                }
            }

            /// The name of the runtime's trait that a field type implements when it can hold a
            /// parameter of this type.
            pub const fn check_trait(self) -> &'static str {
                match self {
                    $(ParamKind::$variant => stringify!($check),)*
                }
            }
        }
    };
}

with_param_kinds!(define_param_kind);

impl ParamKind {
    /// The configuration type IRIS names `name`.
    pub fn from_iris_name(name: &str) -> Option<ParamKind> {
        ParamKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == name)
    }
}
