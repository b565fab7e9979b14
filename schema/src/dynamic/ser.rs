//! The JSON of a validated message (FORMAT.md section 16), written through
//! any serde `Serializer` (serde_json's, for the exact number and escape
//! formatting the derive's impls produce).

use base64::Engine;
use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};
use zerowire::layout::Slot;

use super::read::{
    DataSection, entry_layout, is_direct, list_head, one_field, open_message, read_bit, read_str, ref_target,
    slot_bytes, strided_head, u16_at, u32_at, union_tag,
};
use super::{Codec, ListKind, default_arm, default_wire, list_kind, scalar_size};
use crate::ir::{Type, Value};

/// A validated message, ready to serialize as its JSON
/// ([`Codec::view`](super::Codec::view)).
#[derive(Clone, Copy)]
pub struct DynView<'b> {
    c: &'b Codec<'b>,
    buf: &'b [u8],
    t: DataSection,
    msg: usize,
}

impl std::fmt::Debug for DynView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynView").field("message", &self.c.schema.messages[self.msg].full_name).finish()
    }
}

impl<'b> DynView<'b> {
    pub(crate) fn root(c: &'b Codec<'b>, msg: usize, buf: &'b [u8]) -> Self {
        let t = open_message(buf, 0, buf.len()).unwrap_or(DataSection::EMPTY);
        DynView { c, buf, t, msg }
    }
}

impl Serialize for DynView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Source { c: self.c, buf: self.buf }.message(self.t, self.msg, s)
    }
}

/// What every serializer of a validated message reads from: the codec
/// (schema and layouts) and the message's bytes.
#[derive(Clone, Copy)]
struct Source<'b> {
    c: &'b Codec<'b>,
    buf: &'b [u8],
}

/// A field in a data section.
struct FieldSer<'a, 'b> {
    cx: Source<'b>,
    t: DataSection,
    slot: Slot,
    ty: &'a Type,
    default: Option<&'a Value>,
}

impl Serialize for FieldSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cx.field(self.t, self.slot, self.ty, self.default, s)
    }
}

/// A child at a position (or absent).
struct ChildSer<'a, 'b> {
    cx: Source<'b>,
    t: DataSection,
    at: Option<usize>,
    ty: &'a Type,
}

impl Serialize for ChildSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cx.child(self.t, self.at, self.ty, s)
    }
}

/// A scalar's wire bytes.
struct ScalarSer<'a, 'b> {
    cx: Source<'b>,
    bytes: &'a [u8],
    ty: &'a Type,
}

impl Serialize for ScalarSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cx.scalar(self.bytes, self.ty, s)
    }
}

struct MsgSer<'b> {
    cx: Source<'b>,
    t: DataSection,
    msg: usize,
}

impl Serialize for MsgSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cx.message(self.t, self.msg, s)
    }
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn float_special<S: Serializer>(f: f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(if f.is_nan() {
        "NaN"
    } else if f > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    })
}

/// Whether a list of this element type is bytes in JSON (`Vec<u8>`).
fn is_u8(ty: &Type) -> bool {
    matches!(ty, Type::U8)
}

impl<'b> Source<'b> {
    fn message<S: Serializer>(self, t: DataSection, msg: usize, s: S) -> Result<S::Ok, S::Error> {
        let m = &self.c.schema.messages[msg];
        let slots = &self.c.layouts[msg].slots;
        let mut map = s.serialize_map(None)?;
        for (f, slot) in m.fields.iter().zip(slots) {
            if f.deprecated || !self.present(t, *slot, &f.ty) {
                continue;
            }
            let key = f.json_name.as_deref().unwrap_or(&f.name);
            map.serialize_entry(key, &FieldSer { cx: self, t, slot: *slot, ty: &f.ty, default: f.default.as_ref() })?;
        }
        map.end()
    }

    /// Whether a message field is written: everything but an absent optional.
    fn present(self, t: DataSection, slot: Slot, ty: &Type) -> bool {
        match ty {
            Type::Optional(inner) => match &**inner {
                Type::Union(_) => union_tag(self.buf, t, slot) != 0,
                it if scalar_size(self.c.schema, it).is_some() => read_bit(self.buf, t, slot),
                _ => ref_target(self.buf, t, slot.off as usize + slot.bytes as usize - 4).is_some(),
            },
            _ => true,
        }
    }

    fn field<S: Serializer>(
        self,
        t: DataSection,
        slot: Slot,
        ty: &Type,
        d: Option<&Value>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let schema = self.c.schema;
        let off = slot.off as usize;
        match ty {
            Type::Bool => {
                let d = matches!(d, Some(Value::Bool(true)));
                s.serialize_bool(read_bit(self.buf, t, slot) ^ d)
            }
            Type::Union(u) => self.union(t, slot, *u, false, s),
            Type::Optional(inner) => match &**inner {
                Type::Union(u) => self.union(t, slot, *u, true, s),
                it if scalar_size(schema, it).is_some() => {
                    if !read_bit(self.buf, t, slot) {
                        return s.serialize_none();
                    }
                    self.stored_scalar(t, slot, it, None, s)
                }
                _ => {
                    let at = ref_target(self.buf, t, off + slot.bytes as usize - 4).map(|r| r.1);
                    match at {
                        None => s.serialize_none(),
                        Some(at) => self.child(t, Some(at), inner, s),
                    }
                }
            },
            ty if scalar_size(schema, ty).is_some() => self.stored_scalar(t, slot, ty, d, s),
            _ => {
                let at = ref_target(self.buf, t, off + slot.bytes as usize - 4).map(|r| r.1);
                self.child(t, at, ty, s)
            }
        }
    }

    /// A scalar slot, XORed with the declared default.
    fn stored_scalar<S: Serializer>(
        self,
        t: DataSection,
        slot: Slot,
        ty: &Type,
        d: Option<&Value>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let n = slot.bytes as usize;
        let mut bytes = slot_bytes(self.buf, t, slot.off as usize, n).map(<[u8]>::to_vec).unwrap_or_else(|| vec![0; n]);
        if let Some(d) = d {
            for (b, x) in bytes.iter_mut().zip(default_wire(self.c.schema, ty, d)) {
                *b ^= x;
            }
        }
        self.scalar(&bytes, ty, s)
    }

    fn scalar<S: Serializer>(self, b: &[u8], ty: &Type, s: S) -> Result<S::Ok, S::Error> {
        let schema = self.c.schema;
        let need = scalar_size(schema, ty).unwrap_or(0);
        if b.len() < need {
            return Err(S::Error::custom("scalar slot too short"));
        }
        match ty {
            Type::Bool => s.serialize_bool(b[0] != 0),
            Type::U8 => s.serialize_u8(b[0]),
            Type::I8 => s.serialize_i8(b[0] as i8),
            Type::U16 => s.serialize_u16(u16_at(b)),
            Type::I16 => s.serialize_i16(u16_at(b) as i16),
            Type::U32 => s.serialize_u32(u32_at(b)),
            Type::I32 => s.serialize_i32(u32_at(b) as i32),
            Type::U64 => s.collect_str(&u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]))),
            Type::I64 => s.collect_str(&i64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]))),
            Type::F32 => {
                let f = f32::from_bits(u32_at(b));
                if f.is_finite() { s.serialize_f32(f) } else { float_special(f as f64, s) }
            }
            Type::F64 => {
                let f = f64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
                if f.is_finite() { s.serialize_f64(f) } else { float_special(f, s) }
            }
            Type::Char => s.serialize_char(char::from_u32(u32_at(b)).unwrap_or('\u{fffd}')),
            Type::Enum(e) => {
                let e = &schema.enums[*e];
                let v = match b.len().min(super::enum_width(e.repr)) {
                    1 => b[0] as u32,
                    2 => u16_at(b) as u32,
                    _ => u32_at(b),
                };
                match e.variants.iter().find(|x| x.value == v) {
                    Some(x) => s.serialize_str(&x.name),
                    None => s.serialize_u32(v),
                }
            }
            Type::Array(et, n) => {
                if is_u8(et) {
                    return s.serialize_str(&b64(&b[..*n as usize]));
                }
                let size = scalar_size(schema, et).unwrap_or(0);
                let mut seq = s.serialize_seq(Some(*n as usize))?;
                for i in 0..*n as usize {
                    seq.serialize_element(&ScalarSer { cx: self, bytes: &b[i * size..(i + 1) * size], ty: et })?;
                }
                seq.end()
            }
            Type::Struct(i) => {
                let st = &schema.structs[*i];
                let mut map = s.serialize_map(Some(st.fields.len()))?;
                let mut off = 0;
                for f in &st.fields {
                    let size = scalar_size(schema, &f.ty).unwrap_or(0);
                    map.serialize_entry(&f.name, &ScalarSer { cx: self, bytes: &b[off..off + size], ty: &f.ty })?;
                    off += size;
                }
                map.end()
            }
            _ => Err(S::Error::custom("not a scalar type")),
        }
    }

    fn union<S: Serializer>(
        self,
        t: DataSection,
        slot: Slot,
        u: usize,
        optional: bool,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let ud = &self.c.schema.unions[u];
        let tag = union_tag(self.buf, t, slot);
        let ref_off = slot.off as usize + 2;
        let (arm, absent) = if tag == 0 {
            if optional {
                return s.serialize_none();
            }
            (ud.arms.get(default_arm(ud)), true)
        } else {
            (ud.arms.iter().find(|a| a.tag == tag), false)
        };
        let mut map = s.serialize_map(Some(1))?;
        match arm {
            None => map.serialize_entry(&tag.to_string(), &())?,
            Some(arm) => match &arm.ty {
                None => map.serialize_entry(&arm.name, &())?,
                Some(aty) => {
                    let target = if absent { None } else { ref_target(self.buf, t, ref_off).map(|r| r.1) };
                    if is_direct(self.c, aty) {
                        // Write the arm as a field whose reference is the union's.
                        let v = ArmDirect { cx: self, t, at: target, ty: aty };
                        map.serialize_entry(&arm.name, &v)?;
                    } else {
                        let (aslot, len) = one_field(self.c, aty);
                        let sec = match target {
                            Some(p) => DataSection { end: t.end, data: p, len },
                            None => DataSection::EMPTY,
                        };
                        map.serialize_entry(
                            &arm.name,
                            &FieldSer { cx: self, t: sec, slot: aslot, ty: aty, default: None },
                        )?;
                    }
                }
            },
        }
        map.end()
    }

    fn child<S: Serializer>(self, t: DataSection, at: Option<usize>, ty: &Type, s: S) -> Result<S::Ok, S::Error> {
        let schema = self.c.schema;
        let buf = self.buf;
        let err = |e: super::DynError| S::Error::custom(e.to_string());
        match ty {
            Type::String => match at {
                None => s.serialize_str(""),
                Some(at) => {
                    let (b, _) = read_str(buf, at, t.end).map_err(err)?;
                    s.serialize_str(std::str::from_utf8(b).map_err(S::Error::custom)?)
                }
            },
            Type::Bytes => match at {
                None => s.serialize_str(""),
                Some(at) => s.serialize_str(&b64(read_str(buf, at, t.end).map_err(err)?.0)),
            },
            Type::Optional(inner) => match at {
                None => s.serialize_none(),
                Some(_) => self.child(t, at, inner, s),
            },
            Type::Message(m) => match at {
                None => self.message(DataSection::EMPTY, *m, s),
                Some(at) => self.message(open_message(buf, at, t.end).map_err(err)?, *m, s),
            },
            Type::List(elem) => {
                let Some(at) = at else {
                    return if is_u8(elem) { s.serialize_str("") } else { s.serialize_seq(Some(0))?.end() };
                };
                match list_kind(schema, elem) {
                    ListKind::Scalar(size) => {
                        let (n, first) = list_head(buf, at, t.end, size).map_err(err)?;
                        if is_u8(elem) {
                            return s.serialize_str(&b64(&buf[first..first + n]));
                        }
                        let mut seq = s.serialize_seq(Some(n))?;
                        for i in 0..n {
                            let p = first + i * size;
                            seq.serialize_element(&ScalarSer { cx: self, bytes: &buf[p..p + size], ty: elem })?;
                        }
                        seq.end()
                    }
                    ListKind::Slots(ss) => {
                        let ss = ss as usize;
                        let (n, first) = list_head(buf, at, t.end, ss).map_err(err)?;
                        let slot = Slot::bytes_at(0, ss as u16);
                        let mut seq = s.serialize_seq(Some(n))?;
                        for i in 0..n {
                            let e = DataSection { end: t.end, data: first + i * ss, len: ss };
                            seq.serialize_element(&FieldSer { cx: self, t: e, slot, ty: elem, default: None })?;
                        }
                        seq.end()
                    }
                    ListKind::Messages(m) => {
                        let (n, stride, first) = strided_head(buf, at, t.end).map_err(err)?;
                        let mut seq = s.serialize_seq(Some(n))?;
                        for i in 0..n {
                            let e = DataSection { end: t.end, data: first + i * stride, len: stride };
                            seq.serialize_element(&MsgSer { cx: self, t: e, msg: m })?;
                        }
                        seq.end()
                    }
                }
            }
            Type::Map(k, v) => {
                let Some(at) = at else { return s.serialize_map(Some(0))?.end() };
                let (n, stride, first) = strided_head(buf, at, t.end).map_err(err)?;
                let (ks, vs, _) = entry_layout(self.c, k, v);
                let mut map = s.serialize_map(Some(n))?;
                for i in 0..n {
                    let e = DataSection { end: t.end, data: first + i * stride, len: stride };
                    let key = self.map_key(e, ks, k).map_err(S::Error::custom)?;
                    map.serialize_entry(&key, &FieldSer { cx: self, t: e, slot: vs, ty: v, default: None })?;
                }
                map.end()
            }
            _ => Err(S::Error::custom("not a reference type")),
        }
    }

    /// A map key as its JSON string (section 16.5).
    fn map_key(self, t: DataSection, slot: Slot, ty: &Type) -> Result<String, String> {
        let schema = self.c.schema;
        let n = slot.bytes as usize;
        let zeros = vec![0; n];
        let b = slot_bytes(self.buf, t, slot.off as usize, n).unwrap_or(&zeros);
        Ok(match ty {
            Type::Bool => read_bit(self.buf, t, slot).to_string(),
            Type::U8 => b[0].to_string(),
            Type::I8 => (b[0] as i8).to_string(),
            Type::U16 => u16_at(b).to_string(),
            Type::I16 => (u16_at(b) as i16).to_string(),
            Type::U32 => u32_at(b).to_string(),
            Type::I32 => (u32_at(b) as i32).to_string(),
            Type::U64 => u64::from_le_bytes(b[..8].try_into().map_err(|_| "short key")?).to_string(),
            Type::I64 => i64::from_le_bytes(b[..8].try_into().map_err(|_| "short key")?).to_string(),
            Type::Char => char::from_u32(u32_at(b)).unwrap_or('\u{fffd}').to_string(),
            Type::Enum(e) => {
                let e = &schema.enums[*e];
                let v = match n {
                    1 => b[0] as u32,
                    2 => u16_at(b) as u32,
                    _ => u32_at(b),
                };
                e.variants.iter().find(|x| x.value == v).map(|x| x.name.clone()).unwrap_or_else(|| v.to_string())
            }
            Type::String => {
                let at = ref_target(self.buf, t, slot.off as usize + n - 4).map(|r| r.1);
                match at {
                    None => String::new(),
                    Some(at) => {
                        let (b, _) = read_str(self.buf, at, t.end).map_err(|e| e.to_string())?;
                        std::str::from_utf8(b).map_err(|e| e.to_string())?.to_string()
                    }
                }
            }
            _ => return Err("this map key type has no JSON form".into()),
        })
    }
}

/// A direct union arm: the arm type read through the union's own reference.
struct ArmDirect<'a, 'b> {
    cx: Source<'b>,
    t: DataSection,
    at: Option<usize>,
    ty: &'a Type,
}

impl Serialize for ArmDirect<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.ty {
            // `Option<R>` arm: an absent reference is `None` (JSON null).
            Type::Optional(inner) => match self.at {
                None => s.serialize_none(),
                Some(_) => ChildSer { cx: self.cx, t: self.t, at: self.at, ty: inner }.serialize(s),
            },
            ty => ChildSer { cx: self.cx, t: self.t, at: self.at, ty }.serialize(s),
        }
    }
}
