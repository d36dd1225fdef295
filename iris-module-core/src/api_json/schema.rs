//! How a marshmallow schema of IRIS's is written down here, and the one function that dumps an
//! object with it.

use serde_json::{Map, Value};

/// One field of a schema, in the order IRIS's dump writes it.
pub(crate) enum Field {
    /// The attribute of the same name, as it is.
    Attribute(&'static str),
    /// An attribute written under another key (marshmallow's `key = auto_field('attribute')`).
    Renamed {
        /// The key in the dump.
        key: &'static str,
        /// The object's attribute.
        attribute: &'static str,
    },
    /// A date and time written with microseconds always (`fields.DateTime("%Y-%m-%dT%H:%M:%S.%f")`),
    /// where Python's `isoformat()` leaves them out when they are zero.
    Microseconds(&'static str),
    /// A relationship to one object, dumped with its schema.
    One(&'static str, &'static Schema),
    /// A relationship to many objects, each dumped with its schema, without the `excluded` keys
    /// (marshmallow's `Nested(..., many=True, exclude=[...])`).
    Many {
        /// The attribute, which is also the key.
        key: &'static str,
        /// The related objects' schema.
        schema: &'static Schema,
        /// Keys the related objects' dumps leave out.
        excluded: &'static [&'static str],
    },
    /// A relationship to one object written as its primary key (`include_relationships`), read
    /// from the foreign-key column when the related object was not read.
    Key {
        /// The relationship, which is also the key.
        key: &'static str,
        /// The related object's primary key.
        primary_key: &'static str,
        /// The object's foreign-key column holding the same value.
        column: &'static str,
    },
    /// A relationship to many objects written as their primary keys (`include_relationships`).
    Keys {
        /// The relationship, which is also the key.
        key: &'static str,
        /// The related objects' primary key.
        primary_key: &'static str,
    },
    /// A value IRIS computes from the object (`ma.Method`).
    Computed {
        /// The key in the dump.
        key: &'static str,
        /// What IRIS's method computes.
        compute: fn(&Map<String, Value>) -> Value,
    },
}

/// A marshmallow schema of IRIS's: its fields in dump order.
pub(crate) struct Schema {
    /// IRIS's name for it (`IocSchema`...).
    pub name: &'static str,
    /// The fields.
    pub fields: &'static [Field],
}

impl Schema {
    /// `object` (its attributes by IRIS's names) as IRIS's schema dumps it, leaving out the
    /// `excluded` keys. What was not read off the object is written `null`: every field here
    /// is one IRIS's objects have.
    pub fn dump(&self, object: &Map<String, Value>, excluded: &[&str]) -> Value {
        let mut dump = Map::with_capacity(self.fields.len());
        for field in self.fields {
            let (key, value) = field.dump(object);
            if !excluded.contains(&key) {
                dump.insert(key.to_owned(), value);
            }
        }
        Value::Object(dump)
    }

    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    /// The attributes a dump reads off an object, with the schema of each relationship it
    /// follows (`None` for a relationship written as keys: only its rows' primary key is read).
    pub fn attributes(&self) -> impl Iterator<Item = (&'static str, Option<Related>)> + '_ {
        self.fields.iter().filter_map(|field| match field {
            Field::Attribute(name) | Field::Microseconds(name) => Some((*name, None)),
            Field::Renamed { attribute, .. } => Some((*attribute, None)),
            Field::One(key, schema) => Some((*key, Some(Related::Schema(schema, &[])))),
            Field::Many {
                key,
                schema,
                excluded,
            } => Some((*key, Some(Related::Schema(schema, excluded)))),
            Field::Key {
                key, primary_key, ..
            }
            | Field::Keys { key, primary_key } => Some((*key, Some(Related::Key(primary_key)))),
            Field::Computed { .. } => None,
        })
    }
}

/// What a dump reads off a related object.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) enum Related {
    /// Its attributes, by its schema, less those of the excluded keys.
    Schema(&'static Schema, &'static [&'static str]),
    /// Its primary key only.
    Key(&'static str),
}

impl Field {
    fn dump(&self, object: &Map<String, Value>) -> (&'static str, Value) {
        let get = |name: &str| object.get(name).cloned().unwrap_or(Value::Null);
        match self {
            Field::Attribute(name) => (name, get(name)),
            Field::Renamed { key, attribute } => (key, get(attribute)),
            Field::Microseconds(name) => (name, with_microseconds(get(name))),
            Field::One(key, schema) => (key, nested(object.get(*key), schema, &[])),
            Field::Many {
                key,
                schema,
                excluded,
            } => (
                key,
                each(object.get(*key), |item| {
                    nested(Some(item), schema, excluded)
                }),
            ),
            Field::Key {
                key,
                primary_key,
                column,
            } => {
                let related = object
                    .get(*key)
                    .and_then(|related| related.get(primary_key));
                (key, related.cloned().unwrap_or_else(|| get(column)))
            }
            Field::Keys { key, primary_key } => (
                key,
                each(object.get(*key), |item| match item {
                    Value::Object(row) => row.get(*primary_key).cloned().unwrap_or(Value::Null),
                    key => key.clone(),
                }),
            ),
            Field::Computed { key, compute } => (key, compute(object)),
        }
    }
}

/// A related object dumped with its schema: `null` when there is none (or it was not read), as
/// it is when it is not an object (an id IRIS passed in its place).
fn nested(related: Option<&Value>, schema: &Schema, excluded: &[&str]) -> Value {
    match related {
        Some(Value::Object(row)) => schema.dump(row, excluded),
        Some(other) => other.clone(),
        None => Value::Null,
    }
}

/// Each of a to-many relationship's rows, dumped; `null` when it was not read.
fn each(related: Option<&Value>, dump: impl Fn(&Value) -> Value) -> Value {
    match related {
        Some(Value::Array(rows)) => Value::Array(rows.iter().map(dump).collect()),
        Some(other) => other.clone(),
        None => Value::Null,
    }
}

/// `2026-12-01T07:30:00` as `2026-12-01T07:30:00.000000`; anything else as it is.
fn with_microseconds(value: Value) -> Value {
    match value {
        Value::String(text) if is_whole_second(&text) => Value::String(text + ".000000"),
        other => other,
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, exactly (what `isoformat()` writes for a naive time with no
/// microseconds).
fn is_whole_second(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 19
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            10 => *byte == b'T',
            13 | 16 => *byte == b':',
            _ => byte.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_seconds_gain_microseconds_and_nothing_else_changes() {
        for (given, written) in [
            (
                json!("2026-12-01T07:30:00"),
                json!("2026-12-01T07:30:00.000000"),
            ),
            (
                json!("2026-12-01T07:30:00.250000"),
                json!("2026-12-01T07:30:00.250000"),
            ),
            (
                json!("2026-12-01T07:30:00+01:00"),
                json!("2026-12-01T07:30:00+01:00"),
            ),
            (json!("2026-12-01"), json!("2026-12-01")),
            (json!("not a dateTime0"), json!("not a dateTime0")),
            (Value::Null, Value::Null),
        ] {
            assert_eq!(with_microseconds(given), written);
        }
    }
}
