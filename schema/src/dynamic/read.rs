//! Reading binary messages at run time: the table primitives (FORMAT.md
//! section 17) and the eager tier's validation pass (section 11.2).

use zerowire::layout::Slot;

use super::{Codec, DynError, ListKind, list_kind, scalar_size, shape};
use crate::ir::Type;

/// A data section: absolute positions in the root buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DataSection {
    /// End of the region every reference of this section must stay inside.
    pub(crate) end: usize,
    /// Position of the data section.
    pub(crate) data: usize,
    /// Stored data length.
    pub(crate) len: usize,
}

impl DataSection {
    /// A section with nothing stored: every slot reads as its default.
    pub(crate) const EMPTY: DataSection = DataSection { end: 0, data: 0, len: 0 };
}

/// The bytes of a byte slot if stored, `None` (all zero) otherwise.
pub(crate) fn slot_bytes(buf: &[u8], t: DataSection, off: usize, n: usize) -> Option<&[u8]> {
    if n == 0 || off + n > t.len {
        return None;
    }
    buf.get(t.data + off..t.data + off + n)
}

/// A plain bit (a `bool`, a presence bit).
pub(crate) fn read_bit(buf: &[u8], t: DataSection, slot: Slot) -> bool {
    slot.has_bit
        && (slot.bit_byte as usize) < t.len
        && buf.get(t.data + slot.bit_byte as usize).is_some_and(|b| (b >> slot.bit) & 1 == 1)
}

pub(crate) fn u16_at(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

pub(crate) fn u32_at(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// The target of the reference in the last 4 bytes of `[off, off + bytes)`:
/// `(position of the reference, target)`, `None` when absent.
pub(crate) fn ref_target(buf: &[u8], t: DataSection, ref_off: usize) -> Option<(usize, usize)> {
    let b = slot_bytes(buf, t, ref_off, 4)?;
    let v = u32_at(b) as usize;
    if v == 0 { None } else { Some((t.data + ref_off, t.data + ref_off + v)) }
}

/// Reads a union slot's tag.
pub(crate) fn union_tag(buf: &[u8], t: DataSection, slot: Slot) -> u16 {
    slot_bytes(buf, t, slot.off as usize, 2).map(u16_at).unwrap_or(0)
}

/// A varint (section 1): `(value, length)`.
pub(crate) fn varint(buf: &[u8], at: usize, end: usize) -> Result<(u32, usize), DynError> {
    let mut v: u64 = 0;
    for i in 0..5 {
        let p = at + i;
        if p >= end || p >= buf.len() {
            return Err(DynError::at(at, "truncated varint"));
        }
        let b = buf[p];
        v |= u64::from(b & 0x7f) << (7 * i);
        if i > 0 && b == 0 {
            return Err(DynError::at(at, "bad varint (not in its shortest form)"));
        }
        if b < 0x80 {
            if v >= 1 << 32 {
                return Err(DynError::at(at, "bad varint (2^32 or more)"));
            }
            return Ok((v as u32, i + 1));
        }
    }
    Err(DynError::at(at, "bad varint (longer than 5 bytes)"))
}

/// Opens the message at `at` in a region ending at `end` (section 2.2).
pub(crate) fn open_message(buf: &[u8], at: usize, end: usize) -> Result<DataSection, DynError> {
    let rest = end.saturating_sub(at);
    if rest < 6 {
        return Err(DynError::at(at, format!("truncated message header (need 6 bytes, have {rest})")));
    }
    let size = u32_at(&buf[at..]) as usize;
    let data_len = u16_at(&buf[at + 4..]) as usize;
    if size > rest {
        // The typed codec's rule and words: garbage is named as garbage.
        let kind = zerowire::wire::oversize_kind(size as u64, data_len as u64, rest as u64, at == 0);
        return Err(DynError::at(at, kind.to_string()));
    }
    if 6 + data_len > size {
        return Err(DynError::at(
            at,
            format!("bad message size ({size} bytes cannot hold a {data_len}-byte data section)"),
        ));
    }
    Ok(DataSection { end: at + size, data: at + 6, len: data_len })
}

/// A string / byte string child at `at`: `(bytes, end)`.
pub(crate) fn read_str(buf: &[u8], at: usize, end: usize) -> Result<(&[u8], usize), DynError> {
    let (n, k) = varint(buf, at, end)?;
    let start = at + k;
    match start.checked_add(n as usize) {
        Some(e) if e <= end => Ok((&buf[start..e], e)),
        _ => Err(DynError::at(at, format!("truncated string ({n} bytes announced)"))),
    }
}

/// A list or map head: `(count, first element or stride position)`, with the
/// count checked against the bytes that hold it.
pub(crate) fn list_head(buf: &[u8], at: usize, end: usize, elem: usize) -> Result<(usize, usize), DynError> {
    let (n, k) = varint(buf, at, end)?;
    let first = at + k;
    check_count(first, end, n as usize, elem)?;
    Ok((n as usize, first))
}

fn check_count(first: usize, end: usize, count: usize, elem: usize) -> Result<(), DynError> {
    let need = (count as u64) * (elem.max(1) as u64);
    if need > end.saturating_sub(first) as u64 {
        return Err(DynError::at(first, format!("list too long ({count} elements do not fit)")));
    }
    Ok(())
}

/// A list of messages or a map body: `(count, stride, first element)`.
pub(crate) fn strided_head(buf: &[u8], at: usize, end: usize) -> Result<(usize, usize, usize), DynError> {
    let (n, k) = varint(buf, at, end)?;
    let sp = at + k;
    if sp + 2 > end {
        return Err(DynError::at(sp, "truncated list stride"));
    }
    let stride = u16_at(&buf[sp..]) as usize;
    let first = sp + 2;
    check_count(first, end, n as usize, stride)?;
    Ok((n as usize, stride, first))
}

/// A stored map key in key order (FORMAT.md 7.5): integers, `bool`, `char`
/// and enums (by wire number) as numbers, strings bytewise.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum StoredKey<'b> {
    Int(i128),
    Bytes(&'b [u8]),
}

/// The key stored in `slot` of entry `e` (whose key was validated).
fn stored_key<'b>(buf: &'b [u8], e: DataSection, slot: Slot, k: &Type) -> Result<StoredKey<'b>, DynError> {
    let n = slot.bytes as usize;
    let le = |b: Option<&[u8]>| b.map_or(0, |b| b.iter().rev().fold(0u64, |v, &x| v << 8 | u64::from(x)));
    let unsigned = || le(slot_bytes(buf, e, slot.off as usize, n));
    // Sign-extends an `n`-byte two's complement value.
    let signed = || {
        let shift = 64 - 8 * n as u32;
        i128::from(((unsigned() << shift) as i64) >> shift)
    };
    Ok(match k {
        Type::Bool => StoredKey::Int(read_bit(buf, e, slot).into()),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => StoredKey::Int(signed()),
        Type::String | Type::Bytes => match ref_target(buf, e, slot.off as usize + n - 4) {
            Some((_, at)) => StoredKey::Bytes(read_str(buf, at, e.end)?.0),
            None => StoredKey::Bytes(&[]),
        },
        _ => StoredKey::Int(unsigned().into()),
    })
}

/// The layout of a one-field section (a union payload, a list slot).
pub(crate) fn one_field(codec: &Codec<'_>, ty: &Type) -> (Slot, usize) {
    let l = super::layout_of(&[shape(codec.schema, ty)]);
    (l.slots[0], l.data_len)
}

/// The two slots of a map entry and its full length.
pub(crate) fn entry_layout(codec: &Codec<'_>, k: &Type, v: &Type) -> (Slot, Slot, usize) {
    let l = super::layout_of(&[shape(codec.schema, k), shape(codec.schema, v)]);
    (l.slots[0], l.slots[1], l.data_len)
}

/// Whether the arm's payload is its own reference (section 8: "direct").
pub(crate) fn is_direct(codec: &Codec<'_>, ty: &Type) -> bool {
    let s = shape(codec.schema, ty);
    s.is_ref && s.bytes == 4
}

// --- validation (eager tier) -------------------------------------------------

/// The eager tier's walk of one buffer, driven by the schema: where it is
/// (depths, field path) while it checks every reference and value.
struct SchemaValidator<'c, 'b> {
    c: &'c Codec<'c>,
    buf: &'b [u8],
    depth: u32,
    /// Union payload sections nested in one another (a union arm of union
    /// type): not a level of FORMAT.md's depth, but bounded the same way so
    /// a chain of `optional<union>` arms cannot exhaust the stack.
    union_depth: u32,
    path: Vec<String>,
}

/// Validates a whole buffer as a message of type `msg` (section 11.2).
pub(crate) fn validate(c: &Codec<'_>, msg: usize, buf: &[u8]) -> Result<(), DynError> {
    if buf.len() > c.limits.max_size {
        return Err(DynError::at(0, format!("message of {} bytes is over the size limit", buf.len())));
    }
    let mut v =
        SchemaValidator { c, buf, depth: 0, union_depth: 0, path: vec![c.schema.messages[msg].full_name.clone()] };
    let t = open_message(buf, 0, buf.len())?;
    if t.end < buf.len() {
        return Err(DynError::at(t.end, "trailing bytes after the message"));
    }
    v.enter(0)?;
    let mut cur = t.data + t.len;
    v.fields(t, msg, &mut cur).map_err(|e| v.with_path(e))
}

impl SchemaValidator<'_, '_> {
    fn with_path(&self, mut e: DynError) -> DynError {
        if e.path.is_empty() {
            e.path = self.path.join(".");
        }
        e
    }

    fn enter(&mut self, at: usize) -> Result<(), DynError> {
        self.depth += 1;
        if self.depth > self.c.limits.max_depth {
            return Err(DynError::at(at, format!("nested deeper than the depth limit ({})", self.c.limits.max_depth)));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn fields(&mut self, t: DataSection, msg: usize, cur: &mut usize) -> Result<(), DynError> {
        let c = self.c;
        let m = &c.schema.messages[msg];
        for (f, slot) in m.fields.iter().zip(&c.layouts[msg].slots) {
            self.path.push(f.name.clone());
            self.field(t, *slot, &f.ty, cur)?;
            self.path.pop();
        }
        Ok(())
    }

    fn scalar(&self, bytes: &[u8], at: usize, ty: &Type) -> Result<(), DynError> {
        let s = self.c.schema;
        match ty {
            Type::Bool if bytes[0] > 1 => {
                return Err(DynError::at(at, format!("invalid bool byte {}", bytes[0])));
            }
            Type::Char if char::from_u32(u32_at(bytes)).is_none() => {
                return Err(DynError::at(at, format!("invalid char {:#x}", u32_at(bytes))));
            }
            Type::Array(t, n) => {
                let size = scalar_size(s, t).unwrap_or(0);
                if size > 0 && needs_check(s, t) {
                    for i in 0..*n as usize {
                        self.scalar(&bytes[i * size..(i + 1) * size], at, t)?;
                    }
                }
            }
            Type::Struct(i) => {
                let mut off = 0;
                for f in &s.structs[*i].fields {
                    let size = scalar_size(s, &f.ty).unwrap_or(0);
                    self.scalar(&bytes[off..off + size], at, &f.ty)?;
                    off += size;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn check_target(&self, t: DataSection, refpos: usize, target: usize, cur: usize) -> Result<(), DynError> {
        if target < cur {
            return Err(DynError::at(refpos, "overlapping reference (points before the end of the previous child)"));
        }
        if target >= t.end {
            return Err(DynError::at(refpos, "reference out of bounds"));
        }
        Ok(())
    }

    /// One field (or list slot, map key/value, union payload field).
    fn field(&mut self, t: DataSection, slot: Slot, ty: &Type, cur: &mut usize) -> Result<(), DynError> {
        let c = self.c;
        let off = slot.off as usize;
        match ty {
            Type::Bool => Ok(()),
            Type::Union(u) => self.union(t, slot, *u, cur),
            Type::Optional(inner) => match &**inner {
                Type::Union(u) => self.union(t, slot, *u, cur),
                it if scalar_size(c.schema, it).is_some() => {
                    if read_bit(self.buf, t, slot) {
                        if let Some(b) = slot_bytes(self.buf, t, off, slot.bytes as usize) {
                            self.scalar(b, t.data + off, it)?;
                        }
                    }
                    Ok(())
                }
                _ => self.reference(t, off + slot.bytes as usize - 4, ty, cur),
            },
            ty if scalar_size(c.schema, ty).is_some() => {
                if needs_check(c.schema, ty) {
                    if let Some(b) = slot_bytes(self.buf, t, off, slot.bytes as usize) {
                        self.scalar(b, t.data + off, ty)?;
                    }
                }
                Ok(())
            }
            _ => self.reference(t, off + slot.bytes as usize - 4, ty, cur),
        }
    }

    fn reference(&mut self, t: DataSection, ref_off: usize, ty: &Type, cur: &mut usize) -> Result<(), DynError> {
        if let Some((refpos, target)) = ref_target(self.buf, t, ref_off) {
            self.check_target(t, refpos, target, *cur)?;
            *cur = self.child(t, target, ty)?;
        }
        Ok(())
    }

    fn union(&mut self, t: DataSection, slot: Slot, u: usize, cur: &mut usize) -> Result<(), DynError> {
        let c = self.c;
        let tag = union_tag(self.buf, t, slot);
        if tag == 0 {
            return Ok(());
        }
        let ud = &c.schema.unions[u];
        let ref_off = slot.off as usize + 2;
        let Some(arm) = ud.arms.iter().find(|a| a.tag == tag) else {
            // An unknown tag: keep the number, skip the payload.
            if let Some((refpos, target)) = ref_target(self.buf, t, ref_off) {
                self.check_target(t, refpos, target, *cur)?;
                *cur = target + 1;
            }
            return Ok(());
        };
        let Some(aty) = &arm.ty else { return Ok(()) };
        self.path.push(arm.name.clone());
        if is_direct(c, aty) {
            self.reference(t, ref_off, aty, cur)?;
        } else {
            self.payload(t, ref_off, aty, cur)?;
        }
        self.path.pop();
        Ok(())
    }

    fn payload(&mut self, t: DataSection, ref_off: usize, aty: &Type, cur: &mut usize) -> Result<(), DynError> {
        let Some((refpos, target)) = ref_target(self.buf, t, ref_off) else { return Ok(()) };
        self.check_target(t, refpos, target, *cur)?;
        let (aslot, len) = one_field(self.c, aty);
        if target + len > t.end {
            return Err(DynError::at(target, "union payload section out of bounds"));
        }
        *cur = target + len;
        self.union_depth += 1;
        if self.union_depth > self.c.limits.max_depth {
            return Err(DynError::at(target, "union payloads nested deeper than the depth limit"));
        }
        let r = self.field(DataSection { end: t.end, data: target, len }, aslot, aty, cur);
        self.union_depth -= 1;
        r
    }

    /// A child at `at` in `t`'s region; returns its end.
    fn child(&mut self, t: DataSection, at: usize, ty: &Type) -> Result<usize, DynError> {
        let c = self.c;
        let buf = self.buf;
        match ty {
            Type::String => {
                let (b, end) = read_str(buf, at, t.end)?;
                if std::str::from_utf8(b).is_err() {
                    return Err(DynError::at(at, "invalid UTF-8 in a string"));
                }
                Ok(end)
            }
            Type::Bytes => {
                let list = c.bytes_is_list();
                if list {
                    self.enter(at)?;
                }
                let (_, end) = read_str(buf, at, t.end)?;
                if list {
                    self.leave();
                }
                Ok(end)
            }
            Type::Optional(inner) => self.child(t, at, inner),
            Type::Message(m) => {
                self.enter(at)?;
                let sub = open_message(buf, at, t.end)?;
                let mut cur = sub.data + sub.len;
                self.fields(sub, *m, &mut cur)?;
                self.leave();
                Ok(sub.end)
            }
            Type::List(elem) => {
                self.enter(at)?;
                let end = self.list(t, at, elem)?;
                self.leave();
                Ok(end)
            }
            Type::Map(k, v) => {
                self.enter(at)?;
                let (n, stride, first) = strided_head(buf, at, t.end)?;
                let (ks, vs, _) = entry_layout(c, k, v);
                let mut cur = first + n * stride;
                for i in 0..n {
                    let e = DataSection { end: t.end, data: first + i * stride, len: stride };
                    self.path.push(format!("[{i}]"));
                    self.field(e, ks, k, &mut cur)?;
                    if i > 0 {
                        let prev = DataSection { data: e.data - stride, ..e };
                        if stored_key(buf, prev, ks, k)? >= stored_key(buf, e, ks, k)? {
                            return Err(DynError::at(e.data, "map keys are repeated or out of order"));
                        }
                    }
                    self.field(e, vs, v, &mut cur)?;
                    self.path.pop();
                }
                self.leave();
                Ok(cur)
            }
            // Scalars and unions are never children.
            _ => Err(DynError::at(at, "a scalar type used as a reference (schema error)")),
        }
    }

    fn list(&mut self, t: DataSection, at: usize, elem: &Type) -> Result<usize, DynError> {
        let c = self.c;
        let buf = self.buf;
        match list_kind(c.schema, elem) {
            ListKind::Scalar(size) => {
                let (n, first) = list_head(buf, at, t.end, size)?;
                if needs_check(c.schema, elem) && size > 0 {
                    for i in 0..n {
                        let p = first + i * size;
                        self.scalar(&buf[p..p + size], p, elem)?;
                    }
                }
                Ok(first + n * size)
            }
            ListKind::Slots(ss) => {
                let ss = ss as usize;
                let (n, first) = list_head(buf, at, t.end, ss)?;
                let mut cur = first + n * ss;
                let slot = Slot::bytes_at(0, ss as u16);
                for i in 0..n {
                    let e = DataSection { end: t.end, data: first + i * ss, len: ss };
                    self.path.push(format!("[{i}]"));
                    self.field(e, slot, elem, &mut cur)?;
                    self.path.pop();
                }
                Ok(cur)
            }
            ListKind::Messages(m) => {
                let (n, stride, first) = strided_head(buf, at, t.end)?;
                let mut cur = first + n * stride;
                for i in 0..n {
                    let e = DataSection { end: t.end, data: first + i * stride, len: stride };
                    self.path.push(format!("[{i}]"));
                    self.fields(e, m, &mut cur)?;
                    self.path.pop();
                }
                Ok(cur)
            }
        }
    }
}

/// Whether a scalar type has invalid wire forms (a `bool` byte, a `char`).
fn needs_check(s: &crate::ir::Schema, ty: &Type) -> bool {
    match ty {
        Type::Char => true,
        Type::Array(t, _) => matches!(**t, Type::Bool | Type::Char) || needs_check(s, t),
        Type::Struct(i) => {
            s.structs.get(*i).is_some_and(|st| st.fields.iter().any(|f| needs_check(s, &f.ty) || f.ty == Type::Bool))
        }
        Type::Bool => true,
        _ => false,
    }
}
