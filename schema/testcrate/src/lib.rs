//! The code `zerowire-schema` generates for `schema/tests/schemas/everything.zw`
//! and `schema/examples/orderbook.zw`, compiled by `build.rs` through
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
