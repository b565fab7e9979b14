//! Compiles the demo services' schema (`schemas/services.zw`) into
//! `OUT_DIR`, as a user's build script does; `src/services.rs` includes it.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    zerowire_schema::Config::new().compile(&["schemas/services.zw"], &["schemas"])?;
    Ok(())
}
