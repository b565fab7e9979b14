//! Frame type ids (`docs/FORMAT.md` section 16.11), computed here so the
//! compiler does not depend on the runtime.

/// The type id of a message named `name` (its package-qualified name): the
/// 32-bit FNV-1a hash of its UTF-8 bytes, 1 if that is 0. Equal to
/// `zerowire::meta::type_id(name)`.
pub const fn type_id(name: &str) -> u32 {
    let b = name.as_bytes();
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    if h == 0 { 1 } else { h }
}

#[cfg(test)]
mod tests {
    use super::type_id;

    #[test]
    fn equals_the_runtime() {
        for name in ["", "a", "shop.v1.Order", "common.v1.Money", "Ping", "ünïcode.Ü"] {
            assert_eq!(type_id(name), zerowire::meta::type_id(name), "{name}");
        }
        // FNV-1a test vectors.
        assert_eq!(type_id(""), 0x811c_9dc5);
        assert_eq!(type_id("a"), 0xe40c_292c);
    }
}
