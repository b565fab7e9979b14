//! Every peer round-trips both data sets exactly, reads the same single field,
//! and computes the same `read_all` checksum as the model itself.
#![cfg(all(feature = "peer-prost", feature = "peer-rkyv", feature = "peer-bitcode", feature = "peer-serde-json"))]

use zerowire_benches::data::{self, LogBatch, Request};
use zerowire_benches::peers::{bitcode_fmt, json, prost_pb, rkyv_fmt, zerowire_fmt};

const SEEDS: [u64; 4] = [1, 42, 0xDEAD_BEEF, data::SEED];
const N_REQUESTS: usize = 50;
const N_RECORDS: usize = 1_000;

fn all_requests() -> Vec<Request> {
    SEEDS.iter().flat_map(|&s| data::requests(N_REQUESTS, s)).collect()
}

fn all_batches() -> Vec<LogBatch> {
    SEEDS.iter().map(|&s| data::log_batch(N_RECORDS, s)).collect()
}

#[test]
fn data_sets_have_variety() {
    // Guard against a generator that would make the tests below trivial.
    let reqs = all_requests();
    assert!(reqs.iter().any(|r| r.trace_id.is_some()));
    assert!(reqs.iter().any(|r| r.trace_id.is_none()));
    assert!(reqs.iter().any(|r| r.retry));
    assert!(reqs.iter().any(|r| r.tags.is_empty()));
    assert!(reqs.iter().any(|r| r.tags.len() == 3));
    for m in data::Method::ALL {
        assert!(reqs.iter().any(|r| r.method == m), "{m:?} never generated");
    }
    let b = data::log_batch(N_RECORDS, 1);
    for l in data::Level::ALL {
        assert!(b.records.iter().any(|r| r.level == l), "{l:?} never generated");
    }
    assert!(b.records.iter().any(|r| r.span_id.is_none()));
    assert!(b.records.iter().any(|r| r.span_id.is_some()));
    assert_ne!(data::request_checksum(&reqs[0]), data::request_checksum(&reqs[1]));
}

#[test]
fn checksum_detects_changes() {
    let r = data::request(5);
    let base = data::request_checksum(&r);
    let mut r2 = r.clone();
    r2.priority ^= 1;
    assert_ne!(data::request_checksum(&r2), base);
    let mut r3 = r.clone();
    r3.trace_id = r3.trace_id.xor(Some(0));
    assert_ne!(data::request_checksum(&r3), base);

    let b = data::log_batch(10, 5);
    let mut b2 = b.clone();
    b2.records[7].status += 1;
    assert_ne!(data::log_batch_checksum(&b2), data::log_batch_checksum(&b));
}

// ---- prost -------------------------------------------------------------------

#[test]
fn prost_request_roundtrip() {
    for r in all_requests() {
        let m = prost_pb::Request::from(&r);
        let bytes = prost_pb::encode_request(&m);
        let mut reused = vec![0xAA; 3];
        prost_pb::encode_request_into(&m, &mut reused);
        assert_eq!(reused, bytes);
        assert_eq!(Request::from(prost_pb::decode_request(&bytes)), r);
        assert_eq!(prost_pb::access_request(&bytes), r.id);
        assert_eq!(prost_pb::read_all_request(&bytes), data::request_checksum(&r));
    }
}

#[test]
fn prost_log_batch_roundtrip() {
    for b in all_batches() {
        let m = prost_pb::LogBatch::from(&b);
        let bytes = prost_pb::encode_log_batch(&m);
        let mut reused = Vec::new();
        prost_pb::encode_log_batch_into(&m, &mut reused);
        assert_eq!(reused, bytes);
        assert_eq!(LogBatch::from(prost_pb::decode_log_batch(&bytes)), b);
        let i = b.records.len() / 2;
        assert_eq!(prost_pb::access_log_batch(&bytes, i), b.records[i].latency_us);
        assert_eq!(prost_pb::read_all_log_batch(&bytes), data::log_batch_checksum(&b));
    }
}

// ---- rkyv --------------------------------------------------------------------

fn assert_archived_request(a: &rkyv_fmt::ArchivedRequest, r: &Request) {
    assert_eq!(a.id.to_native(), r.id);
    assert_eq!(a.user_id.to_native(), r.user_id);
    assert_eq!(a.timestamp_ns.to_native(), r.timestamp_ns);
    assert_eq!(rkyv_fmt::method_code(&a.method), r.method.code());
    assert_eq!(a.path.as_str(), r.path);
    assert_eq!(a.client.as_str(), r.client);
    assert_eq!(a.trace_id.as_ref().map(|v| v.to_native()), r.trace_id);
    assert_eq!(a.priority.to_native(), r.priority);
    assert_eq!(a.retry, r.retry);
    let tags: Vec<&str> = a.tags.iter().map(|t| t.as_str()).collect();
    assert_eq!(tags, r.tags);
}

fn assert_archived_log_batch(a: &rkyv_fmt::ArchivedLogBatch, b: &LogBatch) {
    assert_eq!(a.source.as_str(), b.source);
    assert_eq!(a.seq.to_native(), b.seq);
    assert_eq!(a.records.len(), b.records.len());
    for (ar, r) in a.records.iter().zip(&b.records) {
        assert_eq!(ar.timestamp_ns.to_native(), r.timestamp_ns);
        assert_eq!(rkyv_fmt::level_code(&ar.level), r.level.code());
        assert_eq!(ar.message.as_str(), r.message);
        assert_eq!(ar.host.as_str(), r.host);
        assert_eq!(ar.latency_us.to_native(), r.latency_us);
        assert_eq!(ar.status.to_native(), r.status);
        assert_eq!(ar.span_id.as_ref().map(|v| v.to_native()), r.span_id);
    }
}

#[test]
fn rkyv_request_roundtrip_and_access() {
    for r in all_requests() {
        let m = rkyv_fmt::Request::from(&r);
        let enc = rkyv_fmt::encode_request(&m);
        assert_eq!(enc.as_ptr() as usize % 16, 0, "AlignedVec is 16-aligned");
        assert_eq!(Request::from(rkyv_fmt::decode_request(&enc)), r);

        assert_archived_request(rkyv_fmt::validate_request(&enc), &r);
        assert_archived_request(enc.archived_unchecked(), &r);
        assert_eq!(rkyv_fmt::access_request(&enc), r.id);
        assert_eq!(rkyv_fmt::access_request_unchecked(&enc), r.id);

        let expected = data::request_checksum(&r);
        assert_eq!(rkyv_fmt::read_all_request(&enc), expected);
        assert_eq!(rkyv_fmt::read_all_request_unchecked(&enc), expected);

        // Re-encoding into a reused (dirty) buffer gives the same bytes.
        let again = rkyv_fmt::encode_request_in(&m, enc.clone().into_inner());
        assert_eq!(&again[..], &enc[..]);
    }
}

#[test]
fn rkyv_log_batch_roundtrip_and_access() {
    for b in all_batches() {
        let m = rkyv_fmt::LogBatch::from(&b);
        let enc = rkyv_fmt::encode_log_batch(&m);
        assert_eq!(LogBatch::from(rkyv_fmt::decode_log_batch(&enc)), b);

        assert_archived_log_batch(rkyv_fmt::validate_log_batch(&enc), &b);
        assert_archived_log_batch(enc.archived_unchecked(), &b);
        let i = b.records.len() / 2;
        assert_eq!(rkyv_fmt::access_log_batch(&enc, i), b.records[i].latency_us);
        assert_eq!(rkyv_fmt::access_log_batch_unchecked(&enc, i), b.records[i].latency_us);

        let expected = data::log_batch_checksum(&b);
        assert_eq!(rkyv_fmt::read_all_log_batch(&enc), expected);
        assert_eq!(rkyv_fmt::read_all_log_batch_unchecked(&enc), expected);

        let again = rkyv_fmt::encode_log_batch_in(&m, enc.clone().into_inner());
        assert_eq!(&again[..], &enc[..]);
    }
}

#[test]
fn rkyv_validation_rejects_bad_input() {
    use rkyv::rancor::Error;

    let m = rkyv_fmt::Request::from(&data::request(9));
    let enc = rkyv_fmt::encode_request(&m);

    // Truncated: the root (stored at the end) points outside the buffer.
    let cut = &enc[..enc.len() - 8];
    let mut aligned = rkyv::util::AlignedVec::<16>::new();
    aligned.extend_from_slice(cut);
    assert!(rkyv::access::<rkyv_fmt::ArchivedRequest, Error>(&aligned).is_err());

    // Misaligned: the same valid bytes one byte off an 8-byte boundary.
    let mut shifted = rkyv::util::AlignedVec::<16>::new();
    shifted.push(0);
    shifted.extend_from_slice(&enc);
    assert!(rkyv::access::<rkyv_fmt::ArchivedRequest, Error>(&shifted[1..]).is_err());

    // Invalid UTF-8 in a string: flip the first byte of `path` to 0xFF.
    let path = m.path.as_bytes();
    let pos = enc.windows(path.len()).position(|w| w == path).expect("path bytes are in the archive");
    let mut corrupt = rkyv::util::AlignedVec::<16>::new();
    corrupt.extend_from_slice(&enc);
    corrupt[pos] = 0xFF;
    assert!(rkyv::access::<rkyv_fmt::ArchivedRequest, Error>(&corrupt).is_err());
}

// ---- bitcode -----------------------------------------------------------------

#[test]
fn bitcode_request_roundtrip() {
    let mut buf = bitcode::Buffer::new();
    for r in all_requests() {
        let m = bitcode_fmt::Request::from(&r);
        let bytes = bitcode_fmt::encode_request(&m);
        assert_eq!(bitcode_fmt::encode_request_with(&mut buf, &m), &bytes[..]);
        assert_eq!(Request::from(bitcode_fmt::decode_request(&bytes)), r);
        assert_eq!(Request::from(bitcode_fmt::decode_request_with(&mut buf, &bytes)), r);
        assert_eq!(bitcode_fmt::access_request(&bytes), r.id);
        assert_eq!(bitcode_fmt::read_all_request(&bytes), data::request_checksum(&r));
    }
}

#[test]
fn bitcode_log_batch_roundtrip() {
    let mut buf = bitcode::Buffer::new();
    for b in all_batches() {
        let m = bitcode_fmt::LogBatch::from(&b);
        let bytes = bitcode_fmt::encode_log_batch(&m);
        assert_eq!(bitcode_fmt::encode_log_batch_with(&mut buf, &m), &bytes[..]);
        assert_eq!(LogBatch::from(bitcode_fmt::decode_log_batch(&bytes)), b);
        assert_eq!(LogBatch::from(bitcode_fmt::decode_log_batch_with(&mut buf, &bytes)), b);
        let i = b.records.len() / 2;
        assert_eq!(bitcode_fmt::access_log_batch(&bytes, i), b.records[i].latency_us);
        assert_eq!(bitcode_fmt::read_all_log_batch(&bytes), data::log_batch_checksum(&b));
    }
}

// ---- serde_json --------------------------------------------------------------

#[test]
fn json_request_roundtrip() {
    for r in all_requests() {
        let m = json::Request::from(&r);
        let bytes = json::encode_request(&m);
        let mut reused = b"garbage".to_vec();
        json::encode_request_into(&m, &mut reused);
        assert_eq!(reused, bytes);
        assert_eq!(Request::from(json::decode_request(&bytes)), r);
        assert_eq!(json::access_request(&bytes), r.id);
        assert_eq!(json::read_all_request(&bytes), data::request_checksum(&r));
    }
}

#[test]
fn json_log_batch_roundtrip() {
    for b in all_batches() {
        let m = json::LogBatch::from(&b);
        let bytes = json::encode_log_batch(&m);
        let mut reused = Vec::new();
        json::encode_log_batch_into(&m, &mut reused);
        assert_eq!(reused, bytes);
        assert_eq!(LogBatch::from(json::decode_log_batch(&bytes)), b);
        let i = b.records.len() / 2;
        assert_eq!(json::access_log_batch(&bytes, i), b.records[i].latency_us);
        assert_eq!(json::read_all_log_batch(&bytes), data::log_batch_checksum(&b));
    }
}

#[test]
fn json_shape_is_conventional() {
    let mut r = data::request(3);
    r.method = data::Method::Delete;
    r.trace_id = None;
    let text = String::from_utf8(json::encode_request(&json::Request::from(&r))).unwrap();
    assert!(text.contains(r#""method":"DELETE""#), "{text}");
    assert!(!text.contains("trace_id"), "{text}");
}

// ---- all peers agree ---------------------------------------------------------

#[test]
fn all_peers_agree_on_checksums() {
    for r in all_requests() {
        let expected = data::request_checksum(&r);
        let got = [
            prost_pb::read_all_request(&prost_pb::encode_request(&(&r).into())),
            rkyv_fmt::read_all_request(&rkyv_fmt::encode_request(&(&r).into())),
            bitcode_fmt::read_all_request(&bitcode_fmt::encode_request(&(&r).into())),
            json::read_all_request(&json::encode_request(&(&r).into())),
            zerowire_fmt::read_all_request(&zerowire_fmt::encode_request(&(&r).into())),
            zerowire_fmt::read_all_request_validated(&zerowire_fmt::encode_request(&(&r).into())),
        ];
        assert_eq!(got, [expected; 6]);
    }
    for b in all_batches() {
        let expected = data::log_batch_checksum(&b);
        let got = [
            prost_pb::read_all_log_batch(&prost_pb::encode_log_batch(&(&b).into())),
            rkyv_fmt::read_all_log_batch(&rkyv_fmt::encode_log_batch(&(&b).into())),
            bitcode_fmt::read_all_log_batch(&bitcode_fmt::encode_log_batch(&(&b).into())),
            json::read_all_log_batch(&json::encode_log_batch(&(&b).into())),
            zerowire_fmt::read_all_log_batch(&zerowire_fmt::encode_log_batch(&(&b).into())),
            zerowire_fmt::read_all_log_batch_validated(&zerowire_fmt::encode_log_batch(&(&b).into())),
        ];
        assert_eq!(got, [expected; 6]);
    }
}

// ---- zerowire ------------------------------------------------------------------

#[test]
fn zerowire_request_roundtrip_and_access() {
    let mut buf = Vec::new();
    for r in all_requests() {
        let m = zerowire_fmt::Request::from(&r);
        let bytes = zerowire_fmt::encode_request(&m);
        zerowire_fmt::encode_request_into(&m, &mut buf);
        assert_eq!(buf, bytes, "a reused buffer encodes the same bytes");
        assert_eq!(Request::from(zerowire_fmt::decode_request(&bytes)), r);
        assert_eq!(zerowire_fmt::access_request(&bytes), r.id);
        assert_eq!(zerowire_fmt::access_request_validated(&bytes), r.id);
        assert_eq!(zerowire_fmt::validate_request(&bytes).path(), r.path);
    }
}

#[test]
fn zerowire_log_batch_roundtrip_and_access() {
    let mut buf = Vec::new();
    for b in all_batches() {
        let m = zerowire_fmt::LogBatch::from(&b);
        let bytes = zerowire_fmt::encode_log_batch(&m);
        zerowire_fmt::encode_log_batch_into(&m, &mut buf);
        assert_eq!(buf, bytes);
        assert_eq!(LogBatch::from(zerowire_fmt::decode_log_batch(&bytes)), b);
        for i in [0, N_RECORDS / 2, N_RECORDS - 1] {
            assert_eq!(zerowire_fmt::access_log_batch(&bytes, i), b.records[i].latency_us);
            assert_eq!(zerowire_fmt::access_log_batch_validated(&bytes, i), b.records[i].latency_us);
        }
    }
}

#[test]
fn zerowire_validation_rejects_bad_input() {
    let b = data::log_batch(100, 9);
    let bytes = zerowire_fmt::encode_log_batch(&(&b).into());
    assert!(zerowire::validate::<zerowire_fmt::LogBatch>(&bytes[..bytes.len() - 1]).is_err());
    // Unaligned input is fine: the format has alignment 1.
    let mut shifted = vec![0u8; bytes.len() + 1];
    shifted[1..].copy_from_slice(&bytes);
    assert!(zerowire::validate::<zerowire_fmt::LogBatch>(&shifted[1..]).is_ok());
    // Invalid UTF-8 in the last record's host is found by the eager tier.
    let mut bad = bytes.clone();
    let host = b.records[99].host.as_bytes();
    let at = bad.windows(host.len()).rposition(|w| w == host).unwrap();
    bad[at] = 0xff;
    assert_eq!(
        zerowire::validate::<zerowire_fmt::LogBatch>(&bad).unwrap_err().kind(),
        zerowire::ErrorKind::InvalidUtf8
    );
}
