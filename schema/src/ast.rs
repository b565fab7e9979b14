//! The syntax tree of one `.zw` file, as written (nothing resolved), with
//! byte spans into the file's text.
//!
//! After a syntax error the parser keeps what it could read: a field whose
//! type could not be read has [`TypeExpr::Error`], and the declaration that
//! contained the error has `recovered` set, so the checker does not report
//! follow-on errors.

use std::ops::Range;

/// A byte range in the file's text.
pub type Span = Range<usize>;

/// A name and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The text.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// A dotted name: `shop.v1` or `common.v1.Money`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// The parts.
    pub parts: Vec<Ident>,
    /// The whole path.
    pub span: Span,
}

impl Path {
    /// The parts joined with `.`.
    pub fn joined(&self) -> String {
        self.parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(".")
    }
}

/// A whole file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct File {
    /// `package a.b;`, if written.
    pub package: Option<Path>,
    /// `import "x.zw";` lines.
    pub imports: Vec<Import>,
    /// `option rust.x = "...";` lines.
    pub options: Vec<OptionDecl>,
    /// Type declarations, in source order.
    pub decls: Vec<Decl>,
}

/// `import "path";`
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The path as written.
    pub path: String,
    /// Where the string literal is.
    pub path_span: Span,
    /// The whole line.
    pub span: Span,
}

/// `option name = value;`
#[derive(Clone, Debug, PartialEq)]
pub struct OptionDecl {
    /// `rust.bytes`.
    pub name: Path,
    /// The value.
    pub value: Literal,
    /// Where the value is.
    pub value_span: Span,
    /// The whole line.
    pub span: Span,
}

/// A literal value (defaults, attribute and option values).
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// An integer, sign applied (`-5`).
    Int(i128),
    /// A float, sign applied.
    Float(f64),
    /// A string.
    Str(String),
    /// An identifier: `true`, `false`, `inf`, `nan`, an enum variant, `u8`.
    Ident(String),
    /// `-inf`.
    NegIdent(String),
}

/// `[name = value, flag]` after a declaration or member.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// The name.
    pub name: Ident,
    /// The value, if given.
    pub value: Option<(Literal, Span)>,
    /// The whole attribute.
    pub span: Span,
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    /// `message`.
    Message(Message),
    /// `enum`.
    Enum(Enum),
    /// `union`.
    Union(Union),
    /// `struct`.
    Struct(Struct),
    /// `service`: not a type, but its name shares the types' namespace.
    Service(Service),
}

impl Decl {
    /// The declared name.
    pub fn name(&self) -> &Ident {
        match self {
            Decl::Message(d) => &d.name,
            Decl::Enum(d) => &d.name,
            Decl::Union(d) => &d.name,
            Decl::Struct(d) => &d.name,
            Decl::Service(d) => &d.name,
        }
    }

    /// The whole declaration.
    pub fn span(&self) -> &Span {
        match self {
            Decl::Message(d) => &d.span,
            Decl::Enum(d) => &d.span,
            Decl::Union(d) => &d.span,
            Decl::Struct(d) => &d.span,
            Decl::Service(d) => &d.span,
        }
    }

    /// `message`, `enum`, `union`, `struct` or `service`.
    pub fn keyword(&self) -> &'static str {
        match self {
            Decl::Message(_) => "message",
            Decl::Enum(_) => "enum",
            Decl::Union(_) => "union",
            Decl::Struct(_) => "struct",
            Decl::Service(_) => "service",
        }
    }
}

/// `message Name [attrs] { fields }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// Attributes (`type_id`).
    pub attrs: Vec<Attr>,
    /// Fields in source order.
    pub fields: Vec<Field>,
    /// Whether a syntax error was recovered from inside.
    pub recovered: bool,
    /// The whole declaration.
    pub span: Span,
}

/// `name @N : Type = default [attrs];`
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// The ordinal and its span.
    pub ordinal: (u128, Span),
    /// The type.
    pub ty: TypeExpr,
    /// The declared default and its span.
    pub default: Option<(Literal, Span)>,
    /// Attributes (`deprecated`, `json_name`).
    pub attrs: Vec<Attr>,
    /// The whole field.
    pub span: Span,
}

/// A type as written.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// A builtin scalar or a named type: `u32`, `string`, `Order`, `common.v1.Money`.
    Named(Path),
    /// `[T; N]`.
    Array(Box<TypeExpr>, (u128, Span), Span),
    /// `list<T>`.
    List(Box<TypeExpr>, Span),
    /// `map<K, V>`.
    Map(Box<TypeExpr>, Box<TypeExpr>, Span),
    /// `optional<T>`.
    Optional(Box<TypeExpr>, Span),
    /// A type that could not be parsed (already reported).
    Error(Span),
}

impl TypeExpr {
    /// Where the type is written.
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named(p) => p.span.clone(),
            TypeExpr::Array(_, _, s)
            | TypeExpr::List(_, s)
            | TypeExpr::Map(_, _, s)
            | TypeExpr::Optional(_, s)
            | TypeExpr::Error(s) => s.clone(),
        }
    }
}

/// `enum Name [attrs] { VARIANT = N; }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// Attributes (`repr`).
    pub attrs: Vec<Attr>,
    /// Variants in source order.
    pub variants: Vec<Variant>,
    /// Whether a syntax error was recovered from inside.
    pub recovered: bool,
    /// The whole declaration.
    pub span: Span,
}

/// `NAME = N [attrs];`
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// The value (sign applied) and its span.
    pub value: (i128, Span),
    /// Attributes (none are defined yet).
    pub attrs: Vec<Attr>,
    /// The whole variant.
    pub span: Span,
}

/// `union Name [attrs] { arm : T [attrs]; unit [attrs]; }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// Attributes (none are defined yet).
    pub attrs: Vec<Attr>,
    /// Arms in source order.
    pub arms: Vec<Arm>,
    /// Whether a syntax error was recovered from inside.
    pub recovered: bool,
    /// The whole declaration.
    pub span: Span,
}

/// A union arm.
#[derive(Clone, Debug, PartialEq)]
pub struct Arm {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// The payload type, `None` for a unit arm.
    pub ty: Option<TypeExpr>,
    /// Attributes (`default`).
    pub attrs: Vec<Attr>,
    /// The whole arm.
    pub span: Span,
}

/// `struct Name [attrs] { name : T; }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// Attributes (none are defined yet).
    pub attrs: Vec<Attr>,
    /// Fields in source order.
    pub fields: Vec<StructField>,
    /// Whether a syntax error was recovered from inside.
    pub recovered: bool,
    /// The whole declaration.
    pub span: Span,
}

/// A field of an inline struct.
#[derive(Clone, Debug, PartialEq)]
pub struct StructField {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// The type.
    pub ty: TypeExpr,
    /// Attributes (none are defined yet).
    pub attrs: Vec<Attr>,
    /// The whole field.
    pub span: Span,
}

/// `service Name [attrs] { rpc ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// Attributes (none are defined yet).
    pub attrs: Vec<Attr>,
    /// Methods in source order.
    pub rpcs: Vec<Rpc>,
    /// Whether a syntax error was recovered from inside.
    pub recovered: bool,
    /// The whole declaration.
    pub span: Span,
}

/// `rpc Name(stream? Request) returns (stream? Response) [attrs];`
#[derive(Clone, Debug, PartialEq)]
pub struct Rpc {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name (the method's name in the gRPC path).
    pub name: Ident,
    /// The request.
    pub request: RpcType,
    /// The response.
    pub response: RpcType,
    /// Attributes (none are defined yet).
    pub attrs: Vec<Attr>,
    /// The whole method.
    pub span: Span,
}

/// One side of an rpc: `Request` or `stream Request`.
#[derive(Clone, Debug, PartialEq)]
pub struct RpcType {
    /// Whether `stream` was written: a stream of messages, not one.
    pub stream: bool,
    /// The message type as written.
    pub ty: Path,
}
