//! Replays the fuzz targets' checked-in corpora (`fuzz/corpus/<target>/`)
//! and seeded random inputs through the same bodies libFuzzer runs
//! (`zerowire_test_support::bodies`), on stable, in CI.
#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::{bodies, common};

#[cfg(feature = "serde")]
use zerowire_test_support::json_bodies;

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
    let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    assert!(!inputs.is_empty(), "{} has no inputs", dir.display());
    inputs.sort();
    inputs
}

/// Deterministic pseudo-random inputs, lengths 0..1024.
fn seeded(n: usize, seed: u64) -> impl Iterator<Item = Vec<u8>> {
    let mut rng = common::Rng(seed | 1);
    (0..n).map(move |_| {
        let len = rng.below(1024);
        (0..len).map(|_| rng.next() as u8).collect()
    })
}

fn replay(target: &str, body: fn(&[u8])) {
    let inputs = corpus(target);
    for input in &inputs {
        body(input);
    }
    for input in seeded(2_000, 0x5EED ^ target.len() as u64) {
        body(&input);
    }
}

#[test]
fn view_bytes() {
    replay("view_bytes", bodies::view_bytes);
}

#[test]
fn valid_view() {
    replay("valid_view", bodies::valid_view);
    // Random bytes rarely validate: the encodings of arbitrary values do.
    use arbitrary::{Arbitrary, Unstructured};
    let mut checked = 0;
    for input in seeded(500, 0x7A11D) {
        if let Ok(value) = common::Everything::arbitrary(&mut Unstructured::new(&input)) {
            bodies::valid_view(&zerowire::encode(&value));
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} arbitrary values");
    if std::env::var_os("ZEROWIRE_WRITE_VALID_VIEW_SEEDS").is_some() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/valid_view");
        for (i, input) in seeded(40, 0x5EED5).enumerate() {
            if let Ok(value) = common::Everything::arbitrary(&mut Unstructured::new(&input)) {
                std::fs::write(dir.join(format!("seed-{i:02}")), zerowire::encode(&value)).unwrap();
            }
        }
        std::fs::write(dir.join("sample"), zerowire::encode(&common::sample())).unwrap();
    }
}

#[test]
fn utf8() {
    replay("utf8", bodies::utf8);
}

#[test]
fn roundtrip() {
    replay("roundtrip", bodies::roundtrip);
}

#[test]
fn evolution() {
    replay("evolution", bodies::evolution);
}

#[test]
fn frames() {
    replay("frames", bodies::frames);
}

#[cfg(feature = "serde")]
#[test]
fn json() {
    replay("json", json_bodies::json);
}
