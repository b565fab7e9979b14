//! Diagnostics: errors with a code, a message, labeled spans in a source
//! file and a help text, reported through [`miette`].
//!
//! Every stage collects all the errors of a file instead of stopping at the
//! first; [`Diagnostics`] holds them all. Rendering ([`Diagnostic::render`],
//! [`Diagnostics::render`]) shows `file:line:col` and the source line.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

/// A diagnostic under construction, before its file's text is attached.
#[derive(Clone, Debug)]
pub(crate) struct Diag {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) labels: Vec<(Range<usize>, String)>,
    pub(crate) help: Option<String>,
    /// Index of the file (into the loader's file list), 0 for single-text stages.
    pub(crate) file: usize,
}

impl Diag {
    pub(crate) fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diag { code, message: message.into(), labels: Vec::new(), help: None, file: 0 }
    }

    /// Adds a label; the first one is the primary location.
    pub(crate) fn label(mut self, range: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push((range, text.into()));
        self
    }

    pub(crate) fn help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }

    pub(crate) fn in_file(mut self, file: usize) -> Self {
        self.file = file;
        self
    }

    pub(crate) fn finish(self, source: &Arc<NamedSource<String>>) -> Diagnostic {
        let len = source.inner().len();
        let labels = self
            .labels
            .into_iter()
            .map(|(r, t)| {
                let start = r.start.min(len);
                (start..r.end.clamp(start, len), t)
            })
            .collect();
        Diagnostic { code: self.code, message: self.message, labels, help: self.help, source: Arc::clone(source) }
    }
}

/// One error in a schema file.
#[derive(Clone)]
pub struct Diagnostic {
    code: &'static str,
    message: String,
    labels: Vec<(Range<usize>, String)>,
    help: Option<String>,
    source: Arc<NamedSource<String>>,
}

impl Diagnostic {
    /// The rule that failed, e.g. `undefined_type` (shown as `zw::undefined_type`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The one-line message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The help text, if any.
    pub fn help_text(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The path of the file the diagnostic is about.
    pub fn path(&self) -> &str {
        self.source.name()
    }

    /// The primary byte range, if the diagnostic points somewhere.
    pub fn range(&self) -> Option<Range<usize>> {
        self.labels.first().map(|(r, _)| r.clone())
    }

    /// The 1-based line and column (in characters) of the primary location.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.range().map(|r| line_col(self.source.inner(), r.start))
    }

    /// `path:line:col: message`, on one line (for logs and tests).
    pub fn short(&self) -> String {
        match self.line_col() {
            Some((l, c)) => format!("{}:{l}:{c}: {}", self.path(), self.message),
            None => format!("{}: {}", self.path(), self.message),
        }
    }

    /// The full report without colors, 100 columns wide: code, message,
    /// `[file:line:col]`, the source lines with the labels, the help.
    pub fn render(&self) -> String {
        render(self, false)
    }
}

pub(crate) fn render(d: &dyn miette::Diagnostic, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    if handler.render_report(&mut out, d).is_err() {
        out = d.to_string();
    }
    out
}

/// The 1-based line and column (counting characters) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("zw::{}", self.code)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&*self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().enumerate().map(|(i, (r, t))| {
            let label = if t.is_empty() { None } else { Some(t.clone()) };
            if i == 0 {
                LabeledSpan::new_primary_with_span(label, r.clone())
            } else {
                LabeledSpan::new_with_span(label, r.clone())
            }
        })))
    }
}

/// All the errors found in a schema (every file, every stage that ran).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The diagnostics, in the order found (file by file, position order within a stage).
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every diagnostic rendered without colors (see [`Diagnostic::render`]),
    /// then a summary line `N error(s)`.
    pub fn render(&self) -> String {
        self.render_with(false)
    }

    /// As [`Diagnostics::render`], with ANSI colors if `color`.
    pub fn render_with(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&render(d, color));
            out.push('\n');
        }
        let n = self.0.len();
        out.push_str(&format!("{n} error{}\n", if n == 1 { "" } else { "s" }));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&d.short())?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// All of them as one report: `miette::Report::new(diagnostics)` renders a
/// summary followed by each diagnostic.
impl miette::Diagnostic for Diagnostics {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(self.0.iter().map(|d| d as &dyn miette::Diagnostic)))
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
