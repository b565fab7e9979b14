//! The generated gRPC code (feature `tonic`) for `tests/schemas/services.zw`,
//! a service of every kind of call: golden snapshots of the default output,
//! and what each option changes. The test crate compiles this code and runs
//! it over loopback (`schema/testcrate/tests/grpc.rs`).

use std::path::Path;

use zerowire_schema::Config;
use zerowire_schema::codegen::{GrpcOptions, Received, generate, generate_with_grpc};
use zerowire_schema::ir::Schema;

fn schema() -> Schema {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas");
    zerowire_schema::load(&[dir.join("services.zw")], &[&dir]).unwrap_or_else(|d| panic!("{}", d.render()))
}

/// The file of package `orders.v1`.
fn orders(files: &[zerowire_schema::codegen::GeneratedFile]) -> &str {
    &files.iter().find(|f| f.package == "orders.v1").expect("orders.v1.rs").source
}

/// The service part of the file: from the server module on.
fn services_part(source: &str) -> &str {
    let at = source.find("/// Generated server implementations.").expect("no server module");
    &source[at..]
}

/// The signatures of the server trait's and the client's methods.
fn signatures(source: &str) -> String {
    let flat = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for part in flat.split("async fn ").skip(1) {
        let sig = part.split(['{', ';']).next().unwrap_or("").trim();
        out.push_str(sig);
        out.push('\n');
    }
    out
}

#[test]
fn default_output() {
    let files = generate_with_grpc(&schema(), &GrpcOptions::default());
    // The messages come first, exactly as without services.
    let plain = generate(&schema());
    let with = orders(&files);
    let without = orders(&plain);
    assert!(with.starts_with(without.trim_end()), "the messages changed");
    // The other package gets nothing more.
    assert_eq!(files.iter().find(|f| f.package == "common.v1"), plain.iter().find(|f| f.package == "common.v1"));
    insta::assert_snapshot!(services_part(with));
}

#[test]
fn paths_are_tonics() {
    let files = generate_with_grpc(&schema(), &GrpcOptions::default());
    let src = orders(&files);
    for m in ["Place", "Watch", "Upload", "Chat"] {
        let path = format!("\"/orders.v1.Orders/{m}\"");
        // Routed by the server, called by the client.
        assert_eq!(src.matches(&path).count(), 2, "{path}");
    }
    assert!(src.contains("pub const SERVICE_NAME: &str = \"orders.v1.Orders\";"));
    assert!(src.contains("GrpcMethod::new(\"orders.v1.Orders\", \"Place\")"));
    // The codec is zerowire's, inferred per method.
    assert_eq!(src.matches("::zerowire::tonic::Codec::default()").count(), 8);
}

#[test]
fn each_side_chooses_what_it_receives() {
    let s = schema();
    let default = signatures(orders(&generate_with_grpc(&s, &GrpcOptions::default())));
    insta::assert_snapshot!("signatures_default", default);
    let swapped = GrpcOptions { server_requests: Received::Message, client_responses: Received::Owned, connect: true };
    let swapped = signatures(orders(&generate_with_grpc(&s, &swapped)));
    insta::assert_snapshot!("signatures_server_message_client_owned", swapped);
    assert_ne!(default, swapped);
}

#[test]
fn connect_can_be_left_out() {
    let s = schema();
    let with = orders(&generate_with_grpc(&s, &GrpcOptions::default())).to_string();
    let without =
        orders(&generate_with_grpc(&s, &GrpcOptions { connect: false, ..GrpcOptions::default() })).to_string();
    assert!(with.contains("pub async fn connect<D>"));
    assert!(with.contains("tonic::transport::Channel"));
    assert!(!without.contains("pub async fn connect<D>"));
    assert!(!without.contains("tonic::transport"));
}

#[test]
fn config_generates_services_unless_turned_off() {
    let s = schema();
    let on = Config::new().generate(&s);
    assert_eq!(on, generate_with_grpc(&s, &GrpcOptions::default()));
    let off = Config::new().services(false).generate(&s);
    assert_eq!(off, generate(&s));
    assert!(!orders(&off).contains("orders_server"));
    let mut c = Config::new();
    c.server_requests(Received::Message).client_responses(Received::Owned).grpc_connect(false);
    let opts = GrpcOptions { server_requests: Received::Message, client_responses: Received::Owned, connect: false };
    assert_eq!(c.generate(&s), generate_with_grpc(&s, &opts));
}

/// Names the schema writes that Rust cannot take as they are: keywords,
/// non-snake method names, a service without a package.
#[test]
fn awkward_names() {
    let s = zerowire_schema::check_source(
        "t.zw",
        "message type {}\n/// Docs.\nservice match {\n    rpc GetHTTPThing(type) returns (type);\n    rpc self(stream type) returns (type) [deprecated];\n}\n",
    )
    .unwrap_or_else(|d| panic!("{}", d.render()));
    let files = generate_with_grpc(&s, &GrpcOptions::default());
    assert_eq!(files.len(), 1);
    let src = &files[0].source;
    // The output parsed (prettyplease formatted it): nothing fell back to raw tokens.
    assert!(src.contains("pub mod r#match_server {"), "{src}");
    assert!(src.contains("pub trait r#match:"), "{src}");
    insta::assert_snapshot!("awkward_names_signatures", signatures(src));
    assert!(src.contains("\"/match/GetHTTPThing\""));
    assert!(src.contains("\"/match/self\""));
    assert!(src.contains("#[deprecated]"));
}
