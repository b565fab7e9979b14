//! Compiles the schema compiler's test schemas and the order-book example
//! into `OUT_DIR`, as a user's build script would.

use zerowire_schema::codegen::Received;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    zerowire_schema::Config::new().compile(&["../tests/schemas/everything.zw"], &["../tests/schemas"])?;
    zerowire_schema::Config::new().compile(&["../tests/schemas/edge.zw"], &["../tests/schemas"])?;
    zerowire_schema::Config::new().compile(&["../examples/orderbook.zw"], &["../examples"])?;
    // A service of every kind of call, with the default gRPC options (servers
    // receive `Owned<Req>`, clients `Resp`) ...
    zerowire_schema::Config::new().compile(&["../tests/schemas/services.zw"], &["../tests/schemas"])?;
    // ... and with the other choice on each side, in a directory of its own.
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?);
    zerowire_schema::Config::new()
        .out_dir(out.join("decoded"))
        .server_requests(Received::Message)
        .client_responses(Received::Owned)
        .compile(&["../tests/schemas/services.zw"], &["../tests/schemas"])?;
    Ok(())
}
