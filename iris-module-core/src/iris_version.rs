//! Whether the IRIS a module is loaded into is one it runs in: the framework's range
//! ([`SUPPORTED_IRIS_VERSIONS`]) and the module's own (`#[iris_module(iris_versions = "...")]`),
//! checked against the version IRIS reports (its `IRIS_VERSION`). The rule is
//! [`iris_module_vocabulary::check_iris_version`]; this file words what a user reads.

use crate::module::ModuleInfo;
pub use iris_module_vocabulary::{IrisVersionFit, SUPPORTED_IRIS_VERSIONS};

/// What a module does in an IRIS reporting a version.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IrisVersionVerdict {
    /// Run.
    Run,
    /// Run, with this warning logged: the version cannot be read.
    RunUnchecked(String),
    /// Do nothing: this is the status's (and the log's) message.
    Refuse(String),
}

/// The verdict for `info`'s module in an IRIS reporting `reported`.
pub fn verdict(info: &ModuleInfo, reported: &str) -> IrisVersionVerdict {
    match iris_module_vocabulary::check_iris_version(reported, info.iris_versions) {
        IrisVersionFit::Inside => IrisVersionVerdict::Run,
        IrisVersionFit::Outside { reported, range } => {
            let whose = if info.iris_versions == Some(range.as_str()) {
                format!("module `{}` {} runs", info.name, info.module_version)
            } else {
                format!(
                    "module `{}` {} is built on iris-module-core {}, which runs",
                    info.name,
                    info.module_version,
                    env!("CARGO_PKG_VERSION")
                )
            };
            IrisVersionVerdict::Refuse(format!(
                "this IRIS reports version `{reported}`, and {whose} in IRIS {range} only: \
                 nothing was done (install a version of the module made for this IRIS)"
            ))
        }
        IrisVersionFit::Unknown { reported } => IrisVersionVerdict::RunUnchecked(format!(
            "this IRIS reports its version as `{reported}`, which is not a version: module `{}` \
             cannot check that it runs in it (it runs in IRIS {})",
            info.name,
            info.iris_versions.unwrap_or(SUPPORTED_IRIS_VERSIONS)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NARROW: ModuleInfo = ModuleInfo {
        name: "IrisNarrow",
        module_version: "1.0.0",
        iris_versions: Some(">=2.4.20, <2.5"),
        ..ModuleInfo::INVALID
    };

    #[test]
    fn a_status_names_the_version_the_range_and_whose_range_it_is() {
        assert_eq!(verdict(&NARROW, "v2.4.20"), IrisVersionVerdict::Run);
        let IrisVersionVerdict::Refuse(own) = verdict(&NARROW, "v2.4.18") else {
            panic!("v2.4.18 is outside");
        };
        assert!(
            own.contains("`v2.4.18`")
                && own.contains("module `IrisNarrow` 1.0.0 runs in IRIS >=2.4.20, <2.5 only"),
            "{own}"
        );
        let IrisVersionVerdict::Refuse(framework) = verdict(&NARROW, "v3.0.0-beta.1") else {
            panic!("3.0 is outside");
        };
        assert!(
            framework.contains("built on iris-module-core")
                && framework.contains(SUPPORTED_IRIS_VERSIONS),
            "{framework}"
        );
        assert!(matches!(
            verdict(&NARROW, "demo"),
            IrisVersionVerdict::RunUnchecked(warning) if warning.contains("`demo`")
        ));
    }
}
