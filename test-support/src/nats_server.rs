//! A `nats-server` with JetStream for tests and examples: on a free
//! loopback port, storing in a fresh temporary directory, stopped (and the
//! directory removed) when the guard drops.
//!
//! Used by `codec/tests/nats.rs`, the examples crate's `events` example
//! and test, and the NATS benchmark, so all start the server the same way.
#![allow(dead_code, unreachable_pub)]

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// A running `nats-server -js`; killed on drop.
pub struct NatsServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

/// How long a starting server has to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(20);

impl NatsServer {
    /// Starts a server on a free loopback port. Panics if none starts: a
    /// test that needs the broker fails without one rather than skip.
    pub fn start() -> NatsServer {
        Self::try_start()
            .unwrap_or_else(|e| panic!("nats-server did not start: {e} (is it installed? apt-get install nats-server)"))
    }

    /// Starts a server on a free loopback port, trying another port if the
    /// one picked was taken in between.
    pub fn try_start() -> Result<NatsServer, String> {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "zerowire-nats-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut server = NatsServer { child: None, port: 0, dir };
        let mut last = String::new();
        for _ in 0..5 {
            // A port the OS just handed out and took back: free unless
            // another process takes it first, in which case the server
            // exits and the next attempt picks another.
            let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|l| l.local_addr())
                .map_err(|e| format!("no free port: {e}"))?
                .port();
            server.port = port;
            match server.spawn() {
                Ok(()) => return Ok(server),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Shuts the server down cleanly (SIGTERM: it writes its state out)
    /// and starts it again on the same port and store directory: streams,
    /// consumers and their positions survive.
    pub fn restart(&mut self) {
        self.shutdown();
        self.start_again();
    }

    /// Kills the server (SIGKILL: what it had not written out is lost, as
    /// in a crash) and starts it again on the same port and store
    /// directory.
    pub fn crash_and_restart(&mut self) {
        self.stop();
        self.start_again();
    }

    /// Asks the server to terminate (`nats-server --signal term=<pid>`) and
    /// waits for it; kills it if it is still running after 10 s.
    pub fn shutdown(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        let _ = Command::new("nats-server")
            .arg("--signal")
            .arg(format!("term={}", child.id()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    fn start_again(&mut self) {
        // The port was just released by the server's exit; retry briefly in
        // case the OS has not freed it yet.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.spawn() {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => panic!("nats-server did not restart: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Kills the server and waits for it to exit.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// `nats://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The JetStream store directory.
    pub fn store_dir(&self) -> &Path {
        &self.dir
    }

    /// Starts `nats-server` on `self.port` and waits until it accepts
    /// connections; an error if it exits first or takes too long.
    fn spawn(&mut self) -> Result<(), String> {
        let log = std::fs::File::create(self.dir.join("server.log")).map_err(|e| e.to_string())?;
        let mut child = Command::new("nats-server")
            .args(["-a", "127.0.0.1", "-p", &self.port.to_string(), "-js", "-sd"])
            .arg(self.dir.join("store"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run nats-server: {e}"))?;
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
                return Err(format!("nats-server exited ({status}) on port {}: {log}", self.port));
            }
            if TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_ok() {
                // Whoever answered, our server must still be running: one
                // that lost the port to another process exits at once.
                std::thread::sleep(Duration::from_millis(50));
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!("nats-server exited ({status}): port {} taken", self.port));
                }
                self.child = Some(child);
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "nats-server did not accept connections on port {} in {START_TIMEOUT:?}",
                    self.port
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
