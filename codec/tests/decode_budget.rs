//! Decoding is bounded by its input: every list shape (messages, slots,
//! unions, scalars, maps, nested lists, boxes) given as a stride-0 or
//! minimal-element input of 1 KiB, 1 MiB and 8 MiB either decodes within
//! `Limits::memory_budget` or fails with `MemoryLimit` before it reserves,
//! measured as the peak of live heap bytes with a counting allocator (so
//! this file is its own test binary). The JSON writer of a view is held to
//! the same budget, and honest data that needs more decodes once the budget
//! is raised.
#![allow(missing_docs, unreachable_pub)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use zerowire::{ErrorKind, Limits, Message};

struct Peak;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// A test-only allocator that forwards to `System` and tracks the live bytes
// and their peak.
#[allow(unsafe_code)]
// SAFETY: every method forwards to `System` with the caller's arguments, so
// `System`'s guarantees (valid, aligned, unaliased blocks) are this
// allocator's; the bookkeeping touches only atomics.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same layout contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout` (in `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with `layout`; the caller
        // upholds `realloc`'s contract for `new_size`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

/// Runs `f` and returns its result and the peak of heap bytes it added.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - base)
}

/// 4 KiB in memory, nothing on the wire when default.
#[derive(zerowire::Message, Debug, PartialEq, Clone)]
pub struct Big {
    pub data: [u64; 512],
}
impl Default for Big {
    fn default() -> Self {
        Big { data: [0; 512] }
    }
}

/// As large as its largest arm: what a list of default unions costs.
#[allow(clippy::large_enum_variant)]
#[derive(zerowire::Union, Debug, Clone, PartialEq)]
pub enum Fat {
    Small(u32),
    Large(Big),
}

#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Messages {
    pub items: Vec<Big>,
}
#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Boxes {
    pub items: Vec<Box<Big>>,
}
#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Slots {
    pub items: Vec<Option<Big>>,
}
#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Unions {
    pub items: Vec<Fat>,
}
#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Scalars {
    pub items: Vec<u64>,
}
#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Maps {
    pub items: BTreeMap<u32, Big>,
}
#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Nested {
    pub items: Vec<Vec<Big>>,
}
#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Strings {
    pub items: Vec<String>,
}

/// How a list body lays out its elements.
#[derive(Clone, Copy, Debug)]
enum Body {
    /// `varint count · U16 stride · count × stride`: lists of messages and
    /// maps; the stride is forced to 0 (each element still costs a byte).
    Strided,
    /// `varint count · count × width`, all zero: slot and scalar lists.
    Fixed(usize),
}

fn varint(mut n: u32, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A root whose one field (`@0`, a reference) points at a list body of
/// `count` minimal elements, right after the data section.
fn craft(body: Body, count: u32) -> Vec<u8> {
    let mut b = vec![0, 0, 0, 0, 4, 0, 4, 0, 0, 0];
    varint(count, &mut b);
    match body {
        Body::Strided => {
            b.extend_from_slice(&[0, 0]);
            b.resize(b.len() + count as usize, 0);
        }
        Body::Fixed(width) => b.resize(b.len() + count as usize * width, 0),
    }
    let size = b.len() as u32;
    b[..4].copy_from_slice(&size.to_le_bytes());
    b
}

/// `count` so that the input is about `target` bytes.
fn count_for(body: Body, target: usize) -> u32 {
    let per = match body {
        Body::Strided => 1,
        Body::Fixed(w) => w,
    };
    ((target - 16) / per) as u32
}

// One test function: the allocator is global, and tests of one binary run
// on parallel threads, whose allocations it would also count.
#[test]
fn decoding_is_bounded_by_the_input() {
    every_list_shape_decodes_within_the_memory_budget();
    the_budget_is_checked_before_reserving();
    honest_data_that_needs_more_decodes_under_a_raised_budget();
    #[cfg(feature = "serde")]
    the_json_of_a_view_is_bounded_by_the_input();
}

const SIZES: [usize; 3] = [1 << 10, 1 << 20, 8 << 20];

/// Decodes every size of one shape: an error (`MemoryLimit`, or another
/// verdict about the bytes) or a value, never more memory than the budget.
fn bounded<M: Message + std::fmt::Debug>(body: Body) -> Vec<Result<(), ErrorKind>> {
    let limits = Limits::default();
    SIZES
        .iter()
        .map(|&target| {
            let input = craft(body, count_for(body, target));
            let budget = limits.memory_budget(input.len());
            let (result, peak) = peak_of(|| zerowire::decode::<M>(&input).map(|m| drop(m)));
            // The error value itself is a small box: allow a few words.
            assert!(
                peak <= budget + 256,
                "{}: {peak} bytes at peak for a {}-byte input (budget {budget})",
                M::NAME,
                input.len()
            );
            result.map_err(|e| e.kind())
        })
        .collect()
}

fn every_list_shape_decodes_within_the_memory_budget() {
    use ErrorKind::{MapKeyOrder, MemoryLimit};
    let over = Err(MemoryLimit);
    // 4 KiB elements for one wire byte (lists of messages, boxes) or for a
    // 4- or 6-byte slot: refused at every size, before reserving.
    assert_eq!(bounded::<Messages>(Body::Strided), [over; 3]);
    assert_eq!(bounded::<Boxes>(Body::Strided), [over; 3]);
    // 252 absent `Option<Big>`s or 168 default unions (1 KiB of input)
    // fit the 1 MiB floor.
    assert_eq!(bounded::<Slots>(Body::Fixed(4)), [Ok(()), over, over]);
    assert_eq!(bounded::<Unions>(Body::Fixed(6)), [Ok(()), over, over]);
    assert_eq!(bounded::<Maps>(Body::Strided), [over; 3]);
    // A 24-byte `Vec` or `String` per 4-byte slot is 6x: within budget.
    assert_eq!(bounded::<Nested>(Body::Fixed(4)), [Ok(()); 3]);
    assert_eq!(bounded::<Strings>(Body::Fixed(4)), [Ok(()); 3]);
    assert_eq!(bounded::<Scalars>(Body::Fixed(8)), [Ok(()); 3]);
    // A map of 50 entries that all read as key 0 fits the floor, and is
    // refused for its repeated keys.
    let small_map = craft(Body::Strided, 50);
    assert_eq!(zerowire::decode::<Maps>(&small_map).unwrap_err().kind(), MapKeyOrder);
}

fn the_budget_is_checked_before_reserving() {
    // A 1 MiB input claiming a million 4 KiB elements would reserve 4 GiB
    // at once; the refusal allocates nothing but the error.
    let input = craft(Body::Strided, count_for(Body::Strided, 1 << 20));
    let (err, peak) = peak_of(|| zerowire::decode::<Messages>(&input).unwrap_err());
    assert_eq!(err.kind(), ErrorKind::MemoryLimit);
    assert!(peak < 1024, "{peak} bytes allocated before refusing");
    assert!(err.to_string().contains("memory budget"), "{err}");
    // Also for a value decoded from a view, and from `Owned`.
    let view = zerowire::validate::<Messages>(&input).unwrap();
    assert_eq!(
        zerowire::decode_view::<Messages>(zerowire::mode::lazy::<Messages>(view)).unwrap_err().kind(),
        ErrorKind::MemoryLimit
    );
    let owned = zerowire::Owned::<Messages>::new(input.clone().into()).unwrap();
    assert_eq!(owned.decode().unwrap_err().kind(), ErrorKind::MemoryLimit);
}

fn honest_data_that_needs_more_decodes_under_a_raised_budget() {
    // Honest `Big`s carry their 4 KiB on the wire: within the default.
    let honest = Messages { items: vec![Big::default(); 300] };
    assert_eq!(zerowire::decode::<Messages>(&zerowire::encode(&honest)).unwrap(), honest);
    // 100,000 default unions are 6 bytes each on the wire and 4 KiB each in
    // memory (the enum is as large as its largest arm): honest, and ~680x.
    let unions = Unions { items: vec![Fat::Small(0); 100_000] };
    let bytes = zerowire::encode(&unions);
    assert_eq!(zerowire::decode::<Unions>(&bytes).unwrap_err().kind(), ErrorKind::MemoryLimit);
    let roomy = Limits { memory_per_input_byte: 1024, ..Limits::default() };
    assert_eq!(zerowire::decode_with::<Unions>(&bytes, &roomy).unwrap(), unions);
    // Exactly at the budget decodes; one byte less refuses.
    let need = 100_000 * std::mem::size_of::<Fat>();
    let exact = Limits { memory_floor: need, memory_per_input_byte: 0, ..Limits::default() };
    assert_eq!(zerowire::decode_with::<Unions>(&bytes, &exact).unwrap(), unions);
    let short = Limits { memory_floor: need - 1, ..exact };
    assert_eq!(zerowire::decode_with::<Unions>(&bytes, &short).unwrap_err().kind(), ErrorKind::MemoryLimit);
}

#[cfg(feature = "serde")]
fn the_json_of_a_view_is_bounded_by_the_input() {
    use zerowire::json::{self, ErrorKind as JsonKind};
    // 64 KiB of stride-0 elements, each `{"data":[0,0,...]}` in JSON.
    let input = craft(Body::Strided, count_for(Body::Strided, 64 << 10));
    let limits = Limits::default();
    let (err, peak) = peak_of(|| json::binary_to_json::<Messages>(&input).unwrap_err());
    assert_eq!(err.kind(), JsonKind::MemoryLimit, "{err}");
    assert!(peak <= limits.memory_budget(input.len()) + 4096, "{peak} bytes at peak");
    // Within the budget the same shape is written in full.
    let few = craft(Body::Strided, 10);
    let text = json::binary_to_json::<Messages>(&few).unwrap();
    assert_eq!(json::from_slice::<Messages>(&text).unwrap(), Messages { items: vec![Big::default(); 10] });
}
