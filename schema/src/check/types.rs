//! Written types to [`ir::Type`], with the rules on where each type may appear.

use super::{Checker, is_inline_scalar, is_primitive};
use crate::ast::TypeExpr;
use crate::diag::Diag;
use crate::ir::Type;

impl Checker<'_> {
    pub(super) fn lower(&mut self, fi: usize, t: &TypeExpr) -> Option<Type> {
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
                let max = 65_535 / crate::layout::primitive_size(&e).unwrap_or(1);
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
}
