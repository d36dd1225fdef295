//! What the elements of a hook's data list are.

/// Calls `$callback! { Alert, AlertIds, ... }` with every data kind, the name of the runtime type
/// of its objects (in `iris_module_core::objects`). The runtime builds its payload enum from it.
#[macro_export]
macro_rules! with_data_kinds {
    ($callback:ident) => {
        $callback! {
            Alert,
            AlertIds,
            Asset,
            Case,
            Comment,
            CommentAdded,
            Event,
            Evidence,
            GlobalTask,
            Ioc,
            Note,
            ObjectId,
            ReportGenerated,
            RequestBody,
            Task,
        }
    };
}

macro_rules! define_data_kind {
    ($($kind:ident,)*) => {
        /// What the elements of a hook's data list are: each variant is named after the type of
        /// its objects.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum DataKind {
            $(
                #[doc = concat!("A list of `", stringify!($kind), "`.")]
                $kind,
            )*
        }

        impl DataKind {
            /// Every data kind.
            pub const ALL: &'static [DataKind] = &[$(DataKind::$kind,)*];

            /// The name of the runtime type of the elements (and of this variant).
            pub const fn type_name(self) -> &'static str {
                match self {
                    $(DataKind::$kind => stringify!($kind),)*
                }
            }
        }
    };
}

with_data_kinds!(define_data_kind);

impl DataKind {
    /// The data kind whose objects have the type named `name`.
    pub fn from_type_name(name: &str) -> Option<DataKind> {
        DataKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.type_name() == name)
    }
}
