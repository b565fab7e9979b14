//! Cap'n Proto via the `capnp` crate 0.27, with code generated from
//! `benches/schemas/bench.capnp` (checked in as [`super::bench_capnp`];
//! `benches/schemas/regen-capnp.sh` regenerates it).
//!
//! Cap'n Proto has no owned message types: a program builds a message with
//! builders and reads it with readers, in place. So this peer encodes
//! straight from the model types of [`crate::data`] and decodes into them
//! (`decode` = read every field through the readers and build the model
//! value, as a program that keeps the data must).
//!
//! - encode: build into a reused 8-byte-aligned scratch arena
//!   (`ScratchSpaceHeapAllocator`, which zeroes it first: Cap'n Proto builds
//!   in zeroed memory), then `serialize::write_message` into a reused `Vec`
//!   (segment table + segment), the bytes a sender writes out;
//! - access / read_all: `read_message_from_flat_slice` (no copy, default
//!   `ReaderOptions`), then the readers: O(1) random access, each pointer
//!   bounds-checked when followed, text UTF-8 checked by `to_str` (as
//!   zerowire's lazy view does). There is no eager validation pass to
//!   measure (the lazy checks are the model), so no `validate` row.
//! - Maps are lists of key/value structs; optional scalars are unions
//!   `{none, some}`; the mesh vertices are a list of inline `Vec3` structs.

use capnp::message::{self, ReaderOptions, ScratchSpaceHeapAllocator};
use capnp::serialize;

use super::Format;
use super::bench_capnp as cp;
use crate::data::{self, Checksum};

/// Reusable encode state: the 8-byte-aligned arena and the output buffer.
#[derive(Debug, Default)]
pub struct CapnpScratch {
    arena: Vec<capnp::Word>,
    out: Vec<u8>,
}

/// Cap'n Proto in the [`Format`] interface (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct Capnp;

fn open(bytes: &[u8]) -> capnp::Result<message::Reader<serialize::BufferSegments<&[u8]>>> {
    let mut slice = bytes;
    serialize::read_message_from_flat_slice(&mut slice, ReaderOptions::new())
}

fn text(t: capnp::Result<capnp::text::Reader<'_>>) -> capnp::Result<&str> {
    Ok(t?.to_str()?)
}

fn not_in_schema(e: capnp::NotInSchema) -> capnp::Error {
    e.into()
}

// ---- builders -------------------------------------------------------------------

fn set_attributes(mut list: capnp::struct_list::Builder<'_, cp::key_value::Owned>, a: &data::Attributes) {
    for (i, (k, v)) in a.iter().enumerate() {
        let mut e = list.reborrow().get(i as u32);
        e.set_key(k.as_str());
        let mut val = e.init_value();
        match v {
            data::AttrValue::Str(s) => val.set_str(s.as_str()),
            data::AttrValue::Int(n) => val.set_int(*n),
            data::AttrValue::Double(d) => val.set_double(*d),
            data::AttrValue::Bool(b) => val.set_bool(*b),
        }
    }
}

/// How one data set is built and read with Cap'n Proto.
pub trait CapnpSet: data_set::Sealed {
    /// Builds the message of `self` into `b`.
    fn build<A: message::Allocator>(&self, b: &mut message::Builder<A>);
    /// Reads every field into the model value.
    fn read_owned(bytes: &[u8]) -> capnp::Result<Self>
    where
        Self: Sized;
    /// The one field of `DataSet::access`.
    fn pick(bytes: &[u8]) -> capnp::Result<u64>;
    /// Every field into the checksum.
    fn checksum(bytes: &[u8]) -> capnp::Result<u64>;
}

mod data_set {
    pub trait Sealed: super::super::DataSet {}
    impl Sealed for crate::data::Request {}
    impl Sealed for crate::data::LogBatch {}
    impl Sealed for crate::data::TelemetryExport {}
    impl Sealed for crate::data::NumericBatch {}
    impl Sealed for crate::data::Blob {}
    impl Sealed for crate::data::Comment {}
}

impl<D: CapnpSet> Format<D> for Capnp {
    const NAME: &'static str = "capnp";
    type Mirror = D;
    type Encoded = Vec<u8>;
    type Scratch = CapnpScratch;
    fn mirror(model: &D) -> D {
        model.clone()
    }
    fn model(m: D) -> D {
        m
    }
    /// As [`Format::encode_reuse`] with fresh state (so the same bytes: one
    /// segment sized to the message).
    fn encode(m: &D) -> Vec<u8> {
        let mut s = CapnpScratch::default();
        <Self as Format<D>>::encode_reuse(m, &mut s);
        s.out
    }
    fn scratch() -> CapnpScratch {
        CapnpScratch::default()
    }
    #[inline]
    fn encode_reuse<'s>(m: &D, s: &'s mut CapnpScratch) -> &'s [u8] {
        if s.arena.is_empty() {
            // Size the arena once, from a first build, so one segment holds the message.
            let mut b = message::Builder::new_default();
            m.build(&mut b);
            let words = serialize::compute_serialized_size_in_words(&b) + 64;
            s.arena = vec![capnp::word(0, 0, 0, 0, 0, 0, 0, 0); words];
        }
        let alloc = ScratchSpaceHeapAllocator::new(capnp::Word::words_to_bytes_mut(&mut s.arena));
        let mut b = message::Builder::new(alloc);
        m.build(&mut b);
        if b.get_segments_for_output().len() > 1 {
            // A larger message than the arena was sized for: grow it and
            // rebuild, so the output is always one segment.
            let words = serialize::compute_serialized_size_in_words(&b) + 64;
            drop(b);
            s.arena = vec![capnp::word(0, 0, 0, 0, 0, 0, 0, 0); words];
            return <Self as Format<D>>::encode_reuse(m, s);
        }
        s.out.clear();
        serialize::write_message(&mut s.out, &b).expect("writing to a Vec does not fail");
        &s.out
    }
    #[inline]
    fn decode(bytes: &Vec<u8>, _: &mut CapnpScratch) -> D {
        D::read_owned(bytes).expect("valid capnp message")
    }
    #[inline]
    fn access(bytes: &Vec<u8>) -> u64 {
        D::pick(bytes).expect("valid capnp message")
    }
    #[inline]
    fn read_all(bytes: &Vec<u8>) -> u64 {
        <D as CapnpSet>::checksum(bytes).expect("valid capnp message")
    }
}

// ---- Request ----------------------------------------------------------------------

fn method_to(m: data::Method) -> cp::Method {
    match m {
        data::Method::Get => cp::Method::Get,
        data::Method::Put => cp::Method::Put,
        data::Method::Post => cp::Method::Post,
        data::Method::Delete => cp::Method::Delete,
        data::Method::Patch => cp::Method::Patch,
    }
}

impl CapnpSet for data::Request {
    fn build<A: message::Allocator>(&self, b: &mut message::Builder<A>) {
        let mut r = b.init_root::<cp::request::Builder<'_>>();
        r.set_id(self.id);
        r.set_user_id(self.user_id);
        r.set_timestamp_ns(self.timestamp_ns);
        r.set_method(method_to(self.method));
        r.set_path(self.path.as_str());
        r.set_client(self.client.as_str());
        r.set_priority(self.priority);
        r.set_retry(self.retry);
        let mut tags = r.reborrow().init_tags(self.tags.len() as u32);
        for (i, t) in self.tags.iter().enumerate() {
            tags.set(i as u32, t.as_str());
        }
        match self.trace_id {
            Some(v) => r.init_trace_id().set_some(v),
            None => r.init_trace_id().set_none(()),
        }
    }

    fn read_owned(bytes: &[u8]) -> capnp::Result<Self> {
        let msg = open(bytes)?;
        let r = msg.get_root::<cp::request::Reader<'_>>()?;
        let tags = r.get_tags()?;
        let mut out_tags = Vec::with_capacity(tags.len() as usize);
        for t in tags.iter() {
            out_tags.push(t?.to_str()?.to_owned());
        }
        Ok(data::Request {
            id: r.get_id(),
            user_id: r.get_user_id(),
            timestamp_ns: r.get_timestamp_ns(),
            method: data::Method::ALL[r.get_method().map_err(not_in_schema)? as usize],
            path: text(r.get_path())?.to_owned(),
            client: text(r.get_client())?.to_owned(),
            trace_id: match r.get_trace_id().which().map_err(not_in_schema)? {
                cp::request::trace_id::Which::Some(v) => Some(v),
                cp::request::trace_id::Which::None(()) => None,
            },
            priority: r.get_priority(),
            retry: r.get_retry(),
            tags: out_tags,
        })
    }

    fn pick(bytes: &[u8]) -> capnp::Result<u64> {
        Ok(open(bytes)?.get_root::<cp::request::Reader<'_>>()?.get_id())
    }

    fn checksum(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let r = msg.get_root::<cp::request::Reader<'_>>()?;
        let mut c = Checksum::new();
        c.add(r.get_id());
        c.add(r.get_user_id());
        c.add(r.get_timestamp_ns() as u64);
        c.add(r.get_method().map_err(not_in_schema)? as u64);
        c.add(text(r.get_path())?.len() as u64);
        c.add(text(r.get_client())?.len() as u64);
        c.add_opt(match r.get_trace_id().which().map_err(not_in_schema)? {
            cp::request::trace_id::Which::Some(v) => Some(v),
            cp::request::trace_id::Which::None(()) => None,
        });
        c.add(u64::from(r.get_priority()));
        c.add(u64::from(r.get_retry()));
        let tags = r.get_tags()?;
        c.add(u64::from(tags.len()));
        for t in tags.iter() {
            c.add(t?.to_str()?.len() as u64);
        }
        Ok(c.finish())
    }
}

// ---- LogBatch ---------------------------------------------------------------------

impl CapnpSet for data::LogBatch {
    fn build<A: message::Allocator>(&self, b: &mut message::Builder<A>) {
        let mut root = b.init_root::<cp::log_batch::Builder<'_>>();
        root.set_source(self.source.as_str());
        root.set_seq(self.seq);
        let mut records = root.init_records(self.records.len() as u32);
        for (i, r) in self.records.iter().enumerate() {
            let mut e = records.reborrow().get(i as u32);
            e.set_timestamp_ns(r.timestamp_ns);
            e.set_level(match r.level {
                data::Level::Trace => cp::Level::Trace,
                data::Level::Debug => cp::Level::Debug,
                data::Level::Info => cp::Level::Info,
                data::Level::Warn => cp::Level::Warn,
                data::Level::Error => cp::Level::Error,
            });
            e.set_message(r.message.as_str());
            e.set_host(r.host.as_str());
            e.set_latency_us(r.latency_us);
            e.set_status(r.status);
            match r.span_id {
                Some(v) => e.init_span_id().set_some(v),
                None => e.init_span_id().set_none(()),
            }
        }
    }

    fn read_owned(bytes: &[u8]) -> capnp::Result<Self> {
        let msg = open(bytes)?;
        let b = msg.get_root::<cp::log_batch::Reader<'_>>()?;
        let list = b.get_records()?;
        let mut records = Vec::with_capacity(list.len() as usize);
        for r in list.iter() {
            records.push(data::LogRecord {
                timestamp_ns: r.get_timestamp_ns(),
                level: data::Level::ALL[r.get_level().map_err(not_in_schema)? as usize],
                message: text(r.get_message())?.to_owned(),
                host: text(r.get_host())?.to_owned(),
                latency_us: r.get_latency_us(),
                status: r.get_status(),
                span_id: match r.get_span_id().which().map_err(not_in_schema)? {
                    cp::log_record::span_id::Which::Some(v) => Some(v),
                    cp::log_record::span_id::Which::None(()) => None,
                },
            });
        }
        Ok(data::LogBatch { source: text(b.get_source())?.to_owned(), seq: b.get_seq(), records })
    }

    fn pick(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let records = msg.get_root::<cp::log_batch::Reader<'_>>()?.get_records()?;
        Ok(u64::from(records.try_get(records.len() / 2).ok_or_else(out_of_range)?.get_latency_us()))
    }

    fn checksum(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let b = msg.get_root::<cp::log_batch::Reader<'_>>()?;
        let mut c = Checksum::new();
        c.add(text(b.get_source())?.len() as u64);
        c.add(b.get_seq());
        let records = b.get_records()?;
        c.add(u64::from(records.len()));
        for r in records.iter() {
            c.add(r.get_timestamp_ns() as u64);
            c.add(r.get_level().map_err(not_in_schema)? as u64);
            c.add(text(r.get_message())?.len() as u64);
            c.add(text(r.get_host())?.len() as u64);
            c.add(u64::from(r.get_latency_us()));
            c.add(u64::from(r.get_status()));
            c.add_opt(match r.get_span_id().which().map_err(not_in_schema)? {
                cp::log_record::span_id::Which::Some(v) => Some(v),
                cp::log_record::span_id::Which::None(()) => None,
            });
        }
        Ok(c.finish())
    }
}

fn out_of_range() -> capnp::Error {
    capnp::Error::failed("index out of range".into())
}

// ---- TelemetryExport -------------------------------------------------------------

fn read_attributes(list: capnp::struct_list::Reader<'_, cp::key_value::Owned>) -> capnp::Result<data::Attributes> {
    let mut out = data::Attributes::new();
    for e in list.iter() {
        let v = match e.get_value().which().map_err(not_in_schema)? {
            cp::key_value::value::Which::Str(s) => data::AttrValue::Str(s?.to_str()?.to_owned()),
            cp::key_value::value::Which::Int(n) => data::AttrValue::Int(n),
            cp::key_value::value::Which::Double(d) => data::AttrValue::Double(d),
            cp::key_value::value::Which::Bool(b) => data::AttrValue::Bool(b),
        };
        out.insert(text(e.get_key())?.to_owned(), v);
    }
    Ok(out)
}

fn attributes_into(list: capnp::struct_list::Reader<'_, cp::key_value::Owned>, c: &mut Checksum) -> capnp::Result<()> {
    c.add(u64::from(list.len()));
    for e in list.iter() {
        c.add(text(e.get_key())?.len() as u64);
        match e.get_value().which().map_err(not_in_schema)? {
            cp::key_value::value::Which::Str(s) => {
                c.add(0);
                c.add(s?.to_str()?.len() as u64);
            }
            cp::key_value::value::Which::Int(n) => {
                c.add(1);
                c.add(n as u64);
            }
            cp::key_value::value::Which::Double(d) => {
                c.add(2);
                c.add(d.to_bits());
            }
            cp::key_value::value::Which::Bool(b) => {
                c.add(3);
                c.add(u64::from(b));
            }
        }
    }
    Ok(())
}

fn trace_id(d: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    let n = d.len().min(16);
    out[..n].copy_from_slice(&d[..n]);
    out
}

impl CapnpSet for data::TelemetryExport {
    fn build<A: message::Allocator>(&self, b: &mut message::Builder<A>) {
        let root = b.init_root::<cp::telemetry_export::Builder<'_>>();
        let mut resources = root.init_resources(self.resources.len() as u32);
        for (ri, r) in self.resources.iter().enumerate() {
            let mut rb = resources.reborrow().get(ri as u32);
            set_attributes(rb.reborrow().init_resource(r.resource.len() as u32), &r.resource);
            rb.set_schema_url(r.schema_url.as_str());
            let mut scopes = rb.init_scopes(r.scopes.len() as u32);
            for (si, s) in r.scopes.iter().enumerate() {
                let mut sb = scopes.reborrow().get(si as u32);
                sb.set_scope_name(s.scope_name.as_str());
                sb.set_scope_version(s.scope_version.as_str());
                let mut spans = sb.init_spans(s.spans.len() as u32);
                for (i, sp) in s.spans.iter().enumerate() {
                    let mut b = spans.reborrow().get(i as u32);
                    b.set_trace_id(&sp.trace_id[..]);
                    b.set_span_id(sp.span_id);
                    b.set_name(sp.name.as_str());
                    b.set_kind(match sp.kind {
                        data::SpanKind::Unspecified => cp::SpanKind::Unspecified,
                        data::SpanKind::Internal => cp::SpanKind::Internal,
                        data::SpanKind::Server => cp::SpanKind::Server,
                        data::SpanKind::Client => cp::SpanKind::Client,
                        data::SpanKind::Producer => cp::SpanKind::Producer,
                        data::SpanKind::Consumer => cp::SpanKind::Consumer,
                    });
                    b.set_start_ns(sp.start_ns);
                    b.set_end_ns(sp.end_ns);
                    set_attributes(b.reborrow().init_attributes(sp.attributes.len() as u32), &sp.attributes);
                    let mut events = b.reborrow().init_events(sp.events.len() as u32);
                    for (ei, e) in sp.events.iter().enumerate() {
                        let mut eb = events.reborrow().get(ei as u32);
                        eb.set_time_ns(e.time_ns);
                        eb.set_name(e.name.as_str());
                        set_attributes(eb.init_attributes(e.attributes.len() as u32), &e.attributes);
                    }
                    let mut st = b.reborrow().init_status();
                    st.set_code(match sp.status.code {
                        data::StatusCode::Unset => cp::StatusCode::Unset,
                        data::StatusCode::Ok => cp::StatusCode::Ok,
                        data::StatusCode::Error => cp::StatusCode::Error,
                    });
                    st.set_message(sp.status.message.as_str());
                    match sp.parent_span_id {
                        Some(v) => b.init_parent_span_id().set_some(v),
                        None => b.init_parent_span_id().set_none(()),
                    }
                }
            }
        }
    }

    fn read_owned(bytes: &[u8]) -> capnp::Result<Self> {
        let msg = open(bytes)?;
        let t = msg.get_root::<cp::telemetry_export::Reader<'_>>()?;
        let mut resources = Vec::new();
        for r in t.get_resources()?.iter() {
            let mut scopes = Vec::new();
            for s in r.get_scopes()?.iter() {
                let mut spans = Vec::new();
                for sp in s.get_spans()?.iter() {
                    let mut events = Vec::new();
                    for e in sp.get_events()?.iter() {
                        events.push(data::SpanEvent {
                            time_ns: e.get_time_ns(),
                            name: text(e.get_name())?.to_owned(),
                            attributes: read_attributes(e.get_attributes()?)?,
                        });
                    }
                    let st = sp.get_status()?;
                    spans.push(data::Span {
                        trace_id: trace_id(sp.get_trace_id()?),
                        span_id: sp.get_span_id(),
                        parent_span_id: match sp.get_parent_span_id().which().map_err(not_in_schema)? {
                            cp::span::parent_span_id::Which::Some(v) => Some(v),
                            cp::span::parent_span_id::Which::None(()) => None,
                        },
                        name: text(sp.get_name())?.to_owned(),
                        kind: data::SpanKind::ALL[sp.get_kind().map_err(not_in_schema)? as usize],
                        start_ns: sp.get_start_ns(),
                        end_ns: sp.get_end_ns(),
                        attributes: read_attributes(sp.get_attributes()?)?,
                        events,
                        status: data::Status {
                            code: data::StatusCode::ALL[st.get_code().map_err(not_in_schema)? as usize],
                            message: text(st.get_message())?.to_owned(),
                        },
                    });
                }
                scopes.push(data::ScopeSpans {
                    scope_name: text(s.get_scope_name())?.to_owned(),
                    scope_version: text(s.get_scope_version())?.to_owned(),
                    spans,
                });
            }
            resources.push(data::ResourceSpans {
                resource: read_attributes(r.get_resource()?)?,
                schema_url: text(r.get_schema_url())?.to_owned(),
                scopes,
            });
        }
        Ok(data::TelemetryExport { resources })
    }

    fn pick(bytes: &[u8]) -> capnp::Result<u64> {
        let (r, s, i) = data::TELEMETRY_ACCESS;
        let msg = open(bytes)?;
        let t = msg.get_root::<cp::telemetry_export::Reader<'_>>()?;
        let span = t
            .get_resources()?
            .try_get(r as u32)
            .ok_or_else(out_of_range)?
            .get_scopes()?
            .try_get(s as u32)
            .ok_or_else(out_of_range)?
            .get_spans()?
            .try_get(i as u32)
            .ok_or_else(out_of_range)?;
        Ok(span.get_end_ns())
    }

    fn checksum(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let t = msg.get_root::<cp::telemetry_export::Reader<'_>>()?;
        let mut c = Checksum::new();
        let resources = t.get_resources()?;
        c.add(u64::from(resources.len()));
        for r in resources.iter() {
            attributes_into(r.get_resource()?, &mut c)?;
            c.add(text(r.get_schema_url())?.len() as u64);
            let scopes = r.get_scopes()?;
            c.add(u64::from(scopes.len()));
            for s in scopes.iter() {
                c.add(text(s.get_scope_name())?.len() as u64);
                c.add(text(s.get_scope_version())?.len() as u64);
                let spans = s.get_spans()?;
                c.add(u64::from(spans.len()));
                for sp in spans.iter() {
                    let id = trace_id(sp.get_trace_id()?);
                    c.add(data::trace_id_lo(&id));
                    c.add(data::trace_id_hi(&id));
                    c.add(sp.get_span_id());
                    c.add_opt(match sp.get_parent_span_id().which().map_err(not_in_schema)? {
                        cp::span::parent_span_id::Which::Some(v) => Some(v),
                        cp::span::parent_span_id::Which::None(()) => None,
                    });
                    c.add(text(sp.get_name())?.len() as u64);
                    c.add(sp.get_kind().map_err(not_in_schema)? as u64);
                    c.add(sp.get_start_ns());
                    c.add(sp.get_end_ns());
                    attributes_into(sp.get_attributes()?, &mut c)?;
                    let events = sp.get_events()?;
                    c.add(u64::from(events.len()));
                    for e in events.iter() {
                        c.add(e.get_time_ns());
                        c.add(text(e.get_name())?.len() as u64);
                        attributes_into(e.get_attributes()?, &mut c)?;
                    }
                    let st = sp.get_status()?;
                    c.add(st.get_code().map_err(not_in_schema)? as u64);
                    c.add(text(st.get_message())?.len() as u64);
                }
            }
        }
        Ok(c.finish())
    }
}

// ---- NumericBatch ----------------------------------------------------------------

impl CapnpSet for data::NumericBatch {
    fn build<A: message::Allocator>(&self, b: &mut message::Builder<A>) {
        let mut n = b.init_root::<cp::numeric_batch::Builder<'_>>();
        n.set_series_id(self.series_id);
        n.set_name(self.name.as_str());
        let mut ts = n.reborrow().init_timestamps_ns(self.timestamps_ns.len() as u32);
        for (i, &t) in self.timestamps_ns.iter().enumerate() {
            ts.set(i as u32, t);
        }
        let mut values = n.reborrow().init_values(self.values.len() as u32);
        for (i, &v) in self.values.iter().enumerate() {
            values.set(i as u32, v);
        }
        let mut vertices = n.reborrow().init_vertices(self.vertices.len() as u32);
        for (i, p) in self.vertices.iter().enumerate() {
            let mut v = vertices.reborrow().get(i as u32);
            v.set_x(p.x);
            v.set_y(p.y);
            v.set_z(p.z);
        }
        let mut indices = n.reborrow().init_indices(self.indices.len() as u32);
        for (i, &x) in self.indices.iter().enumerate() {
            indices.set(i as u32, x);
        }
        let mut weights = n.init_weights(self.weights.len() as u32);
        for (i, &w) in self.weights.iter().enumerate() {
            weights.set(i as u32, w);
        }
    }

    fn read_owned(bytes: &[u8]) -> capnp::Result<Self> {
        let msg = open(bytes)?;
        let n = msg.get_root::<cp::numeric_batch::Reader<'_>>()?;
        Ok(data::NumericBatch {
            series_id: n.get_series_id(),
            name: text(n.get_name())?.to_owned(),
            timestamps_ns: n.get_timestamps_ns()?.iter().collect(),
            values: n.get_values()?.iter().collect(),
            vertices: n
                .get_vertices()?
                .iter()
                .map(|v| data::Vec3 { x: v.get_x(), y: v.get_y(), z: v.get_z() })
                .collect(),
            indices: n.get_indices()?.iter().collect(),
            weights: n.get_weights()?.iter().collect(),
        })
    }

    fn pick(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let values = msg.get_root::<cp::numeric_batch::Reader<'_>>()?.get_values()?;
        Ok(values.try_get(values.len() / 2).ok_or_else(out_of_range)?.to_bits())
    }

    fn checksum(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let n = msg.get_root::<cp::numeric_batch::Reader<'_>>()?;
        let mut c = Checksum::new();
        c.add(n.get_series_id());
        c.add(text(n.get_name())?.len() as u64);
        let ts = n.get_timestamps_ns()?;
        c.add(u64::from(ts.len()));
        for t in ts.iter() {
            c.add(t as u64);
        }
        let values = n.get_values()?;
        c.add(u64::from(values.len()));
        for v in values.iter() {
            c.add(v.to_bits());
        }
        let vertices = n.get_vertices()?;
        c.add(u64::from(vertices.len()));
        for p in vertices.iter() {
            c.add(u64::from(p.get_x().to_bits()));
            c.add(u64::from(p.get_y().to_bits()));
            c.add(u64::from(p.get_z().to_bits()));
        }
        let indices = n.get_indices()?;
        c.add(u64::from(indices.len()));
        for i in indices.iter() {
            c.add(u64::from(i));
        }
        let weights = n.get_weights()?;
        c.add(u64::from(weights.len()));
        for w in weights.iter() {
            c.add(u64::from(w.to_bits()));
        }
        Ok(c.finish())
    }
}

// ---- Blob ------------------------------------------------------------------------

impl CapnpSet for data::Blob {
    fn build<A: message::Allocator>(&self, b: &mut message::Builder<A>) {
        let mut r = b.init_root::<cp::blob::Builder<'_>>();
        r.set_id(self.id);
        r.set_name(self.name.as_str());
        r.set_content_type(self.content_type.as_str());
        r.set_created_ns(self.created_ns);
        let mut md = r.reborrow().init_metadata(self.metadata.len() as u32);
        for (i, (k, v)) in self.metadata.iter().enumerate() {
            let mut e = md.reborrow().get(i as u32);
            e.set_key(k.as_str());
            e.set_value(v.as_str());
        }
        r.set_digest(&self.digest[..]);
        r.set_payload(&self.payload[..]);
    }

    fn read_owned(bytes: &[u8]) -> capnp::Result<Self> {
        let msg = open(bytes)?;
        let r = msg.get_root::<cp::blob::Reader<'_>>()?;
        let mut metadata = std::collections::BTreeMap::new();
        for e in r.get_metadata()?.iter() {
            metadata.insert(text(e.get_key())?.to_owned(), text(e.get_value())?.to_owned());
        }
        let d = r.get_digest()?;
        let mut digest = [0u8; 32];
        let n = d.len().min(32);
        digest[..n].copy_from_slice(&d[..n]);
        Ok(data::Blob {
            id: r.get_id(),
            name: text(r.get_name())?.to_owned(),
            content_type: text(r.get_content_type())?.to_owned(),
            created_ns: r.get_created_ns(),
            metadata,
            digest,
            payload: r.get_payload()?.to_vec(),
        })
    }

    fn pick(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        Ok(data::blob_access_of(msg.get_root::<cp::blob::Reader<'_>>()?.get_payload()?))
    }

    fn checksum(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let r = msg.get_root::<cp::blob::Reader<'_>>()?;
        let mut c = Checksum::new();
        c.add(r.get_id());
        c.add(text(r.get_name())?.len() as u64);
        c.add(text(r.get_content_type())?.len() as u64);
        c.add(r.get_created_ns() as u64);
        let md = r.get_metadata()?;
        c.add(u64::from(md.len()));
        for e in md.iter() {
            c.add(text(e.get_key())?.len() as u64);
            c.add(text(e.get_value())?.len() as u64);
        }
        data::bytes_checksum_into(r.get_digest()?, &mut c);
        data::bytes_checksum_into(r.get_payload()?, &mut c);
        Ok(c.finish())
    }
}

// ---- Comment thread --------------------------------------------------------------

fn build_comment(mut b: cp::comment::Builder<'_>, x: &data::Comment) {
    b.set_id(x.id);
    b.set_author(x.author.as_str());
    b.set_body(x.body.as_str());
    b.set_score(x.score);
    if !x.replies.is_empty() {
        let mut replies = b.init_replies(x.replies.len() as u32);
        for (i, r) in x.replies.iter().enumerate() {
            build_comment(replies.reborrow().get(i as u32), r);
        }
    }
}

fn read_comment(x: cp::comment::Reader<'_>) -> capnp::Result<data::Comment> {
    let list = x.get_replies()?;
    let mut replies = Vec::with_capacity(list.len() as usize);
    for r in list.iter() {
        replies.push(read_comment(r)?);
    }
    Ok(data::Comment {
        id: x.get_id(),
        author: text(x.get_author())?.to_owned(),
        body: text(x.get_body())?.to_owned(),
        score: x.get_score(),
        replies,
    })
}

fn comment_into(x: cp::comment::Reader<'_>, c: &mut Checksum) -> capnp::Result<()> {
    c.add(x.get_id());
    c.add(text(x.get_author())?.len() as u64);
    c.add(text(x.get_body())?.len() as u64);
    c.add(x.get_score() as u64);
    let replies = x.get_replies()?;
    c.add(u64::from(replies.len()));
    for r in replies.iter() {
        comment_into(r, c)?;
    }
    Ok(())
}

/// A comment's replies are a list pointer (null when there are none, read
/// as an empty list): each level of the thread costs one level of the
/// reader's nesting limit (64 by default).
impl CapnpSet for data::Comment {
    fn build<A: message::Allocator>(&self, b: &mut message::Builder<A>) {
        build_comment(b.init_root::<cp::comment::Builder<'_>>(), self);
    }

    fn read_owned(bytes: &[u8]) -> capnp::Result<Self> {
        let msg = open(bytes)?;
        read_comment(msg.get_root::<cp::comment::Reader<'_>>()?)
    }

    fn pick(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let mut x = msg.get_root::<cp::comment::Reader<'_>>()?;
        loop {
            let replies = x.get_replies()?;
            if replies.is_empty() {
                return Ok(x.get_id());
            }
            x = replies.get(0);
        }
    }

    fn checksum(bytes: &[u8]) -> capnp::Result<u64> {
        let msg = open(bytes)?;
        let mut c = Checksum::new();
        comment_into(msg.get_root::<cp::comment::Reader<'_>>()?, &mut c)?;
        Ok(c.finish())
    }
}
