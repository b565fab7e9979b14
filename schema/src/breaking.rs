//! The compatibility check between two versions of a schema, by the
//! evolution rules of `docs/FORMAT.md` section 10 and the JSON mapping of
//! section 16 (`zerowire breaking OLD NEW`).
//!
//! A change is compatible when data written by either version reads back
//! the same in the other, in binary and (by default) in JSON. Types are
//! followed from their uses: messages are matched by full name, else by
//! type id (what a frame carries); every other type is compared where a
//! field, arm or element of the old version uses it, so renaming it or
//! swapping it for an identical copy under another name is not a change of
//! data. Fields are matched by ordinal, enum variants by name (and number),
//! union arms by tag, struct fields by position.
//!
//! Each [`Finding`] names its rule, what it breaks ([`Category`]) and points
//! at both versions. With [`Mode::WireAndJson`] (the default) a finding that
//! loses or moves binary or JSON data is [`Severity::Breaking`]; with
//! [`Mode::Wire`] the JSON ones are [`Severity::Warning`]s. Renamed types
//! (data unchanged, code that names them changes) are always warnings.
//! Services are matched by full name and their methods by name (together
//! the gRPC path); a method's request and response are compared by the
//! message's full name (a message renamed keeping its type id is the same
//! message), and its streaming kind on both sides.
//!
//! Safe changes produce nothing: appending a field, deprecating one,
//! adding an enum value or a union arm at the end, adding a type, a
//! service or a method, editing doc comments, renaming a field with a
//! `json_name` that keeps the key.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

use crate::diag::line_col;
use crate::ir::{
    ArmDef, EnumDef, EnumRepr, FieldDef, MessageDef, MethodDef, Schema, ServiceDef, Span, StructDef, Type, UnionDef,
    Value,
};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Data written by one version is misread or lost by the other (exit 1).
    Breaking,
    /// Data reads back the same in what is checked; names used by code, or
    /// JSON with [`Mode::Wire`], change.
    Warning,
}

/// What a finding breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Binary data (FORMAT.md sections 3 to 10, frames of section 15).
    Wire,
    /// JSON data (FORMAT.md section 16): a key or name one version writes
    /// is not read, or read into another field, by the other.
    Json,
    /// Neither: the data reads back the same, names used by code change.
    Code,
    /// Calls of a service (FORMAT.md section 18): a client of one version
    /// calling a server of the other reaches no method, or a method that
    /// takes or returns another message, or another number of them.
    Call,
}

/// Which data `compare_with` protects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Binary and JSON (the default of `zerowire breaking`): a change that
    /// loses or moves JSON data is breaking.
    #[default]
    WireAndJson,
    /// Binary only (`zerowire breaking --wire`), for peers that never
    /// exchange JSON: JSON findings become warnings.
    Wire,
}

/// One incompatible change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule, e.g. `field_type_changed` (the list is in `docs/SCHEMA.md`).
    pub rule: &'static str,
    /// Breaking or a warning (from [`category`](Finding::category) and the [`Mode`]).
    pub severity: Severity,
    /// What the change breaks.
    pub category: Category,
    /// What changed, in one sentence.
    pub message: String,
    /// How to make the change compatible, when there is a way.
    pub help: Option<String>,
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
    /// breaking[json_key_changed]: JSON key of `shop.v1.Order.qty` (@2) changed from `qty` to `quantity`: ...
    ///   old: old/shop.zw:12:5
    ///   new: new/shop.zw:12:5
    ///   help: keep the old key with `[json_name = "qty"]`
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
        if let Some(h) = &self.help {
            let _ = writeln!(s, "  help: {h}");
        }
        s
    }
}

/// Every incompatible change from `old` to `new` in binary and JSON data
/// ([`Mode::WireAndJson`]), breaking ones first, then in the order found
/// (old schema's order, types followed from their uses).
pub fn compare(old: &Schema, new: &Schema) -> Vec<Finding> {
    compare_with(old, new, Mode::WireAndJson)
}

/// Every incompatible change from `old` to `new`, JSON findings breaking or
/// warnings by `mode`; breaking ones first.
pub fn compare_with(old: &Schema, new: &Schema, mode: Mode) -> Vec<Finding> {
    let mut c = Cmp { old, new, out: Vec::new(), seen: HashSet::new(), queue: VecDeque::new() };
    c.run();
    let mut out = c.out;
    for f in &mut out {
        f.severity = match (f.category, mode) {
            (Category::Wire | Category::Call, _) | (Category::Json, Mode::WireAndJson) => Severity::Breaking,
            (Category::Json, Mode::Wire) | (Category::Code, _) => Severity::Warning,
        };
    }
    out.sort_by_key(|f| f.severity);
    out
}

/// A declaration: its kind and index in its schema's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Id {
    Message(usize),
    Enum(usize),
    Union(usize),
    Struct(usize),
}

impl Id {
    fn kind(self) -> &'static str {
        match self {
            Id::Message(_) => "message",
            Id::Enum(_) => "enum",
            Id::Union(_) => "union",
            Id::Struct(_) => "struct",
        }
    }

    fn same_kind(self, other: Id) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// Full name and declaration span in `s` (`?` for an index out of range,
    /// which a checked schema never has).
    fn name_span(self, s: &Schema) -> (&str, Span) {
        let none = || ("?", Span { file: 0, range: 0..0 });
        let (name, span) = match self {
            Id::Message(i) => s.messages.get(i).map(|d| (&d.full_name, &d.span)),
            Id::Enum(i) => s.enums.get(i).map(|d| (&d.full_name, &d.span)),
            Id::Union(i) => s.unions.get(i).map(|d| (&d.full_name, &d.span)),
            Id::Struct(i) => s.structs.get(i).map(|d| (&d.full_name, &d.span)),
        }
        .map_or_else(none, |(n, s)| (n.as_str(), s.clone()));
        (name, span)
    }
}

/// Every declaration of `s`, in source order.
fn ids(s: &Schema) -> Vec<Id> {
    let mut v: Vec<Id> = Vec::new();
    v.extend((0..s.messages.len()).map(Id::Message));
    v.extend((0..s.enums.len()).map(Id::Enum));
    v.extend((0..s.unions.len()).map(Id::Union));
    v.extend((0..s.structs.len()).map(Id::Struct));
    v.sort_by_key(|i| {
        let sp = i.name_span(s).1;
        (sp.file, sp.range.start)
    });
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

/// `bytes` and `list<u8>` are one byte string on the wire (FORMAT.md 4.2)
/// and one base64 string in JSON (16.3).
fn is_byte_string(t: &Type) -> bool {
    match t {
        Type::Bytes => true,
        Type::List(e) => **e == Type::U8,
        _ => false,
    }
}

/// The bits a declared default XORs into its slot (FORMAT.md 6.4): 0 for
/// none, so a default equal to the type's zero changes nothing; an `f32`
/// default by its `f32` bits, so two spellings of one `f32` are one default.
fn default_bits(s: &Schema, ty: &Type, v: Option<&Value>) -> u64 {
    match (v, ty) {
        (None, _) => 0,
        (Some(Value::Float(f)), Type::F32) => u64::from((*f as f32).to_bits()),
        (Some(Value::Float(f)), _) => f.to_bits(),
        // Two's complement in 64 bits: both sides have the same type.
        (Some(Value::Int(i)), _) => *i as u64,
        (Some(Value::Bool(b)), _) => u64::from(*b),
        (Some(Value::Char(c)), _) => u64::from(u32::from(*c)),
        (Some(Value::Enum(i)), Type::Enum(e)) => {
            s.enums.get(*e).and_then(|d| d.variants.get(*i)).map_or(u64::MAX, |x| u64::from(x.value))
        }
        (Some(Value::Enum(i)), _) => *i as u64,
    }
}

/// A default as written, for messages.
fn default_text(s: &Schema, ty: &Type, v: Option<&Value>) -> String {
    match (v, ty) {
        (None, _) => "none".into(),
        (Some(Value::Enum(i)), Type::Enum(e)) => {
            s.enums.get(*e).and_then(|d| d.variants.get(*i)).map_or("?".into(), |x| x.name.clone())
        }
        (Some(Value::Float(f)), _) => format!("{f}"),
        (Some(Value::Int(i)), _) => i.to_string(),
        (Some(Value::Bool(b)), _) => b.to_string(),
        (Some(Value::Char(c)), _) => format!("{c:?}"),
        (Some(Value::Enum(i)), _) => i.to_string(),
    }
}

fn repr_name(r: EnumRepr) -> &'static str {
    match r {
        EnumRepr::U8 => "u8",
        EnumRepr::U16 => "u16",
        EnumRepr::U32 => "u32",
    }
}

/// The key a field is written under in JSON (FORMAT.md 16.1).
fn json_key(f: &FieldDef) -> &str {
    f.json_name.as_deref().unwrap_or(&f.name)
}

/// A message's fields by ordinal, by name, and by every JSON key a reader
/// accepts (hash maps: a message may have 65535 fields).
struct Fields<'m> {
    by_ord: HashMap<u16, &'m FieldDef>,
    by_name: HashMap<&'m str, &'m FieldDef>,
    /// The field a JSON reader puts a key into: the first whose name or
    /// `json_name` it is (the checker makes it the only one).
    by_key: HashMap<&'m str, &'m FieldDef>,
}

impl<'m> Fields<'m> {
    fn new(m: &'m MessageDef) -> Self {
        let mut by_key = HashMap::new();
        for f in &m.fields {
            for k in f.json_name.iter().chain([&f.name]) {
                by_key.entry(k.as_str()).or_insert(f);
            }
        }
        Fields {
            by_ord: m.fields.iter().map(|f| (f.ordinal, f)).collect(),
            by_name: m.fields.iter().map(|f| (f.name.as_str(), f)).collect(),
            by_key,
        }
    }
}

struct Cmp<'a> {
    old: &'a Schema,
    new: &'a Schema,
    out: Vec<Finding>,
    /// Pairs (old declaration, new declaration) compared or queued.
    seen: HashSet<(Id, Id)>,
    queue: VecDeque<(Id, Id)>,
}

impl<'a> Cmp<'a> {
    fn push(&mut self, rule: &'static str, category: Category, message: String, old: &Span, new: &Span) {
        self.out.push(Finding {
            rule,
            severity: Severity::Breaking,
            category,
            message,
            help: None,
            old: old.clone(),
            new: new.clone(),
        });
    }

    fn breaking(&mut self, rule: &'static str, message: String, old: &Span, new: &Span) {
        self.push(rule, Category::Wire, message, old, new);
    }

    fn json(&mut self, rule: &'static str, message: String, old: &Span, new: &Span) {
        self.push(rule, Category::Json, message, old, new);
    }

    fn code(&mut self, rule: &'static str, message: String, old: &Span, new: &Span) {
        self.push(rule, Category::Code, message, old, new);
    }

    fn call(&mut self, rule: &'static str, message: String, old: &Span, new: &Span) {
        self.push(rule, Category::Call, message, old, new);
    }

    /// Sets the help of the last finding.
    fn help(&mut self, help: String) {
        if let Some(f) = self.out.last_mut() {
            f.help = Some(help);
        }
    }

    /// Where a removed item of package `pkg` would be in the new schema.
    fn new_anchor(&self, full_name: &str) -> Span {
        let pkg = full_name.rsplit_once('.').map_or("", |(p, _)| p);
        let file = self.new.files.iter().position(|f| f.package == pkg).unwrap_or(0);
        Span { file, range: 0..0 }
    }

    /// Queues the comparison of `o` (old) with `n` (new), once.
    fn pair(&mut self, o: Id, n: Id) {
        if self.seen.insert((o, n)) {
            self.queue.push_back((o, n));
        }
    }

    fn run(&mut self) {
        let (old, new) = (self.old, self.new);
        let new_by_name: HashMap<&str, Id> = ids(new).into_iter().map(|i| (i.name_span(new).0, i)).collect();
        let old_names: HashSet<&str> = ids(old).into_iter().map(|i| i.name_span(old).0).collect();
        let mut unmatched = Vec::new();
        // Old message -> new message of another name that kept its type id.
        let mut renamed: HashMap<usize, usize> = HashMap::new();
        for o in ids(old) {
            let (name, ospan) = o.name_span(old);
            if let Some(&n) = new_by_name.get(name) {
                if o.same_kind(n) {
                    self.pair(o, n);
                } else {
                    self.breaking(
                        "type_kind_changed",
                        format!("`{name}` changed from a {} to a {}", o.kind(), n.kind()),
                        &ospan,
                        &n.name_span(new).1,
                    );
                }
                continue;
            }
            let Id::Message(i) = o else {
                unmatched.push(o);
                continue;
            };
            // A frame names its message by type id: a message keeps its
            // identity under another name if the type id is kept.
            let om = &old.messages[i];
            let by_id =
                new.messages.iter().position(|m| m.type_id == om.type_id && !old_names.contains(m.full_name.as_str()));
            match by_id {
                Some(j) => {
                    let nm = &new.messages[j];
                    self.code(
                        "type_renamed",
                        format!(
                            "message `{name}` is now `{}` (type id {:#x} kept; code that names it changes)",
                            nm.full_name, om.type_id
                        ),
                        &ospan,
                        &nm.span,
                    );
                    self.pair(o, Id::Message(j));
                    renamed.insert(i, j);
                }
                None => {
                    let anchor = self.new_anchor(name);
                    self.breaking(
                        "type_removed",
                        format!(
                            "message `{name}` was removed or renamed: frames of its type id {:#x} are no longer read",
                            om.type_id
                        ),
                        &ospan,
                        &anchor,
                    );
                    self.help(format!(
                        "to rename a message, keep its type id: `message NewName [type_id = {:#x}]`",
                        om.type_id
                    ));
                }
            }
        }
        let mut order: Vec<(Id, Id)> = Vec::new();
        while let Some((o, n)) = self.queue.pop_front() {
            order.push((o, n));
            match (o, n) {
                (Id::Message(i), Id::Message(j)) => self.message(&old.messages[i], &new.messages[j]),
                (Id::Enum(i), Id::Enum(j)) => self.enumeration(&old.enums[i], &new.enums[j]),
                (Id::Union(i), Id::Union(j)) => self.union(&old.unions[i], &new.unions[j]),
                (Id::Struct(i), Id::Struct(j)) => self.structure(&old.structs[i], &new.structs[j]),
                _ => {}
            }
        }
        self.services(&renamed);
        for o in unmatched {
            let (name, ospan) = o.name_span(old);
            match order.iter().find(|(a, _)| *a == o) {
                Some(&(_, n)) => {
                    let (nname, nspan) = n.name_span(new);
                    self.code(
                        "type_renamed",
                        format!("{} `{name}` is now `{nname}` (same data; code that names it changes)", o.kind()),
                        &ospan,
                        &nspan,
                    );
                }
                None => {
                    let anchor = self.new_anchor(name);
                    self.code(
                        "type_removed",
                        format!(
                            "{} `{name}` was removed: no field of the new version holds it, code that names it breaks",
                            o.kind()
                        ),
                        &ospan,
                        &anchor,
                    );
                }
            }
        }
    }

    /// Services by full name, methods by name: the gRPC path
    /// `/package.Service/Method` a call names. `renamed` maps old messages
    /// to the new messages that kept their type ids under another name.
    fn services(&mut self, renamed: &HashMap<usize, usize>) {
        let (old, new) = (self.old, self.new);
        let by_name: HashMap<&str, &ServiceDef> = new.services.iter().map(|s| (s.full_name.as_str(), s)).collect();
        for os in &old.services {
            let Some(ns) = by_name.get(os.full_name.as_str()) else {
                let anchor = self.new_anchor(&os.full_name);
                self.call(
                    "service_removed",
                    format!(
                        "service `{}` was removed or renamed: calls to its methods (`/{}/...`) find no method",
                        os.full_name, os.full_name
                    ),
                    &os.span,
                    &anchor,
                );
                self.help(
                    "the gRPC path names the service by its full name: keep it under that name (its methods \
                     marked `[deprecated]`) beside the new one"
                        .into(),
                );
                continue;
            };
            let methods: HashMap<&str, &MethodDef> = ns.methods.iter().map(|m| (m.name.as_str(), m)).collect();
            for om in &os.methods {
                let path = format!("/{}/{}", os.full_name, om.name);
                let Some(nm) = methods.get(om.name.as_str()) else {
                    self.call(
                        "rpc_removed",
                        format!("method `{path}` was removed: calls to it find no method"),
                        &om.span,
                        &ns.span,
                    );
                    self.help("keep it, marked `[deprecated]`".into());
                    continue;
                };
                for (side, o, n, ospan, nspan) in [
                    ("request", om.request, nm.request, &om.request_span, &nm.request_span),
                    ("response", om.response, nm.response, &om.response_span, &nm.response_span),
                ] {
                    let name = |s: &'a Schema, i: usize| s.messages.get(i).map_or("?", |m| m.full_name.as_str());
                    let (on, nn) = (name(old, o), name(new, n));
                    if on == nn || renamed.get(&o) == Some(&n) {
                        continue;
                    }
                    let message = format!(
                        "{side} of `{path}` changed from `{on}` to `{nn}`: a different message type is a different \
                         contract, each side would read the other's messages as its own type"
                    );
                    // Each rule is written out: the documented-rules test finds them here.
                    if side == "request" {
                        self.call("rpc_request_changed", message, ospan, nspan);
                    } else {
                        self.call("rpc_response_changed", message, ospan, nspan);
                    }
                    let verb = if side == "request" { "taking" } else { "returning" };
                    self.help(format!(
                        "evolve `{on}` instead (append fields), or add a method {verb} `{nn}` and deprecate this one"
                    ));
                }
                if om.kind() != nm.kind() {
                    self.call(
                        "rpc_streaming_changed",
                        format!(
                            "`{path}` changed from a {} to a {} call: the two sides disagree on how many messages \
                             each sends",
                            om.kind().describe(),
                            nm.kind().describe()
                        ),
                        &om.span,
                        &nm.span,
                    );
                    self.help("add a method of the new kind and deprecate this one".into());
                }
            }
        }
    }

    /// Whether values of `ot` (old) and `nt` (new) have the same bytes and
    /// the same JSON shape; if so, the declarations they name are queued
    /// for comparison.
    fn same(&mut self, ot: &Type, nt: &Type) -> bool {
        let mut pairs = Vec::new();
        let ok = shape(ot, nt, &mut pairs);
        if ok {
            for (o, n) in pairs {
                self.pair(o, n);
            }
        }
        ok
    }

    fn message(&mut self, o: &MessageDef, n: &MessageDef) {
        if o.full_name == n.full_name && o.type_id != n.type_id {
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
        let (ofs, nfs) = (Fields::new(o), Fields::new(n));
        // Ordinals whose binary finding already says the names moved.
        let mut moved: HashSet<u16> = HashSet::new();
        for of in &o.fields {
            let label = format!("`{}.{}` (@{})", o.full_name, of.name, of.ordinal);
            let Some(&nf) = nfs.by_ord.get(&of.ordinal) else {
                self.breaking(
                    "field_removed",
                    format!("field {label} was removed; keep it, marked `[deprecated]`, so later slots do not move"),
                    &of.span,
                    &n.span,
                );
                moved.insert(of.ordinal);
                continue;
            };
            if self.field(o, of, nf, &label, &nfs) {
                moved.insert(of.ordinal);
            }
        }
        self.json_keys((o, &ofs), (n, &nfs), &moved);
    }

    /// Compares a field kept at its ordinal; true if a binary finding says
    /// its name moved or its slot was reused.
    fn field(&mut self, o: &MessageDef, of: &FieldDef, nf: &FieldDef, label: &str, n: &Fields<'_>) -> bool {
        if !self.same(&of.ty, &nf.ty) {
            let (ot, nt) = (type_name(self.old, &of.ty), type_name(self.new, &nf.ty));
            self.breaking(
                "field_type_changed",
                format!("field {label} changed type from {ot} to {nt}"),
                &of.ty_span,
                &nf.ty_span,
            );
        } else if default_bits(self.old, &of.ty, of.default.as_ref())
            != default_bits(self.new, &nf.ty, nf.default.as_ref())
        {
            self.breaking(
                "field_default_changed",
                format!(
                    "declared default of {label} changed from {} to {} (stored values are XORed with it)",
                    default_text(self.old, &of.ty, of.default.as_ref()),
                    default_text(self.new, &nf.ty, nf.default.as_ref())
                ),
                &of.span,
                &nf.span,
            );
        }
        if of.name != nf.name {
            if let Some(moved) = n.by_name.get(of.name.as_str()) {
                self.breaking(
                    "field_moved",
                    format!("field `{}.{}` moved from @{} to @{}", o.full_name, of.name, of.ordinal, moved.ordinal),
                    &of.span,
                    &moved.span,
                );
                return true;
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
                return true;
            }
            if of.deprecated && nf.deprecated {
                // The slot still holds data written before the deprecation:
                // its name is the record of what that data is.
                self.code(
                    "deprecated_field_renamed",
                    format!(
                        "deprecated field `{}.{}` (@{}) was renamed to `{}`: a later version reviving `{}` would read \
                         the old data as the new field without an `ordinal_reused` finding",
                        o.full_name, of.name, of.ordinal, nf.name, nf.name
                    ),
                    &of.span,
                    &nf.span,
                );
                self.help(format!("keep the name `{}`: an ordinal, once deprecated, is never reused", of.name));
            }
        }
        false
    }

    /// JSON written by each version, read by the other: every live field's
    /// key must reach the field of the same ordinal (or, for a field the
    /// reader does not have or has deprecated, no live field).
    fn json_keys(
        &mut self,
        (o, ofs): (&MessageDef, &Fields<'_>),
        (n, nfs): (&MessageDef, &Fields<'_>),
        moved: &HashSet<u16>,
    ) {
        // One finding per ordinal: the first problem seen.
        let mut done: HashSet<u16> = HashSet::new();
        let mut lost: Vec<u16> = Vec::new();
        for (writer, reader, old_to_new) in [(o, nfs, true), (n, ofs, false)] {
            for wf in writer.fields.iter().filter(|f| !f.deprecated && !moved.contains(&f.ordinal)) {
                let k = json_key(wf);
                let at = reader.by_ord.get(&wf.ordinal);
                match reader.by_key.get(k).copied() {
                    Some(rf) if rf.ordinal == wf.ordinal => {}
                    Some(rf) if !rf.deprecated => {
                        if !done.insert(wf.ordinal) {
                            continue;
                        }
                        let (ws, rs) = if old_to_new { ("old", "new") } else { ("new", "old") };
                        let (of, nf) = if old_to_new { (wf, rf) } else { (rf, wf) };
                        self.json(
                            "json_key_moved",
                            format!(
                                "JSON key `{k}` of `{}.{}` (@{}) in the {ws} version is read by the {rs} version into `{}` (@{})",
                                writer.full_name, wf.name, wf.ordinal, rf.name, rf.ordinal
                            ),
                            &of.span,
                            &nf.span,
                        );
                        self.help(format!(
                            "a key must keep meaning one field: give @{} its old key back with `json_name`, or `{}` a key of its own",
                            wf.ordinal, rf.name
                        ));
                    }
                    _ => {
                        if at.is_some_and(|f| !f.deprecated) && !lost.contains(&wf.ordinal) {
                            lost.push(wf.ordinal);
                        }
                    }
                }
            }
        }
        for ord in lost {
            if !done.insert(ord) {
                continue;
            }
            let (Some(of), Some(nf)) = (ofs.by_ord.get(&ord), nfs.by_ord.get(&ord)) else {
                continue;
            };
            let (ok, nk) = (json_key(of), json_key(nf));
            self.json(
                "json_key_changed",
                format!(
                    "JSON key of `{}.{}` (@{ord}) changed from `{ok}` to `{nk}`: JSON written by one version loses this field in the other",
                    o.full_name, of.name
                ),
                &of.span,
                &nf.span,
            );
            self.help(format!("keep the old key with `[json_name = \"{ok}\"]`"));
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
        let by_name: HashMap<&str, _> = n.variants.iter().map(|v| (v.name.as_str(), v)).collect();
        let mut by_value = HashMap::new();
        for v in &n.variants {
            by_value.entry(v.value).or_insert(v);
        }
        for ov in &o.variants {
            match by_name.get(ov.name.as_str()) {
                Some(nv) if nv.value != ov.value => self.breaking(
                    "enum_value_renumbered",
                    format!("`{}.{}` changed number from {} to {}", o.full_name, ov.name, ov.value, nv.value),
                    &ov.span,
                    &nv.span,
                ),
                Some(_) => {}
                None => match by_value.get(&ov.value) {
                    Some(nv) => {
                        self.json(
                            "enum_value_renamed",
                            format!(
                                "`{}.{}` ({}) was renamed to `{}`: JSON names the value, and the other version rejects the name it does not know",
                                o.full_name, ov.name, ov.value, nv.name
                            ),
                            &ov.span,
                            &nv.span,
                        );
                        self.help(format!("keep the name `{}` (JSON has no alias for an enum value)", ov.name));
                    }
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

    fn arm_same(&mut self, oa: &ArmDef, na: &ArmDef) -> bool {
        match (&oa.ty, &na.ty) {
            (None, None) => true,
            (Some(a), Some(b)) => self.same(a, b),
            _ => false,
        }
    }

    fn union(&mut self, o: &UnionDef, n: &UnionDef) {
        let arm_type =
            |s: &Schema, a: &ArmDef| a.ty.as_ref().map_or_else(|| "no payload".to_string(), |t| type_name(s, t));
        let by_tag: HashMap<u16, &ArmDef> = n.arms.iter().map(|a| (a.tag, a)).collect();
        let by_name: HashMap<&str, &ArmDef> = n.arms.iter().map(|a| (a.name.as_str(), a)).collect();
        for oa in &o.arms {
            let label = format!("`{}.{}` (tag {})", o.full_name, oa.name, oa.tag);
            let Some(&na) = by_tag.get(&oa.tag) else {
                self.breaking(
                    "union_arm_removed",
                    format!("arm {label} was removed: arms are numbered by position"),
                    &oa.span,
                    &n.span,
                );
                continue;
            };
            if oa.name != na.name {
                if let Some(moved) = by_name.get(oa.name.as_str()) {
                    self.breaking(
                        "union_arm_moved",
                        format!("arm `{}.{}` moved from tag {} to tag {}", o.full_name, oa.name, oa.tag, moved.tag),
                        &oa.span,
                        &moved.span,
                    );
                    continue;
                }
            }
            if !self.arm_same(oa, na) {
                let (ot, nt) = (arm_type(self.old, oa), arm_type(self.new, na));
                self.breaking(
                    "union_arm_type_changed",
                    format!("arm {label} changed type from {ot} to {nt}"),
                    &oa.span,
                    &na.span,
                );
            } else if oa.name != na.name {
                self.json(
                    "union_arm_renamed",
                    format!(
                        "arm {label} was renamed to `{}`: JSON names the arm, and the other version rejects the name it does not know",
                        na.name
                    ),
                    &oa.span,
                    &na.span,
                );
                self.help(format!("keep the name `{}` (JSON has no alias for an arm)", oa.name));
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
        let mut pairs = Vec::new();
        let same_layout = o.fields.len() == n.fields.len()
            && o.fields.iter().zip(&n.fields).all(|(a, b)| shape(&a.ty, &b.ty, &mut pairs));
        if !same_layout {
            let sig =
                |s: &Schema, d: &StructDef| d.fields.iter().map(|f| type_name(s, &f.ty)).collect::<Vec<_>>().join(", ");
            self.breaking(
                "struct_changed",
                format!(
                    "inline struct `{}` changed layout from ({}) to ({}): structs are fixed-size and cannot evolve",
                    o.full_name,
                    sig(self.old, o),
                    sig(self.new, n)
                ),
                &o.span,
                &n.span,
            );
            return;
        }
        for (a, b) in pairs {
            self.pair(a, b);
        }
        let position: HashMap<&str, usize> = n.fields.iter().enumerate().map(|(i, f)| (f.name.as_str(), i)).collect();
        for (i, (of, nf)) in o.fields.iter().zip(&n.fields).enumerate() {
            if of.name == nf.name {
                continue;
            }
            match position.get(of.name.as_str()).copied() {
                Some(j) => self.breaking(
                    "struct_field_moved",
                    format!(
                        "field `{}.{}` moved from position {i} to {j}: struct fields are positional, its bytes are now read as `{}`",
                        o.full_name, of.name, nf.name
                    ),
                    &of.span,
                    &n.fields[j].span,
                ),
                None => {
                    self.json(
                        "struct_field_renamed",
                        format!(
                            "field `{}.{}` was renamed to `{}`: JSON names struct fields, the other version reads the old name's value as zero",
                            o.full_name, of.name, nf.name
                        ),
                        &of.span,
                        &nf.span,
                    );
                    self.help(format!("keep the name `{}` (struct fields have no `json_name`)", of.name));
                }
            }
        }
    }
}

/// [`Cmp::same`] without the queue: collects the declaration pairs to compare.
fn shape(ot: &Type, nt: &Type, pairs: &mut Vec<(Id, Id)>) -> bool {
    match (ot, nt) {
        _ if is_byte_string(ot) && is_byte_string(nt) => true,
        (Type::Array(a, x), Type::Array(b, y)) => x == y && shape(a, b, pairs),
        (Type::List(a), Type::List(b)) | (Type::Optional(a), Type::Optional(b)) => shape(a, b, pairs),
        (Type::Map(ak, av), Type::Map(bk, bv)) => shape(ak, bk, pairs) && shape(av, bv, pairs),
        (Type::Message(i), Type::Message(j)) => {
            pairs.push((Id::Message(*i), Id::Message(*j)));
            true
        }
        (Type::Enum(i), Type::Enum(j)) => {
            pairs.push((Id::Enum(*i), Id::Enum(*j)));
            true
        }
        (Type::Union(i), Type::Union(j)) => {
            pairs.push((Id::Union(*i), Id::Union(*j)));
            true
        }
        (Type::Struct(i), Type::Struct(j)) => {
            pairs.push((Id::Struct(*i), Id::Struct(*j)));
            true
        }
        // Scalars, `string`: equal by kind (indexed kinds are handled above).
        _ => ot == nt,
    }
}
