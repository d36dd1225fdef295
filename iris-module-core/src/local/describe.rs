//! What IRIS shows of a module, from its registration: the JSON `cargo iris describe --json`
//! prints, and its table.

use super::config::build;
use crate::config::ModuleConfig;
use crate::module::RegistrationPlan;
use crate::registry::ModuleRegistration;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The module as IRIS sees it under `config`: names, type, versions, `_module_configuration`,
/// the hook registrations (the declared ones, then those the configuration chooses), the
/// configuration's entries left out, and `pipeline_info`.
pub fn description(
    module: &ModuleRegistration,
    package: Option<&str>,
    config: &ModuleConfig,
) -> Value {
    let info = module.info;
    let class = info.python_class();
    let mut hooks: Vec<Value> = module
        .hooks()
        .iter()
        .map(|hook| {
            json!({
                "hook": hook.hook,
                "manual_hook_name": hook.manual_name,
                "run_asynchronously": hook.run_asynchronously,
                "handler": hook.handler,
                "enabled_by": hook.enabled_by,
                "ioc_types": hook.ioc_types,
                "chosen": false,
            })
        })
        .collect();
    let (built, configuration_error) = match build(module, config) {
        Ok(built) => (Some(built), None),
        Err(error) => (None, Some(error.to_string())),
    };
    let chosen = built
        .as_ref()
        .and_then(|built| built.module.chosen_handler());
    let mut left_out = Vec::new();
    if let Some(built) = &built {
        let plan = RegistrationPlan::new(info, module.hooks(), config, Some(&*built.module));
        for registration in plan.registrations.iter().filter(|r| r.chosen) {
            hooks.push(json!({
                "hook": registration.hook.name,
                "manual_hook_name": registration.manual_name,
                "run_asynchronously": registration.run_asynchronously,
                "handler": registration.handler,
                "enabled_by": null,
                "ioc_types": [],
                "chosen": true,
            }));
        }
        left_out = built
            .notes
            .left_out
            .iter()
            .map(|problem| {
                built
                    .redactor
                    .redact_secrets(&problem.to_string())
                    .into_owned()
            })
            .collect();
    }
    json!({
        "module_name": info.name,
        "package": package,
        "class": match package {
            Some(package) => format!("{package}.{class}.{class}"),
            None => class,
        },
        "module_type": info.kind.iris_type(),
        "module_description": info.description,
        "module_version": info.module_version,
        "interface_version": info.interface_version,
        "configuration": info.iris_configuration(),
        "hooks": hooks,
        "chosen_hooks": chosen.map(|chosen| json!({"handler": chosen.handler, "by": chosen.chooser})),
        "left_out": left_out,
        "configuration_error": configuration_error,
        "pipeline_support": module.pipeline().is_some(),
        "pipeline_info": module.pipeline().map_or_else(|| json!({}), |p| p.iris_info()),
    })
}

/// A hook's IOC types, as the table shows them: `-` for a hook that passes no IOCs or takes all.
fn ioc_types(types: &Value) -> String {
    let types: Vec<&str> = types
        .as_array()
        .map(|types| types.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if types.is_empty() {
        "-".into()
    } else {
        types.join(", ")
    }
}

/// The description as text tables.
pub fn describe_table(description: &Value) -> String {
    let text = |key: &str| description[key].as_str().unwrap_or("").to_owned();
    let mut out = String::new();
    for (label, key) in [
        ("Module", "module_name"),
        ("Package", "package"),
        ("Class", "class"),
        ("Type", "module_type"),
        ("Module version", "module_version"),
        ("Interface version", "interface_version"),
        ("Description", "module_description"),
    ] {
        let _ = writeln!(out, "{label:<18} {}", text(key));
    }
    out.push_str("\nConfiguration\n");
    let rows: Vec<Vec<String>> = entries(&description["configuration"])
        .map(|entry| {
            let field = |key: &str| match &entry[key] {
                Value::String(text) => text.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            vec![
                field("param_name"),
                field("param_human_name"),
                field("type"),
                if entry["mandatory"] == true {
                    "yes"
                } else {
                    "no"
                }
                .into(),
                field("default"),
                // IRIS's module page shows "Main" for a parameter without a section; the
                // configuration itself (and `--json`) has none.
                match &entry["section"] {
                    Value::String(section) => section.clone(),
                    _ => "(none: IRIS shows Main)".into(),
                },
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "parameter",
            "label",
            "type",
            "mandatory",
            "default",
            "section",
        ],
        &rows,
    ));
    out.push_str("\nHooks\n");
    let rows: Vec<Vec<String>> = entries(&description["hooks"])
        .map(|hook| {
            vec![
                hook["hook"].as_str().unwrap_or("").into(),
                hook["manual_hook_name"].as_str().unwrap_or("").into(),
                if hook["run_asynchronously"] == true {
                    "yes"
                } else {
                    "no"
                }
                .into(),
                hook["handler"].as_str().unwrap_or("").into(),
                match hook["enabled_by"].as_str() {
                    Some(parameter) => format!("while {parameter} is on"),
                    None if hook["chosen"] == true => "chosen by the configuration".into(),
                    None => "always".into(),
                },
                ioc_types(&hook["ioc_types"]),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "hook",
            "menu entry",
            "asynchronous",
            "handler",
            "registered",
            "IOC types",
        ],
        &rows,
    ));
    if let Some(chosen) = description["chosen_hooks"].as_object() {
        let _ = writeln!(
            out,
            "  and the hooks `{}` chooses from the configuration, handled by `{}`",
            chosen["by"].as_str().unwrap_or(""),
            chosen["handler"].as_str().unwrap_or("")
        );
    }
    if let Some(error) = description["configuration_error"].as_str() {
        let _ = writeln!(
            out,
            "\nThe configuration chooses no hook until it is fixed: {error}"
        );
    }
    let left_out: Vec<&Value> = entries(&description["left_out"]).collect();
    if !left_out.is_empty() {
        out.push_str("\nConfiguration entries left out (their hooks are not registered)\n");
        for problem in left_out {
            let _ = writeln!(out, "  {}", problem.as_str().unwrap_or(""));
        }
    }
    out.push_str("\nPipeline\n");
    let info = &description["pipeline_info"];
    if description["pipeline_support"] == true {
        for key in ["pipeline_internal_name", "pipeline_human_name"] {
            let _ = writeln!(out, "  {key:<24} {}", info[key].as_str().unwrap_or(""));
        }
        for arg in entries(&info["pipeline_args"]) {
            let _ = writeln!(
                out,
                "  argument                 {} ({})",
                arg[0].as_str().unwrap_or(""),
                arg[1].as_str().unwrap_or("")
            );
        }
    } else {
        out.push_str("  none\n");
    }
    out
}

fn entries(value: &Value) -> impl Iterator<Item = &Value> {
    value
        .as_array()
        .map(|items| items.iter())
        .into_iter()
        .flatten()
}

/// The longest cell of a table, in characters (`--json` has every value in full).
const CELL_WIDTH: usize = 48;

/// `text` on one line of at most `CELL_WIDTH` characters: its first line, cut with `…` when
/// anything is left out (a report template's default, a long description).
fn cell(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    let mut out: String = first.chars().take(CELL_WIDTH - 1).collect();
    if out.len() < text.trim_end().len() {
        out.push('…');
    }
    out
}

/// A plain text table (no rows: `  none`); long or multi-line cells are shortened.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return "  none\n".into();
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|text| cell(text)).collect())
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .chain([headers[column].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let cells: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        format!("  {}\n", cells.join("  ").trim_end())
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_multi_line_cells_are_shortened() {
        assert_eq!(cell("Main"), "Main");
        assert_eq!(cell("<div>\n<h3>{{ ioc.value }}</h3>\n</div>"), "<div>…");
        let long = "x".repeat(100);
        assert_eq!(cell(&long).chars().count(), CELL_WIDTH);
        assert!(cell(&long).ends_with('…'));
    }

    #[test]
    fn the_table_shows_each_hook_s_ioc_types() {
        let description = json!({"module_name": "M", "configuration": [], "hooks": [
            {"hook": "on_postload_ioc_create", "run_asynchronously": true, "handler": "domains",
             "ioc_types": ["domain", "ip-*"]},
            {"hook": "on_postload_note_create", "run_asynchronously": true, "handler": "notes"},
        ]});
        let table = describe_table(&description);
        assert!(table.contains("always      domain, ip-*"), "{table}");
        assert!(
            table
                .lines()
                .any(|line| line.contains("notes") && line.trim_end().ends_with("-")),
            "{table}"
        );
    }

    #[test]
    fn the_table_shows_when_hooks_are_registered() {
        let description = json!({
            "module_name": "IrisVT",
            "configuration": [{"param_name": "template", "type": "textfield_html",
                               "default": "<p>\n{{ x }}\n</p>", "mandatory": false}],
            "hooks": [
                {"hook": "on_manual_trigger_ioc", "manual_hook_name": "Get VT insight",
                 "run_asynchronously": true, "handler": "insight",
                 "enabled_by": "vt_manual_hook_enabled"},
                {"hook": "on_postload_ioc_create", "manual_hook_name": null,
                 "run_asynchronously": true, "handler": "insight", "enabled_by": null},
            ],
            "pipeline_support": false,
        });
        let table = describe_table(&description);
        assert!(
            table.contains("while vt_manual_hook_enabled is on"),
            "{table}"
        );
        assert!(table.contains("insight  always"), "{table}");
        assert!(table.contains("<p>…"), "{table}");
        assert!(!table.contains("{{ x }}"), "{table}");
    }
}
