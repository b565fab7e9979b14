//! Attribute lists: known names, values given where needed, no duplicates.

use std::collections::HashMap;

use super::Checker;
use crate::ast::Attr;
use crate::diag::Diag;

impl Checker<'_> {
    /// Checks names against `allowed` (name, takes a value); returns them by name.
    pub(super) fn attrs<'x>(
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
}
