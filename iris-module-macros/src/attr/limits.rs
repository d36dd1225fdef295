//! The limits the attributes set on calls: a hook's time limit (`timeout = "60s"`) and a module's
//! number of concurrent calls (`max_concurrent_calls = 4`), each read and bounded here.

use super::AttrValue;
use crate::ctxt::Ctxt;
use std::time::Duration;
use syn::parse::ParseStream;
use syn::{LitInt, LitStr, Path};

/// The longest time limit an attribute may give (a day): a hook's limit is for a worker's task.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// The most concurrent calls a module may allow (more is no limit at all).
pub const MAX_CONCURRENT_CALLS: u64 = 1000;

/// `timeout = "60s"` on a hook: a duration as `humantime` reads it (`500ms`, `90s`, `5m`,
/// `1h 30m`), more than zero and at most [`MAX_TIMEOUT`].
pub struct TimeoutValue(pub Duration);

impl AttrValue for TimeoutValue {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let lit = LitStr::read(key, input, cx)?;
        match timeout(&lit.value()) {
            Ok(duration) => Some(TimeoutValue(duration)),
            Err(problem) => {
                cx.spanned(&lit, problem);
                None
            }
        }
    }
}

/// `text` as a time limit, or why it is not one.
fn timeout(text: &str) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text).map_err(|error| {
        format!(
            "`{text}` is not a duration ({error})\n  = help: write a number and a unit, as \
             `500ms`, `60s`, `5m` or `1h 30m`"
        )
    })?;
    if duration.is_zero() {
        return Err("a time limit of 0 would stop every call at once: give more than 0".into());
    }
    if duration > MAX_TIMEOUT {
        return Err(format!(
            "`{text}` is more than a day (`24h`), the longest time limit a hook may have"
        ));
    }
    if duration.subsec_nanos() % 1_000_000 != 0 {
        return Err(format!(
            "`{text}` is finer than a millisecond: give the limit in whole milliseconds"
        ));
    }
    Ok(duration)
}

/// `max_concurrent_calls = N` on a module: from 1 to [`MAX_CONCURRENT_CALLS`].
pub struct CallLimitValue(pub u32);

impl AttrValue for CallLimitValue {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let lit = LitInt::read(key, input, cx)?;
        match lit.base10_parse::<u64>() {
            Ok(0) => cx.spanned(
                &lit,
                "`max_concurrent_calls = 0` would refuse every call: allow at least 1",
            ),
            Ok(value) if value <= MAX_CONCURRENT_CALLS => {
                return Some(CallLimitValue(value as u32));
            }
            _ => cx.spanned(
                &lit,
                format!(
                    "`max_concurrent_calls` is at most {MAX_CONCURRENT_CALLS}: for no limit, \
                     leave it out"
                ),
            ),
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_durations_and_refuses_what_is_not_a_limit() {
        assert_eq!(timeout("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(timeout("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(timeout("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(timeout("24h"), Ok(MAX_TIMEOUT));
        for bad in [
            "",
            "60",
            "s",
            "60 sec onds",
            "-1s",
            "25h",
            "0s",
            "1500us",
            "ten seconds",
        ] {
            assert!(timeout(bad).is_err(), "{bad}");
        }
    }
}
