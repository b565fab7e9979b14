//! Messages, enums, unions and structs: members, ordinals, defaults.

use std::collections::HashMap;

use super::{Checker, int_range, is_primitive};
use crate::ast::{self, Literal};
use crate::diag::Diag;
use crate::ir::{self, Type};

impl Checker<'_> {
    /// Records a member's name in `seen`; a name seen before is the error
    /// `dup` builds for it, labeled at both places. Returns whether it was a
    /// duplicate. (Each caller writes its own diagnostic with its code
    /// literal, where the documented-codes test looks for it.)
    pub(super) fn unique<'a>(
        &mut self,
        fi: usize,
        seen: &mut HashMap<&'a str, &'a ast::Span>,
        name: &'a ast::Ident,
        dup: impl FnOnce(&str) -> Diag,
    ) -> bool {
        match seen.get(name.name.as_str()) {
            Some(prev) => {
                let prev = (*prev).clone();
                self.err(dup(&name.name).label(name.span.clone(), "again here").label(prev, "first here"), fi);
                true
            }
            None => {
                seen.insert(&name.name, &name.span);
                false
            }
        }
    }

    pub(super) fn enum_decl(&mut self, fi: usize, e: &ast::Enum, def: &mut ir::EnumDef) {
        let attrs = self.attrs(fi, &e.attrs, "enum", &[("repr", true)]);
        if let Some(a) = attrs.get("repr") {
            let (v, s) = a.value.as_ref().expect("checked");
            let r = match v {
                Literal::Ident(x) | Literal::Str(x) => match x.as_str() {
                    "u8" => Some(ir::EnumRepr::U8),
                    "u16" => Some(ir::EnumRepr::U16),
                    "u32" => Some(ir::EnumRepr::U32),
                    _ => None,
                },
                _ => None,
            };
            match r {
                Some(r) => def.repr = r,
                None => self.err(
                    Diag::error("invalid_attribute", "invalid enum repr")
                        .label(s.clone(), "not a repr")
                        .help("`repr` is `u8`, `u16` (the default) or `u32`"),
                    fi,
                ),
            }
        }
        let max: i128 = match def.repr {
            ir::EnumRepr::U8 => u8::MAX.into(),
            ir::EnumRepr::U16 => u16::MAX.into(),
            ir::EnumRepr::U32 => u32::MAX.into(),
        };
        let mut names: HashMap<&str, &ast::Span> = HashMap::new();
        let mut values: HashMap<i128, &ast::Span> = HashMap::new();
        if e.variants.is_empty() && !e.recovered {
            self.err(
                Diag::error("empty_enum", format!("enum `{}` has no variants", e.name.name))
                    .label(e.name.span.clone(), "declare at least one variant"),
                fi,
            );
        }
        for v in &e.variants {
            self.member_name(fi, &v.name, "variant");
            self.attrs(fi, &v.attrs, "variant", &[]);
            self.unique(fi, &mut names, &v.name, |n| {
                Diag::error("duplicate_variant", format!("variant `{n}` is declared twice"))
            });
            let (value, vspan) = &v.value;
            if *value < 0 || *value > max {
                self.err(
                    Diag::error("enum_value_out_of_range", format!("enum value {value} does not fit the repr"))
                        .label(vspan.clone(), format!("must be 0 to {max}"))
                        .help("declare a wider repr: `[repr = u16]` or `[repr = u32]`"),
                    fi,
                );
                continue;
            }
            if let Some(prev) = values.get(value) {
                let prev = (*prev).clone();
                self.err(
                    Diag::error("duplicate_enum_value", format!("enum value {value} is used twice"))
                        .label(vspan.clone(), "again here")
                        .label(prev, "first here")
                        .help("every variant needs its own number"),
                    fi,
                );
                continue;
            }
            values.insert(*value, vspan);
            def.variants.push(ir::VariantDef {
                name: v.name.name.clone(),
                value: *value as u32,
                doc: v.doc.clone(),
                span: ir::Span { file: fi, range: v.span.clone() },
            });
        }
    }

    pub(super) fn message(
        &mut self,
        fi: usize,
        m: &ast::Message,
        schema: &ir::Schema,
    ) -> (Vec<ir::FieldDef>, Option<u32>) {
        let attrs = self.attrs(fi, &m.attrs, "message", &[("type_id", true)]);
        let mut explicit_id = None;
        if let Some(a) = attrs.get("type_id") {
            let (v, s) = a.value.as_ref().expect("checked");
            match v {
                Literal::Int(n) if *n >= 1 && *n <= i128::from(u32::MAX) => explicit_id = Some(*n as u32),
                _ => self.err(
                    Diag::error("invalid_type_id", "invalid type id")
                        .label(s.clone(), "must be an integer from 1 to 0xFFFFFFFF")
                        .help("0 means \"unspecified\" in a frame header; omit `type_id` to hash the full name"),
                    fi,
                ),
            }
        }
        let mut fields: Vec<ir::FieldDef> = Vec::new();
        let mut names: HashMap<&str, &ast::Span> = HashMap::new();
        let mut json: HashMap<String, &ast::Span> = HashMap::new();
        // Every key a JSON reader accepts: its field's name, written key, span.
        let mut aliases: HashMap<String, (String, String, &ast::Span)> = HashMap::new();
        let mut ordinals: HashMap<u128, &ast::Span> = HashMap::new();
        let mut ordinal_ok = true;
        for f in &m.fields {
            self.member_name(fi, &f.name, "field");
            let dup_name = self.unique(fi, &mut names, &f.name, |n| {
                Diag::error("duplicate_field", format!("field `{n}` is declared twice"))
            });
            let (ord, ospan) = &f.ordinal;
            if *ord > u128::from(u16::MAX) {
                ordinal_ok = false;
                self.err(
                    Diag::error("invalid_ordinal", format!("ordinal {ord} is too large"))
                        .label(ospan.clone(), "ordinals go up to 65535"),
                    fi,
                );
            } else if let Some(prev) = ordinals.get(ord) {
                ordinal_ok = false;
                let prev = (*prev).clone();
                self.err(
                    Diag::error("duplicate_ordinal", format!("ordinal @{ord} is used twice"))
                        .label(ospan.clone(), "again here")
                        .label(prev, "first here")
                        .help("each field has its own ordinal; a removed field keeps its ordinal as `[deprecated]`"),
                    fi,
                );
            } else {
                ordinals.insert(*ord, ospan);
            }
            let attrs = self.attrs(fi, &f.attrs, "field", &[("deprecated", false), ("json_name", true)]);
            let mut json_name = None;
            if let Some(a) = attrs.get("json_name") {
                let (v, s) = a.value.as_ref().expect("checked");
                match v {
                    Literal::Str(s) if !s.is_empty() => json_name = Some(s.clone()),
                    _ => self.err(
                        Diag::error("invalid_attribute", "`json_name` takes a non-empty string")
                            .label(s.clone(), "not a non-empty string"),
                        fi,
                    ),
                }
            }
            let key = json_name.clone().unwrap_or_else(|| f.name.name.clone());
            let key_span = attrs.get("json_name").map_or(&f.name.span, |a| &a.span);
            if let Some(prev) = json.get(&key) {
                if !dup_name || json_name.is_some() {
                    let prev = (*prev).clone();
                    self.err(
                        Diag::error("duplicate_json_name", format!("JSON key `{key}` is used by two fields"))
                            .label(key_span.clone(), "again here")
                            .label(prev, "first here")
                            .help("a field's JSON key is its `json_name`, else its name; they must differ"),
                        fi,
                    );
                }
            } else {
                json.insert(key.clone(), key_span);
            }
            // A reader accepts a field's name and its `json_name` (FORMAT.md
            // 16.1): each must reach one field only, or a schema misreads its
            // own JSON. Equal names and equal keys are reported above.
            let mut accepted = vec![(f.name.name.clone(), &f.name.span)];
            if let Some(j) = json_name.as_ref().filter(|j| **j != f.name.name) {
                accepted.push((j.clone(), key_span));
            }
            if let Some((k, span, (owner, _, prev))) = accepted
                .iter()
                .find_map(|(k, span)| aliases.get(k).map(|a| (k, *span, a)))
                .filter(|(_, _, (owner, owner_key, _))| *owner != f.name.name && *owner_key != key)
            {
                let prev = (*prev).clone();
                self.err(
                    Diag::error(
                        "json_key_conflict",
                        format!("JSON key `{k}` of field `{}` is also accepted for field `{owner}`", f.name.name),
                    )
                    .label(span.clone(), format!("`{k}` here"))
                    .label(prev, format!("a reader puts `{k}` into `{owner}`"))
                    .help(
                        "a JSON reader accepts a field's name and its `json_name`: each must differ from every other \
                         field's name and `json_name`",
                    ),
                    fi,
                );
            }
            for (k, span) in accepted {
                aliases.entry(k).or_insert_with(|| (f.name.name.clone(), key.clone(), span));
            }
            let ty = self.lower(fi, &f.ty);
            let default = match (&f.default, &ty) {
                (Some((lit, span)), Some(t)) => self.default_value(fi, t, lit, span, schema),
                _ => None,
            };
            if let Some(ty) = ty {
                if *ord <= u128::from(u16::MAX) {
                    fields.push(ir::FieldDef {
                        name: f.name.name.clone(),
                        json_name,
                        ordinal: *ord as u16,
                        ty,
                        default,
                        deprecated: attrs.contains_key("deprecated"),
                        doc: f.doc.clone(),
                        span: ir::Span { file: fi, range: f.span.clone() },
                        ty_span: ir::Span { file: fi, range: f.ty.span() },
                    });
                }
            }
        }
        if ordinal_ok && !m.recovered {
            let n = m.fields.len() as u128;
            let missing: Vec<String> = (0..n).filter(|o| !ordinals.contains_key(o)).map(|o| format!("@{o}")).collect();
            if !missing.is_empty() {
                let max = m.fields.iter().map(|f| f.ordinal.0).max().unwrap_or(0);
                let far = m.fields.iter().find(|f| f.ordinal.0 == max).map(|f| f.ordinal.1.clone());
                let mut d = Diag::error(
                    "missing_ordinal",
                    format!("ordinals of `{}` must be @0 to @{}: {} missing", m.name.name, n - 1, missing.join(", ")),
                )
                .label(m.name.span.clone(), "ordinals are not dense");
                if let Some(far) = far {
                    d = d.label(far, "beyond the field count");
                }
                self.err(
                    d.help("number the fields @0, @1, ... in order; a removed field stays, marked `[deprecated]`"),
                    fi,
                );
            }
        }
        fields.sort_by_key(|f| f.ordinal);
        // Kept in the schema: no growth slack.
        fields.shrink_to_fit();
        (fields, explicit_id)
    }

    pub(super) fn default_value(
        &mut self,
        fi: usize,
        t: &Type,
        lit: &Literal,
        span: &ast::Span,
        schema: &ir::Schema,
    ) -> Option<ir::Value> {
        let bad = |c: &mut Self, msg: String, label: String| {
            c.err(Diag::error("invalid_default", msg).label(span.clone(), label), fi);
            None
        };
        match t {
            Type::Bool => match lit {
                Literal::Ident(x) if x == "true" => Some(ir::Value::Bool(true)),
                Literal::Ident(x) if x == "false" => Some(ir::Value::Bool(false)),
                _ => bad(self, "a `bool` default is `true` or `false`".into(), "not a bool".into()),
            },
            Type::F32 | Type::F64 => {
                let v = match lit {
                    Literal::Int(v) => *v as f64,
                    Literal::Float(v) => *v,
                    Literal::Ident(x) if x == "inf" => f64::INFINITY,
                    Literal::NegIdent(x) if x == "inf" => f64::NEG_INFINITY,
                    Literal::Ident(x) if x == "nan" => f64::NAN,
                    _ => return bad(self, "expected a number, `inf`, `-inf` or `nan`".into(), "not a float".into()),
                };
                if *t == Type::F32 && v.is_finite() && v.abs() > f64::from(f32::MAX) {
                    self.err(
                        Diag::error("default_out_of_range", "default out of range for `f32`")
                            .label(span.clone(), "larger than f32::MAX"),
                        fi,
                    );
                    return None;
                }
                Some(ir::Value::Float(v))
            }
            Type::Enum(e) => {
                let def = &schema.enums[*e];
                match lit {
                    Literal::Ident(x) => match def.variants.iter().position(|v| v.name == *x) {
                        Some(i) => Some(ir::Value::Enum(i)),
                        None => bad(self, format!("enum `{}` has no variant `{x}`", def.name), "not a variant".into()),
                    },
                    _ => bad(
                        self,
                        format!("an enum default is a variant of `{}`", def.name),
                        "not a variant name".into(),
                    ),
                }
            }
            _ => {
                if let Some((lo, hi)) = int_range(t) {
                    return match lit {
                        Literal::Int(v) if *v >= lo && *v <= hi => Some(ir::Value::Int(*v)),
                        Literal::Int(_) => {
                            self.err(
                                Diag::error("default_out_of_range", "default out of range")
                                    .label(span.clone(), format!("must be {lo} to {hi}")),
                                fi,
                            );
                            None
                        }
                        _ => bad(self, "an integer field's default is an integer".into(), "not an integer".into()),
                    };
                }
                self.err(
                    Diag::error("default_not_allowed", "this type cannot have a declared default")
                        .label(span.clone(), "no default here")
                        .help("declared defaults are for integers, floats, bool and enums"),
                    fi,
                );
                None
            }
        }
    }

    pub(super) fn union(&mut self, fi: usize, u: &ast::Union) -> Vec<ir::ArmDef> {
        self.attrs(fi, &u.attrs, "union", &[]);
        if u.arms.is_empty() && !u.recovered {
            self.err(
                Diag::error("empty_union", format!("union `{}` has no arms", u.name.name))
                    .label(u.name.span.clone(), "declare at least one arm")
                    .help("a union's default value is one of its arms"),
                fi,
            );
        }
        if u.arms.len() > usize::from(u16::MAX) - 1 {
            self.err(Diag::error("too_many_arms", "a union has at most 65534 arms").label(u.name.span.clone(), ""), fi);
        }
        let mut arms = Vec::new();
        let mut names: HashMap<&str, &ast::Span> = HashMap::new();
        let mut default: Option<&ast::Span> = None;
        for (i, a) in u.arms.iter().enumerate() {
            self.member_name(fi, &a.name, "union arm");
            self.unique(fi, &mut names, &a.name, |n| {
                Diag::error("duplicate_arm", format!("arm `{n}` is declared twice"))
            });
            let attrs = self.attrs(fi, &a.attrs, "union arm", &[("default", false)]);
            let is_default = if let Some(d) = attrs.get("default") {
                if let Some(prev) = default {
                    self.err(
                        Diag::error("multiple_default_arms", "a union has at most one `[default]` arm")
                            .label(d.span.clone(), "second default")
                            .label(prev.clone(), "first default"),
                        fi,
                    );
                    false
                } else {
                    default = Some(&d.span);
                    true
                }
            } else {
                false
            };
            let ty = match &a.ty {
                Some(t) => match self.lower(fi, t) {
                    Some(t) => Some(t),
                    None => continue,
                },
                None => None,
            };
            arms.push(ir::ArmDef {
                name: a.name.name.clone(),
                tag: (i + 1).min(usize::from(u16::MAX)) as u16,
                ty,
                default: is_default,
                doc: a.doc.clone(),
                span: ir::Span { file: fi, range: a.span.clone() },
            });
        }
        // The effective default arm (FORMAT.md section 8): marked, else the first unit arm, else the first.
        if !arms.iter().any(|a| a.default) {
            let pick = arms.iter().position(|a| a.ty.is_none()).or(if arms.is_empty() { None } else { Some(0) });
            if let Some(p) = pick {
                arms[p].default = true;
            }
        }
        arms
    }

    pub(super) fn struct_decl(&mut self, fi: usize, s: &ast::Struct) -> Vec<ir::StructFieldDef> {
        self.attrs(fi, &s.attrs, "struct", &[]);
        if s.fields.is_empty() && !s.recovered {
            self.err(
                Diag::error("empty_struct", format!("struct `{}` has no fields", s.name.name))
                    .label(s.name.span.clone(), "zero-sized values cannot be stored")
                    .help("declare at least one field"),
                fi,
            );
        }
        let mut out = Vec::new();
        let mut names: HashMap<&str, &ast::Span> = HashMap::new();
        for f in &s.fields {
            self.member_name(fi, &f.name, "field");
            self.attrs(fi, &f.attrs, "struct field", &[]);
            self.unique(fi, &mut names, &f.name, |n| {
                Diag::error("duplicate_field", format!("field `{n}` is declared twice"))
            });
            let Some(ty) = self.lower(fi, &f.ty) else { continue };
            if !(is_primitive(&ty) || matches!(ty, Type::Array(..) | Type::Enum(_) | Type::Struct(_))) {
                self.err(
                    Diag::error("invalid_struct_field", "a struct holds only fixed-size values")
                        .label(f.ty.span(), "not fixed-size")
                        .help("struct fields are scalars, arrays of scalars, enums or structs; use a message"),
                    fi,
                );
                continue;
            }
            out.push(ir::StructFieldDef {
                name: f.name.name.clone(),
                ty,
                doc: f.doc.clone(),
                span: ir::Span { file: fi, range: f.span.clone() },
            });
        }
        out
    }
}
