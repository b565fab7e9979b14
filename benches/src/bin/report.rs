//! Prints the timing tables of `docs/BENCHMARKS.md` from criterion's output
//! (`target/criterion/<group>/<function>/new/estimates.json`, medians), so
//! the figures in the document come from one run and can be regenerated:
//!
//! ```sh
//! cargo bench -p zerowire-benches --bench peers -- --warm-up-time 1 --measurement-time 3 --sample-size 30
//! cargo run -p zerowire-benches --bin report [target/criterion]
//! ```
//!
//! For each data set: one row per operation, one column per peer, then the
//! goals of the benchmark suite with zerowire's ratio to each peer. Missing
//! measurements print as `—`.

use std::path::{Path, PathBuf};

const PEERS: [&str; 7] = ["zerowire", "zerowire_validated", "prost", "rkyv", "rkyv_unchecked", "bitcode", "serde_json"];
const OPS: [&str; 5] = ["encode", "decode", "access", "read_all", "validate"];

/// Median time in nanoseconds of `<root>/<set>_<op>/<peer>`, if measured.
fn median(root: &Path, set: &str, op: &str, peer: &str) -> Option<f64> {
    let path = root.join(format!("{set}_{op}")).join(peer).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn time(ns: Option<f64>) -> String {
    match ns {
        None => "—".into(),
        Some(ns) if ns < 10.0 => format!("{ns:.2} ns"),
        Some(ns) if ns < 1e3 => format!("{ns:.0} ns"),
        Some(ns) if ns < 1e6 => format!("{:.1} µs", ns / 1e3),
        Some(ns) => format!("{:.2} ms", ns / 1e6),
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}×", a / b),
        _ => "—".into(),
    }
}

fn met(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

/// One goal of the suite: its text, zerowire's figure, the peer figure it is
/// compared with (if any), and whether it is met.
type Goal = (&'static str, Option<f64>, Option<f64>, Option<bool>);

fn main() {
    let root: PathBuf = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| "target/criterion".into());
    for set in ["request", "log_batch"] {
        let t = |op: &str, peer: &str| median(&root, set, op, peer);
        println!("\n### `{set}`\n");
        println!("| op | {} |", PEERS.join(" | "));
        println!("|---|{}", "---:|".repeat(PEERS.len()));
        for op in OPS {
            let cells: Vec<String> = PEERS.iter().map(|p| time(t(op, p))).collect();
            println!("| {op} | {} |", cells.join(" | "));
        }

        let zw = |op: &str| t(op, "zerowire");
        let fastest_encode =
            ["bitcode", "rkyv", "prost"].iter().filter_map(|p| t("encode", p)).min_by(|a, b| a.total_cmp(b));
        let rows: [Goal; 6] = [
            (
                "encode ≤ fastest of bitcode, rkyv, prost",
                zw("encode"),
                fastest_encode,
                zw("encode").zip(fastest_encode).map(|(a, b)| a <= b),
            ),
            ("access (open + one field) single-digit ns", zw("access"), None, zw("access").map(|a| a < 10.0)),
            (
                "read-all, lazy view ≤ 2× rkyv unchecked",
                zw("read_all"),
                t("read_all", "rkyv_unchecked"),
                zw("read_all").zip(t("read_all", "rkyv_unchecked")).map(|(a, b)| a <= 2.0 * b),
            ),
            (
                "eager validation ≤ rkyv `access` (bytecheck)",
                zw("validate"),
                t("validate", "rkyv"),
                zw("validate").zip(t("validate", "rkyv")).map(|(a, b)| a <= b),
            ),
            (
                "decode ≤ bitcode",
                zw("decode"),
                t("decode", "bitcode"),
                zw("decode").zip(t("decode", "bitcode")).map(|(a, b)| a <= b),
            ),
            (
                "decode ≤ 0.5× prost",
                zw("decode"),
                t("decode", "prost"),
                zw("decode").zip(t("decode", "prost")).map(|(a, b)| a <= 0.5 * b),
            ),
        ];
        println!("\n| goal | measured | ratio | met |");
        println!("|---|---|---:|:---:|");
        for (goal, ours, theirs, ok) in rows {
            let measured = match theirs {
                Some(_) => format!("{} vs {}", time(ours), time(theirs)),
                None => time(ours),
            };
            let r = if theirs.is_some() { ratio(ours, theirs) } else { "—".into() };
            println!("| {goal} | {measured} | {r} | {} |", met(ok));
        }
    }
}
