//! The UTF-8 check of string fields: one of the crate's two blocks the
//! compiler cannot check (the other reads a validated string, in `field`).
//!
//! Every string a view hands out and every string the eager tier accepts is
//! checked here. Strings on the wire are mostly short and ASCII (names,
//! ids, keys, log text), where `core::str::from_utf8` spends more on its
//! set-up than on the bytes: half of the eager tier's instructions on the
//! log and telemetry data sets went there (callgrind). The ASCII prefix of a
//! string is found sixteen bytes at a time, and only the rest, if any, goes
//! to a full UTF-8 check: simdutf8's (`simdutf8::basic::from_utf8`, the
//! SIMD validator `bytecheck`, and so rkyv, and simd-json use), which reads
//! text that is mostly non-ASCII (Cyrillic, CJK, emoji) about twice as fast
//! as `core::str::from_utf8` on the benchmark's non-ASCII log batch.
//!
//! Why the fast path pays, and how it is kept honest: `docs/BENCHMARKS.md`
//! ("The UTF-8 fast path") has the criterion figures before and after; the
//! fuzz target `utf8` (replayed in CI by `codec/tests/fuzz_replay.rs`)
//! checks [`to_str`] against `core::str::from_utf8` on arbitrary bytes, and
//! `view_bytes` reaches it through every string accessor.

/// `bytes` as a `&str`, or `None` if they are not UTF-8. Agrees with
/// `core::str::from_utf8(bytes).ok()` on every input.
#[inline]
pub fn to_str(bytes: &[u8]) -> Option<&str> {
    let k = ascii_prefix(bytes);
    // `k <= bytes.len()` (every return of `ascii_prefix` is `n`, 0 or a
    // block boundary `i <= n`), so this does not panic.
    let (ascii, rest) = bytes.split_at(k);
    debug_assert!(ascii.is_ascii(), "ascii_prefix's postcondition");
    if rest.is_empty() || is_utf8(rest) {
        // SAFETY: `split_at` cut `bytes` into `ascii` (= `bytes[..k]`)
        // followed by `rest`. Every byte of `ascii` is below 0x80 (the
        // postcondition of `ascii_prefix`, proved there), and a byte below
        // 0x80 is on its own a complete UTF-8 sequence (RFC 3629, section 3:
        // the one-byte form `0xxxxxxx`), so `ascii` is valid UTF-8 and ends
        // on a sequence boundary. `rest` is empty or was just accepted by
        // `is_utf8`, that is `simdutf8::basic::from_utf8`, which returns `Ok` exactly when its
        // input is valid UTF-8 (its documented contract, the same as
        // `core::str::from_utf8`'s; the fuzz target `utf8` checks this
        // function against `core` on arbitrary bytes). A concatenation of
        // two valid UTF-8 strings is valid UTF-8, which is the only
        // precondition of `from_utf8_unchecked`; the returned `&str` borrows
        // `bytes` with its lifetime.
        #[allow(unsafe_code)]
        let s = unsafe { core::str::from_utf8_unchecked(bytes) };
        Some(s)
    } else {
        None
    }
}

/// The full check of what follows the ASCII prefix. Kept out of line: the
/// SIMD check inlined into `to_str` made every caller's ASCII path longer
/// (the ASCII log batch's validation took 17 % more instructions).
#[inline(never)]
fn is_utf8(rest: &[u8]) -> bool {
    simdutf8::basic::from_utf8(rest).is_ok()
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes as a little-endian word. Every caller passes a chunk it
/// knows is there; a missing one (`None`) reads as all-high bytes, which can
/// only shorten the prefix `ascii_prefix` returns and send more bytes to
/// the full check: the proof below never depends on it.
#[inline(always)]
fn word(w: Option<&[u8; 8]>) -> u64 {
    debug_assert!(w.is_some(), "a chunk of eight bytes is always there");
    w.map_or(HIGH, |w| u64::from_le_bytes(*w))
}

/// As [`word`], for four bytes.
#[inline(always)]
fn half(w: Option<&[u8; 4]>) -> u64 {
    debug_assert!(w.is_some(), "a chunk of four bytes is always there");
    w.map_or(HIGH, |w| u64::from(u32::from_le_bytes(*w)))
}

/// A length `k <= bytes.len()` such that every byte of `bytes[..k]` is below
/// 0x80; `bytes.len()` for an all-ASCII input. (Not always the longest such
/// prefix: `to_str` only needs the bytes before `k` to be ASCII.)
///
/// Proof. A byte is at least 0x80 exactly when its top bit is set; in a
/// little-endian word that bit is one of the bits of `HIGH`, and no byte
/// below 0x80 sets any of them, so a word (or the OR of words) `& HIGH == 0`
/// iff each of its bytes is below 0x80. (A chunk [`word`] or [`half`] did
/// not get reads as `HIGH`: "not all ASCII", the safe answer.)
/// - `n < 8`: the OR of the first and last four bytes (together every byte
///   for `4 <= n < 8`), or of each byte (`n < 4`, lane 0); all-ASCII gives
///   `n`, else 0 (the empty prefix is trivially ASCII).
/// - `n >= 8`: the loop returns `i` at the first 16-byte block holding a
///   high byte (its first and last eight bytes are the whole block); every
///   block before it, `bytes[..i]`, was checked. After the loop, `bytes[..i]`
///   is checked and `n - i < 16`; the windows `[i, i + 8)` (when
///   `i + 8 <= n`) and `[n - 8, n)` cover `[i, n)` (if `i + 8 <= n`, then
///   `n - 8 < i + 8`; otherwise `n - 8 < i`), so both clean gives `n`, else
///   `i`.
#[inline]
fn ascii_prefix(bytes: &[u8]) -> usize {
    let n = bytes.len();
    if n < 8 {
        let acc = if n >= 4 {
            half(bytes.first_chunk()) | half(bytes.last_chunk())
        } else {
            bytes.iter().fold(0, |acc, &b| acc | u64::from(b))
        };
        return if acc & HIGH == 0 { n } else { 0 };
    }
    let mut i = 0;
    for block in bytes.chunks_exact(16) {
        if (word(block.first_chunk()) | word(block.last_chunk())) & HIGH != 0 {
            return i;
        }
        i += 16;
    }
    debug_assert!(i <= n && n - i < 16);
    let (_, tail) = bytes.split_at(i);
    let head = if tail.len() >= 8 { word(tail.first_chunk()) } else { 0 };
    if (head | word(bytes.last_chunk())) & HIGH == 0 { n } else { i }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agrees(b: &[u8]) {
        assert_eq!(to_str(b), core::str::from_utf8(b).ok(), "{b:?}");
    }

    #[test]
    fn agrees_with_core_on_every_one_and_two_byte_input() {
        agrees(&[]);
        for a in 0..=255u8 {
            agrees(&[a]);
            for b in 0..=255u8 {
                agrees(&[a, b]);
            }
        }
    }

    #[test]
    fn one_high_byte_at_every_position_of_every_length_is_seen() {
        for len in 1..80 {
            for at in 0..len {
                for high in [0x80u8, 0xC3, 0xE2, 0xFF] {
                    let mut b = vec![b'a'; len];
                    b[at] = high;
                    assert!(ascii_prefix(&b) <= at, "len {len}, high byte at {at}");
                    agrees(&b);
                }
            }
            assert_eq!(ascii_prefix(&vec![0x7F; len]), len);
        }
    }

    #[test]
    fn multibyte_and_invalid_sequences_go_to_core() {
        for s in ["é", "日本語", "emoji 🦀 crab", "mixed ascii then ü"] {
            assert_eq!(to_str(s.as_bytes()), Some(s));
        }
        for bad in [&b"\xC3"[..], b"\xED\xA0\x80", b"\xF4\x90\x80\x80", b"ok\xFF", b"\xC0\xAF"] {
            assert_eq!(to_str(bad), None, "{bad:?}");
        }
    }
}
