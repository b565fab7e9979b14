//! The checked schema: what the checker produces and what code generation,
//! the `breaking` comparison and the run-time `decode` / `encode` commands
//! consume. Every name is resolved; every rule of `docs/SCHEMA.md` holds.
//!
//! Types are referred to by index into [`Schema`]'s tables, so recursive
//! messages need no indirection here (code generation adds the `Box`).

use std::ops::Range;

/// Where something was written: a file of [`Schema::files`] and a byte
/// range in its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Index into [`Schema::files`].
    pub file: usize,
    /// Byte range in that file's text.
    pub range: Range<usize>,
}

/// A source file of the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given (or as found through an import).
    pub path: String,
    /// Its full text.
    pub text: String,
    /// Its package (`package shop.v1;`), empty if none.
    pub package: String,
}

/// A whole checked schema: the files given and everything they import.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    /// Every source file, the ones given first.
    pub files: Vec<SourceFile>,
    /// Every message, in source order (files in order).
    pub messages: Vec<MessageDef>,
    /// Every enum.
    pub enums: Vec<EnumDef>,
    /// Every union.
    pub unions: Vec<UnionDef>,
    /// Every inline struct.
    pub structs: Vec<StructDef>,
    /// Every service, in source order (files in order).
    pub services: Vec<ServiceDef>,
    /// Options for the Rust output, from `option rust.* = ...;` lines.
    pub rust: RustOptions,
}

/// Options for the Rust code generated from a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustOptions {
    /// `option rust.bytes = "bytes";` → `bytes::Bytes`, else `Vec<u8>`.
    pub bytes_type: BytesType,
    /// `option rust.map = "hash";` → `HashMap`, else `BTreeMap`.
    pub map_type: MapType,
    /// Extra derives on every generated type (`option rust.derive = "Hash, Eq";`).
    pub extra_derives: Vec<String>,
}

impl Default for RustOptions {
    fn default() -> Self {
        RustOptions { bytes_type: BytesType::Vec, map_type: MapType::BTree, extra_derives: Vec::new() }
    }
}

/// The Rust type of a `bytes` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BytesType {
    /// `Vec<u8>`.
    Vec,
    /// `bytes::Bytes` (through `zerowire`'s re-export is not available: the
    /// user's crate depends on `bytes`).
    Bytes,
}

/// The Rust type of a map field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapType {
    /// `std::collections::BTreeMap`.
    BTree,
    /// `std::collections::HashMap`.
    Hash,
}

/// A field's type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`
    Bool,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `char`
    Char,
    /// `string`
    String,
    /// `bytes`
    Bytes,
    /// `[T; N]`: a fixed array of a scalar type (not string/bytes/list/map/message/union).
    Array(Box<Type>, u32),
    /// `list<T>`
    List(Box<Type>),
    /// `map<K, V>`; `K` is an integer, `bool`, `char`, `string` or an enum.
    Map(Box<Type>, Box<Type>),
    /// `optional<T>`.
    Optional(Box<Type>),
    /// A message, by index into [`Schema::messages`].
    Message(usize),
    /// An enum, by index into [`Schema::enums`].
    Enum(usize),
    /// A union, by index into [`Schema::unions`].
    Union(usize),
    /// An inline struct, by index into [`Schema::structs`].
    Struct(usize),
}

/// A declared default value (scalars only: integers, floats, bool, char, enum).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer literal (range-checked against the field's type).
    Int(i128),
    /// A float literal (also `nan`, `inf`, `-inf`).
    Float(f64),
    /// `true` / `false`.
    Bool(bool),
    /// A character literal (not produced yet: `char` fields take no
    /// declared default, as the derive implements none).
    Char(char),
    /// An enum variant, by index into the enum's [`EnumDef::variants`].
    Enum(usize),
}

/// A message.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageDef {
    /// The package-qualified name, `shop.v1.Order` (`Message::NAME`).
    pub full_name: String,
    /// The Rust type name, `Order` (the last part of the full name).
    pub name: String,
    /// Doc comment lines (`///`), without the `///`.
    pub doc: Vec<String>,
    /// The frame type id: explicit, else `zerowire::meta::type_id(full_name)`.
    pub type_id: u32,
    /// Whether `type_id` was written in the schema.
    pub type_id_explicit: bool,
    /// Fields in ordinal order: `fields[i].ordinal == i`.
    pub fields: Vec<FieldDef>,
    /// The declaration.
    pub span: Span,
}

/// A field of a message.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    /// The schema name (also the Rust field name, `r#` added if a keyword).
    pub name: String,
    /// The JSON key, if it differs from `name` (`[json_name = "..."]`).
    pub json_name: Option<String>,
    /// The ordinal (`@N`).
    pub ordinal: u16,
    /// The type.
    pub ty: Type,
    /// The declared default (`= 5`), if any.
    pub default: Option<Value>,
    /// `[deprecated]`: slot kept, no accessor.
    pub deprecated: bool,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The declaration (the whole field).
    pub span: Span,
    /// The type as written.
    pub ty_span: Span,
}

/// An open enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// Package-qualified name.
    pub full_name: String,
    /// Rust type name.
    pub name: String,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Wire width: 1, 2 (the default) or 4 bytes.
    pub repr: EnumRepr,
    /// Variants in declaration order.
    pub variants: Vec<VariantDef>,
    /// The declaration.
    pub span: Span,
}

/// An enum's wire width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumRepr {
    /// `u8`
    U8,
    /// `u16` (default)
    U16,
    /// `u32`
    U32,
}

/// An enum variant.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantDef {
    /// Its name (Rust variant name and JSON name).
    pub name: String,
    /// Its number on the wire.
    pub value: u32,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The declaration.
    pub span: Span,
}

/// A union (one-of).
#[derive(Clone, Debug, PartialEq)]
pub struct UnionDef {
    /// Package-qualified name.
    pub full_name: String,
    /// Rust type name.
    pub name: String,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Arms in declaration order; arm `i` has tag `i + 1`.
    pub arms: Vec<ArmDef>,
    /// The declaration.
    pub span: Span,
}

/// A union arm.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmDef {
    /// Its name (Rust variant name and JSON key).
    pub name: String,
    /// Its tag on the wire (declaration index + 1).
    pub tag: u16,
    /// Its payload, `None` for a unit arm.
    pub ty: Option<Type>,
    /// Whether this is the union's default arm, the one a plain field holds
    /// by default (stored as tag 0): the arm marked `[default]`, else the
    /// first unit arm, else the first arm (FORMAT.md section 8). Exactly one
    /// arm of a checked union has it, so code generation can always emit
    /// `#[zerowire(default)]` on it.
    pub default: bool,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The declaration.
    pub span: Span,
}

/// An inline, fixed-size struct (`#[derive(zerowire::Struct)]`).
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// Package-qualified name.
    pub full_name: String,
    /// Rust type name.
    pub name: String,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Fields in declaration order (scalars, arrays of scalars, enums, structs).
    pub fields: Vec<StructFieldDef>,
    /// The declaration.
    pub span: Span,
}

/// A field of an inline struct.
#[derive(Clone, Debug, PartialEq)]
pub struct StructFieldDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The declaration.
    pub span: Span,
}

/// A service: a set of methods called over gRPC (`docs/FORMAT.md`
/// section 18). Not a type: no field holds one.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceDef {
    /// The package-qualified name, `shop.v1.Orders` (the first part of the
    /// gRPC path `/shop.v1.Orders/Place`).
    pub full_name: String,
    /// The name as written, `Orders`.
    pub name: String,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Methods in declaration order (names unique).
    pub methods: Vec<MethodDef>,
    /// The declaration.
    pub span: Span,
}

/// A method of a service (`rpc`).
#[derive(Clone, Debug, PartialEq)]
pub struct MethodDef {
    /// The name as written, `Place` (the last part of the gRPC path).
    pub name: String,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The request message, by index into [`Schema::messages`].
    pub request: usize,
    /// Whether the client sends a stream of requests (`rpc M(stream Req)`).
    pub request_stream: bool,
    /// The response message, by index into [`Schema::messages`].
    pub response: usize,
    /// Whether the server sends a stream of responses (`returns (stream Resp)`).
    pub response_stream: bool,
    /// `[deprecated]`: kept, and marked deprecated in the generated code.
    pub deprecated: bool,
    /// The declaration (the whole `rpc ...;`).
    pub span: Span,
    /// The request type as written.
    pub request_span: Span,
    /// The response type as written.
    pub response_span: Span,
}

impl MethodDef {
    /// Which of gRPC's four kinds of call this is.
    pub fn kind(&self) -> MethodKind {
        match (self.request_stream, self.response_stream) {
            (false, false) => MethodKind::Unary,
            (false, true) => MethodKind::ServerStreaming,
            (true, false) => MethodKind::ClientStreaming,
            (true, true) => MethodKind::BidiStreaming,
        }
    }
}

/// gRPC's four kinds of call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MethodKind {
    /// One request, one response: `rpc M(Req) returns (Resp)`.
    Unary,
    /// One request, a stream of responses: `returns (stream Resp)`.
    ServerStreaming,
    /// A stream of requests, one response: `rpc M(stream Req)`.
    ClientStreaming,
    /// Streams both ways: `rpc M(stream Req) returns (stream Resp)`.
    BidiStreaming,
}

impl MethodKind {
    /// How the schema writes it: `unary`, `server streaming`, `client streaming`, `bidirectional streaming`.
    pub fn describe(self) -> &'static str {
        match self {
            MethodKind::Unary => "unary",
            MethodKind::ServerStreaming => "server streaming",
            MethodKind::ClientStreaming => "client streaming",
            MethodKind::BidiStreaming => "bidirectional streaming",
        }
    }
}
