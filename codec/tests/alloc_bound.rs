//! Decoding allocates at most a small constant times the input size, on
//! valid messages and on hostile ones (every input of the `view_bytes` fuzz
//! corpus, every truncation and bit flip of a sample, and a crafted list
//! that claims one element per byte). Counted with a counting global
//! allocator, so this file is its own test binary.
#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;

struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// A test-only allocator that forwards to `System` and counts bytes.
#[allow(unsafe_code)]
// SAFETY: every method forwards to `System` with the caller's arguments, so
// `System`'s guarantees (valid, aligned, unaliased blocks) are this
// allocator's; counting touches only an atomic.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (in `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout`; the caller
        // upholds `realloc`'s contract for `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The most bytes decoding may allocate per input byte. The largest element
/// of `Everything` a hostile list can claim for one wire byte is a `Tree`
/// (a list of messages with stride 1), about 60 bytes in memory.
const PER_BYTE: usize = 64;
const FIXED: usize = 4096;

fn allocated_by_decode(bytes: &[u8]) -> usize {
    let before = ALLOCATED.load(Ordering::Relaxed);
    let result = zerowire::decode::<Everything>(bytes);
    let after = ALLOCATED.load(Ordering::Relaxed);
    drop(result);
    after - before
}

fn check(bytes: &[u8]) {
    let used = allocated_by_decode(bytes);
    assert!(used <= PER_BYTE * bytes.len() + FIXED, "{used} bytes allocated for a {}-byte input", bytes.len());
}

// One test function: the counting allocator is global, and tests of one
// binary run on parallel threads, whose allocations it would also count.
#[test]
fn decoding_allocates_in_proportion_to_the_input() {
    valid_truncated_flipped_and_corpus_inputs();
    a_list_claiming_one_element_per_byte_allocates_for_what_it_claims_only();
}

fn valid_truncated_flipped_and_corpus_inputs() {
    let sample = zerowire::encode(&sample());
    check(&sample);
    for n in 0..sample.len() {
        check(&sample[..n]);
    }
    for i in 0..sample.len() * 8 {
        let mut b = sample.clone();
        b[i / 8] ^= 1 << (i % 8);
        check(&b);
    }
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/view_bytes");
    for entry in std::fs::read_dir(dir).unwrap() {
        check(&std::fs::read(entry.unwrap().path()).unwrap());
    }
}

fn a_list_claiming_one_element_per_byte_allocates_for_what_it_claims_only() {
    // Tree { children: [N trees] } with the children's stride forced to 1:
    // each claimed element costs one input byte and one in-memory Tree.
    let n = 10_000usize;
    let one = zerowire::encode(&Tree { children: vec![Tree::default()], ..Default::default() });
    // Locate the list body: the children reference is the slot at data
    // offset 4 (value @0 is 4 bytes), at absolute position 10.
    let at = 10 + u32::from_le_bytes(one[10..14].try_into().unwrap()) as usize;
    let mut hostile = one[..at].to_vec();
    hostile.extend_from_slice(&[0x90, 0x4e]); // varint 10,000
    hostile.extend_from_slice(&1u16.to_le_bytes()); // stride 1
    hostile.extend(std::iter::repeat_n(0u8, n)); // 10,000 one-byte elements
    let size = hostile.len() as u32;
    hostile[..4].copy_from_slice(&size.to_le_bytes());
    let decoded = zerowire::decode::<Tree>(&hostile).unwrap();
    assert_eq!(decoded.children.len(), n);
    let used = {
        let before = ALLOCATED.load(Ordering::Relaxed);
        let t = zerowire::decode::<Tree>(&hostile).unwrap();
        let after = ALLOCATED.load(Ordering::Relaxed);
        drop(t);
        after - before
    };
    let per_element = std::mem::size_of::<Tree>();
    assert!(used <= n * per_element + FIXED, "{used} bytes for {n} elements of {per_element}");
    assert!(used <= PER_BYTE * hostile.len(), "{used} bytes for a {}-byte input", hostile.len());
}
