//! Replays the `schema` fuzz target's checked-in corpus
//! (`fuzz/corpus/schema/`) and seeded random inputs through the body
//! libFuzzer runs (`zerowire_test_support::schema_bodies`), on stable, in CI.
#![allow(unreachable_pub)]

use zerowire_test_support::schema_bodies;

use std::path::PathBuf;

#[test]
fn schema() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/schema");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        schema_bodies::schema(&std::fs::read(entry.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n > 0, "{} has no inputs", dir.display());
    // Seeded random inputs: schema-shaped token soup, so the checker is reached.
    let words = [
        "package",
        "p",
        ";",
        "message",
        "M",
        "{",
        "}",
        "a",
        "@0",
        "@1",
        ":",
        "u8",
        "u64",
        "string",
        "list",
        "<",
        ">",
        "map",
        ",",
        "optional",
        "enum",
        "E",
        "=",
        "0",
        "1",
        "union",
        "U",
        "struct",
        "S",
        "[",
        "]",
        "default",
        "deprecated",
        "type_id",
        "json_name",
        "\"x\"",
        "f32",
        "bytes",
        "import",
        "option",
        "rust.map",
        "\"hash\"",
        "///",
        "\n",
        "//",
        "/*",
        "*/",
        "-",
        "1e9",
        "0x10",
        "nan",
        "service",
        "rpc",
        "returns",
        "stream",
        "(",
        ")",
        "M(M)",
        "returns (stream M);",
    ];
    let mut rng: u64 = 0x5EED_5C4E_0A00_0001;
    for _ in 0..3_000 {
        let mut text = String::new();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        for _ in 0..(rng % 60) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            text.push_str(words[(rng % words.len() as u64) as usize]);
            text.push(' ');
        }
        schema_bodies::schema(text.as_bytes());
    }
}
