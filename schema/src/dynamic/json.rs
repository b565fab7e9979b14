//! A JSON tree that keeps object keys in order, duplicates included,
//! numbers as serde_json reads them (integers exactly), and where each value
//! is in the text, so that a data error names its line and column as the
//! derive's JSON errors do.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A parsed JSON value and where it is in the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonValue {
    /// The value.
    pub data: JsonData,
    /// Where an error about this value is reported (see [`TextPos`]).
    pub at: TextPos,
}

/// What a [`JsonValue`] holds.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonData {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A non-negative integer.
    UInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A number with a fraction or exponent, or out of the 64-bit range.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object, keys in document order.
    Object(Vec<JsonMember>),
}

/// A key and its value in a JSON object.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonMember {
    /// The key.
    pub key: String,
    /// Where an error about the key is reported: its closing quote.
    pub key_at: TextPos,
    /// The value.
    pub value: JsonValue,
}

/// A position in JSON text, with serde_json's convention (so the run-time
/// codec's errors point where the derive's do): the 1-based line, and the
/// 1-based column, in bytes, of the last byte read when the error was found
/// — a scalar's last byte (a string's closing quote), an array's or an
/// object's opening bracket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextPos {
    /// 1-based line.
    pub line: usize,
    /// Column in bytes, as described above.
    pub column: usize,
}

impl fmt::Display for TextPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} column {}", self.line, self.column)
    }
}

impl JsonValue {
    fn new(data: JsonData) -> Self {
        JsonValue { data, at: TextPos::default() }
    }

    pub(crate) fn kind(&self) -> &'static str {
        self.data.kind()
    }
}

impl JsonData {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            JsonData::Null => "null",
            JsonData::Bool(_) => "a boolean",
            JsonData::UInt(_) | JsonData::NegInt(_) | JsonData::Float(_) => "a number",
            JsonData::String(_) => "a string",
            JsonData::Array(_) => "an array",
            JsonData::Object(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<JsonValue, D::Error> {
        d.deserialize_any(TreeVisitor(MAX_NESTING))
    }
}

/// Arrays and objects nested deeper than this are refused while parsing:
/// a bound on the parser's recursion only. The mapping's depth rule
/// (counted like the binary form's, a union being an object around its arm)
/// is applied to the parsed tree; this bound sits far enough above the
/// default limit of 64 never to refuse what that rule accepts.
pub(crate) const MAX_NESTING: u32 = 512;

/// Parses one JSON document into a [`JsonValue`] with the parser's own
/// recursion limit replaced by [`MAX_NESTING`], and locates its values.
pub(crate) fn parse(text: &str) -> Result<JsonValue, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let mut value = JsonValue::deserialize(&mut de)?;
    de.end()?;
    Locator::new(text).locate(&mut value);
    Ok(value)
}

/// Parses a stream of JSON documents (whitespace between them), each
/// located in the whole text.
pub(crate) fn parse_stream(text: &str) -> impl Iterator<Item = Result<JsonValue, serde_json::Error>> + '_ {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let mut docs = de.into_iter::<JsonValue>();
    let mut locator = Locator::new(text);
    std::iter::from_fn(move || {
        let mut value = match docs.next()? {
            Ok(v) => v,
            Err(e) => return Some(Err(e)),
        };
        locator.locate(&mut value);
        Some(Ok(value))
    })
}

/// Walks text that serde_json has accepted, in step with the tree it built,
/// and records each value's position. The text is valid JSON, so only
/// structure is followed: numbers and literals end at a delimiter, strings
/// at an unescaped quote, and strings hold no raw newline.
struct Locator<'t> {
    text: &'t [u8],
    i: usize,
    line: usize,
    line_start: usize,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        Locator { text: text.as_bytes(), i: 0, line: 1, line_start: 0 }
    }

    fn pos(&self) -> TextPos {
        TextPos { line: self.line, column: self.i - self.line_start }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.line_start = self.i + 1;
                }
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.i += 1;
        }
    }

    /// Steps over a string starting at its opening quote.
    fn skip_string(&mut self) {
        self.i += 1;
        while let Some(b) = self.peek() {
            self.i += 1;
            match b {
                b'"' => return,
                b'\\' => self.i += 1,
                _ => {}
            }
        }
    }

    /// Steps over `b` (after whitespace) if it is next.
    fn eat(&mut self, b: u8) {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.i += 1;
        }
    }

    fn locate(&mut self, v: &mut JsonValue) {
        self.skip_ws();
        match &mut v.data {
            JsonData::Array(items) => {
                self.i += 1;
                v.at = self.pos();
                for item in items {
                    self.locate(item);
                    self.eat(b',');
                }
                self.eat(b']');
            }
            JsonData::Object(entries) => {
                self.i += 1;
                v.at = self.pos();
                for member in entries {
                    self.skip_ws();
                    self.skip_string();
                    member.key_at = self.pos();
                    self.eat(b':');
                    self.locate(&mut member.value);
                    self.eat(b',');
                }
                self.eat(b'}');
            }
            JsonData::String(_) => {
                self.skip_string();
                v.at = self.pos();
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.i += 1;
                }
                v.at = self.pos();
            }
        }
    }
}

struct TreeVisitor(u32);

impl<'de> serde::de::DeserializeSeed<'de> for TreeVisitor {
    type Value = JsonValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JsonValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl TreeVisitor {
    fn inner<E: serde::de::Error>(&self) -> Result<TreeVisitor, E> {
        match self.0.checked_sub(1) {
            Some(n) => Ok(TreeVisitor(n)),
            None => Err(E::custom(format_args!("JSON nested deeper than {MAX_NESTING} arrays and objects"))),
        }
    }
}

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = JsonValue;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::new(JsonData::Null))
    }
    fn visit_none<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::new(JsonData::Null))
    }
    fn visit_bool<E>(self, v: bool) -> Result<JsonValue, E> {
        Ok(JsonValue::new(JsonData::Bool(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<JsonValue, E> {
        Ok(JsonValue::new(JsonData::UInt(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<JsonValue, E> {
        Ok(JsonValue::new(if v >= 0 { JsonData::UInt(v as u64) } else { JsonData::NegInt(v) }))
    }
    fn visit_f64<E>(self, v: f64) -> Result<JsonValue, E> {
        Ok(JsonValue::new(JsonData::Float(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<JsonValue, E> {
        Ok(JsonValue::new(JsonData::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<JsonValue, E> {
        Ok(JsonValue::new(JsonData::String(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<JsonValue, A::Error> {
        let inner = self.inner()?;
        let mut v = Vec::new();
        while let Some(x) = a.next_element_seed(TreeVisitor(inner.0))? {
            v.push(x);
        }
        Ok(JsonValue::new(JsonData::Array(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<JsonValue, A::Error> {
        let inner = self.inner()?;
        let mut v = Vec::new();
        while let Some(key) = a.next_key::<String>()? {
            let value = a.next_value_seed(TreeVisitor(inner.0))?;
            v.push(JsonMember { key, key_at: TextPos::default(), value });
        }
        Ok(JsonValue::new(JsonData::Object(v)))
    }
}
