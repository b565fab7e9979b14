//! simd-json 0.15 (serde API) on the JSON mirrors of [`super::json`]: the
//! same documents as serde_json, parsed by simdjson's two-stage SIMD parser
//! (AVX2 selected at run time here: `runtime-detection`).
//!
//! simd-json parses **in place**: its input must be a mutable buffer, which
//! it rewrites (string unescaping). A reader holding `&[u8]` must copy it
//! first; so `decode` copies the bytes into a reused buffer (and reuses
//! simd-json's own `Buffers`), while `access` and `read_all` copy into a
//! fresh `Vec`, as they allocate everything else fresh too. The copy is a
//! `memcpy` of the document, small next to parsing it.

use super::json::JsonSet;
use super::{Format, Mirror};

/// Reusable state: the output buffer, the mutable input copy, simd-json's
/// parser buffers.
pub struct SimdJsonScratch {
    out: Vec<u8>,
    input: Vec<u8>,
    buffers: simd_json::Buffers,
}

impl std::fmt::Debug for SimdJsonScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimdJsonScratch").field("out", &self.out.len()).field("input", &self.input.len()).finish()
    }
}

/// simd-json in the [`Format`] interface.
#[derive(Debug, Clone, Copy)]
pub struct SimdJson;

impl<D: JsonSet> Format<D> for SimdJson {
    const NAME: &'static str = "simd_json";
    type Mirror = D::Json;
    type Encoded = Vec<u8>;
    type Scratch = SimdJsonScratch;
    fn mirror(model: &D) -> D::Json {
        Mirror::from_model(model)
    }
    fn model(m: D::Json) -> D {
        m.into_model()
    }
    fn encode(m: &D::Json) -> Vec<u8> {
        simd_json::serde::to_vec(m).expect("JSON serialization of plain data does not fail")
    }
    fn scratch() -> SimdJsonScratch {
        SimdJsonScratch { out: Vec::new(), input: Vec::new(), buffers: simd_json::Buffers::default() }
    }
    #[inline]
    fn encode_reuse<'s>(m: &D::Json, s: &'s mut SimdJsonScratch) -> &'s [u8] {
        s.out.clear();
        simd_json::serde::to_writer(&mut s.out, m).expect("JSON serialization of plain data does not fail");
        &s.out
    }
    #[inline]
    fn decode(bytes: &Vec<u8>, s: &mut SimdJsonScratch) -> D::Json {
        s.input.clear();
        s.input.extend_from_slice(bytes);
        simd_json::serde::from_slice_with_buffers(&mut s.input, &mut s.buffers).expect("valid JSON")
    }
    #[inline]
    fn access(bytes: &Vec<u8>) -> u64 {
        let mut input = bytes.clone();
        D::json_pick(&simd_json::serde::from_slice(&mut input).expect("valid JSON"))
    }
    #[inline]
    fn read_all(bytes: &Vec<u8>) -> u64 {
        let mut input = bytes.clone();
        D::json_checksum(&simd_json::serde::from_slice(&mut input).expect("valid JSON"))
    }
}
