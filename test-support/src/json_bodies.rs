//! The `json` fuzz target's body (feature `serde` of zerowire): arbitrary
//! bytes through every JSON reader, and arbitrary values through the JSON
//! round trip. Run by libFuzzer (`fuzz/fuzz_targets/json.rs`) and replayed
//! on stable by `codec/tests/fuzz_replay.rs`.

use arbitrary::Unstructured;
use zerowire::json::{self, Options};

use crate::derived::{All, Color, Payload, sample};

/// Every reader compiled in.
fn read(data: &[u8]) -> Vec<(&'static str, Result<All, json::Error>)> {
    let opts = Options::default();
    #[allow(unused_mut)]
    let mut out = vec![
        ("serde_json", json::reference::from_slice_with::<All>(data, &opts)),
        ("from_slice", json::from_slice_with::<All>(data, &opts)),
    ];
    #[cfg(feature = "simd-json")]
    out.push(("from_slice_mut", json::from_slice_mut_with::<All>(&mut data.to_vec(), &opts)));
    out
}

/// A value survives binary -> JSON (from the view) -> owned -> binary with
/// the same bytes, and the owned value's JSON is the view's.
fn transcodes(value: &All) {
    let bytes = zerowire::encode(value);
    let text = json::binary_to_json::<All>(&bytes).expect("own encoding writes as JSON");
    let owned = json::to_vec(value).expect("owned value writes");
    assert_eq!(String::from_utf8_lossy(&owned), String::from_utf8_lossy(&text), "owned and view JSON differ");
    let back: All = json::reference::from_slice(&text).expect("own JSON reads");
    assert_eq!(zerowire::encode(&back), bytes, "binary -> JSON -> binary changed the bytes");
    let fast: All = json::from_slice(&text).expect("own JSON reads (fast path)");
    assert_eq!(zerowire::encode(&fast), bytes, "the fast reader disagrees");
}

/// First byte even: the rest is JSON text for every reader (errors are
/// fine; what is accepted transcodes, and readers that accept agree).
/// 1 mod 4: the rest is a binary message; whatever `validate` accepts goes
/// binary -> JSON -> binary to the canonical bytes of its decoded value.
/// 3 mod 4: the rest drives changes to a value that uses every type.
pub fn json(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 2 == 0 {
        // Every reader gives the same outcome: all refuse, or all accept
        // and build the same value.
        let mut agreed: Option<Option<Vec<u8>>> = None;
        for (name, r) in read(rest) {
            let got = r.ok().map(|value| {
                transcodes(&value);
                zerowire::encode(&value)
            });
            if let Some(prev) = &agreed {
                assert_eq!(prev, &got, "{name} disagrees with the first reader on {:?}", String::from_utf8_lossy(rest));
            }
            agreed = Some(got);
        }
        // JSON -> binary on both paths: the same bytes, or both refuse.
        let opts = Options::default();
        let fast = json::json_to_binary_with::<All>(rest, &opts).ok();
        assert_eq!(fast, agreed.flatten(), "json_to_binary disagrees with the readers");
    } else if mode % 4 == 1 {
        binary_round_trip(rest);
    } else {
        let mut u = Unstructured::new(rest);
        let mut m = sample();
        let _ = mutate(&mut u, &mut m);
        transcodes(&m);
    }
}

/// Anything the eager tier accepts has a JSON form that reads back: the
/// JSON of the view, read by every reader, encodes to what decoding the
/// bytes and encoding the value gives (unknown fields and gaps dropped).
fn binary_round_trip(bytes: &[u8]) {
    if zerowire::validate::<All>(bytes).is_err() {
        return;
    }
    let Ok(value) = zerowire::decode::<All>(bytes) else { return }; // the memory budget
    let canonical = zerowire::encode(&value);
    let Ok(text) = json::binary_to_json::<All>(bytes) else { return }; // the memory budget
    for (name, r) in read(&text) {
        let back = r.unwrap_or_else(|e| panic!("{name} refuses the JSON of a valid message: {e}"));
        // JSON has one NaN (FORMAT.md 16.10): compare the text, which
        // carries every other bit, and the bytes when no NaN is involved.
        let again = json::to_vec(&back).expect("a read value writes");
        assert_eq!(String::from_utf8_lossy(&again), String::from_utf8_lossy(&text), "{name}: the JSON changed");
        if !String::from_utf8_lossy(&text).contains("NaN") {
            assert_eq!(zerowire::encode(&back), canonical, "{name}: binary -> JSON -> binary changed the value");
        }
    }
}

fn mutate(u: &mut Unstructured<'_>, m: &mut All) -> arbitrary::Result<()> {
    m.u64_ = u.arbitrary()?;
    m.i64_ = u.arbitrary()?;
    m.i8_ = u.arbitrary()?;
    m.u16_ = u.arbitrary()?;
    // JSON has one NaN (FORMAT.md 16.10): payload bits do not survive.
    m.f32_ = Some(u.arbitrary::<f32>()?).filter(|f| !f.is_nan()).unwrap_or(f32::NAN);
    m.f64_ = Some(u.arbitrary::<f64>()?).filter(|f| !f.is_nan()).unwrap_or(f64::NAN);
    m.ch = u.arbitrary()?;
    m.text = u.arbitrary()?;
    m.blob = u.arbitrary()?;
    m.ints = u.arbitrary()?;
    m.strings = u.arbitrary()?;
    m.opt_u64 = u.arbitrary()?;
    m.opt_text = u.arbitrary()?;
    m.bmap = u.arbitrary()?;
    m.colors =
        u.arbitrary::<Vec<u16>>()?.into_iter().map(|n| zerowire::Scalar::from_wire(n.into())).collect::<Vec<Color>>();
    m.payloads.push(match u.int_in_range(0..=3)? {
        0 => Payload::Text(u.arbitrary()?),
        1 => Payload::Count(u.arbitrary()?),
        2 => Payload::Unknown(u.int_in_range(9..=u16::MAX)?),
        _ => Payload::Nothing,
    });
    Ok(())
}
