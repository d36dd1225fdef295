//! The answers of `cargo iris new`: the questions iris-skeleton-module asks, each also a flag;
//! asked in a terminal, never without one.

use super::error::{BadAnswer, NewError};
use clap::Args;
use dialoguer::{Input, Select};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

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
    /// The licence: LGPL-3.0, MIT, BSD-3, GPL-3.0 or Apache-2.0 (or their SPDX ids:
    /// BSD-3-Clause, LGPL-3.0-or-later, GPL-3.0-or-later).
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

/// Completes `args` (asking in a terminal, unless `--no-input`) and checks every answer: the
/// answers given as flags first, all at once, then each one typed in the terminal, which is asked
/// again until it is valid.
pub fn collect(args: NewArgs, directory: &Path) -> Result<Answers, NewError> {
    check_name(&args.name).map_err(NewError::Name)?;
    check_flags(&args)?;
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
        return Err(NewError::NotATerminal(missing));
    }
    let mut prompt = Prompt { ask };
    let default_keyword = args
        .name
        .split(['-', '_'])
        .nth(1)
        .unwrap_or(&args.name)
        .to_owned();
    let keyword = prompt.text("Keyword", args.keyword, &default_keyword, check_keyword)?;
    let kind =
        match check_kind(&prompt.choice("Kind", args.kind, KINDS)?).map_err(flag("--kind"))? {
            "pipeline" => Kind::Pipeline,
            _ => Kind::Processor,
        };
    let description = prompt.text(
        "Description",
        args.description,
        &format!("A DFIR-IRIS {} module.", kind.as_str()),
        one_line,
    )?;
    let organization = prompt.text("Organization", args.organization, "DFIR team", one_line)?;
    let license = check_license(&prompt.choice("License", args.license, LICENSES)?)
        .map_err(flag("--license"))?
        .to_owned();
    let github_name = prompt.text("GitHub name", args.github_name, "", check_github_name)?;
    let email = prompt.text("E-mail", args.email, "dfir@example.org", check_email)?;
    let version = prompt.text("Version", args.version, "0.1.0", check_version)?;
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
        core_dependency: core_dependency(args.core_path, args.core_version, directory)?,
    })
}

/// The kinds of module, as `--kind` takes them.
const KINDS: &[&str] = &["processor", "pipeline"];

/// Every answer given as a flag, checked: all the problems at once.
fn check_flags(args: &NewArgs) -> Result<(), NewError> {
    let checks: [(&str, &Option<String>, Check); 8] = [
        ("--keyword", &args.keyword, check_keyword),
        ("--kind", &args.kind, |kind| check_kind(kind).map(drop)),
        ("--description", &args.description, one_line),
        ("--organization", &args.organization, one_line),
        ("--license", &args.license, |license| {
            check_license(license).map(drop)
        }),
        ("--github-name", &args.github_name, check_github_name),
        ("--email", &args.email, check_email),
        ("--module-version", &args.version, check_version),
    ];
    let problems: Vec<String> = checks
        .iter()
        .filter_map(|(flag, value, check)| {
            let value = value.as_deref()?;
            check(value)
                .err()
                .map(|problem| format!("{flag}: {problem}"))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(NewError::Flags(problems))
    }
}

/// A choice made in the terminal that its rule refuses (only a `Select` among the valid ones
/// can give one, so never in practice), reported as the flag's.
fn flag(flag: &'static str) -> impl Fn(BadAnswer) -> NewError {
    move |problem| NewError::Flags(vec![format!("{flag}: {problem}")])
}

/// A rule an answer must follow.
type Check = fn(&str) -> Result<(), BadAnswer>;

/// `processor` or `pipeline`, with a did-you-mean.
fn check_kind(kind: &str) -> Result<&'static str, BadAnswer> {
    KINDS
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(kind.trim()))
        .ok_or_else(|| unknown("kind", kind, KINDS))
}

/// One of [`LICENSES`], by its short name or its SPDX id (`BSD-3-Clause`, `LGPL-3.0-or-later`);
/// the short name.
fn check_license(license: &str) -> Result<&'static str, BadAnswer> {
    super::licenses::short_name(license).ok_or_else(|| unknown("licence", license, LICENSES))
}

/// `unknown kind "procesor"; did you mean "processor"?` or the list of choices.
fn unknown(what: &str, given: &str, choices: &[&str]) -> BadAnswer {
    let closest = iris_module_vocabulary::did_you_mean::closest(given, choices.iter().copied());
    BadAnswer(match closest {
        Some(choice) => format!("unknown {what} `{given}`; did you mean `{choice}`?"),
        None => format!(
            "unknown {what} `{given}`: choose one of {}",
            choices.join(", ")
        ),
    })
}

/// One line, without `"` (the answer goes into TOML and Python strings).
fn one_line(text: &str) -> Result<(), BadAnswer> {
    if text.contains(['\n', '\r', '"']) {
        Err(BadAnswer("must be one line, without `\"`".into()))
    } else {
        Ok(())
    }
}

/// A GitHub account name: letters, digits and `-` (or nothing).
fn check_github_name(name: &str) -> Result<(), BadAnswer> {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(())
    } else {
        Err(BadAnswer(format!(
            "`{name}` is not a GitHub account name (letters, digits and `-`)"
        )))
    }
}

/// An e-mail address: one `@`, something before it, a domain with a dot after it, no spaces.
fn check_email(email: &str) -> Result<(), BadAnswer> {
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err(BadAnswer(format!(
            "`{email}` is not an e-mail address (like dfir@example.org)"
        )))
    }
}

/// Semantic versioning.
fn check_version(version: &str) -> Result<(), BadAnswer> {
    semver::Version::parse(version)
        .map(drop)
        .map_err(|error| BadAnswer(format!("`{version}` is not semantic versioning: {error}")))
}

/// The skeleton's rule: `^[a-z][a-z0-9\-\_]+[a-z0-9]$`; and not a Rust keyword.
pub fn check_name(name: &str) -> Result<(), BadAnswer> {
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
        Err(BadAnswer(format!(
            "`{name}` is not a valid module package name: lower-case letters, digits, `-` and \
             `_`, starting with a letter, ending with a letter or digit, at least 3 characters \
             (e.g. `iris-watch-module`)"
        )))
    }
}

/// The keyword: letters and digits, starting with a letter.
fn check_keyword(keyword: &str) -> Result<(), BadAnswer> {
    let valid = keyword
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && keyword.chars().all(|c| c.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(BadAnswer(format!(
            "keyword `{keyword}` must be letters and digits, starting with a letter (it names \
             the module's type)"
        )))
    }
}

/// Where the generated `Cargo.toml` takes `iris-module-core` from, as the keys of its inline
/// table (`version = "..."` or `path = "..."`; the dependency and the dev-dependency, which adds
/// the `testing` feature, share it): the version given, else a
/// path (`--core-path`, else the source tree `cargo iris` was built from) written relative to the
/// new crate's `directory`, so the crate moves with its checkout and names no user's home.
fn core_dependency(
    path: Option<PathBuf>,
    version: Option<String>,
    directory: &Path,
) -> Result<String, NewError> {
    if let Some(version) = version {
        return Ok(format!("version = \"{version}\""));
    }
    let path = match path {
        Some(path) => path,
        None => {
            let built_from =
                PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../iris-module-core"));
            if !built_from.join("Cargo.toml").exists() {
                return Ok(format!("version = \"{}\"", env!("CARGO_PKG_VERSION")));
            }
            built_from
        }
    };
    let path = std::fs::canonicalize(&path).map_err(|error| NewError::CorePath {
        problem: error.to_string(),
        path,
    })?;
    if !path.join("Cargo.toml").exists() {
        return Err(NewError::CorePath {
            path,
            problem: "no Cargo.toml there".into(),
        });
    }
    let here = std::env::current_dir().map_err(NewError::CurrentDirectory)?;
    let crate_dir = normalized(&here.join(directory));
    let relative = pathdiff::diff_paths(&path, &crate_dir).unwrap_or(path);
    Ok(format!(
        "path = {}",
        serde_json::Value::from(relative.to_string_lossy().into_owned())
    ))
}

/// `path` without `.` and `..` components (it need not exist yet).
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Asks for an answer not given, in a terminal; the default otherwise.
struct Prompt {
    ask: bool,
}

impl Prompt {
    /// The answer given, else the one typed (asked again until `check` accepts it), else the
    /// default.
    fn text(
        &mut self,
        question: &str,
        given: Option<String>,
        default: &str,
        check: Check,
    ) -> Result<String, NewError> {
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
            .validate_with(|answer: &String| check(answer))
            .interact_text()
            .map_err(NewError::from)
    }

    /// The answer given, else the one picked from `choices`, else the first.
    fn choice(
        &mut self,
        question: &str,
        given: Option<String>,
        choices: &[&str],
    ) -> Result<String, NewError> {
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
            .interact()?;
        Ok(choices[index].to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked_with_the_fix() {
        assert_eq!(
            check_kind("procesor").unwrap_err().to_string(),
            "unknown kind `procesor`; did you mean `processor`?"
        );
        assert_eq!(check_kind("Pipeline"), Ok("pipeline"));
        assert_eq!(check_license("BSD-3-Clause"), Ok("BSD-3"));
        assert_eq!(check_license("lgpl-3.0-or-later"), Ok("LGPL-3.0"));
        assert_eq!(
            check_license("Apache2").unwrap_err().to_string(),
            "unknown licence `Apache2`; did you mean `Apache-2.0`?"
        );
        assert!(
            check_license("WTFPL")
                .unwrap_err()
                .to_string()
                .contains("choose one of LGPL-3.0, MIT")
        );
        for ok in ["dfir@example.org", "first.last+tag@sub.example.co.uk"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "dfir",
            "dfir@",
            "@example.org",
            "dfir@example",
            "a b@example.org",
            "a@b@c.org",
            "dfir@example.org.",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_version("1.0").is_err());
        assert!(one_line("two\nlines").is_err());
    }

    #[test]
    fn every_bad_flag_is_reported_at_once() {
        let args = NewArgs {
            name: "iris-watch-module".into(),
            kind: Some("procesor".into()),
            keyword: None,
            description: None,
            organization: None,
            license: Some("GPL3".into()),
            github_name: None,
            email: Some("dfir".into()),
            version: None,
            path: None,
            core_path: None,
            core_version: None,
            no_input: true,
        };
        let error = collect(args, Path::new("iris-x-module"))
            .unwrap_err()
            .to_string();
        assert_eq!(error.lines().count(), 3, "{error}");
        assert!(error.contains("--kind: unknown kind `procesor`; did you mean `processor`?"));
        assert!(error.contains("--license: unknown licence `GPL3`"));
        assert!(error.contains("--email: `dfir` is not an e-mail address"));
    }

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
