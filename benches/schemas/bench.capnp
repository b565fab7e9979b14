# Cap'n Proto schema of the benchmark data sets (benches/src/data.rs), for the
# capnp peer (benches/src/peers/capnp_fmt.rs). The Rust code generated from it
# is checked in as benches/src/peers/bench_capnp.rs; regenerate it with
# benches/schemas/regen-capnp.sh (needs the `capnp` tool, Debian package
# `capnproto`, and `cargo install capnpc --version 0.27.0` for the Rust plugin).
#
# Optional scalars are unions {none, some}; maps are lists of key/value
# structs sorted by key (Cap'n Proto has no maps); the attribute value union
# is inline in its entry.
@0xd5a1c0ffee2e2001;

enum Method { get @0; put @1; post @2; delete @3; patch @4; }

struct Request {
  id @0 :UInt64;
  userId @1 :UInt64;
  timestampNs @2 :Int64;
  method @3 :Method;
  path @4 :Text;
  client @5 :Text;
  priority @6 :UInt32;
  retry @7 :Bool;
  tags @8 :List(Text);
  traceId :union { none @9 :Void; some @10 :UInt64; }
}

enum Level { trace @0; debug @1; info @2; warn @3; error @4; }

struct LogRecord {
  timestampNs @0 :Int64;
  level @1 :Level;
  message @2 :Text;
  host @3 :Text;
  latencyUs @4 :UInt32;
  status @5 :UInt16;
  spanId :union { none @6 :Void; some @7 :UInt64; }
}

struct LogBatch {
  source @0 :Text;
  seq @1 :UInt64;
  records @2 :List(LogRecord);
}

enum SpanKind { unspecified @0; internal @1; server @2; client @3; producer @4; consumer @5; }
enum StatusCode { unset @0; ok @1; error @2; }

struct KeyValue {
  key @0 :Text;
  value :union { str @1 :Text; int @2 :Int64; double @3 :Float64; bool @4 :Bool; }
}

struct Status { code @0 :StatusCode; message @1 :Text; }

struct SpanEvent {
  timeNs @0 :UInt64;
  name @1 :Text;
  attributes @2 :List(KeyValue);
}

struct Span {
  traceId @0 :Data;
  spanId @1 :UInt64;
  name @2 :Text;
  kind @3 :SpanKind;
  startNs @4 :UInt64;
  endNs @5 :UInt64;
  attributes @6 :List(KeyValue);
  events @7 :List(SpanEvent);
  status @8 :Status;
  parentSpanId :union { none @9 :Void; some @10 :UInt64; }
}

struct ScopeSpans {
  scopeName @0 :Text;
  scopeVersion @1 :Text;
  spans @2 :List(Span);
}

struct ResourceSpans {
  resource @0 :List(KeyValue);
  schemaUrl @1 :Text;
  scopes @2 :List(ScopeSpans);
}

struct TelemetryExport { resources @0 :List(ResourceSpans); }

struct Vec3 { x @0 :Float32; y @1 :Float32; z @2 :Float32; }

struct NumericBatch {
  seriesId @0 :UInt64;
  name @1 :Text;
  timestampsNs @2 :List(Int64);
  values @3 :List(Float64);
  vertices @4 :List(Vec3);
  indices @5 :List(UInt32);
  weights @6 :List(Float32);
}

struct StringPair { key @0 :Text; value @1 :Text; }

struct Blob {
  id @0 :UInt64;
  name @1 :Text;
  contentType @2 :Text;
  createdNs @3 :Int64;
  metadata @4 :List(StringPair);
  digest @5 :Data;
  payload @6 :Data;
}

# A comment thread: a recursive struct (each level is a list pointer, within
# the reader's default nesting limit of 64 for the benchmark's 24 levels).
struct Comment {
  id @0 :UInt64;
  author @1 :Text;
  body @2 :Text;
  score @3 :Int32;
  replies @4 :List(Comment);
}
