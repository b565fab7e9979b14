//! `#[derive(Enum)]`: a C-like enum stored as its number, open (an unknown
//! arm keeps numbers it does not name) or closed (such numbers are errors).

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Expr, Fields, Ident, Lit, Type, Variant};

use crate::attr::{self, Errors, Pos, Repr};
use crate::common::{self, name};
use crate::json;

struct Known<'a> {
    ident: &'a Ident,
    value: u64,
    name: String,
}

/// A typed literal of the enum's width.
pub(crate) fn lit(repr: Repr, v: u64) -> Literal {
    match repr {
        Repr::U8 => Literal::u8_suffixed(v as u8),
        Repr::U16 => Literal::u16_suffixed(v as u16),
        Repr::U32 => Literal::u32_suffixed(v as u32),
    }
}

/// Checks that `v` is the unknown arm `Name(u16)` (of width `repr`).
pub(crate) fn check_unknown(v: &Variant, repr: Repr, errors: &mut Errors) {
    let want = repr.name();
    let msg = format!("the unknown arm holds the raw number: `{}({want})`", v.ident);
    match &v.fields {
        Fields::Unnamed(f) if f.unnamed.len() == 1 => {
            let ok = match &f.unnamed[0].ty {
                Type::Path(p) if p.qself.is_none() => p.path.segments.last().is_some_and(|s| s.ident == want),
                _ => false,
            };
            if !ok {
                errors.spanned(&f.unnamed[0].ty, msg);
            }
        }
        _ => errors.spanned(v, msg),
    }
    if let Some((_, d)) = &v.discriminant {
        errors.spanned(d, "the unknown arm has no value of its own");
    }
}

fn discriminant(e: &Expr, errors: &mut Errors) -> Option<u64> {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => match i.base10_parse::<u64>() {
                Ok(v) => return Some(v),
                Err(_) => errors.spanned(i, "expected a non-negative integer"),
            },
            other => errors.spanned(other, "expected an integer"),
        },
        Expr::Group(g) => return discriminant(&g.expr, errors),
        Expr::Paren(p) => return discriminant(&p.expr, errors),
        other => errors.spanned(other, "an enum value must be an integer literal (negative values are not supported)"),
    }
    None
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let cattrs = attr::parse(&input.attrs, Pos::Enum, &mut errors);
    common::no_generics(&input.generics, "Enum", &mut errors);
    let repr = cattrs.repr.as_ref().map_or(Repr::U16, |r| r.value);
    let variants: Vec<&Variant> = match &input.data {
        Data::Enum(e) => e.variants.iter().collect(),
        _ => {
            errors.spanned(
                &input.ident,
                "`#[derive(zerowire::Enum)]` is for C-like enums: use `#[derive(zerowire::Message)]` for structs",
            );
            Vec::new()
        }
    };
    let mut known: Vec<Known<'_>> = Vec::new();
    let mut unknown: Option<&Ident> = None;
    let mut next: u64 = 0;
    for (i, v) in variants.iter().enumerate() {
        let a = attr::parse(&v.attrs, Pos::EnumVariant, &mut errors);
        if let (Some(u), Some(_)) = (a.unknown, cattrs.closed) {
            errors.at(u, "a `closed` enum has no unknown arm: remove it, or remove `closed` to keep unknown values");
            continue;
        }
        if a.unknown.is_some() {
            check_unknown(v, repr, &mut errors);
            if let Some(r) = &a.rename {
                errors.at(r.span, "the unknown arm has no name of its own");
            }
            if let Some(r) = &a.value {
                errors.at(r.span, "the unknown arm has no value of its own");
            }
            if unknown.is_some() {
                errors.spanned(&v.ident, "only one variant can be `#[zerowire(unknown)]`");
            } else if i + 1 != variants.len() {
                errors.spanned(&v.ident, "the `#[zerowire(unknown)]` variant must be the last one");
            }
            unknown = Some(&v.ident);
            continue;
        }
        if !matches!(v.fields, Fields::Unit) {
            errors.spanned(
                &v.fields,
                "an `Enum` variant carries no data (except the `#[zerowire(unknown)]` one): use \
                 `#[derive(zerowire::Union)]` for enums with data",
            );
        }
        let value = match (&v.discriminant, &a.value) {
            (Some((_, d)), Some(val)) => {
                errors.at(val.span, "a variant has either a discriminant or `#[zerowire(value = N)]`, not both");
                discriminant(d, &mut errors)
            }
            (Some((_, d)), None) => discriminant(d, &mut errors),
            (None, Some(val)) => Some(val.value),
            (None, None) => Some(next),
        };
        let Some(value) = value else { continue };
        let span = a.value.as_ref().map(|v| v.span).or(v.discriminant.as_ref().map(|d| d.1.span()));
        let span = span.unwrap_or_else(|| v.ident.span());
        if value > repr.max() {
            errors.at(span, format_args!("value {value} does not fit the enum's wire width `{}`", repr.name()));
        } else if let Some(prev) = known.iter().find(|k| k.value == value) {
            errors.at(span, format_args!("duplicate value {value}: `{}` already has it", prev.ident));
        }
        next = value + 1;
        known.push(Known {
            ident: &v.ident,
            value,
            name: a.rename.as_ref().map_or_else(
                || cattrs.rename_all.as_ref().map_or_else(|| name(&v.ident), |c| c.value.variant(&name(&v.ident))),
                |r| r.value.clone(),
            ),
        });
    }
    let closed = cattrs.closed.is_some();
    if closed && !known.is_empty() && !known.iter().any(|k| k.value == 0) {
        errors.spanned(
            &input.ident,
            "a `closed` enum needs a variant with value 0: it is the value of a field no one wrote (an absent \
             field, or data from before the field existed), which must be valid",
        );
    }
    if !closed && unknown.is_none() && !variants.is_empty() {
        errors.spanned(
            &input.ident,
            format_args!(
                "zerowire enums are open: add `#[zerowire(unknown)] Unknown({})` as the last variant; it keeps \
                 values this version does not know (written by newer peers) and writes them back unchanged; or mark \
                 the enum `#[zerowire(closed)]` to refuse unknown values as invalid data",
                repr.name()
            ),
        );
    }
    if variants.is_empty() {
        errors.spanned(&input.ident, "an `Enum` needs variants");
    }
    errors.finish()?;

    let zw = attr::crate_path(&cattrs);
    let ident = &input.ident;
    let enum_name = cattrs.rename.as_ref().map_or_else(|| name(ident), |r| r.value.clone());
    let int = repr.ident();
    let int = quote!(::core::primitive::#int);
    let to = known.iter().map(|k| {
        let (v, l) = (k.ident, lit(repr, k.value));
        quote!(#ident::#v => #l,)
    });
    let from = known.iter().map(|k| {
        let (v, l) = (k.ident, lit(repr, k.value));
        quote!(#l => #ident::#v,)
    });
    let infos = known.iter().map(|k| {
        let (id, n, v) = (name(k.ident), &k.name, k.value as u32);
        quote!(#zw::meta::VariantInfo { ident: #id, name: #n, value: #v })
    });
    let json = json::enumeration(&zw, ident, unknown, known.iter().map(|k| (k.ident, k.name.as_str())));
    let scalar = match unknown {
        Some(unknown) => quote! {
            #[automatically_derived]
            impl #zw::Scalar for #ident {
                type Wire = <#int as #zw::Scalar>::Wire;
                #[inline]
                fn to_wire(self) -> Self::Wire {
                    <#int as #zw::Scalar>::to_wire(match self {
                        #(#to)*
                        #ident::#unknown(n) => n,
                    })
                }
                #[inline]
                fn from_wire(w: Self::Wire) -> Self {
                    match <#int as #zw::Scalar>::from_wire(w) {
                        #(#from)*
                        n => #ident::#unknown(n),
                    }
                }
            }

            // A declared default is stored XORed with the value; the unknown
            // arm keeps the XORed number whatever it is.
            #[automatically_derived]
            impl #zw::__private::scalar::XorDefault for #ident {
                #[inline(always)]
                fn xor(self, d: Self) -> Self {
                    #zw::__private::scalar::xor_wire(self, d)
                }
            }
        },
        None => {
            // Checked: a closed enum names 0.
            let zero = known.iter().find(|k| k.value == 0).expect("checked").ident;
            let values = known.iter().map(|k| lit(repr, k.value));
            // No `XorDefault`: a value XORed with a declared default may be a
            // number the enum does not name, which it cannot hold.
            quote! {
                #[automatically_derived]
                impl #zw::Scalar for #ident {
                    type Wire = <#int as #zw::Scalar>::Wire;
                    #[inline]
                    fn to_wire(self) -> Self::Wire {
                        <#int as #zw::Scalar>::to_wire(match self {
                            #(#to)*
                        })
                    }
                    /// A number the enum does not name reads as its value-0
                    /// variant (what an absent field reads as); validation
                    /// and decoding refuse it.
                    #[inline]
                    fn from_wire(w: Self::Wire) -> Self {
                        match <#int as #zw::Scalar>::from_wire(w) {
                            #(#from)*
                            _ => #ident::#zero,
                        }
                    }
                    #[inline]
                    fn wire_is_valid(w: &Self::Wire) -> bool {
                        ::core::matches!(<#int as #zw::Scalar>::from_wire(*w), #(#values)|*)
                    }
                    const INVALID: #zw::ErrorKind = #zw::ErrorKind::UnknownEnumValue;
                }
            }
        }
    };
    Ok(quote! {
        #json
        #[allow(deprecated)]
        const _: () = {
            #scalar

            #zw::__impl_scalar_field!([] #ident);
            #zw::__impl_enum_key!(#ident, #int);

            #[automatically_derived]
            impl #zw::meta::EnumValue for #ident {
                #[inline]
                fn value(self) -> u32 {
                    <#int as #zw::Scalar>::from_wire(#zw::Scalar::to_wire(self)) as u32
                }
                #[inline]
                fn from_value(n: u32) -> ::core::option::Option<Self> {
                    let w = <#int as #zw::Scalar>::to_wire(
                        <#int as ::core::convert::TryFrom<u32>>::try_from(n).ok()?,
                    );
                    if <Self as #zw::Scalar>::wire_is_valid(&w) {
                        ::core::option::Option::Some(<Self as #zw::Scalar>::from_wire(w))
                    } else {
                        ::core::option::Option::None
                    }
                }
            }

            #[automatically_derived]
            impl #zw::meta::Variants for #ident {
                const NAME: &'static str = #enum_name;
                const VARIANTS: &'static [#zw::meta::VariantInfo] = &[#(#infos),*];
            }
        };
    })
}
