//! `breaking`: every rule in both directions, a safe change that gives no
//! finding and a change that gives exactly that rule.

use zerowire_schema::breaking::{Severity, compare};
use zerowire_schema::check_source;

fn rules(old: &str, new: &str) -> Vec<(&'static str, Severity)> {
    let o = check_source("old.zw", old).unwrap_or_else(|e| panic!("old: {}", e.render()));
    let n = check_source("new.zw", new).unwrap_or_else(|e| panic!("new: {}", e.render()));
    compare(&o, &n).into_iter().map(|f| (f.rule, f.severity)).collect()
}

fn safe(old: &str, new: &str) {
    assert_eq!(rules(old, new), vec![], "expected no finding:\n{old}\n->\n{new}");
}

fn breaks(rule: &str, old: &str, new: &str) {
    assert_eq!(rules(old, new), vec![(rule, Severity::Breaking)], "{old}\n->\n{new}");
}

fn warns(rule: &str, old: &str, new: &str) {
    assert_eq!(rules(old, new), vec![(rule, Severity::Warning)], "{old}\n->\n{new}");
}

const M: &str = "package p; message M { a @0 : u32; b @1 : string; }";

#[test]
fn field_removed() {
    safe(M, "package p; message M { a @0 : u32; b @1 : string [deprecated]; }");
    breaks("field_removed", M, "package p; message M { a @0 : u32; }");
}

#[test]
fn field_appended_is_safe() {
    safe(M, "package p; message M { a @0 : u32; b @1 : string; c @2 : list<M>; }");
}

#[test]
fn field_type_changed() {
    safe(M, "package p;\n/// Docs change.\nmessage M {\n    /// a.\n    a @0 : u32;\n    b @1 : string;\n}");
    breaks("field_type_changed", M, "package p; message M { a @0 : u64; b @1 : string; }");
    breaks("field_type_changed", M, "package p; message M { a @0 : optional<u32>; b @1 : string; }");
    breaks("field_type_changed", M, "package p; message M { a @0 : u32; b @1 : bytes; }");
}

#[test]
fn field_moved() {
    safe(M, "package p; message M { b @1 : string; a @0 : u32; }");
    let r = rules(M, "package p; message M { b @0 : string; a @1 : u32; }");
    assert!(r.contains(&("field_moved", Severity::Breaking)), "{r:?}");
    assert!(r.contains(&("field_type_changed", Severity::Breaking)), "{r:?}");
}

#[test]
fn ordinal_reused() {
    let old = "package p; message M { a @0 : u32; b @1 : string [deprecated]; }";
    safe(old, "package p; message M { a @0 : u32; b @1 : string [deprecated]; c @2 : string; }");
    breaks("ordinal_reused", old, "package p; message M { a @0 : u32; c @1 : string; }");
}

#[test]
fn field_default_changed() {
    let old = "package p; message M { a @0 : u32 = 7; }";
    safe(old, "package p; message M { a @0 : u32 = 0x7; }");
    breaks("field_default_changed", old, "package p; message M { a @0 : u32 = 8; }");
    breaks("field_default_changed", old, "package p; message M { a @0 : u32; }");
    breaks("field_default_changed", "package p; message M { a @0 : u32; }", old);
    let e = "package p; enum E { A = 0; B = 1; }";
    // Renaming the variant keeps the stored default (only the JSON name changes).
    warns(
        "enum_value_renamed",
        &format!("{e} message M {{ e @0 : E = B; }}"),
        "package p; enum E { A = 0; BEE = 1; } message M { e @0 : E = BEE; }",
    );
    breaks(
        "field_default_changed",
        &format!("{e} message M {{ e @0 : E = B; }}"),
        &format!("{e} message M {{ e @0 : E = A; }}"),
    );
    breaks(
        "field_default_changed",
        "package p; message M { f @0 : f64 = 0.0; }",
        "package p; message M { f @0 : f64 = -0.0; }",
    );
}

#[test]
fn json_key_changed_is_a_warning() {
    safe(M, "package p; message M { a @0 : u32; bee @1 : string [json_name = \"b\"]; }");
    warns("json_key_changed", M, "package p; message M { a @0 : u32; bee @1 : string; }");
    warns("json_key_changed", M, "package p; message M { a @0 : u32; b @1 : string [json_name = \"B\"]; }");
}

#[test]
fn type_id_changed() {
    let old = "package p; message M [type_id = 5] {}";
    safe(old, "package p;\n\nmessage M [type_id = 0x5] {}");
    breaks("type_id_changed", old, "package p; message M [type_id = 6] {}");
    breaks("type_id_changed", old, "package p; message M {}");
    // Writing the hash explicitly keeps the id.
    let hashed = zerowire_schema::type_id("p.M");
    safe("package p; message M {}", &format!("package p; message M [type_id = {hashed}] {{}}"));
}

#[test]
fn type_removed() {
    let old = "package p; message A {} message B { a @0 : A; }";
    safe(old, "package p; message A {} message B { a @0 : A; } message C {}");
    let r = rules(old, "package p; message B { a @0 : B2; } message B2 {}");
    assert!(r.contains(&("type_removed", Severity::Breaking)), "{r:?}");
    breaks("type_removed", "package p; enum E { A = 0; }", "package p;");
    breaks("type_removed", "package p; message M {}", "package q; message M {}");
}

#[test]
fn type_kind_changed() {
    safe("package p; struct S { x : u8; }", "package p; struct S { x : u8; }");
    breaks("type_kind_changed", "package p; struct S { x : u8; }", "package p; message S { x @0 : u8; }");
}

#[test]
fn enum_value_added_is_safe() {
    safe("enum E { A = 0; B = 1; }", "enum E { A = 0; B = 1; C = 2; }");
    safe("enum E { A = 0; B = 1; }", "enum E { B = 1; A = 0; }");
}

#[test]
fn enum_value_removed() {
    breaks("enum_value_removed", "enum E { A = 0; B = 1; }", "enum E { A = 0; }");
}

#[test]
fn enum_value_renumbered() {
    breaks("enum_value_renumbered", "enum E { A = 0; B = 1; }", "enum E { A = 0; B = 2; }");
}

#[test]
fn enum_value_renamed_is_a_warning() {
    warns("enum_value_renamed", "enum E { A = 0; B = 1; }", "enum E { A = 0; BEE = 1; }");
}

#[test]
fn enum_repr_changed() {
    safe("enum E { A = 0; }", "enum E [repr = u16] { A = 0; }");
    breaks("enum_repr_changed", "enum E { A = 0; }", "enum E [repr = u32] { A = 0; }");
}

const U: &str = "union U { a : u32; b : string; none [default]; }";

#[test]
fn union_arm_added_at_the_end_is_safe() {
    safe(U, "union U { a : u32; b : string; none [default]; c : f64; }");
}

#[test]
fn union_arm_removed() {
    breaks("union_arm_removed", "union U { none; b : string; c : u8; }", "union U { none; b : string; }");
    let r = rules(U, "union U { a : u32; none [default]; }");
    assert!(r.contains(&("union_arm_removed", Severity::Breaking)), "{r:?}");
}

#[test]
fn union_arm_moved() {
    let r = rules(U, "union U { b : string; a : u32; none [default]; }");
    assert_eq!(r, vec![("union_arm_moved", Severity::Breaking), ("union_arm_moved", Severity::Breaking)]);
}

#[test]
fn union_arm_type_changed() {
    breaks("union_arm_type_changed", U, "union U { a : u64; b : string; none [default]; }");
    breaks("union_arm_type_changed", U, "union U { a : u32; b : string; none : u8 [default]; }");
}

#[test]
fn union_arm_renamed_is_a_warning() {
    warns("union_arm_renamed", U, "union U { count : u32; b : string; none [default]; }");
}

#[test]
fn union_default_changed() {
    // The implicit default (first unit arm) written explicitly is the same.
    safe("union U { a : u32; none; }", "union U { a : u32; none [default]; }");
    breaks("union_default_changed", U, "union U { a : u32 [default]; b : string; none; }");
}

#[test]
fn struct_changed() {
    let s = "struct V { x : f32; y : f32; }";
    safe(s, "/// Doc.\nstruct V { x : f32; y : f32; }");
    breaks("struct_changed", s, "struct V { x : f32; y : f32; z : f32; }");
    breaks("struct_changed", s, "struct V { x : f64; y : f32; }");
    warns("struct_field_renamed", s, "struct V { x : f32; why : f32; }");
}

#[test]
fn findings_print_both_locations() {
    let old = check_source("old.zw", "package p;\nmessage M {\n    a @0 : u32;\n}").unwrap();
    let new = check_source("new.zw", "package p;\n\nmessage M {\n    a @0 : u64;\n}").unwrap();
    let f = compare(&old, &new);
    assert_eq!(f.len(), 1);
    insta::assert_snapshot!(f[0].render(&old, &new), @r"
    breaking[field_type_changed]: field `p.M.a` (@0) changed type from u32 to u64
      old: old.zw:3:12
      new: new.zw:4:12
    ");
}

#[test]
fn everything_against_itself_is_safe() {
    let s = zerowire_schema::load(&["tests/schemas/everything.zw"], &[] as &[&str]).unwrap();
    assert_eq!(compare(&s, &s), vec![]);
}

/// The rules of SCHEMA.md section 12, those in the source and those tested agree.
#[test]
fn documented_rules_match_the_source_and_the_tests() {
    let doc = std::fs::read_to_string("../docs/SCHEMA.md").unwrap();
    let section = doc.split("## 12.").nth(1).unwrap().split("## 13.").next().unwrap();
    let mut documented: Vec<&str> =
        section.lines().filter(|l| l.starts_with("| `")).filter_map(|l| l.split('`').nth(1)).collect();
    documented.sort();
    let src = std::fs::read_to_string("src/breaking.rs").unwrap();
    let mut in_source: Vec<&str> = Vec::new();
    for call in ["self.breaking(", "self.warning("] {
        for part in src.split(call).skip(1) {
            in_source.push(part.trim_start().trim_start_matches('"').split('"').next().unwrap());
        }
    }
    in_source.sort();
    in_source.dedup();
    assert_eq!(documented, in_source);
    let tests = std::fs::read_to_string("tests/breaking.rs").unwrap();
    for rule in documented {
        assert!(tests.contains(&format!("\"{rule}\", ")), "no test for `{rule}`");
    }
}
