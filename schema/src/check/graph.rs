//! Whole-schema rules: no infinite recursion, data sections that fit,
//! unique type ids.

use std::collections::{HashMap, HashSet};

use super::Checker;
use crate::diag::Diag;
use crate::ir::{self, Type};

impl Checker<'_> {
    /// A value must not contain itself except through `optional`, `list` or
    /// `map` (its default would be infinite): edges are plain message,
    /// union and struct fields and a union's default arm.
    pub(super) fn recursion(&mut self, schema: &ir::Schema) {
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
        self.report_cycles(&edges, &name, "break the cycle with `optional<...>`, `list<...>` or `map<...>`");

        // A union's view holds its arms' views by value, so unions that
        // reach each other through arms of union (or optional union) type
        // alone, with no message, list or map between them, have views of
        // infinite size: the derive cannot compile them.
        let unions: Vec<Vec<(usize, String, ir::Span)>> = (0..nm)
            .map(|_| Vec::new())
            .chain(schema.unions.iter().map(|u| {
                u.arms
                    .iter()
                    .filter_map(|a| {
                        let inner = match a.ty.as_ref()? {
                            Type::Optional(t) => t.as_ref(),
                            t => t,
                        };
                        match inner {
                            Type::Union(j) => Some((nm + j, format!("{}.{}", u.name, a.name), a.span.clone())),
                            _ => None,
                        }
                    })
                    .collect()
            }))
            .chain(schema.structs.iter().map(|_| Vec::new()))
            .collect();
        self.report_cycles(&unions, &name, "a union's view holds its arms by value: put a message between the unions");
    }

    /// Reports each cycle of `edges` once, at the field that closes it.
    fn report_cycles(
        &mut self,
        edges: &[Vec<(usize, String, ir::Span)>],
        name: &dyn Fn(usize) -> String,
        help: &'static str,
    ) {
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
                                    format!("`{}` contains itself: {}", name(to), shorten(&path)),
                                )
                                .label(span.range, "this field closes the cycle")
                                .help(help)
                                .in_file(span.file),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Where a message's name is written (its declaration starts with `message`).
    fn name_span(&self, m: &ir::MessageDef) -> std::ops::Range<usize> {
        let text = self.files.get(m.span.file).map_or("", |f| f.text());
        let start = m.span.range.start;
        let kw = "message".len();
        let found = text.get(start + kw..m.span.range.end).and_then(|rest| rest.find(m.name.as_str()));
        match found {
            Some(off) => start + kw + off..start + kw + off + m.name.len(),
            None => start..start,
        }
    }

    /// A message's data section (FORMAT.md section 3) holds at most 65535
    /// bytes: the slots are placed by the codec's own allocator.
    pub(super) fn data_sizes(&mut self, schema: &ir::Schema) {
        for m in &schema.messages {
            let shapes = m.fields.iter().map(|f| crate::layout::shape(schema, &f.ty));
            if let Err(next) = crate::layout::place(shapes) {
                let at = self.name_span(m);
                self.diags.push(
                    Diag::error("message_too_large", format!("the data section of `{}` needs {next} bytes", m.name))
                        .label(at, "more than 65535 bytes of fixed-size fields")
                        .help("move large arrays or structs into a list or a nested message")
                        .in_file(m.span.file),
                );
            }
        }
    }

    pub(super) fn type_ids(&mut self, schema: &ir::Schema) {
        let mut seen: HashMap<u32, usize> = HashMap::new();
        for (i, m) in schema.messages.iter().enumerate() {
            if let Some(&j) = seen.get(&m.type_id) {
                let prev = &schema.messages[j];
                let mut d = Diag::error(
                    "duplicate_type_id",
                    format!("`{}` and `{}` have the same type id {:#x}", prev.full_name, m.full_name, m.type_id),
                )
                .label(self.name_span(m), "second")
                .help("frames could not tell them apart: give one an explicit `[type_id = N]`");
                if prev.span.file == m.span.file {
                    d = d.label(self.name_span(prev), "first");
                }
                self.diags.push(d.in_file(m.span.file));
            } else {
                seen.insert(m.type_id, i);
            }
        }
    }
}

/// A cycle's path for a message: long ones keep their ends.
fn shorten(path: &[String]) -> String {
    if path.len() <= 8 {
        return path.join(" → ");
    }
    format!("{} → … ({} more) … → {}", path[..3].join(" → "), path.len() - 6, path[path.len() - 3..].join(" → "))
}
