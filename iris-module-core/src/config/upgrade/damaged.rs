//! Damaged stored configurations, many of each kind, through [`super::reconcile`]: duplicate
//! names, every wrong type for every parameter kind, nameless entries, a `module_config` that is
//! not a list, secrets of the wrong type. Each test counts the cases it got wrong.

use crate::config::{
    ConfigErrors, ConfigValue, DefaultValue, Json, ModuleConfig, ParamInfo, ParamKind, Secret,
    TypedDefault,
};
use serde_json::{Map, Value, json};

/// One declared parameter of the test module: how it reads, a valid stored value, another one,
/// and stored values it cannot read.
struct Param {
    info: ParamInfo,
    read: fn(&ModuleConfig, &ParamInfo, &mut ConfigErrors) -> bool,
    good: Value,
    other: Value,
    wrong: Vec<Value>,
}

const SECRET: &str = "s3cret-key-value";
const OTHER_SECRET: &str = "0ther-secret-value";

fn info(name: &'static str, kind: ParamKind, default: DefaultValue, mandatory: bool) -> ParamInfo {
    ParamInfo {
        name,
        human_name: name,
        description: "",
        kind,
        default,
        mandatory,
        section: None,
        field: name,
    }
}

/// Reads `info` as a `T` with its typed default, as the generated `from_config` does.
fn reads<T: ConfigValue>(
    config: &ModuleConfig,
    info: &ParamInfo,
    default: Option<TypedDefault<T>>,
    errors: &mut ConfigErrors,
) -> bool {
    config.param::<T>(info, default, errors).is_some()
}

fn params() -> Vec<Param> {
    use DefaultValue as D;
    use ParamKind as K;
    vec![
        Param {
            info: info("text", K::String, D::Str("d"), false),
            read: |c, i, e| reads::<String>(c, i, Some(|| Ok("d".into())), e),
            good: json!("some text"),
            other: json!("other text"),
            wrong: vec![json!([1]), json!({"a": 1})],
        },
        Param {
            info: info("key", K::SensitiveString, D::None, true),
            read: |c, i, e| reads::<Secret>(c, i, None, e),
            good: json!(SECRET),
            other: json!(OTHER_SECRET),
            wrong: vec![
                json!([SECRET]),
                json!({"k": SECRET}),
                json!(true),
                json!(false),
            ],
        },
        Param {
            info: info("count", K::Int, D::Int(10), false),
            read: |c, i, e| reads::<i64>(c, i, Some(|| Ok(10)), e),
            good: json!(3),
            other: json!("4"),
            wrong: vec![json!("ten"), json!(2.5), json!(true), json!([3]), json!({})],
        },
        Param {
            info: info("small", K::Int, D::Int(5), false),
            read: |c, i, e| reads::<u8>(c, i, Some(|| Ok(5)), e),
            good: json!(7),
            other: json!(8),
            wrong: vec![json!(300), json!(-1), json!("x")],
        },
        Param {
            info: info("ratio", K::Float, D::Float(0.5), false),
            read: |c, i, e| reads::<f64>(c, i, Some(|| Ok(0.5)), e),
            good: json!("7.5"),
            other: json!(2.0),
            wrong: vec![json!("ten percent"), json!(true), json!([]), json!({})],
        },
        Param {
            info: info("flag", K::Bool, D::Bool(false), false),
            read: |c, i, e| reads::<bool>(c, i, Some(|| Ok(false)), e),
            good: json!(true),
            other: json!("false"),
            wrong: vec![json!("maybe"), json!(2), json!([true]), json!({})],
        },
        Param {
            info: info("doc", K::TextfieldJson, D::Str("{}"), false),
            read: |c, i, e| {
                reads::<Json<Map<String, Value>>>(c, i, Some(|| Ok(Json(Map::new()))), e)
            },
            good: json!("{\"a\": 1}"),
            other: json!("{\"b\": 2}"),
            wrong: vec![json!("not json"), json!("[1]"), json!(5)],
        },
        Param {
            info: info("html", K::TextfieldHtml, D::Str("<p>"), false),
            read: |c, i, e| reads::<String>(c, i, Some(|| Ok("<p>".into())), e),
            good: json!("<b>x</b>"),
            other: json!("<i>y</i>"),
            wrong: vec![json!([]), json!({})],
        },
        Param {
            info: info("md", K::TextfieldMarkdown, D::None, false),
            read: |c, i, e| reads::<Option<String>>(c, i, None, e),
            good: json!("# x"),
            other: json!("# y"),
            wrong: vec![json!(["# x"])],
        },
        Param {
            info: info("maybe", K::Float, D::None, false),
            read: |c, i, e| reads::<Option<f64>>(c, i, None, e),
            good: json!(1.5),
            other: json!("2.5"),
            wrong: vec![json!("abc"), json!([1.5])],
        },
        Param {
            info: info("need", K::Float, D::None, true),
            read: |c, i, e| reads::<f64>(c, i, None, e),
            good: json!(9.0),
            other: json!(8.0),
            wrong: vec![json!("nine")],
        },
    ]
}

fn declared(params: &[Param]) -> Vec<Value> {
    params.iter().map(|param| param.info.iris_entry()).collect()
}

/// The module's reading: every parameter read as its field would be.
fn check(params: &[Param], config: &ModuleConfig) -> Result<(), crate::config::ConfigError> {
    let mut errors = ConfigErrors::new();
    let mut all = true;
    for param in params {
        all &= (param.read)(config, &param.info, &mut errors);
    }
    if all {
        Ok(())
    } else {
        Err(errors.into_error())
    }
}

/// Every parameter stored with its good value (as IRIS stores it: the declared entry and `value`).
fn good_list(params: &[Param]) -> Vec<Value> {
    params
        .iter()
        .map(|param| {
            let mut entry = param.info.iris_entry();
            entry["value"] = param.good.clone();
            entry
        })
        .collect()
}

/// What an upgrade from version 0.1.0 makes of `stored`: the list and the log line.
fn upgrade(params: &[Param], stored: &Value) -> (Vec<Value>, String) {
    let check = |config: &ModuleConfig| check(params, config);
    let out = super::reconcile(stored, &declared(params), "0.1.0", Some(&check));
    let summary = out.summary("IrisTest", "0.1.0", "0.2.0");
    (out.entries, summary)
}

/// The entries named `name`.
fn named<'e>(entries: &'e [Value], name: &str) -> Vec<&'e Value> {
    entries
        .iter()
        .filter(|entry| entry.get("param_name").and_then(Value::as_str) == Some(name))
        .collect()
}

/// The entries other than those named after a declared parameter (retired ones and copies).
fn others<'e>(params: &[Param], entries: &'e [Value]) -> Vec<&'e Value> {
    entries
        .iter()
        .filter(|entry| {
            let name = entry.get("param_name").and_then(Value::as_str);
            !params.iter().any(|param| Some(param.info.name) == name)
        })
        .collect()
}

/// What every outcome must be, whatever the damage: every entry named, typed and labelled;
/// no secret in the log line; a copy of a secret is a secret; a second upgrade changes nothing.
fn always(params: &[Param], case: &str, entries: &[Value], summary: &str, wrong: &mut Vec<String>) {
    for entry in entries {
        let text = |key: &str| entry.get(key).and_then(Value::as_str).unwrap_or_default();
        if text("param_name").is_empty()
            || text("param_human_name").is_empty()
            || text("type").is_empty()
        {
            wrong.push(format!(
                "{case}: an entry without a name, label or type: {entry}"
            ));
        }
        let holds_secret = entry.get("value").is_some_and(|value| {
            let value = value.to_string();
            value.contains(SECRET) || value.contains(OTHER_SECRET)
        });
        if holds_secret && text("type") != "sensitive_string" {
            wrong.push(format!(
                "{case}: a secret kept in an entry that shows it: {entry}"
            ));
        }
    }
    if summary.contains(SECRET) || summary.contains(OTHER_SECRET) {
        wrong.push(format!("{case}: the log line shows a secret: {summary}"));
    }
    // The version is this one now: the next call checks the list's shape only.
    let next = super::reconcile(
        &Value::Array(entries.to_vec()),
        &declared(params),
        "0.2.0",
        None,
    );
    let (again, second) = (
        next.entries.clone(),
        next.summary("IrisTest", "0.2.0", "0.2.0"),
    );
    if again != entries || second.contains("problem") {
        wrong.push(format!(
            "{case}: a second upgrade changes the list again: {second}"
        ));
    }
}

/// Whether some entry of `entries` holds `value`.
fn kept_somewhere(entries: &[Value], value: &Value) -> bool {
    entries
        .iter()
        .any(|entry| entry.get("value") == Some(value))
}

fn report(wrong: Vec<String>, cases: usize) {
    assert!(
        wrong.is_empty(),
        "{} problem(s) in {cases} case(s):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_duplicate_name_keeps_one_value_in_place_and_the_other_as_a_copy() {
    let params = params();
    let mut wrong = Vec::new();
    let mut cases = 0;
    for param in &params {
        for duplicate_first in [false, true] {
            cases += 1;
            let case = format!(
                "`{}` stored twice (duplicate first: {duplicate_first})",
                param.info.name
            );
            let mut stored = good_list(&params);
            let mut duplicate = param.info.iris_entry();
            duplicate["value"] = param.other.clone();
            if duplicate_first {
                stored.insert(0, duplicate);
            } else {
                stored.push(duplicate);
            }
            let (entries, summary) = upgrade(&params, &Value::Array(stored));
            if named(&entries, param.info.name).len() != 1 {
                wrong.push(format!(
                    "{case}: {} entries of that name",
                    named(&entries, param.info.name).len()
                ));
            }
            for value in [&param.good, &param.other] {
                if !kept_somewhere(&entries, value) {
                    wrong.push(format!("{case}: the value {value} is lost"));
                }
            }
            if !summary.contains(&format!("`{}` is stored", param.info.name)) {
                wrong.push(format!("{case}: not reported by name: {summary}"));
            }
            always(&params, &case, &entries, &summary, &mut wrong);
        }
    }
    report(wrong, cases);
}

#[test]
fn a_stored_value_the_module_cannot_read_is_replaced_by_its_default_and_kept_as_a_copy() {
    let params = params();
    let mut wrong = Vec::new();
    let mut cases = 0;
    for (index, param) in params.iter().enumerate() {
        for value in &param.wrong {
            cases += 1;
            let name = param.info.name;
            let case = format!("`{name}` stored as {value}");
            let mut stored = good_list(&params);
            stored[index]["value"] = value.clone();
            let (entries, summary) = upgrade(&params, &Value::Array(stored));
            let Some(entry) = named(&entries, name).first().copied() else {
                wrong.push(format!("{case}: the parameter is gone"));
                continue;
            };
            if param.info.is_sensitive() {
                if entry.get("value") != Some(value) {
                    wrong.push(format!("{case}: the stored secret was replaced"));
                }
            } else {
                let default = param.info.default.to_json();
                if entry.get("value") != default.as_ref() {
                    wrong.push(format!(
                        "{case}: the value is {:?}, not the default",
                        entry.get("value")
                    ));
                }
                if !others(&params, &entries)
                    .iter()
                    .any(|copy| copy.get("value") == Some(value))
                {
                    wrong.push(format!("{case}: no copy of the stored value"));
                }
            }
            if !summary.contains(&format!("`{name}`: the stored value")) {
                wrong.push(format!("{case}: not reported by name: {summary}"));
            }
            for (other_index, other) in params.iter().enumerate() {
                if other_index != index
                    && named(&entries, other.info.name)
                        .first()
                        .and_then(|e| e.get("value"))
                        != Some(&other.good)
                {
                    wrong.push(format!("{case}: `{}` lost its value", other.info.name));
                }
            }
            always(&params, &case, &entries, &summary, &mut wrong);
        }
    }
    report(wrong, cases);
}

#[test]
fn nameless_entries_are_reported_and_their_values_kept_under_a_name() {
    let params = params();
    let mut wrong = Vec::new();
    let nameless = [
        json!({"value": "lost-1", "type": "string"}),
        json!({"param_name": "", "value": "lost-2"}),
        json!({"param_name": 7, "value": "lost-3"}),
        json!({"param_name": null, "value": "lost-4", "type": "sensitive_string"}),
        json!("lost-5"),
        json!(42),
        json!(["lost-6"]),
        json!({"param_human_name": "no value either"}),
        json!(null),
    ];
    for junk in &nameless {
        let case = format!("a nameless entry {junk}");
        let mut stored = good_list(&params);
        stored.push(junk.clone());
        let position = stored.len();
        let (entries, summary) = upgrade(&params, &Value::Array(stored));
        let value = junk.get("value").cloned().unwrap_or_else(|| junk.clone());
        let worth_keeping = !value.is_null() && junk.get("param_human_name").is_none();
        if worth_keeping && !kept_somewhere(&entries, &value) {
            wrong.push(format!("{case}: its value is lost"));
        }
        if !summary.contains(&format!("entry {position}")) {
            wrong.push(format!("{case}: not reported: {summary}"));
        }
        for param in &params {
            if named(&entries, param.info.name)
                .first()
                .and_then(|e| e.get("value"))
                != Some(&param.good)
            {
                wrong.push(format!("{case}: `{}` lost its value", param.info.name));
            }
        }
        always(&params, &case, &entries, &summary, &mut wrong);
    }
    report(wrong, nameless.len());
}

#[test]
fn a_stored_configuration_that_is_not_a_list_keeps_every_value_it_holds() {
    let params = params();
    let mut wrong = Vec::new();
    let list = good_list(&params);
    let dict: Map<String, Value> = params
        .iter()
        .map(|param| (param.info.name.to_owned(), param.good.clone()))
        .collect();
    let key_entry = list[1].clone();
    // (the stored configuration, whether every value is in it, what is kept as a copy)
    let shapes = [
        (Value::Object(dict.clone()), true, None),
        (json!(Value::Array(list.clone()).to_string()), true, None),
        (json!(Value::Object(dict).to_string()), true, None),
        (key_entry, false, None),
        (
            json!(format!("garbage {SECRET}")),
            false,
            Some(json!(format!("garbage {SECRET}"))),
        ),
        (json!(12), false, Some(json!(12))),
        (json!(true), false, Some(json!(true))),
        (Value::Null, false, None),
    ];
    for (stored, whole, copy) in &shapes {
        let case = format!("module_config {stored}");
        let (entries, summary) = upgrade(&params, stored);
        let key = named(&entries, "key")
            .first()
            .and_then(|e| e.get("value"))
            .cloned();
        for param in &params {
            let value = named(&entries, param.info.name)
                .first()
                .and_then(|e| e.get("value"))
                .cloned();
            let expected = if *whole || (param.info.name == "key" && stored.is_object()) {
                Some(param.good.clone())
            } else {
                param.info.default.to_json()
            };
            if value != expected {
                wrong.push(format!(
                    "{case}: `{}` is {value:?}, expected {expected:?}",
                    param.info.name
                ));
            }
        }
        if stored.is_object() && key != Some(json!(SECRET)) {
            wrong.push(format!("{case}: the stored secret was replaced"));
        }
        if let Some(copy) = copy
            && !kept_somewhere(&entries, copy)
        {
            wrong.push(format!("{case}: no copy of what was stored"));
        }
        if !summary.contains("the stored configuration") {
            wrong.push(format!("{case}: not reported: {summary}"));
        }
        always(&params, &case, &entries, &summary, &mut wrong);
    }
    report(wrong, shapes.len());
}
