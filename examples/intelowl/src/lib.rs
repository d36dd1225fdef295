//! `Iris IntelOwl`: IOCs analysed by IntelOwl. When IOCs are created or updated, or from the IOC
//! menu ("Get IntelOwl insight"), each IOC is submitted to IntelOwl as an observable (an address,
//! a domain, a URL, a hash, or generic) and its job followed until IntelOwl reports, and the IOC
//! gets an "IntelOwl Report" tab of the analyzers' and connectors' results. A job still running
//! when the hook's time is nearly up is marked pending on its IOC, and the next trigger resumes
//! it instead of submitting it again: a worker is never blocked past its time limit. A drop-in for
//! the official `iris-intelowl-module` 0.1.0, which IRIS v2.4.20 installs: the same package
//! (`iris_intelowl_module`), class (`IrisIntelowlInterface`), module name and configuration, so
//! that IRIS's stored entry upgrades in place. The differences, and why, are in `README.md`.

pub mod client;
pub mod observable;
pub mod report;

use client::{IntelOwlClient, poll_job};
use iris_module_core::long_job::{JobOutcome, LongJob};
use iris_module_core::prelude::*;
use observable::{Observable, observable};
use std::time::Duration;

/// Provides a connector with IntelOwl - allows to pull insights from IntelOwl analyzers
#[iris_module(
    kind = "processor",
    name = "Iris IntelOwl",
    class_name = "IrisIntelowlInterface"
)]
pub struct IrisIntelOwl {
    #[config_param(human_name = "IntelOwl URL", description = "", mandatory)]
    intelowl_url: String,
    /// IntelOwl API key
    #[config_param(human_name = "IntelOwl API key", mandatory)]
    intelowl_key: Secret,
    /// Set true or false to decide whether or not the global proxy settings should be set for IntelOwl usage
    #[config_param(
        human_name = "Set global proxy settings for IntelOwl module",
        default = false,
        mandatory
    )]
    intelowl_should_use_proxy: bool,
    /// Set the maximum time the IRIS task should wait until the end of the IntelOwl job
    #[config_param(human_name = "Maximum job time (minutes)", default = 15)]
    intelowl_maxtime: u32,
    /// Set to True to offers possibility to manually triggers the module via the UI
    #[config_param(
        human_name = "Manual triggers on IOCs",
        default = true,
        mandatory,
        section = "Triggers"
    )]
    intelowl_manual_hook_enabled: bool,
    /// Set to True to automatically add a IntelOwl insight each time an IOC is created
    #[config_param(
        human_name = "Triggers automatically on IOC create",
        default = false,
        mandatory,
        section = "Triggers"
    )]
    intelowl_on_create_hook_enabled: bool,
    /// Set to True to automatically add a IntelOwl insight each time an IOC is updated
    #[config_param(
        human_name = "Triggers automatically on IOC update",
        default = false,
        mandatory,
        section = "Triggers"
    )]
    intelowl_on_update_hook_enabled: bool,
    /// Creates a new attribute on the IOC, base on the IntelOwl report. Attributes are based on the templates of this configuration
    #[config_param(
        human_name = "Add IntelOwl report as new IOC attribute",
        default = true,
        mandatory,
        section = "Insights"
    )]
    intelowl_report_as_attribute: bool,
    /// Domain report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "Domain report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    intelowl_domain_report_template: String,
    /// IP report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "IP report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    intelowl_ip_report_template: String,
    /// URL report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "URL report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    intelowl_url_report_template: String,
    /// Hash report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "Hash report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    intelowl_hash_report_template: String,
    /// Generic ioc report template used to add a new custom attribute to the target IOC
    #[config_param(
        human_name = "Generic ioc report template",
        kind = "textfield_html",
        section = "Templates",
        default = include_str!("../templates/report.jinja2.html")
    )]
    intelowl_generic_report_template: String,
    /// Check IntelOwl's TLS certificate (turn off only for a self-signed one)
    #[config_param(
        human_name = "Verify TLS certificates",
        default = true,
        section = "Advanced"
    )]
    intelowl_verify_tls: bool,
}

/// The tab and field of the report (the official module's).
const REPORT_TAB: &str = "IntelOwl Report";
const REPORT_FIELD: &str = "HTML report";
/// How often a job is polled (the official module's interval).
const POLL_EVERY: Duration = Duration::from_secs(2);
/// How many IOCs' jobs are followed at once.
const AT_ONCE: usize = 8;

/// How one IOC's analysis ended in this call.
enum Analysed {
    Reported(Observable, serde_json::Value),
    Pending,
    Failed(String),
}

#[iris_module]
impl IrisIntelOwl {
    #[hook(
        "on_postload_ioc_create",
        enabled_by = "intelowl_on_create_hook_enabled"
    )]
    #[hook(
        "on_postload_ioc_update",
        enabled_by = "intelowl_on_update_hook_enabled"
    )]
    #[hook(
        "on_manual_trigger_ioc",
        manual_name = "Get IntelOwl insight",
        enabled_by = "intelowl_manual_hook_enabled"
    )]
    fn insight(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> Status {
        let proxy = if self.intelowl_should_use_proxy {
            ctx.server()
                .proxy_for(&self.intelowl_url)
                .map(str::to_owned)
        } else {
            None
        };
        let client = match IntelOwlClient::new(
            &self.intelowl_url,
            self.intelowl_key.expose(),
            proxy,
            self.intelowl_verify_tls,
        ) {
            Ok(client) => client,
            Err(error) => return Status::error(format!("IntelOwl: {error}")),
        };
        let job = LongJob::new(
            "IntelOwl job",
            POLL_EVERY,
            Duration::from_secs(u64::from(self.intelowl_maxtime) * 60),
        );
        let ctx = &*ctx;
        let mut outcomes = Vec::with_capacity(iocs.len());
        for chunk in iocs.chunks_mut(AT_ONCE) {
            std::thread::scope(|scope| {
                let running: Vec<_> = chunk
                    .iter_mut()
                    .map(|ioc| scope.spawn(|| analyse(ctx, &job, &client, ioc)))
                    .collect();
                for handle in running {
                    outcomes.push(
                        handle.join().unwrap_or_else(|_| {
                            Analysed::Failed("the analysis panicked".to_owned())
                        }),
                    );
                }
            });
        }
        let environment = iris_module_core::jinja::environment();
        let (mut reported, mut pending, mut failed) = (0, 0, Vec::new());
        for (ioc, outcome) in iocs.iter_mut().zip(outcomes) {
            match outcome {
                Analysed::Reported(observable, job) => {
                    match self.write(&environment, ioc, &observable, &job) {
                        Ok(()) => reported += 1,
                        Err(error) => failed.push(format!("{}: {error}", ioc.ioc_value)),
                    }
                }
                Analysed::Pending => pending += 1,
                Analysed::Failed(why) => failed.push(format!("{}: {why}", ioc.ioc_value)),
            }
        }
        for failure in &failed {
            ctx.error(failure);
        }
        let mut summary = format!("{reported} of {} IOC(s) reported by IntelOwl", iocs.len());
        if pending > 0 {
            summary.push_str(&format!(
                ", {pending} still running (marked pending: trigger again to resume their jobs)"
            ));
        }
        if failed.is_empty() {
            Status::success(summary)
        } else {
            Status::error(format!("{summary}; failed: {}", failed.join("; ")))
        }
    }
}

/// Submits (or resumes) `ioc`'s job and follows it.
fn analyse(ctx: &HookContext, job: &LongJob, client: &IntelOwlClient, ioc: &mut Ioc) -> Analysed {
    let observable = observable(ioc);
    if observable.name.trim().is_empty() {
        return Analysed::Failed("no value to analyse".to_owned());
    }
    ctx.info(format!(
        "{}: analysed as {} `{}`",
        ioc.ioc_value, observable.classification, observable.name
    ));
    let outcome = job.run(
        ctx,
        ioc,
        || {
            client
                .submit(&observable)
                .map_err(|e| HookError::msg(e.to_string()))
        },
        |id: &String| poll_job(client, id).map_err(|e| HookError::msg(e.to_string())),
    );
    match outcome {
        Ok(JobOutcome::Done(result)) => Analysed::Reported(observable, result),
        Ok(JobOutcome::Pending { .. }) => Analysed::Pending,
        Err(error) => Analysed::Failed(error.to_string()),
    }
}

impl IrisIntelOwl {
    /// The template of `observable`'s classification.
    fn template(&self, observable: &Observable) -> &str {
        match observable.classification {
            "ip" => &self.intelowl_ip_report_template,
            "domain" => &self.intelowl_domain_report_template,
            "url" => &self.intelowl_url_report_template,
            "hash" => &self.intelowl_hash_report_template,
            _ => &self.intelowl_generic_report_template,
        }
    }

    /// Writes `job`'s report into `ioc`, if the module writes reports.
    fn write(
        &self,
        environment: &minijinja::Environment<'_>,
        ioc: &mut Ioc,
        observable: &Observable,
        job: &serde_json::Value,
    ) -> Result<(), HookError> {
        if !self.intelowl_report_as_attribute {
            return Ok(());
        }
        let html = report::render(
            environment,
            self.template(observable),
            &self.intelowl_url,
            job,
        )?;
        ioc.add_tab_attribute_field(REPORT_TAB, REPORT_FIELD, AttributeType::Html, html);
        Ok(())
    }
}

iris_module_core::python_module!(IrisIntelOwl);
