//! CPU time of the server's threads, read from `/proc` (Linux).
//!
//! Each server runs on a tokio runtime of its own whose threads are all
//! named [`SERVER_THREAD`](super::SERVER_THREAD). [`server_cpu_ns`] sums,
//! over the threads of this process with that name, the time they spent on
//! a CPU: the first field of `/proc/self/task/<tid>/schedstat`
//! (nanoseconds), or where that file is missing or reads zero, `utime +
//! stime` of `/proc/self/task/<tid>/stat` (clock ticks, taken as the
//! Linux ABI's 100 per second: 10 ms resolution, so runs must last
//! seconds). The load generator reads it before and after a run and divides
//! the difference by the calls made. A thread that exits during the run
//! loses its share; tokio's worker threads live as long as the runtime.

use std::fs;

/// Clock ticks per second of `/proc/<pid>/stat` (`USER_HZ`, fixed at 100 on Linux).
const TICKS_PER_SEC: u64 = 100;

/// Total CPU time, in nanoseconds, of this process's threads named `name`;
/// `None` where `/proc` cannot be read (not Linux).
pub fn threads_cpu_ns(name: &str) -> Option<u64> {
    let mut total = 0u64;
    for entry in fs::read_dir("/proc/self/task").ok()? {
        let dir = entry.ok()?.path();
        let Ok(comm) = fs::read_to_string(dir.join("comm")) else { continue };
        if comm.trim_end() != name {
            continue;
        }
        let sched = fs::read_to_string(dir.join("schedstat")).ok().and_then(|s| parse_schedstat(&s)).filter(|&n| n > 0);
        let ns = match sched {
            Some(ns) => ns,
            None => match fs::read_to_string(dir.join("stat")).ok().and_then(|s| parse_stat_ticks(&s)) {
                Some(ticks) => ticks * (1_000_000_000 / TICKS_PER_SEC),
                None => continue, // the thread exited between the listing and the read
            },
        };
        total += ns;
    }
    Some(total)
}

/// CPU time of the server threads ([`super::SERVER_THREAD`]), in nanoseconds.
pub fn server_cpu_ns() -> Option<u64> {
    threads_cpu_ns(super::SERVER_THREAD)
}

/// The first field of a `schedstat` line: nanoseconds on a CPU.
fn parse_schedstat(s: &str) -> Option<u64> {
    s.split_whitespace().next()?.parse().ok()
}

/// `utime + stime` (fields 14 and 15) of a `stat` line, in clock ticks. The
/// command name (field 2) may hold spaces and parentheses, so fields are
/// counted after its last `)`.
fn parse_stat_ticks(s: &str) -> Option<u64> {
    let rest = &s[s.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11); // field 3 is the first after `)`
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_after_the_last_parenthesis() {
        let line = "4242 (e2e (srv) x) S 1 2 3 0 -1 4194368 10 0 0 0 57 13 0 0 20 0 3 0 100 0 0";
        assert_eq!(parse_stat_ticks(line), Some(70));
        assert_eq!(parse_stat_ticks("garbage"), None);
        assert_eq!(parse_stat_ticks("1 (x) S 1"), None);
    }

    #[test]
    fn parses_schedstat() {
        assert_eq!(parse_schedstat("579384660 16616902 54\n"), Some(579_384_660));
        assert_eq!(parse_schedstat(""), None);
    }

    #[test]
    fn a_busy_named_thread_is_counted_and_no_other() {
        let handle = std::thread::Builder::new()
            .name("cpu-test-spin".into())
            .spawn(|| {
                // Spin until the thread's own reading passes 30 ms of CPU
                // (however busy the machine), checking that it never goes
                // back; give up after 20 s of wall time.
                let start = std::time::Instant::now();
                let mut last = 0;
                let mut x = 0u64;
                while start.elapsed() < std::time::Duration::from_secs(20) {
                    for _ in 0..100_000 {
                        x = std::hint::black_box(x.wrapping_add(1));
                    }
                    let now = threads_cpu_ns("cpu-test-spin").expect("/proc is readable on Linux");
                    assert!(now >= last, "{now} < {last}");
                    last = now;
                    if now >= 30_000_000 {
                        return Some(now);
                    }
                }
                None
            })
            .expect("spawn");
        let ns = handle.join().expect("thread");
        assert!(ns.is_some(), "30 ms of spinning never showed in /proc");
        assert_eq!(threads_cpu_ns("no-such-thread"), Some(0));
    }
}
