//! `zerowire check FILE...`: errors only.

use std::path::PathBuf;

use super::{FAILED, Includes, OK, report};

/// Arguments of `zerowire check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema files (their imports are checked too).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub includes: Includes,
}

pub(crate) fn run(a: Args) -> u8 {
    match a.includes.load(&a.files) {
        Ok(_) => OK,
        Err(d) => {
            report(&d);
            FAILED
        }
    }
}
