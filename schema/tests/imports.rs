//! Imports on disk stay inside the schema's directories (those of the files
//! given and the include directories, symbolic links resolved), and every
//! file read is under the source-size limit: a refused file is never read,
//! so nothing of it reaches a diagnostic.

use std::fs;
use std::path::Path;

use zerowire_schema::{Config, Diagnostics, load, load_with_limit};

/// The first token of every file outside the roots: no diagnostic may show it.
const SECRET: &str = "SECRET_first_token_4711";

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `root/` (the given file's directory), `inc/` (an include directory) and
/// `outside/` (neither), with links from `root/` to `outside/`.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("outside/secret.zw"), &format!("{SECRET} message S {{}}"));
    write(&d.join("outside/ok.zw"), "message Fine {}");
    write(&d.join("root/sub/inner.zw"), "import \"deeper/x.zw\";\nmessage Inner { x @0 : X; }");
    write(&d.join("root/sub/deeper/x.zw"), "import \"../../shared.zw\";\nmessage X { s @0 : Shared; }");
    write(&d.join("root/shared.zw"), "message Shared {}");
    write(&d.join("inc/lib.zw"), "message Lib {}");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("outside/secret.zw"), d.join("root/link.zw")).unwrap();
        std::os::unix::fs::symlink(d.join("outside"), d.join("root/linkdir")).unwrap();
        std::os::unix::fs::symlink(d.join("root/shared.zw"), d.join("root/sub/to_shared.zw")).unwrap();
    }
    dir
}

fn load_main(dir: &Path, main: &str) -> Result<zerowire_schema::ir::Schema, Diagnostics> {
    write(&dir.join("root/main.zw"), main);
    load(&[dir.join("root/main.zw")], &[dir.join("inc")])
}

#[test]
fn imports_outside_the_roots_are_refused_unread() {
    let dir = tree();
    let d = dir.path();
    let outside = d.join("outside/secret.zw").display().to_string();
    let mut escapes = vec![
        outside.clone(),
        "../outside/secret.zw".to_string(),
        "sub/../../outside/secret.zw".to_string(),
        "./../outside/ok.zw".to_string(),
        "/etc/passwd".to_string(),
        "/etc/hostname".to_string(),
        format!("{}etc/hostname", "../".repeat(12)),
        format!("{}etc/passwd", "sub/../../".repeat(3)),
    ];
    if cfg!(unix) {
        escapes.extend(["link.zw".to_string(), "linkdir/secret.zw".to_string(), "linkdir/ok.zw".to_string()]);
    }
    for import in &escapes {
        let path = Path::new(import.as_str());
        let exists = if path.is_absolute() { path.exists() } else { d.join("root").join(path).exists() };
        let err = load_main(d, &format!("import \"{import}\";\nmessage M {{}}")).unwrap_err();
        let codes: Vec<&str> = err.iter().map(|e| e.code()).collect();
        assert_eq!(codes, ["import_not_found"], "{import}: {}", err.render());
        let text = err.render();
        assert!(!text.contains(SECRET) && !text.contains("root:") && !text.contains("Fine"), "{import}: {text}");
        if exists {
            assert!(text.contains("outside the schema's directories"), "{import}: {text}");
        }
    }
    // An imported file that imports outside is refused the same way.
    write(&d.join("root/sub/bad.zw"), "import \"../../outside/secret.zw\";");
    let err = load_main(d, "import \"sub/bad.zw\";").unwrap_err();
    assert_eq!(err.iter().map(|e| e.code()).collect::<Vec<_>>(), ["import_not_found"]);
    assert!(!err.render().contains(SECRET));
}

#[test]
fn imports_inside_the_roots_are_read() {
    let dir = tree();
    let d = dir.path();
    // Below the given file, back up to its directory, and an include dir.
    let schema = load_main(d, "import \"sub/inner.zw\";\nimport \"lib.zw\";\nmessage M { i @0 : Inner; l @1 : Lib; }")
        .unwrap_or_else(|e| panic!("{}", e.render()));
    let names: Vec<&str> = schema.messages.iter().map(|m| m.name.as_str()).collect();
    for n in ["M", "Inner", "X", "Shared", "Lib"] {
        assert!(names.contains(&n), "{names:?}");
    }
    // A link that stays inside the roots is followed.
    #[cfg(unix)]
    load_main(d, "import \"sub/to_shared.zw\";\nmessage M { s @0 : Shared; }").unwrap();
    // The outside directory, given as an include directory, is a root.
    write(&d.join("root/main.zw"), "import \"ok.zw\";\nmessage M { f @0 : Fine; }");
    load(&[d.join("root/main.zw")], &[d.join("outside")]).unwrap();
}

#[test]
fn files_over_the_source_limit_are_refused_before_reading() {
    let dir = tree();
    let d = dir.path();
    // Longer than the file that imports it.
    let body = format!("// {}\nmessage Big {{}}\n", "x".repeat(200));
    let main = d.join("root/big.zw");
    write(&main, &body);
    let len = body.len() as u64;
    // Exactly at the limit: read. One byte over: refused, for the given
    // file and for an import alike, with the limit in the message.
    load_with_limit(&[&main], &[] as &[&Path], len).unwrap();
    let err = load_with_limit(&[&main], &[] as &[&Path], len - 1).unwrap_err();
    assert_eq!(err.iter().map(|e| e.code()).collect::<Vec<_>>(), ["read_error"]);
    assert!(err.render().contains(&format!("over the limit of {} bytes", len - 1)), "{}", err.render());
    write(&d.join("root/main.zw"), "import \"big.zw\";");
    let err = load_with_limit(&[d.join("root/main.zw")], &[] as &[&Path], len - 1).unwrap_err();
    assert_eq!(err.iter().map(|e| e.code()).collect::<Vec<_>>(), ["import_not_found"]);
    assert!(err.render().contains("over the limit"), "{}", err.render());
    // Config takes the same limit.
    let out = d.join("out");
    let mut config = Config::new();
    config.out_dir(&out).emit_rerun_if_changed(false);
    config.max_source_len(len - 1);
    assert!(config.compile(&[&main], &[] as &[&Path]).unwrap_err().to_string().contains("over the limit"));
    config.max_source_len(len);
    config.compile(&[&main], &[] as &[&Path]).unwrap();
    // The default: 8 MiB; a larger file is refused without being read.
    assert_eq!(zerowire_schema::DEFAULT_MAX_SOURCE_LEN, 8 << 20);
    let huge = d.join("root/huge.zw");
    let f = fs::File::create(&huge).unwrap();
    f.set_len((8 << 20) + 1).unwrap();
    let err = load(&[&huge], &[] as &[&Path]).unwrap_err();
    assert!(err.render().contains("8388609 bytes, over the limit of 8388608"), "{}", err.render());
}
