//! zerowire in one minute: derive, encode, read in place, validate, decode,
//! keep. Run with `cargo run -p zerowire --example derive`.

use zerowire::Owned;

/// An open enum: a newer peer's value arrives as `Unknown(n)` and is
/// written back unchanged.
#[derive(Debug, Clone, Copy, PartialEq, zerowire::Enum)]
enum Side {
    Buy,
    Sell,
    #[zerowire(unknown)]
    Unknown(u16),
}

/// An inline fixed-size value: stored in its slot, lists of it are read as
/// a zero-copy `&[PriceWire]`.
#[derive(Debug, Clone, Copy, PartialEq, zerowire::Struct)]
struct Price {
    mantissa: i64,
    exponent: i8,
}

/// A one-of: the view says which arm is stored.
#[derive(Debug, Clone, PartialEq, zerowire::Union)]
enum Venue {
    Exchange(String),
    Dark,
    #[zerowire(unknown)]
    Unknown(u16),
}

/// A message: fields are appended over time, never moved.
#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct Order {
    id: u64,
    symbol: String,
    side: Side,
    price: Price,
    qty: u32,
    venue: Venue,
    tags: Vec<String>,
    /// Added in v2, with a declared default that old data reads as.
    #[zerowire(default = 1)]
    lots: u32,
}

fn main() -> Result<(), zerowire::Error> {
    let order = Order {
        id: 42,
        symbol: "ZW".into(),
        side: Side::Sell,
        price: Price { mantissa: 12_345, exponent: -2 },
        qty: 100,
        venue: Venue::Exchange("XNAS".into()),
        tags: vec!["gtc".into(), "post-only".into()],
        lots: 1,
    };

    // Encode: one allocation of exactly the right size.
    let bytes = zerowire::encode(&order);
    println!("encoded {} bytes", bytes.len());

    // Lazy view: O(1) open, each accessor reads its slot in place.
    let view = zerowire::view::<Order>(&bytes)?;
    println!("id {} side {:?} price {:?} lots {}", view.id(), view.side(), view.price(), view.lots());
    println!("symbol {}", view.symbol()?); // references return Result
    if let VenueView::Exchange(mic) = view.venue() {
        println!("venue {}", mic?);
    }

    // Eager validation at a trust boundary: one pass, then nothing fails.
    let checked = zerowire::validate::<Order>(&bytes)?;
    println!("{checked:?}");

    // Decode into the owned struct.
    let back: Order = zerowire::decode(&bytes)?;
    assert_eq!(back, order);

    // Keep a validated message past the read buffer, without copying.
    let owned = Owned::<Order>::new(bytes.into())?;
    // Validated: the view's accessors return plain values.
    let tags: Vec<&str> = owned.view().tags().iter().collect();
    println!("kept {owned:?} with tags {tags:?}");
    Ok(())
}
