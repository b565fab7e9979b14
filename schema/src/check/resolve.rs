//! The symbol table, name lookups and reserved names.

use super::{Checker, Kind, Symbol, full_name, package};
use crate::ast::{self, Decl};
use crate::diag::Diag;
use crate::ir::Type;
use crate::names;

impl Checker<'_> {
    pub(super) fn collect_symbols(&mut self) {
        let mut counts = [0usize; 5];
        for (fi, f) in self.files.iter().enumerate() {
            let pkg = package(f);
            let mut kinds = Vec::new();
            for d in &f.ast.decls {
                let kind = match d {
                    Decl::Message(_) => Kind::Message,
                    Decl::Enum(_) => Kind::Enum,
                    Decl::Union(_) => Kind::Union,
                    Decl::Struct(_) => Kind::Struct,
                    Decl::Service(_) => Kind::Service,
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
                    self.by_last_name.entry(name.name.clone()).or_default().push(full.clone());
                    self.symbols.insert(full, Symbol { kind, index, file: fi, span: name.span.clone() });
                }
            }
            self.kinds.push(kinds);
        }
    }

    /// Type names: not a built-in type (it could never be referred to), not `_`.
    /// Rust keywords are fine: the generated code makes them raw (`r#type`) or renames them.
    pub(super) fn type_name(&mut self, fi: usize, name: &ast::Ident) {
        let n = name.name.as_str();
        let why = if n == "_" {
            "`_` is not a name"
        } else if names::BUILTIN_TYPES.contains(&n) {
            "a built-in type of the language"
        } else {
            return;
        };
        self.err(
            Diag::error("reserved_name", format!("`{n}` cannot name a type"))
                .label(name.span.clone(), why)
                .help("choose another name (type names are usually UpperCamelCase)"),
            fi,
        );
    }

    /// Field, variant and arm names: anything but `_`.
    pub(super) fn member_name(&mut self, fi: usize, name: &ast::Ident, what: &str) {
        if name.name == "_" {
            self.err(
                Diag::error("reserved_name", format!("`_` cannot name a {what}"))
                    .label(name.span.clone(), "`_` is not a name")
                    .help("choose another name"),
                fi,
            );
        }
    }

    /// The generated code adds `FooView` for messages and unions and `FooWire` for structs.
    pub(super) fn check_name_collisions(&mut self) {
        let mut found = Vec::new();
        for (full, sym) in &self.symbols {
            let suffix = match sym.kind {
                Kind::Message | Kind::Union => "View",
                Kind::Struct => "Wire",
                Kind::Enum | Kind::Service => continue,
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

    pub(super) fn resolve(&mut self, fi: usize, path: &ast::Path) -> Option<Type> {
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
                    Kind::Service => {
                        self.err(
                            Diag::error("not_a_type", format!("`{cand}` is a service, not a type"))
                                .label(path.span.clone(), "a service holds no data")
                                .help("use one of its request or response messages"),
                            fi,
                        );
                        return None;
                    }
                });
            }
        }
        let last = &path.parts.last().map(|p| p.name.clone()).unwrap_or_default();
        let mut similar: Vec<&String> = self
            .by_last_name
            .get(last.as_str())
            .map(|v| v.iter().filter(|k| **k != joined).collect())
            .unwrap_or_default();
        similar.sort();
        let mut d = Diag::error("undefined_type", format!("undefined type `{joined}`"))
            .label(path.span.clone(), "not declared in this file or its imports");
        if let Some(s) = similar.first() {
            d = d.help(format!("did you mean `{s}`? (types of another package are written fully qualified)"));
        } else if let Some(s) = self.closest_name(fi, last) {
            d = d.help(format!("did you mean `{s}`?"));
        } else {
            d = d.help(
                "built-in types are bool, u8..u64, i8..i64, f32, f64, char, string, bytes, [T; N], list<T>, map<K, V>, optional<T>",
            );
        }
        self.err(d, fi);
        None
    }

    /// A declared or built-in type name close to `name` (a typo), written as
    /// file `fi` would write it.
    fn closest_name(&self, fi: usize, name: &str) -> Option<String> {
        // Bounded work on huge schemas: hints only for reasonably sized ones.
        if self.by_last_name.len() > 2_000 || name.len() > 64 {
            return None;
        }
        let max = (name.chars().count() / 3).max(1);
        let pkg = package(&self.files[fi]);
        let mut best: Option<(usize, String)> = None;
        let builtins = names::BUILTIN_TYPES.iter().map(|b| b.to_string());
        let declared = self.by_last_name.values().flatten().map(|full| match full.strip_prefix(&format!("{pkg}.")) {
            Some(short) if !pkg.is_empty() => short.to_string(),
            _ => full.clone(),
        });
        for cand in builtins.chain(declared) {
            let last = cand.rsplit('.').next().unwrap_or(&cand);
            let d = edit_distance(&name.to_lowercase(), &last.to_lowercase());
            if d <= max && best.as_ref().is_none_or(|(bd, bc)| d < *bd || (d == *bd && cand < *bc)) {
                best = Some((d, cand));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            prev = cur;
        }
    }
    row[b.len()]
}
