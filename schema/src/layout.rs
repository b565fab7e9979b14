//! How a schema's types are laid out on the wire (FORMAT.md sections 3, 4
//! and 8): a field's slot shape and inline size, a list's kind, a message's
//! placed slots, a union's default arm and a declared default's bytes.
//!
//! The checker, the code generator and the run-time codec all ask this
//! module, and slots are placed by the codec's own allocator
//! ([`zerowire::layout::Placer`]), so the three agree with the derive.

use zerowire::layout::{Placer, Shape, Slot};

use crate::ir::{EnumRepr, Schema, Type, UnionDef, Value};

/// Wire size of a value stored inline (a scalar, enum, fixed array or
/// inline struct; a `bool` element is one byte), saturating; `None` for
/// reference types, unions and optionals.
///
/// A cycle of inline structs (which the checker reports) counts as 0 bytes
/// where it closes, so the size is always defined.
pub fn inline_size(s: &Schema, ty: &Type) -> Option<u64> {
    size_within(s, ty, 0)
}

/// Wire size of a primitive (`bool`, an integer, a float, `char`); `None`
/// for every other type.
pub(crate) fn primitive_size(ty: &Type) -> Option<u64> {
    Some(match ty {
        Type::Bool | Type::U8 | Type::I8 => 1,
        Type::U16 | Type::I16 => 2,
        Type::U32 | Type::I32 | Type::F32 | Type::Char => 4,
        Type::U64 | Type::I64 | Type::F64 => 8,
        _ => return None,
    })
}

fn size_within(s: &Schema, ty: &Type, depth: usize) -> Option<u64> {
    if let Some(n) = primitive_size(ty) {
        return Some(n);
    }
    Some(match ty {
        Type::Array(t, n) => size_within(s, t, depth)?.saturating_mul(u64::from(*n)),
        Type::Enum(e) => enum_width(s.enums.get(*e).map_or(EnumRepr::U16, |e| e.repr)) as u64,
        Type::Struct(i) => {
            // Deeper than there are structs: the path repeats one, a cycle.
            if depth > s.structs.len() {
                return Some(0);
            }
            let fields = s.structs.get(*i).map_or(&[][..], |st| &st.fields[..]);
            let mut total = 0u64;
            for f in fields {
                total = total.saturating_add(size_within(s, &f.ty, depth + 1)?);
            }
            total
        }
        _ => return None,
    })
}

/// [`inline_size`] as a length in memory (saturating).
pub(crate) fn scalar_size(s: &Schema, ty: &Type) -> Option<usize> {
    inline_size(s, ty).map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// Bytes of an enum's wire form.
pub(crate) fn enum_width(r: EnumRepr) -> usize {
    match r {
        EnumRepr::U8 => 1,
        EnumRepr::U16 => 2,
        EnumRepr::U32 => 4,
    }
}

/// How a field of this type is stored in its slot (FORMAT.md section 4.1).
/// An inline value too large for a slot keeps a saturated size; the checker
/// reports it.
pub fn shape(s: &Schema, ty: &Type) -> Shape {
    let inline = |t: &Type| inline_size(s, t).map(|n| Shape::scalar(u16::try_from(n).unwrap_or(u16::MAX)));
    match ty {
        Type::Bool => Shape::BIT,
        Type::Union(_) => Shape::UNION,
        Type::Optional(inner) => match &**inner {
            Type::Bool => Shape::scalar(1).with_bit(),
            Type::Union(_) => Shape::UNION,
            t => inline(t).map_or(Shape::REF, Shape::with_bit),
        },
        t => inline(t).unwrap_or(Shape::REF),
    }
}

/// A data section's placed slots.
#[derive(Clone, Debug)]
pub(crate) struct SectionLayout {
    /// One slot per shape, in order.
    pub(crate) slots: Vec<Slot>,
    /// Length of the data section.
    pub(crate) data_len: usize,
}

/// Places `shapes` in order with the codec's allocator. `Err` carries the
/// data section's length when the first field that does not fit is
/// counted: more than [`MAX_DATA_LEN`](zerowire::layout::MAX_DATA_LEN).
pub(crate) fn place(shapes: impl IntoIterator<Item = Shape>) -> Result<SectionLayout, usize> {
    let mut p = Placer::new();
    let mut slots = Vec::new();
    for s in shapes {
        match p.try_place(s) {
            Some(slot) => slots.push(slot),
            None => return Err(p.data_len() + usize::from(s.bit) + s.bytes as usize),
        }
    }
    Ok(SectionLayout { slots, data_len: p.data_len() })
}

/// The layout of a message's fields. A message the checker would refuse as
/// too large gets slots past the data section (they read as defaults and are
/// never written), so that nothing panics on an unchecked schema.
pub(crate) fn message_layout(s: &Schema, msg: usize) -> SectionLayout {
    let shapes: Vec<Shape> = s.messages[msg].fields.iter().map(|f| shape(s, &f.ty)).collect();
    place(shapes.iter().copied())
        .unwrap_or_else(|_| SectionLayout { slots: vec![Slot::bytes_at(u16::MAX, 0); shapes.len()], data_len: 0 })
}

/// The layout of a one-field section (a union payload, a list slot).
pub(crate) fn one_field(s: &Schema, ty: &Type) -> (Slot, usize) {
    match place([shape(s, ty)]) {
        Ok(l) => (l.slots[0], l.data_len),
        Err(_) => (Slot::bytes_at(u16::MAX, 0), 0),
    }
}

/// The two slots of a map entry and the entry's length.
pub(crate) fn entry_layout(s: &Schema, k: &Type, v: &Type) -> (Slot, Slot, usize) {
    match place([shape(s, k), shape(s, v)]) {
        Ok(l) => (l.slots[0], l.slots[1], l.data_len),
        Err(_) => (Slot::bytes_at(u16::MAX, 0), Slot::bytes_at(u16::MAX, 0), 0),
    }
}

/// Whether a union arm of this type is stored as the union's own reference
/// (FORMAT.md section 8: "direct") rather than in a payload section.
pub(crate) fn is_direct(s: &Schema, ty: &Type) -> bool {
    shape(s, ty) == Shape::REF
}

/// How a list of `T` is laid out (FORMAT.md section 4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ListKind {
    /// Scalars in a row, each this many bytes.
    Scalar(usize),
    /// One slot of this size per element, then the children.
    Slots(u16),
    /// Data sections of a message type.
    Messages(usize),
}

/// The list kind of a list whose elements are `elem`.
pub(crate) fn list_kind(s: &Schema, elem: &Type) -> ListKind {
    match elem {
        Type::Message(i) => ListKind::Messages(*i),
        Type::Union(_) => ListKind::Slots(Shape::UNION.bytes),
        Type::Optional(t) if matches!(**t, Type::Union(_)) => ListKind::Slots(Shape::UNION.bytes),
        t => match scalar_size(s, t) {
            Some(n) => ListKind::Scalar(n),
            None => ListKind::Slots(Shape::REF.bytes),
        },
    }
}

/// The default arm of a union: the one marked `[default]`, else the first
/// unit arm, else the first arm (the runtime's rule, which
/// `#[derive(zerowire::Union)]` follows too).
pub fn default_arm(u: &UnionDef) -> usize {
    use zerowire::__private::union::{ArmMarks, default_arm};
    let marks: Vec<ArmMarks> = u.arms.iter().map(|a| ArmMarks { default: a.default, unit: a.ty.is_none() }).collect();
    default_arm(&marks)
}

/// The wire bytes of a declared default, XORed into the stored bytes
/// (FORMAT.md section 6.4).
pub(crate) fn default_wire(s: &Schema, ty: &Type, v: &Value) -> Vec<u8> {
    let int = |i: i128, n: usize| i.to_le_bytes()[..n].to_vec();
    match (ty, v) {
        (Type::Bool, Value::Bool(b)) => vec![*b as u8],
        (Type::F32, Value::Float(f)) => canon_f32(*f as f32).to_le_bytes().to_vec(),
        (Type::F32, Value::Int(i)) => (*i as f32).to_bits().to_le_bytes().to_vec(),
        (Type::F64, Value::Float(f)) => canon_f64(*f).to_le_bytes().to_vec(),
        (Type::F64, Value::Int(i)) => (*i as f64).to_bits().to_le_bytes().to_vec(),
        (Type::Char, Value::Char(c)) => (*c as u32).to_le_bytes().to_vec(),
        (Type::Enum(e), Value::Enum(k)) => {
            let e = &s.enums[*e];
            let value = e.variants.get(*k).map(|v| v.value).unwrap_or(0);
            value.to_le_bytes()[..enum_width(e.repr)].to_vec()
        }
        (t, Value::Int(i)) => match scalar_size(s, t) {
            Some(n) if n <= 16 => int(*i, n),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The bits Rust's `f32::NAN` has, for a declared default `nan`.
fn canon_f32(f: f32) -> u32 {
    if f.is_nan() { f32::NAN.to_bits() } else { f.to_bits() }
}

fn canon_f64(f: f64) -> u64 {
    if f.is_nan() { f64::NAN.to_bits() } else { f.to_bits() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_failure_names_the_length_reached() {
        let big = Shape::scalar(60_000);
        assert_eq!(place([big, Shape::scalar(5_535)]).map(|l| l.data_len), Ok(65_535));
        assert_eq!(place([big, Shape::scalar(5_536)]).map(|l| l.data_len), Err(65_536));
        // A bit needs its own byte first.
        assert_eq!(place([Shape::scalar(65_535), Shape::BIT]).map(|l| l.data_len), Err(65_536));
    }

    #[test]
    fn struct_cycles_have_a_size() {
        // `struct S { a: u32, s: S }`: refused by the checker, which still
        // asks for its size.
        let field =
            |name: &str, ty| crate::ir::StructFieldDef { name: name.into(), ty, doc: vec![], span: Default::default() };
        let mut s = Schema::default();
        s.structs.push(crate::ir::StructDef {
            full_name: "t.S".into(),
            name: "S".into(),
            doc: vec![],
            span: Default::default(),
            fields: vec![field("a", Type::U32), field("s", Type::Struct(0))],
        });
        assert_eq!(inline_size(&s, &Type::Struct(0)), Some(8));
    }
}
