//! HTTP content negotiation: which [`PayloadFormat`] a request body is in
//! (`Content-Type`) and which one the client wants back (`Accept`), for any
//! web framework: the functions take header values as `&str` and return
//! formats and media types.
//!
//! The binary format's media type is `application/vnd.zerowire`; JSON is
//! `application/json` (and any `+json` suffix type).
//!
//! ```
//! use zerowire::frame::PayloadFormat;
//! use zerowire::http::{content_type, negotiate, request_format};
//!
//! // A service-to-service client asks for binary; a browser gets JSON.
//! assert_eq!(negotiate(Some("application/vnd.zerowire, application/json;q=0.5")), Some(PayloadFormat::Binary));
//! assert_eq!(negotiate(Some("text/html,application/xhtml+xml,*/*;q=0.8")), Some(PayloadFormat::Json));
//! assert_eq!(negotiate(None), Some(PayloadFormat::Json));
//! assert_eq!(negotiate(Some("text/html")), None); // 406 Not Acceptable
//!
//! assert_eq!(request_format(Some("application/json; charset=utf-8")), Some(PayloadFormat::Json));
//! assert_eq!(request_format(Some("Application/VND.zerowire")), Some(PayloadFormat::Binary));
//! assert_eq!(request_format(Some("text/plain")), None); // 415 Unsupported Media Type
//! assert_eq!(content_type(PayloadFormat::Binary), "application/vnd.zerowire");
//! ```

use crate::frame::PayloadFormat;

/// The media type of a binary zerowire message.
pub const BINARY_MEDIA_TYPE: &str = "application/vnd.zerowire";
/// The media type of the JSON form.
pub const JSON_MEDIA_TYPE: &str = "application/json";

/// The `Content-Type` to send with a body in `format` (JSON for any format
/// that is not binary).
pub fn content_type(format: PayloadFormat) -> &'static str {
    match format {
        PayloadFormat::Binary => BINARY_MEDIA_TYPE,
        _ => JSON_MEDIA_TYPE,
    }
}

/// The media type of a header value without parameters, trimmed.
fn essence(v: &str) -> &str {
    v.split(';').next().unwrap_or("").trim()
}

/// The format of a request body from its `Content-Type`; `None` for a type
/// this crate does not read (answer 415). A missing header is taken as JSON
/// (what curl users forget to set).
pub fn request_format(content_type: Option<&str>) -> Option<PayloadFormat> {
    let Some(ct) = content_type else { return Some(PayloadFormat::Json) };
    let ty = essence(ct);
    if ty.eq_ignore_ascii_case(BINARY_MEDIA_TYPE) {
        Some(PayloadFormat::Binary)
    } else if ty.eq_ignore_ascii_case(JSON_MEDIA_TYPE) || is_json_suffix(ty) {
        Some(PayloadFormat::Json)
    } else {
        None
    }
}

fn is_json_suffix(ty: &str) -> bool {
    ty.len() > 5 && ty.is_char_boundary(ty.len() - 5) && ty[ty.len() - 5..].eq_ignore_ascii_case("+json")
}

/// How well a media range matches a type: `None` if it does not, else its
/// specificity (2 exact, 1 `type/*`, 0 `*/*`).
fn matches(range: &str, ty: &str) -> Option<u8> {
    if range == "*/*" {
        return Some(0);
    }
    if range.eq_ignore_ascii_case(ty) {
        return Some(2);
    }
    let (rt, rs) = range.split_once('/')?;
    let (tt, _) = ty.split_once('/')?;
    (rs == "*" && rt.eq_ignore_ascii_case(tt)).then_some(1)
}

/// The quality (0..=1000) the `Accept` value gives `ty`: that of the most
/// specific matching range (RFC 9110, section 12.5.1); 0 if none matches.
fn quality(accept: &str, ty: &str) -> (u16, u8) {
    let mut best: Option<(u8, u16)> = None;
    for part in accept.split(',') {
        let mut params = part.split(';');
        let range = params.next().unwrap_or("").trim();
        let Some(spec) = matches(range, ty) else { continue };
        let q = params
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .map(parse_q)
            .next()
            .unwrap_or(1000);
        if best.is_none_or(|(s, _)| spec > s) {
            best = Some((spec, q));
        }
    }
    best.map_or((0, 0), |(spec, q)| (q, spec))
}

/// `q` values have at most three decimals; anything unparsable is 0.
fn parse_q(v: &str) -> u16 {
    let v = v.trim();
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let int: u16 = match int {
        "0" => 0,
        "1" => 1000,
        _ => return 0,
    };
    let mut f = 0u16;
    for (i, c) in frac.bytes().take(3).enumerate() {
        if !c.is_ascii_digit() {
            return 0;
        }
        f += (c - b'0') as u16 * [100, 10, 1][i];
    }
    (int + f).min(1000)
}

/// The format to answer in, from the request's `Accept` header: the one
/// with the higher quality; on a tie, binary if the client named it
/// explicitly, else JSON (the format anyone can read). No header, or an
/// empty one, means JSON. `None` when neither is acceptable (answer 406).
pub fn negotiate(accept: Option<&str>) -> Option<PayloadFormat> {
    let accept = match accept.map(str::trim) {
        None | Some("") => return Some(PayloadFormat::Json),
        Some(a) => a,
    };
    let (qb, sb) = quality(accept, BINARY_MEDIA_TYPE);
    let (qj, _) = quality(accept, JSON_MEDIA_TYPE);
    match (qb, qj) {
        (0, 0) => None,
        (b, j) if b > j => Some(PayloadFormat::Binary),
        (b, j) if b == j && sb == 2 => Some(PayloadFormat::Binary),
        _ => Some(PayloadFormat::Json),
    }
}

/// A request body that could not be read.
#[cfg(feature = "serde")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyError {
    /// The `Content-Type` is neither binary zerowire nor JSON (415).
    UnsupportedMediaType,
    /// The body is not a valid message in its format (400).
    Invalid(crate::frame::PayloadError),
}

#[cfg(feature = "serde")]
impl core::fmt::Display for BodyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BodyError::UnsupportedMediaType => {
                write!(f, "unsupported media type: send {BINARY_MEDIA_TYPE} or {JSON_MEDIA_TYPE}")
            }
            BodyError::Invalid(e) => fmt_invalid_body(e, f),
        }
    }
}

/// How a body that does not read as its message is reported to the client
/// (the text of a 400 answer, whatever the web framework).
#[cfg(feature = "serde")]
pub(crate) fn fmt_invalid_body(e: &crate::frame::PayloadError, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
    use crate::frame::PayloadError;
    match e {
        // Worded for a request body: the frame's wording ("frame
        // payload") would point a client at the wrong layer.
        PayloadError::Invalid(e) => write!(f, "request body is not a valid binary message: {e}"),
        PayloadError::Json(e) => write!(f, "request body is not valid JSON for the message: {e}"),
        PayloadError::NotBinary(fmt) => write!(f, "request body is {fmt}, not a binary zerowire message"),
        // Other payload errors (a frame's type id) do not arise from a
        // body, which has no header; worded as the frame words them.
        e => write!(f, "request body: {e}"),
    }
}

#[cfg(feature = "serde")]
impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::UnsupportedMediaType => None,
            BodyError::Invalid(e) => std::error::Error::source(e),
        }
    }
}

/// Reads a request body as `M`, in the format its `Content-Type` names
/// (feature `serde`).
///
/// ```
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Ping { pub seq: u32 }
///
/// let json: Ping = zerowire::http::decode_body(Some("application/json"), br#"{"seq": 1}"#)?;
/// let bin: Ping = zerowire::http::decode_body(Some("application/vnd.zerowire"), &zerowire::encode(&json))?;
/// assert_eq!(json, bin);
/// # Ok::<(), zerowire::http::BodyError>(())
/// ```
#[cfg(feature = "serde")]
pub fn decode_body<M>(content_type: Option<&str>, body: &[u8]) -> Result<M, BodyError>
where
    M: crate::Message + serde::de::DeserializeOwned,
{
    decode_body_with(content_type, body, &crate::Limits::default())
}

/// [`decode_body`] with explicit [`Limits`](crate::Limits), which bound
/// both formats: the binary form's size and depth, the JSON form's length
/// and nesting (feature `serde`).
///
/// ```
/// #[derive(Debug, zerowire::Message)]
/// pub struct Ping { pub seq: u32 }
///
/// let small = zerowire::Limits { max_size: 8, ..Default::default() };
/// let body = br#"{"seq": 123456}"#;
/// assert!(zerowire::http::decode_body_with::<Ping>(Some("application/json"), body, &small).is_err());
/// ```
#[cfg(feature = "serde")]
pub fn decode_body_with<M>(content_type: Option<&str>, body: &[u8], limits: &crate::Limits) -> Result<M, BodyError>
where
    M: crate::Message + serde::de::DeserializeOwned,
{
    let format = request_format(content_type).ok_or(BodyError::UnsupportedMediaType)?;
    decode_as(format, body, limits).map_err(BodyError::Invalid)
}

/// Reads `body` as `M` in `format` (JSON for any format that is not
/// binary), under `limits`.
#[cfg(feature = "serde")]
pub(crate) fn decode_as<M>(
    format: PayloadFormat,
    body: &[u8],
    limits: &crate::Limits,
) -> Result<M, crate::frame::PayloadError>
where
    M: crate::Message + serde::de::DeserializeOwned,
{
    match format {
        PayloadFormat::Binary => Ok(crate::decode_with::<M>(body, limits)?),
        _ => Ok(crate::json::from_slice_with::<M>(body, &crate::json::Options::default().limits(*limits))?),
    }
}

/// An [`Owned<M>`](crate::Owned) from a JSON payload, under `limits`: read
/// as `M`, encoded once, and the encoding held to the same limits (a JSON
/// text can encode past [`Limits::max_size`](crate::Limits::max_size)).
/// Every transport that hands out `Owned` messages reads JSON this way.
#[cfg(feature = "serde")]
pub(crate) fn owned_from_json<M>(
    json: &[u8],
    limits: &crate::Limits,
) -> Result<crate::Owned<M>, crate::frame::PayloadError>
where
    M: crate::Message + serde::de::DeserializeOwned,
{
    let encoded = crate::json::json_to_binary_with::<M>(json, &crate::json::Options::default().limits(*limits))?;
    Ok(crate::Owned::with_limits(bytes::Bytes::from(encoded), limits)?)
}

/// Writes `message` in `format` and returns the `Content-Type` to send
/// with it (feature `serde`).
///
/// ```
/// use zerowire::http::{encode_body, negotiate};
///
/// #[derive(zerowire::Message)]
/// pub struct Pong { pub seq: u32 }
///
/// let format = negotiate(Some("application/json")).expect("acceptable");
/// let (ct, body) = encode_body(&Pong { seq: 2 }, format)?;
/// assert_eq!((ct, &body[..]), ("application/json", &br#"{"seq":2}"#[..]));
/// # Ok::<(), zerowire::json::Error>(())
/// ```
#[cfg(feature = "serde")]
pub fn encode_body<M>(message: &M, format: PayloadFormat) -> Result<(&'static str, Vec<u8>), crate::json::Error>
where
    M: crate::Message + serde::Serialize,
{
    match format {
        PayloadFormat::Binary => Ok((BINARY_MEDIA_TYPE, crate::encode(message))),
        _ => Ok((JSON_MEDIA_TYPE, crate::json::to_vec(message)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_values_decide() {
        use PayloadFormat::{Binary, Json};
        let cases: &[(&str, Option<PayloadFormat>)] = &[
            ("application/json", Some(Json)),
            ("application/vnd.zerowire", Some(Binary)),
            ("application/vnd.zerowire;q=0.4, application/json;q=0.5", Some(Json)),
            ("application/json;q=0.4, application/vnd.zerowire;q=0.5", Some(Binary)),
            ("application/*", Some(Json)),
            ("application/*, application/vnd.zerowire", Some(Binary)),
            ("*/*;q=0.1, application/json;q=0", Some(Binary)),
            ("application/vnd.zerowire;q=0", None),
            ("application/vnd.zerowire;q=0, */*", Some(Json)),
            ("application/json;q=0.000, application/vnd.zerowire;q=0", None),
            ("image/png", None),
            ("application/json;q=abc", None),
            ("application/json;q=2", None),
            (" , ;;, */*", Some(Json)),
            ("\u{e9}/\u{e9}", None),
        ];
        for (accept, want) in cases {
            assert_eq!(negotiate(Some(accept)), *want, "{accept}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(request_format(Some("application/problem+json")), Some(PayloadFormat::Json));
        assert_eq!(request_format(Some("application/vnd.zerowire; type=shop.v1.Order")), Some(PayloadFormat::Binary));
        assert_eq!(request_format(Some("+json")), None);
        assert_eq!(request_format(Some("é+json")), Some(PayloadFormat::Json));
        assert_eq!(request_format(Some("")), None);
        assert_eq!(request_format(None), Some(PayloadFormat::Json));
    }
}
