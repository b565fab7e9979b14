//! Compiles the demo services' schema (`schemas/services.zw`) into
//! `OUT_DIR`, as a user's build script does; `src/services.rs` includes it.
//! Also generates the `prices.v1.Pricing` gRPC service of
//! `src/grpc_manual.rs` with tonic-build's manual builder: messages from
//! `#[derive(zerowire::Message)]`, no schema, zerowire's tonic codec.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    zerowire_schema::Config::new().compile(&["schemas/services.zw"], &["schemas"])?;
    pricing_service();
    Ok(())
}

/// The four kinds of gRPC method, each with zerowire's codec; requests that
/// the server reads in place are `Owned<_>`.
fn pricing_service() {
    use tonic_build::manual::{Builder, Method, Service};
    let method = |name: &str, route: &str, input: &str, output: &str| {
        Method::builder()
            .name(name)
            .route_name(route)
            .input_type(input)
            .output_type(output)
            .codec_path("::zerowire::tonic::Codec")
    };
    let owned_request = "::zerowire::Owned<crate::grpc_manual::PriceRequest>";
    let request = "crate::grpc_manual::PriceRequest";
    let reply = "crate::grpc_manual::PriceReply";
    let pricing = Service::builder()
        .name("Pricing")
        .package("prices.v1")
        .comment("Prices of symbols: one, a stream of ticks, a basket, a live feed.")
        .method(method("quote", "Quote", owned_request, reply).build())
        .method(method("ticks", "Ticks", "crate::grpc_manual::TickRequest", reply).server_streaming().build())
        .method(method("basket", "Basket", owned_request, reply).client_streaming().build())
        .method(method("live", "Live", request, reply).client_streaming().server_streaming().build())
        .build();
    Builder::new().compile(&[pricing]);
}
