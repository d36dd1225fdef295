//! The IRIS versions a module runs in: the framework's own range ([`SUPPORTED_IRIS_VERSIONS`]),
//! a module's declared range (`#[iris_module(iris_versions = ">=2.4, <2.6")]`, checked at compile
//! time with [`parse_range`]) and the check of the version an IRIS reports ([`check`]), one home
//! for each rule.

use semver::{Version, VersionReq};

/// The IRIS versions the framework runs in: IRIS's 2.4 line (tested on v2.4.20) and its next
/// line, 2.5 (iris-web's branch `develop`, tested at a4d5121, whose configuration still reports
/// `v2.4.18`). IRIS 3.0 (iris-backend) moves its models again and is not tested: it is outside.
pub const SUPPORTED_IRIS_VERSIONS: &str = ">=2.4.0, <2.6.0";

/// A range of IRIS versions as semver's `VersionReq` reads it (`>=2.4, <2.6`, `~2.4`, `2.4.*`),
/// or why it is not one.
pub fn parse_range(text: &str) -> Result<VersionReq, RangeError> {
    VersionReq::parse(text).map_err(|source| RangeError {
        text: text.to_owned(),
        source,
    })
}

/// A text that is not a range of IRIS versions.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{text}` is not a range of IRIS versions ({source})\n  = help: write comparators separated \
     by commas, as `>=2.4, <2.6`"
)]
pub struct RangeError {
    /// The text.
    pub text: String,
    /// Why semver does not read it.
    pub source: semver::Error,
}

/// The version an IRIS reports (its `IRIS_VERSION`: `v2.4.20`, `2.5.0-beta`, `v2.4`), with the
/// leading `v` and any pre-release dropped, so that a beta belongs to its line; `None` when it is
/// not a version (`IRIS_DEMO_VERSION` can be any text).
pub fn parse_reported(text: &str) -> Option<Version> {
    let text = text.trim();
    let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let core = text.split(['-', '+']).next().unwrap_or_default();
    let mut parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|part| part.is_empty()) {
        return None;
    }
    parts.resize(3, "0");
    Version::parse(&parts.join(".")).ok()
}

/// How the version an IRIS reports fits a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IrisVersionFit {
    /// Inside the framework's range and the module's.
    Inside,
    /// Outside `range` (the framework's, or the module's own).
    Outside {
        /// The version as IRIS reported it.
        reported: String,
        /// The range it is outside.
        range: String,
    },
    /// Not a version: it cannot be checked.
    Unknown {
        /// What IRIS reported.
        reported: String,
    },
}

/// How `reported` fits the framework's range and `declared`, the module's own (`None`: the
/// framework's only). A declared range that does not parse (the macros refuse it) is ignored.
pub fn check(reported: &str, declared: Option<&str>) -> IrisVersionFit {
    let Some(version) = parse_reported(reported) else {
        return IrisVersionFit::Unknown {
            reported: reported.to_owned(),
        };
    };
    for range in [Some(SUPPORTED_IRIS_VERSIONS), declared]
        .into_iter()
        .flatten()
    {
        if let Ok(req) = VersionReq::parse(range)
            && !req.matches(&version)
        {
            return IrisVersionFit::Outside {
                reported: reported.to_owned(),
                range: range.to_owned(),
            };
        }
    }
    IrisVersionFit::Inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_iris_reports() {
        assert_eq!(parse_reported("v2.4.20"), Some(Version::new(2, 4, 20)));
        assert_eq!(parse_reported("2.5.0-beta.1"), Some(Version::new(2, 5, 0)));
        // IRIS tags its betas so: `v2.5.0-bv1`.
        assert_eq!(parse_reported("v2.5.0-bv1"), Some(Version::new(2, 5, 0)));
        assert_eq!(parse_reported(" v2.4 "), Some(Version::new(2, 4, 0)));
        assert_eq!(parse_reported("V3"), Some(Version::new(3, 0, 0)));
        for bad in ["", "v", "demo", "2..4", "2.4.20.1", "v2.x"] {
            assert_eq!(parse_reported(bad), None, "{bad}");
        }
    }

    #[test]
    fn both_lines_are_inside_and_the_next_major_is_outside() {
        for inside in ["v2.4.20", "v2.4.18", "v2.5.0-beta", "2.5.9"] {
            assert_eq!(check(inside, None), IrisVersionFit::Inside, "{inside}");
        }
        for outside in ["v3.0.0-beta.1", "v2.3.7", "2.6.0"] {
            assert!(
                matches!(check(outside, None), IrisVersionFit::Outside { ref range, .. } if range == SUPPORTED_IRIS_VERSIONS),
                "{outside}"
            );
        }
    }

    #[test]
    fn a_module_narrows_the_range_and_cannot_widen_it() {
        assert_eq!(
            check("v2.4.20", Some(">=2.4.20, <2.5")),
            IrisVersionFit::Inside
        );
        assert_eq!(
            check("v2.4.18", Some(">=2.4.20, <2.5")),
            IrisVersionFit::Outside {
                reported: "v2.4.18".into(),
                range: ">=2.4.20, <2.5".into()
            }
        );
        assert!(matches!(
            check("v3.1.0", Some(">=2.4")),
            IrisVersionFit::Outside { range, .. } if range == SUPPORTED_IRIS_VERSIONS
        ));
        assert_eq!(
            check("demo build", Some(">=2.4")),
            IrisVersionFit::Unknown {
                reported: "demo build".into()
            }
        );
    }

    #[test]
    fn a_declared_range_is_read_by_semver() {
        assert!(parse_range(">=2.4, <2.6").is_ok());
        assert!(parse_range("~2.4").is_ok());
        let error = parse_range("2.4 to 2.6").unwrap_err().to_string();
        assert!(error.contains("not a range of IRIS versions"), "{error}");
    }
}
