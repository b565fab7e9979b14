//! `#[derive(Message)]`: the `Message` impl, the view type, the field impls.
//!
//! The output follows `zerowire::__message!` (the hand-written reference)
//! item by item; tests check that both encode to the same bytes.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Expr, Fields, GenericParam, Generics, Ident, Type, WherePredicate, parse_quote};

use crate::attr::{self, Errors, Pos};
use crate::common::{self, name};
use crate::json;

struct FieldSpec<'a> {
    ident: &'a Ident,
    ty: &'a Type,
    ord: u16,
    default: Option<Expr>,
    deprecated: bool,
    name: String,
    json_name: String,
    docs: Vec<&'a syn::Attribute>,
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let cattrs = attr::parse(&input.attrs, Pos::Message, &mut errors);
    let fields: Vec<&syn::Field> = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(f) => f.named.iter().collect(),
            Fields::Unit => Vec::new(),
            Fields::Unnamed(f) => {
                errors.spanned(
                    f,
                    "`#[derive(zerowire::Message)]` needs named fields (`struct Foo { a: u32 }`): a field's name is \
                     its accessor",
                );
                Vec::new()
            }
        },
        Data::Enum(e) => {
            errors.at(
                e.enum_token.span,
                "`#[derive(zerowire::Message)]` is for structs: use `#[derive(zerowire::Enum)]` for C-like enums or \
                 `#[derive(zerowire::Union)]` for enums with data",
            );
            Vec::new()
        }
        Data::Union(u) => {
            errors
                .at(u.union_token.span, "Rust unions are not supported: use an enum with `#[derive(zerowire::Union)]`");
            Vec::new()
        }
    };
    common::no_lifetimes(&input.generics, &mut errors);

    let mut specs = Vec::with_capacity(fields.len());
    let mut explicit = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let a = attr::parse(&f.attrs, Pos::MessageField, &mut errors);
        common::check_type(&f.ty, &mut errors);
        let ident = f.ident.as_ref().expect("named field");
        let fname = a.rename.as_ref().map_or_else(|| name(ident), |r| r.value.clone());
        // `rename_all` spells the JSON keys not named one by one (as serde's
        // does); an explicit `rename` or `json_name` wins.
        let json_name = match (&a.json_name, &a.rename, &cattrs.rename_all) {
            (Some(j), _, _) => j.value.clone(),
            (None, Some(r), _) => r.value.clone(),
            (None, None, Some(c)) => c.value.field(&fname),
            (None, None, None) => fname.clone(),
        };
        if let (Some(d), Some(t)) = (&a.default_expr, common::not_scalar(&f.ty)) {
            errors.at(
                d.span,
                format_args!(
                    "`{t}` cannot have a declared default: `default = ...` is for numbers, bool and derived enums \
                     (other fields default to zero, empty or absent)"
                ),
            );
        }
        check_json_keys(ident, &fname, &json_name, &a, &mut keys, &mut errors);
        explicit.push(a.ordinal.as_ref().map(|o| (o.value, o.span)));
        specs.push(FieldSpec {
            ident,
            ty: &f.ty,
            ord: a.ordinal.as_ref().map_or(i as u16, |o| o.value),
            default: a.default_expr.map(|d| d.value),
            deprecated: a.deprecated.is_some(),
            name: fname,
            json_name,
            docs: attr::docs(&f.attrs),
        });
        // Ordinals are 0 to 65535, as the schema checker allows them.
        if specs.len() > u16::MAX as usize + 1 {
            errors.spanned(f, "a message has at most 65536 fields");
            break;
        }
    }
    check_ordinals(&input.ident, &specs, &explicit, &mut errors);
    errors.finish()?;
    specs.sort_by_key(|s| s.ord);
    Ok(generate(input, &cattrs, &specs))
}

/// A JSON reader accepts a field under its JSON key and under its name
/// (FORMAT.md 16.1): each of those must lead to one field only, or a message
/// would misread its own JSON. `keys` holds `(key, field)` of the fields
/// before this one.
fn check_json_keys(
    ident: &Ident,
    fname: &str,
    json_name: &str,
    a: &attr::Attrs,
    keys: &mut Vec<(String, String)>,
    errors: &mut Errors,
) {
    let field = name(ident);
    let accepted: &[&str] = if fname == json_name { &[json_name] } else { &[json_name, fname] };
    for k in accepted {
        if let Some((_, owner)) = keys.iter().find(|(key, _)| key == k) {
            let span = match (&a.json_name, &a.rename) {
                (Some(j), _) if j.value == *k => j.span,
                (_, Some(r)) if r.value == *k => r.span,
                _ => ident.span(),
            };
            errors.at(
                span,
                format_args!(
                    "JSON key `{k}` of field `{field}` is also accepted for field `{owner}`: a JSON reader accepts a \
                     field's name and its `json_name`, so each must differ from every other field's name and \
                     `json_name`"
                ),
            );
            return;
        }
    }
    keys.extend(accepted.iter().map(|k| (k.to_string(), field.clone())));
}

/// Ordinals are either all implicit (declaration order) or all explicit,
/// and then exactly `0..n`, each once.
fn check_ordinals(ident: &Ident, specs: &[FieldSpec<'_>], explicit: &[Option<(u16, Span)>], errors: &mut Errors) {
    let given = explicit.iter().filter(|o| o.is_some()).count();
    if given == 0 {
        return;
    }
    if given < specs.len() {
        for (s, o) in specs.iter().zip(explicit) {
            if o.is_none() {
                errors.spanned(
                    s.ident,
                    "missing `#[zerowire(ordinal = N)]`: when one field has an explicit ordinal, every field needs one",
                );
            }
        }
        return;
    }
    let n = specs.len();
    let mut seen: Vec<Option<&Ident>> = vec![None; n];
    let mut bad = false;
    for (s, o) in specs.iter().zip(explicit) {
        let (ord, span) = o.expect("all explicit");
        let ord = ord as usize;
        if ord >= n {
            errors.at(
                span,
                format_args!(
                    "ordinal {ord} leaves a gap: the {n} fields must have ordinals 0..={} (append new fields with the \
                     next ordinal; keep removed ones as `#[zerowire(deprecated)]`)",
                    n - 1
                ),
            );
            bad = true;
        } else if let Some(prev) = seen[ord] {
            errors.at(span, format_args!("duplicate ordinal {ord}: already used by `{prev}`"));
            bad = true;
        } else {
            seen[ord] = Some(s.ident);
        }
    }
    if !bad {
        return;
    }
    let missing: Vec<String> =
        seen.iter().enumerate().filter(|(_, s)| s.is_none()).map(|(i, _)| i.to_string()).collect();
    if !missing.is_empty() {
        errors.spanned(ident, format_args!("ordinals must be dense: no field has ordinal {}", missing.join(", ")));
    }
}

/// `generics` with `T: Field` added for every type parameter, defaults
/// removed (for `impl<...>` lists).
fn with_field_bounds(generics: &Generics, zw: &syn::Path) -> Generics {
    let mut g = generics.clone();
    let preds: Vec<WherePredicate> = g
        .type_params()
        .map(|t| {
            let id = &t.ident;
            parse_quote!(#id: #zw::Field)
        })
        .collect();
    g.make_where_clause().predicates.extend(preds);
    for p in &mut g.params {
        match p {
            GenericParam::Type(t) => {
                t.eq_token = None;
                t.default = None;
            }
            GenericParam::Const(c) => {
                c.eq_token = None;
                c.default = None;
            }
            GenericParam::Lifetime(_) => {}
        }
    }
    g
}

fn generate(input: &DeriveInput, cattrs: &attr::Attrs, specs: &[FieldSpec<'_>]) -> TokenStream {
    let zw = attr::crate_path(cattrs);
    let ident = &input.ident;
    let vis = &input.vis;
    let view = cattrs.view.as_ref().map_or_else(|| format_ident!("{}View", ident), |v| v.value.clone());
    let msg_name = cattrs.rename.as_ref().map_or_else(|| name(ident), |r| r.value.clone());
    // Without the attribute the trait's default (a hash of `NAME`) applies.
    let type_id = cattrs.type_id.as_ref().map(|t| {
        let v = t.value;
        quote! { const TYPE_ID: u32 = #v; }
    });
    let n = specs.len();
    let generic = !input.generics.params.is_empty();

    let generics = with_field_bounds(&input.generics, &zw);
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    let mut vgen = generics.clone();
    vgen.params.insert(0, parse_quote!('a));
    let (v_impl, v_ty, v_where) = vgen.split_for_impl();
    // The view's mode parameter, named `M` unless the message has a generic
    // of that name.
    let mode = if input.generics.type_params().any(|t| t.ident == "M") {
        format_ident!("__ZwMode")
    } else {
        format_ident!("M")
    };
    // `'a, T.., M: Mode = Lazy` (the definition), `'a, T.., M: Mode` (the
    // generic impls) and the type arguments before the mode (`'a, T..`).
    let mut mgen_def = vgen.clone();
    mgen_def.params.push(parse_quote!(#mode: #zw::Mode = #zw::Lazy));
    let mut mgen = vgen.clone();
    mgen.params.push(parse_quote!(#mode: #zw::Mode));
    let (m_impl, m_ty, _) = mgen.split_for_impl();
    let v_args: Vec<TokenStream> = vgen
        .params
        .iter()
        .map(|p| match p {
            GenericParam::Lifetime(l) => l.lifetime.to_token_stream(),
            GenericParam::Type(t) => t.ident.to_token_stream(),
            GenericParam::Const(c) => c.ident.to_token_stream(),
        })
        .collect();
    let lazy_view = quote!(#view<#(#v_args,)* #zw::Lazy>);
    let valid_view = quote!(#view<#(#v_args,)* #zw::Validated>);

    let shapes = specs.iter().map(|s| {
        let ty = s.ty;
        quote_spanned!(ty.span()=> <#ty as #zw::Field>::SHAPE)
    });
    let (layout_def, layout) = if generic {
        (
            quote! {
                trait __ZwLayout {
                    const LAYOUT: #zw::layout::Layout<#n>;
                }
                impl #impl_g __ZwLayout for #ident #ty_g #where_c {
                    const LAYOUT: #zw::layout::Layout<#n> = #zw::layout::layout([#(#shapes),*]);
                }
            },
            quote!(<#ident #ty_g as __ZwLayout>::LAYOUT),
        )
    } else {
        (
            quote! {
                const LAYOUT: #zw::layout::Layout<#n> = #zw::layout::layout([#(#shapes),*]);
            },
            quote!(LAYOUT),
        )
    };
    let slot = |s: &FieldSpec<'_>| {
        let ord = s.ord as usize;
        quote!(#layout.slots[#ord])
    };

    let json_fields: Vec<json::ObjField<'_>> = specs
        .iter()
        .map(|s| json::ObjField {
            member: syn::Member::Named(s.ident.clone()),
            accessor: (!s.deprecated).then_some(s.ident),
            ty: s.ty,
            key: s.json_name.clone(),
            alt: (s.name != s.json_name).then(|| s.name.clone()),
            default: s.default.as_ref(),
            deprecated: s.deprecated,
        })
        .collect();
    let json = json::message(&zw, ident, &view, &valid_view, &input.generics, &msg_name, &json_fields);

    // --- the view ---------------------------------------------------------------
    let accessors = specs.iter().filter(|s| !s.deprecated).map(|s| {
        let (f, ty, sl) = (s.ident, s.ty, slot(s));
        let doc = if s.docs.is_empty() {
            let d = format!(" Reads `{}` (ordinal {}).", name(f), s.ord);
            quote!(#[doc = #d])
        } else {
            let d = &s.docs;
            quote!(#(#d)*)
        };
        match &s.default {
            Some(d) => quote_spanned! {ty.span()=>
                #doc
                #[inline]
                #vis fn #f(&self) -> #ty {
                    #zw::__private::scalar::with_default::read::<#ty>(&self.table.table(), #sl, const { #d })
                }
            },
            // SAFETY (of the `unsafe` block this emits; a token stream holds
            // no comments): `Mode::read` has no precondition for `Lazy`. For
            // `Validated`, `self.table` is a `ValidTable` of this message,
            // which only zerowire makes, after this message's
            // `validate_fields` accepted it; `validate_fields` (below)
            // checked this slot as `#ty` with `Field::validate`, the slot and
            // type read here, both from one `LAYOUT`.
            //
            // The block has the derive's own span (not the field type's):
            // code a derive expands is not linted as the user's, so a crate
            // that forbids `unsafe_code` can derive messages.
            None => {
                let read = quote_spanned!(ty.span()=> <#mode as #zw::Mode>::read::<#ty>(&self.table.table(), #sl));
                let body = quote!(unsafe { #read });
                quote_spanned! {ty.span()=>
                    #doc
                    #[inline]
                    #vis fn #f(&self) -> <#mode as #zw::Mode>::Read<'a, #ty> {
                        #body
                    }
                }
            }
        }
    });
    let debug_where = |read: TokenStream| {
        let mut g = vgen.clone();
        if generic {
            let wc = g.make_where_clause();
            for s in specs.iter().filter(|s| !s.deprecated) {
                let ty = s.ty;
                wc.predicates.push(parse_quote!(<#ty as #zw::Field>::#read<'a>: ::core::fmt::Debug));
            }
        }
        g.where_clause
    };
    let (lazy_debug_where, valid_debug_where) = (debug_where(quote!(Read)), debug_where(quote!(Valid)));
    let debug_fields: Vec<TokenStream> = specs
        .iter()
        .filter(|s| !s.deprecated)
        .map(|s| {
            let (f, fname) = (s.ident, &s.name);
            quote!(.field(#fname, &self.#f()))
        })
        .collect();
    let view_doc = format!(
        " The borrowed view of [`{ident}`]: one accessor per field, read in place from the message bytes \
         (generated by `#[derive(zerowire::Message)]`)."
    );

    // --- the Message impl -----------------------------------------------------------
    let field_infos = specs.iter().map(|s| {
        let (id, fname, json, ord, dep) = (name(s.ident), &s.name, &s.json_name, s.ord, s.deprecated);
        quote! {
            #zw::meta::FieldInfo { ident: #id, name: #fname, json_name: #json, ordinal: #ord, deprecated: #dep }
        }
    });
    let data_len = specs.iter().map(|s| {
        let (f, ty, sl) = (s.ident, s.ty, slot(s));
        if s.deprecated {
            // Written as its default: nothing to store. (Reading the field
            // keeps it from being reported as never read.)
            return quote!(let _ = &self.#f;);
        }
        let is_default = match &s.default {
            Some(d) => quote_spanned!(ty.span()=> #zw::__private::scalar::with_default::is_default::<#ty>(self.#f, const { #d })),
            None => quote!(#zw::Field::is_default(&self.#f)),
        };
        quote! {
            if !#is_default && #sl.end() > len {
                len = #sl.end();
            }
        }
    });
    let data_len_body = if specs.iter().all(|s| s.deprecated) {
        quote!(#(#data_len)* 0)
    } else {
        quote! {
            let mut len = 0;
            #(#data_len)*
            len
        }
    };
    let write = specs.iter().filter(|s| !s.deprecated).map(|s| {
        let (f, ty, sl) = (s.ident, s.ty, slot(s));
        let w = match &s.default {
            Some(d) => quote_spanned!(ty.span()=>
                #zw::__private::scalar::with_default::write::<#ty, _>(self.#f, const { #d }, buf, data, #sl)),
            None => quote!(#zw::Field::write(&self.#f, buf, data, #sl)),
        };
        quote! {
            if #sl.end() <= len {
                #w;
            }
        }
    });
    let extra = specs.iter().filter(|s| !s.deprecated).map(|s| {
        let f = s.ident;
        quote!(+ #zw::Field::extra_len(&self.#f))
    });
    let validate = specs.iter().map(|s| {
        let (ty, sl, fname) = (s.ty, slot(s), &s.name);
        quote! {
            <#ty as #zw::Field>::validate(t, #sl, cur, v).map_err(|e| e.in_field(#msg_name, #fname))?;
        }
    });
    let decode = specs.iter().map(|s| {
        let (f, ty, sl, fname) = (s.ident, s.ty, slot(s), &s.name);
        // A deprecated field decodes as its default, whatever was stored; what
        // was stored is still checked, exactly as `validate` checks it.
        let (table, cur) =
            if s.deprecated { (quote!(&#zw::Table::EMPTY), quote!(&mut 0)) } else { (quote!(t), quote!(cur)) };
        let d = match &s.default {
            Some(d) => {
                quote_spanned!(ty.span()=> #zw::__private::scalar::with_default::decode::<#ty>(#table, #sl, #cur, v, const { #d }))
            }
            None => quote!(<#ty as #zw::Field>::decode(#table, #sl, #cur, v)),
        };
        if s.deprecated {
            quote!(#f: {
                <#ty as #zw::Field>::validate(t, #sl, cur, v).map_err(|e| e.in_field(#msg_name, #fname))?;
                #d.map_err(|e| e.in_field(#msg_name, #fname))?
            },)
        } else {
            quote!(#f: #d.map_err(|e| e.in_field(#msg_name, #fname))?,)
        }
    });

    // --- Child / Field impls -----------------------------------------------------------
    let impl_params = &generics.params;
    let field_impl = match &generics.where_clause {
        Some(w) if !w.predicates.is_empty() => {
            let preds = &w.predicates;
            quote!(#zw::__impl_message_field!([#impl_params] #ident #ty_g where #preds);)
        }
        _ => quote!(#zw::__impl_message_field!([#impl_params] #ident #ty_g);),
    };

    quote! {
        #[doc = #view_doc]
        #vis struct #view #mgen_def #v_where {
            table: #zw::mode::ViewTable<'a, #ident #ty_g, #mode>,
        }

        #[allow(deprecated)]
        const _: () = {
            #layout_def

            // Accessors are named after the fields, which the user chose for
            // a struct, not for methods: lints on method names (`to_*` taking
            // `&self`, `len` without `is_empty`, ...) cannot be fixed by the
            // user here, where the attribute cannot be placed.
            #[automatically_derived]
            #[allow(
                dead_code,
                clippy::wrong_self_convention,
                clippy::should_implement_trait,
                clippy::new_ret_no_self,
                clippy::len_without_is_empty,
                clippy::inherent_to_string,
                clippy::inherent_to_string_shadow_display,
                clippy::iter_not_returning_iterator,
                clippy::misnamed_getters
            )]
            impl #m_impl #view #m_ty #v_where {
                #(#accessors)*
            }

            #[automatically_derived]
            impl #m_impl ::core::clone::Clone for #view #m_ty #v_where {
                #[inline]
                fn clone(&self) -> Self {
                    *self
                }
            }

            #[automatically_derived]
            impl #m_impl ::core::marker::Copy for #view #m_ty #v_where {}

            #[automatically_derived]
            impl #v_impl ::core::fmt::Debug for #lazy_view #lazy_debug_where {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#msg_name) #(#debug_fields)* .finish()
                }
            }

            #[automatically_derived]
            impl #v_impl ::core::fmt::Debug for #valid_view #valid_debug_where {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#msg_name) #(#debug_fields)* .finish()
                }
            }

            #[automatically_derived]
            impl #v_impl #zw::MessageView<'a> for #lazy_view #v_where {
                #[inline]
                fn from_table(t: #zw::Table<'a>) -> Self {
                    Self { table: #zw::mode::ViewTable::lazy(t) }
                }
                #[inline]
                fn table(&self) -> #zw::Table<'a> {
                    self.table.table()
                }
            }

            #[automatically_derived]
            impl #v_impl #zw::ValidView<'a, #ident #ty_g> for #valid_view #v_where {
                #[inline]
                fn from_valid(t: #zw::ValidTable<'a, #ident #ty_g>) -> Self {
                    Self { table: t }
                }
                #[inline]
                fn valid_table(&self) -> #zw::ValidTable<'a, #ident #ty_g> {
                    self.table
                }
            }

            #[automatically_derived]
            impl #impl_g #zw::Message for #ident #ty_g #where_c {
                const NAME: &'static str = #msg_name;
                #type_id
                const FIELDS: &'static [#zw::meta::FieldInfo] = &[#(#field_infos),*];
                const DATA_LEN: usize = #layout.data_len;
                type View<'a> = #lazy_view;
                type Valid<'a> = #valid_view;
                #[inline]
                fn data_len(&self) -> usize {
                    #data_len_body
                }
                #[inline]
                fn write_fields<__ZwB: #zw::Buffer>(&self, buf: &mut __ZwB, data: usize, len: usize) {
                    let _ = (&buf, data, len);
                    #(#write)*
                }
                #[inline]
                fn fields_extra_len(&self) -> usize {
                    0 #(#extra)*
                }
                fn validate_fields(
                    t: &#zw::Table<'_>,
                    cur: &mut usize,
                    v: &mut #zw::__private::Validator,
                ) -> #zw::Result<()> {
                    let _ = (&t, &cur, &v);
                    #(#validate)*
                    ::core::result::Result::Ok(())
                }
                fn decode_fields(
                    t: &#zw::Table<'_>,
                    cur: &mut usize,
                    v: &mut #zw::__private::Validator,
                ) -> #zw::Result<Self> {
                    let _ = (&t, &cur, &v);
                    ::core::result::Result::Ok(Self {
                        #(#decode)*
                    })
                }
            }

            #field_impl

            // The view's name taken by another type of the module gives
            // rustc's E0428 and, as every item here names the other type,
            // errors about it; this check adds one that says what to do.
            #[automatically_derived]
            impl #v_impl #zw::__private::DerivedView<#ident #ty_g> for #view #v_ty #v_where {}
            // The view is named without its lifetime: with one, the other
            // type would fail E0107 (already reported) instead of this bound.
            #[allow(dead_code, elided_lifetimes_in_paths, clippy::multiple_bound_locations)]
            fn __zw_view_name_is_free #impl_g () #where_c {
                #zw::__private::derived_view::<#view #ty_g, #ident #ty_g>();
            }
        };

        #json
    }
}
