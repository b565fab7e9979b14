//! The `zerowire` subcommands of part B, `gen`, `decode` and `encode`, and
//! their exit codes (0 ok, 1 schema or data error, 2 usage).

use assert_cmd::Command;
use zerowire::frame::{Frame, FrameHeader, FrameWriter};
use zerowire_schema::dynamic::Codec;

const SCHEMA: &str = "tests/schemas/everything.zw";

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

fn schema() -> zerowire_schema::ir::Schema {
    zerowire_schema::load(&[SCHEMA], &["tests/schemas"]).unwrap()
}

const ORDER: &str =
    r#"{"id": "7", "sym": "ZW", "tags": ["a", "b"], "payload": {"text": "hi"}, "by_side": {"SELL": 3}}"#;

fn order_bytes() -> Vec<u8> {
    let s = schema();
    let c = Codec::new(&s);
    c.encode_json(c.message("shop.v1.Order").unwrap(), ORDER).unwrap()
}

fn canonical_order_json() -> String {
    let s = schema();
    let c = Codec::new(&s);
    c.decode_json(c.message("shop.v1.Order").unwrap(), &order_bytes()).unwrap()
}

#[test]
fn gen_writes_one_file_per_package() {
    let dir = tempfile::tempdir().unwrap();
    let out = zw().args(["gen", SCHEMA, "--out-dir"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shop = std::fs::read_to_string(dir.path().join("shop.v1.rs")).unwrap();
    // What the library generates (snapshotted by tests/codegen.rs).
    let generated = zerowire_schema::codegen::generate(&schema());
    assert_eq!(shop, generated.iter().find(|f| f.file_name == "shop.v1.rs").unwrap().source);
    assert!(dir.path().join("common.v1.rs").is_file());
}

#[test]
fn gen_schema_error_exits_1_usage_error_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.zw");
    std::fs::write(&bad, "message M { a @0 : Nope; }\n").unwrap();
    let out = zw().arg("gen").arg(&bad).arg("--out-dir").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Nope"), "{}", stderr(&out));
    let out = zw().args(["gen", SCHEMA]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--out-dir is required");
}

#[test]
fn decode_a_bare_message() {
    let out = zw()
        .args(["decode", "--schema", SCHEMA, "--type", "shop.v1.Order"])
        .write_stdin(order_bytes())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{}\n", canonical_order_json()));
    assert!(stdout(&out).starts_with(r#"{"id":"7","sym":"ZW","qty":1,"tags":["a","b"],"#));
    // The short name works when it is unique; -I finds imports.
    let out = zw()
        .args(["decode", "--schema", SCHEMA, "--type", "Order", "-I", "tests/schemas"])
        .write_stdin(order_bytes())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn decode_bad_bytes_exits_1_with_the_offset() {
    let mut bytes = order_bytes();
    bytes.truncate(bytes.len() - 1);
    let out = zw().args(["decode", "--schema", SCHEMA, "--type", "Order"]).write_stdin(bytes).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("at offset 0"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    // One byte too many.
    let mut bytes = order_bytes();
    bytes.push(0);
    let out = zw().args(["decode", "--schema", SCHEMA, "--type", "Order"]).write_stdin(bytes).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bytes after the end of the message"), "{}", stderr(&out));
}

/// Text, or bytes of another format, are named as not a zerowire message,
/// with the size their first bytes would declare; a cut message, as one
/// whose size exceeds the input. The run-time codec says what the typed
/// codec says, with the same rule.
#[test]
fn decode_names_garbage_as_garbage() {
    let inputs: [&[u8]; 4] = [b"hello world", b"hello world\n", b"{\"id\": \"7\"}\n", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"];
    let codec_schema = schema();
    let codec = Codec::new(&codec_schema);
    let order = codec.message("Order").unwrap();
    for input in inputs {
        let out = zw().args(["decode", "--schema", SCHEMA, "--type", "Order"]).write_stdin(input).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let size = u32::from_le_bytes(input[..4].try_into().unwrap());
        let expected = zerowire::ErrorKind::NotAMessage { size: size.into(), have: input.len() as u64 }.to_string();
        assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
        assert!(stderr(&out).contains("not a zerowire message"), "{}", stderr(&out));
        // The library's run-time codec and the typed codec agree.
        let dynamic = codec.decode_json(order, input).unwrap_err().to_string();
        assert!(dynamic.contains(&expected), "{dynamic}");
    }
    let bytes = order_bytes();
    for cut in 6..bytes.len() {
        let expected = zerowire::ErrorKind::SizeExceedsInput { size: bytes.len() as u64, have: cut as u64 }.to_string();
        let dynamic = codec.decode_json(order, &bytes[..cut]).unwrap_err().to_string();
        assert!(dynamic.contains(&expected), "cut {cut}: {dynamic}");
        if cut % 8 == 0 {
            let out = zw().args(["decode", "--schema", SCHEMA, "--type", "Order"]).write_stdin(&bytes[..cut]).output();
            assert!(stderr(&out.unwrap()).contains(&expected), "cut {cut}");
        }
    }
}

/// `--max-source-len` bounds the schema files read.
#[test]
fn max_source_len_is_a_flag() {
    let len = std::fs::metadata(SCHEMA).unwrap().len();
    let out = zw()
        .args(["check", SCHEMA, "-I", "tests/schemas", "--max-source-len"])
        .arg((len - 1).to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&format!("over the limit of {} bytes", len - 1)), "{}", stderr(&out));
    let out =
        zw().args(["check", SCHEMA, "-I", "tests/schemas", "--max-source-len"]).arg(len.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn decode_usage_and_schema_errors() {
    let out = zw().args(["decode", "--schema", SCHEMA, "--type", "Nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("shop.v1.Order"), "lists the messages: {}", stderr(&out));
    let out = zw().args(["decode", "--schema", SCHEMA]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--type is required");
    let out = zw().args(["decode", "--schema", "tests/schemas/missing.zw", "--type", "Order"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

fn frames(payloads: &[Vec<u8>], type_id: u32) -> Vec<u8> {
    let mut stream = Vec::new();
    let mut w = FrameWriter::new(&mut stream);
    for p in payloads {
        w.write_frame(&Frame::new(FrameHeader::binary(type_id), p.clone().into())).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    stream
}

#[test]
fn decode_frames_one_line_each_bad_payloads_exit_1() {
    let good = order_bytes();
    let stream = frames(&[good.clone(), good.clone()], 0x1001);
    let out =
        zw().args(["decode", "--schema", SCHEMA, "--type", "Order", "--frames"]).write_stdin(stream).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = canonical_order_json();
    assert_eq!(stdout(&out), format!("{json}\n{json}\n"));

    // A bad payload is an error of its frame only: the others are decoded.
    let stream = frames(&[good.clone(), vec![1, 2, 3], good.clone()], 0x1001);
    let out =
        zw().args(["decode", "--schema", SCHEMA, "--type", "Order", "--frames"]).write_stdin(stream).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 2);
    assert!(stderr(&out).contains("frame 1"), "{}", stderr(&out));

    // A frame of another type.
    let stream = frames(std::slice::from_ref(&good), 99);
    let out =
        zw().args(["decode", "--schema", SCHEMA, "--type", "Order", "--frames"]).write_stdin(stream).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("type id"), "{}", stderr(&out));

    // A stream cut in the middle of a frame.
    let mut stream = frames(&[good], 0x1001);
    stream.truncate(stream.len() - 3);
    let out =
        zw().args(["decode", "--schema", SCHEMA, "--type", "Order", "--frames"]).write_stdin(stream).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn encode_a_bare_message() {
    let out = zw().args(["encode", "--schema", SCHEMA, "--type", "shop.v1.Order"]).write_stdin(ORDER).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, order_bytes());
}

#[test]
fn encode_bad_json_exits_1() {
    for bad in [r#"{"id": 1.5}"#, r#"{"side": "LEFT"}"#, "{", r#"{"id": 1, "id": 2}"#, "[]"] {
        let out = zw().args(["encode", "--schema", SCHEMA, "--type", "Order"]).write_stdin(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(out.stdout.is_empty());
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
    let out = zw().args(["encode", "--schema", SCHEMA, "--type", "Order", "--checksum"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--checksum needs --frames");
}

/// A data error names the field and where it is in the input, line and
/// column, as the derive's JSON errors do (the run-time codec's unit tests
/// compare the two on the same input).
#[test]
fn encode_data_errors_give_the_field_and_the_line_and_column() {
    let encode_err = |json: &str| {
        let out = zw().args(["encode", "--schema", SCHEMA, "--type", "Order"]).write_stdin(json).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{json}");
        stderr(&out)
    };
    let deep = "{\n  \"next\": {\n    \"children\": [\n      {},\n      {\"pos\": {\"x\": \"far\"}}\n    ]\n  }\n}\n";
    insta::assert_snapshot!("encode_wrong_type_deep", encode_err(deep));
    insta::assert_snapshot!(
        "encode_bad_enum_name",
        encode_err("{\"next\": {\"side\": \"SELL\"},\n \"side\": \"LEFT\"}")
    );
    insta::assert_snapshot!("encode_out_of_range", encode_err("{\"id\": \"7\",\n\"small\": 65536}"));
    // In a stream, lines count from the start of the input.
    let out = zw()
        .args(["encode", "--schema", SCHEMA, "--type", "Order", "--frames"])
        .write_stdin("{}\n{}\n{\"qty\": -1}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("encode_frames_out_of_range", stderr(&out));
}

#[test]
fn encode_frames_then_decode_them() {
    let input = format!("{ORDER}\n{{}}\n  {ORDER}");
    let out = zw()
        .args(["encode", "--schema", SCHEMA, "--type", "Order", "--frames", "--checksum"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut r = zerowire::frame::FrameReader::new(&out.stdout[..]);
    let mut payloads = Vec::new();
    while let Some(f) = r.read_frame().unwrap() {
        assert_eq!(f.header.type_id, 0x1001);
        assert!(f.header.has_checksum());
        payloads.push(f.payload.to_vec());
    }
    assert_eq!(payloads, [order_bytes(), vec![6, 0, 0, 0, 0, 0], order_bytes()]);
    let back = zw()
        .args(["decode", "--schema", SCHEMA, "--type", "Order", "--frames"])
        .write_stdin(out.stdout)
        .output()
        .unwrap();
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    assert_eq!(stdout(&back).lines().count(), 3);
    // A bad second document: the first frame is written, exit 1.
    let out = zw()
        .args(["encode", "--schema", SCHEMA, "--type", "Order", "--frames"])
        .write_stdin("{}\n{\"qty\": -1}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("document 1"), "{}", stderr(&out));
}

#[test]
fn decode_frames_reads_json_frames_too() {
    let mut stream = Vec::new();
    let mut w = FrameWriter::new(&mut stream);
    w.write_frame(&Frame::new(FrameHeader::json(0x1001), ORDER.as_bytes().to_vec().into())).unwrap();
    w.write_frame(&Frame::new(FrameHeader::binary(0x1001), order_bytes().into())).unwrap();
    w.write_frame(&Frame::new(FrameHeader::json(0x1001), b"{\"qty\": -1}".to_vec().into())).unwrap();
    w.flush().unwrap();
    drop(w);
    let out =
        zw().args(["decode", "--schema", SCHEMA, "--type", "Order", "--frames"]).write_stdin(stream).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the third frame is bad");
    let json = canonical_order_json();
    assert_eq!(stdout(&out), format!("{json}\n{json}\n"));
    assert!(stderr(&out).contains("frame 2"), "{}", stderr(&out));
}
