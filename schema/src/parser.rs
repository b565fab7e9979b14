//! Recursive-descent parser from tokens to [`ast::File`].
//!
//! Error recovery: a syntax error inside a member (field, variant, arm)
//! skips to the next `;` (or the `}` closing the declaration); at the top
//! level it skips past the next `;` or balanced `}`. So every mistake of a
//! file is reported once. Types nest at most [`MAX_NESTING`] deep, and no
//! recursion depends on the input otherwise, so no input overflows the
//! stack.

use crate::ast::{self, Arm, Attr, Decl, Field, Ident, Literal, Path, Rpc, RpcType, StructField, TypeExpr, Variant};
use crate::diag::Diag;
use crate::lexer::{Token, TokenKind, lex};

/// The deepest nesting of types (`list<list<...>>`, `[[...]; N]`) accepted.
pub const MAX_NESTING: usize = 64;

/// Parses one file's text. Never fails: returns the tree of what could be
/// read and every lexical and syntax error (with their byte spans; the file
/// index of each is 0).
pub(crate) fn parse(text: &str) -> (ast::File, Vec<Diag>) {
    let (tokens, mut diags) = lex(text);
    let tokens: Vec<Token> = tokens.into_iter().filter(|t| t.kind != TokenKind::Comment).collect();
    let mut p = Parser { text, toks: tokens, pos: 0, diags: Vec::new(), depth: 0 };
    let file = p.file();
    diags.append(&mut p.diags);
    diags.sort_by_key(|d| d.labels.first().map_or(0, |l| l.0.start));
    (file, diags)
}

/// Marker: an error was reported; the caller recovers.
struct Failed;

type PResult<T> = Result<T, Failed>;

struct Parser<'a> {
    text: &'a str,
    toks: Vec<Token>,
    pos: usize,
    diags: Vec<Diag>,
    depth: usize,
}

const DECL_KEYWORDS: [&str; 8] = ["message", "enum", "union", "struct", "service", "package", "import", "option"];

impl Parser<'_> {
    fn report(&mut self, d: Diag) {
        if self.diags.len() < crate::lexer::MAX_ERRORS {
            self.diags.push(d);
        }
    }

    // ---- token access -------------------------------------------------

    fn idx(&self) -> usize {
        let mut i = self.pos;
        while matches!(self.toks[i].kind, TokenKind::DocComment(_)) {
            i += 1;
        }
        i
    }

    fn peek(&self) -> &Token {
        &self.toks[self.idx()]
    }

    fn peek2(&self) -> &Token {
        let mut i = self.idx();
        if self.toks[i].kind != TokenKind::Eof {
            i += 1;
            while matches!(self.toks[i].kind, TokenKind::DocComment(_)) {
                i += 1;
            }
        }
        &self.toks[i]
    }

    fn bump(&mut self) -> Token {
        let i = self.idx();
        let t = self.toks[i].clone();
        if t.kind != TokenKind::Eof {
            self.pos = i + 1;
        } else {
            self.pos = i;
        }
        t
    }

    fn at_eof(&self) -> bool {
        self.peek().kind == TokenKind::Eof
    }

    fn at_punct(&self, c: char) -> bool {
        self.peek().is_punct(c)
    }

    fn at_word(&self, w: &str) -> bool {
        self.peek().is_ident(self.text, w)
    }

    /// The doc comments just before the next token.
    fn docs(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let TokenKind::DocComment(d) = &self.toks[self.pos].kind {
            out.push(d.clone());
            self.pos += 1;
        }
        out
    }

    fn describe(&self, t: &Token) -> String {
        match &t.kind {
            TokenKind::Eof => "end of file".into(),
            TokenKind::Error => "an invalid token".into(),
            TokenKind::Str(_) => "a string".into(),
            TokenKind::Int(_) | TokenKind::Float(_) => format!("number `{}`", &self.text[t.span.clone()]),
            TokenKind::Ident => format!("`{}`", &self.text[t.span.clone()]),
            TokenKind::Punct(c) => format!("`{c}`"),
            TokenKind::Comment | TokenKind::DocComment(_) => "a comment".into(),
        }
    }

    fn error_expected(&mut self, what: &str) -> Failed {
        let t = self.peek().clone();
        // An invalid token was already reported by the lexer.
        if t.kind != TokenKind::Error {
            let found = self.describe(&t);
            let span = if t.kind == TokenKind::Eof {
                // Point at the end of the last real token, not past the file.
                let prev = self.toks[..self.idx()].iter().rev().find(|t| !matches!(t.kind, TokenKind::DocComment(_)));
                prev.map_or(t.span.clone(), |p| p.span.end..p.span.end)
            } else {
                t.span.clone()
            };
            self.report(
                Diag::error("expected", format!("expected {what}, found {found}"))
                    .label(span, format!("expected {what}")),
            );
        }
        Failed
    }

    fn expect_punct(&mut self, c: char) -> PResult<ast::Span> {
        if self.at_punct(c) { Ok(self.bump().span) } else { Err(self.error_expected(&format!("`{c}`"))) }
    }

    /// The `;` ending a statement. A missing one is reported at the end of
    /// the statement (not at the next line's first token), and when the
    /// statement plainly ended there (the next token is on a later line, or
    /// closes the body) the statement is kept as if the `;` were there: the
    /// checker then reports the statement's other mistakes and parsing goes
    /// on with the next statement, so one run shows every error.
    fn expect_semi(&mut self) -> PResult<ast::Span> {
        if self.at_punct(';') {
            return Ok(self.bump().span);
        }
        let next = self.peek().clone();
        let prev = self.toks[..self.idx()].iter().rev().find(|t| !matches!(t.kind, TokenKind::DocComment(_)));
        let Some(prev_end) = prev.map(|p| p.span.end) else { return Err(self.error_expected("`;`")) };
        let ended = next.kind == TokenKind::Eof
            || next.is_punct('}')
            || self.text.get(prev_end..next.span.start).is_some_and(|gap| gap.contains('\n'));
        if !ended || next.kind == TokenKind::Error {
            return Err(self.error_expected("`;`"));
        }
        let found = self.describe(&next);
        self.report(
            Diag::error("expected", format!("expected `;`, found {found}"))
                .label(prev_end..prev_end, "expected `;` here")
                .help("every statement ends with `;`"),
        );
        Ok(prev_end..prev_end)
    }

    fn ident(&mut self, what: &str) -> PResult<Ident> {
        if self.peek().kind == TokenKind::Ident {
            let t = self.bump();
            Ok(Ident { name: self.text[t.span.clone()].to_string(), span: t.span })
        } else {
            Err(self.error_expected(what))
        }
    }

    fn path(&mut self, what: &str) -> PResult<Path> {
        let first = self.ident(what)?;
        let start = first.span.start;
        let mut parts = vec![first];
        while self.at_punct('.') {
            self.bump();
            parts.push(self.ident("a name after `.`")?);
        }
        let end = parts.last().map_or(start, |p| p.span.end);
        Ok(Path { parts, span: start..end })
    }

    fn int(&mut self, what: &str) -> PResult<(u128, ast::Span)> {
        match self.peek().kind {
            TokenKind::Int(v) => Ok((v, self.bump().span)),
            _ => Err(self.error_expected(what)),
        }
    }

    // ---- recovery -------------------------------------------------------

    /// Inside a declaration body: skip past the next `;` or balanced
    /// `{...}` (a declaration written inside another), or to the `}`
    /// closing the body (not consumed).
    fn recover_member(&mut self) {
        let mut depth = 0usize;
        loop {
            let t = self.peek();
            match t.kind {
                TokenKind::Eof => return,
                TokenKind::Punct(';') if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::Punct('}') if depth == 0 => return,
                TokenKind::Punct('{') => depth += 1,
                TokenKind::Punct('}') => {
                    depth -= 1;
                    if depth == 0 {
                        self.bump();
                        return;
                    }
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// At the top level: skip past the next `;` or balanced `{...}`, or to
    /// the next declaration keyword.
    fn recover_top(&mut self) {
        let mut depth = 0usize;
        let mut first = true;
        loop {
            let t = self.peek().clone();
            match t.kind {
                TokenKind::Eof => return,
                TokenKind::Punct(';') if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::Punct('{') => depth += 1,
                TokenKind::Punct('}') => {
                    self.bump();
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                TokenKind::Ident if depth == 0 && !first && DECL_KEYWORDS.contains(&&self.text[t.span.clone()]) => {
                    return;
                }
                _ => {}
            }
            first = false;
            self.bump();
        }
    }

    // ---- grammar --------------------------------------------------------

    fn file(&mut self) -> ast::File {
        let mut file = ast::File::default();
        let mut seen_other = false;
        let mut recovering = false;
        loop {
            let docs = self.docs();
            if self.at_eof() {
                break;
            }
            let t = self.peek().clone();
            let word = if t.kind == TokenKind::Ident { &self.text[t.span.clone()] } else { "" };
            let res = match word {
                "package" => self.package(&mut file, seen_other),
                "import" => self.import().map(|i| file.imports.push(i)),
                "option" => self.option().map(|o| file.options.push(o)),
                "message" => self.message(docs).map(|d| file.decls.push(Decl::Message(d))),
                "enum" => self.enum_decl(docs).map(|d| file.decls.push(Decl::Enum(d))),
                "union" => self.union(docs).map(|d| file.decls.push(Decl::Union(d))),
                "struct" => self.struct_decl(docs).map(|d| file.decls.push(Decl::Struct(d))),
                "service" => self.service(docs).map(|d| file.decls.push(Decl::Service(d))),
                // Stray `}` / `;` right after a bad statement: one error is enough.
                _ if recovering && (t.is_punct('}') || t.is_punct(';')) => {
                    self.bump();
                    continue;
                }
                _ => Err(self.error_expected(
                    "`message`, `enum`, `union`, `struct`, `service`, `package`, `import` or `option`",
                )),
            };
            recovering = res.is_err();
            if word != "package" {
                seen_other = true;
            }
            if res.is_err() {
                self.recover_top();
            }
        }
        file
    }

    fn package(&mut self, file: &mut ast::File, seen_other: bool) -> PResult<()> {
        let kw = self.bump().span;
        let path = self.path("a package name")?;
        let end = self.expect_semi()?;
        if let Some(prev) = &file.package {
            self.report(
                Diag::error("duplicate_package", "a file has one package")
                    .label(kw.start..end.end, "second `package`")
                    .label(prev.span.clone(), "first declared here"),
            );
        } else if seen_other {
            self.report(
                Diag::error("package_not_first", "`package` must come first in the file")
                    .label(kw.start..end.end, "after other declarations")
                    .help("move this line to the top of the file"),
            );
            file.package = Some(path);
        } else {
            file.package = Some(path);
        }
        Ok(())
    }

    fn import(&mut self) -> PResult<ast::Import> {
        let kw = self.bump().span;
        let (path, path_span) = match &self.peek().kind {
            TokenKind::Str(s) => {
                let s = s.clone();
                (s, self.bump().span)
            }
            _ => return Err(self.error_expected("a file name in double quotes")),
        };
        let end = self.expect_semi()?;
        Ok(ast::Import { path, path_span, span: kw.start..end.end })
    }

    fn option(&mut self) -> PResult<ast::OptionDecl> {
        let kw = self.bump().span;
        let name = self.path("an option name")?;
        self.expect_punct('=')?;
        let (value, value_span) = self.literal("an option value")?;
        let end = self.expect_semi()?;
        Ok(ast::OptionDecl { name, value, value_span, span: kw.start..end.end })
    }

    fn literal(&mut self, what: &str) -> PResult<(Literal, ast::Span)> {
        let start = self.peek().span.start;
        let neg = self.at_punct('-');
        if neg {
            self.bump();
        }
        let t = self.peek().clone();
        let lit = match &t.kind {
            TokenKind::Int(v) => {
                let v = *v;
                let value = if neg {
                    if v <= i128::MAX as u128 + 1 { Some((v as i128).wrapping_neg()) } else { None }
                } else {
                    i128::try_from(v).ok()
                };
                match value {
                    Some(x) => Literal::Int(x),
                    None => {
                        self.bump();
                        self.report(
                            Diag::error("number_too_large", "number too large")
                                .label(start..t.span.end, "out of the range of every integer type"),
                        );
                        return Err(Failed);
                    }
                }
            }
            TokenKind::Float(v) => Literal::Float(if neg { -v } else { *v }),
            TokenKind::Str(s) if !neg => Literal::Str(s.clone()),
            TokenKind::Ident => {
                let w = self.text[t.span.clone()].to_string();
                if neg { Literal::NegIdent(w) } else { Literal::Ident(w) }
            }
            _ => return Err(self.error_expected(what)),
        };
        let end = self.bump().span.end;
        Ok((lit, start..end))
    }

    fn attrs(&mut self) -> PResult<Vec<Attr>> {
        let mut out = Vec::new();
        if !self.at_punct('[') {
            return Ok(out);
        }
        self.bump();
        loop {
            let name = self.ident("an attribute name")?;
            let mut end = name.span.end;
            let value = if self.at_punct('=') {
                self.bump();
                let (v, s) = self.literal("an attribute value")?;
                end = s.end;
                Some((v, s))
            } else {
                None
            };
            out.push(Attr { span: name.span.start..end, name, value });
            if self.at_punct(',') {
                self.bump();
                continue;
            }
            self.expect_punct(']')?;
            return Ok(out);
        }
    }

    fn ty(&mut self) -> PResult<TypeExpr> {
        if self.depth >= MAX_NESTING {
            let span = self.peek().span.clone();
            self.report(
                Diag::error("nesting_too_deep", format!("types nest more than {MAX_NESTING} deep"))
                    .label(span, "too deep here")
                    .help("declare a message for the inner part"),
            );
            return Err(Failed);
        }
        self.depth += 1;
        let r = self.ty_inner();
        self.depth -= 1;
        r
    }

    fn ty_inner(&mut self) -> PResult<TypeExpr> {
        let start = self.peek().span.start;
        if self.at_punct('[') {
            self.bump();
            let elem = self.ty()?;
            self.expect_punct(';')?;
            let n = self.int("the array length")?;
            let end = self.expect_punct(']')?.end;
            return Ok(TypeExpr::Array(Box::new(elem), n, start..end));
        }
        if self.peek().kind != TokenKind::Ident {
            return Err(self.error_expected("a type"));
        }
        let generic = self.peek2().is_punct('<');
        if generic && (self.at_word("list") || self.at_word("optional")) {
            let is_list = self.at_word("list");
            self.bump();
            self.bump();
            let inner = Box::new(self.ty()?);
            let end = self.expect_punct('>')?.end;
            return Ok(if is_list { TypeExpr::List(inner, start..end) } else { TypeExpr::Optional(inner, start..end) });
        }
        if generic && self.at_word("map") {
            self.bump();
            self.bump();
            let k = Box::new(self.ty()?);
            self.expect_punct(',')?;
            let v = Box::new(self.ty()?);
            let end = self.expect_punct('>')?.end;
            return Ok(TypeExpr::Map(k, v, start..end));
        }
        Ok(TypeExpr::Named(self.path("a type")?))
    }

    /// `{ member* }` with recovery; `member` parses one member.
    fn body<T>(
        &mut self,
        mut member: impl FnMut(&mut Self, Vec<String>) -> PResult<T>,
    ) -> PResult<(Vec<T>, bool, usize)> {
        let open = self.expect_punct('{')?;
        let mut items = Vec::new();
        let mut recovered = false;
        loop {
            let docs = self.docs();
            if self.at_punct('}') {
                let end = self.bump().span.end;
                // Kept for the whole check: no growth slack (a quarter of
                // a large schema's syntax tree otherwise).
                items.shrink_to_fit();
                return Ok((items, recovered, end));
            }
            if self.at_eof() {
                let end = self.peek().span.end;
                self.report(
                    Diag::error("unclosed_brace", "expected `}`, found end of file")
                        .label(open.clone(), "this `{` is never closed"),
                );
                return Ok((items, true, end));
            }
            match member(self, docs) {
                Ok(m) => items.push(m),
                Err(Failed) => {
                    recovered = true;
                    self.recover_member();
                }
            }
        }
    }

    fn decl_head(&mut self, what: &str) -> PResult<(usize, Ident, Vec<Attr>)> {
        let kw = self.bump().span;
        let name = self.ident(what)?;
        let attrs = self.attrs()?;
        Ok((kw.start, name, attrs))
    }

    fn message(&mut self, doc: Vec<String>) -> PResult<ast::Message> {
        let (start, name, attrs) = self.decl_head("a message name")?;
        let (fields, recovered, end) = self.body(Self::field)?;
        Ok(ast::Message { doc, name, attrs, fields, recovered, span: start..end })
    }

    fn field(&mut self, doc: Vec<String>) -> PResult<Field> {
        let name = self.ident("a field name")?;
        self.expect_punct('@')?;
        let ordinal = self.int("the field's ordinal (`@0`, `@1`, ...)")?;
        self.expect_punct(':')?;
        let ty = self.ty()?;
        let default = if self.at_punct('=') {
            self.bump();
            Some(self.literal("a default value")?)
        } else {
            None
        };
        let attrs = self.attrs()?;
        let end = self.expect_semi()?.end;
        Ok(Field { doc, span: name.span.start..end, name, ordinal, ty, default, attrs })
    }

    fn enum_decl(&mut self, doc: Vec<String>) -> PResult<ast::Enum> {
        let (start, name, attrs) = self.decl_head("an enum name")?;
        let (variants, recovered, end) = self.body(|p, doc| {
            let name = p.ident("a variant name")?;
            p.expect_punct('=')?;
            let (lit, span) = p.literal("the variant's value")?;
            let value = match lit {
                Literal::Int(v) => v,
                _ => {
                    p.report(
                        Diag::error("expected", "expected an integer value")
                            .label(span, "not an integer")
                            .help("enum values are integers: `BUY = 0;`"),
                    );
                    return Err(Failed);
                }
            };
            let attrs = p.attrs()?;
            let end = p.expect_semi()?.end;
            Ok(Variant { doc, span: name.span.start..end, name, value: (value, span), attrs })
        })?;
        Ok(ast::Enum { doc, name, attrs, variants, recovered, span: start..end })
    }

    fn union(&mut self, doc: Vec<String>) -> PResult<ast::Union> {
        let (start, name, attrs) = self.decl_head("a union name")?;
        let (arms, recovered, end) = self.body(|p, doc| {
            let name = p.ident("an arm name")?;
            let ty = if p.at_punct(':') {
                p.bump();
                Some(p.ty()?)
            } else {
                None
            };
            let attrs = p.attrs()?;
            let end = p.expect_semi()?.end;
            Ok(Arm { doc, span: name.span.start..end, name, ty, attrs })
        })?;
        Ok(ast::Union { doc, name, attrs, arms, recovered, span: start..end })
    }

    fn struct_decl(&mut self, doc: Vec<String>) -> PResult<ast::Struct> {
        let (start, name, attrs) = self.decl_head("a struct name")?;
        let (fields, recovered, end) = self.body(|p, doc| {
            let name = p.ident("a field name")?;
            p.expect_punct(':')?;
            let ty = p.ty()?;
            let attrs = p.attrs()?;
            let end = p.expect_semi()?.end;
            Ok(StructField { doc, span: name.span.start..end, name, ty, attrs })
        })?;
        Ok(ast::Struct { doc, name, attrs, fields, recovered, span: start..end })
    }

    fn service(&mut self, doc: Vec<String>) -> PResult<ast::Service> {
        let (start, name, attrs) = self.decl_head("a service name")?;
        let (rpcs, recovered, end) = self.body(Self::rpc)?;
        Ok(ast::Service { doc, name, attrs, rpcs, recovered, span: start..end })
    }

    /// `rpc Name(stream? Req) returns (stream? Resp) [attrs];`
    fn rpc(&mut self, doc: Vec<String>) -> PResult<Rpc> {
        if !self.at_word("rpc") {
            return Err(self.error_expected("`rpc`"));
        }
        let start = self.bump().span.start;
        let name = self.ident("a method name")?;
        let request = self.rpc_type("the request message")?;
        if !self.at_word("returns") {
            return Err(self.error_expected("`returns`"));
        }
        self.bump();
        let response = self.rpc_type("the response message")?;
        let attrs = self.attrs()?;
        let end = self.expect_semi()?.end;
        Ok(Rpc { doc, span: start..end, name, request, response, attrs })
    }

    /// `(Type)` or `(stream Type)`.
    fn rpc_type(&mut self, what: &str) -> PResult<RpcType> {
        self.expect_punct('(')?;
        // `stream` is contextual: `(stream)` and `(stream.v1.M)` name a type.
        let stream = self.at_word("stream") && self.peek2().kind == TokenKind::Ident;
        if stream {
            self.bump();
        }
        let ty = self.path(what)?;
        self.expect_punct(')')?;
        Ok(RpcType { stream, ty })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_one_error() {
        let text = format!("message M {{ f @0 : {}u8{}; }}", "list<".repeat(10_000), ">".repeat(10_000));
        let (_, d) = parse(&text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "nesting_too_deep");
        let text = "[".repeat(10_000);
        let (_, d) = parse(&text);
        assert_eq!(d.len(), 1, "{d:?}");
        let text = "{".repeat(10_000);
        let (_, d) = parse(&text);
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn missing_semicolon_at_line_end_keeps_the_statement() {
        let (f, d) = parse("package p\nmessage M {\n a @0 : u8\n b @1 : u8 [deprecated]\n}\n");
        assert_eq!(d.len(), 3, "{d:?}");
        // Each error points at the end of its statement, not at the next line.
        let at: Vec<usize> = d.iter().map(|d| d.labels[0].0.start).collect();
        assert_eq!(at, [9, 32, 56]);
        assert_eq!(f.package.as_ref().map(|p| p.parts[0].name.as_str()), Some("p"));
        let ast::Decl::Message(m) = &f.decls[0] else { panic!() };
        assert_eq!(m.fields.len(), 2);
        assert!(!m.recovered);
    }

    #[test]
    fn recovers_per_member() {
        let (f, d) = parse("message M { a @0 u8; b @1 : u8; c @ : u8; d @3 : u8 }");
        assert_eq!(d.len(), 3, "{d:?}");
        let ast::Decl::Message(m) = &f.decls[0] else { panic!() };
        // `b`, and `d`, whose missing `;` before `}` is reported and inserted.
        let names: Vec<&str> = m.fields.iter().map(|f| f.name.name.as_str()).collect();
        assert_eq!(names, ["b", "d"]);
        assert!(m.recovered);
    }
}
