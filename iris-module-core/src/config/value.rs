//! `ConfigValue`: how a Rust type reads its value from what IRIS stores.

use super::error::ValueError;
use super::param::ParamKind;
use serde_json::Value;

/// A Rust type that can hold a configuration parameter.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold an IRIS configuration parameter",
    label = "not a configuration value",
    note = "use `String`, `Secret`, `bool`, an integer, a float, `Json<T>` or an `Option` of one of these; or remove `#[config_param]` to build the field with `Default`"
)]
pub trait ConfigValue: Sized {
    /// The IRIS `type` used when `#[config_param]` gives no `kind`.
    const KIND: ParamKind;

    /// Whether an empty string means "no value" for this type.
    const EMPTY_IS_UNSET: bool = true;

    /// Whether the type is an `Option`: a pipeline argument of such a type is optional.
    const OPTIONAL: bool = false;

    /// Reads a value as IRIS stores it (strings, bools; ints for `int`), or says what is wrong.
    fn from_config(raw: &Value) -> Result<Self, ValueError>;

    /// The value of an optional parameter that has neither a value nor a default.
    fn unset() -> Option<Self> {
        None
    }
}

/// The JSON type of a value, for messages that must not show the value.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A short quotation of a (non-secret) value for error messages.
fn quote(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}...", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// `expected`, found (a short quotation of) `value`.
fn expected(expected: &'static str, value: &Value) -> ValueError {
    ValueError::Expected {
        expected,
        found: quote(value),
    }
}

#[diagnostic::do_not_recommend]
impl ConfigValue for String {
    const KIND: ParamKind = ParamKind::String;
    const EMPTY_IS_UNSET: bool = false;

    fn from_config(raw: &Value) -> Result<Self, ValueError> {
        match raw {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(ValueError::Expected {
                expected: "text",
                found: json_type(other).to_owned(),
            }),
        }
    }

    fn unset() -> Option<Self> {
        Some(String::new())
    }
}

#[diagnostic::do_not_recommend]
impl ConfigValue for bool {
    const KIND: ParamKind = ParamKind::Bool;

    fn from_config(raw: &Value) -> Result<Self, ValueError> {
        match raw {
            Value::Bool(b) => Ok(*b),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Ok(true),
                "false" | "0" | "no" | "off" => Ok(false),
                _ => Err(expected("true or false", raw)),
            },
            Value::Number(n) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => {
                Ok(n.as_i64() == Some(1))
            }
            other => Err(expected("true or false", other)),
        }
    }

    fn unset() -> Option<Self> {
        Some(false)
    }
}

macro_rules! integer_config_values {
    ($($ty:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl ConfigValue for $ty {
            const KIND: ParamKind = ParamKind::Int;

            fn from_config(raw: &Value) -> Result<Self, ValueError> {
                let wide: Option<i128> = match raw {
                    Value::Number(n) => n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)),
                    Value::String(s) => s.trim().parse::<i128>().ok(),
                    _ => None,
                };
                let wide = wide.ok_or_else(|| expected("an integer", raw))?;
                <$ty>::try_from(wide).map_err(|_| ValueError::OutOfRange {
                    value: wide.to_string(),
                    range: format!("{} to {}", <$ty>::MIN, <$ty>::MAX),
                })
            }
        }
    )*};
}

integer_config_values!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! float_config_values {
    ($($ty:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl ConfigValue for $ty {
            const KIND: ParamKind = ParamKind::Float;

            fn from_config(raw: &Value) -> Result<Self, ValueError> {
                let value = match raw {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                };
                match value {
                    // A value the type cannot hold would become infinity: refused.
                    Some(v) if v.is_finite() && (v as $ty).is_finite() => Ok(v as $ty),
                    Some(v) if v.is_finite() => Err(ValueError::OutOfRange {
                        value: v.to_string(),
                        range: format!("at most {:e} in size", <$ty>::MAX),
                    }),
                    _ => Err(expected("a number", raw)),
                }
            }
        }
    )*};
}

float_config_values!(f32, f64);

#[diagnostic::do_not_recommend]
impl<T: ConfigValue> ConfigValue for Option<T> {
    const KIND: ParamKind = T::KIND;
    const OPTIONAL: bool = true;

    fn from_config(raw: &Value) -> Result<Self, ValueError> {
        T::from_config(raw).map(Some)
    }

    fn unset() -> Option<Self> {
        Some(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_iris_stores() {
        assert_eq!(bool::from_config(&json!("True")), Ok(true));
        assert_eq!(bool::from_config(&json!(false)), Ok(false));
        assert_eq!(i64::from_config(&json!(" 42 ")), Ok(42));
        assert_eq!(u8::from_config(&json!(7)), Ok(7));
        assert_eq!(f64::from_config(&json!("2.5")), Ok(2.5));
        assert_eq!(String::from_config(&json!(3)), Ok("3".to_owned()));
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(
            i64::from_config(&json!("abc")).map_err(|e| e.to_string()),
            Err("expected an integer, found \"abc\"".to_owned())
        );
        assert_eq!(
            u8::from_config(&json!(300)).map_err(|e| e.to_string()),
            Err("300 is out of range (expected 0 to 255)".to_owned())
        );
        assert!(bool::from_config(&json!("maybe")).is_err());
        assert!(f64::from_config(&json!("NaN")).is_err());
        assert_eq!(
            f32::from_config(&json!("1e39")).map_err(|e| e.to_string()),
            Err("1000000000000000000000000000000000000000 is out of range (expected at most 3.4028235e38 in size)".to_owned())
        );
        assert!(f32::from_config(&json!(-1e300)).is_err());
        assert_eq!(f32::from_config(&json!("3e38")), Ok(3e38));
    }
}
