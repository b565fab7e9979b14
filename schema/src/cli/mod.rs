//! The `zerowire` command line (used by the binary; not a stable API).

use std::process::ExitCode;

/// Runs the CLI with the process's arguments.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
