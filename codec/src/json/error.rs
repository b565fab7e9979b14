//! The JSON side's error: what went wrong and where.

use core::fmt;

/// What kind of JSON error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not JSON (a syntax error, invalid UTF-8).
    Syntax,
    /// The input ended early.
    Eof,
    /// Valid JSON that does not fit the message: a wrong type, a number out
    /// of range, an unknown enum name, a duplicate key, nesting too deep.
    Data,
    /// The input is longer than [`Limits::max_size`](crate::Limits::max_size),
    /// or the binary message it would encode to is.
    TooLarge,
    /// The values read, or the JSON written from a binary message, would
    /// take more memory than the input's budget
    /// ([`Limits::memory_budget`](crate::Limits::memory_budget) of the
    /// input's length), counted at their in-memory size.
    MemoryLimit,
    /// A binary message given for transcoding failed validation.
    Binary,
    /// Writing to the output failed.
    Io,
}

/// A JSON read or write error, with the position (1-based line and column)
/// where the parser reports one, and the field whose value was being read
/// when a derived or generated message knows it.
///
/// ```
/// #[derive(Debug, zerowire::Message)]
/// pub struct Ping { pub seq: u8 }
///
/// // serde_json (the reference reader) reports lines and columns.
/// let err = zerowire::json::reference::from_slice::<Ping>(b"{\"seq\": 300}").unwrap_err();
/// assert_eq!(err.kind(), zerowire::json::ErrorKind::Data);
/// assert_eq!((err.line(), err.column()), (Some(1), Some(11)));
/// assert_eq!(err.field(), Some(("Ping", "seq")));
/// assert!(err.to_string().contains("300"), "{err}");
/// assert!(err.to_string().ends_with("at line 1 column 11 (field `Ping.seq`)"), "{err}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<Inner>);

// Boxed: a `Result<T, Error>` stays two words wide on the success path.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
    binary: Option<crate::Error>,
    field: Option<(&'static str, &'static str)>,
}

impl Error {
    pub(crate) fn custom(kind: ErrorKind, message: impl fmt::Display) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.to_string(),
            line: None,
            column: None,
            binary: None,
            field: None,
        }))
    }

    pub(crate) fn too_large(len: usize, max: usize) -> Self {
        Error::custom(ErrorKind::TooLarge, format_args!("JSON input of {len} bytes exceeds the limit of {max} bytes"))
    }

    pub(crate) fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.0.kind = kind;
        self
    }

    /// Records the field being read unless one was recorded already.
    pub(crate) fn in_field(mut self, ty: &'static str, field: &'static str) -> Self {
        self.0.field.get_or_insert((ty, field));
        self
    }

    pub(crate) fn binary(e: crate::Error) -> Self {
        let mut err = Error::custom(ErrorKind::Binary, &e);
        err.0.binary = Some(e);
        err
    }

    pub(crate) fn from_serde_json(e: serde_json::Error) -> Self {
        use serde_json::error::Category;
        let kind = match e.classify() {
            Category::Io => ErrorKind::Io,
            Category::Syntax => ErrorKind::Syntax,
            Category::Data => ErrorKind::Data,
            Category::Eof => ErrorKind::Eof,
        };
        let (line, column) = if e.line() > 0 { (Some(e.line()), Some(e.column())) } else { (None, None) };
        // serde_json's Display appends " at line L column C"; keep the message alone.
        let mut message = e.to_string();
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        Error(Box::new(Inner { kind, message, line, column, binary: None, field: None }))
    }

    #[cfg(feature = "sonic-rs")]
    pub(crate) fn from_sonic(e: sonic_rs::Error) -> Self {
        use sonic_rs::error::Category;
        let kind = match e.classify() {
            Category::Io => ErrorKind::Io,
            Category::Syntax => ErrorKind::Syntax,
            Category::Eof => ErrorKind::Eof,
            _ => ErrorKind::Data,
        };
        let (line, column) = if e.line() > 0 { (Some(e.line()), Some(e.column())) } else { (None, None) };
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        Error(Box::new(Inner { kind, message, line, column, binary: None, field: None }))
    }

    #[cfg(feature = "simd-json")]
    pub(crate) fn from_simd(e: simd_json::Error) -> Self {
        use simd_json::ErrorType as T;
        let kind = match e.error() {
            T::Eof | T::InputTooLarge => ErrorKind::Eof,
            T::Serde(_)
            | T::ExpectedMap
            | T::ExpectedArray
            | T::ExpectedString
            | T::ExpectedSigned
            | T::ExpectedUnsigned
            | T::ExpectedFloat
            | T::ExpectedBoolean
            | T::ExpectedNull => ErrorKind::Data,
            T::Io(_) => ErrorKind::Io,
            _ => ErrorKind::Syntax,
        };
        Error::custom(kind, e)
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }
    /// The 1-based line of the error in the JSON input, if known.
    pub fn line(&self) -> Option<usize> {
        self.0.line
    }
    /// The 1-based column of the error in the JSON input, if known.
    pub fn column(&self) -> Option<usize> {
        self.0.column
    }
    /// The innermost field whose value was being read, as `(type, field)`
    /// (the schema names), if known: set by the readers of this module for
    /// messages with a generated JSON mapping.
    pub fn field(&self) -> Option<(&'static str, &'static str)> {
        self.0.field
    }
    /// The binary format's error, for [`ErrorKind::Binary`].
    pub fn binary_error(&self) -> Option<&crate::Error> {
        self.0.binary.as_ref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)?;
        if let (Some(l), Some(c)) = (self.0.line, self.0.column) {
            write!(f, " at line {l} column {c}")?;
        }
        if let Some((ty, field)) = self.0.field {
            write!(f, " (field `{ty}.{field}`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.binary.as_ref().map(|e| e as _)
    }
}
