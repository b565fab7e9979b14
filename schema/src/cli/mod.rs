//! The `zerowire` command line: one module per subcommand. Used by the
//! binary; not a stable API.
//!
//! Exit codes: 0 success, 1 a schema error (or a finding: unformatted file,
//! breaking change), 2 a usage error.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod breaking;
mod check;
mod decode;
mod encode;
mod fmt;
mod generate;

/// The `zerowire` schema compiler.
#[derive(Debug, Parser)]
#[command(
    name = "zerowire",
    version,
    about = "The zerowire schema compiler: check, format, compare and generate Rust from .zw schemas; decode and encode messages"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands, one variant each.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check schema files: print every error; exit 1 if there is one.
    Check(check::Args),
    /// Print the canonical form of schema files (or check / rewrite them).
    Fmt(fmt::Args),
    /// Compare two versions of a schema by the evolution rules; exit 1 if a change misreads or loses
    /// binary or JSON data (`--wire`: binary only).
    Breaking(breaking::Args),
    /// Generate Rust code: one `<package>.rs` per package in `--out-dir`.
    Gen(generate::Args),
    /// Binary message(s) on stdin to JSON on stdout, from the schema at run time.
    Decode(decode::Args),
    /// JSON on stdin to binary message(s) on stdout, from the schema at run time.
    Encode(encode::Args),
}

/// Where to look for imported files, and how large a file may be (shared by
/// the subcommands that load schemas).
#[derive(Debug, Clone, clap::Args)]
pub struct Includes {
    /// A directory to search for imports after the importing file's own directory (repeatable).
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub include: Vec<PathBuf>,
    /// The largest schema file read, in bytes; a larger one is refused before it is read.
    #[arg(long, value_name = "BYTES", default_value_t = crate::DEFAULT_MAX_SOURCE_LEN)]
    pub max_source_len: u64,
}

impl Includes {
    /// Loads and checks `files` with these include directories and limit.
    pub(crate) fn load(&self, files: &[impl AsRef<std::path::Path>]) -> Result<crate::ir::Schema, crate::Diagnostics> {
        crate::load_with_limit(files, &self.include, self.max_source_len)
    }
}

/// The schema and message type of `decode` / `encode`.
#[derive(Debug, Clone, clap::Args)]
pub struct Target {
    /// The schema file that declares (or imports) the type.
    #[arg(long, value_name = "FILE")]
    pub schema: PathBuf,
    /// The message type: its full name (`shop.v1.Order`) or, if unique, its name.
    #[arg(long = "type", value_name = "TYPE")]
    pub ty: String,
    #[command(flatten)]
    pub includes: Includes,
}

impl Target {
    /// Loads the schema; on errors, prints them and gives the exit code.
    pub(crate) fn load(&self) -> Result<crate::ir::Schema, u8> {
        self.includes.load(&[&self.schema]).map_err(|d| {
            report(&d);
            FAILED
        })
    }

    /// Finds the message type; an unknown one is a usage error.
    pub(crate) fn message(&self, codec: &crate::dynamic::Codec<'_>) -> Result<usize, u8> {
        codec.message(&self.ty).ok_or_else(|| {
            let names: Vec<&str> = codec.schema().messages.iter().map(|m| m.full_name.as_str()).collect();
            eprintln!("error: no message `{}` in the schema; its messages: {}", self.ty, names.join(", "));
            USAGE
        })
    }
}

/// Exit code 0.
pub const OK: u8 = 0;
/// Exit code 1: a schema error, or a finding (unformatted, breaking).
pub const FAILED: u8 = 1;
/// Exit code 2: a usage error.
pub const USAGE: u8 = 2;

/// Runs the CLI with the process's arguments.
pub fn main() -> ExitCode {
    ExitCode::from(run(std::env::args_os()))
}

/// Runs the CLI with `args` (the first is the program name); returns the exit code.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { USAGE } else { OK };
        }
    };
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Breaking(a) => breaking::run(a),
        Command::Gen(a) => generate::run(a),
        Command::Decode(a) => decode::run(a),
        Command::Encode(a) => encode::run(a),
    }
}

/// Whether to color diagnostics: stderr is a terminal and `NO_COLOR` is unset.
pub(crate) fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints diagnostics to stderr.
pub(crate) fn report(d: &crate::Diagnostics) {
    eprint!("{}", d.render_with(color()));
}
