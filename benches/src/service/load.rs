//! The load generator: for each implementation × case × number of clients,
//! closed-loop clients (each makes its next call when the last one
//! answered) on a runtime of their own, for a fixed time; requests per
//! second, latency percentiles (hdrhistogram, nanoseconds, 3 significant
//! digits) and the server's CPU time per request ([`super::cpu`]); then the
//! markdown tables `docs/BENCHMARKS.md` takes ([`Report::markdown`]).
//!
//! Before anything is timed, every client's first answer is checked against
//! [`Inputs::expected`]: a wrong implementation fails the run, it is not
//! measured.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::{BoxError, Case, Client, Impl, Inputs, Server, cpu, timing};

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The implementations, in table order.
    pub impls: Vec<Impl>,
    /// The cases, in table order.
    pub cases: Vec<Case>,
    /// Numbers of concurrent clients (each on its own connection).
    pub concurrency: Vec<usize>,
    /// Time of each measured run.
    pub duration: Duration,
    /// Time of the untimed run before each measured one (same connections).
    pub warmup: Duration,
    /// Calls per client after which a run stops even before `duration`
    /// (a quick check that everything works).
    pub max_calls: Option<u64>,
    /// Worker threads of the server's runtime.
    pub server_threads: usize,
    /// Worker threads of the clients' runtime.
    pub client_threads: usize,
    /// Also measure the small call's serialization share (one client).
    pub share: bool,
}

impl Default for Config {
    /// The full benchmark: every implementation, case, 1 and 16 clients, 5 s
    /// per run after 1 s of warm-up, one server thread and one client thread
    /// (a 2-core machine: one each), and the serialization share.
    fn default() -> Self {
        Config {
            impls: Impl::ALL.to_vec(),
            cases: Case::ALL.to_vec(),
            concurrency: vec![1, 16],
            duration: Duration::from_secs(5),
            warmup: Duration::from_secs(1),
            max_calls: None,
            server_threads: 1,
            client_threads: 1,
            share: true,
        }
    }
}

/// One measured run.
#[derive(Debug, Clone)]
pub struct Row {
    /// The implementation.
    pub imp: Impl,
    /// The case.
    pub case: Case,
    /// Concurrent clients.
    pub clients: usize,
    /// Calls answered.
    pub calls: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Median latency, nanoseconds.
    pub p50_ns: u64,
    /// 99th percentile latency, nanoseconds.
    pub p99_ns: u64,
    /// Server CPU time over the run, nanoseconds (`None` without `/proc`).
    pub server_cpu_ns: Option<u64>,
}

impl Row {
    /// Calls per second.
    pub fn rps(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64()
    }

    /// Server CPU time per call, nanoseconds.
    pub fn cpu_per_call_ns(&self) -> Option<f64> {
        self.server_cpu_ns.map(|ns| ns as f64 / self.calls.max(1) as f64)
    }
}

/// The serialization share of one implementation on the small call.
#[derive(Debug, Clone)]
pub struct ShareRow {
    /// The implementation.
    pub imp: Impl,
    /// Calls answered.
    pub calls: u64,
    /// Server time in encode and decode ([`timing`]), nanoseconds.
    pub serialization_ns: u64,
    /// Server CPU time, nanoseconds.
    pub server_cpu_ns: Option<u64>,
}

/// Everything one run of the benchmark measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was run.
    pub config: Config,
    /// The messages' sizes ([`Inputs::wire_sizes`]).
    pub sizes: [(&'static str, [usize; 3]); 3],
    /// The measured runs, in run order.
    pub rows: Vec<Row>,
    /// The serialization shares (empty unless asked for).
    pub shares: Vec<ShareRow>,
}

/// Runs the benchmark; `progress` hears one line per run.
pub fn run(config: &Config, inputs: &Inputs, mut progress: impl FnMut(&str)) -> Result<Report, BoxError> {
    let clients_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.client_threads.max(1))
        .thread_name("e2e-client")
        .enable_all()
        .build()?;
    let mut rows = Vec::new();
    let mut shares = Vec::new();
    for &imp in &config.impls {
        let server = Server::start(imp, inputs, config.server_threads)?;
        for &case in &config.cases {
            for &n in &config.concurrency {
                let row = clients_rt.block_on(measure(imp, case, n, &server, inputs, config))?;
                progress(&format!(
                    "{:<15} {:<10} {:>3} clients: {:>9.0} req/s, p50 {:>8.1} µs, p99 {:>8.1} µs",
                    imp.name(),
                    case.name(),
                    n,
                    row.rps(),
                    row.p50_ns as f64 / 1e3,
                    row.p99_ns as f64 / 1e3
                ));
                rows.push(row);
            }
        }
        if config.share {
            timing::enable(true);
            let row = clients_rt.block_on(measure(imp, Case::Small, 1, &server, inputs, config));
            let (serialization_ns, _) = timing::read();
            timing::enable(false);
            let row = row?;
            progress(&format!(
                "{:<15} small serialization: {:.0} ns/call",
                imp.name(),
                serialization_ns as f64 / row.calls.max(1) as f64
            ));
            shares.push(ShareRow { imp, calls: row.calls, serialization_ns, server_cpu_ns: row.server_cpu_ns });
        }
        drop(server);
    }
    Ok(Report { config: config.clone(), sizes: inputs.wire_sizes(), rows, shares })
}

/// One run: `n` clients connect, check their first answer, warm up, then
/// call in a loop for the configured time.
async fn measure(
    imp: Impl,
    case: Case,
    n: usize,
    server: &Server,
    inputs: &Inputs,
    config: &Config,
) -> Result<Row, BoxError> {
    let mut clients = Vec::with_capacity(n);
    for k in 0..n {
        let mut client = Client::connect(imp, server.addr, inputs).await?;
        let answer = client.call(case, k).await?;
        if answer != inputs.expected(case, k) {
            return Err(format!("{} answered {} call {k} wrongly: {answer:?}", imp.name(), case.name()).into());
        }
        clients.push(client);
    }
    let (clients, _, _) = drive(clients, case, config.warmup, config.max_calls).await?;
    let cpu_before = cpu::server_cpu_ns();
    let start = Instant::now();
    let (_, hist, calls) = drive(clients, case, config.duration, config.max_calls).await?;
    let elapsed = start.elapsed();
    let cpu_after = cpu::server_cpu_ns();
    Ok(Row {
        imp,
        case,
        clients: n,
        calls,
        elapsed,
        p50_ns: hist.value_at_quantile(0.50),
        p99_ns: hist.value_at_quantile(0.99),
        server_cpu_ns: cpu_before.zip(cpu_after).map(|(b, a)| a.saturating_sub(b)),
    })
}

/// Every client calls in a loop (at least once) until `time` has passed or
/// it made `max_calls` calls; returns the clients, the merged latencies and
/// the calls made.
async fn drive(
    clients: Vec<Client>,
    case: Case,
    time: Duration,
    max_calls: Option<u64>,
) -> Result<(Vec<Client>, Histogram<u64>, u64), BoxError> {
    let until = Instant::now() + time;
    let max_calls = max_calls.unwrap_or(u64::MAX);
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(k, mut client)| {
            tokio::spawn(async move {
                let mut hist = Histogram::<u64>::new_with_bounds(1, 60_000_000_000, 3)?;
                let mut calls = 0u64;
                // Each client walks the requests from its own offset.
                let mut i = k * 7;
                // At least one call each, however late the task starts.
                loop {
                    let t = Instant::now();
                    client.call(case, i).await?;
                    hist.saturating_record(t.elapsed().as_nanos() as u64);
                    calls += 1;
                    i += 1;
                    if calls >= max_calls || Instant::now() >= until {
                        break;
                    }
                }
                Ok::<_, BoxError>((client, hist, calls))
            })
        })
        .collect();
    let mut clients = Vec::with_capacity(tasks.len());
    let mut merged = Histogram::<u64>::new_with_bounds(1, 60_000_000_000, 3)?;
    let mut total = 0;
    for task in tasks {
        let (client, hist, calls) = task.await??;
        merged.add(&hist)?;
        total += calls;
        clients.push(client);
    }
    Ok((clients, merged, total))
}

/// The `clients`-client run of `imp` on `case`, if there was one.
fn find(rows: &[Row], imp: Impl, case: Case, clients: usize) -> Option<&Row> {
    rows.iter().find(|r| r.imp == imp && r.case == case && r.clients == clients)
}

fn ratio(row: &Row, reference: Option<&Row>) -> String {
    match reference {
        Some(r) if r.calls > 0 => format!("{:.2}×", row.rps() / r.rps()),
        _ => "–".into(),
    }
}

impl Report {
    /// The results as markdown: one table per case and number of clients,
    /// the bars met or missed, and the serialization shares.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let c = &self.config;
        let _ = writeln!(
            out,
            "- Run: {} s per row after {} s of warm-up; server on {} thread(s), clients on {} thread(s), \
             one connection per client; loopback.\n",
            c.duration.as_secs_f64(),
            c.warmup.as_secs_f64(),
            c.server_threads,
            c.client_threads
        );
        let _ = writeln!(out, "| message | zerowire bytes | protobuf bytes | JSON bytes |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for (what, [z, p, j]) in &self.sizes {
            let _ = writeln!(out, "| {what} | {z} | {p} | {j} |");
        }
        out.push('\n');
        for &case in &c.cases {
            for &n in &c.concurrency {
                let _ = writeln!(out, "#### `{}`, {n} client{}\n", case.name(), if n == 1 { "" } else { "s" });
                let _ = writeln!(
                    out,
                    "| implementation | requests/s | p50 µs | p99 µs | server CPU µs/request | vs tonic+prost | vs axum+json |"
                );
                let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
                for &imp in &c.impls {
                    let Some(row) = find(&self.rows, imp, case, n) else { continue };
                    let cpu = row.cpu_per_call_ns().map_or("–".into(), |ns| format!("{:.1}", ns / 1e3));
                    let _ = writeln!(
                        out,
                        "| {} | {:.0} | {:.1} | {:.1} | {cpu} | {} | {} |",
                        imp.name(),
                        row.rps(),
                        row.p50_ns as f64 / 1e3,
                        row.p99_ns as f64 / 1e3,
                        ratio(row, find(&self.rows, Impl::TonicProst, case, n)),
                        ratio(row, find(&self.rows, Impl::AxumJson, case, n)),
                    );
                }
                out.push('\n');
            }
        }
        out.push_str(&self.bars());
        if !self.shares.is_empty() {
            let _ = writeln!(out, "#### Where the small call's server time goes (1 client)\n");
            let _ = writeln!(
                out,
                "| implementation | serialization µs/request | server CPU µs/request | serialization share |"
            );
            let _ = writeln!(out, "|---|---:|---:|---:|");
            for s in &self.shares {
                let calls = s.calls.max(1) as f64;
                let ser = s.serialization_ns as f64 / calls;
                let (cpu, share) = match s.server_cpu_ns {
                    Some(cpu) if cpu > 0 => (
                        format!("{:.1}", cpu as f64 / calls / 1e3),
                        format!("{:.0} %", 100.0 * s.serialization_ns as f64 / cpu as f64),
                    ),
                    _ => ("–".into(), "–".into()),
                };
                let _ = writeln!(out, "| {} | {:.2} | {cpu} | {share} |", s.imp.name(), ser / 1e3);
            }
            out.push('\n');
        }
        out
    }

    /// The bars, each met or missed, for every number of clients measured.
    pub fn bars(&self) -> String {
        let mut out = String::from("#### The bars\n\n");
        for &n in &self.config.concurrency {
            let get = |imp, case| find(&self.rows, imp, case, n);
            let mut bar = |text: String, met: Option<bool>| {
                let verdict = match met {
                    Some(true) => "met",
                    Some(false) => "**missed**",
                    None => "not measured",
                };
                let _ = writeln!(out, "- {n} client{}: {text}: {verdict}", if n == 1 { "" } else { "s" });
            };
            let (zw, pb) = (get(Impl::TonicZerowire, Case::Telemetry), get(Impl::TonicProst, Case::Telemetry));
            bar(
                format!(
                    "tonic+zerowire ≥ 2× the requests/s of tonic+prost on telemetry ({}), with a lower p99 ({})",
                    zw.zip(pb).map_or("–".into(), |(z, p)| format!("{:.2}×", z.rps() / p.rps())),
                    zw.zip(pb).map_or("–".into(), |(z, p)| format!(
                        "{:.0} vs {:.0} µs",
                        z.p99_ns as f64 / 1e3,
                        p.p99_ns as f64 / 1e3
                    )),
                ),
                zw.zip(pb).map(|(z, p)| z.rps() >= 2.0 * p.rps() && z.p99_ns < p.p99_ns),
            );
            let (zw, pb) = (get(Impl::TonicZerowire, Case::Small), get(Impl::TonicProst, Case::Small));
            bar(
                format!(
                    "tonic+zerowire at least as fast as tonic+prost on the small call ({})",
                    zw.zip(pb).map_or("–".into(), |(z, p)| format!("{:.2}×", z.rps() / p.rps()))
                ),
                zw.zip(pb).map(|(z, p)| z.rps() >= p.rps()),
            );
            let (zw, js) = (get(Impl::AxumZerowire, Case::Telemetry), get(Impl::AxumJson, Case::Telemetry));
            bar(
                format!(
                    "axum+zerowire ≥ 3× the requests/s of axum+json on telemetry ({})",
                    zw.zip(js).map_or("–".into(), |(z, j)| format!("{:.2}×", z.rps() / j.rps()))
                ),
                zw.zip(js).map(|(z, j)| z.rps() >= 3.0 * j.rps()),
            );
        }
        out.push('\n');
        out
    }

    /// A bar chart of requests per second: one block per case and number of
    /// clients, one bar per implementation (linear scale within a block, the
    /// figure printed at each bar).
    pub fn svg(&self) -> String {
        const W: f64 = 760.0;
        const LABEL: f64 = 130.0;
        const BAR: f64 = 13.0;
        const GAP: f64 = 3.0;
        const COLORS: [&str; 5] = ["#7f7f7f", "#d62728", "#1f77b4", "#ff7f0e", "#2ca02c"];
        let mut blocks = Vec::new();
        for &case in &self.config.cases {
            for &n in &self.config.concurrency {
                let rows: Vec<&Row> =
                    self.config.impls.iter().filter_map(|&imp| find(&self.rows, imp, case, n)).collect();
                if !rows.is_empty() {
                    blocks.push((case, n, rows));
                }
            }
        }
        let height = 40.0 + blocks.iter().map(|(_, _, r)| 22.0 + r.len() as f64 * (BAR + GAP) + 8.0).sum::<f64>();
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" font-family="sans-serif" font-size="11">"#
        );
        let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
        let _ = writeln!(
            s,
            r#"<text x="10" y="22" font-size="15" font-weight="bold">end to end: requests per second (longer is faster)</text>"#
        );
        let mut y = 40.0;
        for (case, n, rows) in blocks {
            let title = format!("{}, {n} client{}", case.name(), if n == 1 { "" } else { "s" });
            let _ = writeln!(s, r#"<text x="10" y="{}" font-size="13" font-weight="bold">{title}</text>"#, y + 14.0);
            y += 22.0;
            let max = rows.iter().map(|r| r.rps()).fold(0.0, f64::max).max(1e-9);
            for row in rows {
                let w = (row.rps() / max * (W - LABEL - 90.0)).max(2.0);
                let color = COLORS[Impl::ALL.iter().position(|&i| i == row.imp).unwrap_or(0)];
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
                    LABEL - 6.0,
                    y + 10.0,
                    row.imp.name()
                );
                let _ = writeln!(s, r#"<rect x="{LABEL}" y="{y}" width="{w:.1}" height="{BAR}" fill="{color}"/>"#);
                let _ = writeln!(s, r#"<text x="{:.1}" y="{}">{:.0}/s</text>"#, LABEL + w + 4.0, y + 10.0, row.rps());
                y += BAR + GAP;
            }
            y += 8.0;
        }
        s.push_str("</svg>\n");
        s
    }
}
