//! IOC types' validation patterns, compiled once per pattern for the process (not once per IOC:
//! 100,000 md5 IOCs compiled IRIS's md5 pattern 100,000 times).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// More distinct patterns than any IRIS has: past it the cache starts again.
const MAX_PATTERNS: usize = 4096;

/// Whether `value` matches `pattern` in full, ignoring case (IRIS's `IocSchema.verify_data`);
/// `None` when Rust's engine cannot read the pattern.
pub(crate) fn full_match(pattern: &str, value: &str) -> Option<bool> {
    compiled(pattern).map(|regex| regex.is_match(value))
}

/// The compiled pattern, shared (an `Arc`: a cloned `Regex` would build its match caches again).
fn compiled(pattern: &str) -> Option<Arc<regex::Regex>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Arc<regex::Regex>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(pattern)
    {
        return found.clone();
    }
    #[cfg(test)]
    tests::compiling(pattern);
    let regex = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .case_insensitive(true)
        .build()
        .ok()
        .map(Arc::new);
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= MAX_PATTERNS {
        cache.clear();
    }
    cache.insert(pattern.to_owned(), regex.clone());
    regex
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many times each pattern was compiled.
    static COMPILATIONS: Mutex<Vec<String>> = Mutex::new(Vec::new());

    pub(super) fn compiling(pattern: &str) {
        COMPILATIONS.lock().unwrap().push(pattern.to_owned());
    }

    fn compilations(pattern: &str) -> usize {
        COMPILATIONS
            .lock()
            .unwrap()
            .iter()
            .filter(|p| *p == pattern)
            .count()
    }

    #[test]
    fn a_pattern_is_compiled_once_for_every_value() {
        for pattern in ["[a-f0-9]{32}-once-only", "(unclosed-once-only"] {
            let matched = (0..1000)
                .filter(|n| full_match(pattern, &format!("{n:032X}-once-only")) == Some(true))
                .count();
            assert_eq!(compilations(pattern), 1, "{pattern}");
            assert_eq!(matched, if pattern.starts_with('[') { 1000 } else { 0 });
        }
        assert_eq!(full_match("[a-f0-9]{32}-once-only", "zz"), Some(false));
        assert_eq!(full_match("(unclosed-once-only", "x"), None);
    }
}
