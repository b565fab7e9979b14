//! `option rust.* = "...";` lines.

use std::collections::HashMap;

use super::{Checker, literal_text};
use crate::ast::{self, Literal};
use crate::diag::Diag;
use crate::ir;

impl Checker<'_> {
    pub(super) fn options(&mut self) -> ir::RustOptions {
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
}
