//! Turning `.zw` text into tokens.
//!
//! The lexer never fails: a character it does not understand becomes an
//! [`TokenKind::Error`] token plus a diagnostic, and lexing goes on, so the
//! parser sees the rest of the file.

use std::ops::Range;

use crate::diag::Diag;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    /// An identifier or keyword: `message`, `Order`, `u32`, `_x1`.
    Ident,
    /// An integer literal (decimal, `0x`, `0o`, `0b`; `_` separators), its value.
    Int(u128),
    /// A float literal (`1.5`, `2e10`, `1.5e-3`).
    Float(f64),
    /// A string literal, its value with escapes resolved.
    Str(String),
    /// A punctuation character: one of `@ : ; , = { } [ ] < > ( ) . -`.
    Punct(char),
    /// `// ...` or `/* ... */`.
    Comment,
    /// `/// ...`: the text after `///`.
    DocComment(String),
    /// Something the lexer could not read (already reported).
    Error,
    /// The end of the text.
    Eof,
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its byte range in the text.
    pub span: Range<usize>,
}

impl Token {
    /// Whether this is the identifier or keyword `word`.
    pub fn is_ident(&self, text: &str, word: &str) -> bool {
        self.kind == TokenKind::Ident && &text[self.span.clone()] == word
    }

    /// Whether this is the punctuation `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }
}

/// Splits `text` into tokens: comments included, the last one
/// [`TokenKind::Eof`]; what could not be read is a [`TokenKind::Error`].
pub fn tokenize(text: &str) -> Vec<Token> {
    lex(text).0
}

/// [`tokenize`], plus the diagnostics of what could not be read.
pub(crate) fn lex(text: &str) -> (Vec<Token>, Vec<Diag>) {
    let mut lx = Lexer { text, bytes: text.as_bytes(), pos: 0, tokens: Vec::new(), diags: Vec::new() };
    lx.run();
    (lx.tokens, lx.diags)
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    diags: Vec<Diag>,
}

/// At most this many lexical errors are reported per file (the rest of a
/// binary or garbage file would only repeat them).
pub(crate) const MAX_ERRORS: usize = 100;

/// Whether byte `b` can start a token or is whitespace (not an unexpected character).
fn starts_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_ \t\r\n/\"@:;,={}[]<>().-".contains(&b)
}

impl Lexer<'_> {
    fn report(&mut self, d: Diag) {
        if self.diags.len() < MAX_ERRORS {
            self.diags.push(d);
        }
    }

    fn peek_at(&self, i: usize) -> u8 {
        self.bytes.get(self.pos + i).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        self.tokens.push(Token { kind, span: start..self.pos });
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let b = self.bytes[self.pos];
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.peek_at(1) == b'/' => self.line_comment(start),
                b'/' if self.peek_at(1) == b'*' => self.block_comment(start),
                b'"' => self.string(start),
                b'0'..=b'9' => self.number(start),
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    while matches!(self.peek_at(0), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_') {
                        self.pos += 1;
                    }
                    self.push(TokenKind::Ident, start);
                }
                b'@' | b':' | b';' | b',' | b'=' | b'{' | b'}' | b'[' | b']' | b'<' | b'>' | b'(' | b')' | b'.'
                | b'-' => {
                    self.pos += 1;
                    self.push(TokenKind::Punct(b as char), start);
                }
                _ => {
                    // One whole character, whatever its UTF-8 length; a run of
                    // such characters is one error.
                    let c = self.text[start..].chars().next().unwrap_or('\u{fffd}');
                    self.pos += c.len_utf8();
                    while self.pos < self.bytes.len() && !starts_token(self.bytes[self.pos]) {
                        let n = self.text[self.pos..].chars().next().map_or(1, char::len_utf8);
                        self.pos += n;
                    }
                    let shown = if c.is_control() || c.is_whitespace() {
                        c.escape_unicode().to_string()
                    } else {
                        c.to_string()
                    };
                    self.report(
                        Diag::error("unexpected_char", format!("unexpected character `{shown}`"))
                            .label(start..self.pos, "not part of the language")
                            .help("identifiers are ASCII letters, digits and `_`; strings go in double quotes"),
                    );
                    self.push(TokenKind::Error, start);
                }
            }
        }
        self.tokens.push(Token { kind: TokenKind::Eof, span: self.bytes.len()..self.bytes.len() });
    }

    fn line_comment(&mut self, start: usize) {
        let end = self.text[start..].find('\n').map_or(self.bytes.len(), |i| start + i);
        self.pos = end;
        let body = &self.text[start..end];
        if body.starts_with("///") && !body.starts_with("////") {
            let doc = body[3..].trim_end_matches('\r');
            let doc = doc.strip_prefix(' ').unwrap_or(doc);
            self.push(TokenKind::DocComment(doc.to_string()), start);
        } else {
            self.push(TokenKind::Comment, start);
        }
    }

    fn block_comment(&mut self, start: usize) {
        match self.text[start + 2..].find("*/") {
            Some(i) => {
                self.pos = start + 2 + i + 2;
                self.push(TokenKind::Comment, start);
            }
            None => {
                self.pos = self.bytes.len();
                self.report(
                    Diag::error("unterminated_comment", "unterminated block comment")
                        .label(start..start + 2, "this comment is never closed")
                        .help("close it with `*/`"),
                );
                self.push(TokenKind::Comment, start);
            }
        }
    }

    fn string(&mut self, start: usize) {
        self.pos += 1;
        let mut value = String::new();
        loop {
            let Some(c) = self.text[self.pos..].chars().next() else {
                self.report(
                    Diag::error("unterminated_string", "unterminated string")
                        .label(start..start + 1, "this string is never closed")
                        .help("close it with `\"` on the same line"),
                );
                self.push(TokenKind::Error, start);
                return;
            };
            match c {
                '"' => {
                    self.pos += 1;
                    break;
                }
                '\n' => {
                    self.report(
                        Diag::error("unterminated_string", "unterminated string")
                            .label(start..start + 1, "this string is never closed")
                            .help("close it with `\"` on the same line"),
                    );
                    self.push(TokenKind::Error, start);
                    return;
                }
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    let Some(e) = self.text[self.pos..].chars().next() else { continue };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => value.push('\n'),
                        't' => value.push('\t'),
                        'r' => value.push('\r'),
                        '0' => value.push('\0'),
                        '\\' => value.push('\\'),
                        '"' => value.push('"'),
                        '\'' => value.push('\''),
                        _ => self.report(
                            Diag::error("invalid_escape", format!("unknown escape `\\{}`", e.escape_debug()))
                                .label(esc_start..self.pos, "not an escape")
                                .help("escapes are \\n \\t \\r \\0 \\\\ \\\" \\'"),
                        ),
                    }
                }
                _ => {
                    self.pos += c.len_utf8();
                    value.push(c);
                }
            }
        }
        self.push(TokenKind::Str(value), start);
    }

    fn number(&mut self, start: usize) {
        let radix = match (self.peek_at(0), self.peek_at(1)) {
            (b'0', b'x' | b'X') => 16,
            (b'0', b'o' | b'O') => 8,
            (b'0', b'b' | b'B') => 2,
            _ => 10,
        };
        if radix != 10 {
            self.pos += 2;
        }
        let digits_start = self.pos;
        while self.peek_at(0).is_ascii_alphanumeric() || self.peek_at(0) == b'_' {
            // Stop at an exponent sign in decimal floats, handled below.
            self.pos += 1;
        }
        let mut is_float = false;
        if radix == 10 && self.peek_at(0) == b'.' && self.peek_at(1).is_ascii_digit() {
            is_float = true;
            self.pos += 1;
            while self.peek_at(0).is_ascii_alphanumeric() || self.peek_at(0) == b'_' {
                self.pos += 1;
            }
        }
        // `1e-3`, `1.5e+3`: the lexer stopped at the sign after the `e`.
        if radix == 10
            && matches!(self.bytes[self.pos - 1], b'e' | b'E')
            && matches!(self.peek_at(0), b'+' | b'-')
            && self.peek_at(1).is_ascii_digit()
        {
            self.pos += 1;
            while self.peek_at(0).is_ascii_digit() || self.peek_at(0) == b'_' {
                self.pos += 1;
            }
        }
        let raw: String = self.text[digits_start..self.pos].chars().filter(|&c| c != '_').collect();
        let invalid = |lx: &mut Self, what: &str| {
            lx.report(
                Diag::error("invalid_number", format!("invalid number `{}`", &lx.text[start..lx.pos]))
                    .label(start..lx.pos, what.to_string()),
            );
            lx.push(TokenKind::Error, start);
        };
        if radix == 10 && (is_float || raw.contains(['e', 'E'])) {
            match raw.parse::<f64>() {
                Ok(v) if raw.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) => {
                    self.push(TokenKind::Float(v), start)
                }
                _ => invalid(self, "not a decimal float"),
            }
            return;
        }
        if raw.is_empty() {
            return invalid(self, "no digits");
        }
        match u128::from_str_radix(&raw, radix) {
            Ok(v) => self.push(TokenKind::Int(v), start),
            Err(_) if raw.chars().all(|c| c.is_digit(radix)) => {
                self.report(
                    Diag::error("number_too_large", "number too large")
                        .label(start..self.pos, "does not fit in 128 bits")
                        .help("no type of the language holds a number this large"),
                );
                self.push(TokenKind::Error, start);
            }
            Err(_) => invalid(self, &format!("not a base-{radix} integer")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        lex(text).0.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers() {
        assert_eq!(
            kinds("0x1F 1_000 0b101 0o17")[..4],
            [TokenKind::Int(31), TokenKind::Int(1000), TokenKind::Int(5), TokenKind::Int(15)]
        );
        assert_eq!(
            kinds("1.5 2e3 1.5e-3")[..3],
            [TokenKind::Float(1.5), TokenKind::Float(2000.0), TokenKind::Float(0.0015)]
        );
        let (_, d) = lex("999999999999999999999999999999999999999999999999");
        assert_eq!(d[0].code, "number_too_large");
        let (_, d) = lex("0xZZ");
        assert_eq!(d[0].code, "invalid_number");
    }

    #[test]
    fn strings_and_comments() {
        assert_eq!(kinds(r#""a\"b""#)[0], TokenKind::Str("a\"b".into()));
        assert_eq!(kinds("/// doc\n")[0], TokenKind::DocComment("doc".into()));
        assert_eq!(kinds("//// not doc\n")[0], TokenKind::Comment);
        assert_eq!(lex("\"abc").1[0].code, "unterminated_string");
        assert_eq!(lex("/* abc").1[0].code, "unterminated_comment");
        assert_eq!(lex("é").1[0].code, "unexpected_char");
    }
}
