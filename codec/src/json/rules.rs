//! The scalar text rules of the JSON mapping (docs/FORMAT.md, section 16.2,
//! 16.5 and 16.7), in one place: the derive's impls and the schema crate's
//! run-time codec both call these, so that the two read every number, key
//! and tag the same way. Not part of the public API.

/// Reads an integer given as a string (a value, or a map key): the JSON
/// grammar of an integer, `-?(0|[1-9][0-9]*)`, nothing around it. `None`
/// for anything else, and for values outside `i128` (out of range for
/// every field type anyway).
pub fn int_from_str(s: &str) -> Option<i128> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let b = digits.as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    // Digits only, so `parse` fails only on overflow.
    s.parse::<i128>().ok()
}

/// Reads an integer that a JSON parser reported as a float: only negative
/// zero, which is how serde_json reports the token `-0` (and, as it cannot
/// tell them apart, `-0.0` and `-0e0`). Every other float is refused, so a
/// fraction or an exponent never rounds silently into an integer.
pub fn int_from_f64(v: f64) -> Option<i128> {
    (v == 0.0 && v.is_sign_negative()).then_some(0)
}

/// Reads a float given as a string: `"NaN"`, `"Infinity"`, `"-Infinity"`,
/// or the text of a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
/// nothing around it) whose value is finite as an `f64`: `"1e400"` is out
/// of range, as the number `1e400` is.
pub fn float_from_str(s: &str) -> Option<f64> {
    match s {
        "NaN" => return Some(f64::NAN),
        "Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    if !is_json_number(s.as_bytes()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Whether `b` is exactly one JSON number.
fn is_json_number(b: &[u8]) -> bool {
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let start = i;
    match digits(&mut i) {
        0 => return false,
        n if n > 1 && b[start] == b'0' => return false,
        _ => {}
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Narrows a float read for an `f32` field: rounded to nearest; `None` for
/// a finite value that would round to infinity. `f32::MAX` printed in the
/// shortest form that reads back (`3.4028235e38`) is above `f32::MAX` as a
/// double and still rounds to it, so it is accepted.
pub fn f32_from_f64(v: f64) -> Option<f32> {
    let x = v as f32;
    (!x.is_infinite() || v.is_infinite()).then_some(x)
}

/// Reads a union key given as a tag number (section 16.7): an integer string
/// as [`int_from_str`] reads it, in `0..=65535`.
pub fn tag_from_key(k: &str) -> Option<u16> {
    int_from_str(k).and_then(|n| u16::try_from(n).ok())
}

/// Whether `json` may hold the number `-0` (a `-` followed by `0` and then
/// not by a digit): simd-json reads it as the integer 0 and loses the sign
/// a float field keeps, so the fast path hands such input to serde_json. A
/// `-0` inside a string only costs the slower reader.
#[cfg(feature = "simd-json")]
pub(crate) fn may_hold_negative_zero(json: &[u8]) -> bool {
    memchr::memmem::find_iter(json, b"-0").any(|i| !json.get(i + 2).is_some_and(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_strings_are_json_integers() {
        for (s, v) in [("0", Some(0)), ("-0", Some(0)), ("12", Some(12)), ("-12", Some(-12))] {
            assert_eq!(int_from_str(s), v, "{s:?}");
        }
        for s in ["", "-", "+1", " 1", "1 ", "\t1", "1\n", "01", "-01", "1.0", "1e3", "0x1", "１"] {
            assert_eq!(int_from_str(s), None, "{s:?}");
        }
        assert_eq!(int_from_str("170141183460469231731687303715884105728"), None);
    }

    #[test]
    fn float_strings_are_json_numbers_or_the_three_names() {
        assert_eq!(float_from_str("1.5"), Some(1.5));
        assert_eq!(float_from_str("-0").map(f64::to_bits), Some((-0.0f64).to_bits()));
        assert_eq!(float_from_str("1E-2"), Some(0.01));
        assert!(float_from_str("NaN").is_some_and(f64::is_nan));
        assert_eq!(float_from_str("-Infinity"), Some(f64::NEG_INFINITY));
        for s in ["inf", "nan", "infinity", "+Infinity", " 1.5", "1.5 ", "+1", ".5", "5.", "1e", "1e400", "-1e400", ""]
        {
            assert_eq!(float_from_str(s), None, "{s:?}");
        }
    }

    #[test]
    fn only_negative_zero_floats_are_integers() {
        assert_eq!(int_from_f64(-0.0), Some(0));
        assert_eq!(int_from_f64(0.0), None);
        assert_eq!(int_from_f64(1.0), None);
    }

    #[test]
    fn f32_range_accepts_its_printed_maximum() {
        assert_eq!(f32_from_f64(3.4028235e38), Some(f32::MAX));
        assert_eq!(f32_from_f64(-3.4028235e38), Some(f32::MIN));
        assert_eq!(f32_from_f64(3.5e38), None);
        assert_eq!(f32_from_f64(f64::INFINITY), Some(f32::INFINITY));
        assert_eq!(f32_from_f64(-0.0).map(f32::to_bits), Some((-0.0f32).to_bits()));
    }

    #[test]
    fn tags_are_integer_strings_in_u16() {
        assert_eq!(tag_from_key("7"), Some(7));
        assert_eq!(tag_from_key("65535"), Some(65535));
        for s in ["+1", "01", "65536", "-1", " 1"] {
            assert_eq!(tag_from_key(s), None, "{s:?}");
        }
    }
}
