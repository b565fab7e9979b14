//! The compatibility check between two versions of a schema, by the
//! evolution rules of `docs/FORMAT.md` section 10 (`zerowire breaking OLD NEW`).
//!
//! Types are matched by their package-qualified name, fields by ordinal,
//! enum variants by name (and number), union arms by tag. Each [`Finding`]
//! names its rule and points at both versions. Changes that only affect
//! JSON (a field, variant or arm renamed without a `json_name` keeping the
//! old key) are [`Severity::Warning`]s: binary data stays readable, but JSON
//! written by the old version loses that key. Everything else listed here
//! is [`Severity::Breaking`]. Safe changes produce nothing: appending a
//! field, deprecating one, adding an enum value or a union arm at the end,
//! adding a type, editing doc comments, renaming with a `json_name` that
//! keeps the key.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::diag::line_col;
use crate::ir::{ArmDef, EnumDef, EnumRepr, FieldDef, MessageDef, Schema, Span, StructDef, Type, UnionDef, Value};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Data written by one version is misread by the other (exit 1).
    Breaking,
    /// Binary-compatible, but JSON keys or names used by code change.
    Warning,
}

/// One incompatible change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule, e.g. `field_type_changed` (the list is in `docs/SCHEMA.md`).
    pub rule: &'static str,
    /// Breaking or a warning.
    pub severity: Severity,
    /// What changed, in one sentence.
    pub message: String,
    /// Where in the old schema.
    pub old: Span,
    /// Where in the new schema (for a removal: the declaration that lost it,
    /// or the start of the file of the same package).
    pub new: Span,
}

/// `path:line:col` of `span` in `schema`.
pub fn location(schema: &Schema, span: &Span) -> String {
    match schema.files.get(span.file) {
        Some(f) => {
            let (l, c) = line_col(&f.text, span.range.start);
            format!("{}:{l}:{c}", f.path)
        }
        None => "?".to_string(),
    }
}

impl Finding {
    /// The finding as text:
    ///
    /// ```text
    /// breaking[field_type_changed]: `shop.v1.Order.qty` (@2) changed type from u32 to u64
    ///   old: old/shop.zw:12:11
    ///   new: new/shop.zw:12:11
    /// ```
    pub fn render(&self, old: &Schema, new: &Schema) -> String {
        let sev = match self.severity {
            Severity::Breaking => "breaking",
            Severity::Warning => "warning",
        };
        let mut s = String::new();
        let _ = writeln!(s, "{sev}[{}]: {}", self.rule, self.message);
        let _ = writeln!(s, "  old: {}", location(old, &self.old));
        let _ = writeln!(s, "  new: {}", location(new, &self.new));
        s
    }
}

/// Every incompatible change from `old` to `new`, breaking ones first, then
/// in the order of the old schema.
pub fn compare(old: &Schema, new: &Schema) -> Vec<Finding> {
    let mut c = Cmp { old, new, out: Vec::new() };
    c.run();
    let mut out = c.out;
    out.sort_by_key(|f| f.severity);
    out
}

struct Cmp<'a> {
    old: &'a Schema,
    new: &'a Schema,
    out: Vec<Finding>,
}

#[derive(Clone, Copy)]
enum Def<'a> {
    Message(&'a MessageDef),
    Enum(&'a EnumDef),
    Union(&'a UnionDef),
    Struct(&'a StructDef),
}

impl<'a> Def<'a> {
    fn span(&self) -> &'a Span {
        match self {
            Def::Message(d) => &d.span,
            Def::Enum(d) => &d.span,
            Def::Union(d) => &d.span,
            Def::Struct(d) => &d.span,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Def::Message(_) => "message",
            Def::Enum(_) => "enum",
            Def::Union(_) => "union",
            Def::Struct(_) => "struct",
        }
    }
}

fn defs(s: &Schema) -> Vec<(&str, Def<'_>)> {
    let mut v: Vec<(&str, Def<'_>)> = Vec::new();
    v.extend(s.messages.iter().map(|d| (d.full_name.as_str(), Def::Message(d))));
    v.extend(s.enums.iter().map(|d| (d.full_name.as_str(), Def::Enum(d))));
    v.extend(s.unions.iter().map(|d| (d.full_name.as_str(), Def::Union(d))));
    v.extend(s.structs.iter().map(|d| (d.full_name.as_str(), Def::Struct(d))));
    v.sort_by_key(|(_, d)| (d.span().file, d.span().range.start));
    v
}

/// A type written with full names, comparable across schemas.
pub fn type_name(s: &Schema, t: &Type) -> String {
    match t {
        Type::Bool => "bool".into(),
        Type::U8 => "u8".into(),
        Type::U16 => "u16".into(),
        Type::U32 => "u32".into(),
        Type::U64 => "u64".into(),
        Type::I8 => "i8".into(),
        Type::I16 => "i16".into(),
        Type::I32 => "i32".into(),
        Type::I64 => "i64".into(),
        Type::F32 => "f32".into(),
        Type::F64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::Bytes => "bytes".into(),
        Type::Array(e, n) => format!("[{}; {n}]", type_name(s, e)),
        Type::List(e) => format!("list<{}>", type_name(s, e)),
        Type::Map(k, v) => format!("map<{}, {}>", type_name(s, k), type_name(s, v)),
        Type::Optional(e) => format!("optional<{}>", type_name(s, e)),
        Type::Message(i) => s.messages.get(*i).map_or("?".into(), |d| d.full_name.clone()),
        Type::Enum(i) => s.enums.get(*i).map_or("?".into(), |d| d.full_name.clone()),
        Type::Union(i) => s.unions.get(*i).map_or("?".into(), |d| d.full_name.clone()),
        Type::Struct(i) => s.structs.get(*i).map_or("?".into(), |d| d.full_name.clone()),
    }
}

/// A default as its stored meaning: enum variants by number, floats by bits.
fn value_key(s: &Schema, ty: &Type, v: &Option<Value>) -> Option<String> {
    v.as_ref().map(|v| match (v, ty) {
        (Value::Enum(i), Type::Enum(e)) => {
            let var = s.enums.get(*e).and_then(|d| d.variants.get(*i));
            var.map_or("?".into(), |x| format!("{} ({})", x.name, x.value))
        }
        (Value::Float(f), _) => format!("{f} ({:#x})", f.to_bits()),
        (Value::Int(i), _) => i.to_string(),
        (Value::Bool(b), _) => b.to_string(),
        (Value::Char(c), _) => format!("{c:?}"),
        (Value::Enum(i), _) => i.to_string(),
    })
}

fn repr_name(r: EnumRepr) -> &'static str {
    match r {
        EnumRepr::U8 => "u8",
        EnumRepr::U16 => "u16",
        EnumRepr::U32 => "u32",
    }
}

fn stored(key: &Option<String>) -> Option<&str> {
    // Compare enums by number and floats by bits: the part in parentheses.
    key.as_deref().map(|k| k.rsplit_once(" (").map_or(k, |(_, b)| b))
}

fn shown(key: &Option<String>) -> String {
    match key {
        None => "none".into(),
        Some(k) => k.split(" (").next().unwrap_or(k).to_string(),
    }
}

impl<'a> Cmp<'a> {
    fn push(&mut self, rule: &'static str, severity: Severity, message: String, old: &Span, new: &Span) {
        self.out.push(Finding { rule, severity, message, old: old.clone(), new: new.clone() });
    }

    fn breaking(&mut self, rule: &'static str, message: String, old: &Span, new: &Span) {
        self.push(rule, Severity::Breaking, message, old, new);
    }

    fn warning(&mut self, rule: &'static str, message: String, old: &Span, new: &Span) {
        self.push(rule, Severity::Warning, message, old, new);
    }

    /// Where a removed item of package `pkg` would be in the new schema.
    fn new_anchor(&self, full_name: &str) -> Span {
        let pkg = full_name.rsplit_once('.').map_or("", |(p, _)| p);
        let file = self.new.files.iter().position(|f| f.package == pkg).unwrap_or(0);
        Span { file, range: 0..0 }
    }

    fn run(&mut self) {
        let new_defs: HashMap<&str, Def<'a>> = defs(self.new).into_iter().collect();
        for (name, od) in defs(self.old) {
            let Some(nd) = new_defs.get(name).copied() else {
                let anchor = self.new_anchor(name);
                self.breaking(
                    "type_removed",
                    format!("{} `{name}` was removed (data and code that name it break)", od.kind()),
                    od.span(),
                    &anchor,
                );
                continue;
            };
            match (od, nd) {
                (Def::Message(o), Def::Message(n)) => self.message(o, n),
                (Def::Enum(o), Def::Enum(n)) => self.enumeration(o, n),
                (Def::Union(o), Def::Union(n)) => self.union(o, n),
                (Def::Struct(o), Def::Struct(n)) => self.structure(o, n),
                _ => self.breaking(
                    "type_kind_changed",
                    format!("`{name}` changed from a {} to a {}", od.kind(), nd.kind()),
                    od.span(),
                    nd.span(),
                ),
            }
        }
    }

    fn message(&mut self, o: &MessageDef, n: &MessageDef) {
        if o.type_id != n.type_id {
            self.breaking(
                "type_id_changed",
                format!(
                    "type id of `{}` changed from {:#x} to {:#x} (frames carry it)",
                    o.full_name, o.type_id, n.type_id
                ),
                &o.span,
                &n.span,
            );
        }
        for of in &o.fields {
            let label = format!("`{}.{}` (@{})", o.full_name, of.name, of.ordinal);
            let Some(nf) = n.fields.iter().find(|f| f.ordinal == of.ordinal) else {
                self.breaking(
                    "field_removed",
                    format!("field {label} was removed; keep it, marked `[deprecated]`, so later slots do not move"),
                    &of.span,
                    &n.span,
                );
                continue;
            };
            self.field(o, of, nf, &label, n);
        }
    }

    fn field(&mut self, o: &MessageDef, of: &FieldDef, nf: &FieldDef, label: &str, n: &MessageDef) {
        let (ot, nt) = (type_name(self.old, &of.ty), type_name(self.new, &nf.ty));
        if ot != nt {
            self.breaking(
                "field_type_changed",
                format!("field {label} changed type from {ot} to {nt}"),
                &of.ty_span,
                &nf.ty_span,
            );
        }
        let (od, nd) = (value_key(self.old, &of.ty, &of.default), value_key(self.new, &nf.ty, &nf.default));
        if ot == nt && stored(&od) != stored(&nd) {
            self.breaking(
                "field_default_changed",
                format!(
                    "declared default of {label} changed from {} to {} (stored values are XORed with it)",
                    shown(&od),
                    shown(&nd)
                ),
                &of.span,
                &nf.span,
            );
        }
        if of.name != nf.name {
            if let Some(moved) = n.fields.iter().find(|f| f.name == of.name) {
                self.breaking(
                    "field_moved",
                    format!("field `{}.{}` moved from @{} to @{}", o.full_name, of.name, of.ordinal, moved.ordinal),
                    &of.span,
                    &moved.span,
                );
                return;
            }
            if of.deprecated && !nf.deprecated {
                self.breaking(
                    "ordinal_reused",
                    format!(
                        "ordinal @{} of deprecated field `{}` is reused by `{}`: old data in that slot is misread",
                        of.ordinal, of.name, nf.name
                    ),
                    &of.span,
                    &nf.span,
                );
                return;
            }
        }
        let ok = of.json_name.as_ref().unwrap_or(&of.name);
        let nk = nf.json_name.as_ref().unwrap_or(&nf.name);
        if ok != nk && !of.deprecated {
            self.warning(
                "json_key_changed",
                format!(
                    "JSON key of {label} changed from `{ok}` to `{nk}`; add `[json_name = \"{ok}\"]` to keep JSON readers working"
                ),
                &of.span,
                &nf.span,
            );
        }
    }

    fn enumeration(&mut self, o: &EnumDef, n: &EnumDef) {
        if o.repr != n.repr {
            self.breaking(
                "enum_repr_changed",
                format!(
                    "repr of `{}` changed from {} to {} (its slot width)",
                    o.full_name,
                    repr_name(o.repr),
                    repr_name(n.repr)
                ),
                &o.span,
                &n.span,
            );
        }
        for ov in &o.variants {
            match n.variants.iter().find(|v| v.name == ov.name) {
                Some(nv) if nv.value != ov.value => self.breaking(
                    "enum_value_renumbered",
                    format!("`{}.{}` changed number from {} to {}", o.full_name, ov.name, ov.value, nv.value),
                    &ov.span,
                    &nv.span,
                ),
                Some(_) => {}
                None => match n.variants.iter().find(|v| v.value == ov.value) {
                    Some(nv) => self.warning(
                        "enum_value_renamed",
                        format!(
                            "`{}.{}` ({}) was renamed to `{}`: JSON and code use the name",
                            o.full_name, ov.name, ov.value, nv.name
                        ),
                        &ov.span,
                        &nv.span,
                    ),
                    None => self.breaking(
                        "enum_value_removed",
                        format!(
                            "`{}.{}` ({}) was removed: its number now reads as unknown",
                            o.full_name, ov.name, ov.value
                        ),
                        &ov.span,
                        &n.span,
                    ),
                },
            }
        }
    }

    fn arm_type(s: &Schema, a: &ArmDef) -> String {
        a.ty.as_ref().map_or_else(|| "no payload".to_string(), |t| type_name(s, t))
    }

    fn union(&mut self, o: &UnionDef, n: &UnionDef) {
        for oa in &o.arms {
            let label = format!("`{}.{}` (tag {})", o.full_name, oa.name, oa.tag);
            let Some(na) = n.arms.iter().find(|a| a.tag == oa.tag) else {
                self.breaking(
                    "union_arm_removed",
                    format!("arm {label} was removed: arms are numbered by position"),
                    &oa.span,
                    &n.span,
                );
                continue;
            };
            if oa.name != na.name {
                if let Some(moved) = n.arms.iter().find(|a| a.name == oa.name) {
                    self.breaking(
                        "union_arm_moved",
                        format!("arm `{}.{}` moved from tag {} to tag {}", o.full_name, oa.name, oa.tag, moved.tag),
                        &oa.span,
                        &moved.span,
                    );
                    continue;
                }
            }
            let (ot, nt) = (Self::arm_type(self.old, oa), Self::arm_type(self.new, na));
            if ot != nt {
                self.breaking(
                    "union_arm_type_changed",
                    format!("arm {label} changed type from {ot} to {nt}"),
                    &oa.span,
                    &na.span,
                );
            } else if oa.name != na.name {
                self.warning(
                    "union_arm_renamed",
                    format!("arm {label} was renamed to `{}`: JSON and code use the name", na.name),
                    &oa.span,
                    &na.span,
                );
            }
        }
        let od = o.arms.iter().find(|a| a.default);
        let nd = n.arms.iter().find(|a| a.default);
        if let (Some(od), Some(nd)) = (od, nd) {
            if od.tag != nd.tag {
                self.breaking(
                    "union_default_changed",
                    format!(
                        "default arm of `{}` changed from `{}` (tag {}) to `{}` (tag {}): tag 0 changes meaning",
                        o.full_name, od.name, od.tag, nd.name, nd.tag
                    ),
                    &od.span,
                    &nd.span,
                );
            }
        }
    }

    fn structure(&mut self, o: &StructDef, n: &StructDef) {
        let sig = |s: &Schema, d: &StructDef| d.fields.iter().map(|f| type_name(s, &f.ty)).collect::<Vec<_>>();
        let (os, ns) = (sig(self.old, o), sig(self.new, n));
        if os != ns {
            self.breaking(
                "struct_changed",
                format!(
                    "inline struct `{}` changed layout from ({}) to ({}): structs are fixed-size and cannot evolve",
                    o.full_name,
                    os.join(", "),
                    ns.join(", ")
                ),
                &o.span,
                &n.span,
            );
            return;
        }
        for (of, nf) in o.fields.iter().zip(&n.fields) {
            if of.name != nf.name {
                self.warning(
                    "struct_field_renamed",
                    format!("field `{}.{}` was renamed to `{}`: JSON uses the name", o.full_name, of.name, nf.name),
                    &of.span,
                    &nf.span,
                );
            }
        }
    }
}
