//! `#[derive(Union)]`: a one-of, stored as a `U16` tag and a reference.
//!
//! Follows the hand-written `Payload` of the runtime's tests: arm `i`
//! (declaration order, the unknown arm excluded) has tag `i + 1`; tag 0 is
//! "no arm", which a plain field decodes as the union's default arm (so the
//! default arm is written as tag 0 and trimmed).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Type, Variant};

use crate::attr::{self, Errors, Pos, Repr};
use crate::common::{self, name};
use crate::enums::check_unknown;
use crate::json;

struct ArmSpec<'a> {
    ident: &'a Ident,
    /// `None` for a unit arm.
    ty: Option<&'a Type>,
    tag: u16,
    name: String,
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let cattrs = attr::parse(&input.attrs, Pos::Union, &mut errors);
    common::no_generics(&input.generics, "Union", &mut errors);
    let variants: Vec<&Variant> = match &input.data {
        Data::Enum(e) => e.variants.iter().collect(),
        _ => {
            errors.spanned(&input.ident, "`#[derive(zerowire::Union)]` is for enums whose arms hold one value each");
            Vec::new()
        }
    };
    let mut arms: Vec<ArmSpec<'_>> = Vec::new();
    let mut unknown: Option<&Ident> = None;
    let mut default: Option<(usize, Span)> = None;
    for (i, v) in variants.iter().enumerate() {
        let a = attr::parse(&v.attrs, Pos::UnionArm, &mut errors);
        if a.unknown.is_some() {
            check_unknown(v, Repr::U16, &mut errors);
            if let Some(s) = a.default_flag {
                errors.at(s, "the unknown arm cannot be the default");
            }
            if let Some(r) = &a.rename {
                errors.at(r.span, "the unknown arm has no name of its own");
            }
            if unknown.is_some() {
                errors.spanned(&v.ident, "only one arm can be `#[zerowire(unknown)]`");
            } else if i + 1 != variants.len() {
                errors.spanned(&v.ident, "the `#[zerowire(unknown)]` arm must be the last one");
            }
            unknown = Some(&v.ident);
            continue;
        }
        if let Some((_, d)) = &v.discriminant {
            errors.spanned(d, "union arms are numbered by position (tag = index + 1): remove the discriminant");
        }
        let ty = match &v.fields {
            Fields::Unit => None,
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                common::check_type(&f.unnamed[0].ty, &mut errors);
                Some(&f.unnamed[0].ty)
            }
            other => {
                errors.spanned(
                    other,
                    "a union arm holds one value (`Arm(T)`) or none (`Arm`): for several values, use a nested message",
                );
                None
            }
        };
        if let Some(s) = a.default_flag {
            match default {
                Some(_) => errors.at(s, "only one arm can be the default"),
                None => default = Some((arms.len(), s)),
            }
        }
        if arms.len() >= u16::MAX as usize - 1 {
            errors.spanned(&v.ident, "too many arms (tags are u16)");
        }
        arms.push(ArmSpec {
            ident: &v.ident,
            ty,
            tag: arms.len() as u16 + 1,
            name: a.rename.as_ref().map_or_else(
                || cattrs.rename_all.as_ref().map_or_else(|| name(&v.ident), |c| c.value.variant(&name(&v.ident))),
                |r| r.value.clone(),
            ),
        });
    }
    if arms.is_empty() {
        errors.spanned(&input.ident, "a `Union` needs at least one arm besides the unknown one");
    }
    let unknown_view = unknown.cloned().unwrap_or_else(|| format_ident!("Unknown"));
    if unknown.is_none() {
        if let Some(a) = arms.iter().find(|a| *a.ident == "Unknown") {
            errors.spanned(
                a.ident,
                "an arm named `Unknown` must be the unknown arm: `#[zerowire(unknown)] Unknown(u16)` (the view \
                 always has an `Unknown` arm for tags this version does not know)",
            );
        }
    }
    errors.finish()?;

    // The default arm: marked, else the first unit arm, else the first arm.
    // The codec owns this rule (`union::default_arm`); the derive needs the
    // arm now, to write its patterns, so it decides here and the generated
    // code asserts at compile time that the codec's rule agrees.
    let marked = default.map(|d| d.0);
    let default = marked.or_else(|| arms.iter().position(|a| a.ty.is_none())).unwrap_or(0);
    Ok(generate(input, &cattrs, &arms, unknown, &unknown_view, marked, default))
}

fn generate(
    input: &DeriveInput,
    cattrs: &attr::Attrs,
    arms: &[ArmSpec<'_>],
    unknown: Option<&Ident>,
    unknown_view: &Ident,
    marked: Option<usize>,
    default: usize,
) -> TokenStream {
    let zw = attr::crate_path(cattrs);
    let ident = &input.ident;
    let vis = &input.vis;
    let view = cattrs.view.as_ref().map_or_else(|| format_ident!("{}View", ident), |v| v.value.clone());
    let union_name = cattrs.rename.as_ref().map_or_else(|| name(ident), |r| r.value.clone());
    let arm = |ty: &Type| quote_spanned!(ty.span()=> #zw::__private::union::Arm::<#ty>);

    // --- the view enum ------------------------------------------------------------------
    let view_arms = arms.iter().map(|a| {
        let (v, doc) = (a.ident, format!(" The `{}` arm (tag {}).", a.ident, a.tag));
        match a.ty {
            Some(ty) => quote_spanned!(ty.span()=> #[doc = #doc] #v(M::Read<'a, #ty>),),
            None => quote!(#[doc = #doc] #v,),
        }
    });
    // A view of unit arms only would not use `'a` and `M`.
    let marker = if arms.iter().all(|a| a.ty.is_none()) {
        quote! {
            #[doc(hidden)]
            __Marker(::core::marker::PhantomData<(&'a (), M)>, ::core::convert::Infallible),
        }
    } else {
        quote!()
    };
    let view_doc = format!(
        " The borrowed view of a [`{ident}`] (generated by `#[derive(zerowire::Union)]`); a field reads as \
         `None` when no arm is stored."
    );
    let unknown_doc = " A tag this version does not know, kept as its number.";

    // --- the helpers -----------------------------------------------------------------------
    let read_arms = arms.iter().map(|a| {
        let (v, tag) = (a.ident, a.tag);
        match a.ty {
            Some(ty) => {
                let arm = arm(ty);
                quote!(#tag => #view::#v(unsafe { #arm::read_in::<M>(t, slot) }),)
            }
            None => quote!(#tag => #view::#v,),
        }
    });
    let unit_tags: Vec<u16> = arms.iter().filter(|a| a.ty.is_none()).map(|a| a.tag).collect();
    let check_arms = arms.iter().filter_map(|a| {
        let (ty, tag) = (a.ty?, a.tag);
        let arm = arm(ty);
        Some(quote!(#tag => #arm::validate(t, slot, cur, v),))
    });
    let check_unknown = if unknown.is_some() {
        quote!(_ => #zw::__private::union::validate_unknown(t, slot, cur),)
    } else {
        quote!(n => ::core::result::Result::Err(#zw::__private::union::unknown_tag(t, slot, n)),)
    };
    let decode_arms = arms.iter().map(|a| {
        let (v, tag) = (a.ident, a.tag);
        match a.ty {
            Some(ty) => {
                let arm = arm(ty);
                quote!(#tag => #ident::#v(#arm::decode(t, slot, cur, v)?),)
            }
            None => quote!(#tag => #ident::#v,),
        }
    });
    let decode_unknown = match unknown {
        Some(u) => quote!(n => {
            #zw::__private::union::validate_unknown(t, slot, cur)?;
            #ident::#u(n)
        }),
        None => quote!(n => return ::core::result::Result::Err(#zw::__private::union::unknown_tag(t, slot, n)),),
    };
    let put_arms = arms.iter().map(|a| {
        let (v, tag) = (a.ident, a.tag);
        match a.ty {
            Some(ty) => {
                let arm = arm(ty);
                quote!(#ident::#v(x) => #arm::write(x, buf, data, slot, #tag),)
            }
            None => quote!(#ident::#v => #zw::__private::union::write_tag(buf, data, slot, #tag),),
        }
    });
    let put_unknown = unknown.map(|u| quote!(#ident::#u(n) => #zw::__private::union::write_tag(buf, data, slot, *n),));
    let len_arms = arms.iter().map(|a| {
        let v = a.ident;
        match a.ty {
            Some(ty) => {
                let arm = arm(ty);
                quote!(#ident::#v(x) => #arm::extra_len(x),)
            }
            None => quote!(#ident::#v => 0,),
        }
    });
    let len_unknown = unknown.map(|u| quote!(#ident::#u(_) => 0,));

    let marks = arms.iter().enumerate().map(|(i, a)| {
        let (marked, unit) = (marked == Some(i), a.ty.is_none());
        quote!(#zw::__private::union::ArmMarks { default: #marked, unit: #unit })
    });
    let d = &arms[default];
    let dv = d.ident;
    let (is_default, default_value, default_view) = match d.ty {
        None => (quote!(::core::matches!(self, #ident::#dv)), quote!(#ident::#dv), quote!(#view::#dv)),
        Some(ty) => {
            let arm = arm(ty);
            (
                quote! {
                    match self {
                        #ident::#dv(x) => #zw::Field::is_default(x),
                        #[allow(unreachable_patterns)]
                        _ => false,
                    }
                },
                quote!(#ident::#dv(#arm::decode(&#zw::Table::EMPTY, slot, &mut 0, v)?)),
                quote!({
                    let empty: #zw::Table<'a> = #zw::Table::EMPTY;
                    // The empty table: every read of it is a default.
                    #view::#dv(unsafe { #arm::read_in::<M>(&empty, slot) })
                }),
            )
        }
    };
    let infos = arms.iter().map(|a| {
        let (id, n, v) = (name(a.ident), &a.name, a.tag as u32);
        quote!(#zw::meta::VariantInfo { ident: #id, name: #n, value: #v })
    });

    // `Debug` for each mode, written out: a derived one would bound each
    // arm's read type, and for a recursive union (an arm holding a list of
    // the union) proving that bound needs the impl it bounds.
    let debug_arms: Vec<TokenStream> = arms
        .iter()
        .map(|a| {
            let (v, n) = (a.ident, a.ident.to_string());
            match a.ty {
                Some(_) => quote!(#view::#v(x) => f.debug_tuple(#n).field(x).finish(),),
                None => quote!(#view::#v => f.write_str(#n),),
            }
        })
        .collect();
    let unknown_name = unknown_view.to_string();
    let marker_arm = if arms.iter().all(|a| a.ty.is_none()) {
        quote!(#view::__Marker(_, never) => match *never {},)
    } else {
        quote!()
    };
    let debug_impls = [quote!(#zw::Lazy), quote!(#zw::Validated)].map(|mode| {
        quote! {
            #[automatically_derived]
            impl<'a> ::core::fmt::Debug for #view<'a, #mode> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self {
                        #(#debug_arms)*
                        #view::#unknown_view(n) => f.debug_tuple(#unknown_name).field(n).finish(),
                        #marker_arm
                    }
                }
            }
        }
    });
    let json = json::union(
        &zw,
        ident,
        &view,
        &union_name,
        arms.iter().map(|a| (a.ident, a.ty, a.tag, a.name.as_str())),
        unknown,
        unknown_view,
        arms.iter().all(|a| a.ty.is_none()),
    );
    quote! {
        #json
        #[doc = #view_doc]
        #[derive(::core::clone::Clone)]
        #[allow(dead_code)]
        #vis enum #view<'a, M: #zw::Mode = #zw::Lazy> {
            #(#view_arms)*
            #[doc = #unknown_doc]
            #unknown_view(::core::primitive::u16),
            #marker
        }

        #(#debug_impls)*

        #[allow(deprecated)]
        const _: () = {
            const _: () = ::core::assert!(
                #zw::__private::union::default_arm(&[#(#marks),*]) == #default,
                "zerowire: the derive chose another default arm than the codec's rule",
            );
            // SAFETY (of the `unsafe` blocks `read` and `read_or_default`
            // hold; a token stream holds no comments): `Arm::read_in` has no
            // precondition for `Lazy`. For `Validated`, the caller's: `slot`
            // of `t` was validated as this union by `check` (below), which
            // validated the arm of the tag read here with `Arm::validate`
            // for the same arm type (`read_or_default` reads the default arm
            // of the empty table, which holds only defaults).
            #[inline]
            unsafe fn read<'a, M: #zw::Mode>(
                t: &#zw::Table<'a>,
                slot: #zw::layout::Slot,
            ) -> ::core::option::Option<#view<'a, M>> {
                ::core::option::Option::Some(match #zw::__private::union::read_tag(t, slot) {
                    0 => return ::core::option::Option::None,
                    #(#read_arms)*
                    n => #view::#unknown_view(n),
                })
            }
            #[inline]
            unsafe fn read_or_default<'a, M: #zw::Mode>(t: &#zw::Table<'a>, slot: #zw::layout::Slot) -> #view<'a, M> {
                match unsafe { read::<M>(t, slot) } {
                    ::core::option::Option::Some(view) => view,
                    ::core::option::Option::None => #default_view,
                }
            }
            fn check(
                t: &#zw::Table<'_>,
                slot: #zw::layout::Slot,
                cur: &mut usize,
                v: &mut #zw::__private::Validator,
            ) -> #zw::Result<()> {
                let _ = (&cur, &v);
                match #zw::__private::union::read_tag(t, slot) {
                    0 #(| #unit_tags)* => ::core::result::Result::Ok(()),
                    #(#check_arms)*
                    #check_unknown
                }
            }
            fn decode(
                t: &#zw::Table<'_>,
                slot: #zw::layout::Slot,
                cur: &mut usize,
                v: &mut #zw::__private::Validator,
            ) -> #zw::Result<::core::option::Option<#ident>> {
                ::core::result::Result::Ok(::core::option::Option::Some(match #zw::__private::union::read_tag(t, slot) {
                    0 => return ::core::result::Result::Ok(::core::option::Option::None),
                    #(#decode_arms)*
                    #decode_unknown
                }))
            }
            #[inline]
            fn put<__ZwB: #zw::Buffer>(u: &#ident, buf: &mut __ZwB, data: usize, slot: #zw::layout::Slot) {
                match u {
                    #(#put_arms)*
                    #put_unknown
                }
            }
            #[inline]
            fn len(u: &#ident) -> usize {
                match u {
                    #(#len_arms)*
                    #len_unknown
                }
            }

            #[automatically_derived]
            impl #zw::Field for #ident {
                const SHAPE: #zw::layout::Shape = #zw::layout::Shape::UNION;
                /// A plain union field always has an arm: tag 0 (nothing
                /// stored) reads as the default arm, as it decodes.
                type Read<'a> = #view<'a>;
                #[inline]
                fn read<'a>(t: &#zw::Table<'a>, slot: #zw::layout::Slot) -> <Self as #zw::Field>::Read<'a> {
                    // No precondition in the lazy mode.
                    unsafe { read_or_default::<#zw::Lazy>(t, slot) }
                }
                type Valid<'a> = #view<'a, #zw::Validated>;
                #[inline]
                unsafe fn read_valid<'a>(t: &#zw::Table<'a>, slot: #zw::layout::Slot) -> <Self as #zw::Field>::Valid<'a> {
                    // The caller's precondition: `slot` was checked by `validate`, that is `check`.
                    unsafe { read_or_default::<#zw::Validated>(t, slot) }
                }
                /// The default arm is stored as tag 0 ("no arm").
                #[inline]
                fn is_default(&self) -> bool {
                    #is_default
                }
                #[inline]
                fn write<__ZwB: #zw::Buffer>(&self, buf: &mut __ZwB, data: usize, slot: #zw::layout::Slot) {
                    if !#zw::Field::is_default(self) {
                        put(self, buf, data, slot)
                    }
                }
                #[inline]
                fn extra_len(&self) -> usize {
                    if #zw::Field::is_default(self) { 0 } else { len(self) }
                }
                fn validate(
                    t: &#zw::Table<'_>,
                    slot: #zw::layout::Slot,
                    cur: &mut usize,
                    v: &mut #zw::__private::Validator,
                ) -> #zw::Result<()> {
                    check(t, slot, cur, v)
                }
                fn decode(
                    t: &#zw::Table<'_>,
                    slot: #zw::layout::Slot,
                    cur: &mut usize,
                    v: &mut #zw::__private::Validator,
                ) -> #zw::Result<Self> {
                    match decode(t, slot, cur, v)? {
                        ::core::option::Option::Some(u) => ::core::result::Result::Ok(u),
                        ::core::option::Option::None => ::core::result::Result::Ok(#default_value),
                    }
                }
                const OPT_SHAPE: #zw::layout::Shape = #zw::layout::Shape::UNION;
                type OptRead<'a> = ::core::option::Option<#view<'a>>;
                #[inline]
                fn opt_read<'a>(t: &#zw::Table<'a>, slot: #zw::layout::Slot) -> <Self as #zw::Field>::OptRead<'a> {
                    // No precondition in the lazy mode.
                    unsafe { read::<#zw::Lazy>(t, slot) }
                }
                type OptValid<'a> = ::core::option::Option<#view<'a, #zw::Validated>>;
                #[inline]
                unsafe fn opt_read_valid<'a>(
                    t: &#zw::Table<'a>,
                    slot: #zw::layout::Slot,
                ) -> <Self as #zw::Field>::OptValid<'a> {
                    // The caller's precondition: `slot` was checked by `opt_validate`, that is `check`.
                    unsafe { read::<#zw::Validated>(t, slot) }
                }
                #[inline]
                fn opt_write<__ZwB: #zw::Buffer>(
                    v: ::core::option::Option<&Self>,
                    buf: &mut __ZwB,
                    data: usize,
                    slot: #zw::layout::Slot,
                ) {
                    if let ::core::option::Option::Some(v) = v {
                        put(v, buf, data, slot)
                    }
                }
                #[inline]
                fn opt_extra_len(v: ::core::option::Option<&Self>) -> usize {
                    v.map_or(0, len)
                }
                fn opt_validate(
                    t: &#zw::Table<'_>,
                    slot: #zw::layout::Slot,
                    cur: &mut usize,
                    v: &mut #zw::__private::Validator,
                ) -> #zw::Result<()> {
                    check(t, slot, cur, v)
                }
                fn opt_decode(
                    t: &#zw::Table<'_>,
                    slot: #zw::layout::Slot,
                    cur: &mut usize,
                    v: &mut #zw::__private::Validator,
                ) -> #zw::Result<::core::option::Option<Self>> {
                    decode(t, slot, cur, v)
                }
                #zw::__list_hooks!(slots);
            }

            #[automatically_derived]
            impl #zw::meta::Variants for #ident {
                const NAME: &'static str = #union_name;
                const VARIANTS: &'static [#zw::meta::VariantInfo] = &[#(#infos),*];
            }
        };
    }
}
