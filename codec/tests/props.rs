//! Property tests: random values of every supported type round-trip, and
//! random or mutated bytes never panic; whatever eager validation accepts
//! reads and decodes without error. The properties themselves are the fuzz
//! targets' bodies (`zerowire_test_support::bodies`); proptest drives them here with
//! shrinking, libFuzzer drives them under `cargo fuzz`.

#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::common;

// Only some of the bodies are driven from here; fuzz_replay.rs runs them all.
use zerowire_test_support::bodies;

use arbitrary::{Arbitrary, Unstructured};
use common::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn encode_view_decode_round_trips(seed in proptest::collection::vec(any::<u8>(), 0..2048)) {
        bodies::roundtrip(&seed);
    }

    #[test]
    fn arbitrary_values_hit_the_default_depth_limit_only_by_depth(
        seed in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        // Arbitrary trees may nest deeper than the default limit: that must
        // be the only reason the default limits reject a valid encoding.
        let Ok(v) = Everything::arbitrary(&mut Unstructured::new(&seed)) else { return Ok(()) };
        if let Err(e) = zerowire::validate::<Everything>(&zerowire::encode(&v)) {
            prop_assert_eq!(e.kind(), zerowire::ErrorKind::DepthLimit);
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        bodies::view_bytes(&bytes);
    }

    #[test]
    fn mutated_messages_never_panic(
        seed in proptest::collection::vec(any::<u8>(), 0..1024),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let Ok(v) = Everything::arbitrary(&mut Unstructured::new(&seed)) else { return Ok(()) };
        let mut bytes = zerowire::encode(&v);
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        bodies::view_bytes(&bytes);
    }

    #[test]
    fn versions_interoperate(seed in proptest::collection::vec(any::<u8>(), 0..1024)) {
        bodies::evolution(&seed);
    }
}
