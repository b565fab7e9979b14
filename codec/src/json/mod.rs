//! The JSON fallback (feature `serde`): the same messages as JSON, for peers
//! that cannot speak the binary format and for people reading a stream.
//!
//! The mapping is specified in `docs/FORMAT.md`, section 16: keys are field
//! names (or `json_name`), 64-bit integers are strings, floats may be
//! `"NaN"` / `"Infinity"`, bytes are base64, enums are names, a union is a
//! one-key object, `None` is left out. The derives generate serde
//! `Serialize` and `Deserialize` for owned types and `Serialize` for views,
//! so any serde format works; the functions here are the fast paths and the
//! transcoders.
//!
//! ```
//! #[derive(Debug, PartialEq, zerowire::Message)]
//! pub struct Order {
//!     pub id: u64,
//!     pub symbol: String,
//!     pub qty: u32,
//!     pub note: Option<String>,
//! }
//!
//! let order = Order { id: 42, symbol: "ZW".into(), qty: 100, note: None };
//! let text = zerowire::json::to_vec(&order)?;
//! assert_eq!(text, br#"{"id":"42","symbol":"ZW","qty":100}"#);
//!
//! // Hand-written JSON: any key order, numbers for 64-bit ids.
//! let back: Order = zerowire::json::from_slice(br#"{ "qty": 100, "symbol": "ZW", "id": 42 }"#)?;
//! assert_eq!(back, order);
//!
//! // A received binary message, written as JSON without decoding it.
//! let bytes = zerowire::encode(&order);
//! assert_eq!(zerowire::json::binary_to_json::<Order>(&bytes)?, text);
//! // And back to the same bytes.
//! assert_eq!(zerowire::json::json_to_binary::<Order>(&text)?, bytes);
//! # Ok::<(), zerowire::json::Error>(())
//! ```
//!
//! The impls come with the feature, wherever it is turned on in the build
//! (features unify): a type deriving `zerowire::Message` must not also
//! derive `serde::Serialize` / `Deserialize` (the impls would conflict,
//! E0119); rename keys with `#[zerowire(json_name = "...")]` instead.
//!
//! Readers: [`from_slice`] uses the fastest reader compiled in (simd-json
//! with feature `simd-json`, else serde_json); `from_slice_mut` parses in
//! place with simd-json (feature `simd-json`); [`mod@reference`] is serde_json
//! always. Writers: [`to_vec`] uses sonic-rs with feature `sonic-rs` (the
//! same text, faster), else serde_json. (sonic-rs is not used as a reader:
//! it reads `-0.0` as `0.0`, which would break the round trip.) All of them give the same values and apply the same [`Options`]:
//! nesting deeper than [`Limits::max_depth`] and input longer than
//! [`Limits::max_size`] are errors, whatever the parser.

mod error;
pub(crate) mod private;
pub(crate) mod rules;
pub(crate) mod std_impls;
pub(crate) mod traits;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use error::{Error, ErrorKind};
pub use traits::{Json, JsonChild, JsonEnum, JsonKey};

use crate::Message;
use crate::limits::Limits;

/// How JSON input is read.
///
/// ```
/// use zerowire::json::Options;
///
/// #[derive(Debug, zerowire::Message)]
/// pub struct Ping { pub seq: u32 }
///
/// let strict = Options::default().deny_unknown_fields(true);
/// let err = zerowire::json::from_slice_with::<Ping>(br#"{"seq":1,"sequ":2}"#, &strict).unwrap_err();
/// assert!(err.to_string().contains("unknown field `sequ`"), "{err}");
/// // By default unknown keys are skipped (a newer peer may have added them).
/// assert_eq!(zerowire::json::from_slice::<Ping>(br#"{"seq":1,"sequ":2}"#)?.seq, 1);
/// # Ok::<(), zerowire::json::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Reject keys that name no field (default: skip them).
    pub deny_unknown_fields: bool,
    /// Nesting depth and input size limits (the binary format's defaults).
    pub limits: Limits,
}

impl Options {
    /// Sets [`Options::deny_unknown_fields`].
    pub fn deny_unknown_fields(mut self, deny: bool) -> Self {
        self.deny_unknown_fields = deny;
        self
    }
    /// Sets [`Options::limits`].
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
    fn check_size(&self, len: usize) -> Result<(), Error> {
        if len > self.limits.max_size {
            return Err(Error::too_large(len, self.limits.max_size));
        }
        Ok(())
    }
}

/// Writes `value` (an owned message or a view) as compact JSON.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(128);
    encode_into(value, &mut out)?;
    Ok(out)
}

/// Appends `value`'s compact JSON to `out` (a buffer reused across
/// messages, as [`crate::encode_into`] does for the binary form).
///
/// ```
/// #[derive(zerowire::Message)]
/// pub struct Ping { pub seq: u32 }
///
/// let mut buf = Vec::new();
/// for seq in 0..3 {
///     buf.clear();
///     zerowire::json::encode_into(&Ping { seq }, &mut buf)?;
/// }
/// assert_eq!(buf, br#"{"seq":2}"#);
/// # Ok::<(), zerowire::json::Error>(())
/// ```
pub fn encode_into<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    #[cfg(feature = "sonic-rs")]
    {
        sonic_rs::to_writer(&mut *out, value).map_err(Error::from_sonic)
    }
    #[cfg(not(feature = "sonic-rs"))]
    {
        serde_json::to_writer(out, value).map_err(Error::from_serde_json)
    }
}

/// Writes `value` as compact JSON to `w`.
pub fn to_writer<W: std::io::Write, T: Serialize + ?Sized>(mut w: W, value: &T) -> Result<(), Error> {
    #[cfg(feature = "sonic-rs")]
    {
        // sonic-rs writes to its own buffer types, not to `io::Write`.
        let v = to_vec(value)?;
        w.write_all(&v).map_err(|e| Error::custom(ErrorKind::Io, e))
    }
    #[cfg(not(feature = "sonic-rs"))]
    {
        serde_json::to_writer(&mut w, value).map_err(Error::from_serde_json)
    }
}

/// Writes `value` as a JSON string.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let v = to_vec(value)?;
    String::from_utf8(v).map_err(|_| Error::custom(ErrorKind::Data, "the serializer wrote invalid UTF-8"))
}

/// Reads a message from JSON with the default [`Options`].
pub fn from_slice<M: DeserializeOwned>(json: &[u8]) -> Result<M, Error> {
    from_slice_with(json, &Options::default())
}

/// Reads a message from JSON.
pub fn from_slice_with<M: DeserializeOwned>(json: &[u8], opts: &Options) -> Result<M, Error> {
    thread_local! {
        // The fast path's scratch space, reused by every call on this thread.
        static READER: core::cell::RefCell<Reader> = core::cell::RefCell::new(Reader::new());
    }
    READER.with(|r| match r.try_borrow_mut() {
        Ok(mut r) => r.read_with(json, opts),
        // Called from inside a deserialization on this thread: fresh scratch.
        Err(_) => Reader::new().read_with(json, opts),
    })
}

/// A JSON reader with reusable scratch space (the input copy simd-json
/// parses in place and its index buffers), for a connection or a worker
/// that reads many messages. [`from_slice`] uses one per thread.
///
/// ```
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Ping { pub seq: u32 }
///
/// let mut reader = zerowire::json::Reader::new();
/// for (text, seq) in [(&br#"{"seq":1}"#[..], 1), (br#"{"seq":"2"}"#, 2)] {
///     assert_eq!(reader.read::<Ping>(text)?, Ping { seq });
/// }
/// # Ok::<(), zerowire::json::Error>(())
/// ```
pub struct Reader {
    #[cfg(feature = "simd-json")]
    input: Vec<u8>,
    #[cfg(feature = "simd-json")]
    buffers: simd_json::Buffers,
    opts: Options,
}

impl core::fmt::Debug for Reader {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Reader").field("opts", &self.opts).finish_non_exhaustive()
    }
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

impl Reader {
    /// A reader with the default [`Options`].
    pub fn new() -> Self {
        Reader::with_options(Options::default())
    }
    /// A reader with `opts`.
    pub fn with_options(opts: Options) -> Self {
        Reader {
            #[cfg(feature = "simd-json")]
            input: Vec::new(),
            #[cfg(feature = "simd-json")]
            buffers: simd_json::Buffers::default(),
            opts,
        }
    }
    /// Reads one message.
    pub fn read<M: DeserializeOwned>(&mut self, json: &[u8]) -> Result<M, Error> {
        let opts = self.opts.clone();
        self.read_with(json, &opts)
    }
    fn read_with<M: DeserializeOwned>(&mut self, json: &[u8], opts: &Options) -> Result<M, Error> {
        #[cfg(feature = "simd-json")]
        {
            opts.check_size(json.len())?;
            self.input.clear();
            self.input.extend_from_slice(json);
            // What simd-json refuses, serde_json decides: simd-json 0.15
            // refuses some valid JSON (an integer beyond 64 bits, which is
            // the float it denotes), and the two readers must accept the
            // same inputs. This costs a second parse of invalid inputs only.
            simd_read(&mut self.input, &mut self.buffers, opts).or_else(|_| reference::from_slice_with(json, opts))
        }
        #[cfg(not(feature = "simd-json"))]
        {
            reference::from_slice_with(json, opts)
        }
    }
}

/// Reads a message from a JSON string with the default [`Options`].
pub fn from_str<M: DeserializeOwned>(json: &str) -> Result<M, Error> {
    from_slice(json.as_bytes())
}

/// Reads a message from JSON in place with simd-json (feature `simd-json`):
/// the buffer is used as scratch space and its contents are unspecified
/// afterwards.
#[cfg(feature = "simd-json")]
pub fn from_slice_mut<M: DeserializeOwned>(json: &mut [u8]) -> Result<M, Error> {
    from_slice_mut_with(json, &Options::default())
}

/// [`from_slice_mut`] with explicit [`Options`].
#[cfg(feature = "simd-json")]
pub fn from_slice_mut_with<M: DeserializeOwned>(json: &mut [u8], opts: &Options) -> Result<M, Error> {
    opts.check_size(json.len())?;
    // In place, a refused input cannot be handed to serde_json afterwards
    // (simd-json has rewritten its strings): inputs that simd-json may
    // misread go to serde_json first (see `simd_read`).
    if has_long_number(json) {
        return reference::from_slice_with(json, opts);
    }
    simd_read(json, &mut simd_json::Buffers::new(json.len()), opts)
}

/// The simd-json read every fast path ends in (sizes are checked by the
/// callers, before they copy anything).
#[cfg(feature = "simd-json")]
fn simd_read<M: DeserializeOwned>(
    json: &mut [u8],
    buffers: &mut simd_json::Buffers,
    opts: &Options,
) -> Result<M, Error> {
    if private::has_surrogate_escape(json)
        || rules::may_hold_negative_zero(json)
        || has_raw_control(json)
        || has_long_number(json)
    {
        // simd-json 0.15 reads an unpaired surrogate escape ("\ud800") as
        // U+0000 instead of failing, the number `-0` as the integer 0 (a
        // float field would lose its sign), and takes a control byte after a
        // number for the number's end (`{"n":2\0}` and `{"n":3E4\x17}` are
        // accepted); serde_json does all three right. (A raw control byte
        // other than tab, line feed and carriage return is never valid JSON,
        // so those inputs only get serde_json's error.)
        return reference::from_slice_with(json, opts);
    }
    let scope = private::Scope::new(opts, json.len());
    scope.finish(simd_json::serde::from_slice_with_buffers(json, buffers).map_err(Error::from_simd))
}

/// Whether `json` holds a byte below 0x20 other than tab, line feed and
/// carriage return: invalid anywhere in JSON, inside strings too. Scanned in
/// chunks without an early exit per byte, which the compiler vectorizes.
#[cfg(feature = "simd-json")]
fn has_raw_control(json: &[u8]) -> bool {
    json.chunks(64).any(|c| c.iter().fold(false, |bad, &b| bad | (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')))
}

/// Whether `json` may hold a number of 18 or more digits (outside strings,
/// a run of digits and dots holding that many digits). simd-json 0.15 reads
/// such numbers on a slow path that refuses integers beyond 64 bits
/// (serde_json reads them as the float they denote) and accepts garbage
/// after them (`1234567891234567891x`, found by the fuzzer), so those inputs
/// go to serde_json. Strings are skipped: 64-bit integers are written as
/// strings (FORMAT.md 16.2), and only number tokens trip simd-json.
#[cfg(feature = "simd-json")]
fn has_long_number(json: &[u8]) -> bool {
    let (mut in_string, mut escaped, mut digits) = (false, false, 0u32);
    for &b in json {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                digits = 0;
            }
            b'0'..=b'9' => {
                digits += 1;
                if digits >= 18 {
                    return true;
                }
            }
            b'.' => {}
            _ => digits = 0,
        }
    }
    false
}

/// serde_json, always: the reference reader and writer the fast paths are
/// tested against.
pub mod reference {
    use super::*;

    /// Writes `value` as compact JSON with serde_json.
    pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
        serde_json::to_vec(value).map_err(Error::from_serde_json)
    }

    /// Reads a message from JSON with serde_json.
    pub fn from_slice_with<M: DeserializeOwned>(json: &[u8], opts: &Options) -> Result<M, Error> {
        opts.check_size(json.len())?;
        let scope = private::Scope::new(opts, json.len());
        let mut de = serde_json::Deserializer::from_slice(json);
        // The depth limit is the mapping's (section 16.9), counted by the
        // generated code as the binary form counts it, the same for every
        // reader; serde_json's own limit of 128 nested values would refuse
        // some messages within it (a union is an object around its arm).
        de.disable_recursion_limit();
        let r = M::deserialize(&mut de).and_then(|m| de.end().map(|()| m));
        scope.finish(r.map_err(Error::from_serde_json))
    }

    /// Reads a message from JSON with serde_json and the default [`Options`].
    pub fn from_slice<M: DeserializeOwned>(json: &[u8]) -> Result<M, Error> {
        from_slice_with(json, &Options::default())
    }
}

/// Writes a binary message as JSON without decoding it: validates `bytes`
/// (eager tier, default [`Limits`]), then writes the view.
///
/// The JSON is bounded by the input: at most
/// [`Limits::memory_budget`]`(bytes.len())` bytes (1 MiB + 64 per input
/// byte by default), else [`ErrorKind::MemoryLimit`]. A hostile message can
/// otherwise expand without end: a list of a million one-byte elements whose
/// JSON objects hold kilobytes of defaults.
pub fn binary_to_json<M>(bytes: &[u8]) -> Result<Vec<u8>, Error>
where
    M: Message,
    for<'a> M::View<'a>: Serialize,
{
    binary_to_json_with::<M>(bytes, &Limits::default())
}

/// [`binary_to_json`] with explicit [`Limits`].
pub fn binary_to_json_with<M>(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, Error>
where
    M: Message,
    for<'a> M::View<'a>: Serialize,
{
    let view = crate::mode::lazy::<M>(crate::validate_with::<M>(bytes, limits).map_err(Error::binary)?);
    let budget = limits.memory_budget(bytes.len());
    let mut w = Bounded::new(budget, bytes.len().saturating_mul(2));
    match serde_json::to_writer(&mut w, &view) {
        Ok(()) => Ok(w.into_inner()),
        Err(_) if w.exceeded() => Err(Error::custom(
            ErrorKind::MemoryLimit,
            format_args!("the JSON of a {}-byte message exceeds the memory budget of {budget} bytes", bytes.len()),
        )),
        Err(e) => Err(Error::from_serde_json(e)),
    }
}

/// A `Vec` writer that refuses to grow past a budget of bytes: what the JSON
/// writers that hold their output in memory write into (the run-time codec's
/// too). Not part of the public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Bounded {
    out: Vec<u8>,
    left: usize,
    over: bool,
}

impl Bounded {
    /// An empty buffer that may hold `budget` bytes, with room for `hint`.
    pub fn new(budget: usize, hint: usize) -> Self {
        Bounded { out: Vec::with_capacity(hint.min(budget)), left: budget, over: false }
    }
    /// Whether a write was refused for the budget.
    pub fn exceeded(&self) -> bool {
        self.over
    }
    /// The bytes written.
    pub fn into_inner(self) -> Vec<u8> {
        self.out
    }
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.left {
            self.over = true;
            return Err(std::io::Error::other("memory budget exceeded"));
        }
        let (len, need) = (self.out.len(), self.out.len() + buf.len());
        if need > self.out.capacity() {
            // Grow by doubling, but never past what the budget allows.
            let cap = (self.out.capacity() * 2).max(need).min(len + self.left);
            if self.out.try_reserve_exact(cap - len).is_err() {
                self.over = true;
                return Err(std::io::Error::other("memory budget exceeded"));
            }
        }
        self.left -= buf.len();
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads JSON and writes the message's binary encoding: JSON -> owned ->
/// binary (the owned value is the checked intermediate form).
pub fn json_to_binary<M: Message + DeserializeOwned>(json: &[u8]) -> Result<Vec<u8>, Error> {
    json_to_binary_with::<M>(json, &Options::default())
}

/// [`json_to_binary`] with explicit [`Options`].
///
/// Bounded by the input: the values read are charged at their in-memory
/// size against [`Limits::memory_budget`] of the JSON's length
/// ([`ErrorKind::MemoryLimit`]), and a message whose encoding would exceed
/// [`Limits::max_size`] is refused before it is written
/// ([`ErrorKind::TooLarge`]).
pub fn json_to_binary_with<M: Message + DeserializeOwned>(json: &[u8], opts: &Options) -> Result<Vec<u8>, Error> {
    let m: M = from_slice_with(json, opts)?;
    let len = crate::encoded_len(&m);
    // Offsets are 32-bit: a `max_size` raised past 4 GiB must not let the
    // encoder meet a message it cannot write.
    let max = opts.limits.max_size.min(u32::MAX as usize);
    if len > max {
        return Err(Error::custom(
            ErrorKind::TooLarge,
            format_args!("the encoded message would be {len} bytes, over the limit of {max} bytes"),
        ));
    }
    Ok(crate::encode(&m))
}
