//! Counters of the time a server spends serializing and deserializing
//! messages, for the small call's "share of server CPU" figure.
//!
//! Off by default: the throughput runs do not pay for the clock reads. The
//! load generator turns them on for a separate run ([`enable`]), in which
//! every server-side encode and decode is wrapped in [`measure`]: the tonic
//! codecs ([`crate::service::grpc::Timed`]), the axum extractors and
//! responders ([`crate::service::http`]), and the frame codec
//! ([`crate::service::frame`]). Clients are never measured.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

static ENABLED: AtomicBool = AtomicBool::new(false);
static NANOS: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);

/// Turns the counters on (and resets them) or off.
pub fn enable(on: bool) {
    NANOS.store(0, Ordering::Relaxed);
    CALLS.store(0, Ordering::Relaxed);
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether the counters are on.
#[inline]
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Runs `f`, adding its wall time to the counters when they are on.
#[inline]
pub fn measure<T>(f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    add(start);
    out
}

/// Adds the time since `start` to the counters (for work that cannot be a
/// closure, such as an `.await` that completes at once).
#[inline]
pub fn add(start: Instant) {
    NANOS.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    CALLS.fetch_add(1, Ordering::Relaxed);
}

/// Nanoseconds and number of measured encodes and decodes since [`enable`].
pub fn read() -> (u64, u64) {
    (NANOS.load(Ordering::Relaxed), CALLS.load(Ordering::Relaxed))
}
