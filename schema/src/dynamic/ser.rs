//! The JSON of a validated message (FORMAT.md section 16), written through
//! any serde `Serializer` (serde_json's, for the exact number and escape
//! formatting the derive's impls produce).

use base64::Engine;
use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};
use zerowire::__private::untyped::{self, Array};
use zerowire::Table;
use zerowire::layout::Slot;

use super::Codec;
use crate::ir::{Type, Value};
use crate::layout::{
    ListKind, default_arm, default_wire, entry_layout, enum_width, is_direct, list_kind, one_field, scalar_size,
};

/// A validated message, ready to serialize as its JSON
/// ([`Codec::view`](super::Codec::view)).
#[derive(Clone, Copy)]
pub struct DynView<'b> {
    c: &'b Codec<'b>,
    t: Table<'b>,
    msg: usize,
}

impl std::fmt::Debug for DynView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynView").field("message", &self.c.schema.messages[self.msg].full_name).finish()
    }
}

impl<'b> DynView<'b> {
    pub(crate) fn root(c: &'b Codec<'b>, msg: usize, buf: &'b [u8]) -> Self {
        let t = Table::open_message(buf, 0, 0).unwrap_or(Table::EMPTY);
        DynView { c, t, msg }
    }
}

impl Serialize for DynView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Source { c: self.c }.message(self.t, self.msg, s)
    }
}

/// What every serializer of a validated message reads with: the codec
/// (schema and layouts).
#[derive(Clone, Copy)]
struct Source<'b> {
    c: &'b Codec<'b>,
}

/// A field in a data section.
struct FieldSer<'a, 'b> {
    cx: Source<'b>,
    t: Table<'b>,
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
    t: Table<'b>,
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
    t: Table<'b>,
    msg: usize,
}

impl Serialize for MsgSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cx.message(self.t, self.msg, s)
    }
}

fn u16_at(b: &[u8]) -> u16 {
    b.first_chunk().map_or(0, |c| u16::from_le_bytes(*c))
}

fn u32_at(b: &[u8]) -> u32 {
    b.first_chunk().map_or(0, |c| u32::from_le_bytes(*c))
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
    fn message<S: Serializer>(self, t: Table<'b>, msg: usize, s: S) -> Result<S::Ok, S::Error> {
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
    fn present(self, t: Table<'b>, slot: Slot, ty: &Type) -> bool {
        match ty {
            Type::Optional(inner) => match &**inner {
                Type::Union(_) => t.union_tag(slot) != 0,
                it if scalar_size(self.c.schema, it).is_some() => t.bit(slot),
                _ => t.ref_target(slot).is_some(),
            },
            _ => true,
        }
    }

    fn field<S: Serializer>(
        self,
        t: Table<'b>,
        slot: Slot,
        ty: &Type,
        d: Option<&Value>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let schema = self.c.schema;
        match ty {
            Type::Bool => {
                let d = matches!(d, Some(Value::Bool(true)));
                s.serialize_bool(t.bit(slot) ^ d)
            }
            Type::Union(u) => self.union(t, slot, *u, false, s),
            Type::Optional(inner) => match &**inner {
                Type::Union(u) => self.union(t, slot, *u, true, s),
                it if scalar_size(schema, it).is_some() => {
                    if !t.bit(slot) {
                        return s.serialize_none();
                    }
                    self.stored_scalar(t, slot, it, None, s)
                }
                _ => match t.ref_target(slot) {
                    None => s.serialize_none(),
                    Some(at) => self.child(t, Some(at), inner, s),
                },
            },
            ty if scalar_size(schema, ty).is_some() => self.stored_scalar(t, slot, ty, d, s),
            _ => self.child(t, t.ref_target(slot), ty, s),
        }
    }

    /// A scalar slot, XORed with the declared default.
    fn stored_scalar<S: Serializer>(
        self,
        t: Table<'b>,
        slot: Slot,
        ty: &Type,
        d: Option<&Value>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut bytes = t.slot_bytes(slot).to_vec();
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
                let v = match b.len().min(enum_width(e.repr)) {
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

    fn union<S: Serializer>(self, t: Table<'b>, slot: Slot, u: usize, optional: bool, s: S) -> Result<S::Ok, S::Error> {
        let ud = &self.c.schema.unions[u];
        let tag = t.union_tag(slot);
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
                    let target = if absent { None } else { t.ref_target(slot) };
                    if is_direct(self.c.schema, aty) {
                        // Write the arm as a field whose reference is the union's.
                        let v = ArmDirect { cx: self, t, at: target, ty: aty };
                        map.serialize_entry(&arm.name, &v)?;
                    } else {
                        let (aslot, len) = one_field(self.c.schema, aty);
                        let sec = target.and_then(|p| Table::new(t.buf(), t.base(), p, len)).unwrap_or(Table::EMPTY);
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

    fn child<S: Serializer>(self, t: Table<'b>, at: Option<usize>, ty: &Type, s: S) -> Result<S::Ok, S::Error> {
        let schema = self.c.schema;
        let err = |e: zerowire::Error| S::Error::custom(e);
        match ty {
            Type::String => match at {
                None => s.serialize_str(""),
                Some(at) => s.serialize_str(untyped::string(&t, at).map_err(err)?.0),
            },
            Type::Bytes => match at {
                None => s.serialize_str(""),
                Some(at) => s.serialize_str(&b64(t.bytes_and_end(at).map_err(err)?.0)),
            },
            Type::Optional(inner) => match at {
                None => s.serialize_none(),
                Some(_) => self.child(t, at, inner, s),
            },
            Type::Message(m) => match at {
                None => self.message(Table::EMPTY, *m, s),
                Some(at) => self.message(Table::open_message(t.buf(), at, t.base()).map_err(err)?, *m, s),
            },
            Type::List(elem) => {
                let Some(at) = at else {
                    return if is_u8(elem) { s.serialize_str("") } else { s.serialize_seq(Some(0))?.end() };
                };
                match list_kind(schema, elem) {
                    ListKind::Scalar(size) => {
                        let (b, _) = untyped::scalar_list(&t, at, size).map_err(err)?;
                        if is_u8(elem) {
                            return s.serialize_str(&b64(b));
                        }
                        let mut seq = s.serialize_seq(Some(b.len() / size.max(1)))?;
                        for e in b.chunks_exact(size.max(1)) {
                            seq.serialize_element(&ScalarSer { cx: self, bytes: e, ty: elem })?;
                        }
                        seq.end()
                    }
                    ListKind::Slots(ss) => {
                        let elems = Array::slots(&t, at, ss as usize).map_err(err)?;
                        let slot = Slot::bytes_at(0, ss);
                        let mut seq = s.serialize_seq(Some(elems.len()))?;
                        for i in 0..elems.len() {
                            let e = elems.elem(i);
                            seq.serialize_element(&FieldSer { cx: self, t: e, slot, ty: elem, default: None })?;
                        }
                        seq.end()
                    }
                    ListKind::Messages(m) => {
                        let elems = Array::strided(&t, at).map_err(err)?;
                        let mut seq = s.serialize_seq(Some(elems.len()))?;
                        for i in 0..elems.len() {
                            seq.serialize_element(&MsgSer { cx: self, t: elems.elem(i), msg: m })?;
                        }
                        seq.end()
                    }
                }
            }
            Type::Map(k, v) => {
                let Some(at) = at else { return s.serialize_map(Some(0))?.end() };
                let entries = Array::strided(&t, at).map_err(err)?;
                let (ks, vs, _) = entry_layout(schema, k, v);
                let mut map = s.serialize_map(Some(entries.len()))?;
                for i in 0..entries.len() {
                    let e = entries.elem(i);
                    let key = self.map_key(e, ks, k).map_err(S::Error::custom)?;
                    map.serialize_entry(&key, &FieldSer { cx: self, t: e, slot: vs, ty: v, default: None })?;
                }
                map.end()
            }
            _ => Err(S::Error::custom("not a reference type")),
        }
    }

    /// A map key as its JSON string (section 16.5).
    fn map_key(self, t: Table<'b>, slot: Slot, ty: &Type) -> Result<String, String> {
        let schema = self.c.schema;
        let b = t.slot_bytes(slot);
        let n = b.len();
        Ok(match ty {
            Type::Bool => t.bit(slot).to_string(),
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
            Type::String => match t.ref_target(slot) {
                None => String::new(),
                Some(at) => untyped::string(&t, at).map_err(|e| e.to_string())?.0.to_string(),
            },
            _ => return Err("this map key type has no JSON form".into()),
        })
    }
}

/// A direct union arm: the arm type read through the union's own reference.
struct ArmDirect<'a, 'b> {
    cx: Source<'b>,
    t: Table<'b>,
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
