//! Binary XML (MS-EVEN6 §2.2.12) for plain elements: start, attributes, text, end.

use std::collections::HashMap;

/// An XML element: its name, attributes and content (child elements, or text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The name.
    pub name: String,
    /// The attributes, in order.
    pub attributes: Vec<(String, String)>,
    /// The child elements.
    pub children: Vec<Element>,
    /// The content, when it is a value.
    pub value: Option<Value>,
}

/// An element's or attribute's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string.
    Text(String),
    /// An unsigned integer (written as UInt64, as Windows writes record ids).
    Number(u64),
}

impl Element {
    /// `<name/>`.
    pub fn new(name: &str) -> Self {
        Element {
            name: name.to_owned(),
            attributes: Vec::new(),
            children: Vec::new(),
            value: None,
        }
    }

    /// Adds an attribute.
    pub fn attribute(mut self, name: &str, value: impl Into<String>) -> Self {
        self.attributes.push((name.to_owned(), value.into()));
        self
    }

    /// Adds a child element.
    pub fn child(mut self, child: Element) -> Self {
        self.children.push(child);
        self
    }

    /// Sets the text content.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.value = Some(Value::Text(text.into()));
        self
    }

    /// Sets a numeric content.
    pub fn number(mut self, number: u64) -> Self {
        self.value = Some(Value::Number(number));
        self
    }
}

const FRAGMENT_HEADER: [u8; 4] = [0x0f, 0x01, 0x01, 0x00];
const OPEN_START: u8 = 0x01;
const OPEN_START_WITH_ATTRIBUTES: u8 = 0x41;
const CLOSE_START: u8 = 0x02;
const CLOSE_EMPTY: u8 = 0x03;
const END_ELEMENT: u8 = 0x04;
const VALUE: u8 = 0x05;
const ATTRIBUTE: u8 = 0x06;
const END_OF_STREAM: u8 = 0x00;
const STRING_VALUE: u8 = 0x01;
const UINT64_VALUE: u8 = 0x0a;

/// Writes binary XML that will sit at chunk offset `base`, reusing the names already written in
/// the chunk (`names`: name to its offset) and recording the new ones.
pub struct Writer<'a> {
    bytes: Vec<u8>,
    base: u32,
    names: &'a mut HashMap<String, u32>,
}

impl<'a> Writer<'a> {
    pub fn new(base: u32, names: &'a mut HashMap<String, u32>) -> Self {
        Writer {
            bytes: Vec::new(),
            base,
            names,
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// A whole fragment: header, `root`, end of stream.
    pub fn fragment(&mut self, root: &Element) {
        self.bytes.extend_from_slice(&FRAGMENT_HEADER);
        self.element(root);
        self.bytes.push(END_OF_STREAM);
    }

    fn element(&mut self, element: &Element) {
        let has_attributes = !element.attributes.is_empty();
        self.bytes.push(if has_attributes {
            OPEN_START_WITH_ATTRIBUTES
        } else {
            OPEN_START
        });
        self.u32(0); // the element's data size, which readers skip
        self.name(&element.name);
        if has_attributes {
            self.u32(0); // the attribute list's size, which readers skip
            for (name, value) in &element.attributes {
                self.bytes.push(ATTRIBUTE);
                self.name(name);
                self.text(value);
            }
        }
        if element.children.is_empty() && element.value.is_none() {
            self.bytes.push(CLOSE_EMPTY);
            return;
        }
        self.bytes.push(CLOSE_START);
        match &element.value {
            Some(Value::Text(text)) => self.text(text),
            Some(Value::Number(number)) => {
                self.bytes.push(VALUE);
                self.bytes.push(UINT64_VALUE);
                self.bytes.extend_from_slice(&number.to_le_bytes());
            }
            None => {}
        }
        for child in &element.children {
            self.element(child);
        }
        self.bytes.push(END_ELEMENT);
    }

    /// A name: a reference to where the chunk holds it, followed by the string itself the
    /// first time (next-string offset, hash, length, UTF-16 characters, NUL).
    fn name(&mut self, name: &str) {
        if let Some(&offset) = self.names.get(name) {
            self.u32(offset);
            return;
        }
        let offset = self.position() + 4;
        self.names.insert(name.to_owned(), offset);
        self.u32(offset);
        self.u32(0);
        self.u16(0);
        self.u16(name.encode_utf16().count() as u16);
        self.utf16(name);
        self.u16(0);
    }

    fn text(&mut self, text: &str) {
        self.bytes.push(VALUE);
        self.bytes.push(STRING_VALUE);
        self.u16(text.encode_utf16().count() as u16);
        self.utf16(text);
    }

    fn position(&self) -> u32 {
        self.base + self.bytes.len() as u32
    }

    fn u16(&mut self, value: u16) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn utf16(&mut self, text: &str) {
        for unit in text.encode_utf16() {
            self.u16(unit);
        }
    }
}
