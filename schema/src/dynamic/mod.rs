//! Run-time decode and encode: binary zerowire messages to JSON and back,
//! from a checked [`Schema`] alone, without compiling Rust.
//!
//! - [`Codec::decode_json`] validates untrusted bytes with the eager tier's
//!   rules (`docs/FORMAT.md` section 11.2: references in order and in
//!   bounds, varints, UTF-8, `bool` bytes, `char`s, list counts, depth and
//!   size limits), then writes the JSON of section 16 through serde_json's
//!   `Serializer` (a [`DynView`] implements `Serialize`), so numbers and
//!   escapes are exactly serde_json's.
//! - [`Codec::encode_json`] reads JSON (section 16's input rules) and writes
//!   the canonical bytes zerowire's encoder writes: trimmed data sections
//!   (6.2), XORed declared defaults (6.4), absent empty children (6.3),
//!   sorted maps (7.5), children in pre-order, front to back (9).
//!
//! Every input is hostile: errors carry the byte offset (binary) or the
//! field path (JSON), nothing panics, recursion is bounded by
//! [`Limits::max_depth`], and what is allocated is bounded by the input's
//! size (the output of `encode_json` by [`Limits::max_size`]).
//!
//! ```
//! # use zerowire_schema::{dynamic::Codec, ir::*};
//! # let schema = Schema {
//! #     messages: vec![MessageDef {
//! #         full_name: "demo.Point".into(), name: "Point".into(), doc: vec![], type_id: 1,
//! #         type_id_explicit: true, span: Span::default(),
//! #         fields: ["x", "y"].iter().enumerate().map(|(i, n)| FieldDef {
//! #             name: n.to_string(), json_name: None, ordinal: i as u16, ty: Type::I32, default: None,
//! #             deprecated: false, doc: vec![], span: Span::default(), ty_span: Span::default(),
//! #         }).collect(),
//! #     }],
//! #     ..Schema::default()
//! # };
//! let codec = Codec::new(&schema);
//! let point = codec.message("demo.Point").unwrap();
//! let bytes = codec.encode_json(point, r#"{"x": 1, "y": -2}"#)?;
//! assert_eq!(bytes, [14, 0, 0, 0, 8, 0, 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
//! assert_eq!(codec.decode_json(point, &bytes)?, r#"{"x":1,"y":-2}"#);
//! # Ok::<(), zerowire_schema::dynamic::DynError>(())
//! ```

mod encode;
mod json;
mod read;
mod ser;

use std::fmt;

use zerowire::Limits;

use crate::ir::Schema;
use crate::layout::SectionLayout;

pub use crate::layout::default_arm;

pub use ser::DynView;

/// An error of run-time decoding or encoding: what went wrong, where in the
/// binary input (an absolute offset) or in the JSON (line and column), and
/// in which field (a path).
///
/// A JSON data error gives both, as the derive's JSON errors do:
/// `"LEFT" is not a value of t.Side at line 3 column 17 (in t.Order.side)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynError {
    /// What is wrong.
    pub message: String,
    /// Absolute byte offset in the binary input, if the error is about one.
    pub offset: Option<usize>,
    /// Where in the JSON text, if the error is about one (see [`TextPos`]
    /// for the convention, which is serde_json's).
    pub json_at: Option<TextPos>,
    /// The field being read or written: `shop.v1.Order.tags[2]`.
    pub path: String,
    /// The codec's error, for an error of the binary input found by the
    /// steps the derived code takes (its kind and offset are this error's).
    pub codec: Option<zerowire::Error>,
}

impl DynError {
    pub(crate) fn at(offset: usize, message: impl Into<String>) -> Self {
        DynError { message: message.into(), offset: Some(offset), json_at: None, path: String::new(), codec: None }
    }
    /// The codec's error `e`, found in the field at `path`.
    pub(crate) fn codec(e: zerowire::Error, path: String) -> Self {
        let offset = usize::try_from(e.offset()).ok();
        DynError { message: e.kind().to_string(), offset, json_at: None, path, codec: Some(e) }
    }
    pub(crate) fn json(path: &str, message: impl Into<String>) -> Self {
        DynError { message: message.into(), offset: None, json_at: None, path: path.to_string(), codec: None }
    }
    /// A data error about the JSON text at `at`.
    pub(crate) fn json_at(at: TextPos, path: &str, message: impl Into<String>) -> Self {
        DynError { json_at: Some(at), ..DynError::json(path, message) }
    }
    /// serde_json's error, its position kept apart from its message.
    pub(crate) fn json_syntax(path: &str, e: serde_json::Error) -> Self {
        let mut message = e.to_string();
        // serde_json's Display appends " at line L column C"; keep the message alone.
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        let json_at = (e.line() > 0).then(|| TextPos { line: e.line(), column: e.column() });
        DynError { json_at, ..DynError::json(path, message) }
    }
}

impl fmt::Display for DynError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(o) = self.offset {
            write!(f, " at offset {o}")?;
        }
        if let Some(at) = self.json_at {
            write!(f, " at {at}")?;
        }
        if !self.path.is_empty() {
            write!(f, " (in {})", self.path)?;
        }
        Ok(())
    }
}

impl std::error::Error for DynError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.codec.as_ref().map(|e| e as _)
    }
}

/// A schema prepared for run-time decoding and encoding: every message's
/// slots placed with [`zerowire::layout::Placer`], exactly as the derive
/// places them.
#[derive(Debug)]
pub struct Codec<'s> {
    pub(crate) schema: &'s Schema,
    pub(crate) layouts: Vec<SectionLayout>,
    pub(crate) limits: Limits,
}

impl<'s> Codec<'s> {
    /// Prepares `schema` with the default [`Limits`].
    pub fn new(schema: &'s Schema) -> Self {
        Self::with_limits(schema, Limits::default())
    }

    /// Prepares `schema` with explicit limits (depth of messages, lists and
    /// maps; size of the binary input and of the encoded output).
    pub fn with_limits(schema: &'s Schema, limits: Limits) -> Self {
        let layouts = (0..schema.messages.len()).map(|m| crate::layout::message_layout(schema, m)).collect();
        Codec { schema, layouts, limits }
    }

    /// The schema.
    pub fn schema(&self) -> &'s Schema {
        self.schema
    }

    /// Finds a message by its full name (`shop.v1.Order`), or by its short
    /// name (`Order`) if exactly one message has it.
    pub fn message(&self, name: &str) -> Option<usize> {
        let ms = &self.schema.messages;
        if let Some(i) = ms.iter().position(|m| m.full_name == name) {
            return Some(i);
        }
        let mut it = ms.iter().enumerate().filter(|(_, m)| m.name == name);
        match (it.next(), it.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// Validates `bytes` as a message of type `msg` (eager tier, this
    /// codec's limits) and returns a view that serializes as its JSON.
    pub fn view<'b>(&'b self, msg: usize, bytes: &'b [u8]) -> Result<DynView<'b>, DynError> {
        read::validate(self, msg, bytes)?;
        Ok(DynView::root(self, msg, bytes))
    }

    /// Validates `bytes` and writes the message's JSON (compact).
    ///
    /// The text is held in memory, so it is bounded by the input: at most
    /// [`Limits::memory_budget`]`(bytes.len())` bytes (1 MiB + 64 per input
    /// byte by default), else an error; [`write_json`](Codec::write_json)
    /// streams instead.
    pub fn decode_json(&self, msg: usize, bytes: &[u8]) -> Result<String, DynError> {
        let view = self.view(msg, bytes)?;
        let name = &self.schema.messages[msg].full_name;
        let budget = self.limits.memory_budget(bytes.len());
        let mut w = zerowire::json::Bounded::new(budget, bytes.len().saturating_mul(2));
        match serde_json::to_writer(&mut w, &view) {
            // serde_json writes UTF-8 only.
            Ok(()) => String::from_utf8(w.into_inner()).map_err(|e| DynError::json(name, e.to_string())),
            Err(_) if w.exceeded() => Err(DynError::json(
                name,
                format!("the JSON of a {}-byte message exceeds the memory budget of {budget} bytes", bytes.len()),
            )),
            Err(e) => Err(DynError::json(name, e.to_string())),
        }
    }

    /// Validates `bytes` and writes the message's JSON (compact) to `w`,
    /// streaming: nothing of the text is held in memory. Prefer this to
    /// [`decode_json`](Codec::decode_json) for untrusted input, whose JSON
    /// can be hundreds of times larger than its bytes (a list of `n`
    /// field-less elements of stride 1 takes `n` bytes and is written as `n`
    /// objects holding every field's default).
    pub fn write_json<W: std::io::Write>(&self, msg: usize, bytes: &[u8], w: W) -> Result<(), DynError> {
        let view = self.view(msg, bytes)?;
        serde_json::to_writer(w, &view).map_err(|e| DynError::json(&self.schema.messages[msg].full_name, e.to_string()))
    }

    /// Reads one JSON document and encodes it as a message of type `msg`.
    pub fn encode_json(&self, msg: usize, json: &str) -> Result<Vec<u8>, DynError> {
        let name = &self.schema.messages[msg].full_name;
        if json.len() > self.limits.max_size {
            return Err(DynError::json(name, format!("JSON input of {} bytes is over the size limit", json.len())));
        }
        let value = json::parse(json).map_err(|e| DynError::json_syntax(name, e))?;
        self.encode_value(msg, &value)
    }

    /// Encodes an already parsed JSON document (see [`parse_json_stream`]).
    pub fn encode_value(&self, msg: usize, value: &JsonValue) -> Result<Vec<u8>, DynError> {
        encode::encode(self, msg, value)
    }
}

pub use json::{JsonData, JsonMember, JsonValue, TextPos};

/// Reads a stream of JSON documents (whitespace or newlines between them),
/// as `zerowire encode --frames` does.
///
/// Nesting is bounded as [`Codec::encode_json`] bounds it (the parser's own
/// limit of 128 would refuse documents the depth rule accepts). A
/// document's values are located in the whole text: an error in the third
/// document names its line in the stream.
pub fn parse_json_stream(text: &str) -> impl Iterator<Item = Result<JsonValue, DynError>> + '_ {
    json::parse_stream(text).map(|r| r.map_err(|e| DynError::json_syntax("", e)))
}

#[cfg(test)]
mod tests;
