//! IRIS's IOC types (v2.4.20's first start creates 160, MISP's names: `domain`, `ip-dst|port`,
//! `filename|sha256`...) and the one rule of a hook's IOC-type filter: each entry an IOC type's
//! name, or a family (`ip-*`: every type whose name starts with `ip-`).

use std::sync::OnceLock;

/// IRIS v2.4.20's named lists as its first start creates them (IOC types with their validation
/// patterns, asset types, TLPs, event categories, task and analysis statuses), in its order:
/// what the runtime's case writer reads them from and the macros check IOC-type filters with.
pub const IRIS_DEFAULTS_JSON: &str = include_str!("iris_defaults.json");

/// The names of IRIS v2.4.20's IOC types, in IRIS's order.
pub fn ioc_type_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Defaults {
            ioc_types: Vec<(String, Option<String>, Option<String>)>,
        }
        serde_json::from_str::<Defaults>(IRIS_DEFAULTS_JSON)
            .map(|defaults| {
                defaults
                    .ioc_types
                    .into_iter()
                    .map(|(name, ..)| name)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Whether an IOC of type `type_name` passes `filter` (an empty filter passes every IOC). IRIS
/// compares type names as they are written.
pub fn ioc_type_passes(filter: &[&str], type_name: &str) -> bool {
    filter.is_empty()
        || filter.iter().any(|entry| match entry.strip_suffix('*') {
            Some(family) => type_name.starts_with(family),
            None => *entry == type_name,
        })
}

/// What is wrong with one entry of an IOC-type filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IocTypeProblem {
    /// The problem.
    pub message: String,
    /// What was likely meant (a type, or a family with its `*`).
    pub closest: Option<String>,
}

/// What is wrong with one entry of an IOC-type filter; `None` when it names an IRIS type or a
/// family of them.
pub fn ioc_type_filter_problem(entry: &str) -> Option<IocTypeProblem> {
    let names = ioc_type_names();
    let problem =
        |message: String, closest: Option<String>| Some(IocTypeProblem { message, closest });
    let family = entry.strip_suffix('*');
    if family.unwrap_or(entry).contains('*') {
        return problem(
            format!("`{entry}`: a `*` only ends a family (`ip-*`: every type starting with `ip-`)"),
            None,
        );
    }
    match family {
        Some("") => problem(
            format!("`{entry}` is every IOC type: leave `ioc_types` out instead"),
            None,
        ),
        Some(family) if names.iter().any(|name| name.starts_with(family)) => None,
        Some(family) => {
            let length = family.chars().count();
            let stems: Vec<String> = names
                .iter()
                .filter(|name| name.chars().count() > length)
                .map(|name| name.chars().take(length).collect())
                .collect();
            let closest = crate::did_you_mean::closest(family, stems.iter().map(String::as_str));
            problem(
                format!("no IRIS IOC type starts with `{family}`"),
                closest.map(|stem| format!("{stem}*")),
            )
        }
        None if names.iter().any(|name| name == entry) => None,
        None => {
            let closest = crate::did_you_mean::closest(entry, names.iter().map(String::as_str));
            problem(
                format!("unknown IOC type `{entry}`: not one of IRIS v2.4.20's"),
                closest.map(str::to_owned),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_has_its_160_types() {
        let names = ioc_type_names();
        assert_eq!(names.len(), 160);
        for name in ["domain", "ip-dst|port", "filename|sha256", "md5", "AS"] {
            assert!(names.iter().any(|n| n == name), "{name}");
        }
    }

    #[test]
    fn names_and_families_pass_what_they_name() {
        let filter = ["domain", "ip-*", "filename|*"];
        for (type_name, passes) in [
            ("domain", true),
            ("ip-dst|port", true),
            ("ip-src", true),
            ("filename|sha256", true),
            ("filename", false),
            ("hostname", false),
            ("Domain", false),
        ] {
            assert_eq!(ioc_type_passes(&filter, type_name), passes, "{type_name}");
        }
        assert!(ioc_type_passes(&[], "anything"));
    }

    #[test]
    fn each_wrong_entry_is_named_with_the_closest_type() {
        assert_eq!(ioc_type_filter_problem("domain"), None);
        assert_eq!(ioc_type_filter_problem("ip-*"), None);
        let problem = ioc_type_filter_problem("domian").unwrap();
        assert_eq!(
            problem.message,
            "unknown IOC type `domian`: not one of IRIS v2.4.20's"
        );
        assert_eq!(problem.closest.as_deref(), Some("domain"));
        let problem = ioc_type_filter_problem("filenam|*").unwrap();
        assert_eq!(problem.message, "no IRIS IOC type starts with `filenam|`");
        assert_eq!(problem.closest.as_deref(), Some("filename*"));
        assert!(
            ioc_type_filter_problem("i*p")
                .unwrap()
                .message
                .contains("only ends a family")
        );
        assert!(
            ioc_type_filter_problem("*")
                .unwrap()
                .message
                .contains("leave `ioc_types` out")
        );
    }
}
