//! The end-to-end service benchmark (`zerowire_benches::service`): the same
//! service over tonic + prost, tonic + zerowire, axum + serde_json, axum +
//! zerowire and zerowire frames on TCP, on loopback, driven by a closed-loop
//! load generator. Prints progress on stderr and the markdown tables for
//! `docs/BENCHMARKS.md` on stdout.
//!
//! ```sh
//! cargo run --release -p zerowire-benches --bin e2e > e2e.md
//! cargo run --release -p zerowire-benches --bin e2e -- --calls 20 --duration 0.2 --warmup 0   # does it work?
//! ```
//!
//! Options, each with its default:
//!
//! - `--duration S`: seconds per measured run (5);
//! - `--warmup S`: seconds of untimed calls before each run (1);
//! - `--clients 1,16`: numbers of concurrent clients (1 and 16);
//! - `--impls a,b`: implementations, by name: `tonic+prost`,
//!   `tonic+zerowire`, `axum+json`, `axum+zerowire`, `frame` (all);
//! - `--cases small,telemetry,watch` (all);
//! - `--calls N`: stop each client after N calls (no limit);
//! - `--server-threads N`, `--client-threads N`: worker threads of the
//!   server's and the clients' runtimes (1 each);
//! - `--no-share`: skip the serialization-share runs;
//! - `--svg FILE`: also write the requests/s chart there (e.g.
//!   `docs/bench/e2e.svg`).

use std::process::ExitCode;
use std::time::Duration;

use zerowire_benches::service::load::{self, Config};
use zerowire_benches::service::{Case, Impl, Inputs};

fn parse(args: &[String]) -> Result<(Config, Option<String>), String> {
    let mut config = Config::default();
    let mut svg = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let secs = |v: &str| {
            v.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64)
                .ok_or(format!("{flag}: not a number of seconds: {v}"))
        };
        let count =
            |v: &str| v.parse::<usize>().ok().filter(|&n| n > 0).ok_or(format!("{flag}: not a positive number: {v}"));
        match flag.as_str() {
            "--duration" => config.duration = secs(value()?)?,
            "--warmup" => config.warmup = secs(value()?)?,
            "--calls" => config.max_calls = Some(count(value()?)? as u64),
            "--server-threads" => config.server_threads = count(value()?)?,
            "--client-threads" => config.client_threads = count(value()?)?,
            "--clients" => config.concurrency = value()?.split(',').map(count).collect::<Result<_, _>>()?,
            "--impls" => {
                config.impls = value()?
                    .split(',')
                    .map(|n| Impl::from_name(n).ok_or(format!("no implementation named {n}")))
                    .collect::<Result<_, _>>()?
            }
            "--cases" => {
                config.cases = value()?
                    .split(',')
                    .map(|n| Case::ALL.into_iter().find(|c| c.name() == n).ok_or(format!("no case named {n}")))
                    .collect::<Result<_, _>>()?
            }
            "--no-share" => config.share = false,
            "--svg" => svg = Some(value()?.clone()),
            // `cargo bench` passes this to every target.
            "--bench" => {}
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok((config, svg))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (config, svg) = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("e2e: {e}");
            return ExitCode::from(2);
        }
    };
    let inputs = Inputs::bench();
    match load::run(&config, &inputs, |line| eprintln!("{line}")) {
        Ok(report) => {
            println!("- CPU (`/proc/cpuinfo`): {}", zerowire_benches::machine::cpu());
            let options =
                if args.is_empty() { "none (the defaults)".to_owned() } else { format!("`{}`", args.join(" ")) };
            println!("- Options: {options}");
            print!("{}", report.markdown());
            if let Some(path) = svg {
                if let Err(e) = std::fs::write(&path, report.svg()) {
                    eprintln!("e2e: {path}: {e}");
                    return ExitCode::FAILURE;
                }
                eprintln!("wrote {path}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("e2e: {e}");
            ExitCode::FAILURE
        }
    }
}
