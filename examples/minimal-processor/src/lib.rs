//! `IrisRefang`: analysts paste defanged indicators (`hxxps://evil[.]example`, `10[.]0[.]0[.]1`,
//! `user[at]example[.]com`). This module turns them back into values that other modules and
//! exports can use, when the IOC is created or updated, or on demand from the IOC menu; and it
//! lists, refanged, the indicators found in a note's text (a pasted threat report, an e-mail) in a
//! tab of the note.

mod indicators;
mod refanging;

pub use indicators::{Indicator, IndicatorKind, extract, report_html};
use iris_module_core::prelude::*;
pub use refanging::{lowercase_domain, refang};

/// Refangs defanged IOC values (hxxp, [.], [at]...) and tags the IOCs it changed.
#[iris_module(kind = "processor", name = "IrisRefang")]
pub struct Refang {
    /// Tag added to every IOC whose value was refanged
    #[config_param(default = "refanged")]
    tag: String,
    /// Lower-case domain names and URLs' host part while refanging
    #[config_param(default = true, section = "Behaviour")]
    lowercase_domains: bool,
    /// Tab of the note where the indicators found in its text are listed
    #[config_param(default = "Indicators", section = "Notes")]
    indicators_tab: String,
    /// Add the indicators found in a note's text to the note's case as IOCs (each described with the note it comes from)
    #[config_param(default = false, section = "Notes")]
    note_indicators_to_iocs: bool,
}

#[iris_module]
impl Refang {
    #[hook("on_postload_ioc_create")]
    #[hook("on_postload_ioc_update")]
    #[hook("on_manual_trigger_ioc", manual_name = "Refang IOC")]
    fn refang_iocs(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        let mut changed = 0;
        for ioc in iocs.iter_mut() {
            let mut value = refang(&ioc.ioc_value);
            if self.lowercase_domains {
                value = lowercase_domain(ioc.type_name(), &value);
            }
            if value != ioc.ioc_value {
                ctx.info(format!("refanged `{}` into `{value}`", ioc.ioc_value));
                ioc.ioc_value = value;
                if !self.tag.is_empty() {
                    ioc.add_tag(&self.tag)?;
                }
                changed += 1;
            }
        }
        ctx.info(format!("{changed} of {} IOCs refanged", iocs.len()));
        Ok(())
    }

    #[hook("on_postload_note_create")]
    #[hook("on_postload_note_update")]
    #[hook("on_manual_trigger_note", manual_name = "List indicators")]
    fn list_indicators(&self, ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        for note in notes.iter_mut() {
            let found = extract(
                note.note_content.as_deref().unwrap_or(""),
                self.lowercase_domains,
            );
            let title = note.note_title.as_deref().unwrap_or("untitled");
            if found.is_empty() {
                if let Some(attributes) = note.custom_attributes.as_mut()
                    && attributes.remove_field(&self.indicators_tab, REPORT_FIELD)
                {
                    ctx.info(format!("no indicators left in note `{title}`"));
                }
                continue;
            }
            ctx.info(format!("{} indicators in note `{title}`", found.len()));
            note.add_tab_attribute_field(
                &self.indicators_tab,
                REPORT_FIELD,
                AttributeType::Html,
                report_html(&found),
            );
            if self.note_indicators_to_iocs {
                self.add_iocs(ctx, note, &found)?;
            }
        }
        Ok(())
    }
}

impl Refang {
    /// Adds `found` to the note's case as IOCs, tagged `from-note`, each described with the note
    /// it comes from. An indicator IRIS would refuse is skipped with a warning.
    fn add_iocs(&self, ctx: &HookContext, note: &Note, found: &[Indicator]) -> HookResult {
        let Some(case_id) = note.note_case_id.or(ctx.case_id()) else {
            ctx.warn("the note's case is unknown: no IOC added");
            return Ok(());
        };
        let title = note.note_title.as_deref().unwrap_or("untitled");
        let origin = match note.note_id {
            Some(id) => format!("Found in note #{id} \"{title}\""),
            None => format!("Found in note \"{title}\""),
        };
        let case = ctx.case(case_id);
        let (mut created, mut existed) = (0, 0);
        for indicator in found {
            let ioc = NewIoc::new(&indicator.value, indicator.kind.iris_type())
                .description(&origin)
                .tag("from-note");
            match case.add_ioc(ioc) {
                Ok(added) if added.created() => created += 1,
                Ok(_) => existed += 1,
                Err(error @ CaseError::Invalid { .. }) => ctx.warn(format!("skipped: {error}")),
                Err(error) => return Err(error.into()),
            }
        }
        ctx.info(format!(
            "{created} IOC(s) to add to case {case_id} from note `{title}`, {existed} already there"
        ));
        Ok(())
    }
}

/// The custom-attribute field holding the list of indicators.
const REPORT_FIELD: &str = "Found in the text";

iris_module_core::python_module!(Refang);
