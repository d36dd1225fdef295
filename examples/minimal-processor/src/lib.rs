//! `IrisRefang`: analysts paste defanged indicators (`hxxps://evil[.]example`, `10[.]0[.]0[.]1`,
//! `user[at]example[.]com`). This module turns them back into values that other modules and
//! exports can use, when the IOC is created or updated, or on demand from the IOC menu; and it
//! lists, refanged, the indicators found in a note's text (a pasted threat report, an e-mail) in a
//! tab of the note.

mod indicators;

pub use indicators::{Indicator, IndicatorKind, extract, report_html};
use iris_module_core::prelude::*;

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

/// `value` with its domain name in lower case, for IOC types that hold one: the whole value of a
/// domain or host name, the host part of a URL (scheme included; the path keeps its case), the
/// domain of an e-mail address. Other values are returned unchanged.
pub fn lowercase_domain(type_name: &str, value: &str) -> String {
    let domain_end = match type_name {
        "domain" | "hostname" => value.len(),
        "url" | "uri" => value.find("://").map_or(value.len(), |scheme_end| {
            let host = scheme_end + 3;
            value[host..]
                .find(['/', '?', '#'])
                .map_or(value.len(), |end| host + end)
        }),
        "email" | "email-src" | "email-dst" => value.len(),
        other if other.starts_with("domain|") => value.find('|').unwrap_or(value.len()),
        _ => return value.to_owned(),
    };
    let domain_start = match type_name {
        "email" | "email-src" | "email-dst" => value.rfind('@').map_or(0, |at| at + 1),
        _ => 0,
    };
    format!(
        "{}{}{}",
        &value[..domain_start],
        value[domain_start..domain_end].to_lowercase(),
        &value[domain_end..]
    )
}

/// Undoes the usual defanging notations.
pub fn refang(value: &str) -> String {
    const REPLACEMENTS: &[(&str, &str)] = &[
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("[dot]", "."),
        ("(dot)", "."),
        ("[:]", ":"),
        ("[://]", "://"),
        ("[at]", "@"),
        ("(at)", "@"),
        ("[@]", "@"),
        ("[/]", "/"),
    ];
    let mut out = value.trim().to_owned();
    for (from, to) in REPLACEMENTS {
        out = replace_ignore_case(&out, from, to);
    }
    for (from, to) in [("hxxps", "https"), ("hxxp", "http"), ("fxp", "ftp")] {
        // `get`: the value is outside text, and may have a multi-byte character there.
        if out
            .get(..from.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(from))
        {
            out = format!("{to}{}", &out[from.len()..]);
        }
    }
    out
}

fn replace_ignore_case(haystack: &str, needle: &str, with: &str) -> String {
    let lower = haystack.to_ascii_lowercase();
    let mut out = String::with_capacity(haystack.len());
    let mut rest = 0;
    while let Some(found) = lower[rest..].find(needle) {
        out.push_str(&haystack[rest..rest + found]);
        out.push_str(with);
        rest += found + needle.len();
    }
    out.push_str(&haystack[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::refang;

    #[test]
    fn undoes_common_defanging() {
        assert_eq!(
            refang("hxxps://evil[.]example[/]x"),
            "https://evil.example/x"
        );
        assert_eq!(refang("10[.]0(.)0[DOT]1"), "10.0.0.1");
        assert_eq!(refang("user[at]example[.]com"), "user@example.com");
        assert_eq!(refang("plain.example"), "plain.example");
    }

    #[test]
    fn any_text_is_refanged_without_panicking() {
        // Outside text: a multi-byte character where the scheme is looked for used to panic.
        assert_eq!(refang("hxéé"), "hxéé");
        assert_eq!(refang("fxé"), "fxé");
        assert_eq!(refang("hxxpé://a[.]b"), "httpé://a.b");
        proptest::proptest!(|(value in "\\PC{0,24}")| {
            let _ = refang(&value);
            let _ = super::lowercase_domain("url", &value);
            let _ = super::lowercase_domain("email-src", &value);
        });
    }

    #[test]
    fn only_domain_names_are_lower_cased() {
        use super::lowercase_domain;
        assert_eq!(
            lowercase_domain("url", "HTTPS://Evil.Example/Login?Next=A"),
            "https://evil.example/Login?Next=A"
        );
        assert_eq!(lowercase_domain("url", "Evil.Example"), "evil.example");
        assert_eq!(
            lowercase_domain("email-src", "John.Doe@Example.ORG"),
            "John.Doe@example.org"
        );
        assert_eq!(
            lowercase_domain("domain|ip", "Evil.Example|10.0.0.1"),
            "evil.example|10.0.0.1"
        );
        assert_eq!(lowercase_domain("filename", "Report.PDF"), "Report.PDF");
    }
}
