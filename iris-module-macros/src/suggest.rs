//! "Did you mean" help lines for misspelt keys, kinds and hook names, by the project's one rule
//! ([`iris_module_vocabulary::did_you_mean`]).

pub use iris_module_vocabulary::did_you_mean::closest;

/// A help line for an unknown `input`: the closest candidate, or the list when it is short.
pub fn help(input: &str, candidates: &[&str]) -> String {
    match closest(input, candidates.iter().copied()) {
        Some(best) => format!("\n  = help: did you mean `{best}`?"),
        None if candidates.len() <= 10 => {
            let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
            format!("\n  = help: expected one of {}", list.join(", "))
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_hook() {
        let hooks = iris_module_vocabulary::HOOKS.iter().map(|h| h.name);
        assert_eq!(
            closest("on_postload_ioc_creat", hooks),
            Some("on_postload_ioc_create")
        );
    }

    #[test]
    fn lists_short_candidate_lists_when_nothing_is_close() {
        assert_eq!(
            help("zzz", &["kind", "name"]),
            "\n  = help: expected one of `kind`, `name`"
        );
        assert_eq!(
            help("knd", &["kind", "name"]),
            "\n  = help: did you mean `kind`?"
        );
    }
}
