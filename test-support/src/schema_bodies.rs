//! The `schema` fuzz target's body: arbitrary text through the schema
//! parser, checker, formatter, compatibility check and code generator. Run
//! by libFuzzer (`fuzz/fuzz_targets/schema.rs`) and replayed on stable by
//! `schema/tests/fuzz_replay.rs`.

use zerowire_schema::{breaking, check_source, codegen, fmt, parse_file};

/// Every entry point returns (diagnostics or a result) and never panics;
/// what checks is consistent: it formats idempotently, the formatted text
/// checks to the same types, it is compatible with itself, and it generates
/// code.
pub fn schema(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let (_, syntax) = parse_file("fuzz.zw", text);
    for d in &syntax {
        let _ = d.short();
    }
    let formatted = fmt::format_source("fuzz.zw", text);
    if let Ok(f) = &formatted {
        let again = fmt::format_source("fuzz.zw", f).expect("formatted text parses");
        assert_eq!(&again, f, "fmt is idempotent");
    }
    match check_source("fuzz.zw", text) {
        Ok(schema) => {
            let f = formatted.expect("a schema that checks also parses");
            let re = check_source("fuzz.zw", &f).expect("the formatted schema checks too");
            let names = |s: &zerowire_schema::ir::Schema| {
                s.messages.iter().map(|m| (m.full_name.clone(), m.type_id, m.fields.len())).collect::<Vec<_>>()
            };
            assert_eq!(names(&schema), names(&re), "fmt keeps the meaning");
            let calls = |s: &zerowire_schema::ir::Schema| {
                s.services
                    .iter()
                    .flat_map(|v| {
                        v.methods.iter().map(|m| {
                            (
                                v.full_name.clone(),
                                m.name.clone(),
                                m.request,
                                m.request_stream,
                                m.response,
                                m.response_stream,
                            )
                        })
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(calls(&schema), calls(&re), "fmt keeps the services");
            let findings = breaking::compare(&schema, &schema);
            assert!(findings.is_empty(), "a schema is compatible with itself");
            assert!(!codegen::generate(&schema).is_empty() || schema.messages.is_empty() && schema.enums.is_empty());
        }
        Err(diags) => {
            assert!(diags.iter().next().is_some(), "an error carries at least one diagnostic");
            let _ = diags.render();
        }
    }
}
