//! `IrisVT`: IOCs enriched with VirusTotal (API v3), a Rust counterpart of iris-vt-module. When
//! IOCs are created or updated, or from the IOC menu ("Get VT insight"), each IP, domain, URL or
//! hash is looked up; the IOC is tagged `vt:malicious` or `vt:suspicious` by detection ratio (and
//! `ASN:<n>` for IPs), its description gets a line of VirusTotal's verdict, and a "VT Report" tab
//! shows a report rendered from the module's templates. One IOC's failure does not stop the
//! others; the free tier's request rate is respected.

pub mod client;
pub mod insight;
pub mod report;
pub mod target;

use client::{Lookup, VtClient};
use insight::{Insight, Verdict, with_summary};
use iris_module_core::prelude::*;
use std::sync::OnceLock;
use std::time::Duration;
use target::{Kind, Target, target};

/// Provides an interface between VirusTotal and IRIS
#[iris_module(kind = "processor", name = "IrisVT")]
pub struct Vt {
    /// API key to use to communicate with VT
    #[config_param(human_name = "VT API Key", mandatory)]
    vt_api_key: Secret,
    /// Set to True if the VT key is premium (its requests are not spaced out)
    #[config_param(human_name = "VT Key is premium", default = false)]
    vt_key_is_premium: bool,
    /// Requests a minute the key may make when it is not premium (the public API allows 4)
    #[config_param(human_name = "Requests per minute", default = 4, section = "Advanced")]
    vt_requests_per_minute: u32,
    /// VirusTotal's API, to change only for a relay
    #[config_param(
        human_name = "VT API URL",
        default = "https://www.virustotal.com/api/v3",
        section = "Advanced"
    )]
    vt_api_url: String,
    /// Set to True to offers possibility to manually triggers the module via the UI
    #[config_param(
        human_name = "Manual triggers on IOCs",
        default = true,
        section = "Triggers"
    )]
    vt_manual_hook_enabled: bool,
    /// Set to True to automatically add a VT insight each time an IOC is updated
    #[config_param(
        human_name = "Triggers automatically on IOC update",
        default = false,
        section = "Triggers"
    )]
    vt_on_update_hook_enabled: bool,
    /// Set to True to automatically add a VT insight each time an IOC is created
    #[config_param(
        human_name = "Triggers automatically on IOC create",
        default = false,
        section = "Triggers"
    )]
    vt_on_create_hook_enabled: bool,
    /// Assign a new tag to IOC IPs with the ASN fetched from VT
    #[config_param(
        human_name = "Assign ASN tag to IP",
        default = true,
        section = "Insights"
    )]
    vt_ip_assign_asn_as_tag: bool,
    /// Tag the IOC as malicious if the percentage of detection is above the specified threshold
    #[config_param(
        human_name = "IOC tag malicious threshold",
        default = 10,
        section = "Insights"
    )]
    vt_tag_malicious_threshold: f64,
    /// Tag the IOC as suspicious if the percentage of detection is above the specified threshold
    #[config_param(
        human_name = "IOC tag suspicious threshold",
        default = 5,
        section = "Insights"
    )]
    vt_tag_suspicious_threshold: f64,
    /// Creates a new attribute on the IOC, based on the VT report and the templates of this configuration
    #[config_param(
        human_name = "Add VT report as new IOC attribute",
        default = true,
        section = "Insights"
    )]
    vt_report_as_attribute: bool,
    /// Domain report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "Domain report template",
        kind = "textfield_html",
        section = "Templates",
        default = r#"<div class="row"><div class="col-12">
<h3>{{ ioc.value }}</h3>
<dl class="row">
<dt class="col-sm-3">Detection</dt><dd class="col-sm-9">{{ insight.stats.malicious }} malicious, {{ insight.stats.suspicious }} suspicious, {{ insight.stats.harmless }} harmless, {{ insight.stats.undetected }} undetected</dd>
{% if insight.reputation is not none %}<dt class="col-sm-3">Reputation</dt><dd class="col-sm-9">{{ insight.reputation }}</dd>{% endif %}
{% if attributes.registrar %}<dt class="col-sm-3">Registrar</dt><dd class="col-sm-9">{{ attributes.registrar }}</dd>{% endif %}
{% if attributes.categories %}<dt class="col-sm-3">Categories</dt><dd class="col-sm-9">{% for engine, category in attributes.categories|items %}{{ category }} ({{ engine }}){% if not loop.last %}, {% endif %}{% endfor %}</dd>{% endif %}
<dt class="col-sm-3">Report</dt><dd class="col-sm-9"><a href="{{ insight.permalink }}" target="_blank">{{ insight.permalink }}</a></dd>
</dl>
{% if attributes.whois %}<h4>WHOIS</h4><pre>{{ attributes.whois }}</pre>{% endif %}
</div></div>"#
    )]
    vt_domain_report_template: String,
    /// IP report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "IP report template",
        kind = "textfield_html",
        section = "Templates",
        default = r#"<div class="row"><div class="col-12">
<h3>{{ ioc.value }}</h3>
<dl class="row">
<dt class="col-sm-3">Detection</dt><dd class="col-sm-9">{{ insight.stats.malicious }} malicious, {{ insight.stats.suspicious }} suspicious, {{ insight.stats.harmless }} harmless, {{ insight.stats.undetected }} undetected</dd>
{% if insight.as_owner %}<dt class="col-sm-3">AS owner</dt><dd class="col-sm-9">{{ insight.as_owner }} (AS{{ insight.asn }})</dd>{% endif %}
{% if insight.country %}<dt class="col-sm-3">Country</dt><dd class="col-sm-9">{{ insight.country }}</dd>{% endif %}
{% if attributes.network %}<dt class="col-sm-3">Network</dt><dd class="col-sm-9">{{ attributes.network }}</dd>{% endif %}
<dt class="col-sm-3">Report</dt><dd class="col-sm-9"><a href="{{ insight.permalink }}" target="_blank">{{ insight.permalink }}</a></dd>
</dl>
</div></div>"#
    )]
    vt_ip_report_template: String,
    /// Hash report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "Hash report template",
        kind = "textfield_html",
        section = "Templates",
        default = r#"<div class="row"><div class="col-12">
<h3>{{ attributes.meaningful_name or ioc.value }}</h3>
<dl class="row">
<dt class="col-sm-3">Detection</dt><dd class="col-sm-9">{{ insight.stats.malicious }} malicious, {{ insight.stats.suspicious }} suspicious, {{ insight.stats.undetected }} undetected</dd>
{% if attributes.type_description %}<dt class="col-sm-3">Type</dt><dd class="col-sm-9">{{ attributes.type_description }}</dd>{% endif %}
{% if attributes.size %}<dt class="col-sm-3">Size</dt><dd class="col-sm-9">{{ attributes.size }} bytes</dd>{% endif %}
{% if attributes.sha256 %}<dt class="col-sm-3">SHA256</dt><dd class="col-sm-9">{{ attributes.sha256 }}</dd>{% endif %}
{% if attributes.md5 %}<dt class="col-sm-3">MD5</dt><dd class="col-sm-9">{{ attributes.md5 }}</dd>{% endif %}
{% if attributes.names %}<dt class="col-sm-3">Names</dt><dd class="col-sm-9">{{ attributes.names[:5]|join(", ") }}</dd>{% endif %}
<dt class="col-sm-3">Report</dt><dd class="col-sm-9"><a href="{{ insight.permalink }}" target="_blank">{{ insight.permalink }}</a></dd>
</dl>
</div></div>"#
    )]
    vt_hash_report_template: String,
    /// URL report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "URL report template",
        kind = "textfield_html",
        section = "Templates",
        default = r#"<div class="row"><div class="col-12">
<h3>{{ ioc.value }}</h3>
<dl class="row">
<dt class="col-sm-3">Detection</dt><dd class="col-sm-9">{{ insight.stats.malicious }} malicious, {{ insight.stats.suspicious }} suspicious, {{ insight.stats.harmless }} harmless, {{ insight.stats.undetected }} undetected</dd>
{% if attributes.title %}<dt class="col-sm-3">Title</dt><dd class="col-sm-9">{{ attributes.title }}</dd>{% endif %}
{% if attributes.last_final_url %}<dt class="col-sm-3">Final URL</dt><dd class="col-sm-9">{{ attributes.last_final_url }}</dd>{% endif %}
<dt class="col-sm-3">Report</dt><dd class="col-sm-9"><a href="{{ insight.permalink }}" target="_blank">{{ insight.permalink }}</a></dd>
</dl>
</div></div>"#
    )]
    vt_url_report_template: String,
    /// The API client (its connections and its request pace), built on first use.
    client: OnceLock<VtClient>,
}

/// The tags of the verdicts.
const MALICIOUS: &str = "vt:malicious";
const SUSPICIOUS: &str = "vt:suspicious";

#[iris_module]
impl Vt {
    #[hook("on_postload_ioc_create", enabled_by = "vt_on_create_hook_enabled")]
    #[hook("on_postload_ioc_update", enabled_by = "vt_on_update_hook_enabled")]
    #[hook(
        "on_manual_trigger_ioc",
        manual_name = "Get VT insight",
        enabled_by = "vt_manual_hook_enabled"
    )]
    fn insight(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> Status {
        let proxy = ctx.server().proxy_for(&self.vt_api_url);
        let (mut enriched, mut failed) = (0, Vec::new());
        for ioc in iocs.iter_mut() {
            let Some(target) = target(ioc.type_name(), &ioc.ioc_value) else {
                ctx.info(format!(
                    "IOC type {} not handled by VT: {} skipped",
                    ioc.type_name(),
                    ioc.ioc_value
                ));
                continue;
            };
            let outcome = match self.client().lookup(&target, proxy) {
                Ok(Lookup::Found(data)) => self.enrich(ctx, ioc, &target, &data),
                Ok(Lookup::NotFound) => {
                    ctx.info(format!("{}: unknown to VirusTotal", ioc.ioc_value));
                    Ok(())
                }
                Err(error) => Err(HookError::from(error)),
            };
            match outcome {
                Ok(()) => enriched += 1,
                Err(error) => {
                    ctx.error(format!("{}: {error}", ioc.ioc_value));
                    failed.push(ioc.ioc_value.clone());
                }
            }
        }
        let summary = format!("{enriched} of {} IOCs looked up", iocs.len());
        match (failed.is_empty(), enriched) {
            (true, _) => Status::success(summary),
            (false, 0) => Status::error(format!("VirusTotal failed for {}", failed.join(", "))),
            (false, _) => Status::success(format!("{summary}; failed for {}", failed.join(", "))),
        }
    }
}

impl Vt {
    fn client(&self) -> &VtClient {
        self.client.get_or_init(|| {
            let per_minute = if self.vt_key_is_premium {
                0
            } else {
                self.vt_requests_per_minute
            };
            VtClient::new(
                &self.vt_api_url,
                self.vt_api_key.clone(),
                per_minute,
                Duration::from_secs(30),
            )
        })
    }

    /// Writes VirusTotal's insight into `ioc`: tags, description, report tab.
    fn enrich(
        &self,
        ctx: &HookContext,
        ioc: &mut Ioc,
        target: &Target,
        data: &serde_json::Value,
    ) -> Result<(), HookError> {
        let insight = Insight::read(target, data)?;
        let tag = |ioc: &mut Ioc, on: &str, off: &str| -> Result<(), HookError> {
            ioc.remove_tag(off);
            ioc.add_tag(on)?;
            Ok(())
        };
        let verdict = insight.verdict(
            self.vt_tag_malicious_threshold,
            self.vt_tag_suspicious_threshold,
        );
        match verdict {
            Verdict::Malicious => tag(ioc, MALICIOUS, SUSPICIOUS)?,
            Verdict::Suspicious => tag(ioc, SUSPICIOUS, MALICIOUS)?,
            Verdict::Clean => {
                ioc.remove_tag(MALICIOUS);
                ioc.remove_tag(SUSPICIOUS);
            }
            Verdict::Unknown => {}
        }
        if target.kind == Kind::Ip
            && self.vt_ip_assign_asn_as_tag
            && let Some(asn) = insight.asn
        {
            ioc.add_tag(&format!("ASN:{asn}"))?;
        }
        ioc.ioc_description = Some(with_summary(
            ioc.ioc_description.as_deref(),
            &insight.summary(),
        ));
        if self.vt_report_as_attribute {
            let template = match target.kind {
                Kind::Ip => &self.vt_ip_report_template,
                Kind::Domain => &self.vt_domain_report_template,
                Kind::Url => &self.vt_url_report_template,
                Kind::File => &self.vt_hash_report_template,
            };
            let html = report::render(template, ioc, target, &insight, data)?;
            ioc.add_tab_attribute_field("VT Report", "HTML report", AttributeType::Html, html);
        }
        ctx.info(format!(
            "{}: {:?} ({})",
            ioc.ioc_value,
            verdict,
            insight
                .ratio
                .map_or("no verdict".to_owned(), |ratio| format!(
                    "{ratio:.1}% detection"
                ))
        ));
        Ok(())
    }
}

iris_module_core::python_module!(Vt);
