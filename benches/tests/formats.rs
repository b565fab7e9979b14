//! Every peer on every data set, through the uniform interface the
//! benchmarks drive (`zerowire_benches::peers::{DataSet, Format, ZeroCopy}`):
//! the round trip gives the model back exactly, a reused buffer encodes the
//! same bytes, `access` reads the model's field and `read_all` computes the
//! model's checksum; zero-copy peers also validate and agree on their second
//! way to read. Smaller data than the benchmarks (`DataSet::test_values`),
//! except one full 1 MiB blob.

use zerowire_benches::data::{Blob, Comment, IntlLogBatch, LogBatch, NumericBatch, Request, TelemetryExport};
use zerowire_benches::peers::{DataSet, Format, ZeroCopy};

fn check<D: DataSet, F: Format<D>>() {
    let mut scratch = F::scratch();
    let values = D::test_values();
    assert!(!values.is_empty());
    for v in values {
        let m = F::mirror(&v);
        let enc = F::encode(&m);
        assert!(F::encode_reuse(&m, &mut scratch) == &enc[..], "{} on {}: reused buffer", F::NAME, D::NAME);
        // Twice: the second encode reuses a dirty buffer.
        assert!(F::encode_reuse(&m, &mut scratch) == &enc[..], "{} on {}: reused buffer", F::NAME, D::NAME);
        assert!(F::model(F::decode(&enc, &mut scratch)) == v, "{} on {}: round trip", F::NAME, D::NAME);
        assert_eq!(F::access(&enc), v.access(), "{} on {}: access", F::NAME, D::NAME);
        assert_eq!(F::read_all(&enc), v.checksum(), "{} on {}: read_all", F::NAME, D::NAME);
    }
}

fn check_zero_copy<D: DataSet, F: ZeroCopy<D>>() {
    check::<D, F>();
    for v in D::test_values() {
        let enc = F::encode(&F::mirror(&v));
        assert!(F::validate(&enc), "{} on {}: validate", F::NAME, D::NAME);
        assert_eq!(F::access_alt(&enc), v.access(), "{} on {}: access", F::ALT, D::NAME);
        assert_eq!(F::read_all_alt(&enc), v.checksum(), "{} on {}: read_all", F::ALT, D::NAME);
    }
}

macro_rules! peer_tests {
    ($module:ident, $peer:ty, $check:ident $(, $feature:literal)?) => {
        $(#[cfg(feature = $feature)])?
        mod $module {
            use super::*;

            #[test]
            fn request() {
                $check::<Request, $peer>();
            }

            #[test]
            fn log_batch() {
                $check::<LogBatch, $peer>();
            }

            #[test]
            fn intl_log() {
                $check::<IntlLogBatch, $peer>();
            }

            #[test]
            fn telemetry() {
                $check::<TelemetryExport, $peer>();
            }

            #[test]
            fn numeric() {
                $check::<NumericBatch, $peer>();
            }

            #[test]
            fn large() {
                $check::<Blob, $peer>();
            }

            #[test]
            fn deep() {
                $check::<Comment, $peer>();
            }
        }
    };
}

peer_tests!(zerowire, zerowire_benches::peers::zerowire_fmt::Zerowire, check_zero_copy);
peer_tests!(prost, zerowire_benches::peers::prost_pb::Prost, check, "peer-prost");
peer_tests!(rkyv, zerowire_benches::peers::rkyv_fmt::Rkyv, check_zero_copy, "peer-rkyv");
peer_tests!(bitcode, zerowire_benches::peers::bitcode_fmt::Bitcode, check, "peer-bitcode");
peer_tests!(serde_json, zerowire_benches::peers::json::SerdeJson, check, "peer-serde-json");
peer_tests!(simd_json, zerowire_benches::peers::simd_json_fmt::SimdJson, check, "peer-simd-json");
peer_tests!(sonic_rs, zerowire_benches::peers::sonic_rs_fmt::SonicRs, check, "peer-sonic-rs");
peer_tests!(capnp, zerowire_benches::peers::capnp_fmt::Capnp, check, "peer-capnp");
peer_tests!(flatbuffers, zerowire_benches::peers::flatbuffers_fmt::FlatBuffers, check_zero_copy, "peer-flatbuffers");

#[test]
fn zerowire_vec_u8_payload() {
    use zerowire_benches::peers::zerowire_fmt::{Zerowire, ZerowireVecU8};
    check::<Blob, ZerowireVecU8>();
    for v in Blob::test_values() {
        let a = <Zerowire as Format<Blob>>::encode(&<Zerowire as Format<Blob>>::mirror(&v));
        let b = ZerowireVecU8::encode(&ZerowireVecU8::mirror(&v));
        assert!(a == b, "Vec<u8> and bytes::Bytes encode the same bytes");
    }
}

/// The comment thread is as deep for zerowire's depth limit as it has
/// levels of comments (a list of messages adds the level, its elements
/// none): the benchmark's thread passes a limit of exactly its depth and
/// not one less, with the same error in both tiers' readers.
#[test]
fn zerowire_deep_thread_depth() {
    use zerowire_benches::data::THREAD_SHAPE;
    use zerowire_benches::peers::zerowire_fmt::{self as zw, Zerowire};
    let model = Comment::bench_value();
    assert_eq!(model.depth(), THREAD_SHAPE.depth);
    let bytes = <Zerowire as Format<Comment>>::encode(&<Zerowire as Format<Comment>>::mirror(&model));
    let depth = u32::try_from(THREAD_SHAPE.depth).expect("a small depth");
    let at = |max_depth| ::zerowire::Limits { max_depth, ..::zerowire::Limits::default() };
    assert!(::zerowire::validate_with::<zw::Comment>(&bytes, &at(depth)).is_ok());
    let e = ::zerowire::validate_with::<zw::Comment>(&bytes, &at(depth - 1)).unwrap_err();
    assert_eq!(e.kind(), ::zerowire::ErrorKind::DepthLimit);
    let e = ::zerowire::decode_with::<zw::Comment>(&bytes, &at(depth - 1)).unwrap_err();
    assert_eq!(e.kind(), ::zerowire::ErrorKind::DepthLimit);
    // The lazy view has no depth limit of its own: it follows what it is asked.
    assert_eq!(<Zerowire as Format<Comment>>::access(&bytes), model.access());
}

/// What the JSON bench (`benches/json.rs`) stands on, on the sets it
/// measures: zerowire's JSON of an owned value and of its validated view
/// agree, and both JSON readers give the model back.
fn zerowire_json<D>()
where
    D: DataSet,
    zerowire_benches::peers::zerowire_fmt::Zerowire: Format<D>,
    ZwMirror<D>: ::zerowire::Message + serde::Serialize + serde::de::DeserializeOwned,
    for<'a> <ZwMirror<D> as ::zerowire::Message>::View<'a>: serde::Serialize,
{
    use zerowire_benches::peers::zerowire_fmt::Zerowire;
    let mut reader = ::zerowire::json::Reader::new();
    for model in D::test_values() {
        let value = <Zerowire as Format<D>>::mirror(&model);
        let binary = ::zerowire::encode(&value);
        let text = ::zerowire::json::to_vec(&value).expect("writes");
        let view = ::zerowire::mode::lazy::<ZwMirror<D>>(::zerowire::validate::<ZwMirror<D>>(&binary).expect("valid"));
        assert!(::zerowire::json::to_vec(&view).expect("writes") == text, "{}: view JSON", D::NAME);
        let back = reader.read::<ZwMirror<D>>(&text).expect("reads");
        assert!(<Zerowire as Format<D>>::model(back) == model, "{}: Reader", D::NAME);
        let back: ZwMirror<D> = ::zerowire::json::reference::from_slice(&text).expect("reads");
        assert!(<Zerowire as Format<D>>::model(back) == model, "{}: reference reader", D::NAME);
    }
}

type ZwMirror<D> = <zerowire_benches::peers::zerowire_fmt::Zerowire as Format<D>>::Mirror;

#[test]
fn zerowire_json_on_every_json_bench_set() {
    zerowire_json::<Request>();
    zerowire_json::<LogBatch>();
    zerowire_json::<TelemetryExport>();
    zerowire_json::<NumericBatch>();
    zerowire_json::<Blob>();
    zerowire_json::<Comment>();
}

#[test]
fn data_sets_have_variety() {
    use zerowire_benches::data::{AttrValue, SpanKind, StatusCode};
    let t = TelemetryExport::bench_value();
    let spans: Vec<_> = t.resources.iter().flat_map(|r| &r.scopes).flat_map(|s| &s.spans).collect();
    assert_eq!(spans.len(), 450);
    for k in SpanKind::ALL {
        assert!(spans.iter().any(|s| s.kind == k), "{k:?} never generated");
    }
    for c in StatusCode::ALL {
        assert!(spans.iter().any(|s| s.status.code == c), "{c:?} never generated");
    }
    let values: Vec<_> = spans.iter().flat_map(|s| s.attributes.values()).collect();
    assert!(values.iter().any(|v| matches!(v, AttrValue::Str(_))));
    assert!(values.iter().any(|v| matches!(v, AttrValue::Int(_))));
    assert!(values.iter().any(|v| matches!(v, AttrValue::Double(_))));
    assert!(values.iter().any(|v| matches!(v, AttrValue::Bool(_))));
    assert!(spans.iter().any(|s| s.parent_span_id.is_none()));
    assert!(spans.iter().any(|s| s.events.len() == 3));
    assert!(spans.iter().any(|s| s.events.is_empty()));

    let n = NumericBatch::bench_value();
    assert_eq!(n.values.len(), 8_192);
    assert!(n.timestamps_ns.windows(2).all(|w| w[0] < w[1]));
    assert!(n.indices.iter().all(|&i| (i as usize) < n.vertices.len()));

    let b = Blob::bench_value();
    assert_eq!(b.payload.len(), 1 << 20);
    assert_eq!(b.metadata.len(), 8);
    assert_ne!(t.checksum(), TelemetryExport::test_values()[0].checksum());
}
