//! JSON to canonical binary, at run time: section 16's input rules, then the
//! bytes zerowire's encoder writes (sections 6, 7, 9).

use std::cmp::Ordering;

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use zerowire::__private::json_rules as rules;
use zerowire::layout::Slot;

use super::json::{JsonData, JsonValue, TextPos};
use super::{Codec, DynError};
use crate::ir::{Type, Value};
use crate::layout::{ListKind, default_arm, default_wire, entry_layout, is_direct, list_kind, one_field, scalar_size};

/// A typed value, checked against the schema.
#[derive(Clone, Debug)]
enum Val {
    /// A scalar's wire bytes (a `bool` is one byte, 0 or 1).
    Scalar(Vec<u8>),
    /// A string's or byte string's bytes.
    Str(Vec<u8>),
    List(Vec<Val>),
    /// Sorted by key, keys unique.
    Map(Vec<(Val, Val)>),
    /// Fields given, by index, in ordinal order; the others are default.
    Msg(Vec<(usize, Val)>),
    /// A union arm: its tag and payload (`None` for a unit arm or an unknown tag).
    Union(u16, Option<Box<Val>>),
    None,
    Some(Box<Val>),
}

/// The order a map's keys are written in: key order (FORMAT.md 7.5),
/// defined on the stored value: integers, `bool`, `char` and enums (by wire
/// number) numerically, strings bytewise.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum KeyOrd {
    Int(i128),
    Bytes(Vec<u8>),
}

pub(crate) fn encode(c: &Codec<'_>, msg: usize, json: &JsonValue) -> Result<Vec<u8>, DynError> {
    let name = &c.schema.messages[msg].full_name;
    let conv = Conv { c, strict: std::cell::Cell::new(false) };
    let mut path = name.clone();
    let val = conv.value(json, &Type::Message(msg), &mut path, 0)?;
    let mut w = ByteWriter { c, out: Vec::new() };
    let fields = match val {
        Val::Msg(f) => f,
        _ => Vec::new(),
    };
    w.message(msg, &fields).map_err(|e| DynError::json(name, e))?;
    Ok(w.out)
}

// --- JSON -> Val ---------------------------------------------------------------

struct Conv<'c> {
    c: &'c Codec<'c>,
    /// The next message read is stored whatever it holds (an element of a
    /// list of messages, `Some`): its level counts even at its default.
    strict: std::cell::Cell<bool>,
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let cfg = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let alphabet = if s.contains(['-', '_']) { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    GeneralPurpose::new(alphabet, cfg).decode(s).ok()
}

impl Conv<'_> {
    /// A data error about the value `j`: its path, and its line and column.
    fn err(&self, j: &JsonValue, path: &str, msg: impl Into<String>) -> DynError {
        DynError::json_at(j.at, path, msg)
    }

    fn deeper(&self, j: &JsonValue, path: &str, depth: u32) -> Result<u32, DynError> {
        let d = depth + 1;
        if d > self.c.limits.max_depth {
            return Err(self.too_deep(j, path));
        }
        Ok(d)
    }

    fn too_deep(&self, j: &JsonValue, path: &str) -> DynError {
        self.err(j, path, format!("nested deeper than the depth limit ({})", self.c.limits.max_depth))
    }

    /// A value that is skipped (an unknown key's, a deprecated field's, a
    /// unit arm's payload): its arrays and objects count as levels, as the
    /// derive's reader counts them.
    fn skipped(&self, j: &JsonValue, path: &str, depth: u32) -> Result<(), DynError> {
        fn nesting(j: &JsonValue) -> u32 {
            match &j.data {
                JsonData::Array(v) => 1 + v.iter().map(nesting).max().unwrap_or(0),
                JsonData::Object(v) => 1 + v.iter().map(|m| nesting(&m.value)).max().unwrap_or(0),
                _ => 0,
            }
        }
        if depth.saturating_add(nesting(j)) > self.c.limits.max_depth {
            return Err(self.too_deep(j, path));
        }
        Ok(())
    }

    /// The value a missing key or `null` gives.
    fn default_val(&self, ty: &Type, d: Option<&Value>) -> Val {
        let s = self.c.schema;
        match ty {
            Type::Optional(_) => Val::None,
            Type::String | Type::Bytes => Val::Str(Vec::new()),
            Type::List(_) => Val::List(Vec::new()),
            Type::Map(..) => Val::Map(Vec::new()),
            Type::Message(_) => Val::Msg(Vec::new()),
            Type::Union(u) => {
                let ud = &s.unions[*u];
                let k = default_arm(ud);
                match ud.arms.get(k) {
                    Some(a) => Val::Union(a.tag, a.ty.as_ref().map(|t| Box::new(self.default_val(t, None)))),
                    None => Val::Union(0, None),
                }
            }
            t => {
                let n = scalar_size(s, t).unwrap_or(0);
                match d {
                    Some(d) => {
                        let mut w = default_wire(s, t, d);
                        w.resize(n, 0);
                        Val::Scalar(w)
                    }
                    None => Val::Scalar(vec![0; n]),
                }
            }
        }
    }

    fn int(&self, j: &JsonValue, path: &str, min: i128, max: i128) -> Result<i128, DynError> {
        let v: i128 = match &j.data {
            JsonData::UInt(u) => *u as i128,
            JsonData::NegInt(i) => *i as i128,
            JsonData::String(s) => {
                rules::int_from_str(s).ok_or_else(|| self.err(j, path, format!("{s:?} is not an integer")))?
            }
            JsonData::Float(f) => {
                rules::int_from_f64(*f).ok_or_else(|| self.err(j, path, format!("{f} is not an integer")))?
            }
            other => return Err(self.err(j, path, format!("expected an integer, found {}", other.kind()))),
        };
        if v < min || v > max {
            return Err(self.err(j, path, format!("{v} is out of range ({min} to {max})")));
        }
        Ok(v)
    }

    fn float(&self, j: &JsonValue, path: &str) -> Result<f64, DynError> {
        Ok(match &j.data {
            JsonData::UInt(u) => *u as f64,
            JsonData::NegInt(i) => *i as f64,
            JsonData::Float(f) => *f,
            JsonData::String(s) => {
                rules::float_from_str(s).ok_or_else(|| self.err(j, path, format!("{s:?} is not a number")))?
            }
            other => return Err(self.err(j, path, format!("expected a number, found {}", other.kind()))),
        })
    }

    fn value(&self, j: &JsonValue, ty: &Type, path: &mut String, depth: u32) -> Result<Val, DynError> {
        let s = self.c.schema;
        let int = |min: i128, max: i128, n: usize| -> Result<Val, DynError> {
            Ok(Val::Scalar(self.int(j, path, min, max)?.to_le_bytes()[..n].to_vec()))
        };
        Ok(match ty {
            Type::Bool => match &j.data {
                JsonData::Bool(b) => Val::Scalar(vec![*b as u8]),
                other => return Err(self.err(j, path, format!("expected a boolean, found {}", other.kind()))),
            },
            Type::U8 => int(0, u8::MAX as i128, 1)?,
            Type::U16 => int(0, u16::MAX as i128, 2)?,
            Type::U32 => int(0, u32::MAX as i128, 4)?,
            Type::U64 => int(0, u64::MAX as i128, 8)?,
            Type::I8 => int(i8::MIN as i128, i8::MAX as i128, 1)?,
            Type::I16 => int(i16::MIN as i128, i16::MAX as i128, 2)?,
            Type::I32 => int(i32::MIN as i128, i32::MAX as i128, 4)?,
            Type::I64 => int(i64::MIN as i128, i64::MAX as i128, 8)?,
            Type::F32 => {
                let f = self.float(j, path)?;
                let x =
                    rules::f32_from_f64(f).ok_or_else(|| self.err(j, path, format!("{f} is out of range for f32")))?;
                Val::Scalar(x.to_bits().to_le_bytes().to_vec())
            }
            Type::F64 => Val::Scalar(self.float(j, path)?.to_bits().to_le_bytes().to_vec()),
            Type::Char => match &j.data {
                JsonData::String(st) => {
                    let mut cs = st.chars();
                    match (cs.next(), cs.next()) {
                        (Some(ch), None) => Val::Scalar((ch as u32).to_le_bytes().to_vec()),
                        _ => return Err(self.err(j, path, format!("expected one character, found {st:?}"))),
                    }
                }
                other => {
                    return Err(self.err(j, path, format!("expected a one-character string, found {}", other.kind())));
                }
            },
            Type::String => match &j.data {
                JsonData::String(st) => Val::Str(st.as_bytes().to_vec()),
                other => return Err(self.err(j, path, format!("expected a string, found {}", other.kind()))),
            },
            Type::Bytes => Val::Str(self.base64(j, path)?),
            Type::Enum(e) => {
                let ed = &s.enums[*e];
                let width = crate::layout::enum_width(ed.repr);
                let v = match &j.data {
                    JsonData::String(name) => match ed.variants.iter().find(|v| v.name == *name) {
                        Some(v) => v.value,
                        None => return Err(self.err(j, path, format!("{name:?} is not a value of {}", ed.full_name))),
                    },
                    JsonData::UInt(_) | JsonData::NegInt(_) | JsonData::Float(_) => {
                        let max = (1u64 << (8 * width)) - 1;
                        self.int(j, path, 0, max as i128)? as u32
                    }
                    other => {
                        return Err(self.err(
                            j,
                            path,
                            format!("expected an enum name or number, found {}", other.kind()),
                        ));
                    }
                };
                Val::Scalar(v.to_le_bytes()[..width].to_vec())
            }
            Type::Array(et, n) => {
                let n = *n as usize;
                if matches!(**et, Type::U8) {
                    if let JsonData::String(_) = j.data {
                        let b = self.base64(j, path)?;
                        if b.len() != n {
                            return Err(self.err(j, path, format!("expected {n} bytes, found {}", b.len())));
                        }
                        return Ok(Val::Scalar(b));
                    }
                }
                let JsonData::Array(items) = &j.data else {
                    return Err(self.err(j, path, format!("expected an array of {n}, found {}", j.kind())));
                };
                if items.len() != n {
                    return Err(self.err(j, path, format!("expected {n} elements, found {}", items.len())));
                }
                let mut out = Vec::new();
                for (i, x) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    match self.value(x, et, path, depth)? {
                        Val::Scalar(b) => out.extend(b),
                        _ => return Err(self.err(j, path, "not a scalar")),
                    }
                    path.truncate(len);
                }
                Val::Scalar(out)
            }
            Type::Struct(i) => {
                let st = &s.structs[*i];
                let JsonData::Object(entries) = &j.data else {
                    return Err(self.err(j, path, format!("expected an object, found {}", j.kind())));
                };
                let mut out = Vec::new();
                for m in entries {
                    if !st.fields.iter().any(|f| f.name == m.key) {
                        self.skipped(&m.value, path, depth)?;
                    }
                }
                for f in &st.fields {
                    let len = path.len();
                    path.push('.');
                    path.push_str(&f.name);
                    let mut given = entries.iter().filter(|m| m.key == f.name);
                    let v = match (given.next(), given.next()) {
                        (Some(_), Some(again)) => {
                            return Err(DynError::json_at(again.key_at, path, format!("key {:?} given twice", f.name)));
                        }
                        (Some(m), None) if !matches!(m.value.data, JsonData::Null) => {
                            self.value(&m.value, &f.ty, path, depth)?
                        }
                        _ => self.default_val(&f.ty, None),
                    };
                    match v {
                        Val::Scalar(b) => out.extend(b),
                        _ => return Err(self.err(j, path, "not a scalar")),
                    }
                    path.truncate(len);
                }
                Val::Scalar(out)
            }
            Type::Optional(inner) => {
                if matches!(j.data, JsonData::Null) {
                    return Ok(Val::None);
                }
                // `Some` is stored whatever it holds: a list, map or message
                // in it is a level even when empty or default.
                match &**inner {
                    Type::List(_) | Type::Map(..) if depth >= self.c.limits.max_depth => {
                        return Err(self.too_deep(j, path));
                    }
                    Type::Message(_) => self.strict.set(true),
                    _ => {}
                }
                Val::Some(Box::new(self.value(j, inner, path, depth)?))
            }
            Type::List(et) => {
                if matches!(**et, Type::U8) {
                    if let JsonData::String(_) = j.data {
                        let b = self.base64(j, path)?;
                        if !b.is_empty() {
                            self.deeper(j, path, depth)?;
                        }
                        return Ok(Val::Str(b));
                    }
                }
                let JsonData::Array(items) = &j.data else {
                    return Err(self.err(j, path, format!("expected an array, found {}", j.kind())));
                };
                // An empty list is absent in the binary form; the elements of
                // a list of messages share its level (FORMAT.md 11.3).
                let messages = matches!(**et, Type::Message(_));
                let depth = if items.is_empty() || messages { depth } else { self.deeper(j, path, depth)? };
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    self.strict.set(messages);
                    out.push(self.value(x, et, path, depth)?);
                    path.truncate(len);
                }
                if matches!(**et, Type::U8) {
                    // `list<u8>` is `Vec<u8>`: a byte string on the wire.
                    return Ok(Val::Str(out.into_iter().map(|v| scalar_byte(&v)).collect()));
                }
                Val::List(out)
            }
            Type::Map(kt, vt) => {
                let JsonData::Object(entries) = &j.data else {
                    return Err(self.err(j, path, format!("expected an object, found {}", j.kind())));
                };
                let depth = if entries.is_empty() { depth } else { self.deeper(j, path, depth)? };
                let mut out: Vec<(KeyOrd, Val, Val, TextPos)> = Vec::with_capacity(entries.len());
                for m in entries {
                    let len = path.len();
                    path.push_str(&format!("[{:?}]", m.key));
                    let (ord, key) = self.map_key(&m.key, m.key_at, kt, path)?;
                    let v = self.value(&m.value, vt, path, depth)?;
                    path.truncate(len);
                    out.push((ord, key, v, m.key_at));
                }
                // Stable: of two equal keys, the second is the later one.
                out.sort_by(|a, b| a.0.cmp(&b.0));
                if let Some(w) = out.windows(2).find(|w| w[0].0.cmp(&w[1].0) == Ordering::Equal) {
                    return Err(DynError::json_at(w[1].3, path, format!("map key given twice: {:?}", w[0].0)));
                }
                Val::Map(out.into_iter().map(|(_, k, v, _)| (k, v)).collect())
            }
            Type::Message(m) => {
                // A message is a level; one past the limit is accepted only
                // if it holds its default (the binary form leaves it out, the
                // JSON spells it out), and only if nothing stores it anyway.
                let max = self.c.limits.max_depth;
                let strict = self.strict.replace(false);
                let over = depth >= max;
                if over && (strict || depth >= max.saturating_mul(2)) {
                    return Err(self.too_deep(j, path));
                }
                let depth = depth + 1;
                let md = &s.messages[*m];
                let JsonData::Object(entries) = &j.data else {
                    return Err(self.err(j, path, format!("expected an object, found {}", j.kind())));
                };
                let mut given: Vec<(usize, Val)> = Vec::new();
                let mut seen = vec![false; md.fields.len()];
                for member in entries {
                    let (k, x) = (&member.key, &member.value);
                    let Some(fi) =
                        md.fields.iter().position(|f| f.json_name.as_deref() == Some(k.as_str()) || f.name == *k)
                    else {
                        // Unknown keys are skipped, repeated or not.
                        self.skipped(x, path, depth)?;
                        continue;
                    };
                    if std::mem::replace(&mut seen[fi], true) {
                        return Err(DynError::json_at(
                            member.key_at,
                            path,
                            format!("field {:?} given twice (by its name and its json_name)", md.fields[fi].name),
                        ));
                    }
                    let f = &md.fields[fi];
                    if f.deprecated {
                        self.skipped(x, path, depth)?;
                        continue;
                    }
                    let len = path.len();
                    path.push('.');
                    path.push_str(&f.name);
                    let v = if matches!(x.data, JsonData::Null) {
                        self.default_val(&f.ty, f.default.as_ref())
                    } else {
                        self.value(x, &f.ty, path, depth)?
                    };
                    path.truncate(len);
                    given.push((fi, v));
                }
                // Missing fields with a declared default hold that default, which
                // is stored as zero: nothing to add for them.
                given.sort_by_key(|g| g.0);
                let val = Val::Msg(given);
                if over && !(ByteWriter { c: self.c, out: Vec::new() }).is_default(ty, &val, None) {
                    return Err(self.too_deep(j, path));
                }
                val
            }
            Type::Union(u) => {
                let ud = &s.unions[*u];
                let JsonData::Object(entries) = &j.data else {
                    return Err(self.err(j, path, format!("expected a one-key object, found {}", j.kind())));
                };
                if entries.len() != 1 {
                    return Err(self.err(
                        j,
                        path,
                        format!("a union is an object with exactly one key, found {}", entries.len()),
                    ));
                }
                let member = &entries[0];
                let (k, x) = (&member.key, &member.value);
                let arm = ud.arms.iter().find(|a| a.name == *k);
                let arm = match arm {
                    Some(a) => a,
                    None => match rules::tag_from_key(k) {
                        Some(0) | None => {
                            let msg = format!("{k:?} is not an arm of {}", ud.full_name);
                            return Err(DynError::json_at(member.key_at, path, msg));
                        }
                        Some(tag) => match ud.arms.iter().find(|a| a.tag == tag) {
                            Some(a) => a,
                            None => {
                                self.skipped(x, path, depth)?;
                                return Ok(Val::Union(tag, None));
                            }
                        },
                    },
                };
                let payload = match &arm.ty {
                    None => {
                        self.skipped(x, path, depth)?;
                        None
                    }
                    Some(t) => {
                        let len = path.len();
                        path.push('.');
                        path.push_str(&arm.name);
                        let v = self.value(x, t, path, depth)?;
                        path.truncate(len);
                        Some(Box::new(v))
                    }
                };
                Val::Union(arm.tag, payload)
            }
        })
    }

    fn base64(&self, j: &JsonValue, path: &str) -> Result<Vec<u8>, DynError> {
        match &j.data {
            JsonData::String(st) => b64_decode(st).ok_or_else(|| self.err(j, path, "invalid base64")),
            other => Err(self.err(j, path, format!("expected a base64 string, found {}", other.kind()))),
        }
    }

    /// A map key from its JSON string (section 16.5), which is at `at`.
    fn map_key(&self, k: &str, at: TextPos, ty: &Type, path: &str) -> Result<(KeyOrd, Val), DynError> {
        let s = self.c.schema;
        let j = JsonValue { data: JsonData::String(k.to_string()), at };
        let j = &j;
        let int = |min: i128, max: i128, n: usize| -> Result<(KeyOrd, Val), DynError> {
            let v = self.int(j, path, min, max)?;
            Ok((KeyOrd::Int(v), Val::Scalar(v.to_le_bytes()[..n].to_vec())))
        };
        match ty {
            Type::Bool => match k {
                "true" => Ok((KeyOrd::Int(1), Val::Scalar(vec![1]))),
                "false" => Ok((KeyOrd::Int(0), Val::Scalar(vec![0]))),
                _ => Err(self.err(j, path, format!("{k:?} is not a boolean key"))),
            },
            Type::U8 => int(0, u8::MAX as i128, 1),
            Type::U16 => int(0, u16::MAX as i128, 2),
            Type::U32 => int(0, u32::MAX as i128, 4),
            Type::U64 => int(0, u64::MAX as i128, 8),
            Type::I8 => int(i8::MIN as i128, i8::MAX as i128, 1),
            Type::I16 => int(i16::MIN as i128, i16::MAX as i128, 2),
            Type::I32 => int(i32::MIN as i128, i32::MAX as i128, 4),
            Type::I64 => int(i64::MIN as i128, i64::MAX as i128, 8),
            Type::Char => {
                let mut cs = k.chars();
                match (cs.next(), cs.next()) {
                    (Some(ch), None) => Ok((KeyOrd::Int(ch as i128), Val::Scalar((ch as u32).to_le_bytes().to_vec()))),
                    _ => Err(self.err(j, path, format!("{k:?} is not a one-character key"))),
                }
            }
            Type::String => Ok((KeyOrd::Bytes(k.as_bytes().to_vec()), Val::Str(k.as_bytes().to_vec()))),
            Type::Bytes => {
                let b = b64_decode(k).ok_or_else(|| self.err(j, path, "invalid base64 key"))?;
                Ok((KeyOrd::Bytes(b.clone()), Val::Str(b)))
            }
            Type::Enum(e) => {
                let ed = &s.enums[*e];
                let width = crate::layout::enum_width(ed.repr);
                let v = match ed.variants.iter().find(|v| v.name == k) {
                    Some(known) => known.value,
                    None => {
                        let max = (1u64 << (8 * width)) - 1;
                        self.int(j, path, 0, max as i128)
                            .map_err(|_| self.err(j, path, format!("{k:?} is not a value of {}", ed.full_name)))?
                            as u32
                    }
                };
                Ok((KeyOrd::Int(v.into()), Val::Scalar(v.to_le_bytes()[..width].to_vec())))
            }
            _ => Err(self.err(j, path, "this map key type has no JSON form")),
        }
    }
}

fn scalar_byte(v: &Val) -> u8 {
    match v {
        Val::Scalar(b) => b.first().copied().unwrap_or(0),
        _ => 0,
    }
}

// --- Val -> bytes --------------------------------------------------------------

/// Writes checked values as canonical bytes into `out`, bounded by the
/// codec's size limit.
struct ByteWriter<'c> {
    c: &'c Codec<'c>,
    out: Vec<u8>,
}

type WriteResult = Result<(), String>;

impl ByteWriter<'_> {
    fn grow(&mut self, n: usize) -> WriteResult {
        let len = self.out.len().saturating_add(n);
        if len > self.c.limits.max_size || len > u32::MAX as usize {
            return Err(format!("the encoded message would be over the size limit ({} bytes)", self.c.limits.max_size));
        }
        self.out.resize(len, 0);
        Ok(())
    }

    fn varint(&mut self, mut v: u32) -> WriteResult {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.grow(1)?;
                *self.out.last_mut().unwrap_or(&mut 0) = b;
                return Ok(());
            }
            self.grow(1)?;
            *self.out.last_mut().unwrap_or(&mut 0) = b | 0x80;
        }
    }

    fn count(&mut self, n: usize) -> WriteResult {
        let n = u32::try_from(n).map_err(|_| "too many elements".to_string())?;
        self.varint(n)
    }

    fn put(&mut self, at: usize, bytes: &[u8]) {
        if let Some(dst) = self.out.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
    }

    /// Points the reference at `refpos` at the end of the output.
    fn patch_ref(&mut self, refpos: usize) {
        let v = (self.out.len() - refpos) as u32;
        self.put(refpos, &v.to_le_bytes());
    }

    fn is_default(&self, ty: &Type, v: &Val, d: Option<&Value>) -> bool {
        let s = self.c.schema;
        match (ty, v) {
            (Type::Optional(_), v) => matches!(v, Val::None),
            (_, Val::Scalar(b)) => match d {
                Some(d) => *b == default_wire(s, ty, d),
                None => b.iter().all(|&x| x == 0),
            },
            (_, Val::Str(b)) => b.is_empty(),
            (_, Val::List(l)) => l.is_empty(),
            (_, Val::Map(m)) => m.is_empty(),
            (Type::Message(m), Val::Msg(fields)) => {
                let md = &s.messages[*m];
                fields.iter().all(|(i, v)| {
                    md.fields[*i].deprecated || self.is_default(&md.fields[*i].ty, v, md.fields[*i].default.as_ref())
                })
            }
            (Type::Union(u), Val::Union(tag, payload)) => {
                let ud = &s.unions[*u];
                let Some(arm) = ud.arms.get(default_arm(ud)) else { return *tag == 0 };
                *tag == 0
                    || (*tag == arm.tag
                        && match (&arm.ty, payload) {
                            (None, _) => true,
                            (Some(t), Some(p)) => self.is_default(t, p, None),
                            (Some(_), None) => true,
                        })
            }
            _ => false,
        }
    }

    fn message(&mut self, m: usize, fields: &[(usize, Val)]) -> WriteResult {
        let c = self.c;
        let md = &c.schema.messages[m];
        let slots = &c.layouts[m].slots;
        let mut data_len = 0;
        for (i, v) in fields {
            let f = &md.fields[*i];
            if !f.deprecated && !self.is_default(&f.ty, v, f.default.as_ref()) {
                data_len = data_len.max(slots[*i].end());
            }
        }
        let start = self.out.len();
        self.grow(6 + data_len)?;
        self.put(start + 4, &(data_len as u16).to_le_bytes());
        self.fields(start + 6, m, fields)?;
        let size = (self.out.len() - start) as u32;
        self.put(start, &size.to_le_bytes());
        Ok(())
    }

    /// Writes the non-default fields into the data section at `data`.
    fn fields(&mut self, data: usize, m: usize, fields: &[(usize, Val)]) -> WriteResult {
        let c = self.c;
        let md = &c.schema.messages[m];
        for (i, v) in fields {
            let f = &md.fields[*i];
            if f.deprecated || self.is_default(&f.ty, v, f.default.as_ref()) {
                continue;
            }
            self.field(data, c.layouts[m].slots[*i], &f.ty, v, f.default.as_ref())?;
        }
        Ok(())
    }

    fn field(&mut self, data: usize, slot: Slot, ty: &Type, v: &Val, d: Option<&Value>) -> WriteResult {
        let s = self.c.schema;
        let off = data + slot.off as usize;
        match (ty, v) {
            (Type::Bool, Val::Scalar(b)) => {
                let dv = matches!(d, Some(Value::Bool(true)));
                if (b.first() == Some(&1)) ^ dv {
                    let p = data + slot.bit_byte as usize;
                    self.out[p] |= 1 << slot.bit;
                }
                Ok(())
            }
            (Type::Union(u), Val::Union(tag, payload)) => {
                if self.is_default(ty, v, None) {
                    return Ok(());
                }
                self.union(off, *u, *tag, payload.as_deref())
            }
            (Type::Optional(inner), v) => {
                let Val::Some(x) = v else { return Ok(()) };
                match &**inner {
                    Type::Union(u) => match &**x {
                        Val::Union(tag, payload) => self.union(off, *u, *tag, payload.as_deref()),
                        _ => Err("expected a union value".into()),
                    },
                    it if scalar_size(s, it).is_some() => {
                        let p = data + slot.bit_byte as usize;
                        self.out[p] |= 1 << slot.bit;
                        match &**x {
                            Val::Scalar(b) => {
                                self.put(off, b);
                                Ok(())
                            }
                            _ => Err("expected a scalar value".into()),
                        }
                    }
                    _ => {
                        self.patch_ref(off + slot.bytes as usize - 4);
                        self.child(inner, x)
                    }
                }
            }
            (ty, Val::Scalar(b)) => {
                let mut b = b.clone();
                if let Some(d) = d {
                    for (x, y) in b.iter_mut().zip(default_wire(s, ty, d)) {
                        *x ^= y;
                    }
                }
                self.put(off, &b);
                Ok(())
            }
            (ty, v) => {
                if self.is_default(ty, v, None) {
                    return Ok(());
                }
                self.patch_ref(off + slot.bytes as usize - 4);
                self.child(ty, v)
            }
        }
    }

    /// A union slot at `off` holding arm `tag` (written with its own tag).
    fn union(&mut self, off: usize, u: usize, tag: u16, payload: Option<&Val>) -> WriteResult {
        let c = self.c;
        self.put(off, &tag.to_le_bytes());
        let ud = &c.schema.unions[u];
        let Some(arm) = ud.arms.iter().find(|a| a.tag == tag) else { return Ok(()) };
        let (Some(aty), Some(p)) = (&arm.ty, payload) else { return Ok(()) };
        if is_direct(c.schema, aty) {
            let absent = match aty {
                Type::Optional(_) => matches!(p, Val::None),
                t => self.is_default(t, p, None),
            };
            if !absent {
                self.patch_ref(off + 2);
                let (t, p) = match (aty, p) {
                    (Type::Optional(inner), Val::Some(x)) => (&**inner, &**x),
                    _ => (aty, p),
                };
                self.child(t, p)?;
            }
            Ok(())
        } else {
            let (aslot, len) = one_field(c.schema, aty);
            self.patch_ref(off + 2);
            let sec = self.out.len();
            self.grow(len)?;
            if !self.is_default(aty, p, None) {
                self.field(sec, aslot, aty, p, None)?;
            }
            Ok(())
        }
    }

    fn child(&mut self, ty: &Type, v: &Val) -> WriteResult {
        let c = self.c;
        match (ty, v) {
            (Type::String | Type::Bytes | Type::List(_), Val::Str(b)) => {
                self.count(b.len())?;
                let at = self.out.len();
                self.grow(b.len())?;
                self.put(at, b);
                Ok(())
            }
            (Type::Optional(inner), Val::Some(x)) => self.child(inner, x),
            (Type::Message(m), Val::Msg(fields)) => self.message(*m, fields),
            (Type::List(et), Val::List(items)) => {
                self.count(items.len())?;
                match list_kind(c.schema, et) {
                    ListKind::Scalar(_) => {
                        for x in items {
                            let Val::Scalar(b) = x else { return Err("expected a scalar element".into()) };
                            let at = self.out.len();
                            self.grow(b.len())?;
                            self.put(at, b);
                        }
                        Ok(())
                    }
                    ListKind::Slots(ss) => {
                        let first = self.out.len();
                        self.grow(items.len() * ss as usize)?;
                        let slot = Slot::bytes_at(0, ss);
                        for (i, x) in items.iter().enumerate() {
                            if !self.is_default(et, x, None) {
                                self.field(first + i * ss as usize, slot, et, x, None)?;
                            }
                        }
                        Ok(())
                    }
                    ListKind::Messages(m) => {
                        let stride = c.layouts[m].data_len.max(1);
                        self.put_u16(stride as u16)?;
                        let first = self.out.len();
                        self.grow(items.len().saturating_mul(stride))?;
                        for (i, x) in items.iter().enumerate() {
                            let Val::Msg(fields) = x else { return Err("expected a message element".into()) };
                            self.fields(first + i * stride, m, fields)?;
                        }
                        Ok(())
                    }
                }
            }
            (Type::Map(kt, vt), Val::Map(entries)) => {
                self.count(entries.len())?;
                let (ks, vs, len) = entry_layout(c.schema, kt, vt);
                let stride = len.max(1);
                self.put_u16(stride as u16)?;
                let first = self.out.len();
                self.grow(entries.len().saturating_mul(stride))?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    let e = first + i * stride;
                    if !self.is_default(kt, k, None) {
                        self.field(e, ks, kt, k, None)?;
                    }
                    if !self.is_default(vt, v, None) {
                        self.field(e, vs, vt, v, None)?;
                    }
                }
                Ok(())
            }
            _ => Err(format!("value does not match its type {ty:?}")),
        }
    }

    fn put_u16(&mut self, v: u16) -> WriteResult {
        let at = self.out.len();
        self.grow(2)?;
        self.put(at, &v.to_le_bytes());
        Ok(())
    }
}
