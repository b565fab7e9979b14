//! The code `zerowire-schema` generates for `schema/tests/schemas/everything.zw`,
//! `edge.zw`, `services.zw` (with its gRPC servers and clients) and
//! `schema/examples/orderbook.zw`, compiled by `build.rs` through
//! `zerowire_schema::Config` and included with `zerowire::include_schema!`.
//!
//! Packages are nested as modules (`shop.v1` is `shop::v1`), which is what the
//! generated cross-package paths (`super::super::common::v1::Money`) expect.

/// Package `shop.v1` (everything.zw).
pub mod shop {
    /// Version 1.
    #[allow(missing_docs)]
    pub mod v1 {
        zerowire::include_schema!("shop.v1");
    }
}

/// Package `common.v1` (common.zw, imported by everything.zw).
pub mod common {
    /// Version 1.
    #[allow(missing_docs)]
    pub mod v1 {
        zerowire::include_schema!("common.v1");
    }
}

/// Package `edge` (edge.zw): names and shapes that stress code generation.
/// (`non_snake_case`: the inline struct field `B` keeps its schema name,
/// and so do the fields of the wire type the derive makes for it.)
#[allow(missing_docs, non_snake_case)]
pub mod edge {
    zerowire::include_schema!("edge");
}

/// Package `market.book.v1` (orderbook.zw): an order-book feed.
pub mod market {
    /// The order book.
    pub mod book {
        /// Version 1.
        #[allow(missing_docs)]
        pub mod v1 {
            zerowire::include_schema!("market.book.v1");
        }
    }
}

/// Package `orders.v1` (services.zw): messages and the service `Orders`,
/// whose server handlers receive `zerowire::Owned<Req>` and whose client
/// receives `Resp` (the defaults).
pub mod orders {
    /// Version 1.
    #[allow(missing_docs)]
    pub mod v1 {
        zerowire::include_schema!("orders.v1");
    }
}

/// services.zw generated with the other choice on each side: server
/// handlers receive the decoded `Req`, the client `zerowire::Owned<Resp>`.
/// Its packages nest as the default output's do, under this module.
pub mod decoded {
    /// Package `orders.v1`.
    pub mod orders {
        /// Version 1.
        #[allow(missing_docs)]
        pub mod v1 {
            include!(concat!(env!("OUT_DIR"), "/decoded/orders.v1.rs"));
        }
    }

    /// Package `common.v1`, which `orders.v1` uses.
    pub mod common {
        /// Version 1.
        #[allow(missing_docs)]
        pub mod v1 {
            include!(concat!(env!("OUT_DIR"), "/decoded/common.v1.rs"));
        }
    }
}
