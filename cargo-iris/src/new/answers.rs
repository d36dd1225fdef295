//! The answers of `cargo iris new`: the questions iris-skeleton-module asks, each also a flag;
//! asked in a terminal, never without one.

use clap::Args;
use dialoguer::{Input, Select};
use std::io::IsTerminal;
use std::path::PathBuf;

/// The licences a module can be created under (SPDX ids), as the skeleton offers them.
pub const LICENSES: &[&str] = &["LGPL-3.0", "MIT", "BSD-3", "GPL-3.0", "Apache-2.0"];

/// `cargo iris new` arguments.
#[derive(Args, Clone, Debug)]
pub struct NewArgs {
    /// The module's package name, e.g. `iris-watch-module` (lower case, digits, `-` and `_`).
    pub name: String,
    /// `processor` (hooks on case objects) or `pipeline` (uploaded files).
    #[arg(long)]
    pub kind: Option<String>,
    /// The keyword the module is named after (default: the name's second part, `watch`).
    #[arg(long)]
    pub keyword: Option<String>,
    /// What the module does.
    #[arg(long)]
    pub description: Option<String>,
    /// Who publishes it.
    #[arg(long)]
    pub organization: Option<String>,
    /// The licence: LGPL-3.0, MIT, BSD-3, GPL-3.0 or Apache-2.0.
    #[arg(long)]
    pub license: Option<String>,
    /// The GitHub account of the author.
    #[arg(long)]
    pub github_name: Option<String>,
    /// The author's e-mail address.
    #[arg(long)]
    pub email: Option<String>,
    /// The first version (semantic versioning).
    #[arg(long = "module-version", value_name = "VERSION")]
    pub version: Option<String>,
    /// Where to create it (default: a directory named after the module).
    #[arg(long)]
    pub path: Option<PathBuf>,
    /// Depend on iris-module-core at this path (default: the one this tool was built from,
    /// when it is there).
    #[arg(long, conflicts_with = "core_version")]
    pub core_path: Option<PathBuf>,
    /// Depend on this version of iris-module-core from crates.io.
    #[arg(long)]
    pub core_version: Option<String>,
    /// Use the defaults for every answer not given as a flag, without asking.
    #[arg(long)]
    pub no_input: bool,
}

/// What kind of module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Processor,
    Pipeline,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Processor => "processor",
            Kind::Pipeline => "pipeline",
        }
    }
}

/// Every answer, checked.
#[derive(Clone, Debug)]
pub struct Answers {
    pub package: String,
    pub keyword: String,
    pub kind: Kind,
    pub description: String,
    pub organization: String,
    pub license: String,
    pub github_name: String,
    pub email: String,
    pub version: String,
    pub core_dependency: String,
}

impl Answers {
    /// The Python package IRIS imports: the name with `-` as `_`.
    pub fn lib(&self) -> String {
        self.package.replace('-', "_")
    }

    /// The keyword capitalised: the Rust type's name (`Watch`).
    pub fn type_name(&self) -> String {
        let mut chars = self.keyword.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// IRIS's module name (`IrisWatch`), as the skeleton names modules.
    pub fn module_name(&self) -> String {
        format!("Iris{}", self.type_name())
    }
}

/// Completes `args` (asking in a terminal, unless `--no-input`) and checks every answer.
pub fn collect(args: NewArgs) -> Result<Answers, String> {
    check_name(&args.name)?;
    let ask = !args.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let missing: Vec<&str> = [
        ("--kind", args.kind.is_none()),
        ("--description", args.description.is_none()),
        ("--organization", args.organization.is_none()),
        ("--license", args.license.is_none()),
        ("--github-name", args.github_name.is_none()),
        ("--email", args.email.is_none()),
    ]
    .iter()
    .filter(|(_, missing)| *missing)
    .map(|(flag, _)| *flag)
    .collect();
    if !ask && !args.no_input && !missing.is_empty() {
        return Err(format!(
            "not a terminal, so nothing is asked: give {} or --no-input for the defaults",
            missing.join(", ")
        ));
    }
    let mut prompt = Prompt { ask };
    let default_keyword = args
        .name
        .split(['-', '_'])
        .nth(1)
        .unwrap_or(&args.name)
        .to_owned();
    let keyword = prompt.text("Keyword", args.keyword, &default_keyword)?;
    let kind = match prompt
        .choice("Kind", args.kind, &["processor", "pipeline"])?
        .as_str()
    {
        "processor" => Kind::Processor,
        "pipeline" => Kind::Pipeline,
        other => {
            return Err(format!(
                "unknown kind `{other}`: expected processor or pipeline"
            ));
        }
    };
    let description = prompt.text(
        "Description",
        args.description,
        &format!("A DFIR-IRIS {} module.", kind.as_str()),
    )?;
    let organization = prompt.text("Organization", args.organization, "DFIR team")?;
    let license = prompt.choice("License", args.license, LICENSES)?;
    let github_name = prompt.text("GitHub name", args.github_name, "")?;
    let email = prompt.text("E-mail", args.email, "dfir@example.org")?;
    let version = prompt.text("Version", args.version, "0.1.0")?;
    check_keyword(&keyword)?;
    if !LICENSES.contains(&license.as_str()) {
        return Err(format!(
            "unknown licence `{license}`: choose one of {}",
            LICENSES.join(", ")
        ));
    }
    semver::Version::parse(&version)
        .map_err(|error| format!("version `{version}` is not semantic versioning: {error}"))?;
    if email.contains(['"', '\n']) || description.contains('\n') || organization.contains('\n') {
        return Err("answers must be one line, without `\"` in the e-mail address".into());
    }
    Ok(Answers {
        package: args.name,
        keyword: keyword.to_lowercase(),
        kind,
        description,
        organization,
        license,
        github_name,
        email,
        version,
        core_dependency: core_dependency(args.core_path, args.core_version)?,
    })
}

/// The skeleton's rule: `^[a-z][a-z0-9\-\_]+[a-z0-9]$`; and not a Rust keyword.
pub fn check_name(name: &str) -> Result<(), String> {
    let bytes = name.as_bytes();
    let valid = bytes.len() >= 3
        && bytes[0].is_ascii_lowercase()
        && bytes[1..bytes.len() - 1]
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'_')
        && (bytes[bytes.len() - 1].is_ascii_lowercase() || bytes[bytes.len() - 1].is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a valid module package name: lower-case letters, digits, `-` and \
             `_`, starting with a letter, ending with a letter or digit, at least 3 characters \
             (e.g. `iris-watch-module`)"
        ))
    }
}

fn check_keyword(keyword: &str) -> Result<(), String> {
    let valid = keyword
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && keyword.chars().all(|c| c.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(format!(
            "keyword `{keyword}` must be letters and digits, starting with a letter (it names \
             the module's type)"
        ))
    }
}

/// The `iris-module-core = ...` value of the generated `Cargo.toml`.
fn core_dependency(path: Option<PathBuf>, version: Option<String>) -> Result<String, String> {
    if let Some(version) = version {
        return Ok(format!("\"{version}\""));
    }
    let path = match path {
        Some(path) => path,
        None => {
            let built_from =
                PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../iris-module-core"));
            if !built_from.join("Cargo.toml").exists() {
                return Ok(format!("\"{}\"", env!("CARGO_PKG_VERSION")));
            }
            built_from
        }
    };
    let path = std::fs::canonicalize(&path)
        .map_err(|error| format!("--core-path {}: {error}", path.display()))?;
    if !path.join("Cargo.toml").exists() {
        return Err(format!(
            "--core-path {}: no Cargo.toml there",
            path.display()
        ));
    }
    Ok(format!(
        "{{ path = {} }}",
        serde_json::Value::from(path.to_string_lossy().into_owned())
    ))
}

/// Asks for an answer not given, in a terminal; the default otherwise.
struct Prompt {
    ask: bool,
}

impl Prompt {
    fn text(
        &mut self,
        question: &str,
        given: Option<String>,
        default: &str,
    ) -> Result<String, String> {
        if let Some(given) = given {
            return Ok(given);
        }
        if !self.ask {
            return Ok(default.to_owned());
        }
        Input::new()
            .with_prompt(question)
            .default(default.to_owned())
            .allow_empty(true)
            .interact_text()
            .map_err(|error| error.to_string())
    }

    fn choice(
        &mut self,
        question: &str,
        given: Option<String>,
        choices: &[&str],
    ) -> Result<String, String> {
        if let Some(given) = given {
            return Ok(given);
        }
        if !self.ask {
            return Ok(choices[0].to_owned());
        }
        let index = Select::new()
            .with_prompt(question)
            .items(choices)
            .default(0)
            .interact()
            .map_err(|error| error.to_string())?;
        Ok(choices[index].to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_skeletons_rule() {
        for ok in ["iris-watch-module", "iris_x2", "abc"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "Iris-watch",
            "iris-",
            "-iris",
            "ab",
            "iris watch",
            "iris.watch",
            "2iris",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn keywords_name_a_type() {
        assert!(check_keyword("vt2").is_ok());
        assert!(check_keyword("2vt").is_err());
        assert!(check_keyword("v-t").is_err());
    }
}
