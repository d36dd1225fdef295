//! The one "did you mean" rule of the project, for the macros' keys and hook names, the
//! runtime's case vocabularies, `enabled_by` (checked while constants are evaluated, hence
//! `const fn`) and `cargo iris`'s answers and hook names.
//!
//! A candidate is a likely typo of what was written when their edit distance (insertions,
//! deletions, substitutions and swaps of two neighbours, ASCII case ignored) is at most a third of
//! what was written, plus one. Names longer than [`LONGEST_NAME`] bytes are never close: no IRIS
//! name is that long, and the cost stays bounded whatever a caller passes.

/// The longest name compared, in bytes; longer ones have no suggestion.
pub const LONGEST_NAME: usize = 64;

/// The edit distance of `a` and `b`, ASCII case ignored: the fewest insertions, deletions,
/// substitutions and swaps of two neighbouring bytes that turn one into the other (optimal string
/// alignment). `usize::MAX` when either is longer than [`LONGEST_NAME`].
pub const fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > LONGEST_NAME || b.len() > LONGEST_NAME {
        return usize::MAX;
    }
    // Three rows of the distance table: two rows back (for swaps), the last one, this one.
    let mut before = [0usize; LONGEST_NAME + 1];
    let mut last = [0usize; LONGEST_NAME + 1];
    let mut row = [0usize; LONGEST_NAME + 1];
    let mut j = 0;
    while j <= b.len() {
        last[j] = j;
        j += 1;
    }
    let mut i = 1;
    while i <= a.len() {
        row[0] = i;
        let mut j = 1;
        while j <= b.len() {
            let same = a[i - 1].eq_ignore_ascii_case(&b[j - 1]);
            let mut best = min(last[j - 1] + if same { 0 } else { 1 }, last[j] + 1);
            best = min(best, row[j - 1] + 1);
            if i > 1
                && j > 1
                && a[i - 1].eq_ignore_ascii_case(&b[j - 2])
                && a[i - 2].eq_ignore_ascii_case(&b[j - 1])
            {
                best = min(best, before[j - 2] + 1);
            }
            row[j] = best;
            j += 1;
        }
        before = last;
        last = row;
        i += 1;
    }
    last[b.len()]
}

/// Whether `candidate` is close enough to `written` to be suggested for it (see the module docs).
pub const fn is_likely_typo(written: &str, candidate: &str) -> bool {
    edit_distance(written, candidate) <= 1 + written.len() / 3
}

/// The candidate closest to `written` that is a likely typo of it (the first of equals).
pub fn closest<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest_few(written, candidates, 1).into_iter().next()
}

/// Up to `count` candidates that are likely typos of `written`, closest first, in their order
/// among equals.
pub fn closest_few<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
) -> Vec<&'a str> {
    let mut close: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|candidate| is_likely_typo(written, candidate))
        .map(|candidate| (edit_distance(written, candidate), candidate))
        .collect();
    close.sort_by_key(|(distance, _)| *distance);
    close.into_iter().take(count).map(|(_, c)| c).collect()
}

const fn min(a: usize, b: usize) -> usize {
    if a < b { a } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_edits_swaps_and_ignores_case() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("SHA256", "sha256"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance(&"a".repeat(65), "a"), usize::MAX);
    }

    #[test]
    fn suggests_typos_only() {
        let hooks = crate::HOOKS.iter().map(|h| h.name);
        assert_eq!(
            closest("on_postload_ioc_creat", hooks),
            Some("on_postload_ioc_create")
        );
        assert_eq!(closest("knd", ["kind", "name"]), Some("kind"));
        assert_eq!(closest("colour", ["kind", "name"]), None);
        assert_eq!(
            closest_few("domian", ["domain", "ip-src", "domain|ip"], 3),
            vec!["domain"]
        );
        assert_eq!(closest(&"x".repeat(10_000), ["x"]), None);
    }
}
