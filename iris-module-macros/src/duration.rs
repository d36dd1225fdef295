//! The durations the attributes take (`timeout = "60s"`): a whole number and one unit, `ms`,
//! `s`, `m` or `h`.

/// The longest duration an attribute may give (a day): a hook's limit is for a worker's task.
pub const MAX_MILLIS: u64 = 24 * 60 * 60 * 1000;

/// `text` in milliseconds, or why it is not a duration.
pub fn millis(text: &str) -> Result<u64, String> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let scale = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60 * 1000,
        "h" => 60 * 60 * 1000,
        _ => {
            return Err(format!(
                "`{text}` is not a duration: write a whole number and a unit, as `500ms`, \
                 `60s`, `5m` or `1h`"
            ));
        }
    };
    let value: u64 = number.parse().map_err(|_| {
        format!("`{text}` is not a duration: the number comes first, as in `60s`")
    })?;
    match value.checked_mul(scale) {
        Some(0) => Err("a duration of 0 would stop every call at once: give more than 0".into()),
        Some(millis) if millis <= MAX_MILLIS => Ok(millis),
        _ => Err(format!("`{text}` is more than a day (`24h`), the longest limit")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_unit_and_refuses_the_rest() {
        assert_eq!(millis("500ms"), Ok(500));
        assert_eq!(millis("60s"), Ok(60_000));
        assert_eq!(millis("5m"), Ok(300_000));
        assert_eq!(millis("24h"), Ok(MAX_MILLIS));
        for bad in ["", "60", "s", "60 s", "1.5s", "60sec", "-1s", "25h", "0s", "99999999999999999999h"] {
            assert!(millis(bad).is_err(), "{bad}");
        }
    }
}
