//! `IrisRefang`: analysts paste defanged indicators (`hxxps://evil[.]example`, `10[.]0[.]0[.]1`,
//! `user[at]example[.]com`). This module turns them back into values that other modules and
//! exports can use, when the IOC is created or updated, or on demand from the IOC menu.

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
            if self.lowercase_domains && is_domain_like(ioc.type_name()) {
                value = value.to_lowercase();
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
}

iris_module_core::python_module!(Refang);

/// Whether IOCs of this type hold a domain name (so case does not matter).
fn is_domain_like(type_name: &str) -> bool {
    matches!(
        type_name,
        "domain" | "hostname" | "url" | "uri" | "email" | "email-src" | "email-dst"
    ) || type_name.starts_with("domain|")
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
        if out.len() >= from.len() && out[..from.len()].eq_ignore_ascii_case(from) {
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
}
