//! The eager tier (FORMAT.md section 11.2) driven by a schema: a walk of
//! the schema's types over the codec's untyped reading layer
//! ([`zerowire::__private::untyped`]), which takes the same steps the derived code
//! takes, so both give the same verdict, error kind and offset.

use zerowire::__private::Validator;
use zerowire::__private::untyped::{self, Array};
use zerowire::layout::Slot;
use zerowire::{ErrorKind, Table};

use super::{Codec, DynError};
use crate::ir::{Schema, Type};
use crate::layout::{ListKind, entry_layout, is_direct, list_kind, one_field, scalar_size};

/// A stored map key in key order (FORMAT.md 7.5): integers, `bool`, `char`
/// and enums (by wire number) as numbers, strings bytewise.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum StoredKey<'b> {
    Int(i128),
    Bytes(&'b [u8]),
}

/// The key stored in `slot` of entry `e` (whose key was validated).
fn stored_key<'b>(e: &Table<'b>, slot: Slot, k: &Type) -> zerowire::Result<StoredKey<'b>> {
    let b = e.slot_bytes(slot);
    let unsigned = || b.iter().rev().fold(0u64, |v, &x| v << 8 | u64::from(x));
    // Sign-extends an `n`-byte two's complement value.
    let signed = || {
        let shift = 64 - 8 * b.len().clamp(1, 8) as u32;
        i128::from(((unsigned() << shift) as i64) >> shift)
    };
    Ok(match k {
        Type::Bool => StoredKey::Int(e.bit(slot).into()),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => StoredKey::Int(signed()),
        Type::String | Type::Bytes => match e.ref_target(slot) {
            Some(at) => StoredKey::Bytes(e.bytes_and_end(at)?.0),
            None => StoredKey::Bytes(&[]),
        },
        _ => StoredKey::Int(unsigned().into()),
    })
}

/// Whether a fixed-size value's wire bytes are valid (a `bool` byte is 0 or
/// 1, a `char` a Unicode scalar value), and the error its type reports
/// otherwise: the rule of the derived `Scalar` impls (`wire_is_valid`,
/// `INVALID`, an inline struct's kind by
/// [`struct_invalid`](zerowire::__private::untyped::struct_invalid)).
pub(crate) fn scalar_verdict(s: &Schema, ty: &Type, b: &[u8]) -> (bool, ErrorKind) {
    match ty {
        Type::Bool => (b.first().is_none_or(|&x| x <= 1), ErrorKind::InvalidBool),
        Type::Char => {
            let v = b.first_chunk::<4>().map_or(0, |c| u32::from_le_bytes(*c));
            (char::from_u32(v).is_some(), ErrorKind::InvalidChar)
        }
        Type::Array(t, n) => {
            let size = scalar_size(s, t).unwrap_or(0);
            let mut valid = true;
            if size > 0 {
                for i in 0..*n as usize {
                    valid &= scalar_verdict(s, t, b.get(i * size..(i + 1) * size).unwrap_or(&[])).0;
                }
            }
            (valid, scalar_verdict(s, t, &[]).1)
        }
        Type::Struct(i) => {
            let fields = s.structs.get(*i).map_or(&[][..], |st| &st.fields[..]);
            let mut valid = true;
            let mut kinds = Vec::with_capacity(fields.len());
            let mut off = 0;
            for f in fields {
                let size = scalar_size(s, &f.ty).unwrap_or(0);
                let (ok, kind) = scalar_verdict(s, &f.ty, b.get(off..off + size).unwrap_or(&[]));
                valid &= ok;
                kinds.push(kind);
                off += size;
            }
            (valid, untyped::struct_invalid(&kinds))
        }
        _ => (true, ErrorKind::InvalidBool),
    }
}

/// Whether a fixed-size type has invalid wire forms (a `bool` byte, a `char`).
fn needs_check(s: &Schema, ty: &Type) -> bool {
    match ty {
        Type::Bool | Type::Char => true,
        Type::Array(t, _) => needs_check(s, t),
        Type::Struct(i) => s.structs.get(*i).is_some_and(|st| st.fields.iter().any(|f| needs_check(s, &f.ty))),
        _ => false,
    }
}

/// The eager tier's walk of one buffer, driven by the schema: the codec's
/// [`Validator`] (depth, limits) and the field path for errors.
struct SchemaValidator<'c> {
    c: &'c Codec<'c>,
    v: Validator,
    /// Union payload sections nested in one another (a union arm of union
    /// type): not a level of FORMAT.md's depth, but bounded the same way so
    /// a chain of `optional<union>` arms cannot exhaust the stack.
    union_depth: u32,
    path: Vec<String>,
}

/// Validates a whole buffer as a message of type `msg` (section 11.2).
pub(crate) fn validate(c: &Codec<'_>, msg: usize, buf: &[u8]) -> Result<(), DynError> {
    let path = || c.schema.messages[msg].full_name.clone();
    let (t, mut cur, v) = untyped::open_root(buf, &c.limits).map_err(|e| DynError::codec(e, path()))?;
    let mut sv = SchemaValidator { c, v, union_depth: 0, path: vec![path()] };
    sv.fields(&t, msg, &mut cur).map_err(|e| match e {
        Fail::Codec(e) => DynError::codec(e, sv.path.join(".")),
        Fail::Dyn(mut e) => {
            e.path = sv.path.join(".");
            e
        }
    })
}

/// Why the walk stopped: the codec's error, or one only a schema can
/// cause (union payloads nested past the depth limit).
enum Fail {
    Codec(zerowire::Error),
    Dyn(DynError),
}

impl From<zerowire::Error> for Fail {
    fn from(e: zerowire::Error) -> Self {
        Fail::Codec(e)
    }
}

type Walk<T = ()> = Result<T, Fail>;

impl SchemaValidator<'_> {
    fn schema(&self) -> &Schema {
        self.c.schema
    }

    fn fields(&mut self, t: &Table<'_>, msg: usize, cur: &mut usize) -> Walk {
        let c = self.c;
        let m = &c.schema.messages[msg];
        for (f, slot) in m.fields.iter().zip(&c.layouts[msg].slots) {
            self.path.push(f.name.clone());
            self.field(t, *slot, &f.ty, cur)?;
            self.path.pop();
        }
        Ok(())
    }

    /// A fixed-size value in `slot`, checked as `zerowire::__private::scalar::validate`
    /// checks it (at the slot's start).
    fn scalar(&self, t: &Table<'_>, slot: Slot, ty: &Type) -> Walk {
        if needs_check(self.schema(), ty) {
            let (valid, kind) = scalar_verdict(self.schema(), ty, t.slot_bytes(slot));
            untyped::check_scalar(t, t.data() + slot.off as usize, valid, kind)?;
        }
        Ok(())
    }

    /// One field (or list slot, map key/value, union payload field).
    fn field(&mut self, t: &Table<'_>, slot: Slot, ty: &Type, cur: &mut usize) -> Walk {
        let s = self.schema();
        match ty {
            Type::Bool => Ok(()),
            Type::Union(u) => self.union(t, slot, *u, cur),
            Type::Optional(inner) => match &**inner {
                Type::Union(u) => self.union(t, slot, *u, cur),
                it if scalar_size(s, it).is_some() => {
                    if t.bit(slot) {
                        self.scalar(t, slot, it)?;
                    }
                    Ok(())
                }
                _ => self.reference(t, slot, inner, cur),
            },
            ty if scalar_size(s, ty).is_some() => self.scalar(t, slot, ty),
            _ => self.reference(t, slot, ty, cur),
        }
    }

    fn reference(&mut self, t: &Table<'_>, slot: Slot, ty: &Type, cur: &mut usize) -> Walk {
        if let Some(at) = t.ref_target(slot) {
            untyped::check_target(t, slot, at, *cur)?;
            *cur = self.child(t, at, ty)?;
        }
        Ok(())
    }

    fn union(&mut self, t: &Table<'_>, slot: Slot, u: usize, cur: &mut usize) -> Walk {
        let tag = t.union_tag(slot);
        if tag == 0 {
            return Ok(());
        }
        let ud = &self.c.schema.unions[u];
        let Some(arm) = ud.arms.iter().find(|a| a.tag == tag) else {
            // An unknown tag: keep the number, skip the payload.
            return Ok(untyped::validate_unknown(t, slot, cur)?);
        };
        let Some(aty) = &arm.ty else { return Ok(()) };
        self.path.push(arm.name.clone());
        if is_direct(self.schema(), aty) {
            self.field(t, untyped::union_ref(slot), aty, cur)?;
        } else {
            let (aslot, len) = one_field(self.schema(), aty);
            if let Some(p) = untyped::union_payload(t, slot, len, cur)? {
                self.union_depth += 1;
                if self.union_depth > self.c.limits.max_depth {
                    let at = t.base() + p.data();
                    return Err(Fail::Dyn(DynError::at(at, "union payloads nested deeper than the depth limit")));
                }
                self.field(&p, aslot, aty, cur)?;
                self.union_depth -= 1;
            }
        }
        self.path.pop();
        Ok(())
    }

    /// A child at `at` in `t`'s region; returns its end.
    fn child(&mut self, t: &Table<'_>, at: usize, ty: &Type) -> Walk<usize> {
        match ty {
            Type::String => Ok(untyped::string(t, at)?.1),
            Type::Bytes => Ok(untyped::bytes(t, at, &mut self.v)?.1),
            Type::Optional(inner) => self.child(t, at, inner),
            Type::Message(m) => {
                let (sub, mut cur) = untyped::enter_message(t, at, &mut self.v)?;
                self.fields(&sub, *m, &mut cur)?;
                self.v.leave();
                Ok(at + sub.buf().len())
            }
            Type::List(elem) => {
                self.v.enter(t, at)?;
                let end = self.list(t, at, elem)?;
                self.v.leave();
                Ok(end)
            }
            Type::Map(k, v) => {
                let entries = Array::strided(t, at)?;
                self.v.enter(t, at)?;
                let (ks, vs, _) = entry_layout(self.schema(), k, v);
                let mut cur = entries.end();
                for i in 0..entries.len() {
                    let e = entries.elem(i);
                    self.path.push(format!("[{i}]"));
                    self.field(&e, ks, k, &mut cur)?;
                    if i > 0 && stored_key(&entries.elem(i - 1), ks, k)? >= stored_key(&e, ks, k)? {
                        return Err(untyped::map_key_order(t, &e).into());
                    }
                    self.field(&e, vs, v, &mut cur)?;
                    self.path.pop();
                }
                self.v.leave();
                Ok(cur)
            }
            // Scalars and unions are never children (a checked schema has
            // none there).
            _ => Err(untyped::not_a_child(t, at).into()),
        }
    }

    fn list(&mut self, t: &Table<'_>, at: usize, elem: &Type) -> Walk<usize> {
        match list_kind(self.schema(), elem) {
            ListKind::Scalar(size) => {
                let (b, first) = untyped::scalar_list(t, at, size)?;
                if needs_check(self.schema(), elem) && size > 0 {
                    for (i, e) in b.chunks_exact(size).enumerate() {
                        let (valid, kind) = scalar_verdict(self.schema(), elem, e);
                        untyped::check_scalar(t, first + i * size, valid, kind)?;
                    }
                }
                Ok(first + b.len())
            }
            ListKind::Slots(ss) => {
                let elems = Array::slots(t, at, ss as usize)?;
                let mut cur = elems.end();
                let slot = Slot::bytes_at(0, ss);
                for i in 0..elems.len() {
                    self.path.push(format!("[{i}]"));
                    self.field(&elems.elem(i), slot, elem, &mut cur)?;
                    self.path.pop();
                }
                Ok(cur)
            }
            ListKind::Messages(m) => {
                let elems = Array::strided(t, at)?;
                let mut cur = elems.end();
                for i in 0..elems.len() {
                    self.path.push(format!("[{i}]"));
                    self.fields(&elems.elem(i), m, &mut cur)?;
                    self.path.pop();
                }
                Ok(cur)
            }
        }
    }
}
