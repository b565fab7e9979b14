//! The `.zw` schema language for `zerowire`: lexer, parser, checker,
//! formatter and compatibility check; see `docs/SCHEMA.md` for the language
//! (messages, enums, unions, inline structs, and gRPC services).
//!
//! Entry points (none of them panics, whatever the input):
//!
//! - [`parse_file`]: one text to its syntax tree ([`ast::File`]) and its
//!   syntax errors;
//! - [`check_source`]: one text (no imports) to a checked [`ir::Schema`];
//! - [`check_sources`]: several in-memory texts that may import each other;
//! - [`load`]: files on disk, imports resolved relative to the importing
//!   file, then to the include directories;
//! - [`fmt::format_source`]: the canonical form of a text;
//! - [`breaking::compare`]: the evolution rules between two schemas;
//! - [`codegen::generate`] and [`Config`] (the `build.rs` API, in the style
//!   of prost-build): Rust code, one prettyplease-formatted file per package;
//!   with the feature `tonic`, also a tonic server and client for every
//!   `service` (see [`Config`]);
//! - [`dynamic::Codec`]: binary messages to JSON and back at run time, from
//!   the schema alone, without compiling Rust.
//!
//! The default feature `cli` builds the `zerowire` command-line tool and
//! its argument parser; a `build.rs` that only generates code turns it off
//! (`zerowire-schema = { version = "0.1", default-features = false }`).
//!
//! Errors come back as [`Diagnostics`]: every error of every file, each with
//! its file, line, column, a labeled span and a help text, rendered by
//! [`miette`].
//!
//! ```
//! let schema = zerowire_schema::check_source(
//!     "ping.zw",
//!     "package ping.v1; message Ping { seq @0 : u64; }",
//! )
//! .unwrap();
//! assert_eq!(schema.messages[0].full_name, "ping.v1.Ping");
//!
//! let err = zerowire_schema::check_source("bad.zw", "message M { a @1 : u8; }").unwrap_err();
//! assert_eq!(err.iter().next().unwrap().short(), "bad.zw:1:9: ordinals of `M` must be @0 to @0: @0 missing");
//! ```
#![forbid(unsafe_code)]

pub mod ast;
pub mod breaking;
mod check;
pub mod codegen;
mod config;
pub mod diag;
pub mod dynamic;
pub mod fmt;
pub mod ir;
pub mod layout;
pub mod lexer;
mod loader;
pub mod names;
mod parser;

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::{Config, Error};
pub use diag::{Diagnostic, Diagnostics};
pub use parser::MAX_NESTING;
pub use zerowire::meta::type_id;

use diag::Diag;
use loader::LoadedFile;

/// Parses one file: its syntax tree (what could be read, after recovery)
/// and its lexical and syntax errors. Names are not resolved.
pub fn parse_file(path: &str, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let (file, diags) = parser::parse(text);
    let source = Arc::new(miette::NamedSource::new(path, text.to_string()));
    (file, diags.into_iter().map(|d| d.finish(&source)).collect())
}

/// Checks one text. `import` lines are refused (an error each): use
/// [`check_sources`] or [`load`] for schemas of several files.
pub fn check_source(path: &str, text: &str) -> Result<ir::Schema, Diagnostics> {
    let (files, diags) =
        loader::load_all(vec![(path.to_string(), path.to_string(), text.to_string())], &loader::NoImports);
    finish(files, diags)
}

/// Checks several in-memory texts, `(path, text)`, all part of the schema;
/// an import names one of them by its path, relative to the importing
/// path's directory (`a/b.zw` importing `c.zw` finds `a/c.zw`) or as given.
pub fn check_sources(files: &[(&str, &str)]) -> Result<ir::Schema, Diagnostics> {
    let map = files.iter().copied().collect();
    let roots = files.iter().map(|(p, t)| (p.to_string(), p.to_string(), t.to_string())).collect();
    let (files, diags) = loader::load_all(roots, &loader::InMemory(map));
    finish(files, diags)
}

/// The largest schema file [`load`] reads by default: 8 MiB. Checking a
/// schema takes memory proportional to its text (its tokens, syntax tree
/// and checked form); a larger file is refused before it is read. Override
/// it with [`load_with_limit`], [`Config::max_source_len`] or
/// `zerowire --max-source-len`.
pub const DEFAULT_MAX_SOURCE_LEN: u64 = 8 << 20;

/// Reads and checks `files` and everything they import. An import is
/// looked up relative to the importing file's directory, then in each of
/// `include_dirs` in order, and is read only if it lies inside the
/// directories of `files` or in `include_dirs` (symbolic links resolved):
/// `import "/etc/passwd"` or `"../../etc/hostname"` is an
/// `import_not_found` error, and the file is not read. Files read or
/// imported twice are loaded once. Each file may hold at most
/// [`DEFAULT_MAX_SOURCE_LEN`] bytes.
pub fn load(files: &[impl AsRef<Path>], include_dirs: &[impl AsRef<Path>]) -> Result<ir::Schema, Diagnostics> {
    load_with_limit(files, include_dirs, DEFAULT_MAX_SOURCE_LEN)
}

/// [`load`] with another limit on the size of each file, in bytes: a
/// larger file is a `read_error`, refused before it is read.
pub fn load_with_limit(
    files: &[impl AsRef<Path>],
    include_dirs: &[impl AsRef<Path>],
    max_source_len: u64,
) -> Result<ir::Schema, Diagnostics> {
    let mut roots = Vec::new();
    let mut errors = Vec::new();
    let paths: Vec<PathBuf> = files.iter().map(|f| f.as_ref().to_path_buf()).collect();
    for p in &paths {
        let display = p.display().to_string();
        match loader::read_text(p, max_source_len) {
            Ok(text) => {
                let key = std::fs::canonicalize(p).map_or_else(|_| display.clone(), |c| c.display().to_string());
                roots.push((key, display, text));
            }
            Err(e) => {
                let source = Arc::new(miette::NamedSource::new(&display, String::new()));
                errors.push(Diag::error("read_error", e).finish(&source));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let dirs = include_dirs.iter().map(|d| d.as_ref().to_path_buf()).collect();
    let (files, diags) = loader::load_all(roots, &loader::OnDisk::new(&paths, dirs, max_source_len));
    finish(files, diags)
}

/// At most this many diagnostics are returned (then one `too_many_errors`);
/// each stage also stops recording after 100 errors per file.
pub const MAX_DIAGNOSTICS: usize = 1000;

fn finish(files: Vec<LoadedFile>, mut diags: Vec<Diag>) -> Result<ir::Schema, Diagnostics> {
    let (schema, check_diags) = check::check(&files);
    diags.extend(check_diags);
    if diags.is_empty() {
        return Ok(schema);
    }
    // File by file; within a file, by position.
    diags.sort_by_key(|d| (d.file, d.labels.first().map_or(0, |l| l.0.start)));
    if diags.len() > MAX_DIAGNOSTICS {
        let more = diags.len() - MAX_DIAGNOSTICS;
        diags.truncate(MAX_DIAGNOSTICS);
        let file = diags.last().map_or(0, |d| d.file);
        diags.push(
            Diag::error("too_many_errors", format!("{more} more errors not shown"))
                .help("fix the errors above and check again")
                .in_file(file),
        );
    }
    Err(Diagnostics(
        diags
            .into_iter()
            .map(|d| {
                let f = d.file.min(files.len().saturating_sub(1));
                d.finish(&files[f].source)
            })
            .collect(),
    ))
}
