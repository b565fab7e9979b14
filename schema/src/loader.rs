//! Finding and parsing the files of a schema: the given files, then every
//! file they import (transitively), each parsed once; import cycles are
//! reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::NamedSource;

use crate::ast;
use crate::diag::Diag;
use crate::parser;

/// A parsed file of the schema.
pub(crate) struct LoadedFile {
    pub(crate) path: String,
    pub(crate) source: Arc<NamedSource<String>>,
    pub(crate) ast: ast::File,
    /// The files this one imports (indices), in import order.
    pub(crate) imports: Vec<usize>,
}

impl LoadedFile {
    pub(crate) fn text(&self) -> &str {
        self.source.inner()
    }
}

/// Where imported files come from.
pub(crate) trait Resolve {
    /// Finds `import` written in `importer`: a key that identifies the file
    /// (equal keys are the same file), its display path and its text; or
    /// an error message and a help text.
    fn resolve(&self, importer: &str, import: &str) -> Result<(String, String, String), (String, String)>;
}

/// No imports at all ([`crate::check_source`]).
pub(crate) struct NoImports;

impl Resolve for NoImports {
    fn resolve(&self, _: &str, _: &str) -> Result<(String, String, String), (String, String)> {
        Err((
            "imports are not available when checking a single text".into(),
            "check the files with `zerowire_schema::load` or `check_sources`".into(),
        ))
    }
}

/// Files held in memory, by path ([`crate::check_sources`]).
pub(crate) struct InMemory<'a>(pub(crate) HashMap<&'a str, &'a str>);

impl Resolve for InMemory<'_> {
    fn resolve(&self, importer: &str, import: &str) -> Result<(String, String, String), (String, String)> {
        let dir = importer.rfind('/').map_or("", |i| &importer[..=i]);
        for candidate in [format!("{dir}{import}"), import.to_string()] {
            if let Some(text) = self.0.get(candidate.as_str()) {
                return Ok((candidate.clone(), candidate, text.to_string()));
            }
        }
        Err((format!("file `{import}` not found"), "it is not among the texts given".into()))
    }
}

/// Files on disk: relative to the importing file, then to each include
/// directory, and only inside the schema's roots: the directories of the
/// files given and the include directories, after symbolic links are
/// resolved. A file outside them (`import "/etc/passwd"`,
/// `"../../../etc/hostname"`, a link pointing out) is refused without being
/// read, so nothing of it can appear in a diagnostic.
pub(crate) struct OnDisk {
    includes: Vec<PathBuf>,
    /// Canonical directories imports may be read from.
    roots: Vec<PathBuf>,
    max_len: u64,
}

impl OnDisk {
    /// A resolver for a schema whose given files are `files`, with
    /// `includes` searched after the importing file's directory; files over
    /// `max_len` bytes are refused.
    pub(crate) fn new(files: &[PathBuf], includes: Vec<PathBuf>, max_len: u64) -> Self {
        let dirs = files.iter().map(|f| f.parent().map(Path::to_path_buf).unwrap_or_default());
        let roots = dirs
            .chain(includes.iter().cloned())
            .filter_map(|d| std::fs::canonicalize(if d.as_os_str().is_empty() { Path::new(".") } else { &d }).ok())
            .collect();
        OnDisk { includes, roots, max_len }
    }

    fn inside_roots(&self, canonical: &Path) -> bool {
        self.roots.iter().any(|r| canonical.starts_with(r))
    }
}

impl Resolve for OnDisk {
    fn resolve(&self, importer: &str, import: &str) -> Result<(String, String, String), (String, String)> {
        let base = Path::new(importer).parent().map(Path::to_path_buf).unwrap_or_default();
        let mut tried = Vec::new();
        let mut outside = false;
        for dir in std::iter::once(&base).chain(self.includes.iter()) {
            let candidate = dir.join(import);
            tried.push(candidate.display().to_string());
            let Ok(canonical) = std::fs::canonicalize(&candidate) else { continue };
            if !self.inside_roots(&canonical) {
                outside = true;
                continue;
            }
            if canonical.is_file() {
                let text = read_text(&canonical, self.max_len).map_err(|e| (e, String::new()))?;
                return Ok((canonical.display().to_string(), candidate.display().to_string(), text));
            }
        }
        if outside {
            return Err((
                format!("`{import}` is outside the schema's directories; it was not read"),
                "imports are read only from the directories of the files given and the include directories \
                 (symbolic links are followed, then checked); add the directory it is in as an include directory"
                    .into(),
            ));
        }
        Err((format!("file `{import}` not found"), format!("looked for {}", tried.join(", "))))
    }
}

/// Reads a file as UTF-8 text, refusing one over `max_len` bytes before
/// reading it.
pub(crate) fn read_text(path: &Path, max_len: u64) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let too_long = |len: u64| {
        format!(
            "`{}` is {len} bytes, over the limit of {max_len} bytes for a schema file \
             (`Config::max_source_len`, `zerowire --max-source-len`)",
            path.display()
        )
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > max_len {
        return Err(too_long(len));
    }
    // The length may change as the file is read (or be unknown, for a
    // pipe): read one byte past the limit to tell.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max_len.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if bytes.len() as u64 > max_len {
        return Err(too_long(bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("`{}` is not UTF-8 (byte {})", path.display(), e.utf8_error().valid_up_to()))
}

/// Parses the `roots` (key, path, text) and everything they import.
/// Returns the files (roots first) and every diagnostic so far.
pub(crate) fn load_all(roots: Vec<(String, String, String)>, resolver: &dyn Resolve) -> (Vec<LoadedFile>, Vec<Diag>) {
    let mut files: Vec<LoadedFile> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut diags = Vec::new();
    let mut add = |key: String, path: String, text: String, files: &mut Vec<LoadedFile>, diags: &mut Vec<Diag>| {
        if let Some(&i) = by_key.get(&key) {
            return i;
        }
        let i = files.len();
        by_key.insert(key, i);
        let (ast, d) = parser::parse(&text);
        diags.extend(d.into_iter().map(|d| d.in_file(i)));
        files.push(LoadedFile { source: Arc::new(NamedSource::new(&path, text)), path, ast, imports: Vec::new() });
        i
    };
    for (key, path, text) in roots {
        add(key, path, text, &mut files, &mut diags);
    }
    let mut next = 0;
    while next < files.len() {
        let imports = files[next].ast.imports.clone();
        let importer = files[next].path.clone();
        let mut resolved = Vec::new();
        for imp in &imports {
            match resolver.resolve(&importer, &imp.path) {
                Ok((key, path, text)) => {
                    let i = add(key, path, text, &mut files, &mut diags);
                    if resolved.contains(&i) {
                        diags.push(
                            Diag::error("duplicate_import", format!("`{}` is imported twice", imp.path))
                                .label(imp.span.clone(), "imported again here")
                                .in_file(next),
                        );
                    }
                    resolved.push(i);
                }
                Err((msg, help)) => {
                    let mut d = Diag::error("import_not_found", msg).label(imp.path_span.clone(), "cannot import this");
                    if !help.is_empty() {
                        d = d.help(help);
                    }
                    diags.push(d.in_file(next));
                    resolved.push(usize::MAX);
                }
            }
        }
        files[next].imports = resolved;
        next += 1;
    }
    diags.extend(import_cycles(&files));
    for f in &mut files {
        f.imports.retain(|&i| i != usize::MAX);
    }
    (files, diags)
}

/// One diagnostic per import that closes a cycle (iterative DFS).
fn import_cycles(files: &[LoadedFile]) -> Vec<Diag> {
    let mut diags = Vec::new();
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; files.len()];
    for root in 0..files.len() {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (f, ref mut k)) = stack.last_mut() {
            if *k >= files[f].imports.len() {
                state[f] = 2;
                stack.pop();
                continue;
            }
            let imp_idx = *k;
            *k += 1;
            let to = files[f].imports[imp_idx];
            if to == usize::MAX {
                continue;
            }
            match state[to] {
                0 => {
                    state[to] = 1;
                    stack.push((to, 0));
                }
                1 => {
                    let from = stack.iter().position(|&(g, _)| g == to).unwrap_or(0);
                    let chain: Vec<&str> = stack[from..]
                        .iter()
                        .map(|&(g, _)| files[g].path.as_str())
                        .chain([files[to].path.as_str()])
                        .collect();
                    let imp = &files[f].ast.imports[imp_idx];
                    diags.push(
                        Diag::error("import_cycle", format!("import cycle: {}", chain.join(" → ")))
                            .label(imp.span.clone(), "this import closes the cycle")
                            .help("move the shared types into a file that both can import")
                            .in_file(f),
                    );
                }
                _ => {}
            }
        }
    }
    diags
}
