//! The `build.rs` API, in the style of prost-build.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     zerowire_schema::Config::new().compile(&["schema/shop.zw"], &["schema"])?;
//!     Ok(())
//! }
//! ```
//!
//! ```text
//! // src/lib.rs: one module per package component, then include the file.
//! pub mod shop {
//!     pub mod v1 {
//!         zerowire::include_schema!("shop.v1");
//!     }
//! }
//! ```
//!
//! Cross-package references in the generated code are relative paths
//! (`super::super::common::v1::Money`), so every package the schema imports
//! must be included the same way, nested in the same parent module (see
//! [`crate::codegen`]).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::codegen::{self, GeneratedFile};
use crate::ir::{BytesType, MapType, Schema};

/// An error of [`Config::compile`]: the schema's diagnostics (rendered, every
/// one with its file, line and column), or an I/O error.
#[derive(Debug)]
pub enum Error {
    /// The schema has errors; the text is every diagnostic, rendered.
    Schema(String),
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// What happened.
        source: std::io::Error,
    },
    /// Neither [`Config::out_dir`] nor the `OUT_DIR` variable was set.
    NoOutDir,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Schema(d) => write!(f, "schema errors:\n{d}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NoOutDir => {
                f.write_str("no output directory: set Config::out_dir or run from a build script (OUT_DIR)")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Configures and runs code generation for `build.rs` (or any tool).
///
/// # gRPC services
///
/// With the feature `tonic`, every `service` of the schema becomes a tonic
/// server and client in its package's file, beside the messages (so
/// `include_schema!` brings them in): for `service Orders` in `shop.v1`,
/// `shop::v1::orders_server::{Orders, OrdersServer}` (implement the trait
/// `Orders`, serve `OrdersServer::new(handler)`) and
/// `shop::v1::orders_client::OrdersClient`, exactly as tonic-build names
/// and writes them for protobuf, with `zerowire::tonic::Codec` as the codec
/// (see `codegen::generate_with_grpc` for what the code depends on).
/// This is on by default when the feature is; `Config::services(false)` turns it
/// off. Without the feature, or with it off, services are checked and
/// generate nothing.
///
/// Handlers receive each request as `zerowire::Owned<Req>` by default: the
/// server validates it once and reads it in place (`request.get_ref().view()`),
/// without decoding it or copying tonic's buffer; `Config::server_requests`
/// with `Received::Message` gives them the
/// decoded `Req` instead. Clients send `Req` and receive the decoded `Resp`
/// by default (`Config::client_responses` with
/// `Received::Owned` gives `Owned<Resp>`). Server
/// and client are generated separately, so each side chooses alone; the
/// wire is the same either way. Handlers return `Resp`.
///
/// ```no_run
/// # #[cfg(feature = "tonic")]
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zerowire_schema::codegen::Received;
/// zerowire_schema::Config::new()
///     .server_requests(Received::Message) // handlers take the decoded `Req`
///     .compile(&["schema/orders.zw"], &["schema"])?;
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "tonic"))]
/// # fn main() {}
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    out_dir: Option<PathBuf>,
    bytes_type: Option<BytesType>,
    map_type: Option<MapType>,
    extra_derives: Vec<String>,
    rerun: bool,
    max_source_len: u64,
    #[cfg(feature = "tonic")]
    services: bool,
    #[cfg(feature = "tonic")]
    grpc: codegen::GrpcOptions,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// Defaults: output to `OUT_DIR`, the schema's own `option rust.*`
    /// settings, and `cargo::rerun-if-changed` lines printed.
    pub fn new() -> Self {
        Config {
            out_dir: None,
            bytes_type: None,
            map_type: None,
            extra_derives: Vec::new(),
            rerun: true,
            max_source_len: crate::DEFAULT_MAX_SOURCE_LEN,
            #[cfg(feature = "tonic")]
            services: true,
            #[cfg(feature = "tonic")]
            grpc: codegen::GrpcOptions::default(),
        }
    }

    /// Writes the generated files to `dir` instead of `OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Overrides `option rust.bytes`: `bytes` fields as `Vec<u8>` or `bytes::Bytes`.
    pub fn bytes_type(&mut self, t: BytesType) -> &mut Self {
        self.bytes_type = Some(t);
        self
    }

    /// Overrides `option rust.map`: maps as `BTreeMap` or `HashMap`.
    pub fn map_type(&mut self, t: MapType) -> &mut Self {
        self.map_type = Some(t);
        self
    }

    /// Adds a derive to every generated type (after the schema's own
    /// `option rust.derive` list), e.g. `"Eq"` or `"serde::Serialize"`.
    pub fn derive(&mut self, path: impl Into<String>) -> &mut Self {
        self.extra_derives.push(path.into());
        self
    }

    /// Whether to print `cargo::rerun-if-changed=` for every file read (on by
    /// default; turn it off outside build scripts).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun = on;
        self
    }

    /// The largest schema file read, in bytes (default
    /// [`DEFAULT_MAX_SOURCE_LEN`](crate::DEFAULT_MAX_SOURCE_LEN), 8 MiB): a
    /// larger one is an error, refused before it is read.
    pub fn max_source_len(&mut self, bytes: u64) -> &mut Self {
        self.max_source_len = bytes;
        self
    }

    /// Whether to generate a tonic server and client for every service (on
    /// by default; see [`Config`](Config#grpc-services)). Off, services
    /// are checked and generate nothing.
    #[cfg(feature = "tonic")]
    pub fn services(&mut self, on: bool) -> &mut Self {
        self.services = on;
        self
    }

    /// What the generated servers' handlers receive as requests: the
    /// message read in place, `zerowire::Owned<Req>` (the default), or the
    /// decoded `Req`.
    #[cfg(feature = "tonic")]
    pub fn server_requests(&mut self, r: codegen::Received) -> &mut Self {
        self.grpc.server_requests = r;
        self
    }

    /// What the generated clients receive as responses: the decoded `Resp`
    /// (the default) or `zerowire::Owned<Resp>`, read in place.
    #[cfg(feature = "tonic")]
    pub fn client_responses(&mut self, r: codegen::Received) -> &mut Self {
        self.grpc.client_responses = r;
        self
    }

    /// Whether the generated clients have `connect(dst)` (on by default),
    /// which needs tonic's `transport` and `channel` features; without it a
    /// client is made with `new(channel)` from any tonic `GrpcService`.
    #[cfg(feature = "tonic")]
    pub fn grpc_connect(&mut self, on: bool) -> &mut Self {
        self.grpc.connect = on;
        self
    }

    /// Reads `files` (imports are looked up next to the importing file, then
    /// in `includes`), checks them, and writes one Rust file per package to
    /// the output directory.
    pub fn compile(&self, files: &[impl AsRef<Path>], includes: &[impl AsRef<Path>]) -> Result<(), Error> {
        self.compile_files(files, includes).map(|_| ())
    }

    /// [`compile`](Config::compile), returning the paths written.
    pub fn compile_files(
        &self,
        files: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<Vec<PathBuf>, Error> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(Error::NoOutDir)?,
        };
        let files: Vec<PathBuf> = files.iter().map(|f| f.as_ref().to_path_buf()).collect();
        let includes: Vec<PathBuf> = includes.iter().map(|f| f.as_ref().to_path_buf()).collect();
        if self.rerun {
            // The given files first, so a file with errors is still watched.
            for f in &files {
                println!("cargo::rerun-if-changed={}", f.display());
            }
        }
        let schema =
            crate::load_with_limit(&files, &includes, self.max_source_len).map_err(|d| Error::Schema(d.render()))?;
        if self.rerun {
            for f in schema.files.iter().skip(files.len()) {
                println!("cargo::rerun-if-changed={}", f.path);
            }
        }
        let generated = self.generate(&schema);
        std::fs::create_dir_all(&out_dir).map_err(|source| Error::Io { path: out_dir.clone(), source })?;
        let mut written = Vec::new();
        for g in generated {
            let path = out_dir.join(&g.file_name);
            // Leave an unchanged file alone: its mtime stays, so cargo does not rebuild.
            if std::fs::read_to_string(&path).ok().as_deref() != Some(g.source.as_str()) {
                std::fs::write(&path, &g.source).map_err(|source| Error::Io { path: path.clone(), source })?;
            }
            written.push(path);
        }
        Ok(written)
    }

    /// Generates the files for an already checked schema, with this
    /// configuration's overrides applied (and, with the feature `tonic`,
    /// its services).
    pub fn generate(&self, schema: &Schema) -> Vec<GeneratedFile> {
        let mut schema = schema.clone();
        if let Some(b) = self.bytes_type {
            schema.rust.bytes_type = b;
        }
        if let Some(m) = self.map_type {
            schema.rust.map_type = m;
        }
        schema.rust.extra_derives.extend(self.extra_derives.iter().cloned());
        #[cfg(feature = "tonic")]
        if self.services {
            return codegen::generate_with_grpc(&schema, &self.grpc);
        }
        codegen::generate(&schema)
    }
}
