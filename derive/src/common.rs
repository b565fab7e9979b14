//! Checks shared by the derives: field types the format cannot hold, and
//! generic parameters.

use syn::ext::IdentExt;
use syn::{GenericArgument, GenericParam, Generics, Ident, PathArguments, Type};

use crate::attr::Errors;

/// The name of an identifier as a string, without `r#`.
pub(crate) fn name(i: &Ident) -> String {
    i.unraw().to_string()
}

/// Reports field types that can never be a field, with a hint. Anything
/// else is left to the compiler (`<T as Field>` bounds, whose error names the
/// type and lists what is supported).
pub(crate) fn check_type(ty: &Type, errors: &mut Errors) {
    match ty {
        Type::Reference(_) => errors.spanned(
            ty,
            "borrowed field types are not supported: use an owned type (String, Vec<u8>, bytes::Bytes, ...); \
             the derive generates a view type whose accessors return borrowed data",
        ),
        Type::Tuple(t) if t.elems.is_empty() => errors.spanned(ty, "`()` is not a field type"),
        Type::Tuple(_) => errors
            .spanned(ty, "tuples are not supported: use an inline `#[derive(zerowire::Struct)]` or a nested message"),
        Type::Slice(_) => errors.spanned(ty, "unsized slices are not supported: use `Vec<T>` or `[T; N]`"),
        Type::Ptr(_) | Type::BareFn(_) | Type::TraitObject(_) | Type::ImplTrait(_) | Type::Never(_) => {
            errors.spanned(ty, "this type cannot be a zerowire field")
        }
        Type::Infer(_) => errors.spanned(ty, "a field type must be written out"),
        Type::Array(a) => check_type(&a.elem, errors),
        Type::Paren(p) => check_type(&p.elem, errors),
        Type::Group(g) => check_type(&g.elem, errors),
        Type::Path(p) => {
            if p.qself.is_none() && p.path.segments.len() == 1 {
                let id = p.path.segments[0].ident.to_string();
                match id.as_str() {
                    "usize" | "isize" => {
                        errors.spanned(ty, format_args!("`{id}` has no fixed width on the wire: use u32 or u64"))
                    }
                    "u128" | "i128" => errors.spanned(
                        ty,
                        format_args!("`{id}` is not supported: use `[u8; 16]` or a `#[derive(zerowire::Struct)]`"),
                    ),
                    "str" => errors.spanned(ty, "`str` is unsized: use `String`"),
                    _ => {}
                }
            }
            if let Some(inner) = optional_scalar_list(ty) {
                errors.spanned(
                    ty,
                    format_args!(
                        "a list of optional scalars (`Vec<Option<{inner}>>`) has no wire form: a scalar list stores \
                         each element in a fixed-size run with no presence bits; use `Vec<{inner}>` with a value \
                         that means \"absent\", or a list of messages with an `Option<{inner}>` field"
                    ),
                );
                return;
            }
            for seg in &p.path.segments {
                if let PathArguments::AngleBracketed(args) = &seg.arguments {
                    for arg in &args.args {
                        match arg {
                            GenericArgument::Type(t) => check_type(t, errors),
                            GenericArgument::Lifetime(l) => errors.spanned(
                                l,
                                "borrowed field types are not supported: use an owned type; the derive \
                                 generates a view type whose accessors return borrowed data",
                            ),
                            _ => {}
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// The single type argument of `ty` if its last path segment is `outer`
/// (`Vec<T>`, `Option<T>`, however qualified).
fn only_arg<'t>(ty: &'t Type, outer: &str) -> Option<&'t Type> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last().filter(|s| s.ident == outer && p.qself.is_none())?;
    match &seg.arguments {
        PathArguments::AngleBracketed(a) if a.args.len() == 1 => match &a.args[0] {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `ty` is syntactically a primitive scalar (a number, `bool`,
/// `char`, or an array of those): the ones the derive can name without
/// type information.
fn primitive_scalar(ty: &Type) -> bool {
    const PRIMS: [&str; 12] = ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "bool", "char"];
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.get_ident().is_some_and(|i| PRIMS.iter().any(|n| i == n)),
        Type::Array(a) => primitive_scalar(&a.elem),
        Type::Paren(p) => primitive_scalar(&p.elem),
        Type::Group(g) => primitive_scalar(&g.elem),
        _ => false,
    }
}

/// `T` (as written) if `ty` is `Vec<Option<T>>` for a primitive scalar `T`.
/// A list element is its value alone, so an optional scalar (a presence bit
/// beside its slot) cannot be one; the runtime refuses it only when the
/// constant is evaluated (`cargo build`, not `cargo check`), so the derive
/// names the cases it can see here. Derived enums and structs in the same
/// position are not visible to it and still meet the runtime's refusal.
fn optional_scalar_list(ty: &Type) -> Option<String> {
    let inner = only_arg(only_arg(ty, "Vec")?, "Option")?;
    primitive_scalar(inner).then(|| quote::ToTokens::to_token_stream(inner).to_string().replace(' ', ""))
}

/// Rejects generic parameters on the types of derive `what`.
pub(crate) fn no_generics(generics: &Generics, what: &str, errors: &mut Errors) {
    for p in &generics.params {
        errors.spanned(p, format_args!("a `#[derive(zerowire::{what})]` type cannot be generic (only messages can)"));
    }
}

/// The name of a type that is syntactically not fixed-size (a string, a
/// collection, an `Option`, a `Box`), for an early error where a scalar is
/// needed. Anything else is left to the compiler.
pub(crate) fn not_scalar(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?.ident.to_string();
            const NOT: [&str; 9] = ["String", "Vec", "Option", "Box", "HashMap", "BTreeMap", "Bytes", "Rc", "Arc"];
            NOT.contains(&last.as_str()).then_some(last)
        }
        Type::Paren(p) => not_scalar(&p.elem),
        Type::Group(g) => not_scalar(&g.elem),
        _ => None,
    }
}

/// Rejects lifetime parameters (a message owns its data; its view borrows).
pub(crate) fn no_lifetimes(generics: &Generics, errors: &mut Errors) {
    for p in &generics.params {
        if let GenericParam::Lifetime(l) = p {
            errors.spanned(
                l,
                "lifetime parameters are not supported: a message owns its data and the generated view type \
                 borrows it (type and const parameters are supported)",
            );
        }
    }
}
