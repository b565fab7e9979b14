//! What machine a benchmark ran on, for the reports.

/// The CPU from `/proc/cpuinfo`: model, logical CPUs, clock, the SIMD
/// extensions the peers care about (`unknown` where it cannot be read).
pub fn cpu() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim().to_owned()))
        .unwrap_or_else(|| "unknown".into());
    let logical = info.lines().filter(|l| l.starts_with("processor")).count();
    let mhz = info
        .lines()
        .find_map(|l| l.strip_prefix("cpu MHz").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim().to_owned()));
    let flags = info.lines().find_map(|l| l.strip_prefix("flags").map(str::to_owned)).unwrap_or_default();
    let simd: Vec<&str> =
        ["sse4_2", "avx2", "avx512f"].into_iter().filter(|f| flags.split_whitespace().any(|x| x == *f)).collect();
    format!(
        "{model}, {logical} logical CPUs{}, SIMD: {}",
        mhz.map(|m| format!(", {m} MHz")).unwrap_or_default(),
        simd.join(" ")
    )
}
