//! The property behind `zerowire breaking`: **if it reports nothing
//! breaking, data written by either version reads back the same in the
//! other**, in binary and in JSON.
//!
//! Each case generates a random schema (enums, inline structs, unions,
//! messages nesting each other, lists, maps, optionals, arrays, defaults,
//! `json_name`s, deprecated fields), applies one mutation from a catalogue
//! (add / remove / rename / reorder / deprecate fields, change types and
//! defaults, `json_name` changes and swaps, struct field swaps, enum and
//! union changes, type renames and copies, ordinal reuse, ...), and checks
//! both versions. Then random data of the root message is written by each
//! version with the run-time codec (`zerowire_schema::dynamic::Codec`) and
//! read by the other:
//!
//! - binary: `encode_json` by the writer, `decode_json` of those bytes by
//!   the reader;
//! - JSON: the writer's `decode_json` text, `encode_json` then
//!   `decode_json` by the reader.
//!
//! Both sides are turned into values keyed by each field's, variant's and
//! arm's identity (which the generator tracks through renames and moves,
//! so a rename is the same field and a swap is two fields changing
//! places), and compared field by field over what both versions have
//! live. When `compare_with(.., Mode::Wire)` reports nothing breaking the
//! binary reads must agree; when `compare` (binary and JSON) reports
//! nothing breaking the JSON reads must agree too. Every schema the
//! checker accepts must also read back its own JSON.
//!
//! Data written by the new version uses only enum values and union arms the
//! old version has: an old reader keeps an unknown value as a number and
//! an unknown arm without its payload, and rejects an unknown name in JSON
//! (FORMAT.md 10, 16.6), which `breaking` documents as compatible.
//!
//! The budget is small in CI (300 cases, a second or two). Run longer by
//! hand, with a seed of your choice:
//!
//! ```sh
//! ZEROWIRE_EVOLUTION_CASES=100000 ZEROWIRE_EVOLUTION_SEED=7 \
//!     cargo test -p zerowire-schema --test evolution_property -- --nocapture
//! ```
//!
//! A failure prints the seed, the case, the mutation, both schemas, the
//! findings and the first field that differs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use serde_json::{Value as J, json};
use zerowire_schema::breaking::{Mode, Severity, compare, compare_with};
use zerowire_schema::check_source;
use zerowire_schema::dynamic::Codec;

// ---- a seeded generator -----------------------------------------------------

/// SplitMix64: small, seeded, the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
}

// ---- the model a schema is written from -----------------------------------

/// Scalars a field, struct field, list element or map value may be.
const PRIMS: &[&str] = &["bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "char"];

#[derive(Clone, Debug, PartialEq)]
enum Ty {
    P(&'static str),
    Str,
    Bytes,
    ListU8,
    Arr(&'static str, u32),
    List(Box<Ty>),
    Opt(Box<Ty>),
    /// `map<string, T>`.
    Map(Box<Ty>),
    Enum(usize),
    Struct(usize),
    Union(usize),
    Msg(usize),
}

/// Every field, variant and arm has a `uid`: its identity across versions
/// (kept by a rename, carried along by a move).
#[derive(Clone, Debug)]
struct Var {
    uid: u32,
    name: String,
    value: u32,
}

#[derive(Clone, Debug)]
struct Enum {
    name: String,
    repr: &'static str,
    vars: Vec<Var>,
}

#[derive(Clone, Debug)]
struct SField {
    uid: u32,
    name: String,
    ty: Ty,
}

#[derive(Clone, Debug)]
struct Struct {
    name: String,
    fields: Vec<SField>,
}

#[derive(Clone, Debug)]
struct Arm {
    uid: u32,
    name: String,
    ty: Option<Ty>,
    default: bool,
}

#[derive(Clone, Debug)]
struct Union {
    name: String,
    arms: Vec<Arm>,
}

#[derive(Clone, Debug)]
struct Field {
    uid: u32,
    name: String,
    json: Option<String>,
    ord: u16,
    ty: Ty,
    default: Option<String>,
    deprecated: bool,
}

#[derive(Clone, Debug)]
struct Msg {
    name: String,
    /// Messages only hold messages of a lower rank (no recursion); a copy
    /// keeps the rank of its original.
    rank: usize,
    type_id: Option<u32>,
    fields: Vec<Field>,
}

#[derive(Clone, Debug)]
struct Model {
    enums: Vec<Enum>,
    structs: Vec<Struct>,
    unions: Vec<Union>,
    msgs: Vec<Msg>,
    root: usize,
    next_uid: u32,
}

impl Model {
    fn uid(&mut self) -> u32 {
        self.next_uid += 1;
        self.next_uid
    }

    fn source(&self) -> String {
        let mut s = String::from("package p;\n");
        let ty = |t: &Ty| self.ty_name(t);
        for e in &self.enums {
            let vars: String = e.vars.iter().map(|v| format!("{} = {}; ", v.name, v.value)).collect();
            let _ = writeln!(s, "enum {} [repr = {}] {{ {vars}}}", e.name, e.repr);
        }
        for st in &self.structs {
            let fields: String = st.fields.iter().map(|f| format!("{} : {}; ", f.name, ty(&f.ty))).collect();
            let _ = writeln!(s, "struct {} {{ {fields}}}", st.name);
        }
        for u in &self.unions {
            let arms: String = u
                .arms
                .iter()
                .map(|a| {
                    let t = a.ty.as_ref().map_or(String::new(), |t| format!(" : {}", ty(t)));
                    format!("{}{t}{}; ", a.name, if a.default { " [default]" } else { "" })
                })
                .collect();
            let _ = writeln!(s, "union {} {{ {arms}}}", u.name);
        }
        for m in &self.msgs {
            let id = m.type_id.map_or(String::new(), |i| format!(" [type_id = {i:#x}]"));
            let _ = writeln!(s, "message {}{id} {{", m.name);
            for f in &m.fields {
                let mut attrs = Vec::new();
                if f.deprecated {
                    attrs.push("deprecated".to_string());
                }
                if let Some(j) = &f.json {
                    attrs.push(format!("json_name = \"{j}\""));
                }
                let attrs = if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
                let def = f.default.as_ref().map_or(String::new(), |d| format!(" = {d}"));
                let _ = writeln!(s, "    {} @{} : {}{def}{attrs};", f.name, f.ord, ty(&f.ty));
            }
            s.push_str("}\n");
        }
        s
    }

    fn ty_name(&self, t: &Ty) -> String {
        match t {
            Ty::P(p) => (*p).to_string(),
            Ty::Str => "string".into(),
            Ty::Bytes => "bytes".into(),
            Ty::ListU8 => "list<u8>".into(),
            Ty::Arr(p, n) => format!("[{p}; {n}]"),
            Ty::List(e) => format!("list<{}>", self.ty_name(e)),
            Ty::Opt(e) => format!("optional<{}>", self.ty_name(e)),
            Ty::Map(v) => format!("map<string, {}>", self.ty_name(v)),
            Ty::Enum(i) => self.enums[*i].name.clone(),
            Ty::Struct(i) => self.structs[*i].name.clone(),
            Ty::Union(i) => self.unions[*i].name.clone(),
            Ty::Msg(i) => self.msgs[*i].name.clone(),
        }
    }

    /// A type for a field of message `m` (`None`: any place but a message).
    fn gen_ty(&self, rng: &mut Rng, m: Option<usize>, depth: u32) -> Ty {
        let rank = m.map(|m| self.msgs[m].rank);
        let lower: Vec<usize> = (0..self.msgs.len()).filter(|&j| rank.is_some_and(|r| self.msgs[j].rank < r)).collect();
        loop {
            let t = match rng.below(14) {
                0..=3 => Ty::P(rng.pick(PRIMS)),
                4 => Ty::Str,
                5 => {
                    if rng.one_in(2) {
                        Ty::Bytes
                    } else {
                        Ty::ListU8
                    }
                }
                6 => rng.pick(&[Ty::Arr("u8", 4), Ty::Arr("i16", 3)]),
                7 if !self.enums.is_empty() => Ty::Enum(rng.below(self.enums.len())),
                8 if !self.structs.is_empty() => Ty::Struct(rng.below(self.structs.len())),
                9 if !self.unions.is_empty() => Ty::Union(rng.below(self.unions.len())),
                10 if !lower.is_empty() => Ty::Msg(rng.pick(&lower)),
                11 if depth < 2 => {
                    let e = self.gen_ty(rng, m, depth + 1);
                    match e {
                        Ty::Opt(_) | Ty::P("bool") => continue,
                        e => Ty::List(Box::new(e)),
                    }
                }
                12 if depth < 2 => match self.gen_ty(rng, m, depth + 1) {
                    Ty::Opt(_) | Ty::Struct(_) | Ty::Arr(..) => continue,
                    e => Ty::Opt(Box::new(e)),
                },
                13 if depth < 2 => match self.gen_ty(rng, m, depth + 1) {
                    Ty::Opt(_) => continue,
                    e => Ty::Map(Box::new(e)),
                },
                _ => continue,
            };
            return t;
        }
    }

    /// A type for an inline struct field.
    fn gen_struct_ty(&self, rng: &mut Rng) -> Ty {
        match rng.below(6) {
            0 if !self.enums.is_empty() => Ty::Enum(rng.below(self.enums.len())),
            1 => Ty::Arr("i16", 3),
            _ => Ty::P(rng.pick(PRIMS)),
        }
    }

    /// A type for a union arm (unions hold no messages here: no cycles).
    fn gen_arm_ty(&self, rng: &mut Rng) -> Option<Ty> {
        match rng.below(7) {
            0 => None,
            1 => Some(Ty::Str),
            2 => Some(Ty::Bytes),
            3 if !self.structs.is_empty() => Some(Ty::Struct(rng.below(self.structs.len()))),
            4 if !self.enums.is_empty() => Some(Ty::Enum(rng.below(self.enums.len()))),
            _ => Some(Ty::P(rng.pick(&["u32", "i64", "f64", "bool"]))),
        }
    }

    /// A declared default for a field of type `t`, if it can have one.
    fn gen_default(&self, rng: &mut Rng, t: &Ty) -> Option<String> {
        match t {
            Ty::P("bool") => Some(rng.pick(&["true", "false"]).to_string()),
            Ty::P("char") => None,
            Ty::P("f32") | Ty::P("f64") => Some(rng.pick(&["0.0", "1.5", "-2.25", "0.1"]).to_string()),
            Ty::P(p) if p.starts_with('i') => Some(rng.pick(&["0", "-1", "7", "100"]).to_string()),
            Ty::P(_) => Some(rng.pick(&["0", "1", "7", "100"]).to_string()),
            Ty::Enum(e) => Some(rng.pick(&self.enums[*e].vars).name),
            _ => None,
        }
    }

    fn gen_field(&mut self, rng: &mut Rng, m: usize, ord: u16) -> Field {
        let uid = self.uid();
        let ty = self.gen_ty(rng, Some(m), 0);
        let default = if rng.one_in(4) { self.gen_default(rng, &ty) } else { None };
        Field {
            uid,
            name: format!("f{uid}"),
            json: if rng.one_in(3) { Some(format!("k{uid}")) } else { None },
            ord,
            ty,
            default,
            deprecated: rng.one_in(12),
        }
    }

    fn generate(rng: &mut Rng) -> Model {
        let mut m = Model { enums: vec![], structs: vec![], unions: vec![], msgs: vec![], root: 0, next_uid: 0 };
        for i in 0..rng.below(3) {
            let n = 1 + rng.below(4);
            let gap = rng.one_in(4);
            let vars = (0..n)
                .map(|v| {
                    let uid = m.uid();
                    Var { uid, name: format!("V{uid}"), value: v as u32 + u32::from(gap && v > 0) }
                })
                .collect();
            m.enums.push(Enum { name: format!("E{i}"), repr: rng.pick(&["u8", "u16", "u32"]), vars });
        }
        for i in 0..rng.below(3) {
            let fields = (0..1 + rng.below(3))
                .map(|_| {
                    let uid = m.uid();
                    SField { uid, name: format!("s{uid}"), ty: m.gen_struct_ty(rng) }
                })
                .collect();
            m.structs.push(Struct { name: format!("S{i}"), fields });
        }
        for i in 0..rng.below(3) {
            let mut arms: Vec<Arm> = (0..1 + rng.below(4))
                .map(|_| {
                    let uid = m.uid();
                    Arm { uid, name: format!("a{uid}"), ty: m.gen_arm_ty(rng), default: false }
                })
                .collect();
            if rng.one_in(2) {
                let d = rng.below(arms.len());
                arms[d].default = true;
            }
            m.unions.push(Union { name: format!("U{i}"), arms });
        }
        let n = 1 + rng.below(3);
        for i in 0..n {
            let type_id = if rng.one_in(5) { Some(1 + rng.below(1 << 20) as u32) } else { None };
            m.msgs.push(Msg { name: format!("M{i}"), rank: i, type_id, fields: vec![] });
            for ord in 0..1 + rng.below(6) {
                let f = m.gen_field(rng, i, ord as u16);
                m.msgs[i].fields.push(f);
            }
            // Declaration order is not ordinal order.
            if rng.one_in(4) {
                let len = m.msgs[i].fields.len();
                m.msgs[i].fields.swap(0, len - 1);
            }
        }
        m.root = n - 1;
        // The root holds every type, so that every mutation reaches its data.
        let root = m.root;
        let mut extra: Vec<Ty> = Vec::new();
        extra.extend((0..m.enums.len()).map(Ty::Enum));
        extra.extend((0..m.structs.len()).map(Ty::Struct));
        extra.extend((0..m.unions.len()).map(Ty::Union));
        extra.extend((0..root).map(Ty::Msg));
        for ty in extra {
            let uid = m.uid();
            let ord = m.msgs[root].fields.len() as u16;
            let json = if rng.one_in(3) { Some(format!("k{uid}")) } else { None };
            let ty = if rng.one_in(3) { Ty::List(Box::new(ty)) } else { ty };
            m.msgs[root].fields.push(Field {
                uid,
                name: format!("f{uid}"),
                json,
                ord,
                ty,
                default: None,
                deprecated: false,
            });
        }
        m
    }
}

// ---- mutations --------------------------------------------------------------

/// Applies one mutation from the catalogue to `m`; its name, or `None` if
/// it does not apply to this schema.
fn mutate(m: &mut Model, rng: &mut Rng) -> Option<&'static str> {
    let mi = rng.below(m.msgs.len());
    let nf = m.msgs[mi].fields.len();
    let fi = rng.below(nf);
    let same_ty_pair = |m: &Model| -> Option<(usize, usize)> {
        let fs = &m.msgs[mi].fields;
        (0..fs.len()).flat_map(|a| (a + 1..fs.len()).map(move |b| (a, b))).find(|&(a, b)| fs[a].ty == fs[b].ty)
    };
    Some(match rng.below(36) {
        0 => {
            let f = m.gen_field(rng, mi, nf as u16);
            m.msgs[mi].fields.push(f);
            "append a field"
        }
        1 => {
            let last = m.msgs[mi].fields.iter().position(|f| f.ord as usize == nf - 1)?;
            m.msgs[mi].fields.remove(last);
            if m.msgs[mi].fields.is_empty() {
                return None;
            }
            "remove the last field"
        }
        2 => {
            m.msgs[mi].fields[fi].deprecated = true;
            "deprecate a field"
        }
        3 => {
            let uid = m.uid();
            m.msgs[mi].fields[fi].name = format!("r{uid}");
            "rename a field"
        }
        4 => {
            let uid = m.uid();
            let f = &mut m.msgs[mi].fields[fi];
            if f.json.is_none() {
                f.json = Some(f.name.clone());
            }
            f.name = format!("r{uid}");
            "rename a field, keeping its key with json_name"
        }
        5 => {
            let uid = m.uid();
            m.msgs[mi].fields[fi].json = Some(format!("j{uid}"));
            "set a new json_name"
        }
        6 => {
            m.msgs[mi].fields[fi].json.take()?;
            "drop a json_name"
        }
        7 => {
            // Keys that are no field's name: swapping them is a valid schema.
            let (a, b) = same_ty_pair(m)?;
            let fs = &mut m.msgs[mi].fields;
            let (ka, kb) = (fs[a].json.clone()?, fs[b].json.clone()?);
            fs[a].json = Some(kb);
            fs[b].json = Some(ka);
            "swap the JSON keys of two same-typed fields"
        }
        8 => {
            let uid = m.uid();
            let f = &mut m.msgs[mi].fields[fi];
            let key = f.json.clone().unwrap_or(f.name.clone());
            f.json = Some(format!("{key}_old"));
            let mut g = f.clone();
            g.uid = uid;
            g.name = format!("f{uid}");
            g.json = Some(key);
            g.ord = nf as u16;
            g.deprecated = false;
            m.msgs[mi].fields.push(g);
            "move a field's key to an appended field"
        }
        9 => {
            let (a, b) = same_ty_pair(m)?;
            let fs = &mut m.msgs[mi].fields;
            let (oa, ob) = (fs[a].ord, fs[b].ord);
            fs[a].ord = ob;
            fs[b].ord = oa;
            "swap the ordinals of two same-typed fields"
        }
        10 => {
            let b = rng.below(nf);
            let fs = &mut m.msgs[mi].fields;
            let (oa, ob) = (fs[fi].ord, fs[b].ord);
            fs[fi].ord = ob;
            fs[b].ord = oa;
            "swap the ordinals of two fields"
        }
        11 => {
            let t = m.gen_ty(rng, Some(mi), 0);
            let f = &mut m.msgs[mi].fields[fi];
            f.ty = t;
            f.default = None;
            "change a field's type"
        }
        12 => {
            let f = &mut m.msgs[mi].fields[fi];
            f.ty = match &f.ty {
                Ty::Bytes => Ty::ListU8,
                Ty::ListU8 => Ty::Bytes,
                Ty::Str => Ty::Bytes,
                Ty::List(e) if **e == Ty::Str => Ty::List(Box::new(Ty::Bytes)),
                _ => return None,
            };
            "bytes <-> list<u8>, string -> bytes"
        }
        13 => {
            let d = m.gen_default(rng, &m.msgs[mi].fields[fi].ty)?;
            m.msgs[mi].fields[fi].default = Some(d);
            "set a declared default"
        }
        14 => {
            let f = &m.msgs[mi].fields[fi];
            let zero = match &f.ty {
                Ty::P("bool") => "false".to_string(),
                Ty::P("f32") | Ty::P("f64") => "0.0".to_string(),
                Ty::P("char") => return None,
                Ty::P(_) => "0".to_string(),
                Ty::Enum(e) => m.enums[*e].vars.iter().find(|v| v.value == 0)?.name.clone(),
                _ => return None,
            };
            m.msgs[mi].fields[fi].default = Some(zero);
            "set a default equal to the type's zero"
        }
        15 => {
            let f = &mut m.msgs[mi].fields[fi];
            match (f.default.as_deref(), &f.ty) {
                (Some("0.1"), Ty::P("f32")) => f.default = Some("0.10000000149011612".into()),
                (Some("7"), _) => f.default = Some("0x7".into()),
                (Some(_), _) => f.default = None,
                _ => return None,
            }
            "respell or drop a default"
        }
        16 => {
            let f = m.msgs[mi].fields.iter().position(|f| f.deprecated)?;
            let uid = m.uid();
            let f = &mut m.msgs[mi].fields[f];
            f.uid = uid;
            f.name = format!("f{uid}");
            f.json = None;
            f.deprecated = false;
            "reuse a deprecated ordinal"
        }
        17 => {
            let f = &mut m.msgs[mi].fields[fi];
            f.deprecated = false;
            "undeprecate a field"
        }
        18 => {
            let other = m.msgs[mi].fields[(fi + 1) % nf].name.clone();
            m.msgs[mi].fields[fi].json = Some(other);
            "give a field another field's name as json_name"
        }
        19 | 20 => {
            let s = rng.below(m.structs.len().max(1));
            let st = m.structs.get_mut(s)?;
            if st.fields.len() < 2 {
                return None;
            }
            let b = 1 + rng.below(st.fields.len() - 1);
            if rng.one_in(2) {
                // Names (and identities) swap places; types stay in place.
                let (n0, u0) = (st.fields[0].name.clone(), st.fields[0].uid);
                st.fields[0].name = st.fields[b].name.clone();
                st.fields[0].uid = st.fields[b].uid;
                st.fields[b].name = n0;
                st.fields[b].uid = u0;
            } else {
                st.fields.swap(0, b);
            }
            "swap two struct fields"
        }
        21 => {
            let s = rng.below(m.structs.len().max(1));
            let uid = m.uid();
            let st = m.structs.get_mut(s)?;
            let i = rng.below(st.fields.len());
            st.fields[i].name = format!("r{uid}");
            "rename a struct field"
        }
        22 => {
            let s = rng.below(m.structs.len().max(1));
            let t = m.gen_struct_ty(rng);
            let uid = m.uid();
            let st = m.structs.get_mut(s)?;
            if rng.one_in(2) {
                st.fields.push(SField { uid, name: format!("s{uid}"), ty: t });
                "append a struct field"
            } else {
                let i = rng.below(st.fields.len());
                st.fields[i].ty = t;
                "change a struct field's type"
            }
        }
        23 => {
            let e = rng.below(m.enums.len().max(1));
            let uid = m.uid();
            let en = m.enums.get_mut(e)?;
            let value = en.vars.iter().map(|v| v.value).max().unwrap_or(0) + 1;
            en.vars.push(Var { uid, name: format!("V{uid}"), value });
            "add an enum value"
        }
        24 => {
            let e = rng.below(m.enums.len().max(1));
            let uid = m.uid();
            let en = m.enums.get_mut(e)?;
            let i = rng.below(en.vars.len());
            match rng.below(4) {
                0 if en.vars.len() > 1 => {
                    en.vars.remove(i);
                    "remove an enum value"
                }
                1 => {
                    let was = std::mem::replace(&mut en.vars[i].name, format!("R{uid}"));
                    let now = en.vars[i].name.clone();
                    for f in m.msgs.iter_mut().flat_map(|m| &mut m.fields) {
                        if f.ty == Ty::Enum(e) && f.default.as_ref() == Some(&was) {
                            f.default = Some(now.clone());
                        }
                    }
                    "rename an enum value"
                }
                2 => {
                    en.vars[i].value += 7;
                    "renumber an enum value"
                }
                _ if en.vars.len() > 1 => {
                    let j = (i + 1) % en.vars.len();
                    let v = en.vars[i].value;
                    en.vars[i].value = en.vars[j].value;
                    en.vars[j].value = v;
                    "swap the numbers of two enum values"
                }
                _ => return None,
            }
        }
        25 => {
            let e = rng.below(m.enums.len().max(1));
            let r = rng.pick(&["u8", "u16", "u32"]);
            m.enums.get_mut(e)?.repr = r;
            "change an enum's repr"
        }
        26 | 27 => {
            let u = rng.below(m.unions.len().max(1));
            let t = m.gen_arm_ty(rng);
            let uid = m.uid();
            let un = m.unions.get_mut(u)?;
            let i = rng.below(un.arms.len());
            match rng.below(6) {
                0 => {
                    un.arms.push(Arm { uid, name: format!("a{uid}"), ty: t, default: false });
                    "append a union arm"
                }
                1 if un.arms.len() > 1 => {
                    un.arms.pop();
                    "remove the last union arm"
                }
                2 => {
                    un.arms[i].name = format!("r{uid}");
                    "rename a union arm"
                }
                3 if un.arms.len() > 1 => {
                    let j = (i + 1) % un.arms.len();
                    un.arms.swap(i, j);
                    "swap two union arms"
                }
                4 => {
                    un.arms[i].ty = t;
                    "change a union arm's type"
                }
                _ => {
                    for a in &mut un.arms {
                        a.default = false;
                    }
                    un.arms[i].default = true;
                    "set the default arm"
                }
            }
        }
        28 => {
            let uid = m.uid();
            match rng.below(4) {
                0 => {
                    let i = rng.below(m.enums.len().max(1));
                    m.enums.get_mut(i)?.name = format!("T{uid}");
                }
                1 => {
                    let i = rng.below(m.structs.len().max(1));
                    m.structs.get_mut(i)?.name = format!("T{uid}");
                }
                2 => {
                    let i = rng.below(m.unions.len().max(1));
                    m.unions.get_mut(i)?.name = format!("T{uid}");
                }
                _ => m.msgs[mi].name = format!("T{uid}"),
            }
            "rename a type"
        }
        29 => {
            let id = zerowire_schema::type_id(&format!("p.{}", m.msgs[mi].name));
            let uid = m.uid();
            let msg = &mut m.msgs[mi];
            msg.name = format!("T{uid}");
            msg.type_id.get_or_insert(id);
            "rename a message keeping its type id"
        }
        30 => {
            m.msgs[mi].type_id = Some(1 + rng.below(1 << 20) as u32);
            "set a message's type id"
        }
        31 | 32 => {
            // An identical copy under another name, used by one field.
            let uid = m.uid();
            let f = &m.msgs[mi].fields[fi];
            let ty = match &f.ty {
                Ty::Enum(e) => {
                    let mut c = m.enums[*e].clone();
                    c.name = format!("C{uid}");
                    m.enums.push(c);
                    Ty::Enum(m.enums.len() - 1)
                }
                Ty::Struct(s) => {
                    let mut c = m.structs[*s].clone();
                    c.name = format!("C{uid}");
                    m.structs.push(c);
                    Ty::Struct(m.structs.len() - 1)
                }
                Ty::Union(u) => {
                    let mut c = m.unions[*u].clone();
                    c.name = format!("C{uid}");
                    m.unions.push(c);
                    Ty::Union(m.unions.len() - 1)
                }
                Ty::Msg(j) => {
                    let mut c = m.msgs[*j].clone();
                    c.name = format!("C{uid}");
                    c.type_id = None;
                    m.msgs.push(c);
                    Ty::Msg(m.msgs.len() - 1)
                }
                _ => return None,
            };
            m.msgs[mi].fields[fi].ty = ty;
            "use an identical copy of a field's type"
        }
        33 => {
            let f = &mut m.msgs[mi].fields[fi];
            f.ty = match &f.ty {
                Ty::Opt(e) => (**e).clone(),
                Ty::Str | Ty::Bytes | Ty::Msg(_) | Ty::P(_) | Ty::Enum(_) => Ty::Opt(Box::new(f.ty.clone())),
                _ => return None,
            };
            f.default = None;
            "T <-> optional<T>"
        }
        34 => {
            // Names (and identities) of two fields swap ordinals, keys kept
            // with the ordinals.
            let (a, b) = same_ty_pair(m)?;
            let fs = &mut m.msgs[mi].fields;
            let (ka, kb) =
                (fs[a].json.clone().unwrap_or(fs[a].name.clone()), fs[b].json.clone().unwrap_or(fs[b].name.clone()));
            let (oa, ob) = (fs[a].ord, fs[b].ord);
            fs[a].ord = ob;
            fs[b].ord = oa;
            fs[a].json = Some(kb);
            fs[b].json = Some(ka);
            "swap two fields' names, keys swapped back"
        }
        _ => "no change",
    })
}

// ---- data -------------------------------------------------------------------

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// Random JSON for a value of type `t` of `m`. With `only_in`, enum values
/// and union arms are drawn among those that model has too.
fn gen_value(m: &Model, t: &Ty, rng: &mut Rng, only_in: Option<&Model>) -> J {
    match t {
        Ty::P(p) => match *p {
            "bool" => J::Bool(rng.one_in(2)),
            "u8" => json!(rng.pick(&[0u64, 1, 7, 200, 255])),
            "u16" => json!(rng.pick(&[0u64, 1, 300, 65535])),
            "u32" => json!(rng.pick(&[0u64, 5, 70000, 4_294_967_295])),
            "u64" => J::String(rng.pick(&[0u64, 9, 1 << 40, u64::MAX]).to_string()),
            "i8" => json!(rng.pick(&[0i64, -1, 7, -128, 127])),
            "i16" => json!(rng.pick(&[0i64, -300, 32767])),
            "i32" => json!(rng.pick(&[0i64, -5, 100_000, i64::from(i32::MIN)])),
            "i64" => J::String(rng.pick(&[0i64, -9, i64::MIN, 1 << 50]).to_string()),
            "f32" => json!(rng.pick(&[0.0f64, 1.5, -2.25, 0.1f32 as f64, 3.0e38])),
            "f64" => json!(rng.pick(&[0.0f64, 1.5, -2.25, 0.1, 1e300])),
            _ => J::String(rng.pick(&["a", "é", "😀", "\n"]).to_string()),
        },
        Ty::Str => J::String(rng.pick(&["", "x", "héllo", "a\"b\\c", "line\nbreak"]).to_string()),
        Ty::Bytes | Ty::ListU8 => {
            let n = rng.below(5);
            J::String(b64(&(0..n).map(|_| rng.next() as u8).collect::<Vec<_>>()))
        }
        Ty::Arr(p, n) => {
            if *p == "u8" {
                J::String(b64(&(0..*n).map(|_| rng.next() as u8).collect::<Vec<_>>()))
            } else {
                J::Array((0..*n).map(|_| gen_value(m, &Ty::P(p), rng, only_in)).collect())
            }
        }
        Ty::List(e) => J::Array((0..rng.below(4)).map(|_| gen_value(m, e, rng, only_in)).collect()),
        Ty::Opt(e) => {
            if rng.one_in(3) {
                J::Null
            } else {
                gen_value(m, e, rng, only_in)
            }
        }
        Ty::Map(v) => {
            let mut o = serde_json::Map::new();
            for _ in 0..rng.below(3) {
                o.insert(rng.pick(&["a", "b", "zz", ""]).to_string(), gen_value(m, v, rng, only_in));
            }
            J::Object(o)
        }
        Ty::Enum(e) => {
            let vars: Vec<&Var> =
                m.enums[*e].vars.iter().filter(|v| only_in.is_none_or(|o| o.has_var(v.uid))).collect();
            if vars.is_empty() {
                return J::Null; // the field's default
            }
            J::String(vars[rng.below(vars.len())].name.clone())
        }
        Ty::Struct(s) => J::Object(
            m.structs[*s].fields.iter().map(|f| (f.name.clone(), gen_value(m, &f.ty, rng, only_in))).collect(),
        ),
        Ty::Union(u) => {
            let arms: Vec<&Arm> =
                m.unions[*u].arms.iter().filter(|a| only_in.is_none_or(|o| o.has_arm(a.uid))).collect();
            if arms.is_empty() {
                return J::Null;
            }
            let a = arms[rng.below(arms.len())];
            let payload = a.ty.as_ref().map_or(J::Null, |t| gen_value(m, t, rng, only_in));
            json!({ a.name.clone(): payload })
        }
        Ty::Msg(i) => {
            let mut o = serde_json::Map::new();
            for f in m.msgs[*i].fields.iter().filter(|f| !f.deprecated) {
                if rng.one_in(6) {
                    continue; // a missing key: the default
                }
                o.insert(f.json.clone().unwrap_or(f.name.clone()), gen_value(m, &f.ty, rng, only_in));
            }
            J::Object(o)
        }
    }
}

impl Model {
    fn has_var(&self, uid: u32) -> bool {
        self.enums.iter().any(|e| e.vars.iter().any(|v| v.uid == uid))
    }

    fn has_arm(&self, uid: u32) -> bool {
        self.unions.iter().any(|u| u.arms.iter().any(|a| a.uid == uid))
    }
}

/// JSON written by the codec for `m`, with every message and struct field
/// named by its identity (`#uid`), so two versions' values compare.
fn meaning(m: &Model, t: &Ty, v: &J) -> J {
    match (t, v) {
        (Ty::List(e), J::Array(xs)) => J::Array(xs.iter().map(|x| meaning(m, e, x)).collect()),
        (Ty::Opt(e), x) if !x.is_null() => meaning(m, e, x),
        (Ty::Map(e), J::Object(o)) => J::Object(o.iter().map(|(k, x)| (k.clone(), meaning(m, e, x))).collect()),
        // An enum value is its number (what binary data holds) and its name
        // (what JSON holds, and what a program matches on), with the names
        // the version knows: a name both versions know must stay on its
        // number; a name only one knows is a rename.
        (Ty::Enum(e), x) => {
            let en = &m.enums[*e];
            let known: Vec<&str> = en.vars.iter().map(|v| v.name.as_str()).collect();
            let (value, name) = match x {
                J::String(n) => (en.vars.iter().find(|v| v.name == *n).map(|v| json!(v.value)), json!(n)),
                _ => (Some(x.clone()), J::Null),
            };
            json!({ "§value": value, "§name": name, "§known": known })
        }
        (Ty::Struct(s), J::Object(o)) => J::Object(
            m.structs[*s]
                .fields
                .iter()
                .map(|f| (format!("#{}", f.uid), o.get(&f.name).map_or(json!("?missing"), |x| meaning(m, &f.ty, x))))
                .collect(),
        ),
        // A union value is its tag and arm name (as an enum value), and its payload.
        (Ty::Union(u), J::Object(o)) if o.len() == 1 => {
            let (k, x) = o.iter().next().unwrap();
            let un = &m.unions[*u];
            let known: Vec<&str> = un.arms.iter().map(|a| a.name.as_str()).collect();
            match un.arms.iter().position(|a| a.name == *k) {
                Some(i) => {
                    let p = un.arms[i].ty.as_ref().map_or(J::Null, |t| meaning(m, t, x));
                    json!({ "§value": i + 1, "§name": k, "§known": known, "§payload": p })
                }
                None => json!({ "§value": k, "§name": null, "§known": known, "§payload": x }),
            }
        }
        (Ty::Msg(i), J::Object(o)) => J::Object(
            m.msgs[*i]
                .fields
                .iter()
                .filter(|f| !f.deprecated)
                .map(|f| {
                    let x = o.get(f.json.as_deref().unwrap_or(&f.name));
                    (format!("#{}", f.uid), x.map_or(J::Null, |x| meaning(m, &f.ty, x)))
                })
                .collect(),
        ),
        _ => v.clone(),
    }
}

/// The first place where `w` (written) and `r` (read) differ, over the
/// fields both versions have.
fn differ(w: &J, r: &J, path: &str) -> Option<String> {
    match (w, r) {
        // An enum value or a union arm.
        (J::Object(a), J::Object(b)) if a.contains_key("§known") && b.contains_key("§known") => {
            let renamed = a["§name"].as_str().is_none_or(|n| !b["§known"].as_array().unwrap().contains(&json!(n)));
            if a["§value"] != b["§value"] || (!renamed && a["§name"] != b["§name"]) {
                return Some(format!(
                    "{path}: wrote {} ({}), read {} ({})",
                    a["§name"], a["§value"], b["§name"], b["§value"]
                ));
            }
            match (a.get("§payload"), b.get("§payload")) {
                (Some(x), Some(y)) => differ(x, y, &format!("{path}.{}", b["§name"])),
                _ => None,
            }
        }
        // A message or a struct: the identities both versions have.
        (J::Object(a), J::Object(b)) if a.keys().chain(b.keys()).any(|k| k.starts_with('#')) => a
            .iter()
            .filter_map(|(k, x)| b.get(k).map(|y| (k, x, y)))
            .find_map(|(k, x, y)| differ(x, y, &format!("{path}.{k}"))),
        // A union or a map: the same keys, each value the same.
        (J::Object(a), J::Object(b)) if a.len() == b.len() && a.keys().all(|k| b.contains_key(k)) => {
            a.iter().find_map(|(k, x)| differ(x, &b[k], &format!("{path}.{k}")))
        }
        (J::Array(a), J::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| differ(x, y, &format!("{path}[{i}]")))
        }
        _ if w == r => None,
        _ => Some(format!("{path}: wrote {w}, read {r}")),
    }
}

// ---- the property -----------------------------------------------------------

struct Version<'a> {
    model: &'a Model,
    codec: Codec<'a>,
    root: usize,
}

impl<'a> Version<'a> {
    fn new(model: &'a Model, schema: &'a zerowire_schema::ir::Schema) -> Self {
        let codec = Codec::new(schema);
        let root = codec.message(&format!("p.{}", model.msgs[model.root].name)).expect("root message");
        Version { model, codec, root }
    }

    fn root_ty(&self) -> Ty {
        Ty::Msg(self.model.root)
    }
}

/// Writes `data` with `w`, reads it with `r` in binary and in JSON;
/// `(binary difference, JSON difference)`.
fn read_across(w: &Version<'_>, r: &Version<'_>, data: &J) -> (Option<String>, Option<String>) {
    let bytes = w.codec.encode_json(w.root, &data.to_string()).unwrap_or_else(|e| panic!("writer refuses {data}: {e}"));
    let text = w.codec.decode_json(w.root, &bytes).unwrap_or_else(|e| panic!("writer cannot read its bytes: {e}"));
    let written = meaning(w.model, &w.root_ty(), &serde_json::from_str(&text).unwrap());
    let binary = match r.codec.decode_json(r.root, &bytes) {
        Ok(t) => differ(&written, &meaning(r.model, &r.root_ty(), &serde_json::from_str(&t).unwrap()), "$"),
        Err(e) => Some(format!("binary refused: {e}")),
    };
    let json = match r.codec.encode_json(r.root, &text).and_then(|b| r.codec.decode_json(r.root, &b)) {
        Ok(t) => differ(&written, &meaning(r.model, &r.root_ty(), &serde_json::from_str(&t).unwrap()), "$"),
        Err(e) => Some(format!("JSON refused: {e}")),
    };
    (binary, json)
}

#[derive(Default)]
struct Tally {
    cases: u32,
    refused: u32,
    safe: u32,
    wire_safe: u32,
    breaking_but_same: u32,
}

#[test]
fn breaking_says_safe_implies_data_reads_back_the_same() {
    let cases: u32 = std::env::var("ZEROWIRE_EVOLUTION_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let seed: u64 = std::env::var("ZEROWIRE_EVOLUTION_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x2e70);
    let mut rng = Rng(seed);
    let mut by_mutation: BTreeMap<&str, Tally> = BTreeMap::new();
    for case in 0..cases {
        let old_m = Model::generate(&mut rng);
        let old_src = old_m.source();
        let old = check_source("old.zw", &old_src)
            .unwrap_or_else(|e| panic!("generated schema refused:\n{old_src}\n{}", e.render()));
        let (new_m, what) = loop {
            let mut m = old_m.clone();
            if let Some(w) = mutate(&mut m, &mut rng) {
                break (m, w);
            }
        };
        let t = by_mutation.entry(what).or_default();
        t.cases += 1;
        let new_src = new_m.source();
        let Ok(new) = check_source("new.zw", &new_src) else {
            t.refused += 1;
            continue;
        };
        let findings = compare(&old, &new);
        let safe = !findings.iter().any(|f| f.severity == Severity::Breaking);
        let wire_safe = !compare_with(&old, &new, Mode::Wire).iter().any(|f| f.severity == Severity::Breaking);
        t.safe += u32::from(safe);
        t.wire_safe += u32::from(wire_safe);
        let (ov, nv) = (Version::new(&old_m, &old), Version::new(&new_m, &new));
        let mut any_differs = false;
        for (dir, w, r) in [("old -> new", &ov, &nv), ("new -> old", &nv, &ov)] {
            for _ in 0..3 {
                let only_in = (dir == "new -> old").then_some(&old_m);
                let data = gen_value(w.model, &w.root_ty(), &mut rng, only_in);
                // Every schema the checker accepts reads its own data.
                let (b, j) = read_across(w, w, &data);
                assert!(
                    b.is_none() && j.is_none(),
                    "seed {seed} case {case}: a version misreads itself: {b:?} {j:?}\n{}",
                    w.model.source()
                );
                let (b, j) = read_across(w, r, &data);
                any_differs |= b.is_some() || j.is_some();
                let report = |kind: &str, d: &str| {
                    let f: String = findings.iter().map(|f| f.render(&old, &new)).collect();
                    panic!(
                        "seed {seed} case {case}, mutation `{what}`: breaking passes, {kind} data differs ({dir}): {d}\n\
                         data: {data}\n--- old\n{old_src}--- new\n{new_src}--- findings\n{f}"
                    )
                };
                if let (true, Some(d)) = (wire_safe, &b) {
                    report("binary", d);
                }
                if let (true, Some(d)) = (safe, &j) {
                    report("JSON", d);
                }
            }
        }
        t.breaking_but_same += u32::from(!safe && !any_differs);
    }
    let mut s =
        String::from("mutation: cases, refused by check, safe, safe with --wire, breaking but data read the same\n");
    for (m, t) in &by_mutation {
        let _ = writeln!(s, "{m}: {} {} {} {} {}", t.cases, t.refused, t.safe, t.wire_safe, t.breaking_but_same);
    }
    eprintln!("{s}");
    // The catalogue is exercised: most mutations apply, and both verdicts occur.
    let total: u32 = by_mutation.values().map(|t| t.cases).sum();
    let safe: u32 = by_mutation.values().map(|t| t.safe).sum();
    assert_eq!(total, cases);
    assert!(cases < 100 || (safe > cases / 10 && safe < cases * 9 / 10), "{s}");
}
