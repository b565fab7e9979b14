//! The `zerowire` binary: every subcommand of part A and every exit code
//! (0 ok, 1 schema error or finding, 2 usage).

use assert_cmd::Command;

fn zw() -> Command {
    let mut c = Command::cargo_bin("zerowire").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn check_ok_exits_0_and_prints_nothing() {
    let out = zw().args(["check", "tests/schemas/everything.zw"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(out.stderr.is_empty());
}

#[test]
fn check_error_exits_1_with_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "bad.zw", "message M {\n    a @0 : Nope;\n    b @0 : u8;\n}\n");
    let out = zw().arg("check").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.zw:2:12"), "{err}");
    assert!(err.contains("zw::undefined_type"), "{err}");
    assert!(err.contains("bad.zw:3:8"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn check_finds_imports_through_include_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let inc = tempfile::tempdir().unwrap();
    write(&inc, "lib.zw", "package lib; message L {}");
    let p = write(&dir, "main.zw", "import \"lib.zw\"; message M { l @0 : lib.L; }");
    let out = zw().arg("check").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("import_not_found"));
    let out = zw().arg("check").arg(&p).arg("-I").arg(inc.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn check_missing_file_exits_1() {
    let out = zw().args(["check", "no/such/file.zw"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["check"],
        &["nonsense"],
        &["check", "--bogus", "x.zw"],
        &["breaking", "one.zw"],
        &["fmt", "--check", "--write", "x.zw"],
    ] {
        let out = zw().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn help_and_version_exit_0() {
    let out = zw().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    for sub in ["check", "fmt", "breaking"] {
        assert!(stdout(&out).contains(sub));
    }
    assert_eq!(zw().arg("--version").output().unwrap().status.code(), Some(0));
    assert_eq!(zw().args(["fmt", "--help"]).output().unwrap().status.code(), Some(0));
}

#[test]
fn fmt_prints_the_canonical_form() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "a.zw", "message M{a@0:u8;}");
    let out = zw().arg("fmt").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "message M {\n    a @0 : u8;\n}\n");
    let out = zw().args(["fmt", "-"]).write_stdin("enum E{A=0;}").output().unwrap();
    assert_eq!(stdout(&out), "enum E {\n    A = 0;\n}\n");
}

#[test]
fn fmt_check_exits_1_when_not_formatted() {
    let dir = tempfile::tempdir().unwrap();
    let messy = write(&dir, "messy.zw", "message M{a@0:u8;}");
    let out = zw().args(["fmt", "--check"]).arg(&messy).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("messy.zw: not formatted"));
    assert!(out.stdout.is_empty());
    let out = zw().args(["fmt", "--check", "tests/schemas/everything.zw", "tests/schemas/common.zw"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn fmt_write_rewrites_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "w.zw", "message M{a@0:u8;}");
    let out = zw().args(["fmt", "--write"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "message M {\n    a @0 : u8;\n}\n");
    assert_eq!(zw().args(["fmt", "--check"]).arg(&p).output().unwrap().status.code(), Some(0));
}

#[test]
fn fmt_syntax_error_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "s.zw", "message M { a @0 u8; }");
    let out = zw().arg("fmt").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("s.zw:1:18"), "{}", stderr(&out));
}

#[test]
fn breaking_exits_1_and_prints_both_locations() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(&dir, "old.zw", "package p;\nmessage M {\n    a @0 : u32;\n}\n");
    let new = write(&dir, "new.zw", "package p;\n\nmessage M {\n    a @0 : u64;\n}\n");
    let out = zw().arg("breaking").arg(&old).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("breaking[field_type_changed]"), "{text}");
    assert!(text.contains("old.zw:3:12"), "{text}");
    assert!(text.contains("new.zw:4:12"), "{text}");
    assert!(stderr(&out).contains("1 breaking change, 0 warnings"));
}

#[test]
fn breaking_safe_change_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(&dir, "old.zw", "message M { a @0 : u32; }");
    let new = write(&dir, "new.zw", "message M { a @0 : u32; b @1 : string; }");
    let out = zw().arg("breaking").arg(&old).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn breaking_json_finding_exits_1_and_0_with_wire() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(&dir, "old.zw", "message M { a @0 : u32; }");
    let new = write(&dir, "new.zw", "message M { b @0 : u32; }");
    let out = zw().arg("breaking").arg(&old).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("breaking[json_key_changed]"), "{}", stdout(&out));
    assert!(stdout(&out).contains("help: keep the old key with `[json_name = \"a\"]`"), "{}", stdout(&out));
    let out = zw().arg("breaking").arg("--wire").arg(&old).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("warning[json_key_changed]"));
    assert!(stderr(&out).contains("0 breaking changes, 1 warning"), "{}", stderr(&out));
}

#[test]
fn breaking_with_a_schema_error_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(&dir, "old.zw", "message M { a @0 : u32; }");
    let new = write(&dir, "new.zw", "message M { a @1 : u32; }");
    let out = zw().arg("breaking").arg(&old).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing_ordinal"));
}
