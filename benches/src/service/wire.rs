//! The service's own messages (the ack, the summary, the watch request) in
//! each wire format, and the server's work on each format's request types:
//! every implementation reads the request through its format's types and
//! hands the fields to the one computation in [`super`] ([`Ack::compute`],
//! [`SummaryBuilder`]), so all of them compute the same answers.
//!
//! The request types themselves are the data sets' mirrors in
//! [`crate::peers`]: `zerowire_fmt`, `prost_pb` and `json`.

use super::{Ack, Summary, SummaryBuilder};
use crate::peers::{json, prost_pb, zerowire_fmt};

/// `From` both ways between the model's [`super::Ack`] and [`super::Summary`]
/// and a format's owned `Ack` and `Summary` with the same fields.
macro_rules! owned_answer_conversions {
    () => {
        impl From<super::Ack> for Ack {
            fn from(a: super::Ack) -> Self {
                Ack { id: a.id, user_id: a.user_id, digest: a.digest, accepted: a.accepted }
            }
        }

        impl From<Ack> for super::Ack {
            fn from(a: Ack) -> Self {
                super::Ack { id: a.id, user_id: a.user_id, digest: a.digest, accepted: a.accepted }
            }
        }

        impl From<super::Summary> for Summary {
            fn from(s: super::Summary) -> Self {
                Summary {
                    spans: s.spans,
                    events: s.events,
                    errors: s.errors,
                    duration_ns: s.duration_ns,
                    checksum: s.checksum,
                }
            }
        }

        impl From<Summary> for super::Summary {
            fn from(s: Summary) -> Self {
                super::Summary {
                    spans: s.spans,
                    events: s.events,
                    errors: s.errors,
                    duration_ns: s.duration_ns,
                    checksum: s.checksum,
                }
            }
        }
    };
}

/// zerowire's messages: `#[derive(zerowire::Message)]`, as a user writes them.
pub mod zw {
    use zerowire::Validated;

    use super::*;

    /// The answer to the small call (see [`super::Ack`]).
    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Ack {
        /// The request's id.
        pub id: u64,
        /// The request's user id.
        pub user_id: u64,
        /// The checksum over every field of the request.
        pub digest: u64,
        /// Whether the request is accepted.
        pub accepted: bool,
    }

    /// The answer to the telemetry call and each item of the watch stream
    /// (see [`super::Summary`]).
    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Summary {
        /// Spans in the export.
        pub spans: u64,
        /// Events over all spans.
        pub events: u64,
        /// Spans whose status is an error.
        pub errors: u64,
        /// Sum of the spans' durations, in nanoseconds.
        pub duration_ns: u64,
        /// The checksum over every field of the export.
        pub checksum: u64,
    }

    /// The server-streaming call's request: how many telemetry batches to send.
    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct WatchRequest {
        /// Number of batches to stream back.
        pub batches: u32,
    }

    /// The server's work on a small request, read in place through the
    /// validated view (the request was validated when it was received:
    /// `Owned::new`, a typed frame, the tonic and axum extractors).
    pub fn ack(r: &zerowire_fmt::RequestView<'_, Validated>) -> super::Ack {
        let digest = zerowire_fmt::checksum_request_valid(r);
        super::Ack::compute(r.id(), r.user_id(), r.priority(), r.retry(), digest)
    }

    /// The server's work on a telemetry export, read in place through the
    /// validated view.
    pub fn summary(t: &zerowire_fmt::TelemetryExportView<'_, Validated>) -> super::Summary {
        let mut s = SummaryBuilder::default();
        for r in t.resources().iter() {
            for scope in r.scopes().iter() {
                for span in scope.spans().iter() {
                    let error = span.status().code() == zerowire_fmt::StatusCode::Error;
                    s.span(span.events().len(), error, span.start_ns(), span.end_ns());
                }
            }
        }
        s.finish(zerowire_fmt::checksum_telemetry_valid(t))
    }

    owned_answer_conversions!();

    impl From<&AckView<'_, Validated>> for super::Ack {
        fn from(a: &AckView<'_, Validated>) -> Self {
            super::Ack { id: a.id(), user_id: a.user_id(), digest: a.digest(), accepted: a.accepted() }
        }
    }

    impl From<&SummaryView<'_, Validated>> for super::Summary {
        fn from(s: &SummaryView<'_, Validated>) -> Self {
            super::Summary {
                spans: s.spans(),
                events: s.events(),
                errors: s.errors(),
                duration_ns: s.duration_ns(),
                checksum: s.checksum(),
            }
        }
    }
}

/// Protocol Buffers messages: hand-written `#[derive(prost::Message)]`.
///
/// ```proto
/// message Ack { fixed64 id = 1; uint64 user_id = 2; fixed64 digest = 3; bool accepted = 4; }
/// message Summary { uint64 spans = 1; uint64 events = 2; uint64 errors = 3; uint64 duration_ns = 4; fixed64 checksum = 5; }
/// message WatchRequest { uint32 batches = 1; }
/// ```
pub mod pb {
    use super::*;

    /// The answer to the small call (see [`super::Ack`]).
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Ack {
        /// The request's id.
        #[prost(fixed64, tag = "1")]
        pub id: u64,
        /// The request's user id.
        #[prost(uint64, tag = "2")]
        pub user_id: u64,
        /// The checksum over every field of the request.
        #[prost(fixed64, tag = "3")]
        pub digest: u64,
        /// Whether the request is accepted.
        #[prost(bool, tag = "4")]
        pub accepted: bool,
    }

    /// The answer to the telemetry call and each watch item (see [`super::Summary`]).
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Summary {
        /// Spans in the export.
        #[prost(uint64, tag = "1")]
        pub spans: u64,
        /// Events over all spans.
        #[prost(uint64, tag = "2")]
        pub events: u64,
        /// Spans whose status is an error.
        #[prost(uint64, tag = "3")]
        pub errors: u64,
        /// Sum of the spans' durations, in nanoseconds.
        #[prost(uint64, tag = "4")]
        pub duration_ns: u64,
        /// The checksum over every field of the export.
        #[prost(fixed64, tag = "5")]
        pub checksum: u64,
    }

    /// The server-streaming call's request.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct WatchRequest {
        /// Number of batches to stream back.
        #[prost(uint32, tag = "1")]
        pub batches: u32,
    }

    /// The server's work on a decoded small request.
    pub fn ack(r: &prost_pb::Request) -> super::Ack {
        super::Ack::compute(r.id, r.user_id, r.priority, r.retry, prost_pb::checksum_request(r))
    }

    /// The server's work on a decoded telemetry export.
    pub fn summary(t: &prost_pb::TelemetryExport) -> super::Summary {
        let mut s = SummaryBuilder::default();
        for r in &t.resources {
            for scope in &r.scopes {
                for span in &scope.spans {
                    let error = span.status.as_ref().is_some_and(|s| s.code == prost_pb::StatusCode::Error as i32);
                    s.span(span.events.len(), error, span.start_ns, span.end_ns);
                }
            }
        }
        s.finish(prost_pb::checksum_telemetry(t))
    }

    owned_answer_conversions!();
}

/// JSON messages: serde derives, read and written by serde_json.
pub mod js {
    use serde::{Deserialize, Serialize};

    use super::*;

    /// The answer to the small call (see [`super::Ack`]).
    #[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
    pub struct Ack {
        /// The request's id.
        pub id: u64,
        /// The request's user id.
        pub user_id: u64,
        /// The checksum over every field of the request.
        pub digest: u64,
        /// Whether the request is accepted.
        pub accepted: bool,
    }

    /// The answer to the telemetry call and each watch item (see [`super::Summary`]).
    #[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
    pub struct Summary {
        /// Spans in the export.
        pub spans: u64,
        /// Events over all spans.
        pub events: u64,
        /// Spans whose status is an error.
        pub errors: u64,
        /// Sum of the spans' durations, in nanoseconds.
        pub duration_ns: u64,
        /// The checksum over every field of the export.
        pub checksum: u64,
    }

    /// The server-streaming call's request.
    #[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
    pub struct WatchRequest {
        /// Number of batches to stream back.
        pub batches: u32,
    }

    /// The server's work on a parsed small request.
    pub fn ack(r: &json::Request) -> super::Ack {
        super::Ack::compute(r.id, r.user_id, r.priority, r.retry, json::checksum_request(r))
    }

    /// The server's work on a parsed telemetry export.
    pub fn summary(t: &json::TelemetryExport) -> super::Summary {
        let mut s = SummaryBuilder::default();
        for r in &t.resources {
            for scope in &r.scopes {
                for span in &scope.spans {
                    let error = span.status.code == json::StatusCode::Error;
                    s.span(span.events.len(), error, span.start_ns, span.end_ns);
                }
            }
        }
        s.finish(json::checksum_telemetry(t))
    }

    owned_answer_conversions!();
}
