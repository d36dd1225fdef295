//! The files of a new module, rendered from the templates in `cargo-iris/templates/`.

use super::answers::{Answers, Kind};
use super::error::NewError;
use super::licenses::license;
use minijinja::{Environment, context};

/// The templates, by the file they render to.
const COMMON: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        include_str!("../../templates/common/Cargo.toml.j2"),
    ),
    (
        "pyproject.toml",
        include_str!("../../templates/common/pyproject.toml.j2"),
    ),
    (
        "README.md",
        include_str!("../../templates/common/README.md.j2"),
    ),
    ("AUTHORS", include_str!("../../templates/common/AUTHORS.j2")),
    (
        ".gitignore",
        include_str!("../../templates/common/gitignore.j2"),
    ),
];
const PROCESSOR: &[(&str, &str)] = &[
    (
        "src/lib.rs",
        include_str!("../../templates/processor/lib.rs.j2"),
    ),
    (
        "tests/harness.rs",
        include_str!("../../templates/processor/harness.rs.j2"),
    ),
    (
        "fixtures/config.json",
        include_str!("../../templates/processor/fixtures/config.json.j2"),
    ),
    (
        "fixtures/iocs.json",
        include_str!("../../templates/processor/fixtures/iocs.json.j2"),
    ),
];
const PIPELINE: &[(&str, &str)] = &[
    (
        "src/lib.rs",
        include_str!("../../templates/pipeline/lib.rs.j2"),
    ),
    (
        "tests/harness.rs",
        include_str!("../../templates/pipeline/harness.rs.j2"),
    ),
    (
        "fixtures/config.json",
        include_str!("../../templates/pipeline/fixtures/config.json.j2"),
    ),
    (
        "fixtures/sample.log",
        include_str!("../../templates/pipeline/fixtures/sample.log.j2"),
    ),
];

/// Every file of the new crate: its path in the crate, and its content.
pub fn files(answers: &Answers) -> Result<Vec<(String, String)>, NewError> {
    let year = current_year();
    let author_name = if answers.github_name.is_empty() {
        answers.organization.clone()
    } else {
        answers.github_name.clone()
    };
    let (license_id, license_name, license_text) =
        license(&answers.license, year, &answers.organization)
            .ok_or_else(|| NewError::Licence(answers.license.clone()))?;
    let context = context! {
        package => answers.package,
        lib => answers.lib(),
        kw => answers.keyword,
        Kw => answers.type_name(),
        module_name => answers.module_name(),
        kind => answers.kind.as_str(),
        description => answers.description,
        organization => answers.organization,
        github_name => answers.github_name,
        email => answers.email,
        author_name => author_name,
        author => format!("{author_name} <{}>", answers.email),
        version => answers.version,
        license_id => license_id,
        license_name => license_name,
        core_dependency => answers.core_dependency,
        year => year,
    };
    let kind_templates = match answers.kind {
        Kind::Processor => PROCESSOR,
        Kind::Pipeline => PIPELINE,
    };
    let mut environment = Environment::new();
    environment.set_keep_trailing_newline(true);
    let mut files = Vec::new();
    for &(path, source) in COMMON.iter().chain(kind_templates) {
        let rendered = environment
            .render_str(source, &context)
            .map_err(|source| NewError::Template { path, source })?;
        files.push((path.to_owned(), rendered));
    }
    files.push(("LICENSE".to_owned(), license_text));
    Ok(files)
}

/// This year (UTC).
fn current_year() -> i32 {
    i32::from(
        jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .year(),
    )
}
