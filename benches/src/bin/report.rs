//! Writes the generated part of `docs/BENCHMARKS.md` (between
//! `<!-- report:begin -->` and `<!-- report:end -->`; the prose around it is
//! kept) and one SVG bar chart per data set in `docs/bench/`, from
//! criterion's output (`<criterion>/<set>_<op>/<peer>/new/estimates.json`,
//! medians) and the encoded sizes (computed here, `zerowire_benches::sizes`).
//!
//! ```sh
//! cargo bench -p zerowire-benches --bench peers -- --warm-up-time 1 --measurement-time 3 --sample-size 20
//! cargo run --release -p zerowire-benches --bin report -- [--criterion DIR] [--doc FILE] [--svg-dir DIR] [--command TEXT] [--note TEXT]
//! ```
//!
//! Defaults: `$CARGO_TARGET_DIR/criterion` (else `target/criterion`),
//! `docs/BENCHMARKS.md`, `docs/bench`; run it from the workspace root.
//! `--command` records the benchmark command line, `--note` a line about the
//! run (machine load). Missing measurements print as `—`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use zerowire_benches::sizes::{self, SETS, Size};

const PEERS: [&str; 13] = [
    "zerowire",
    "zerowire_validated",
    "zerowire_vec_u8",
    "prost",
    "rkyv",
    "rkyv_unchecked",
    "bitcode",
    "serde_json",
    "simd_json",
    "sonic_rs",
    "capnp",
    "flatbuffers",
    "flatbuffers_unchecked",
];
const OPS: [&str; 5] = ["encode", "decode", "access", "read_all", "validate"];
const BEGIN: &str = "<!-- report:begin -->";
const END: &str = "<!-- report:end -->";
const DEFAULT_COMMAND: &str =
    "cargo bench -p zerowire-benches --bench peers -- --warm-up-time 1 --measurement-time 3 --sample-size 20";

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
        Some(ns) if ns < 9.995 => format!("{ns:.2} ns"),
        Some(ns) if ns < 999.5 => format!("{ns:.0} ns"),
        Some(ns) if ns < 999_950.0 => format!("{:.1} µs", ns / 1e3),
        Some(ns) => format!("{:.2} ms", ns / 1e6),
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 && a / b < 0.01 => format!("1/{}×", thousands((b / a).round() as usize)),
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "—".into(),
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn met(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "met",
        Some(false) => "**missed**",
        None => "—",
    }
}

/// One goal of the suite on one data set.
struct Goal {
    text: &'static str,
    measured: String,
    ratio: String,
    ok: Option<bool>,
}

fn goals(t: &dyn Fn(&str, &str) -> Option<f64>, size: &dyn Fn(&str) -> Option<usize>) -> Vec<Goal> {
    let zw = |op: &str| t(op, "zerowire");
    let vs = |text, ours: Option<f64>, theirs: Option<f64>, factor: f64| Goal {
        text,
        measured: format!("{} vs {}", time(ours), time(theirs)),
        ratio: ratio(ours, theirs),
        ok: ours.zip(theirs).map(|(a, b)| a <= factor * b),
    };
    let fastest = ["bitcode", "rkyv", "prost"]
        .iter()
        .filter_map(|p| t("encode", p).map(|v| (v, *p)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let (zs, ps) = (size("zerowire"), size("prost"));
    vec![
        Goal {
            text: "encode ≤ fastest of bitcode, rkyv, prost",
            measured: format!(
                "{} vs {} ({})",
                time(zw("encode")),
                time(fastest.map(|f| f.0)),
                fastest.map_or("—", |f| f.1)
            ),
            ratio: ratio(zw("encode"), fastest.map(|f| f.0)),
            ok: zw("encode").zip(fastest).map(|(a, b)| a <= b.0),
        },
        Goal {
            text: "size ≤ prost",
            measured: format!("{} vs {} B", zs.map_or("—".into(), thousands), ps.map_or("—".into(), thousands)),
            ratio: ratio(zs.map(|v| v as f64), ps.map(|v| v as f64)),
            ok: zs.zip(ps).map(|(a, b)| a <= b),
        },
        Goal {
            text: "access (open + one field) ≤ 20 ns",
            measured: time(zw("access")),
            ratio: "—".into(),
            ok: zw("access").map(|a| a <= 20.0),
        },
        vs("read-all, lazy view ≤ 2× rkyv unchecked", zw("read_all"), t("read_all", "rkyv_unchecked"), 2.0),
        vs("eager validation ≤ rkyv validated access", zw("validate"), t("validate", "rkyv"), 1.0),
        vs("decode ≤ bitcode", zw("decode"), t("decode", "bitcode"), 1.0),
        vs("decode ≤ 0.5× prost", zw("decode"), t("decode", "prost"), 0.5),
    ]
}

/// One colour per entry of [`PEERS`] (a peer's second way to read in a lighter shade).
const COLORS: [&str; PEERS.len()] = [
    "#d62728", "#ff9896", "#ffbb78", "#1f77b4", "#2ca02c", "#98df8a", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#17becf", "#bcbd22", "#dbdb8d",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A horizontal bar chart: one block per op, one bar per peer, log scale per
/// op (times span nanoseconds to milliseconds), the time printed at each bar.
fn svg(set: &str, t: &dyn Fn(&str, &str) -> Option<f64>) -> String {
    const W: f64 = 760.0;
    const LABEL: f64 = 150.0;
    const BAR: f64 = 13.0;
    const GAP: f64 = 3.0;
    let mut rows = Vec::new();
    for op in OPS {
        let vals: Vec<(usize, f64)> = PEERS.iter().enumerate().filter_map(|(i, p)| t(op, p).map(|v| (i, v))).collect();
        if !vals.is_empty() {
            rows.push((op, vals));
        }
    }
    let height = 40.0 + rows.iter().map(|(_, v)| 22.0 + v.len() as f64 * (BAR + GAP) + 8.0).sum::<f64>();
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="10" y="22" font-size="15" font-weight="bold">{}: median time per operation (log scale per op; shorter is faster)</text>"#,
        esc(set)
    );
    let mut y = 40.0;
    for (op, vals) in rows {
        let _ = writeln!(s, r#"<text x="10" y="{}" font-size="13" font-weight="bold">{op}</text>"#, y + 14.0);
        y += 22.0;
        let lo = vals.iter().map(|v| v.1).fold(f64::INFINITY, f64::min).log10() - 0.3;
        let hi = vals.iter().map(|v| v.1).fold(0.0, f64::max).log10();
        let span = (hi - lo).max(1e-9);
        for (i, v) in vals {
            let w = ((v.log10() - lo) / span * (W - LABEL - 90.0)).max(2.0);
            let _ = writeln!(s, r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#, LABEL - 6.0, y + 10.0, PEERS[i]);
            let _ = writeln!(s, r#"<rect x="{LABEL}" y="{y}" width="{w:.1}" height="{BAR}" fill="{}"/>"#, COLORS[i]);
            let _ = writeln!(s, r#"<text x="{:.1}" y="{}">{}</text>"#, LABEL + w + 4.0, y + 10.0, esc(&time(Some(v))));
            y += BAR + GAP;
        }
        y += 8.0;
    }
    s.push_str("</svg>\n");
    s
}

fn main() {
    let mut args = std::env::args().skip(1);
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let mut root = PathBuf::from(target).join("criterion");
    let mut doc = PathBuf::from("docs/BENCHMARKS.md");
    let mut svg_dir = PathBuf::from("docs/bench");
    let mut command = DEFAULT_COMMAND.to_owned();
    let mut note = String::new();
    const USAGE: &str = "usage: report [--criterion DIR] [--doc FILE] [--svg-dir DIR] [--command TEXT] [--note TEXT]";
    let usage_error = |msg: String| -> ! {
        eprintln!("report: {msg}\n{USAGE}");
        std::process::exit(2)
    };
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage_error(format!("{a} needs a value")));
        match a.as_str() {
            "--criterion" => root = val().into(),
            "--doc" => doc = val().into(),
            "--svg-dir" => svg_dir = val().into(),
            "--command" => command = val(),
            "--note" => note = val(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => usage_error(format!("unknown argument {other}")),
        }
    }

    let all_sizes = sizes::measure();
    let size_of = |set: &str, peer: &str| all_sizes.iter().find(|s: &&Size| s.set == set && s.peer == peer).copied();
    let mut peers_sized: Vec<&str> = Vec::new();
    for s in &all_sizes {
        if !peers_sized.contains(&s.peer) {
            peers_sized.push(s.peer);
        }
    }

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{BEGIN}");
    let _ = writeln!(
        w,
        "<!-- generated by `cargo run --release -p zerowire-benches --bin report`; edits here are overwritten -->\n"
    );
    let _ = writeln!(w, "- CPU (`/proc/cpuinfo`): {}", zerowire_benches::machine::cpu());
    let _ = writeln!(w, "- Command: `{command}`");
    if !note.is_empty() {
        let _ = writeln!(w, "- Run: {note}");
    }
    let _ = writeln!(w, "\n### Sizes\n");
    let _ = writeln!(
        w,
        "Encoded bytes, and in parentheses after zstd level {} (`zstd::bulk::compress`):\n",
        sizes::ZSTD_LEVEL
    );
    let _ = writeln!(w, "| data set | {} |", peers_sized.join(" | "));
    let _ = writeln!(w, "|---|{}", "---:|".repeat(peers_sized.len()));
    for set in SETS {
        let cells: Vec<String> = peers_sized
            .iter()
            .map(|p| {
                size_of(set, p).map_or("—".into(), |s| format!("{} ({})", thousands(s.bytes), thousands(s.zstd)))
            })
            .collect();
        let _ = writeln!(w, "| {set} | {} |", cells.join(" | "));
    }

    let mut summary: Vec<(&str, Vec<Goal>)> = Vec::new();
    std::fs::create_dir_all(&svg_dir).expect("create the SVG directory");
    for set in SETS {
        let t = |op: &str, peer: &str| median(&root, set, op, peer);
        let peers: Vec<&str> = PEERS.iter().copied().filter(|p| OPS.iter().any(|op| t(op, p).is_some())).collect();
        if peers.is_empty() {
            continue;
        }
        let _ = writeln!(w, "\n### `{set}`\n");
        let _ = writeln!(w, "Median time per operation:\n");
        let _ = writeln!(w, "| op | {} |", peers.join(" | "));
        let _ = writeln!(w, "|---|{}", "---:|".repeat(peers.len()));
        for op in OPS {
            let cells: Vec<String> = peers.iter().map(|p| time(t(op, p))).collect();
            let _ = writeln!(w, "| {op} | {} |", cells.join(" | "));
        }
        let others: Vec<&str> = peers.iter().copied().filter(|p| *p != "zerowire").collect();
        let _ = writeln!(
            w,
            "\nzerowire's time divided by each peer's (below 1× zerowire is faster; 1/N× means N times faster):\n"
        );
        let _ = writeln!(w, "| op | {} |", others.join(" | "));
        let _ = writeln!(w, "|---|{}", "---:|".repeat(others.len()));
        for op in OPS {
            let cells: Vec<String> = others.iter().map(|p| ratio(t(op, "zerowire"), t(op, p))).collect();
            let _ = writeln!(w, "| {op} | {} |", cells.join(" | "));
        }
        let g = goals(&t, &|peer| size_of(set, peer).map(|s| s.bytes));
        let _ = writeln!(w, "\n| goal | measured | ratio | goal |");
        let _ = writeln!(w, "|---|---|---:|:---:|");
        for goal in &g {
            let _ = writeln!(w, "| {} | {} | {} | {} |", goal.text, goal.measured, goal.ratio, met(goal.ok));
        }
        let file = svg_dir.join(format!("{set}.svg"));
        std::fs::write(&file, svg(set, &t)).expect("write the SVG");
        let _ = writeln!(w, "\n![{set}: median times](bench/{set}.svg)");
        summary.push((set, g));
    }

    if let Some((_, first)) = summary.first() {
        let _ = writeln!(w, "\n### Goals on every data set\n");
        let sets: Vec<&str> = summary.iter().map(|s| s.0).collect();
        let _ = writeln!(w, "| goal | {} |", sets.join(" | "));
        let _ = writeln!(w, "|---|{}", ":---:|".repeat(sets.len()));
        for (i, goal) in first.iter().enumerate() {
            let cells: Vec<&str> = summary.iter().map(|(_, g)| met(g[i].ok)).collect();
            let _ = writeln!(w, "| {} | {} |", goal.text, cells.join(" | "));
        }
    }
    json_section(w, &root);
    let _ = write!(w, "\n{END}");

    let text = std::fs::read_to_string(&doc).unwrap_or_default();
    let new = match (text.find(BEGIN), text.find(END)) {
        (Some(b), Some(e)) if b < e => format!("{}{}{}", &text[..b], out, &text[e + END.len()..]),
        _ => format!("{text}\n## Results\n\n{out}\n"),
    };
    std::fs::write(&doc, new).expect("write the document");
    eprintln!("wrote {} and {}/*.svg from {}", doc.display(), svg_dir.display(), root.display());
}

/// The JSON fallback against the JSON crates (`--bench json`, groups
/// `json/<set>/<op>`), if it was measured: a table per direction with the
/// goal: at least as fast as the fastest of them.
fn json_section(w: &mut String, root: &Path) {
    const PEERS: [&str; 3] = ["serde_json", "simd_json", "sonic_rs"];
    let t = |set: &str, op: &str, f: &str| median(root, &format!("json_{set}"), op, f);
    if !SETS.iter().any(|set| t(set, "encode", "zerowire_owned").is_some()) {
        return;
    }
    let _ = writeln!(w, "\n### JSON fallback\n");
    let _ = writeln!(
        w,
        "`cargo bench -p zerowire-benches --bench json` (same run): `zerowire::json` against the JSON crates on \
         their own serde mirrors of the same data. Ratio: zerowire's time over the fastest peer's.\n"
    );
    for (op, ours) in [("encode", ["zerowire_owned", "zerowire_view"]), ("decode", ["zerowire", "zerowire_serde_json"])]
    {
        let _ = writeln!(w, "| {op} | {} | {} | fastest peer | ratio | goal |", ours.join(" | "), PEERS.join(" | "));
        let _ = writeln!(w, "|---|{}---|---:|:---:|", "---:|".repeat(ours.len() + PEERS.len()));
        for set in SETS {
            let mine = t(set, op, ours[0]);
            let best = PEERS.iter().filter_map(|p| t(set, op, p).map(|v| (v, *p))).min_by(|a, b| a.0.total_cmp(&b.0));
            let cells: Vec<String> = ours.iter().chain(PEERS.iter()).map(|p| time(t(set, op, p))).collect();
            let ok = mine.zip(best).map(|(m, (b, _))| m <= b);
            let _ = writeln!(
                w,
                "| {set} | {} | {} | {} | {} |",
                cells.join(" | "),
                best.map_or("—", |b| b.1),
                ratio(mine, best.map(|b| b.0)),
                met(ok)
            );
        }
        let _ = writeln!(w);
    }
}
