//! Property tests: random values of every supported type round-trip, and
//! random bytes never panic; whatever eager validation accepts reads and
//! decodes without error.

#![allow(missing_docs, unreachable_pub)]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use common::*;
use proptest::prelude::*;

const DEEP: zerowire::Limits = zerowire::Limits { max_depth: 100_000, max_size: usize::MAX };

fn everything(seed: &[u8]) -> Option<Everything> {
    Everything::arbitrary(&mut Unstructured::new(seed)).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn encode_view_decode_round_trips(seed in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let Some(v) = everything(&seed) else { return Ok(()) };
        let bytes = zerowire::encode(&v);
        prop_assert_eq!(bytes.len(), zerowire::encoded_len(&v));
        // Arbitrary trees may nest deeper than the default limit: that must
        // be the only reason the default limits reject a valid encoding.
        if let Err(e) = zerowire::validate::<Everything>(&bytes) {
            prop_assert_eq!(e.kind(), zerowire::ErrorKind::DepthLimit);
        }
        let view = zerowire::validate_with::<Everything>(&bytes, &DEEP).unwrap();
        read_all(&view, 64).unwrap();
        prop_assert_eq!(view.text().unwrap(), v.text.as_str());
        prop_assert_eq!(view.u64_(), v.u64_);
        prop_assert_eq!(view.ints().unwrap().to_vec(), v.ints.clone());
        let back: Everything = zerowire::decode_with(&bytes, &DEEP).unwrap();
        // NaN != NaN: compare values only when the original is reflexive,
        // and always compare the canonical bytes.
        #[allow(clippy::eq_op)]
        if v == v {
            prop_assert_eq!(&back, &v);
        }
        prop_assert_eq!(zerowire::encode(&back), bytes);
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_arbitrary_bytes(&bytes);
    }

    #[test]
    fn mutated_messages_never_panic(
        seed in proptest::collection::vec(any::<u8>(), 0..1024),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let Some(v) = everything(&seed) else { return Ok(()) };
        let mut bytes = zerowire::encode(&v);
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        check_arbitrary_bytes(&bytes);
    }
}

/// Both tiers on arbitrary bytes: errors are fine, panics are not, and what
/// the eager tier accepts can be read and decoded in full.
fn check_arbitrary_bytes(bytes: &[u8]) {
    if let Ok(view) = zerowire::view::<Everything>(bytes) {
        // Lazy tier: errors allowed; bounded depth because the lazy tier
        // does not rule out aliasing.
        let _ = read_all(&view, 4);
    }
    match zerowire::validate::<Everything>(bytes) {
        Ok(view) => {
            read_all(&view, 64).expect("accessors cannot fail after validation");
            let owned: Everything = zerowire::decode(bytes).expect("validated bytes decode");
            let _ = zerowire::encode(&owned);
        }
        Err(_) => assert!(zerowire::decode::<Everything>(bytes).is_err()),
    }
}
