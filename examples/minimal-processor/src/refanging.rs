//! Turning defanged values back into usable ones, and the domain names in them into lower case.

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
