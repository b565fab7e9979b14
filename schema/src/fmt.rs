//! Canonical formatting of `.zw` sources.
//!
//! The formatter works on the token stream, so every comment and doc comment
//! stays where it was written. The canonical form: one statement per line,
//! four spaces of indentation per `{`, one space around `:` and `=`, none
//! inside `<...>`, `[...]` and `(...)`, `rpc Name(Req) returns (Resp);`,
//! `{}` for an empty body, a blank line after each
//! top-level declaration, at most one blank line where the source had
//! several, none just inside braces, trailing whitespace removed, one final
//! newline. Formatting is idempotent: `format(format(x)) == format(x)`.

use crate::diag::Diagnostics;
use crate::lexer::{Token, TokenKind, tokenize};

/// The canonical form of `text`, or its syntax errors (a file that does not
/// parse is not formatted; `path` names it in the diagnostics).
pub fn format_source(path: &str, text: &str) -> Result<String, Diagnostics> {
    let (_, diags) = crate::parse_file(path, text);
    if !diags.is_empty() {
        return Err(Diagnostics(diags));
    }
    Ok(format_tokens(text, &tokenize(text)))
}

/// Whether `text` is already in canonical form (`false` if it does not parse).
pub fn is_formatted(text: &str) -> bool {
    format_source("", text).is_ok_and(|f| f == text)
}

struct Out {
    out: String,
    line: String,
    indent: usize,
    /// A statement ended: the next code token starts a new line.
    pending_newline: bool,
    /// A top-level declaration just closed: the next line is preceded by a blank line.
    need_blank: bool,
    /// The last flushed line opened a block.
    after_open: bool,
}

impl Out {
    fn flush(&mut self) {
        if !self.line.is_empty() {
            let l = self.line.trim_end();
            self.after_open = l.ends_with('{');
            self.out.push_str(l);
            self.out.push('\n');
            self.line.clear();
        }
        self.pending_newline = false;
    }

    /// Starts a new line for a token preceded by `newlines` line breaks in
    /// the source; `closing` if it is a `}`.
    fn start_line(&mut self, newlines: usize, closing: bool) {
        self.flush();
        let blank =
            if self.out.is_empty() || closing || self.after_open { false } else { self.need_blank || newlines >= 2 };
        if blank {
            self.out.push('\n');
            self.after_open = false;
        }
        self.need_blank = false;
        for _ in 0..self.indent {
            self.line.push_str("    ");
        }
    }
}

fn spacing(prev: &TokenKind, cur: &TokenKind) -> &'static str {
    use TokenKind::Punct;
    match (prev, cur) {
        (_, Punct(';' | ',' | ']' | '>' | '.' | '?' | '<' | ')')) => "",
        (Punct('<' | '[' | '.' | '@' | '-' | '('), _) => "",
        // `rpc Place(NewOrder)`; `returns (OrderAck)` is handled by the caller.
        (TokenKind::Ident, Punct('(')) => "",
        (Punct('{'), Punct('}')) => "",
        _ => " ",
    }
}

fn format_tokens(text: &str, tokens: &[Token]) -> String {
    let mut o = Out {
        out: String::new(),
        line: String::new(),
        indent: 0,
        pending_newline: false,
        need_blank: false,
        after_open: false,
    };
    let mut prev_end: Option<usize> = None;
    let mut prev_code: Option<&TokenKind> = None;
    // The text of the last code token (`returns` is followed by a space).
    let mut prev_word = "";
    let mut prev_comment = false;
    let mut depth = 0usize;
    let mut empty_block = false;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Eof {
            break;
        }
        let newlines = prev_end.map_or(0, |e| text[e..t.span.start].matches('\n').count());
        let raw = &text[t.span.clone()];
        match &t.kind {
            TokenKind::Comment | TokenKind::DocComment(_) => {
                let shown = match &t.kind {
                    TokenKind::DocComment(d) if d.is_empty() => "///".to_string(),
                    TokenKind::DocComment(d) => format!("/// {d}"),
                    _ => raw.lines().map(str::trim_end).collect::<Vec<_>>().join("\n"),
                };
                let is_line = raw.starts_with("//");
                if newlines == 0 && !o.line.trim().is_empty() && matches!(t.kind, TokenKind::Comment) {
                    // A comment after code on the same line stays there.
                    o.line.push(' ');
                    o.line.push_str(&shown);
                    if is_line {
                        o.flush();
                    }
                } else {
                    o.start_line(newlines, false);
                    o.line.push_str(&shown);
                    if is_line {
                        o.flush();
                    }
                }
                prev_comment = true;
            }
            kind => {
                let closing = kind == &TokenKind::Punct('}');
                if closing && !empty_block {
                    o.indent = o.indent.saturating_sub(1);
                }
                if o.pending_newline || (o.line.trim().is_empty() && !empty_block) || (closing && !empty_block) {
                    o.start_line(newlines, closing);
                    o.line.push_str(raw);
                } else {
                    let sp = match prev_code {
                        _ if prev_comment => " ",
                        _ if kind == &TokenKind::Punct('(') && prev_word == "returns" => " ",
                        Some(p) => spacing(p, kind),
                        None => "",
                    };
                    o.line.push_str(sp);
                    o.line.push_str(raw);
                }
                match kind {
                    TokenKind::Punct('[' | '<') => depth += 1,
                    TokenKind::Punct(']' | '>') => depth = depth.saturating_sub(1),
                    TokenKind::Punct(';') if depth == 0 => o.pending_newline = true,
                    TokenKind::Punct('{') => {
                        if tokens.get(i + 1).is_some_and(|n| n.is_punct('}')) {
                            empty_block = true;
                        } else {
                            o.indent += 1;
                            o.pending_newline = true;
                        }
                    }
                    TokenKind::Punct('}') => {
                        empty_block = false;
                        o.pending_newline = true;
                        if o.indent == 0 {
                            o.need_blank = true;
                        }
                    }
                    _ => {}
                }
                prev_code = Some(kind);
                prev_word = raw;
                prev_comment = false;
            }
        }
        prev_end = Some(t.span.end);
    }
    o.flush();
    o.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        format_source("t.zw", s).unwrap()
    }

    #[test]
    fn canonical() {
        let src = "package  a.b ;\n\n\n// c\nmessage M[type_id=1]{/// d\n a @0:list< u8 >=1[deprecated , json_name=\"x\"];// t\nb @1 : [u8;4];}\nenum E{A=0;B=-1;}message N{}";
        let want = "package a.b;\n\n// c\nmessage M [type_id = 1] {\n    /// d\n    a @0 : list<u8> = 1 [deprecated, json_name = \"x\"]; // t\n    b @1 : [u8; 4];\n}\n\nenum E {\n    A = 0;\n    B = -1;\n}\n\nmessage N {}\n";
        assert_eq!(f(src), want);
        assert_eq!(f(want), want);
    }

    #[test]
    fn services() {
        let src = "message A{}service S{/// d\nrpc  M ( stream A )returns( stream A )[deprecated];rpc N(A)returns(A);}service E{}";
        let want = "message A {}\n\nservice S {\n    /// d\n    rpc M(stream A) returns (stream A) [deprecated];\n    rpc N(A) returns (A);\n}\n\nservice E {}\n";
        assert_eq!(f(src), want);
        assert_eq!(f(want), want);
    }
}
