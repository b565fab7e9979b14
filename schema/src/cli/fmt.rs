//! `zerowire fmt FILE...`: the canonical form.

use std::path::PathBuf;

use super::{FAILED, OK, USAGE, report};

/// Arguments of `zerowire fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema files (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print nothing; exit 1 if a file is not in canonical form (its name goes to stderr).
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite the files in place.
    #[arg(long)]
    pub write: bool,
    /// The largest schema file read, in bytes; a larger one is refused before it is read.
    #[arg(long, value_name = "BYTES", default_value_t = crate::DEFAULT_MAX_SOURCE_LEN)]
    pub max_source_len: u64,
}

pub(crate) fn run(a: Args) -> u8 {
    let mut code = OK;
    for path in &a.files {
        let stdin = path.as_os_str() == "-";
        if stdin && a.write {
            eprintln!("error: `--write` needs file names, not `-`");
            return USAGE;
        }
        let display = if stdin { "<stdin>".to_string() } else { path.display().to_string() };
        let text = if stdin {
            let mut s = String::new();
            let mut input = std::io::Read::take(std::io::stdin(), a.max_source_len.saturating_add(1));
            if let Err(e) = std::io::Read::read_to_string(&mut input, &mut s) {
                eprintln!("error: cannot read standard input: {e}");
                return FAILED;
            }
            if s.len() as u64 > a.max_source_len {
                eprintln!("error: standard input is over the limit of {} bytes (`--max-source-len`)", a.max_source_len);
                return FAILED;
            }
            s
        } else {
            match crate::loader::read_text(path, a.max_source_len) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    code = FAILED;
                    continue;
                }
            }
        };
        let formatted = match crate::fmt::format_source(&display, &text) {
            Ok(f) => f,
            Err(d) => {
                report(&d);
                code = FAILED;
                continue;
            }
        };
        if a.check {
            if formatted != text {
                eprintln!("{display}: not formatted");
                code = FAILED;
            }
        } else if a.write {
            if formatted != text {
                if let Err(e) = std::fs::write(path, formatted) {
                    eprintln!("error: cannot write `{display}`: {e}");
                    code = FAILED;
                }
            }
        } else {
            print!("{formatted}");
        }
    }
    code
}
