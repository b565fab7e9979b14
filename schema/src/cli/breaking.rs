//! `zerowire breaking OLD NEW`: the evolution rules.

use std::path::PathBuf;

use super::{FAILED, Includes, OK, report};
use crate::breaking::{Mode, Severity, compare_with};

/// Arguments of `zerowire breaking`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old version of the schema (a file; its imports are loaded too).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Check the binary format only: changes that lose or move JSON data
    /// (renames, `json_name` changes) become warnings. For peers that never
    /// exchange JSON.
    #[arg(long)]
    pub wire: bool,
    #[command(flatten)]
    pub includes: Includes,
}

pub(crate) fn run(a: Args) -> u8 {
    let mut schemas = Vec::new();
    for p in [&a.old, &a.new] {
        match a.includes.load(&[p]) {
            Ok(s) => schemas.push(s),
            Err(d) => {
                report(&d);
                return FAILED;
            }
        }
    }
    let mode = if a.wire { Mode::Wire } else { Mode::WireAndJson };
    let findings = compare_with(&schemas[0], &schemas[1], mode);
    for f in &findings {
        print!("{}", f.render(&schemas[0], &schemas[1]));
    }
    let breaking = findings.iter().filter(|f| f.severity == Severity::Breaking).count();
    let warnings = findings.len() - breaking;
    if findings.is_empty() {
        eprintln!("no breaking changes");
    } else {
        eprintln!("{breaking} breaking change{}, {warnings} warning{}", plural(breaking), plural(warnings));
    }
    if breaking > 0 { FAILED } else { OK }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
