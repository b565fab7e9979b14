//! The checksum walks over owned values of the telemetry, numeric and large
//! data sets, written once: [`crate::data`] invokes them on the model types
//! (the reference checksums), the peers with owned mirrors on theirs (same
//! field names), so a peer's `read_all` is checked against the very walk it
//! shares with the model.

/// Checksums over owned values of the telemetry, numeric and large data
/// sets: the model's reference checksums ([`crate::data`]) and every peer's
/// owned mirrors (same field names as the model; enums with `code()`, the
/// attribute value with `checksum_into`), in the order of the model's
/// checksums in [`crate::data`]. Defines `checksum_telemetry`,
/// `checksum_numeric`, `checksum_blob` in the invoking module.
macro_rules! owned_checksums {
    () => {
        fn attributes_into(a: &std::collections::BTreeMap<String, AttrValue>, c: &mut $crate::data::Checksum) {
            c.add(a.len() as u64);
            for (k, v) in a {
                c.add(k.len() as u64);
                v.checksum_into(c);
            }
        }

        /// Every field of a telemetry export (the walk of [`crate::data::telemetry_checksum`]).
        pub fn checksum_telemetry(t: &TelemetryExport) -> u64 {
            use $crate::data::{trace_id_hi, trace_id_lo};
            let mut c = $crate::data::Checksum::new();
            c.add(t.resources.len() as u64);
            for r in &t.resources {
                attributes_into(&r.resource, &mut c);
                c.add(r.schema_url.len() as u64);
                c.add(r.scopes.len() as u64);
                for s in &r.scopes {
                    c.add(s.scope_name.len() as u64);
                    c.add(s.scope_version.len() as u64);
                    c.add(s.spans.len() as u64);
                    for sp in &s.spans {
                        c.add(trace_id_lo(&sp.trace_id));
                        c.add(trace_id_hi(&sp.trace_id));
                        c.add(sp.span_id);
                        c.add_opt(sp.parent_span_id);
                        c.add(sp.name.len() as u64);
                        c.add(sp.kind.code());
                        c.add(sp.start_ns);
                        c.add(sp.end_ns);
                        attributes_into(&sp.attributes, &mut c);
                        c.add(sp.events.len() as u64);
                        for e in &sp.events {
                            c.add(e.time_ns);
                            c.add(e.name.len() as u64);
                            attributes_into(&e.attributes, &mut c);
                        }
                        c.add(sp.status.code.code());
                        c.add(sp.status.message.len() as u64);
                    }
                }
            }
            c.finish()
        }

        /// The span end time [`crate::data::telemetry_access`] reads.
        pub fn pick_telemetry(t: &TelemetryExport) -> u64 {
            let (r, s, i) = $crate::data::TELEMETRY_ACCESS;
            t.resources[r].scopes[s].spans[i].end_ns
        }

        /// Every element of a numeric batch (the walk of [`crate::data::numeric_checksum`]).
        pub fn checksum_numeric(n: &NumericBatch) -> u64 {
            let mut c = $crate::data::Checksum::new();
            c.add(n.series_id);
            c.add(n.name.len() as u64);
            c.add(n.timestamps_ns.len() as u64);
            for &t in &n.timestamps_ns {
                c.add(t as u64);
            }
            c.add(n.values.len() as u64);
            for &v in &n.values {
                c.add(v.to_bits());
            }
            c.add(n.vertices.len() as u64);
            for p in &n.vertices {
                c.add(u64::from(p.x.to_bits()));
                c.add(u64::from(p.y.to_bits()));
                c.add(u64::from(p.z.to_bits()));
            }
            c.add(n.indices.len() as u64);
            for &i in &n.indices {
                c.add(u64::from(i));
            }
            c.add(n.weights.len() as u64);
            for &w in &n.weights {
                c.add(u64::from(w.to_bits()));
            }
            c.finish()
        }

        /// Every field of a blob (the walk of [`crate::data::blob_checksum`]).
        pub fn checksum_blob(b: &Blob) -> u64 {
            let mut c = $crate::data::Checksum::new();
            c.add(b.id);
            c.add(b.name.len() as u64);
            c.add(b.content_type.len() as u64);
            c.add(b.created_ns as u64);
            c.add(b.metadata.len() as u64);
            for (k, v) in &b.metadata {
                c.add(k.len() as u64);
                c.add(v.len() as u64);
            }
            $crate::data::bytes_checksum_into(&b.digest, &mut c);
            $crate::data::bytes_checksum_into(&b.payload, &mut c);
            c.finish()
        }
    };
}

/// An attribute value mirror's `checksum_into` (arms `Str`, `Int`, `Double`,
/// `Bool`), as [`crate::data::AttrValue::checksum_into`].
macro_rules! attr_value_checksum {
    () => {
        impl AttrValue {
            /// Mixes the value into `c`: the arm's code (0..=3), then the value
            /// (strings by length, doubles by their bits).
            #[inline]
            pub fn checksum_into(&self, c: &mut $crate::data::Checksum) {
                match self {
                    AttrValue::Str(s) => {
                        c.add(0);
                        c.add(s.len() as u64);
                    }
                    AttrValue::Int(i) => {
                        c.add(1);
                        c.add(*i as u64);
                    }
                    AttrValue::Double(d) => {
                        c.add(2);
                        c.add(d.to_bits());
                    }
                    AttrValue::Bool(b) => {
                        c.add(3);
                        c.add(u64::from(*b));
                    }
                }
            }
        }
    };
}

/// Checksums over an owned comment thread: the model's reference
/// ([`crate::data::comment_checksum`], [`crate::data::comment_access`]) and
/// every peer's owned mirror with the model's field names (`id`, `author`,
/// `body`, `score: i32`, `replies: Vec<Comment>`). Defines
/// `checksum_comment` and `pick_comment` in the invoking module.
macro_rules! comment_checksums {
    () => {
        fn comment_into(x: &Comment, c: &mut $crate::data::Checksum) {
            c.add(x.id);
            c.add(x.author.len() as u64);
            c.add(x.body.len() as u64);
            c.add(x.score as u64);
            c.add(x.replies.len() as u64);
            for r in &x.replies {
                comment_into(r, c);
            }
        }

        /// Every field of every comment, in pre-order (the walk of
        /// [`crate::data::comment_checksum`]).
        pub fn checksum_comment(x: &Comment) -> u64 {
            let mut c = $crate::data::Checksum::new();
            comment_into(x, &mut c);
            c.finish()
        }

        /// The id [`crate::data::comment_access`] reads: the end of the
        /// first-reply chain.
        pub fn pick_comment(x: &Comment) -> u64 {
            let mut x = x;
            while let Some(first) = x.replies.first() {
                x = first;
            }
            x.id
        }
    };
}
