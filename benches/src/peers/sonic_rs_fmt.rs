//! sonic-rs 0.5 (serde API) on the JSON mirrors of [`super::json`]: the same
//! documents as serde_json, parsed with SIMD. sonic-rs picks its SIMD width
//! at compile time (`target_feature`); built without `target-cpu` flags, as
//! everything in this suite is, it runs its SSE2 paths.

use super::json::JsonSet;
use super::{Format, Mirror};

/// sonic-rs in the [`Format`] interface: `to_writer` into a reused `Vec`,
/// `from_slice` (no copy: it reads `&[u8]`); `access` and `read_all` parse
/// the whole document.
#[derive(Debug, Clone, Copy)]
pub struct SonicRs;

impl<D: JsonSet> Format<D> for SonicRs {
    const NAME: &'static str = "sonic_rs";
    type Mirror = D::Json;
    type Encoded = Vec<u8>;
    type Scratch = Vec<u8>;
    fn mirror(model: &D) -> D::Json {
        Mirror::from_model(model)
    }
    fn model(m: D::Json) -> D {
        m.into_model()
    }
    fn encode(m: &D::Json) -> Vec<u8> {
        sonic_rs::to_vec(m).expect("JSON serialization of plain data does not fail")
    }
    fn scratch() -> Vec<u8> {
        Vec::new()
    }
    #[inline]
    fn encode_reuse<'s>(m: &D::Json, buf: &'s mut Vec<u8>) -> &'s [u8] {
        buf.clear();
        sonic_rs::to_writer(&mut *buf, m).expect("JSON serialization of plain data does not fail");
        buf
    }
    #[inline]
    fn decode(bytes: &Vec<u8>, _: &mut Vec<u8>) -> D::Json {
        sonic_rs::from_slice(bytes).expect("valid JSON")
    }
    #[inline]
    fn access(bytes: &Vec<u8>) -> u64 {
        D::json_pick(&sonic_rs::from_slice(bytes).expect("valid JSON"))
    }
    #[inline]
    fn read_all(bytes: &Vec<u8>) -> u64 {
        D::json_checksum(&sonic_rs::from_slice(bytes).expect("valid JSON"))
    }
}
