//! Prints the encoded size of every data set for every enabled peer, raw and
//! after zstd level 3, as a Markdown table.
//!
//! `cargo run --release -p zerowire-benches --bin sizes`

use zerowire_benches::sizes::{self, SETS};

fn main() {
    let all = sizes::measure();
    let mut peers: Vec<&str> = Vec::new();
    for s in &all {
        if !peers.contains(&s.peer) {
            peers.push(s.peer);
        }
    }
    println!("bytes (after zstd -{}):\n", sizes::ZSTD_LEVEL);
    println!("| data set | {} |", peers.join(" | "));
    println!("|---|{}", "---:|".repeat(peers.len()));
    for set in SETS {
        let cells: Vec<String> = peers
            .iter()
            .map(|p| match all.iter().find(|s| s.set == set && s.peer == *p) {
                Some(s) => format!("{} ({})", s.bytes, s.zstd),
                None => "—".into(),
            })
            .collect();
        println!("| {set} | {} |", cells.join(" | "));
    }
}
