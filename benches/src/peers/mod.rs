//! Peer formats, one module each, all with the same shape of functions:
//!
//! | function                 | what it measures                                        |
//! |--------------------------|---------------------------------------------------------|
//! | `encode_<set>`           | mirror value -> fresh bytes                             |
//! | `decode_<set>`           | bytes -> owned mirror value                             |
//! | `access_<set>`           | cheapest way to read one field from the bytes           |
//! | `read_all_<set>`         | touch every field, return a [`crate::data::Checksum`]   |
//! | `validate_<set>` (rkyv)  | validation only                                         |
//!
//! where `<set>` is `request` or `log_batch`. The one field read by `access` is
//! `Request::id`, and `LogBatch::records[index].latency_us`.
//!
//! prost, bitcode and serde_json have no partial reads: `access` fully decodes.
//! rkyv reads through its archived view, validated (`rkyv::access`, which checks
//! the whole archive) or unchecked (`rkyv::access_unchecked`).
//!
//! Mirror types are named like the model types ([`crate::data`]) and convert
//! with `From<&model::X> for mirror::X` and `From<mirror::X> for model::X`.

/// `From` conversions both ways between the model types in [`crate::data`] and
/// a peer's mirror types `Method`, `Level`, `Request`, `LogRecord`, `LogBatch`
/// when those have exactly the model's field names and field types (rkyv,
/// bitcode, serde_json; `(structs)` for the message structs alone: zerowire).
/// Invoke inside the peer module.
macro_rules! same_shape_conversions {
    () => {
        impl From<$crate::data::Method> for Method {
            fn from(m: $crate::data::Method) -> Self {
                match m {
                    $crate::data::Method::Get => Method::Get,
                    $crate::data::Method::Put => Method::Put,
                    $crate::data::Method::Post => Method::Post,
                    $crate::data::Method::Delete => Method::Delete,
                    $crate::data::Method::Patch => Method::Patch,
                }
            }
        }

        impl From<Method> for $crate::data::Method {
            fn from(m: Method) -> Self {
                match m {
                    Method::Get => $crate::data::Method::Get,
                    Method::Put => $crate::data::Method::Put,
                    Method::Post => $crate::data::Method::Post,
                    Method::Delete => $crate::data::Method::Delete,
                    Method::Patch => $crate::data::Method::Patch,
                }
            }
        }

        impl From<$crate::data::Level> for Level {
            fn from(l: $crate::data::Level) -> Self {
                match l {
                    $crate::data::Level::Trace => Level::Trace,
                    $crate::data::Level::Debug => Level::Debug,
                    $crate::data::Level::Info => Level::Info,
                    $crate::data::Level::Warn => Level::Warn,
                    $crate::data::Level::Error => Level::Error,
                }
            }
        }

        impl From<Level> for $crate::data::Level {
            fn from(l: Level) -> Self {
                match l {
                    Level::Trace => $crate::data::Level::Trace,
                    Level::Debug => $crate::data::Level::Debug,
                    Level::Info => $crate::data::Level::Info,
                    Level::Warn => $crate::data::Level::Warn,
                    Level::Error => $crate::data::Level::Error,
                }
            }
        }

        same_shape_conversions!(structs);
    };
    // The message structs only, for a peer whose enums convert on their own
    // (zerowire's open enums carry an `Unknown` arm).
    (structs) => {
        impl From<&$crate::data::Request> for Request {
            fn from(r: &$crate::data::Request) -> Self {
                Request {
                    id: r.id,
                    user_id: r.user_id,
                    timestamp_ns: r.timestamp_ns,
                    method: r.method.into(),
                    path: r.path.clone(),
                    client: r.client.clone(),
                    trace_id: r.trace_id,
                    priority: r.priority,
                    retry: r.retry,
                    tags: r.tags.clone(),
                }
            }
        }

        impl From<Request> for $crate::data::Request {
            fn from(r: Request) -> Self {
                $crate::data::Request {
                    id: r.id,
                    user_id: r.user_id,
                    timestamp_ns: r.timestamp_ns,
                    method: r.method.into(),
                    path: r.path,
                    client: r.client,
                    trace_id: r.trace_id,
                    priority: r.priority,
                    retry: r.retry,
                    tags: r.tags,
                }
            }
        }

        impl From<&$crate::data::LogRecord> for LogRecord {
            fn from(r: &$crate::data::LogRecord) -> Self {
                LogRecord {
                    timestamp_ns: r.timestamp_ns,
                    level: r.level.into(),
                    message: r.message.clone(),
                    host: r.host.clone(),
                    latency_us: r.latency_us,
                    status: r.status,
                    span_id: r.span_id,
                }
            }
        }

        impl From<LogRecord> for $crate::data::LogRecord {
            fn from(r: LogRecord) -> Self {
                $crate::data::LogRecord {
                    timestamp_ns: r.timestamp_ns,
                    level: r.level.into(),
                    message: r.message,
                    host: r.host,
                    latency_us: r.latency_us,
                    status: r.status,
                    span_id: r.span_id,
                }
            }
        }

        impl From<&$crate::data::LogBatch> for LogBatch {
            fn from(b: &$crate::data::LogBatch) -> Self {
                LogBatch {
                    source: b.source.clone(),
                    seq: b.seq,
                    records: b.records.iter().map(LogRecord::from).collect(),
                }
            }
        }

        impl From<LogBatch> for $crate::data::LogBatch {
            fn from(b: LogBatch) -> Self {
                $crate::data::LogBatch {
                    source: b.source,
                    seq: b.seq,
                    records: b.records.into_iter().map(Into::into).collect(),
                }
            }
        }
    };
}

/// Conversions between a model type of [`crate::data`] and a peer's mirror
/// of it with the same field names and nesting (rkyv, bitcode, the JSON
/// peers, zerowire): field by field, recursively through `Vec`, `Option` and
/// `BTreeMap`. Only used outside the timed code.
pub trait Mirror<M>: Sized {
    /// The mirror of `m`.
    fn from_model(m: &M) -> Self;
    /// Back to the model.
    fn into_model(self) -> M;
}

macro_rules! mirror_identity {
    ($($t:ty),*) => {
        $(impl Mirror<$t> for $t {
            fn from_model(m: &$t) -> Self {
                m.clone()
            }
            fn into_model(self) -> $t {
                self
            }
        })*
    };
}

mirror_identity!(u8, u16, u32, u64, i32, i64, f32, f64, bool, String, [u8; 16], [u8; 32]);

impl<M, T: Mirror<M>> Mirror<Vec<M>> for Vec<T> {
    fn from_model(m: &Vec<M>) -> Self {
        m.iter().map(T::from_model).collect()
    }
    fn into_model(self) -> Vec<M> {
        self.into_iter().map(T::into_model).collect()
    }
}

impl<M, T: Mirror<M>> Mirror<Option<M>> for Option<T> {
    fn from_model(m: &Option<M>) -> Self {
        m.as_ref().map(T::from_model)
    }
    fn into_model(self) -> Option<M> {
        self.map(T::into_model)
    }
}

impl<M, T: Mirror<M>> Mirror<std::collections::BTreeMap<String, M>> for std::collections::BTreeMap<String, T> {
    fn from_model(m: &std::collections::BTreeMap<String, M>) -> Self {
        m.iter().map(|(k, v)| (k.clone(), T::from_model(v))).collect()
    }
    fn into_model(self) -> std::collections::BTreeMap<String, M> {
        self.into_iter().map(|(k, v)| (k, v.into_model())).collect()
    }
}

/// [`Mirror`] for a struct whose fields have the model's names: `mirror_struct!(Name { field, .. })`.
macro_rules! mirror_struct {
    ($($name:ident { $($f:ident),* $(,)? })*) => {
        $(impl $crate::peers::Mirror<$crate::data::$name> for $name {
            fn from_model(m: &$crate::data::$name) -> Self {
                $name { $($f: $crate::peers::Mirror::from_model(&m.$f)),* }
            }
            fn into_model(self) -> $crate::data::$name {
                $crate::data::$name { $($f: $crate::peers::Mirror::into_model(self.$f)),* }
            }
        })*
    };
}

/// [`Mirror`] through the `From` conversions of the request and log batch
/// mirrors (`same_shape_conversions!` or hand-written).
macro_rules! mirror_via_from {
    ($($name:ident),*) => {
        $(impl $crate::peers::Mirror<$crate::data::$name> for $name {
            fn from_model(m: &$crate::data::$name) -> Self {
                m.into()
            }
            fn into_model(self) -> $crate::data::$name {
                self.into()
            }
        })*
    };
}

/// [`Mirror`] for a C-like enum with the model's variants: `mirror_enum!(Name { A, B })`.
/// A zerowire open enum's extra `Unknown(n)` arm is mapped with `(unknown)`:
/// it reads back as the model's first variant (a newer writer's value).
macro_rules! mirror_enum {
    ($name:ident { $($v:ident),* } $(($unknown:ident))?) => {
        impl $crate::peers::Mirror<$crate::data::$name> for $name {
            fn from_model(m: &$crate::data::$name) -> Self {
                match m { $($crate::data::$name::$v => $name::$v),* }
            }
            fn into_model(self) -> $crate::data::$name {
                match self {
                    $($name::$v => $crate::data::$name::$v,)*
                    $($name::$unknown(_) => $crate::data::$name::ALL[0],)?
                }
            }
        }
    };
}

/// [`Mirror`] for the attribute value union (arms `Str`, `Int`, `Double`,
/// `Bool`); `(unknown)` maps a zerowire `Unknown(tag)` arm to `Int(0)`.
macro_rules! mirror_attr_value {
    ($(($unknown:ident))?) => {
        impl $crate::peers::Mirror<$crate::data::AttrValue> for AttrValue {
            fn from_model(m: &$crate::data::AttrValue) -> Self {
                match m {
                    $crate::data::AttrValue::Str(s) => AttrValue::Str(s.clone()),
                    $crate::data::AttrValue::Int(i) => AttrValue::Int(*i),
                    $crate::data::AttrValue::Double(d) => AttrValue::Double(*d),
                    $crate::data::AttrValue::Bool(b) => AttrValue::Bool(*b),
                }
            }
            fn into_model(self) -> $crate::data::AttrValue {
                match self {
                    AttrValue::Str(s) => $crate::data::AttrValue::Str(s),
                    AttrValue::Int(i) => $crate::data::AttrValue::Int(i),
                    AttrValue::Double(d) => $crate::data::AttrValue::Double(d),
                    AttrValue::Bool(b) => $crate::data::AttrValue::Bool(b),
                    $(AttrValue::$unknown(_) => $crate::data::AttrValue::Int(0),)?
                }
            }
        }
    };
}

// ---- the uniform interface the benchmarks and tests drive --------------------

/// A data set of the suite: a model type of [`crate::data`], its benchmark
/// value, smaller values for the tests, and the reference results every peer
/// must reproduce.
pub trait DataSet: Clone + PartialEq + std::fmt::Debug + 'static {
    /// Name of the data set: the criterion group prefix (`<name>/<op>`).
    const NAME: &'static str;
    /// The value the benchmarks measure (seed [`crate::data::SEED`], full size).
    fn bench_value() -> Self;
    /// Smaller values from several seeds, for `cargo test` (debug builds).
    fn test_values() -> Vec<Self>;
    /// Reference checksum over every field ([`Format::read_all`] must match).
    fn checksum(&self) -> u64;
    /// Reference value of the one field [`Format::access`] reads.
    fn access(&self) -> u64;
}

const TEST_SEEDS: [u64; 3] = [1, 0xDEAD_BEEF, crate::data::SEED];

impl DataSet for crate::data::Request {
    const NAME: &'static str = "request";
    fn bench_value() -> Self {
        crate::data::request(crate::data::SEED)
    }
    fn test_values() -> Vec<Self> {
        TEST_SEEDS.iter().flat_map(|&s| crate::data::requests(20, s)).collect()
    }
    fn checksum(&self) -> u64 {
        crate::data::request_checksum(self)
    }
    fn access(&self) -> u64 {
        self.id
    }
}

impl DataSet for crate::data::LogBatch {
    const NAME: &'static str = "log_batch";
    fn bench_value() -> Self {
        crate::data::log_batch(crate::data::LOG_BATCH_RECORDS, crate::data::SEED)
    }
    fn test_values() -> Vec<Self> {
        TEST_SEEDS.iter().map(|&s| crate::data::log_batch(500, s)).collect()
    }
    fn checksum(&self) -> u64 {
        crate::data::log_batch_checksum(self)
    }
    /// `records[len / 2].latency_us`.
    fn access(&self) -> u64 {
        u64::from(self.records[self.records.len() / 2].latency_us)
    }
}

impl DataSet for crate::data::IntlLogBatch {
    const NAME: &'static str = "intl_log";
    fn bench_value() -> Self {
        crate::data::intl_log_batch(crate::data::LOG_BATCH_RECORDS, crate::data::SEED)
    }
    fn test_values() -> Vec<Self> {
        TEST_SEEDS.iter().map(|&s| crate::data::intl_log_batch(500, s)).collect()
    }
    fn checksum(&self) -> u64 {
        self.0.checksum()
    }
    fn access(&self) -> u64 {
        self.0.access()
    }
}

/// Every peer reads the non-ASCII log batch with its log batch mirrors (the
/// same schema, other text).
impl<F: Format<crate::data::LogBatch>> Format<crate::data::IntlLogBatch> for F {
    const NAME: &'static str = <F as Format<crate::data::LogBatch>>::NAME;
    type Mirror = <F as Format<crate::data::LogBatch>>::Mirror;
    type Encoded = <F as Format<crate::data::LogBatch>>::Encoded;
    type Scratch = <F as Format<crate::data::LogBatch>>::Scratch;
    fn mirror(model: &crate::data::IntlLogBatch) -> Self::Mirror {
        <F as Format<crate::data::LogBatch>>::mirror(&model.0)
    }
    fn model(mirror: Self::Mirror) -> crate::data::IntlLogBatch {
        crate::data::IntlLogBatch(<F as Format<crate::data::LogBatch>>::model(mirror))
    }
    #[inline]
    fn encode(m: &Self::Mirror) -> Self::Encoded {
        <F as Format<crate::data::LogBatch>>::encode(m)
    }
    fn scratch() -> Self::Scratch {
        <F as Format<crate::data::LogBatch>>::scratch()
    }
    #[inline]
    fn encode_reuse<'s>(m: &Self::Mirror, scratch: &'s mut Self::Scratch) -> &'s [u8] {
        <F as Format<crate::data::LogBatch>>::encode_reuse(m, scratch)
    }
    #[inline]
    fn decode(bytes: &Self::Encoded, scratch: &mut Self::Scratch) -> Self::Mirror {
        <F as Format<crate::data::LogBatch>>::decode(bytes, scratch)
    }
    #[inline]
    fn access(bytes: &Self::Encoded) -> u64 {
        <F as Format<crate::data::LogBatch>>::access(bytes)
    }
    #[inline]
    fn read_all(bytes: &Self::Encoded) -> u64 {
        <F as Format<crate::data::LogBatch>>::read_all(bytes)
    }
}

impl<F: ZeroCopy<crate::data::LogBatch>> ZeroCopy<crate::data::IntlLogBatch> for F {
    const ALT: &'static str = <F as ZeroCopy<crate::data::LogBatch>>::ALT;
    #[inline]
    fn validate(bytes: &Self::Encoded) -> bool {
        <F as ZeroCopy<crate::data::LogBatch>>::validate(bytes)
    }
    #[inline]
    fn access_alt(bytes: &Self::Encoded) -> u64 {
        <F as ZeroCopy<crate::data::LogBatch>>::access_alt(bytes)
    }
    #[inline]
    fn read_all_alt(bytes: &Self::Encoded) -> u64 {
        <F as ZeroCopy<crate::data::LogBatch>>::read_all_alt(bytes)
    }
}

impl DataSet for crate::data::TelemetryExport {
    const NAME: &'static str = "telemetry";
    fn bench_value() -> Self {
        crate::data::telemetry(crate::data::TELEMETRY_SHAPE, crate::data::SEED)
    }
    fn test_values() -> Vec<Self> {
        let shape = crate::data::TelemetryShape { resources: 2, scopes: 2, spans: 30 };
        TEST_SEEDS.iter().map(|&s| crate::data::telemetry(shape, s)).collect()
    }
    fn checksum(&self) -> u64 {
        crate::data::telemetry_checksum(self)
    }
    fn access(&self) -> u64 {
        crate::data::telemetry_access(self)
    }
}

impl DataSet for crate::data::NumericBatch {
    const NAME: &'static str = "numeric";
    fn bench_value() -> Self {
        crate::data::numeric(crate::data::NUMERIC_SHAPE, crate::data::SEED)
    }
    fn test_values() -> Vec<Self> {
        let shape = crate::data::NumericShape { samples: 500, vertices: 300, triangles: 400 };
        TEST_SEEDS.iter().map(|&s| crate::data::numeric(shape, s)).collect()
    }
    fn checksum(&self) -> u64 {
        crate::data::numeric_checksum(self)
    }
    fn access(&self) -> u64 {
        crate::data::numeric_access(self)
    }
}

impl DataSet for crate::data::Blob {
    const NAME: &'static str = "large";
    fn bench_value() -> Self {
        crate::data::blob(crate::data::BLOB_PAYLOAD_LEN, crate::data::SEED)
    }
    /// One full-size (1 MiB) blob and two small ones.
    fn test_values() -> Vec<Self> {
        vec![Self::bench_value(), crate::data::blob(1_000, 1), crate::data::blob(1, 2)]
    }
    fn checksum(&self) -> u64 {
        crate::data::blob_checksum(self)
    }
    fn access(&self) -> u64 {
        crate::data::blob_access(self)
    }
}

impl DataSet for crate::data::Comment {
    const NAME: &'static str = "deep";
    fn bench_value() -> Self {
        crate::data::comment_thread(crate::data::THREAD_SHAPE, crate::data::SEED)
    }
    /// Full depth, fewer threads.
    fn test_values() -> Vec<Self> {
        let shape = crate::data::ThreadShape { threads: 3, ..crate::data::THREAD_SHAPE };
        TEST_SEEDS.iter().map(|&s| crate::data::comment_thread(shape, s)).collect()
    }
    fn checksum(&self) -> u64 {
        crate::data::comment_checksum(self)
    }
    fn access(&self) -> u64 {
        crate::data::comment_access(self)
    }
}

/// One peer format on one data set, in the shape the benchmarks drive.
///
/// `access` and `read_all` are what a reader that received the bytes does
/// to read one field or every field: a peer without random access decodes
/// everything first (that is the honest cost of reading one field with it).
pub trait Format<D: DataSet> {
    /// Column name in the tables (criterion function name).
    const NAME: &'static str;
    /// The peer's own type for the data set.
    type Mirror;
    /// Encoded bytes as a reader receives them (rkyv: an aligned buffer).
    type Encoded: std::ops::Deref<Target = [u8]>;
    /// State reused across calls (output buffer, bitcode's `Buffer`, ...).
    type Scratch;
    /// The mirror of a model value (not timed).
    fn mirror(model: &D) -> Self::Mirror;
    /// Back to the model (not timed).
    fn model(mirror: Self::Mirror) -> D;
    /// Encodes into fresh bytes.
    fn encode(m: &Self::Mirror) -> Self::Encoded;
    /// Fresh reusable state.
    fn scratch() -> Self::Scratch;
    /// Encodes reusing `scratch`'s allocations (as a tuned service would);
    /// returns the bytes, which live in `scratch`. The timed `encode`.
    fn encode_reuse<'s>(m: &Self::Mirror, scratch: &'s mut Self::Scratch) -> &'s [u8];
    /// Decodes an owned mirror (checking the input as the peer does). The timed `decode`.
    fn decode(bytes: &Self::Encoded, scratch: &mut Self::Scratch) -> Self::Mirror;
    /// Opens the bytes and reads the one field of [`DataSet::access`].
    fn access(bytes: &Self::Encoded) -> u64;
    /// Reads every field and folds it into a [`crate::data::Checksum`].
    fn read_all(bytes: &Self::Encoded) -> u64;
}

/// A zero-copy peer: eager validation on its own, and a second way to read
/// (zerowire: validated first; rkyv: unchecked).
pub trait ZeroCopy<D: DataSet>: Format<D> {
    /// Column name of the second way (`zerowire_validated`, `rkyv_unchecked`).
    const ALT: &'static str;
    /// Eager validation only; `true` if valid.
    fn validate(bytes: &Self::Encoded) -> bool;
    /// [`Format::access`] the second way.
    fn access_alt(bytes: &Self::Encoded) -> u64;
    /// [`Format::read_all`] the second way.
    fn read_all_alt(bytes: &Self::Encoded) -> u64;
}

/// Code generated by `capnpc-rust` 0.27 from `benches/schemas/bench.capnp`
/// (`benches/schemas/regen-capnp.sh`); not edited by hand.
#[cfg(feature = "peer-capnp")]
#[allow(
    missing_docs,
    unreachable_pub,
    unsafe_code,
    unused,
    clippy::all,
    clippy::pedantic,
    clippy::undocumented_unsafe_blocks,
    rust_2018_idioms
)]
pub mod bench_capnp;
/// Code generated by flatc 25.12.19 from `benches/schemas/bench.fbs`
/// (`benches/schemas/regen-flatbuffers.sh`); not edited by hand.
#[cfg(feature = "peer-flatbuffers")]
#[allow(
    missing_docs,
    unreachable_pub,
    unsafe_code,
    unused,
    deprecated,
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    clippy::all,
    clippy::pedantic,
    clippy::undocumented_unsafe_blocks,
    rust_2018_idioms
)]
pub mod bench_generated;
#[cfg(feature = "peer-bitcode")]
pub mod bitcode_fmt;
#[cfg(feature = "peer-capnp")]
pub mod capnp_fmt;
#[cfg(feature = "peer-flatbuffers")]
pub mod flatbuffers_fmt;
#[cfg(any(feature = "peer-serde-json", feature = "peer-simd-json", feature = "peer-sonic-rs"))]
pub mod json;
#[cfg(feature = "peer-prost")]
pub mod prost_pb;
#[cfg(feature = "peer-rkyv")]
pub mod rkyv_fmt;
#[cfg(feature = "peer-simd-json")]
pub mod simd_json_fmt;
#[cfg(feature = "peer-sonic-rs")]
pub mod sonic_rs_fmt;
pub mod zerowire_fmt;
