//! `breaking`: every rule in both directions, a safe change that gives no
//! finding and a change that gives exactly that rule; each diagnostic's
//! text as a snapshot.

use zerowire_schema::breaking::{Mode, Severity, compare, compare_with};
use zerowire_schema::check_source;

fn rules_in(mode: Mode, old: &str, new: &str) -> Vec<(&'static str, Severity)> {
    let o = check_source("old.zw", old).unwrap_or_else(|e| panic!("old: {}", e.render()));
    let n = check_source("new.zw", new).unwrap_or_else(|e| panic!("new: {}", e.render()));
    compare_with(&o, &n, mode).into_iter().map(|f| (f.rule, f.severity)).collect()
}

fn rules(old: &str, new: &str) -> Vec<(&'static str, Severity)> {
    rules_in(Mode::WireAndJson, old, new)
}

/// Every finding from `old` to `new`, rendered (files `old.zw`, `new.zw`).
fn rendered(old: &str, new: &str) -> String {
    let o = check_source("old.zw", old).unwrap_or_else(|e| panic!("old: {}", e.render()));
    let n = check_source("new.zw", new).unwrap_or_else(|e| panic!("new: {}", e.render()));
    compare(&o, &n).iter().map(|f| f.render(&o, &n)).collect()
}

/// A JSON-only finding: breaking by default, a warning with `--wire`.
fn breaks_json(rule: &str, old: &str, new: &str) {
    assert_eq!(rules(old, new), vec![(rule, Severity::Breaking)], "{old}\n->\n{new}");
    assert_eq!(rules_in(Mode::Wire, old, new), vec![(rule, Severity::Warning)], "--wire: {old}\n->\n{new}");
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

/// Data written before a deprecation stays in the slot: reusing the ordinal
/// across versions is seen by each step or against the oldest version.
#[test]
fn reusing_a_deprecated_ordinal_across_three_versions() {
    let v1 = "message M { a @0 : u32; b @1 : string; }";
    let v2 = "message M { a @0 : u32; b @1 : string [deprecated]; }";
    safe(v1, v2);
    // Reuse in one step.
    breaks("ordinal_reused", v2, "message M { a @0 : u32; c @1 : string; }");
    // Reuse in two steps: rename while deprecated, then revive.
    let v3 = "message M { a @0 : u32; c @1 : string [deprecated]; }";
    let v4 = "message M { a @0 : u32; c @1 : string; }";
    warns("deprecated_field_renamed", v2, v3);
    insta::assert_snapshot!("deprecated_field_renamed", rendered(v2, v3));
    safe(v3, v4);
    // Against v1, whose data still has `b` in the slot, v4 renamed a live field.
    breaks_json("json_key_changed", v1, v4);
    // A type change while deprecated is a type change.
    breaks("field_type_changed", v2, "message M { a @0 : u32; b @1 : u64 [deprecated]; }");
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
    breaks_json(
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
fn a_default_equal_to_zero_is_no_default() {
    let none = "enum E { A = 0; B = 1; } message M { a @0 : u32; b @1 : bool; f @2 : f32; e @3 : E; g @4 : i8; }";
    let zero = "enum E { A = 0; B = 1; } message M { a @0 : u32 = 0; b @1 : bool = false; f @2 : f32 = 0.0; e @3 : E = A; g @4 : i8 = 0; }";
    safe(none, zero);
    safe(zero, none);
    breaks("field_default_changed", "message M { f @0 : f32; }", "message M { f @0 : f32 = -0.0; }");
}

#[test]
fn a_default_is_compared_by_its_bits_in_the_field_type() {
    safe("message M { f @0 : f32 = 0.1; }", "message M { f @0 : f32 = 0.10000000149011612; }");
    // In f64 the two spellings are two values.
    breaks(
        "field_default_changed",
        "message M { f @0 : f64 = 0.1; }",
        "message M { f @0 : f64 = 0.10000000149011612; }",
    );
    safe("message M { a @0 : i16 = -1; }", "message M { a @0 : i16 = -0x1; }");
}

#[test]
fn json_key_changed() {
    safe(M, "package p; message M { a @0 : u32; bee @1 : string [json_name = \"b\"]; }");
    breaks_json("json_key_changed", M, "package p; message M { a @0 : u32; bee @1 : string; }");
    // The new version still reads `b` (its name), but writes `B`, which the old one drops.
    breaks_json("json_key_changed", M, "package p; message M { a @0 : u32; b @1 : string [json_name = \"B\"]; }");
    // Dropping a json_name: old JSON's `x` is no longer read.
    breaks_json("json_key_changed", "message M { a @0 : u32 [json_name = \"x\"]; }", "message M { a @0 : u32; }");
    // A deprecated field's key is not written: renaming it loses no JSON
    // (the rename is a warning of its own).
    warns(
        "deprecated_field_renamed",
        "message M { a @0 : u32 [deprecated]; }",
        "message M { old_a @0 : u32 [deprecated]; }",
    );
    insta::assert_snapshot!("json_key_changed", rendered(M, "package p;\nmessage M { a @0 : u32; bee @1 : string; }"));
}

#[test]
fn json_key_moved() {
    // json_names of two same-typed fields swapped.
    let old = "message M { a @0 : u32 [json_name = \"ka\"]; b @1 : u32 [json_name = \"kb\"]; }";
    let new = "message M { a @0 : u32 [json_name = \"kb\"]; b @1 : u32 [json_name = \"ka\"]; }";
    assert_eq!(rules(old, new), vec![("json_key_moved", Severity::Breaking); 2]);
    assert_eq!(rules_in(Mode::Wire, old, new), vec![("json_key_moved", Severity::Warning); 2]);
    insta::assert_snapshot!("json_key_moved_swap", rendered(old, new));
    // A key moved to an appended field.
    let old = "message M { p @0 : u32 [json_name = \"price\"]; }";
    let new = "message M { p @0 : u32 [json_name = \"price_old\"]; q @1 : u32 [json_name = \"price\"]; }";
    assert_eq!(rules(old, new), vec![("json_key_moved", Severity::Breaking); 2]);
    insta::assert_snapshot!("json_key_moved_to_appended", rendered(old, new));
    // Names swapped and keys swapped back: the checker refuses the new
    // version (a reader would take `a` for both fields).
    let old = "message M { a @0 : u32; b @1 : u32; }";
    let new = "message M { b @0 : u32 [json_name = \"a\"]; a @1 : u32 [json_name = \"b\"]; }";
    assert!(check_source("new.zw", new).is_err());
    // Names swapped alone: the binary finding says it.
    let new = "message M { b @0 : u32; a @1 : u32; }";
    assert_eq!(rules(old, new), vec![("field_moved", Severity::Breaking); 2]);
    let old2 = "message M { x @0 : u32 [json_name = \"a\"]; y @1 : u32 [json_name = \"b\"]; }";
    let new2 = "message M { x @0 : u32 [json_name = \"b\"]; y @1 : u32 [json_name = \"a\"]; }";
    assert_eq!(rules(old2, new2), vec![("json_key_moved", Severity::Breaking); 2]);
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
    // A message is a possible frame root: its type id (the hash of its name) is gone.
    breaks("type_removed", old, "package p; message B { a @0 : B2; } message B2 {}");
    breaks("type_removed", "package p; message M {}", "package q; message M {}");
    insta::assert_snapshot!("type_removed", rendered("package p;\nmessage M {}", "package q;\nmessage M {}"));
    // No data holds an enum, union or struct that no field uses: only code breaks.
    warns("type_removed", "package p; enum E { A = 0; }", "package p;");
}

#[test]
fn type_renamed() {
    // Every type but a message is known only through the fields that hold it.
    let old = "enum E { A = 0; } union U { a : u32; } struct S { x : u8; } message M { e @0 : E; u @1 : U; s @2 : S; }";
    let new =
        "enum E2 { A = 0; } union U2 { a : u32; } struct S2 { x : u8; } message M { e @0 : E2; u @1 : U2; s @2 : S2; }";
    assert_eq!(rules(old, new), vec![("type_renamed", Severity::Warning); 3]);
    insta::assert_snapshot!("type_renamed", rendered(old, new));
    // A message renamed with its type id kept.
    let id = zerowire_schema::type_id("p.M");
    warns(
        "type_renamed",
        "package p; message M { a @0 : u32; }",
        &format!("package p; message N [type_id = {id}] {{ a @0 : u32; }}"),
    );
    // The renamed type is compared as the old one.
    breaks(
        "enum_value_renumbered",
        "enum E { A = 0; B = 1; } message M { e @0 : E; }",
        "enum E { A = 0; B = 1; } enum F { A = 0; B = 2; } message M { e @0 : F; }",
    );
}

#[test]
fn an_identical_copy_under_another_name_is_the_same_type() {
    let old = "struct P { x : f32; } message Inner { a @0 : u32; } message M { p @0 : P; i @1 : Inner; }";
    let new = "struct P { x : f32; } struct Q { x : f32; } message Inner { a @0 : u32; } \
               message Inner2 { a @0 : u32; b @1 : string; } message M { p @0 : Q; i @1 : Inner2; }";
    safe(old, new);
    breaks(
        "struct_changed",
        old,
        "struct P { x : f32; } struct Q { x : f64; } message Inner { a @0 : u32; } message M { p @0 : Q; i @1 : Inner; }",
    );
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
fn enum_value_renamed() {
    breaks_json("enum_value_renamed", "enum E { A = 0; B = 1; }", "enum E { A = 0; BEE = 1; }");
    insta::assert_snapshot!("enum_value_renamed", rendered("enum E { A = 0; B = 1; }", "enum E { A = 0; BEE = 1; }"));
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
fn union_arm_renamed() {
    breaks_json("union_arm_renamed", U, "union U { count : u32; b : string; none [default]; }");
    insta::assert_snapshot!("union_arm_renamed", rendered(U, "union U { count : u32; b : string; none [default]; }"));
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
    breaks("struct_changed", s, "struct V { x : f32; }");
}

#[test]
fn struct_field_renamed() {
    let s = "struct V { x : f32; y : f32; }";
    breaks_json("struct_field_renamed", s, "struct V { x : f32; why : f32; }");
    insta::assert_snapshot!("struct_field_renamed", rendered(s, "struct V { x : f32; why : f32; }"));
}

#[test]
fn struct_field_moved() {
    let s = "struct Point { x : f32; y : f32; } message M { p @0 : Point; }";
    let swapped = "struct Point { y : f32; x : f32; } message M { p @0 : Point; }";
    assert_eq!(rules(s, swapped), vec![("struct_field_moved", Severity::Breaking); 2]);
    assert_eq!(rules_in(Mode::Wire, s, swapped), vec![("struct_field_moved", Severity::Breaking); 2]);
    let r = rules("struct P { x : u8; y : u8; }", "struct P { z : u8; x : u8; }");
    assert_eq!(r, vec![("struct_field_moved", Severity::Breaking), ("struct_field_renamed", Severity::Breaking)]);
    insta::assert_snapshot!("struct_field_moved", rendered(s, swapped));
}

#[test]
fn bytes_and_list_of_u8_are_one_type() {
    safe("message M { b @0 : bytes; }", "message M { b @0 : list<u8>; }");
    safe("message M { b @0 : list<u8>; }", "message M { b @0 : bytes; }");
    safe("message M { b @0 : map<string, list<u8>>; }", "message M { b @0 : map<string, bytes>; }");
    breaks("field_type_changed", "message M { b @0 : string; }", "message M { b @0 : list<u8>; }");
    breaks("field_type_changed", "message M { b @0 : list<i8>; }", "message M { b @0 : bytes; }");
}

const SVC: &str = "package p;\nmessage A {}\nmessage B {}\nservice S {\n    rpc Get(A) returns (B);\n    rpc Watch(A) returns (stream B);\n}\n";

#[test]
fn adding_services_and_methods_is_safe() {
    safe(SVC, &format!("{SVC}service T {{ rpc X(A) returns (A); }}"));
    safe(SVC, &SVC.replace("    rpc Watch", "    rpc Put(stream B) returns (A);\n    rpc Watch"));
    // Reordering methods, deprecating one, editing docs.
    safe(
        SVC,
        "package p;\nmessage A {}\nmessage B {}\n/// Docs.\nservice S {\n    rpc Watch(A) returns (stream B);\n    /// Old.\n    rpc Get(A) returns (B) [deprecated];\n}\n",
    );
    // A message renamed keeping its type id is the same message.
    let old = "package p;\nmessage A [type_id = 7] {}\nservice S { rpc Get(A) returns (A); }";
    let new = "package p;\nmessage Renamed [type_id = 7] {}\nservice S { rpc Get(Renamed) returns (Renamed); }";
    warns("type_renamed", old, new);
}

#[test]
fn service_removed() {
    // Renaming a service or moving it to another package changes its paths.
    breaks("service_removed", SVC, "package p;\nmessage A {}\nmessage B {}\n");
    breaks("service_removed", SVC, &SVC.replace("service S", "service S2"));
    // Also with `--wire`: the calls break whatever the data format.
    assert_eq!(
        rules_in(Mode::Wire, SVC, &SVC.replace("service S", "service S2")),
        vec![("service_removed", Severity::Breaking)]
    );
    insta::assert_snapshot!("service_removed", rendered(SVC, "package p;\nmessage A {}\nmessage B {}\n"));
}

#[test]
fn rpc_removed() {
    breaks("rpc_removed", SVC, &SVC.replace("    rpc Watch(A) returns (stream B);\n", ""));
    // Method names are case-sensitive in the gRPC path.
    breaks("rpc_removed", SVC, &SVC.replace("rpc Get(", "rpc get("));
    insta::assert_snapshot!("rpc_removed", rendered(SVC, &SVC.replace("    rpc Watch(A) returns (stream B);\n", "")));
}

#[test]
fn rpc_request_and_response_changed() {
    breaks("rpc_request_changed", SVC, &SVC.replace("rpc Get(A)", "rpc Get(B)"));
    breaks("rpc_response_changed", SVC, &SVC.replace("returns (B);", "returns (A);"));
    // A structurally identical copy is still another message type.
    let copy = SVC.replace("message B {}", "message B {}\nmessage C {}").replace("rpc Get(A)", "rpc Get(C)");
    breaks("rpc_request_changed", SVC, &copy);
    // The same name in another package is another type.
    let old = check_sources_pair("package p;\nimport \"q.zw\";\nmessage A {}\nservice S { rpc Get(A) returns (A); }");
    let new = check_sources_pair("package p;\nimport \"q.zw\";\nmessage A {}\nservice S { rpc Get(q.A) returns (A); }");
    let r: Vec<&str> = compare(&old, &new).iter().map(|f| f.rule).collect();
    assert_eq!(r, ["rpc_request_changed"]);
    insta::assert_snapshot!("rpc_request_changed", rendered(SVC, &SVC.replace("rpc Get(A)", "rpc Get(B)")));
}

fn check_sources_pair(p: &str) -> zerowire_schema::ir::Schema {
    zerowire_schema::check_sources(&[("p.zw", p), ("q.zw", "package q;\nmessage A {}")])
        .unwrap_or_else(|e| panic!("{}", e.render()))
}

#[test]
fn rpc_streaming_changed() {
    breaks("rpc_streaming_changed", SVC, &SVC.replace("returns (stream B)", "returns (B)"));
    breaks("rpc_streaming_changed", SVC, &SVC.replace("rpc Get(A)", "rpc Get(stream A)"));
    breaks("rpc_streaming_changed", SVC, &SVC.replace("rpc Watch(A)", "rpc Watch(stream A)"));
    // Both sides changed at once: one finding for the method.
    let r = rules(SVC, &SVC.replace("rpc Get(A) returns (B)", "rpc Get(stream A) returns (stream B)"));
    assert_eq!(r, vec![("rpc_streaming_changed", Severity::Breaking)]);
    insta::assert_snapshot!(
        "rpc_streaming_changed",
        rendered(SVC, &SVC.replace("rpc Watch(A)", "rpc Watch(stream A)"))
    );
}

#[test]
fn a_method_with_several_changes_reports_each() {
    let r = rules(SVC, &SVC.replace("rpc Get(A) returns (B)", "rpc Get(stream B) returns (A)"));
    assert_eq!(
        r,
        vec![
            ("rpc_request_changed", Severity::Breaking),
            ("rpc_response_changed", Severity::Breaking),
            ("rpc_streaming_changed", Severity::Breaking)
        ]
    );
}

#[test]
fn wire_mode_keeps_binary_findings_breaking() {
    assert_eq!(
        rules_in(Mode::Wire, M, "package p; message M { a @0 : u64; b @1 : string; }"),
        vec![("field_type_changed", Severity::Breaking)]
    );
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
    for call in ["self.breaking(", "self.json(", "self.code(", "self.call("] {
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
