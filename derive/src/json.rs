//! The JSON impls (docs/FORMAT.md, section 16), wrapped in
//! `zerowire::__json! { ... }` so that they exist only when zerowire's
//! `serde` feature is on: serde `Serialize` / `Deserialize` for the owned
//! type, `Serialize` for its view, and `zerowire::json::Json`, which is how
//! the type sits inside other types' JSON.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Expr, Generics, Ident, Type, parse_quote};

/// One field of an object (a message or a named inline struct).
pub(crate) struct ObjField<'a> {
    /// `self.#member` on the owned type.
    pub(crate) member: syn::Member,
    /// The accessor on the view (`None`: no accessor, e.g. deprecated).
    pub(crate) accessor: Option<&'a Ident>,
    pub(crate) ty: &'a Type,
    /// The key written.
    pub(crate) key: String,
    /// Another key accepted on input (the schema name, if it differs).
    pub(crate) alt: Option<String>,
    /// The declared default.
    pub(crate) default: Option<&'a Expr>,
    /// Read and skipped on input, not written.
    pub(crate) deprecated: bool,
}

/// `generics` plus `T: Json` for each type parameter.
fn json_generics(generics: &Generics, zw: &syn::Path) -> Generics {
    let mut g = generics.clone();
    let preds: Vec<syn::WherePredicate> = g
        .type_params()
        .map(|t| {
            let id = &t.ident;
            parse_quote!(#id: #zw::json::Json)
        })
        .collect();
    g.make_where_clause().predicates.extend(preds);
    g
}

fn with_lifetime(g: &Generics, lt: syn::Lifetime) -> Generics {
    let mut g = g.clone();
    g.params.insert(0, syn::GenericParam::Lifetime(syn::LifetimeParam::new(lt)));
    g
}

/// The `serialize` body writing `fields` as an object; `value(f)` is the
/// expression serializing field `f`, `omit(f)` whether to leave it out.
fn ser_object(
    zw: &syn::Path,
    name: &str,
    fields: &[ObjField<'_>],
    prelude: impl Fn(&ObjField<'_>) -> TokenStream,
    value: impl Fn(&ObjField<'_>) -> TokenStream,
    omit: impl Fn(&ObjField<'_>) -> TokenStream,
) -> TokenStream {
    let serde = quote!(#zw::__private::serde);
    let live: Vec<_> = fields.iter().filter(|f| !f.deprecated).collect();
    let n = live.len();
    let writes = live.iter().map(|f| {
        let key = &f.key;
        let (pre, val, om) = (prelude(f), value(f), omit(f));
        quote! {
            #pre
            if #om {
                #serde::ser::SerializeStruct::skip_field(&mut __st, #key)?;
            } else {
                #serde::ser::SerializeStruct::serialize_field(&mut __st, #key, &#val)?;
            }
        }
    });
    quote! {
        let mut __st = #serde::Serializer::serialize_struct(__s, #name, #n)?;
        #(#writes)*
        #serde::ser::SerializeStruct::end(__st)
    }
}

/// The `Deserialize` impl reading `fields` from an object into `build`
/// (a struct literal whose field values are the locals `__v0`, `__v1`, ...).
fn de_object(
    zw: &syn::Path,
    ident: &Ident,
    generics: &Generics,
    name: &str,
    fields: &[ObjField<'_>],
    depth_guard: bool,
    build: impl Fn(Vec<(syn::Member, TokenStream)>) -> TokenStream,
) -> TokenStream {
    let serde = quote!(#zw::__private::serde);
    let jg = json_generics(generics, zw);
    let (_, ty_g, where_c) = jg.split_for_impl();
    let de_g = with_lifetime(&jg, parse_quote!('de));
    let (de_impl, _, _) = de_g.split_for_impl();
    let vis_ty = quote!(__ZwVisitor #ty_g);
    let vis_struct_params = jg.params.iter();

    let locals: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("__v{}", i)).collect();
    let decls = fields.iter().zip(&locals).map(|(f, l)| {
        let ty = f.ty;
        quote!(let mut #l: ::core::option::Option<::core::option::Option<#ty>> = ::core::option::Option::None;)
    });
    let arms = fields.iter().zip(&locals).enumerate().map(|(i, (f, l))| {
        let i = i as u32;
        let (ty, key) = (f.ty, &f.key);
        let fname = f.alt.as_ref().unwrap_or(key);
        if f.deprecated {
            quote!(#i => #zw::__private::json::skip(&mut __a)?,)
        } else {
            quote! {
                #i => {
                    if #l.is_some() {
                        return ::core::result::Result::Err(#zw::__private::json::duplicate(#key));
                    }
                    #l = ::core::option::Option::Some(
                        #serde::de::MapAccess::next_value_seed(&mut __a, #zw::__private::json::FieldDe::<#ty>::new())
                            .map_err(|e| #zw::__private::json::in_field(e, #name, #fname))?,
                    );
                }
            }
        }
    });
    let lookup_arms = fields.iter().enumerate().map(|(i, f)| {
        let i = i as u32;
        let key = &f.key;
        match &f.alt {
            Some(alt) => quote!(#key | #alt => #i,),
            None => quote!(#key => #i,),
        }
    });
    let expected = fields.iter().filter(|f| !f.deprecated).map(|f| &f.key);
    let values: Vec<(syn::Member, TokenStream)> = fields
        .iter()
        .zip(&locals)
        .map(|(f, l)| {
            let ty = f.ty;
            let dflt = match f.default {
                Some(d) => quote!(const { #d }),
                None => quote!(#zw::__private::json::absent::<#ty, __ZwA::Error>()?),
            };
            let v = if f.deprecated {
                dflt
            } else {
                quote! {
                    match #l {
                        ::core::option::Option::Some(::core::option::Option::Some(v)) => v,
                        _ => #dflt,
                    }
                }
            };
            (f.member.clone(), v)
        })
        .collect();
    let built = build(values);
    let expecting = format!("a `{name}` object");
    // A message is a level of nesting (docs/FORMAT.md 11.3); one entered
    // below the limit is accepted only if it holds its default, which is
    // what the binary form leaves out.
    let read = quote!(#serde::Deserializer::deserialize_map(__d, __ZwVisitor(::core::marker::PhantomData)));
    let read = if depth_guard {
        quote! {
            let __depth = #zw::__private::json::enter_message::<__ZwD::Error>()?;
            let __v = #read?;
            __depth.check::<Self, __ZwD::Error>(&__v)?;
            ::core::result::Result::Ok(__v)
        }
    } else {
        read
    };
    quote! {
        #[automatically_derived]
        impl #de_impl #serde::Deserialize<'de> for #ident #ty_g #where_c {
            fn deserialize<__ZwD: #serde::Deserializer<'de>>(__d: __ZwD) -> ::core::result::Result<Self, __ZwD::Error> {
                struct __ZwVisitor<#(#vis_struct_params),*>(::core::marker::PhantomData<fn() -> #ident #ty_g>) #where_c;
                impl #de_impl #serde::de::Visitor<'de> for #vis_ty #where_c {
                    type Value = #ident #ty_g;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    #[inline]
                    fn visit_map<__ZwA: #serde::de::MapAccess<'de>>(
                        self,
                        mut __a: __ZwA,
                    ) -> ::core::result::Result<Self::Value, __ZwA::Error> {
                        #(#decls)*
                        while let ::core::option::Option::Some(__k) = #serde::de::MapAccess::next_key_seed(
                            &mut __a,
                            #zw::__private::json::Key { lookup: __zw_lookup, expected: __ZW_EXPECTED, strict: false },
                        )? {
                            match __k {
                                #(#arms)*
                                _ => #zw::__private::json::skip(&mut __a)?,
                            }
                        }
                        ::core::result::Result::Ok(#built)
                    }
                }
                #[inline]
                fn __zw_lookup(k: &str) -> u32 {
                    match k {
                        #(#lookup_arms)*
                        _ => #zw::__private::json::UNKNOWN,
                    }
                }
                const __ZW_EXPECTED: &[&str] = &[#(#expected),*];
                #read
            }
        }
    }
}

/// JSON for a message: `Serialize` for the owned type and the views (lazy
/// and validated), `Deserialize`, `Json` and `JsonChild`.
pub(crate) fn message(
    zw: &syn::Path,
    ident: &Ident,
    view: &Ident,
    valid_view: &TokenStream,
    generics: &Generics,
    name: &str,
    fields: &[ObjField<'_>],
) -> TokenStream {
    let serde = quote!(#zw::__private::serde);
    let jg = json_generics(generics, zw);
    let (impl_g, ty_g, where_c) = jg.split_for_impl();
    let vg = with_lifetime(&jg, parse_quote!('a));
    let (v_impl, v_ty, v_where) = vg.split_for_impl();

    let ser_owned = ser_object(
        zw,
        name,
        fields,
        |_| quote!(),
        |f| {
            let m = &f.member;
            quote!(#zw::__private::json::Ser(&self.#m))
        },
        |f| {
            let m = &f.member;
            quote!(#zw::json::Json::omit(&self.#m))
        },
    );
    let ser_view = ser_object(
        zw,
        name,
        fields,
        |f| {
            let a = f.accessor.expect("live fields have accessors");
            let ty = f.ty;
            match f.default {
                // An accessor with a declared default returns the value itself.
                Some(_) => quote!(let __r: <#ty as #zw::Field>::Read<'_> = self.#a();),
                None => quote!(let __r = self.#a();),
            }
        },
        |f| {
            let ty = f.ty;
            quote!(#zw::__private::json::ReadSer::<#ty>(&__r))
        },
        |f| {
            let ty = f.ty;
            quote!(<#ty as #zw::json::Json>::omit_read(&__r))
        },
    );
    let de = de_object(zw, ident, generics, name, fields, true, |values| {
        let inits = values.into_iter().map(|(m, v)| quote!(#m: #v,));
        quote!(#ident { #(#inits)* })
    });
    quote! {
        #zw::__json! {
            #[allow(deprecated, non_local_definitions)]
            const _: () = {
                #[automatically_derived]
                impl #impl_g #serde::Serialize for #ident #ty_g #where_c {
                    fn serialize<__ZwS: #serde::Serializer>(&self, __s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #ser_owned
                    }
                }
                #[automatically_derived]
                impl #v_impl #serde::Serialize for #view #v_ty #v_where {
                    fn serialize<__ZwS: #serde::Serializer>(&self, __s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #ser_view
                    }
                }
                #[automatically_derived]
                impl #v_impl #serde::Serialize for #valid_view #v_where {
                    // The lazy view over the same bytes writes the same JSON;
                    // none of its reads fails on validated bytes.
                    fn serialize<__ZwS: #serde::Serializer>(&self, __s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #serde::Serialize::serialize(&#zw::mode::lazy::<#ident #ty_g>(*self), __s)
                    }
                }
                #de
                #[automatically_derived]
                impl #impl_g #zw::json::Json for #ident #ty_g #where_c {
                    const NESTING: #zw::__private::json::Nesting = #zw::__private::json::Nesting::Message;
                    #zw::__json_via_serde!();
                    #zw::__json_child_reads!(messages);
                }
                #[automatically_derived]
                impl #impl_g #zw::json::JsonChild for #ident #ty_g #where_c {
                    #[inline]
                    fn ser_view<__ZwS: #serde::Serializer>(
                        v: &<Self as #zw::field::Child>::View<'_>,
                        s: __ZwS,
                    ) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #serde::Serialize::serialize(v, s)
                    }
                }
            };
        }
    }
}

/// JSON for an enum (section 16.6): its name, or its number when unknown.
pub(crate) fn enumeration<'k>(
    zw: &syn::Path,
    ident: &Ident,
    unknown: Option<&Ident>,
    known: impl Iterator<Item = (&'k Ident, &'k str)>,
) -> TokenStream {
    // A closed enum has no arm without a name.
    let unknown = unknown.map(|u| quote!(#ident::#u(_) => ::core::option::Option::None,));
    let serde = quote!(#zw::__private::serde);
    let (names, froms): (Vec<_>, Vec<_>) = known
        .map(|(v, n)| {
            (
                quote!(#ident::#v => ::core::option::Option::Some(#n),),
                quote!(#n => ::core::option::Option::Some(#ident::#v),),
            )
        })
        .unzip();
    quote! {
        #zw::__json! {
            #[allow(deprecated)]
            const _: () = {
                #[automatically_derived]
                impl #zw::json::JsonEnum for #ident {
                    #[inline]
                    fn json_name(self) -> ::core::option::Option<&'static str> {
                        match self {
                            #(#names)*
                            #unknown
                        }
                    }
                    #[inline]
                    fn json_value(self) -> u32 {
                        #zw::meta::EnumValue::value(self)
                    }
                    #[inline]
                    fn from_json_name(n: &str) -> ::core::option::Option<Self> {
                        match n {
                            #(#froms)*
                            _ => ::core::option::Option::None,
                        }
                    }
                    #[inline]
                    fn from_json_value(n: u64) -> ::core::option::Option<Self> {
                        #zw::meta::EnumValue::from_value(<u32 as ::core::convert::TryFrom<u64>>::try_from(n).ok()?)
                    }
                }
                #[automatically_derived]
                impl #zw::json::Json for #ident {
                    #zw::__json_via_serde!();
                    #zw::__json_scalar_reads!();
                }
                #[automatically_derived]
                impl #zw::json::JsonKey for #ident {
                    fn ser_key<__ZwS: #serde::Serializer>(&self, s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #zw::__private::json::ser_enum_key(*self, s)
                    }
                    fn ser_key_read<__ZwS: #serde::Serializer>(r: &Self, s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #zw::__private::json::ser_enum_key(*r, s)
                    }
                    fn from_key(k: &str) -> ::core::result::Result<Self, ::std::string::String> {
                        #zw::__private::json::enum_from_key(k)
                    }
                }
                #[automatically_derived]
                impl #serde::Serialize for #ident {
                    fn serialize<__ZwS: #serde::Serializer>(&self, s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #zw::__private::json::ser_enum(*self, s)
                    }
                }
                #[automatically_derived]
                impl<'de> #serde::Deserialize<'de> for #ident {
                    fn deserialize<__ZwD: #serde::Deserializer<'de>>(d: __ZwD) -> ::core::result::Result<Self, __ZwD::Error> {
                        #zw::__private::json::de_enum(d)
                    }
                }
            };
        }
    }
}

/// JSON for a union (section 16.7): a one-key object, the arm's name (or
/// its tag in decimal) to its payload (`null` for a unit arm).
#[allow(clippy::too_many_arguments)]
pub(crate) fn union<'k>(
    zw: &syn::Path,
    ident: &Ident,
    view: &Ident,
    name: &str,
    arms: impl Iterator<Item = (&'k Ident, Option<&'k Type>, u16, &'k str)>,
    unknown: Option<&Ident>,
    unknown_view: &Ident,
    marker: bool,
) -> TokenStream {
    let serde = quote!(#zw::__private::serde);
    let sm = quote!(#serde::ser::SerializeMap::serialize_entry);
    let arms: Vec<_> = arms.collect();
    let ser_owned = arms.iter().map(|(v, ty, _, n)| match ty {
        Some(_) => quote!(#ident::#v(x) => #sm(&mut __m, #n, &#zw::__private::json::Ser(x))?,),
        None => quote!(#ident::#v => #sm(&mut __m, #n, &())?,),
    });
    let ser_owned_unknown = unknown
        .map(|u| quote!(#ident::#u(n) => #sm(&mut __m, #zw::__private::json::itoa::Buffer::new().format(*n), &())?,));
    let ser_view = arms.iter().map(|(v, ty, _, n)| match ty {
        Some(ty) => quote!(#view::#v(r) => #sm(&mut __m, #n, &#zw::__private::json::ReadSer::<#ty>(r))?,),
        None => quote!(#view::#v => #sm(&mut __m, #n, &())?,),
    });
    let marker_arm = marker.then(|| quote!(#view::__Marker(_, x) => match *x {},));
    let de_arms = arms.iter().map(|(v, ty, tag, _)| {
        let tag = *tag as u32;
        match ty {
            Some(ty) => quote! {
                #tag => #ident::#v(#serde::de::MapAccess::next_value_seed(&mut __a, #zw::__private::json::De::<#ty>::new())?),
            },
            None => quote! {
                #tag => {
                    #zw::__private::json::skip(&mut __a)?;
                    #ident::#v
                }
            },
        }
    });
    let de_unknown = match unknown {
        Some(u) => quote! {
            n if n <= u16::MAX as u32 && n != 0 => {
                #zw::__private::json::skip(&mut __a)?;
                #ident::#u(n as u16)
            }
            n => return ::core::result::Result::Err(#zw::__private::json::unknown_arm(n)),
        },
        None => quote!(n => return ::core::result::Result::Err(#zw::__private::json::unknown_arm(n)),),
    };
    let lookup = arms.iter().map(|(_, _, tag, n)| {
        let tag = *tag as u32;
        quote!(#n => #tag,)
    });
    let expected = arms.iter().map(|(_, _, _, n)| n);
    let expecting = format!("a `{name}` union (an object with one key)");
    quote! {
        #zw::__json! {
            #[allow(deprecated)]
            const _: () = {
                #[automatically_derived]
                impl #serde::Serialize for #ident {
                    fn serialize<__ZwS: #serde::Serializer>(&self, __s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        let mut __m = #serde::Serializer::serialize_map(__s, ::core::option::Option::Some(1))?;
                        match self {
                            #(#ser_owned)*
                            #ser_owned_unknown
                        }
                        #serde::ser::SerializeMap::end(__m)
                    }
                }
                #[automatically_derived]
                impl<'a> #serde::Serialize for #view<'a> {
                    fn serialize<__ZwS: #serde::Serializer>(&self, __s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        let mut __m = #serde::Serializer::serialize_map(__s, ::core::option::Option::Some(1))?;
                        match self {
                            #(#ser_view)*
                            #view::#unknown_view(n) => #sm(&mut __m, #zw::__private::json::itoa::Buffer::new().format(*n), &())?,
                            #marker_arm
                        }
                        #serde::ser::SerializeMap::end(__m)
                    }
                }
                #[automatically_derived]
                impl<'de> #serde::Deserialize<'de> for #ident {
                    fn deserialize<__ZwD: #serde::Deserializer<'de>>(__d: __ZwD) -> ::core::result::Result<Self, __ZwD::Error> {
                        struct __ZwVisitor;
                        impl<'de> #serde::de::Visitor<'de> for __ZwVisitor {
                            type Value = #ident;
                            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                                f.write_str(#expecting)
                            }
                            fn visit_map<__ZwA: #serde::de::MapAccess<'de>>(
                                self,
                                mut __a: __ZwA,
                            ) -> ::core::result::Result<#ident, __ZwA::Error> {
                                let ::core::option::Option::Some(__tag) = #serde::de::MapAccess::next_key_seed(
                                    &mut __a,
                                    #zw::__private::json::Key { lookup: __zw_lookup, expected: __ZW_EXPECTED, strict: true },
                                )? else {
                                    return ::core::result::Result::Err(#zw::__private::json::no_arm());
                                };
                                let __v = match __tag {
                                    #(#de_arms)*
                                    #de_unknown
                                };
                                #zw::__private::json::one_key(&mut __a)?;
                                ::core::result::Result::Ok(__v)
                            }
                        }
                        fn __zw_lookup(k: &str) -> u32 {
                            match k {
                                #(#lookup)*
                                _ => #zw::__private::json::tag_key(k),
                            }
                        }
                        const __ZW_EXPECTED: &[&str] = &[#(#expected),*];
                        // A union is no level of its own (docs/FORMAT.md 11.3);
                        // its arms are counted as what they are.
                        #serde::Deserializer::deserialize_map(__d, __ZwVisitor)
                    }
                }
                #[automatically_derived]
                impl #zw::json::Json for #ident {
                    #zw::__json_via_serde!();
                    #[inline]
                    fn ser_read<__ZwS: #serde::Serializer>(
                        r: &<Self as #zw::Field>::Read<'_>,
                        s: __ZwS,
                    ) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #serde::Serialize::serialize(r, s)
                    }
                    #[inline]
                    fn ser_opt_read<__ZwS: #serde::Serializer>(
                        r: &<Self as #zw::Field>::OptRead<'_>,
                        s: __ZwS,
                    ) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        match r {
                            ::core::option::Option::Some(v) => #serde::Serialize::serialize(v, s),
                            ::core::option::Option::None => #serde::Serializer::serialize_none(s),
                        }
                    }
                    #[inline]
                    fn opt_read_is_none(r: &<Self as #zw::Field>::OptRead<'_>) -> bool {
                        r.is_none()
                    }
                    #zw::__json_list!(slots);
                }
            };
        }
    }
}

/// JSON for an inline struct (section 16.8): an object with the Rust field
/// names; a tuple struct with one field is that field, with more an array.
pub(crate) fn structure<'f>(
    zw: &syn::Path,
    ident: &Ident,
    fields: impl Iterator<Item = (&'f Type, &'f syn::Member)>,
    named: bool,
) -> TokenStream {
    let serde = quote!(#zw::__private::serde);
    let fields: Vec<(&Type, &syn::Member)> = fields.collect();
    let (ser, de) = if named {
        let obj: Vec<ObjField<'_>> = fields
            .iter()
            .map(|(ty, m)| ObjField {
                member: (*m).clone(),
                accessor: None,
                ty,
                key: match m {
                    syn::Member::Named(id) => crate::common::name(id),
                    syn::Member::Unnamed(i) => i.index.to_string(),
                },
                alt: None,
                default: None,
                deprecated: false,
            })
            .collect();
        let name = ident.to_string();
        let ser = ser_object(
            zw,
            &name,
            &obj,
            |_| quote!(),
            |f| {
                let m = &f.member;
                quote!(#zw::__private::json::Ser(&self.#m))
            },
            |_| quote!(false),
        );
        let de = de_object(zw, ident, &Generics::default(), &name, &obj, false, |values| {
            let inits = values.into_iter().map(|(m, v)| quote!(#m: #v,));
            quote!(#ident { #(#inits)* })
        });
        (ser, de)
    } else if fields.len() == 1 {
        let ty = fields[0].0;
        let ser = quote!(<#ty as #zw::json::Json>::ser(&self.0, __s));
        let de = quote! {
            #[automatically_derived]
            impl<'de> #serde::Deserialize<'de> for #ident {
                fn deserialize<__ZwD: #serde::Deserializer<'de>>(d: __ZwD) -> ::core::result::Result<Self, __ZwD::Error> {
                    <#ty as #zw::json::Json>::de(d).map(#ident)
                }
            }
        };
        (ser, de)
    } else {
        let n = fields.len();
        let elems = fields.iter().map(
            |(_, m)| quote!(#serde::ser::SerializeTuple::serialize_element(&mut __t, &#zw::__private::json::Ser(&self.#m))?;),
        );
        let ser = quote! {
            let mut __t = #serde::Serializer::serialize_tuple(__s, #n)?;
            #(#elems)*
            #serde::ser::SerializeTuple::end(__t)
        };
        let reads = fields.iter().enumerate().map(|(i, (ty, _))| {
            quote! {
                match #serde::de::SeqAccess::next_element_seed(&mut __q, #zw::__private::json::De::<#ty>::new())? {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => return ::core::result::Result::Err(
                        #serde::de::Error::invalid_length(#i, &self),
                    ),
                }
            }
        });
        let expecting = format!("an array of {n} elements");
        let de = quote! {
            #[automatically_derived]
            impl<'de> #serde::Deserialize<'de> for #ident {
                fn deserialize<__ZwD: #serde::Deserializer<'de>>(d: __ZwD) -> ::core::result::Result<Self, __ZwD::Error> {
                    struct __ZwVisitor;
                    impl<'de> #serde::de::Visitor<'de> for __ZwVisitor {
                        type Value = #ident;
                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_seq<__ZwQ: #serde::de::SeqAccess<'de>>(self, mut __q: __ZwQ) -> ::core::result::Result<#ident, __ZwQ::Error> {
                            let v = #ident(#(#reads),*);
                            if #serde::de::SeqAccess::next_element_seed(&mut __q, #zw::__private::json::Skip)?.is_some() {
                                return ::core::result::Result::Err(#serde::de::Error::invalid_length(#n + 1, &self));
                            }
                            ::core::result::Result::Ok(v)
                        }
                    }
                    #serde::Deserializer::deserialize_tuple(d, #n, __ZwVisitor)
                }
            }
        };
        (ser, de)
    };
    quote! {
        #zw::__json! {
            const _: () = {
                #[automatically_derived]
                impl #serde::Serialize for #ident {
                    fn serialize<__ZwS: #serde::Serializer>(&self, __s: __ZwS) -> ::core::result::Result<__ZwS::Ok, __ZwS::Error> {
                        #ser
                    }
                }
                #de
                #[automatically_derived]
                impl #zw::json::Json for #ident {
                    #zw::__json_via_serde!();
                    #zw::__json_scalar_reads!();
                }
            };
        }
    }
}
