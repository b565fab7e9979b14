//! The resolver and checker: from parsed files to an [`ir::Schema`], every
//! rule of `docs/SCHEMA.md` checked, every error of every file reported.
//!
//! `options` reads `option` lines, `resolve` the names (symbol table,
//! lookups, reserved names), `types` lowers written types, `attrs` checks
//! attribute lists, `decls` the declarations, `graph` the whole-schema rules
//! (recursion, type ids).

mod attrs;
mod decls;
mod graph;
mod options;
mod resolve;
mod services;
mod types;

use std::collections::HashMap;

use crate::ast::{self, Decl, Literal};
use crate::diag::Diag;
use crate::ir::{self, Type};
use crate::loader::LoadedFile;
use zerowire::meta::type_id;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Message,
    Enum,
    Union,
    Struct,
    Service,
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
    let mut c =
        Checker { files, diags: Vec::new(), symbols: HashMap::new(), by_last_name: HashMap::new(), kinds: Vec::new() };
    let schema = c.run();
    (schema, c.diags)
}

struct Checker<'a> {
    files: &'a [LoadedFile],
    diags: Vec<Diag>,
    symbols: HashMap<String, Symbol>,
    /// Full names by their last part, for "did you mean" hints.
    by_last_name: HashMap<String, Vec<String>>,
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
    pub(super) fn err(&mut self, d: Diag, file: usize) {
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
        self.service_collisions();
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
                    Decl::Service(s) => schema.services.push(ir::ServiceDef {
                        full_name: full,
                        name,
                        doc: s.doc.clone(),
                        methods: Vec::new(),
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
                    Decl::Service(s) => schema.services[idx].methods = self.service(fi, s),
                    Decl::Enum(_) => {}
                }
            }
        }
        self.recursion(&schema);
        self.data_sizes(&schema);
        self.type_ids(&schema);
        self.diags.sort_by_key(|d| (d.file, d.labels.first().map_or(0, |l| l.0.start)));
        schema
    }
}
