//! `IrisMISP`: IOCs looked up in one or several MISP instances. When IOCs are created or updated,
//! or from the IOC menu ("Get MISP insight"), each domain, IP address, hash or JA3 fingerprint
//! (and the address of an `ip-dst|port`, the hash of a `filename|sha256`...) is searched in every
//! configured MISP instance at once, and the IOC gets a "MISP Report" tab of the events that hold
//! it. A drop-in for the official `iris-misp-module` 1.3.0, which IRIS v2.4.20 installs: the same
//! package (`iris_misp_module`), class (`IrisMISPInterface`), module name and configuration, so
//! that IRIS's stored entry upgrades in place and its `misp_config` instance list is read
//! unchanged (its keys redacted everywhere). The differences, and why, are in `README.md`.

pub mod client;
pub mod instances;
pub mod lookup;
pub mod report;
pub mod search;

use instances::Instances;
use iris_module_core::prelude::*;
use lookup::{Found, Lookups};
use search::{Kind, searches};

/// Provides an interface between MISP and IRIS
#[iris_module(
    kind = "processor",
    name = "IrisMISP",
    class_name = "IrisMISPInterface"
)]
pub struct IrisMisp {
    /// Configure one or several MISP instances
    #[config_param(
        human_name = "MISP configuration",
        default = "{\n   \"name\": \"Public_MISP\",\n   \"type\":\"public\",\n   \"url\":[\"https://URL\"],\n   \"key\":[\"APIKEY\"],\n   \"ssl\":[false]\n}",
        mandatory
    )]
    misp_config: Json<Instances>,
    /// HTTP Proxy parameter
    #[config_param(human_name = "MISP HTTP Proxy")]
    misp_http_proxy: Option<String>,
    /// HTTPS Proxy parameter
    #[config_param(human_name = "MISP HTTPS Proxy")]
    misp_https_proxy: Option<String>,
    /// Creates a new attribute on the IOC, base on the MISP report. Attributes are based on the templates of this configuration
    #[config_param(
        human_name = "Add MISP report as new IOC attribute",
        default = true,
        mandatory,
        section = "Insights"
    )]
    misp_report_as_attribute: bool,
    /// Domain report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "Domain report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    misp_domain_report_template: String,
    /// IP report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "IP report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    misp_ip_report_template: String,
    /// Hash report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "Hash report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    misp_hash_report_template: String,
    /// JA3 report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "JA3 report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    misp_ja3_report_template: String,
    /// Set to True to offers possibility to manually triggers the module via the UI
    #[config_param(
        human_name = "Manual triggers on IOCs",
        default = true,
        mandatory,
        section = "Triggers"
    )]
    misp_manual_hook_enabled: bool,
    /// Set to True to automatically add a MISP insight each time an IOC is created
    #[config_param(
        human_name = "Triggers automatically on IOC create",
        default = false,
        mandatory,
        section = "Triggers"
    )]
    misp_on_create_hook_enabled: bool,
    /// Set to True to automatically add a MISP insight each time an IOC is updated
    #[config_param(
        human_name = "Triggers automatically on IOC update",
        default = false,
        mandatory,
        section = "Triggers"
    )]
    misp_on_update_hook_enabled: bool,
    /// How long MISP's answer for a value is reused, by every IRIS worker, instead of asking MISP again, in minutes (0: always ask). The manual trigger always asks.
    #[config_param(
        human_name = "Cache time to live (minutes)",
        default = 15,
        section = "Advanced"
    )]
    misp_cache_ttl_minutes: u32,
}

/// The tab and field of the report (the official module's).
const REPORT_TAB: &str = "MISP Report";
const REPORT_FIELD: &str = "HTML report";
/// Between the reports of a `domain|ip`'s two halves (the official module's).
const HALVES: &str = "<br/>";

#[iris_module]
impl IrisMisp {
    #[hook(
        "on_postload_ioc_create",
        enabled_by = "misp_on_create_hook_enabled",
        ioc_types = [
            "domain",
            "domain|ip",
            "ip-*",
            "ja3-fingerprint-md5",
            "md5",
            "sha1",
            "sha224",
            "sha256",
            "sha384",
            "sha512",
            "sha512/224",
            "sha512/256",
            "ssdeep",
            "tlsh",
            "authentihash",
            "filename|*"
        ]
    )]
    #[hook(
        "on_postload_ioc_update",
        enabled_by = "misp_on_update_hook_enabled",
        ioc_types = [
            "domain",
            "domain|ip",
            "ip-*",
            "ja3-fingerprint-md5",
            "md5",
            "sha1",
            "sha224",
            "sha256",
            "sha384",
            "sha512",
            "sha512/224",
            "sha512/256",
            "ssdeep",
            "tlsh",
            "authentihash",
            "filename|*"
        ]
    )]
    #[hook(
        "on_manual_trigger_ioc",
        manual_name = "Get MISP insight",
        enabled_by = "misp_manual_hook_enabled",
        ioc_types = [
            "domain",
            "domain|ip",
            "ip-*",
            "ja3-fingerprint-md5",
            "md5",
            "sha1",
            "sha224",
            "sha256",
            "sha384",
            "sha512",
            "sha512/224",
            "sha512/256",
            "ssdeep",
            "tlsh",
            "authentihash",
            "filename|*"
        ]
    )]
    fn insight(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> Status {
        let wanted: Vec<_> = iocs.iter().map(searches).collect();
        let lookups = Lookups {
            instances: &self.misp_config,
            proxies: (
                self.misp_http_proxy.as_deref(),
                self.misp_https_proxy.as_deref(),
            ),
            ttl_minutes: self.misp_cache_ttl_minutes,
            fresh: ctx.hook_name() == "on_manual_trigger_ioc",
        };
        let found = lookups.run(ctx, wanted.iter().flatten());
        for (instance, problem) in found.cache_problems() {
            ctx.warn(format!(
                "instance `{instance}`: the shared cache could not be used ({problem}): MISP was asked directly"
            ));
        }
        let mut with_events = 0;
        let environment = iris_module_core::jinja::environment();
        for (ioc, searched) in iocs.iter_mut().zip(&wanted) {
            match self.report(&environment, ioc, searched, &found) {
                Ok(Some(events)) => {
                    with_events += usize::from(events > 0);
                    ctx.info(format!("{}: {events} MISP event(s)", ioc.ioc_value));
                }
                Ok(None) => ctx.warn(format!(
                    "{}: no MISP instance answered, its report is left as it was",
                    ioc.ioc_value
                )),
                Err(error) => ctx.error(format!("{}: {error}", ioc.ioc_value)),
            }
        }
        let summary = format!(
            "{} IOC(s) looked up in {} MISP instance(s), {with_events} in MISP events ({} search(es) answered from the cache)",
            iocs.len(),
            self.misp_config.0.0.len(),
            found.cached
        );
        match found.status() {
            Ok(()) => Status::success(summary),
            Err(error) => Status::error(format!("{error}; {summary}")),
        }
    }
}

impl IrisMisp {
    /// The template of `kind`.
    fn template(&self, kind: Kind) -> &str {
        match kind {
            Kind::Domain => &self.misp_domain_report_template,
            Kind::Ip => &self.misp_ip_report_template,
            Kind::Hash => &self.misp_hash_report_template,
            Kind::Ja3 => &self.misp_ja3_report_template,
        }
    }

    /// Writes the report of `ioc`'s searches; the events found, `None` when no instance
    /// answered them.
    fn report(
        &self,
        environment: &minijinja::Environment<'_>,
        ioc: &mut Ioc,
        searched: &[search::Search],
        found: &Found,
    ) -> Result<Option<usize>, HookError> {
        let mut halves = Vec::new();
        let mut events = 0;
        for search in searched {
            let Some(results) = found.results(search) else {
                return Ok(None);
            };
            events += results
                .iter()
                .map(|result| result["result"].as_array().map_or(0, Vec::len))
                .sum::<usize>();
            halves.push(report::render(
                environment,
                self.template(search.kind),
                &results,
            )?);
        }
        if halves.is_empty() {
            return Ok(None);
        }
        if self.misp_report_as_attribute {
            ioc.add_tab_attribute_field(
                REPORT_TAB,
                REPORT_FIELD,
                AttributeType::Html,
                halves.join(HALVES),
            );
        }
        Ok(Some(events))
    }
}

iris_module_core::python_module!(IrisMisp);
