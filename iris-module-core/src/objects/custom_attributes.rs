//! Custom attributes: the tabs of fields IRIS shows on an object (the `custom_attributes`
//! columns of iris-web v2.4.20).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The type of a custom attribute field, i.e. how IRIS renders it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AttributeType {
    /// Text input.
    InputString,
    /// Textarea.
    InputTextfield,
    /// Checkbox; the value is a bool.
    InputCheckbox,
    /// Date input.
    InputDate,
    /// Date and time input.
    InputDatetime,
    /// Select; the field has `options`.
    InputSelect,
    /// Shows the field name only.
    Raw,
    /// HTML rendered as is (the usual choice for module reports). Users cannot overwrite it.
    Html,
}

/// One field of a custom attribute tab: `{"type", "value", "mandatory"[, "options"]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributeField {
    /// How IRIS renders it.
    #[serde(rename = "type")]
    pub field_type: AttributeType,
    /// The value.
    pub value: Value,
    /// Whether users must fill it.
    #[serde(default)]
    pub mandatory: bool,
    /// Choices of an `input_select`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// The `custom_attributes` column: tab name, then field name, then the field.
///
/// Kept as raw JSON so that fields written by IRIS or by other modules survive unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomAttributes(pub Map<String, Value>);

impl CustomAttributes {
    /// The names of the tabs.
    pub fn tabs(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// A field, when it exists and has the documented shape.
    pub fn field(&self, tab: &str, field: &str) -> Option<AttributeField> {
        let raw = self.0.get(tab)?.get(field)?;
        serde_json::from_value(raw.clone()).ok()
    }

    /// Creates the tab if it is missing (IRIS's `add_tab_attribute`).
    pub fn add_tab(&mut self, tab: &str) {
        let entry = self
            .0
            .entry(tab.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
    }

    /// Sets a field, creating its tab; overwrites any field of that name, as IRIS does.
    pub fn set_field(&mut self, tab: &str, field: &str, value: AttributeField) {
        self.add_tab(tab);
        if let Some(Value::Object(fields)) = self.0.get_mut(tab) {
            let value = serde_json::to_value(value).unwrap_or(Value::Null);
            fields.insert(field.to_owned(), value);
        }
    }

    /// Removes a field; returns whether it existed.
    pub fn remove_field(&mut self, tab: &str, field: &str) -> bool {
        match self.0.get_mut(tab) {
            Some(Value::Object(fields)) => fields.remove(field).is_some(),
            _ => false,
        }
    }
}

/// An object with a `custom_attributes` column.
pub trait HasCustomAttributes {
    /// The column.
    fn custom_attributes_mut(&mut self) -> &mut Option<CustomAttributes>;

    /// The column, read-only.
    fn custom_attributes(&self) -> Option<&CustomAttributes>;

    /// IRIS's `add_tab_attribute_field(obj, tab_name, field_name, field_type, field_value)`: sets
    /// the field (not mandatory, no options), creating the column and the tab as needed.
    fn add_tab_attribute_field(
        &mut self,
        tab: &str,
        field: &str,
        field_type: AttributeType,
        value: impl Into<Value>,
    ) {
        self.set_attribute_field(
            tab,
            field,
            AttributeField {
                field_type,
                value: value.into(),
                mandatory: false,
                options: None,
            },
        );
    }

    /// Sets a field with every option of [`AttributeField`].
    fn set_attribute_field(&mut self, tab: &str, field: &str, value: AttributeField) {
        self.custom_attributes_mut()
            .get_or_insert_with(CustomAttributes::default)
            .set_field(tab, field, value);
    }

    /// A field, when it exists.
    fn attribute_field(&self, tab: &str, field: &str) -> Option<AttributeField> {
        self.custom_attributes()?.field(tab, field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::Ioc;
    use serde_json::json;

    #[test]
    fn writes_iris_shape_and_keeps_other_fields() {
        let mut ioc: Ioc = serde_json::from_value(json!({
            "ioc_value": "x",
            "custom_attributes": {"Existing": {"Keep": {"type": "input_string", "value": "v", "mandatory": true}}}
        }))
        .unwrap();
        ioc.add_tab_attribute_field("VT Report", "HTML report", AttributeType::Html, "<b>hi</b>");
        let json = serde_json::to_value(&ioc.custom_attributes).unwrap();
        assert_eq!(
            json,
            json!({
                "Existing": {"Keep": {"type": "input_string", "value": "v", "mandatory": true}},
                "VT Report": {"HTML report": {"type": "html", "value": "<b>hi</b>", "mandatory": false}}
            })
        );
        let field = ioc.attribute_field("VT Report", "HTML report").unwrap();
        assert_eq!(field.field_type, AttributeType::Html);
    }
}
