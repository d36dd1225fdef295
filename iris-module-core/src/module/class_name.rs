//! The name of the Python class IRIS looks a module up by.

/// The Python class name IRIS looks up for a module named `module_name`: the name, as an
/// identifier, plus `Interface` (`IrisRefang` gives `IrisRefangInterface`).
pub fn class_name(module_name: &str) -> String {
    let mut name: String = module_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Iris");
    }
    name.push_str("Interface");
    name
}

#[cfg(test)]
mod tests {
    #[test]
    fn class_names_are_identifiers() {
        assert_eq!(super::class_name("IrisRefang"), "IrisRefangInterface");
        assert_eq!(super::class_name("VT insight 2"), "VTinsight2Interface");
        assert_eq!(super::class_name("3x"), "Iris3xInterface");
    }
}
