//! The resolver and checker: from parsed files to an [`ir::Schema`], every
//! rule of `docs/SCHEMA.md` checked, every error of every file reported.

use std::collections::{HashMap, HashSet};

use crate::ast::{self, Attr, Decl, Literal, TypeExpr};
use crate::diag::Diag;
use crate::ir::{self, Type};
use crate::loader::LoadedFile;
use crate::names;
use crate::type_id::type_id;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Message,
    Enum,
    Union,
    Struct,
}

#[derive(Clone, Debug)]
struct Symbol {
    kind: Kind,
    index: usize,
    file: usize,
    span: ast::Span,
}

/// Checks the loaded files; returns the schema (complete only if there are
/// no diagnostics) and the diagnostics.
pub(crate) fn check(files: &[LoadedFile]) -> (ir::Schema, Vec<Diag>) {
    let mut c = Checker { files, diags: Vec::new(), symbols: HashMap::new(), kinds: Vec::new() };
    let schema = c.run();
    (schema, c.diags)
}

struct Checker<'a> {
    files: &'a [LoadedFile],
    diags: Vec<Diag>,
    symbols: HashMap<String, Symbol>,
    /// Per file, per decl: its kind and index in the schema's tables.
    kinds: Vec<Vec<(Kind, usize)>>,
}

fn package(f: &LoadedFile) -> String {
    f.ast.package.as_ref().map(ast::Path::joined).unwrap_or_default()
}

fn full_name(pkg: &str, name: &str) -> String {
    if pkg.is_empty() { name.to_string() } else { format!("{pkg}.{name}") }
}

fn is_primitive(t: &Type) -> bool {
    matches!(
        t,
        Type::Bool
            | Type::U8
            | Type::U16
            | Type::U32
            | Type::U64
            | Type::I8
            | Type::I16
            | Type::I32
            | Type::I64
            | Type::F32
            | Type::F64
            | Type::Char
    )
}

fn primitive_size(t: &Type) -> u64 {
    match t {
        Type::Bool | Type::U8 | Type::I8 => 1,
        Type::U16 | Type::I16 => 2,
        Type::U64 | Type::I64 | Type::F64 => 8,
        _ => 4,
    }
}

/// A value stored inline with a presence bit when optional (not a reference or union).
fn is_inline_scalar(t: &Type) -> bool {
    is_primitive(t) || matches!(t, Type::Enum(_) | Type::Struct(_) | Type::Array(..))
}

fn int_range(t: &Type) -> Option<(i128, i128)> {
    Some(match t {
        Type::U8 => (0, u8::MAX.into()),
        Type::U16 => (0, u16::MAX.into()),
        Type::U32 => (0, u32::MAX.into()),
        Type::U64 => (0, u64::MAX.into()),
        Type::I8 => (i8::MIN.into(), i8::MAX.into()),
        Type::I16 => (i16::MIN.into(), i16::MAX.into()),
        Type::I32 => (i32::MIN.into(), i32::MAX.into()),
        Type::I64 => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    })
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Int(v) => v.to_string(),
        Literal::Float(v) => v.to_string(),
        Literal::Str(s) => format!("{s:?}"),
        Literal::Ident(s) => s.clone(),
        Literal::NegIdent(s) => format!("-{s}"),
    }
}

impl Checker<'_> {
    fn err(&mut self, d: Diag, file: usize) {
        self.diags.push(d.in_file(file));
    }

    fn run(&mut self) -> ir::Schema {
        let mut schema = ir::Schema {
            files: self
                .files
                .iter()
                .map(|f| ir::SourceFile { path: f.path.clone(), text: f.text().to_string(), package: package(f) })
                .collect(),
            ..Default::default()
        };
        schema.rust = self.options();
        self.collect_symbols();
        self.check_name_collisions();
        // Placeholders so indices are known before bodies are lowered.
        for (fi, f) in self.files.iter().enumerate() {
            let pkg = package(f);
            for d in &f.ast.decls {
                let full = full_name(&pkg, &d.name().name);
                let name = d.name().name.clone();
                let span = ir::Span { file: fi, range: d.span().clone() };
                match d {
                    Decl::Message(m) => schema.messages.push(ir::MessageDef {
                        type_id: type_id(&full),
                        full_name: full,
                        name,
                        doc: m.doc.clone(),
                        type_id_explicit: false,
                        fields: Vec::new(),
                        span,
                    }),
                    Decl::Enum(e) => schema.enums.push(ir::EnumDef {
                        full_name: full,
                        name,
                        doc: e.doc.clone(),
                        repr: ir::EnumRepr::U16,
                        variants: Vec::new(),
                        span,
                    }),
                    Decl::Union(u) => schema.unions.push(ir::UnionDef {
                        full_name: full,
                        name,
                        doc: u.doc.clone(),
                        arms: Vec::new(),
                        span,
                    }),
                    Decl::Struct(s) => schema.structs.push(ir::StructDef {
                        full_name: full,
                        name,
                        doc: s.doc.clone(),
                        fields: Vec::new(),
                        span,
                    }),
                }
            }
        }
        // Enums first: defaults of enum type need their variants.
        for (fi, f) in self.files.iter().enumerate() {
            for (di, d) in f.ast.decls.iter().enumerate() {
                if let Decl::Enum(e) = d {
                    let idx = self.kinds[fi][di].1;
                    self.enum_decl(fi, e, &mut schema.enums[idx]);
                }
            }
        }
        for (fi, f) in self.files.iter().enumerate() {
            for (di, d) in f.ast.decls.iter().enumerate() {
                let idx = self.kinds[fi][di].1;
                match d {
                    Decl::Message(m) => {
                        let def = self.message(fi, m, &schema);
                        let slot = &mut schema.messages[idx];
                        slot.fields = def.0;
                        if let Some(id) = def.1 {
                            slot.type_id = id;
                            slot.type_id_explicit = true;
                        }
                    }
                    Decl::Union(u) => schema.unions[idx].arms = self.union(fi, u),
                    Decl::Struct(s) => schema.structs[idx].fields = self.struct_decl(fi, s),
                    Decl::Enum(_) => {}
                }
            }
        }
        self.recursion(&schema);
        self.type_ids(&schema);
        self.diags.sort_by_key(|d| (d.file, d.labels.first().map_or(0, |l| l.0.start)));
        schema
    }

    // ---- options ----------------------------------------------------------

    fn options(&mut self) -> ir::RustOptions {
        let mut opts = ir::RustOptions::default();
        let mut seen: HashMap<String, (usize, ast::Span, String)> = HashMap::new();
        for (fi, f) in self.files.iter().enumerate() {
            for o in &f.ast.options {
                let name = o.name.joined();
                let value = match &o.value {
                    Literal::Str(s) => s.clone(),
                    other => {
                        self.err(
                            Diag::error("invalid_option", format!("option `{name}` takes a string"))
                                .label(o.value_span.clone(), format!("`{}` is not a string", literal_text(other))),
                            fi,
                        );
                        continue;
                    }
                };
                let ok = match name.as_str() {
                    "rust.bytes" => match value.as_str() {
                        "vec" => {
                            opts.bytes_type = ir::BytesType::Vec;
                            true
                        }
                        "bytes" => {
                            opts.bytes_type = ir::BytesType::Bytes;
                            true
                        }
                        _ => false,
                    },
                    "rust.map" => match value.as_str() {
                        "btree" => {
                            opts.map_type = ir::MapType::BTree;
                            true
                        }
                        "hash" => {
                            opts.map_type = ir::MapType::Hash;
                            true
                        }
                        _ => false,
                    },
                    "rust.derive" => {
                        let list: Vec<String> =
                            value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                        let valid = list.iter().all(|d| {
                            d.split("::").all(|p| {
                                !p.is_empty()
                                    && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                                    && !p.starts_with(|c: char| c.is_ascii_digit())
                            })
                        });
                        if valid {
                            opts.extra_derives = list;
                        }
                        valid
                    }
                    _ => {
                        self.err(
                            Diag::error("unknown_option", format!("unknown option `{name}`"))
                                .label(o.name.span.clone(), "not an option")
                                .help("options are `rust.bytes`, `rust.map` and `rust.derive`"),
                            fi,
                        );
                        continue;
                    }
                };
                if !ok {
                    let help = match name.as_str() {
                        "rust.bytes" => "`\"vec\"` (Vec<u8>, the default) or `\"bytes\"` (bytes::Bytes)",
                        "rust.map" => "`\"btree\"` (BTreeMap, the default) or `\"hash\"` (HashMap)",
                        _ => "a comma-separated list of derive paths: `\"Hash, Eq\"`",
                    };
                    self.err(
                        Diag::error("invalid_option", format!("invalid value for option `{name}`"))
                            .label(o.value_span.clone(), "not accepted")
                            .help(format!("the value is {help}")),
                        fi,
                    );
                    continue;
                }
                if let Some((pf, ps, pv)) = seen.get(&name) {
                    if *pv != value {
                        let (pf, ps) = (*pf, ps.clone());
                        let prev = if pf == fi {
                            "first set here".to_string()
                        } else {
                            format!("first set to {pv:?} in {}", self.files[pf].path)
                        };
                        let mut d =
                            Diag::error("conflicting_option", format!("option `{name}` is set twice, differently"))
                                .label(o.span.clone(), "set again here")
                                .help("options apply to the whole schema: set each once");
                        if pf == fi {
                            d = d.label(ps, prev);
                        } else {
                            d = d.help(format!("{prev}; options apply to the whole schema: set each once"));
                        }
                        self.err(d, fi);
                    }
                } else {
                    seen.insert(name, (fi, o.span.clone(), value));
                }
            }
        }
        opts
    }

    // ---- names ------------------------------------------------------------

    fn collect_symbols(&mut self) {
        let mut counts = [0usize; 4];
        for (fi, f) in self.files.iter().enumerate() {
            let pkg = package(f);
            let mut kinds = Vec::new();
            for d in &f.ast.decls {
                let kind = match d {
                    Decl::Message(_) => Kind::Message,
                    Decl::Enum(_) => Kind::Enum,
                    Decl::Union(_) => Kind::Union,
                    Decl::Struct(_) => Kind::Struct,
                };
                let index = counts[kind as usize];
                counts[kind as usize] += 1;
                kinds.push((kind, index));
                let name = d.name();
                self.type_name(fi, name);
                let full = full_name(&pkg, &name.name);
                if let Some(prev) = self.symbols.get(&full) {
                    let mut diag = Diag::error("duplicate_type", format!("`{full}` is declared twice"))
                        .label(name.span.clone(), "declared again here");
                    if prev.file == fi {
                        diag = diag.label(prev.span.clone(), "first declared here");
                    } else {
                        diag = diag.help(format!("first declared in {}", self.files[prev.file].path));
                    }
                    self.err(diag, fi);
                } else {
                    self.symbols.insert(full, Symbol { kind, index, file: fi, span: name.span.clone() });
                }
            }
            self.kinds.push(kinds);
        }
    }

    fn type_name(&mut self, fi: usize, name: &ast::Ident) {
        let n = name.name.as_str();
        let why = if names::is_rust_keyword(n) || n == "_" {
            Some("a Rust keyword")
        } else if names::BUILTIN_TYPES.contains(&n) {
            Some("a built-in type of the language")
        } else if names::PRELUDE_TYPES.contains(&n) {
            Some("a standard Rust type the generated code uses")
        } else {
            None
        };
        if let Some(why) = why {
            self.err(
                Diag::error("reserved_name", format!("`{n}` cannot name a type"))
                    .label(name.span.clone(), format!("`{n}` is {why}"))
                    .help("choose another name (type names are usually UpperCamelCase)"),
                fi,
            );
        }
    }

    fn member_name(&mut self, fi: usize, name: &ast::Ident, what: &str, is_variant: bool) {
        let n = name.name.as_str();
        if names::NOT_RAW.contains(&n) {
            self.err(
                Diag::error("reserved_name", format!("`{n}` cannot name a {what}"))
                    .label(name.span.clone(), "a Rust keyword that cannot be a raw identifier")
                    .help("choose another name"),
                fi,
            );
        } else if is_variant && names::is_unknown_arm(n) {
            self.err(
                Diag::error("reserved_name", format!("`{n}` cannot name a {what}"))
                    .label(name.span.clone(), "reserved for the generated `Unknown` arm")
                    .help("it holds values this version does not know; choose another name"),
                fi,
            );
        }
    }

    /// The generated code adds `FooView` for messages and unions and `FooWire` for structs.
    fn check_name_collisions(&mut self) {
        let mut found = Vec::new();
        for (full, sym) in &self.symbols {
            let suffix = match sym.kind {
                Kind::Message | Kind::Union => "View",
                Kind::Struct => "Wire",
                Kind::Enum => continue,
            };
            if let Some(other) = self.symbols.get(&format!("{full}{suffix}")) {
                found.push((other.file, other.span.clone(), full.clone(), suffix));
            }
        }
        found.sort_by_key(|f| (f.0, f.1.start));
        for (file, span, full, suffix) in found {
            let short = full.rsplit('.').next().unwrap_or(&full).to_string();
            self.err(
                Diag::error("name_collision", format!("`{short}{suffix}` collides with generated code"))
                    .label(span, format!("the generated code declares `{short}{suffix}` for `{full}`"))
                    .help("rename one of the two types"),
                file,
            );
        }
    }

    fn resolve(&mut self, fi: usize, path: &ast::Path) -> Option<Type> {
        let joined = path.joined();
        if path.parts.len() == 1 {
            let t = match joined.as_str() {
                "bool" => Some(Type::Bool),
                "u8" => Some(Type::U8),
                "u16" => Some(Type::U16),
                "u32" => Some(Type::U32),
                "u64" => Some(Type::U64),
                "i8" => Some(Type::I8),
                "i16" => Some(Type::I16),
                "i32" => Some(Type::I32),
                "i64" => Some(Type::I64),
                "f32" => Some(Type::F32),
                "f64" => Some(Type::F64),
                "char" => Some(Type::Char),
                "string" => Some(Type::String),
                "bytes" => Some(Type::Bytes),
                "list" | "map" | "optional" => {
                    let form = if joined == "map" { "map<K, V>" } else { &format!("{joined}<T>") };
                    self.err(
                        Diag::error("expected", format!("`{joined}` needs type arguments"))
                            .label(path.span.clone(), format!("write `{form}`")),
                        fi,
                    );
                    return None;
                }
                _ => None,
            };
            if t.is_some() {
                return t;
            }
        }
        let pkg = package(&self.files[fi]);
        let candidates =
            if pkg.is_empty() { vec![joined.clone()] } else { vec![full_name(&pkg, &joined), joined.clone()] };
        for cand in &candidates {
            if let Some(sym) = self.symbols.get(cand).cloned() {
                if sym.file != fi && !self.files[fi].imports.contains(&sym.file) {
                    let imp = self.files[sym.file].path.clone();
                    self.err(
                        Diag::error(
                            "not_imported",
                            format!("`{cand}` is declared in a file this file does not import"),
                        )
                        .label(path.span.clone(), format!("declared in {imp}"))
                        .help(format!("add `import \"{}\";`", imp.rsplit('/').next().unwrap_or(&imp))),
                        fi,
                    );
                    return None;
                }
                return Some(match sym.kind {
                    Kind::Message => Type::Message(sym.index),
                    Kind::Enum => Type::Enum(sym.index),
                    Kind::Union => Type::Union(sym.index),
                    Kind::Struct => Type::Struct(sym.index),
                });
            }
        }
        let last = &path.parts.last().map(|p| p.name.clone()).unwrap_or_default();
        let mut similar: Vec<&String> =
            self.symbols.keys().filter(|k| k.rsplit('.').next() == Some(last.as_str()) && **k != joined).collect();
        similar.sort();
        let mut d = Diag::error("undefined_type", format!("undefined type `{joined}`"))
            .label(path.span.clone(), "not declared in this file or its imports");
        if let Some(s) = similar.first() {
            d = d.help(format!("did you mean `{s}`? (types of another package are written fully qualified)"));
        } else {
            d = d.help(
                "built-in types are bool, u8..u64, i8..i64, f32, f64, char, string, bytes, [T; N], list<T>, map<K, V>, optional<T>",
            );
        }
        self.err(d, fi);
        None
    }

    fn lower(&mut self, fi: usize, t: &TypeExpr) -> Option<Type> {
        match t {
            TypeExpr::Error(_) => None,
            TypeExpr::Named(p) => self.resolve(fi, p),
            TypeExpr::Array(elem, (n, nspan), span) => {
                let e = self.lower(fi, elem)?;
                if !is_primitive(&e) {
                    self.err(
                        Diag::error("invalid_array", "array elements must be scalars")
                            .label(elem.span(), "not a scalar")
                            .help("`[T; N]` holds bool, integers, floats or char; use `list<T>` for other types"),
                        fi,
                    );
                    return None;
                }
                let max = 65_535 / primitive_size(&e);
                if *n == 0 || *n > u128::from(max) {
                    self.err(
                        Diag::error("invalid_array", format!("array length must be 1 to {max}"))
                            .label(
                                nspan.clone(),
                                if *n == 0 { "zero-sized values cannot be stored" } else { "too long" },
                            )
                            .help("a message's data section holds at most 65535 bytes"),
                        fi,
                    );
                    return None;
                }
                let _ = span;
                Some(Type::Array(Box::new(e), *n as u32))
            }
            TypeExpr::List(elem, _) => {
                let e = self.lower(fi, elem)?;
                if let Type::Optional(inner) = &e {
                    if is_inline_scalar(inner) {
                        self.err(
                            Diag::error("invalid_list_element", "a list cannot hold optional scalars")
                                .label(elem.span(), "optional of an inline value")
                                .help("use a list of messages with an optional field"),
                            fi,
                        );
                        return None;
                    }
                }
                Some(Type::List(Box::new(e)))
            }
            TypeExpr::Map(k, v, _) => {
                let kt = self.lower(fi, k);
                let vt = self.lower(fi, v);
                let kt = kt?;
                let key_ok = matches!(
                    kt,
                    Type::Bool
                        | Type::U8
                        | Type::U16
                        | Type::U32
                        | Type::U64
                        | Type::I8
                        | Type::I16
                        | Type::I32
                        | Type::I64
                        | Type::Char
                        | Type::String
                        | Type::Enum(_)
                );
                if !key_ok {
                    self.err(
                        Diag::error("invalid_map_key", "invalid map key type")
                            .label(k.span(), "cannot be a key")
                            .help("map keys are integers, bool, char, string or enums"),
                        fi,
                    );
                    return None;
                }
                Some(Type::Map(Box::new(kt), Box::new(vt?)))
            }
            TypeExpr::Optional(inner, _) => {
                let i = self.lower(fi, inner)?;
                if matches!(i, Type::Optional(_)) {
                    self.err(
                        Diag::error("nested_optional", "`optional<optional<T>>` is not supported")
                            .label(inner.span(), "already optional"),
                        fi,
                    );
                    return None;
                }
                Some(Type::Optional(Box::new(i)))
            }
        }
    }

    // ---- attributes ---------------------------------------------------------

    /// Checks names against `allowed` (name, takes a value); returns them by name.
    fn attrs<'x>(
        &mut self,
        fi: usize,
        attrs: &'x [Attr],
        on: &str,
        allowed: &[(&str, bool)],
    ) -> HashMap<String, &'x Attr> {
        let mut out: HashMap<String, &Attr> = HashMap::new();
        for a in attrs {
            let n = a.name.name.as_str();
            let Some(&(_, takes_value)) = allowed.iter().find(|(x, _)| *x == n) else {
                let help = if allowed.is_empty() {
                    format!("a {on} takes no attributes")
                } else {
                    let list: Vec<String> = allowed.iter().map(|(x, _)| format!("`{x}`")).collect();
                    format!("attributes of a {on}: {}", list.join(", "))
                };
                self.err(
                    Diag::error("unknown_attribute", format!("unknown attribute `{n}` on a {on}"))
                        .label(a.name.span.clone(), "not known here")
                        .help(help),
                    fi,
                );
                continue;
            };
            if takes_value != a.value.is_some() {
                let msg = if takes_value {
                    format!("`{n}` needs a value: `{n} = ...`")
                } else {
                    format!("`{n}` takes no value")
                };
                self.err(Diag::error("invalid_attribute", msg).label(a.span.clone(), ""), fi);
                continue;
            }
            if let Some(prev) = out.get(n) {
                let prev = prev.span.clone();
                self.err(
                    Diag::error("duplicate_attribute", format!("`{n}` is given twice"))
                        .label(a.span.clone(), "again here")
                        .label(prev, "first here"),
                    fi,
                );
                continue;
            }
            out.insert(n.to_string(), a);
        }
        out
    }

    // ---- declarations ---------------------------------------------------------

    fn enum_decl(&mut self, fi: usize, e: &ast::Enum, def: &mut ir::EnumDef) {
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
            self.member_name(fi, &v.name, "variant", true);
            self.attrs(fi, &v.attrs, "variant", &[]);
            if let Some(prev) = names.get(v.name.name.as_str()) {
                let prev = (*prev).clone();
                self.err(
                    Diag::error("duplicate_variant", format!("variant `{}` is declared twice", v.name.name))
                        .label(v.name.span.clone(), "again here")
                        .label(prev, "first here"),
                    fi,
                );
            } else {
                names.insert(&v.name.name, &v.name.span);
            }
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

    fn message(&mut self, fi: usize, m: &ast::Message, schema: &ir::Schema) -> (Vec<ir::FieldDef>, Option<u32>) {
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
        let mut ordinals: HashMap<u128, &ast::Span> = HashMap::new();
        let mut ordinal_ok = true;
        for f in &m.fields {
            self.member_name(fi, &f.name, "field", false);
            let dup_name = names.contains_key(f.name.name.as_str());
            if let Some(prev) = names.get(f.name.name.as_str()) {
                let prev = (*prev).clone();
                self.err(
                    Diag::error("duplicate_field", format!("field `{}` is declared twice", f.name.name))
                        .label(f.name.span.clone(), "again here")
                        .label(prev, "first here"),
                    fi,
                );
            } else {
                names.insert(&f.name.name, &f.name.span);
            }
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
                json.insert(key, key_span);
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
        (fields, explicit_id)
    }

    fn default_value(
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

    fn union(&mut self, fi: usize, u: &ast::Union) -> Vec<ir::ArmDef> {
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
            self.member_name(fi, &a.name, "union arm", true);
            if let Some(prev) = names.get(a.name.name.as_str()) {
                let prev = (*prev).clone();
                self.err(
                    Diag::error("duplicate_arm", format!("arm `{}` is declared twice", a.name.name))
                        .label(a.name.span.clone(), "again here")
                        .label(prev, "first here"),
                    fi,
                );
            } else {
                names.insert(&a.name.name, &a.name.span);
            }
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

    fn struct_decl(&mut self, fi: usize, s: &ast::Struct) -> Vec<ir::StructFieldDef> {
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
            self.member_name(fi, &f.name, "field", false);
            self.attrs(fi, &f.attrs, "struct field", &[]);
            if let Some(prev) = names.get(f.name.name.as_str()) {
                let prev = (*prev).clone();
                self.err(
                    Diag::error("duplicate_field", format!("field `{}` is declared twice", f.name.name))
                        .label(f.name.span.clone(), "again here")
                        .label(prev, "first here"),
                    fi,
                );
            } else {
                names.insert(&f.name.name, &f.name.span);
            }
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

    // ---- whole-schema rules ---------------------------------------------------

    /// A value must not contain itself except through `optional`, `list` or
    /// `map` (its default would be infinite): edges are plain message,
    /// union and struct fields and a union's default arm.
    fn recursion(&mut self, schema: &ir::Schema) {
        // Nodes: messages, then unions, then structs.
        let nm = schema.messages.len();
        let nu = schema.unions.len();
        let node = |t: &Type| match t {
            Type::Message(i) => Some(*i),
            Type::Union(i) => Some(nm + *i),
            Type::Struct(i) => Some(nm + nu + *i),
            _ => None,
        };
        let mut edges: Vec<Vec<(usize, String, ir::Span)>> = Vec::new();
        for m in &schema.messages {
            edges.push(
                m.fields
                    .iter()
                    .filter_map(|f| node(&f.ty).map(|n| (n, format!("{}.{}", m.name, f.name), f.span.clone())))
                    .collect(),
            );
        }
        for u in &schema.unions {
            edges.push(
                u.arms
                    .iter()
                    .filter(|a| a.default)
                    .filter_map(|a| {
                        a.ty.as_ref().and_then(&node).map(|n| (n, format!("{}.{}", u.name, a.name), a.span.clone()))
                    })
                    .collect(),
            );
        }
        for s in &schema.structs {
            edges.push(
                s.fields
                    .iter()
                    .filter_map(|f| node(&f.ty).map(|n| (n, format!("{}.{}", s.name, f.name), f.span.clone())))
                    .collect(),
            );
        }
        let name = |n: usize| {
            if n < nm {
                schema.messages[n].name.clone()
            } else if n < nm + nu {
                schema.unions[n - nm].name.clone()
            } else {
                schema.structs[n - nm - nu].name.clone()
            }
        };
        let mut state = vec![0u8; edges.len()];
        let mut reported = HashSet::new();
        for root in 0..edges.len() {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (n, ref mut k)) = stack.last_mut() {
                if *k >= edges[n].len() {
                    state[n] = 2;
                    stack.pop();
                    continue;
                }
                let e = *k;
                *k += 1;
                let to = edges[n][e].0;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|&(g, _)| g == to).unwrap_or(0);
                        let path: Vec<String> = stack[from..].iter().map(|&(g, k)| edges[g][k - 1].1.clone()).collect();
                        let span = edges[n][e].2.clone();
                        if reported.insert((span.file, span.range.start)) {
                            self.diags.push(
                                Diag::error(
                                    "infinite_recursion",
                                    format!("`{}` contains itself: {}", name(to), path.join(" → ")),
                                )
                                .label(span.range, "this field closes the cycle")
                                .help("break the cycle with `optional<...>`, `list<...>` or `map<...>`")
                                .in_file(span.file),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn type_ids(&mut self, schema: &ir::Schema) {
        let mut seen: HashMap<u32, usize> = HashMap::new();
        for (i, m) in schema.messages.iter().enumerate() {
            if let Some(&j) = seen.get(&m.type_id) {
                let prev = &schema.messages[j];
                let mut d = Diag::error(
                    "duplicate_type_id",
                    format!("`{}` and `{}` have the same type id {:#x}", prev.full_name, m.full_name, m.type_id),
                )
                .label(m.span.range.start..m.span.range.start + 7, "second")
                .help("frames could not tell them apart: give one an explicit `[type_id = N]`");
                if prev.span.file == m.span.file {
                    d = d.label(prev.span.range.start..prev.span.range.start + 7, "first");
                }
                self.diags.push(d.in_file(m.span.file));
            } else {
                seen.insert(m.type_id, i);
            }
        }
    }
}
