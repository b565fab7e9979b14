//! `zerowire gen FILE... --out-dir DIR`: Rust code, one file per package.

use std::path::PathBuf;

use super::{FAILED, Includes, OK, report};

/// Arguments of `zerowire gen`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema files (their imports are generated too).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write `<package>.rs` files (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    #[command(flatten)]
    pub includes: Includes,
}

pub(crate) fn run(a: Args) -> u8 {
    let schema = match a.includes.load(&a.files) {
        Ok(s) => s,
        Err(d) => {
            report(&d);
            return FAILED;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&a.out_dir) {
        eprintln!("error: cannot create {}: {e}", a.out_dir.display());
        return FAILED;
    }
    for f in crate::codegen::generate(&schema) {
        let path = a.out_dir.join(&f.file_name);
        if let Err(e) = std::fs::write(&path, &f.source) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return FAILED;
        }
        eprintln!("wrote {}", path.display());
    }
    OK
}
