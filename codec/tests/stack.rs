//! Stack: every operation at the deepest nesting the default limits accept
//! (64) runs on a thread with a small stack, for every nesting construct
//! (message field through an optional box, list of messages, map value,
//! union arm); one level deeper is `DepthLimit`, never an overflow.
//!
//! `cargo test -p zerowire --test stack -- --ignored --nocapture` measures
//! the stack each operation needs at the limit, by running it in a child
//! process at decreasing stack sizes (an overflow aborts only the child).
#![allow(missing_docs, unreachable_pub)]

use std::collections::BTreeMap;

use zerowire::{ErrorKind, Limits};

#[derive(zerowire::Message, Debug, Default, PartialEq, Clone)]
pub struct Node {
    pub name: String,
    pub next: Option<Box<Node>>,
    pub kids: Vec<Node>,
    pub map: BTreeMap<u32, Node>,
    pub arm: Arm,
    pub tags: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub a: String,
    pub b: String,
    pub c: String,
    pub d: Option<String>,
    pub id: u64,
    pub blob: Vec<u8>,
}

#[derive(zerowire::Union, Debug, PartialEq, Clone)]
pub enum Arm {
    Leaf(u32),
    Node(Box<Node>),
}

impl Default for Arm {
    fn default() -> Self {
        Arm::Leaf(0)
    }
}

/// The nesting constructs, and how many levels of depth one step of each
/// adds (FORMAT.md 11.3: a nested message adds one, a list or map adds one
/// and its message elements or values one more only when they are messages
/// referenced from an element).
#[derive(Clone, Copy, Debug)]
pub enum Construct {
    /// `next: Option<Box<Node>>`: one level per step.
    Next,
    /// `kids: Vec<Node>`: the list adds one, its elements none.
    Kids,
    /// `map: BTreeMap<u32, Node>`: the map adds one, the value message one.
    Map,
    /// `arm: Arm::Node(Box<Node>)`: the arm's message adds one.
    Arm,
}

pub const CONSTRUCTS: [Construct; 4] = [Construct::Next, Construct::Kids, Construct::Map, Construct::Arm];

impl Construct {
    pub fn per_step(self) -> u32 {
        match self {
            Construct::Map => 2,
            _ => 1,
        }
    }
}

/// A chain of `steps` steps of `c` below a root, each level named.
pub fn chain(c: Construct, steps: u32) -> Node {
    let mut n = Node { name: "leaf".into(), ..Node::default() };
    for i in 0..steps {
        let inner = n;
        n = Node { name: format!("level {i}"), ..Node::default() };
        match c {
            Construct::Next => n.next = Some(Box::new(inner)),
            Construct::Kids => n.kids = vec![inner],
            Construct::Map => n.map = [(i, inner)].into(),
            Construct::Arm => n.arm = Arm::Node(Box::new(inner)),
        }
    }
    n
}

/// The deepest chain of `c` within `max_depth` (the root is depth 1).
pub fn deepest(c: Construct, max_depth: u32) -> Node {
    chain(c, (max_depth - 1) / c.per_step())
}

/// Runs `f` on a thread with `stack` bytes of stack.
fn on_stack<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(stack).spawn(f).unwrap().join().unwrap()
}

/// The stack a service thread needs for every operation below at the
/// default limits, as documented in docs/SECURITY.md.
const DOCUMENTED_STACK: usize = 256 << 10;

/// The binary operations, by name, on the deepest valid message.
fn run(op: &str, c: Construct) {
    // `ZW_STACK_DEPTH` measures deeper values than the limit (for `encode`
    // and `drop`, which have no depth limit).
    let max = std::env::var("ZW_STACK_DEPTH").map_or(Limits::DEFAULT_MAX_DEPTH, |d| d.parse().unwrap());
    let value = deepest(c, max);
    let bytes = zerowire::encode(&value);
    match op {
        "encode" => assert_eq!(zerowire::encode(&value), bytes),
        "validate" => {
            zerowire::validate::<Node>(&bytes).unwrap();
        }
        // Compared through its bytes: a derived `PartialEq` recurses too.
        "decode" => assert_eq!(zerowire::encode(&zerowire::decode::<Node>(&bytes).unwrap()), bytes),
        "drop" => drop(value),
        #[cfg(feature = "serde")]
        "binary_to_json" => {
            zerowire::json::binary_to_json::<Node>(&bytes).unwrap();
        }
        #[cfg(feature = "serde")]
        "json::from_slice" => {
            let text = zerowire::json::to_vec(&value).unwrap();
            let back: Node = zerowire::json::from_slice(&text).unwrap();
            assert_eq!(zerowire::encode(&back), bytes);
        }
        #[cfg(feature = "serde")]
        "json::reference" => {
            let text = zerowire::json::to_vec(&value).unwrap();
            let back: Node = zerowire::json::reference::from_slice(&text).unwrap();
            assert_eq!(zerowire::encode(&back), bytes);
        }
        #[cfg(feature = "serde")]
        "json_to_binary" => {
            let text = zerowire::json::to_vec(&value).unwrap();
            assert_eq!(zerowire::json::json_to_binary::<Node>(&text).unwrap(), bytes);
        }
        _ => panic!("unknown operation {op}"),
    }
}

#[cfg(not(feature = "serde"))]
const OPS: &[&str] = &["encode", "validate", "decode", "drop"];
#[cfg(feature = "serde")]
const OPS: &[&str] = &[
    "encode",
    "validate",
    "decode",
    "drop",
    "binary_to_json",
    "json::from_slice",
    "json::reference",
    "json_to_binary",
];

#[test]
fn every_operation_at_the_depth_limit_fits_the_documented_stack() {
    for c in CONSTRUCTS {
        for &op in OPS {
            on_stack(DOCUMENTED_STACK, move || run(op, c));
        }
    }
}

#[test]
fn one_level_past_the_limit_is_refused_for_every_construct() {
    for c in CONSTRUCTS {
        let max = Limits::DEFAULT_MAX_DEPTH;
        let at = deepest(c, max);
        let past = chain(c, (max - 1) / c.per_step() + 1);
        let (at, past) = (zerowire::encode(&at), zerowire::encode(&past));
        on_stack(DOCUMENTED_STACK, move || {
            assert!(zerowire::validate::<Node>(&at).is_ok(), "{c:?}");
            assert_eq!(zerowire::validate::<Node>(&past).unwrap_err().kind(), ErrorKind::DepthLimit, "{c:?}");
            assert_eq!(zerowire::decode::<Node>(&past).unwrap_err().kind(), ErrorKind::DepthLimit, "{c:?}");
        });
    }
}

/// Child-process side of the measurement.
#[test]
#[ignore = "run by `stack_needed_per_operation` in a child process"]
fn stack_probe() {
    let Ok(op) = std::env::var("ZW_STACK_OP") else { return };
    let c = CONSTRUCTS[std::env::var("ZW_STACK_CONSTRUCT").unwrap().parse::<usize>().unwrap()];
    let stack = std::env::var("ZW_STACK_SIZE").unwrap().parse().unwrap();
    on_stack(stack, move || run(&op, c));
}

/// Bisects the smallest stack (in 4 KiB steps) on which `op` succeeds.
fn needed(op: &str, c: usize) -> usize {
    let exe = std::env::current_exe().unwrap();
    let ok = |size: usize| {
        std::process::Command::new(&exe)
            .args(["--ignored", "--exact", "stack_probe", "--test-threads=1"])
            .env("ZW_STACK_OP", op)
            .env("ZW_STACK_CONSTRUCT", c.to_string())
            .env("ZW_STACK_SIZE", size.to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap()
            .success()
    };
    let (mut lo, mut hi) = (4usize, 4096usize); // KiB: lo fails, hi succeeds
    assert!(ok(hi << 10), "{op} does not fit in {hi} KiB");
    while hi - lo > 4 {
        let mid = (lo + hi) / 2;
        if ok(mid << 10) { hi = mid } else { lo = mid }
    }
    hi << 10
}

#[test]
#[ignore = "a measurement: prints the stack each operation needs at the depth limit"]
fn stack_needed_per_operation() {
    for (i, c) in CONSTRUCTS.iter().enumerate() {
        for &op in OPS {
            println!("{op:>10} {c:?}: {} KiB", needed(op, i) >> 10);
        }
    }
}
