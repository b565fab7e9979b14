//! Every `#[zerowire(...)]` attribute is parsed here, for every position,
//! and every error is collected (not returned at the first one) so that a
//! user sees all of them in one build.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitInt, LitStr, Path};

/// Collects errors; `combine`d into one `syn::Error` by [`Errors::finish`].
///
/// Dropping a collector that was not finished panics (as serde_derive's
/// `Ctxt` does): an error path that returned early would otherwise lose the
/// errors collected so far and emit code for an input it had rejected.
#[derive(Default)]
pub(crate) struct Errors {
    collected: Option<syn::Error>,
    finished: bool,
}

impl Errors {
    pub(crate) fn push(&mut self, e: syn::Error) {
        match &mut self.collected {
            Some(all) => all.combine(e),
            None => self.collected = Some(e),
        }
    }
    pub(crate) fn at(&mut self, span: Span, msg: impl core::fmt::Display) {
        self.push(syn::Error::new(span, msg));
    }
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, msg: impl core::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, msg));
    }
    /// `Err` with every error collected, if any.
    pub(crate) fn finish(mut self) -> syn::Result<()> {
        self.finished = true;
        match self.collected.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Drop for Errors {
    fn drop(&mut self) {
        // Not while unwinding: a second panic would abort and hide the first.
        if !self.finished && !std::thread::panicking() {
            panic!("a derive error collector was dropped without `finish`: its errors would be lost");
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
            Pos::Message => &["crate", "rename", "view", "type_id", "rename_all"],
            Pos::MessageField => &["ordinal", "default", "deprecated", "rename", "json_name"],
            Pos::Enum => &["crate", "rename", "repr", "closed", "rename_all"],
            Pos::EnumVariant => &["rename", "value", "unknown"],
            Pos::Union => &["crate", "rename", "view", "rename_all"],
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
    /// `closed` on an enum: no unknown arm, unknown values are errors.
    pub(crate) closed: Option<Span>,
    /// `rename_all = "..."`: the case convention of the names not renamed
    /// one by one.
    pub(crate) rename_all: Option<Val<Case>>,
}

/// A `rename_all` case convention, with serde's names and rules, so that a
/// type deriving both keeps one spelling.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Case {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Case {
    const ALL: [(&'static str, Case); 8] = [
        ("lowercase", Case::Lower),
        ("UPPERCASE", Case::Upper),
        ("PascalCase", Case::Pascal),
        ("camelCase", Case::Camel),
        ("snake_case", Case::Snake),
        ("SCREAMING_SNAKE_CASE", Case::ScreamingSnake),
        ("kebab-case", Case::Kebab),
        ("SCREAMING-KEBAB-CASE", Case::ScreamingKebab),
    ];

    fn from_name(s: &str) -> Option<Case> {
        Case::ALL.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
    }

    /// A variant name, written in `PascalCase` in Rust, in this case.
    pub(crate) fn variant(self, v: &str) -> String {
        match self {
            Case::Pascal => v.to_string(),
            Case::Lower => v.to_ascii_lowercase(),
            Case::Upper => v.to_ascii_uppercase(),
            Case::Camel => {
                let mut c = v.chars();
                c.next().map_or_else(String::new, |f| f.to_ascii_lowercase().to_string() + c.as_str())
            }
            Case::Snake => {
                let mut out = String::new();
                for (i, ch) in v.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        out.push('_');
                    }
                    out.push(ch.to_ascii_lowercase());
                }
                out
            }
            Case::ScreamingSnake => Case::Snake.variant(v).to_ascii_uppercase(),
            Case::Kebab => Case::Snake.variant(v).replace('_', "-"),
            Case::ScreamingKebab => Case::ScreamingSnake.variant(v).replace('_', "-"),
        }
    }

    /// A field name, written in `snake_case` in Rust, in this case.
    pub(crate) fn field(self, f: &str) -> String {
        match self {
            Case::Lower | Case::Snake => f.to_string(),
            Case::Upper | Case::ScreamingSnake => f.to_ascii_uppercase(),
            Case::Pascal => {
                let mut out = String::new();
                let mut up = true;
                for ch in f.chars() {
                    if ch == '_' {
                        up = true;
                    } else if up {
                        out.push(ch.to_ascii_uppercase());
                        up = false;
                    } else {
                        out.push(ch);
                    }
                }
                out
            }
            Case::Camel => {
                let p = Case::Pascal.field(f);
                let mut c = p.chars();
                c.next().map_or_else(String::new, |f| f.to_ascii_lowercase().to_string() + c.as_str())
            }
            Case::Kebab => f.replace('_', "-"),
            Case::ScreamingKebab => f.to_ascii_uppercase().replace('_', "-"),
        }
    }
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
                let known = known
                    .iter()
                    .chain(&["unknown", "repr", "value", "type_id", "closed", "rename_all"])
                    .any(|x| *x == k);
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
                "rename_all" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    match Case::from_name(&lit.value()) {
                        Some(c) => set(&mut out.rename_all, Val { value: c, span }, &key, errors),
                        None => {
                            let names = Case::ALL.iter().map(|(n, _)| format!("\"{n}\"")).collect::<Vec<_>>();
                            errors.spanned(&lit, format_args!("`rename_all` is one of {}", names.join(", ")))
                        }
                    }
                }
                "closed" => flag(&meta, &mut out.closed, &key, errors)?,
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

#[cfg(test)]
mod tests {
    use super::{Case, Errors};
    use proc_macro2::Span;

    #[test]
    fn cases_follow_serde() {
        let v = |c: Case| c.variant("HttpStatusCode");
        assert_eq!(v(Case::Lower), "httpstatuscode");
        assert_eq!(v(Case::Upper), "HTTPSTATUSCODE");
        assert_eq!(v(Case::Pascal), "HttpStatusCode");
        assert_eq!(v(Case::Camel), "httpStatusCode");
        assert_eq!(v(Case::Snake), "http_status_code");
        assert_eq!(v(Case::ScreamingSnake), "HTTP_STATUS_CODE");
        assert_eq!(v(Case::Kebab), "http-status-code");
        assert_eq!(v(Case::ScreamingKebab), "HTTP-STATUS-CODE");
        let f = |c: Case| c.field("retry_after_ms");
        assert_eq!(f(Case::Lower), "retry_after_ms");
        assert_eq!(f(Case::Upper), "RETRY_AFTER_MS");
        assert_eq!(f(Case::Pascal), "RetryAfterMs");
        assert_eq!(f(Case::Camel), "retryAfterMs");
        assert_eq!(f(Case::Snake), "retry_after_ms");
        assert_eq!(f(Case::ScreamingSnake), "RETRY_AFTER_MS");
        assert_eq!(f(Case::Kebab), "retry-after-ms");
        assert_eq!(f(Case::ScreamingKebab), "RETRY-AFTER-MS");
    }

    #[test]
    fn finish_returns_every_error() {
        let mut errors = Errors::default();
        errors.at(Span::call_site(), "first");
        errors.at(Span::call_site(), "second");
        let all = errors.finish().unwrap_err();
        assert_eq!(all.into_iter().map(|e| e.to_string()).collect::<Vec<_>>(), ["first", "second"]);
        assert!(Errors::default().finish().is_ok());
    }

    #[test]
    #[should_panic(expected = "dropped without `finish`")]
    fn dropping_an_unfinished_collector_panics() {
        let mut errors = Errors::default();
        errors.at(Span::call_site(), "lost");
        drop(errors);
    }
}
