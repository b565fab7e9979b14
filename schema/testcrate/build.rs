//! Compiles the schema compiler's test schemas and the order-book example
//! into `OUT_DIR`, as a user's build script would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    zerowire_schema::Config::new().compile(&["../tests/schemas/everything.zw"], &["../tests/schemas"])?;
    zerowire_schema::Config::new().compile(&["../tests/schemas/edge.zw"], &["../tests/schemas"])?;
    zerowire_schema::Config::new().compile(&["../examples/orderbook.zw"], &["../examples"])?;
    Ok(())
}
