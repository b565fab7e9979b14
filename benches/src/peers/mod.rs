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

pub mod bitcode_fmt;
pub mod json;
pub mod prost_pb;
pub mod rkyv_fmt;
pub mod zerowire_fmt;
