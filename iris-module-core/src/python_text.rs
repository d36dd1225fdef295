//! Python's text of JSON values: what a drop-in for an official (Python) module sends and writes
//! follows Python's `json.dumps`, `str()` and `repr()`, and Jinja2's `tojson`. These write a
//! JSON value the same way, so that the drop-in sends and writes the same bytes.

use serde_json::{Number, Value};
use std::fmt::Write;

/// Python's truthiness of a JSON value (`if value:`).
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// `json.dumps(value)`: `", "` and `": "` between items, every non-ASCII character escaped
/// (`\u00e9`, surrogate pairs beyond the BMP), Python's float notation.
pub fn json_dumps(value: &Value) -> String {
    json_dumps_with(value, Dumps::default())
}

/// The arguments of `json.dumps` that change its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dumps {
    /// `indent=n`: each item on its own line, `n` spaces deeper, and `","` between items.
    pub indent: Option<usize>,
    /// `sort_keys=True`: an object's keys in code-point order.
    pub sort_keys: bool,
}

/// `json.dumps(value, indent=..., sort_keys=...)`.
pub fn json_dumps_with(value: &Value, options: Dumps) -> String {
    let mut out = String::new();
    let mut writer = Writer {
        style: Style::Json,
        options,
        out: &mut out,
    };
    writer.value(value, 0);
    out
}

/// Jinja2's `tojson` filter (`|tojson` or `|tojson(indent=n)`): `json.dumps` with sorted keys,
/// then `<`, `>`, `&` and `'` written as `\u003c`, `\u003e`, `\u0026` and `\u0027`, so that the
/// text is safe inside HTML.
pub fn jinja_tojson(value: &Value, indent: Option<usize>) -> String {
    let text = json_dumps_with(
        value,
        Dumps {
            indent,
            sort_keys: true,
        },
    );
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\'', "\\u0027")
}

/// How a value is written: as `json.dumps` does, or as Python's `repr()` of what `json.loads`
/// gives for it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Json,
    Repr,
}

/// Writes values in one style with one set of `json.dumps` options.
struct Writer<'o> {
    style: Style,
    options: Dumps,
    out: &'o mut String,
}

impl Writer<'_> {
    fn value(&mut self, value: &Value, depth: usize) {
        match value {
            Value::Array(items) => {
                self.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    self.separate(index, depth + 1);
                    self.value(item, depth + 1);
                }
                self.close(']', items.is_empty(), depth);
            }
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                if self.options.sort_keys {
                    entries.sort_by(|(a, _), (b, _)| a.chars().cmp(b.chars()));
                }
                self.out.push('{');
                for (index, (key, item)) in entries.into_iter().enumerate() {
                    self.separate(index, depth + 1);
                    write_str(key, self.style, self.out);
                    self.out.push_str(": ");
                    self.value(item, depth + 1);
                }
                self.close('}', map.is_empty(), depth);
            }
            Value::String(text) => write_str(text, self.style, self.out),
            scalar => self.out.push_str(&scalar_text(scalar, self.style)),
        }
    }

    /// What comes before the item at `index`, `depth` deep.
    fn separate(&mut self, index: usize, depth: usize) {
        match self.options.indent {
            Some(indent) => {
                if index > 0 {
                    self.out.push(',');
                }
                self.out.push('\n');
                self.out.push_str(&" ".repeat(indent * depth));
            }
            None if index > 0 => self.out.push_str(", "),
            None => {}
        }
    }

    fn close(&mut self, bracket: char, empty: bool, depth: usize) {
        if let (Some(indent), false) = (self.options.indent, empty) {
            self.out.push('\n');
            self.out.push_str(&" ".repeat(indent * depth));
        }
        self.out.push(bracket);
    }
}

fn write(value: &Value, style: Style, out: &mut String) {
    let mut writer = Writer {
        style,
        options: Dumps::default(),
        out,
    };
    writer.value(value, 0);
}

fn write_str(text: &str, style: Style, out: &mut String) {
    match style {
        Style::Json => json_string(text, out),
        Style::Repr => string_repr(text, out),
    }
}

/// `null`, a boolean or a number, in `style`.
fn scalar_text(value: &Value, style: Style) -> String {
    match (value, style) {
        (Value::Bool(b), Style::Json) => b.to_string(),
        (Value::Bool(b), Style::Repr) => if *b { "True" } else { "False" }.into(),
        (Value::Number(n), Style::Repr) => match n.as_f64() {
            Some(f) if n.is_f64() && f.is_nan() => "nan".into(),
            Some(f) if n.is_f64() && f.is_infinite() => if f > 0.0 { "inf" } else { "-inf" }.into(),
            _ => number(n),
        },
        (Value::Number(n), Style::Json) => number(n),
        (_, Style::Json) => "null".into(),
        (_, Style::Repr) => "None".into(),
    }
}

/// A JSON string as `json.dumps` writes it (`ensure_ascii`).
fn json_string(text: &str, out: &mut String) {
    out.push('"');
    json_string_content(text, out);
    out.push('"');
}

/// The inside of a JSON string literal for `text`, as `json.dumps` writes it.
pub fn json_string_content(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
}

/// A number as Python writes it: integers as they are, floats by `repr` (`1e+16`, `1e-05`,
/// `1.0`, `0.0001`).
fn number(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    n.as_f64().map_or_else(|| n.to_string(), float_repr)
}

/// Python's `repr(float)`: the shortest digits that read back, in fixed notation when the
/// exponent is from -4 to 15, else as `d.ddde+XX`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    // `{:e}` is the shortest round-trip form: `-1.5e-7`, `1e16`, `0e0`.
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let text = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            format!("{whole}.{fraction}")
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.abs()
        )
    }
}

/// Python's `str()` of the value `json.loads` gives for it: a string as it is, anything else
/// as its `repr` (`['a', 'b']`, `{'k': None}`, `True`).
pub fn str_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// Python's `repr()` of the value `json.loads` gives for it.
pub fn repr(value: &Value) -> String {
    let mut out = String::new();
    write(value, Style::Repr, &mut out);
    out
}

/// Python's `repr(str)`: single quotes, unless the text has one and no double quote.
fn string_repr(text: &str, out: &mut String) {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dumps_as_python_does() {
        assert_eq!(
            json_dumps(&json!({"text": "Café ☃ 😀", "n": [1, 1.5, true, null], "q": "a\"b\\c\n"})),
            r#"{"text": "Caf\u00e9 \u2603 \ud83d\ude00", "n": [1, 1.5, true, null], "q": "a\"b\\c\n"}"#
        );
    }

    #[test]
    fn dumps_with_indent_and_sorted_keys_as_python_does() {
        // json.dumps({"b": [1, {}], "a": [], "é": {"z": None, "y": 0.5}}, indent=4, sort_keys=True)
        let value = json!({"b": [1, {}], "a": [], "é": {"z": null, "y": 0.5}});
        let options = Dumps {
            indent: Some(4),
            sort_keys: true,
        };
        assert_eq!(
            json_dumps_with(&value, options),
            "{\n    \"a\": [],\n    \"b\": [\n        1,\n        {}\n    ],\n    \"\\u00e9\": {\n        \"y\": 0.5,\n        \"z\": null\n    }\n}"
        );
        // Jinja2: {{ {"k": "<a href='x'>&</a>"} | tojson }}
        assert_eq!(
            jinja_tojson(&json!({"k": "<a href='x'>&</a>"}), None),
            r#"{"k": "\u003ca href=\u0027x\u0027\u003e\u0026\u003c/a\u003e"}"#
        );
    }

    #[test]
    fn floats_as_python_repr() {
        for (value, python) in [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (1e16, "1e+16"),
            (1e100, "1e+100"),
            (123456789012345.0, "123456789012345.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (0.0, "0.0"),
            (1234.5678, "1234.5678"),
        ] {
            assert_eq!(float_repr(value), python, "{value}");
        }
    }

    #[test]
    fn repr_as_python() {
        assert_eq!(
            repr(&json!(["1.2.3.4", {"k": null, "it's": true}, 2])),
            r#"['1.2.3.4', {'k': None, "it's": True}, 2]"#
        );
        assert_eq!(str_of(&json!("plain")), "plain");
        assert_eq!(str_of(&json!([21, 22])), "[21, 22]");
    }

    #[test]
    fn truthiness_as_python() {
        assert!(!truthy(&json!(null)) && !truthy(&json!(0)) && !truthy(&json!("")));
        assert!(!truthy(&json!([])) && !truthy(&json!({})) && !truthy(&json!(false)));
        assert!(truthy(&json!("no")) && truthy(&json!(1)) && truthy(&json!([0])));
    }
}
