//! Secrets never reach what a module writes: a module that echoes its secrets (its
//! `sensitive_string`, the keys inside a `Json<T>` parameter, a retired secret IRIS still stores)
//! in many encodings, into every field it changes, every object it adds to the case, its log and
//! its error, lets none of them out. The checker looks for each secret in its own list of
//! encodings, written apart from the redactor's.

use iris_module_core::config::{Json, Secret};
use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use serde::Deserialize;
use serde_json::{Value, json};

const API_KEY: &str = "Sk-Live_7f3a9C2d/4e+b=Q";
const INSTANCE_KEY: &str = "misp-KEY-0123456789abcdef";
const RETIRED_KEY: &str = "retired-Secret-9876543210";

/// One server the module queries, with its own key (the MISP shape).
#[derive(Deserialize)]
pub struct Instance {
    name: String,
    key: Secret,
}

/// Echoes its secrets everywhere it can write.
#[iris_module(kind = "processor", name = "IrisEcho")]
pub struct Echo {
    #[config_param(mandatory)]
    api_key: Secret,
    #[config_param(default = "[]")]
    instances: Json<Vec<Instance>>,
}

/// `text` with every byte but letters and digits percent-encoded (`%2D` for `-`: legal, and
/// what some clients send).
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The texts a careless module (or a relay answering it) may write a secret in.
fn variants(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let pct = percent_encoded(secret);
    let json_doc = json!({"whois": {"registrar": format!("key {secret}")}}).to_string();
    vec![
        secret.to_owned(),
        secret.to_uppercase(),
        secret.to_lowercase(),
        format!("registrar: {secret}"),
        format!("xx{secret}yy"),
        format!("{secret}{secret}"),
        format!("\n{secret}\t"),
        pct.clone(),
        pct.to_lowercase(),
        format!("https://relay.example/api?apikey={pct}&q=1"),
        format!("Authorization: Bearer {secret}"),
        json_doc.clone(),
        serde_json::to_string(&json_doc).unwrap(),
        format!("<b>{}</b>", html_escape::encode_safe(secret)),
        b64.encode(secret),
        b64url.encode(secret),
        hex::encode(secret),
        hex::encode_upper(secret),
        format!("categories: [\"{secret}\", \"phishing\"]"),
    ]
}

/// Every way the checker looks for `secret` in a text (case-insensitively).
fn traces(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let pct = percent_encoded(secret);
    [
        secret.to_owned(),
        pct,
        base64::engine::general_purpose::STANDARD.encode(secret),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret),
        hex::encode(secret),
        secret.replace('/', "\\/"),
    ]
    .into_iter()
    .map(|trace| trace.to_lowercase())
    .collect()
}

/// How many of `secrets`' traces `text` holds.
fn leaks_in(text: &str, secrets: &[&str]) -> Vec<String> {
    let folded = text.to_lowercase();
    secrets
        .iter()
        .flat_map(|secret| traces(secret))
        .filter(|trace| folded.contains(trace.as_str()))
        .collect()
}

impl Echo {
    fn secrets(&self) -> Vec<String> {
        let mut secrets = vec![self.api_key.expose().to_owned(), RETIRED_KEY.to_owned()];
        secrets.extend(self.instances.iter().map(|i| i.key.expose().to_owned()));
        secrets
    }
}

#[iris_module]
impl Echo {
    #[hook("on_postload_ioc_create")]
    fn echo(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        let case = ctx.case(1);
        for (n, text) in self
            .secrets()
            .iter()
            .flat_map(|secret| variants(secret))
            .enumerate()
        {
            // One IOC per text (IRIS's tags column holds 512 characters).
            if let Some(ioc) = iocs.get_mut(n) {
                ioc.ioc_description = Some(format!("relay: {text}"));
                ioc.add_tag(&format!("t{n}:{}", text.replace(',', ";")))?;
                ioc.add_tab_attribute_field(
                    "Relay",
                    &format!("answer {n} {text}"),
                    AttributeType::InputString,
                    text.clone(),
                );
            }
            let note = case.add_note(
                NewNote::new(format!("note {n} {text}"), text.clone())
                    .directory(format!("dir {text}")),
            )?;
            case.add_ioc(
                NewIoc::new(format!("{n}-{text}"), "other")
                    .description(text.clone())
                    .tag(format!("t{n}")),
            )?;
            let asset = case.add_asset(
                NewAsset::new(format!("host{n} {text}"), "Account").description(text.clone()),
            )?;
            case.add_event(
                NewEvent::new(
                    format!("event {n} {text}"),
                    "2024-05-01T08:00:00Z".parse().unwrap(),
                )
                .content(text.clone())
                .raw(text.clone())
                .assets([asset.id()]),
            )?;
            case.add_task(NewTask::new(format!("task {n} {text}")).description(text.clone()))?;
            case.add_comment(NewComment::new(note.id(), format!("comment {n} {text}")))?;
            ctx.info(format!("relay said: {text}"));
            log::warn!("through the log crate: {text}");
        }
        Ok(())
    }

    #[hook("on_manual_trigger_ioc", manual_name = "Fail loudly")]
    fn fail(&self, _: &mut HookContext, _: &mut [Ioc]) -> HookResult {
        Err(HookError::msg(
            self.secrets()
                .iter()
                .flat_map(|s| variants(s))
                .collect::<Vec<_>>()
                .join(" ; "),
        ))
    }
}

/// IRIS's stored list: the key, two instances with theirs, and a secret of an older version
/// kept under "No longer used".
fn stored_configuration() -> Value {
    json!([
        {"param_name": "api_key", "type": "sensitive_string", "value": API_KEY, "mandatory": true},
        {"param_name": "instances", "type": "textfield_json", "value": json!([
            {"name": "misp-a", "key": INSTANCE_KEY},
            {"name": "misp-b", "key": 1234567890123_u64},
        ]).to_string()},
        {"param_name": "old_key", "type": "sensitive_string", "value": RETIRED_KEY,
         "section": "No longer used (kept from version 0.0.1)"},
    ])
}

const SECRETS: [&str; 4] = [API_KEY, INSTANCE_KEY, RETIRED_KEY, "1234567890123"];

#[test]
fn no_secret_reaches_the_objects_the_case_the_log_or_the_status() {
    let harness = Harness::<Echo>::from_config(stored_configuration()).unwrap();
    assert_eq!(harness.module().instances.len(), 2);
    assert_eq!(harness.module().instances[0].name, "misp-a");
    let written = variants("x").len() * 4;
    let mut iocs: Vec<Ioc> = (0..written)
        .map(|n| Ioc::new(format!("evil{n}.example"), "domain"))
        .collect();
    let run = harness.fire("on_postload_ioc_create", &mut iocs);
    run.assert_success();

    let mut places = 0;
    let mut leaked = Vec::new();
    let mut check = |place: String, text: &str| {
        places += 1;
        for trace in leaks_in(text, &SECRETS) {
            leaked.push(format!("{place}: {trace}"));
        }
    };
    for ioc in &iocs {
        check(ioc.ioc_value.clone(), &serde_json::to_string(ioc).unwrap());
    }
    let objects = harness.cases().objects();
    assert_eq!(objects.len(), written * 6, "every object was added");
    for object in &objects {
        check(
            format!("{:?} {}", object.kind, object.id),
            &format!("{:?} {:?}", object.fields, object.links),
        );
    }
    for line in run.lines() {
        check("the log".into(), line);
    }
    check("the status".into(), &format!("{:?}", run.status));
    let failed = harness.fire_manual("on_manual_trigger_ioc", "Fail loudly", &mut iocs);
    assert!(failed.status.is_failure());
    check("the error status".into(), &format!("{:?}", failed.status));
    println!(
        "faults: leaks: {} variants of {} secrets, {places} places checked, {} leaked",
        written,
        SECRETS.len(),
        leaked.len()
    );
    assert!(
        leaked.is_empty(),
        "{} leaks: {:#?}",
        leaked.len(),
        &leaked[..leaked.len().min(20)]
    );
    assert!(run.logged("held one of the module's secrets, removed"));
}

#[test]
fn a_field_the_handler_did_not_change_is_left_as_iris_passed_it() {
    // A value that holds a secret but that the module did not write is not the module's
    // output: it is not written back (nor altered).
    let harness = Harness::<Echo>::from_config(stored_configuration()).unwrap();
    let mut iocs = [Ioc::new(format!("https://x.example/?k={API_KEY}"), "url")];
    harness
        .fire("on_postload_ioc_create", &mut iocs)
        .assert_success();
    assert_eq!(iocs[0].ioc_value, format!("https://x.example/?k={API_KEY}"));
}
