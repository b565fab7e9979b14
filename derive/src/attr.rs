//! Every `#[zerowire(...)]` attribute is parsed here, for every position,
//! and every error is collected (not returned at the first one) so that a
//! user sees all of them in one build.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitInt, LitStr, Path};

/// Collects errors; `combine`d into one `syn::Error` at the end.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }
    pub(crate) fn at(&mut self, span: Span, msg: impl core::fmt::Display) {
        self.push(syn::Error::new(span, msg));
    }
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, msg: impl core::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, msg));
    }
    /// `Err` with every error collected, if any.
    pub(crate) fn finish(self) -> syn::Result<()> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Where an attribute sits: decides which keys are allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    /// On a struct deriving `Message`.
    Message,
    /// On a field of a `Message`.
    MessageField,
    /// On an enum deriving `Enum`.
    Enum,
    /// On a variant of an `Enum`.
    EnumVariant,
    /// On an enum deriving `Union`.
    Union,
    /// On an arm of a `Union`.
    UnionArm,
    /// On a struct deriving `Struct`.
    Struct,
    /// On a field of a `Struct`.
    StructField,
}

impl Pos {
    fn what(self) -> &'static str {
        match self {
            Pos::Message => "a `Message` struct",
            Pos::MessageField => "a `Message` field",
            Pos::Enum => "an `Enum`",
            Pos::EnumVariant => "an `Enum` variant",
            Pos::Union => "a `Union`",
            Pos::UnionArm => "a `Union` arm",
            Pos::Struct => "a `Struct`",
            Pos::StructField => "a `Struct` field",
        }
    }
    /// The keys allowed here, for the "unknown attribute" message.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Pos::Message => &["crate", "rename", "view", "type_id"],
            Pos::MessageField => &["ordinal", "default", "deprecated", "rename", "json_name"],
            Pos::Enum => &["crate", "rename", "repr"],
            Pos::EnumVariant => &["rename", "value", "unknown"],
            Pos::Union => &["crate", "rename", "view"],
            Pos::UnionArm => &["rename", "default", "unknown"],
            Pos::Struct => &["crate", "wire"],
            Pos::StructField => &[],
        }
    }
}

/// A parsed value and the span of its key, for later errors.
pub(crate) struct Val<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// The wire width of an enum.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repr {
    U8,
    U16,
    U32,
}

impl Repr {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Repr::U8 => "u8",
            Repr::U16 => "u16",
            Repr::U32 => "u32",
        }
    }
    pub(crate) fn max(self) -> u64 {
        match self {
            Repr::U8 => u8::MAX as u64,
            Repr::U16 => u16::MAX as u64,
            Repr::U32 => u32::MAX as u64,
        }
    }
    pub(crate) fn ident(self) -> Ident {
        Ident::new(self.name(), Span::call_site())
    }
}

/// Everything `#[zerowire(...)]` can say, wherever it is.
#[derive(Default)]
pub(crate) struct Attrs {
    pub(crate) krate: Option<Val<Path>>,
    pub(crate) rename: Option<Val<String>>,
    pub(crate) json_name: Option<Val<String>>,
    pub(crate) view: Option<Val<Ident>>,
    pub(crate) wire: Option<Val<Ident>>,
    pub(crate) ordinal: Option<Val<u16>>,
    /// `default = EXPR` on a message field.
    pub(crate) default_expr: Option<Val<Expr>>,
    /// `default` (a flag) on a union arm; also set by the std `#[default]`.
    pub(crate) default_flag: Option<Span>,
    pub(crate) deprecated: Option<Span>,
    pub(crate) unknown: Option<Span>,
    pub(crate) repr: Option<Val<Repr>>,
    pub(crate) value: Option<Val<u64>>,
    /// `type_id = N` on a message: its frame type id.
    pub(crate) type_id: Option<Val<u32>>,
}

fn set<T>(slot: &mut Option<T>, v: T, key: &Ident, errors: &mut Errors) {
    if slot.is_some() {
        errors.at(key.span(), format_args!("duplicate `zerowire({key})` attribute"));
    } else {
        *slot = Some(v);
    }
}

fn name_value(lit: &LitStr, errors: &mut Errors) -> Option<String> {
    let v = lit.value();
    if v.is_empty() {
        errors.spanned(lit, "the name must not be empty");
        return None;
    }
    Some(v)
}

fn ident_value(lit: &LitStr, errors: &mut Errors) -> Option<Ident> {
    match lit.parse::<Ident>() {
        Ok(i) => Some(i),
        Err(_) => {
            errors.spanned(lit, "expected a type name, e.g. \"FooView\"");
            None
        }
    }
}

/// Parses every `#[zerowire(...)]` in `attrs` for position `pos`.
pub(crate) fn parse(attrs: &[Attribute], pos: Pos, errors: &mut Errors) -> Attrs {
    let mut out = Attrs::default();
    for attr in attrs {
        if pos == Pos::UnionArm && attr.path().is_ident("default") && matches!(attr.meta, syn::Meta::Path(_)) {
            // The std `#[default]` (of `#[derive(Default)]`) also marks the
            // union's default arm.
            out.default_flag.get_or_insert(attr.span());
            continue;
        }
        if !attr.path().is_ident("zerowire") {
            continue;
        }
        let list = match &attr.meta {
            syn::Meta::List(l) => l,
            other => {
                errors.spanned(other, "expected `#[zerowire(...)]`");
                continue;
            }
        };
        if list.tokens.is_empty() {
            errors.spanned(list, "empty `#[zerowire()]` attribute");
            continue;
        }
        let r = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident().cloned() else {
                errors.spanned(&meta.path, "expected an attribute name");
                return skip_value(&meta);
            };
            let k = key.to_string();
            let k = k.as_str();
            if !pos.keys().contains(&k) {
                let known = ["crate", "rename", "json_name", "view", "wire", "ordinal", "default", "deprecated"];
                let known = known.iter().chain(&["unknown", "repr", "value", "type_id"]).any(|x| *x == k);
                let allowed = pos.keys().iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                let allowed = if allowed.is_empty() { "none".to_string() } else { allowed };
                if known {
                    errors.at(
                        key.span(),
                        format_args!("`zerowire({k})` is not allowed on {}; allowed here: {allowed}", pos.what()),
                    );
                } else {
                    errors.at(
                        key.span(),
                        format_args!("unknown attribute `zerowire({k})`; allowed on {}: {allowed}", pos.what()),
                    );
                }
                return skip_value(&meta);
            }
            let span = key.span();
            match k {
                "crate" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    match lit.parse::<Path>() {
                        Ok(p) => set(&mut out.krate, Val { value: p, span }, &key, errors),
                        Err(_) => errors.spanned(&lit, "expected a path, e.g. \"::zerowire\""),
                    }
                }
                "rename" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    if let Some(v) = name_value(&lit, errors) {
                        set(&mut out.rename, Val { value: v, span }, &key, errors);
                    }
                }
                "json_name" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    if let Some(v) = name_value(&lit, errors) {
                        set(&mut out.json_name, Val { value: v, span }, &key, errors);
                    }
                }
                "view" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    if let Some(v) = ident_value(&lit, errors) {
                        set(&mut out.view, Val { value: v, span }, &key, errors);
                    }
                }
                "wire" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    if let Some(v) = ident_value(&lit, errors) {
                        set(&mut out.wire, Val { value: v, span }, &key, errors);
                    }
                }
                "ordinal" => {
                    let lit: LitInt = meta.value()?.parse()?;
                    match lit.base10_parse::<u16>() {
                        Ok(v) => set(&mut out.ordinal, Val { value: v, span: lit.span() }, &key, errors),
                        Err(_) => errors.spanned(&lit, "an ordinal is an integer from 0 to 65535"),
                    }
                }
                "value" => {
                    let lit: LitInt = meta.value()?.parse()?;
                    match lit.base10_parse::<u64>() {
                        Ok(v) => set(&mut out.value, Val { value: v, span: lit.span() }, &key, errors),
                        Err(_) => errors.spanned(&lit, "expected a non-negative integer"),
                    }
                }
                "type_id" => {
                    let lit: LitInt = meta.value()?.parse()?;
                    match lit.base10_parse::<u32>() {
                        Ok(0) => errors.spanned(&lit, "type id 0 means \"unspecified\"; choose another"),
                        Ok(v) => set(&mut out.type_id, Val { value: v, span: lit.span() }, &key, errors),
                        Err(_) => errors.spanned(&lit, "a type id is an integer from 1 to 4294967295"),
                    }
                }
                "repr" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    let r = match lit.value().as_str() {
                        "u8" => Some(Repr::U8),
                        "u16" => Some(Repr::U16),
                        "u32" => Some(Repr::U32),
                        _ => None,
                    };
                    match r {
                        Some(r) => set(&mut out.repr, Val { value: r, span }, &key, errors),
                        None => errors.spanned(&lit, "`repr` is one of \"u8\", \"u16\" (the default), \"u32\""),
                    }
                }
                "default" if pos == Pos::MessageField => {
                    let e: Expr = meta.value()?.parse()?;
                    set(&mut out.default_expr, Val { value: e, span }, &key, errors);
                }
                "default" => {
                    if meta.input.peek(syn::Token![=]) {
                        errors.at(span, "on a union arm, `default` takes no value: `#[zerowire(default)]`");
                        return skip_value(&meta);
                    }
                    set(&mut out.default_flag, span, &key, errors);
                }
                "deprecated" => flag(&meta, &mut out.deprecated, &key, errors)?,
                "unknown" => flag(&meta, &mut out.unknown, &key, errors)?,
                _ => unreachable!("every allowed key is handled"),
            }
            Ok(())
        });
        if let Err(e) = r {
            errors.push(e);
        }
    }
    out
}

fn flag(
    meta: &syn::meta::ParseNestedMeta<'_>,
    slot: &mut Option<Span>,
    key: &Ident,
    errors: &mut Errors,
) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) || meta.input.peek(syn::token::Paren) {
        errors.at(key.span(), format_args!("`zerowire({key})` takes no value"));
        return skip_value(meta);
    }
    set(slot, key.span(), key, errors);
    Ok(())
}

/// Consumes `= value` or `(...)` after a key we reported, so parsing goes on.
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        let _: TokenStream = content.parse()?;
    }
    Ok(())
}

/// The `crate = "..."` path, or `::zerowire`.
pub(crate) fn crate_path(a: &Attrs) -> Path {
    match &a.krate {
        Some(p) => p.value.clone(),
        None => syn::parse_quote!(::zerowire),
    }
}

/// The doc comments among `attrs`, to copy onto generated items.
pub(crate) fn docs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("doc")).collect()
}
