// Compiles and runs: a generic message with bounds, a renamed crate, and a
// view used through its accessors.
extern crate zerowire as zw;

#[derive(Debug, PartialEq, zw::Message)]
#[zerowire(crate = "zw")]
pub struct Wrapper<T: Clone + std::fmt::Debug, const N: usize> {
    pub inner: T,
    pub fixed: [u8; N],
    pub more: Vec<T>,
}

fn main() {
    let w = Wrapper { inner: "a".to_string(), fixed: [1, 2], more: vec!["b".to_string()] };
    let bytes = zw::encode(&w);
    let v = zw::validate::<Wrapper<String, 2>>(&bytes).unwrap();
    assert_eq!(v.inner(), "a");
    assert_eq!(v.fixed(), [1, 2]);
    assert_eq!(zw::decode::<Wrapper<String, 2>>(&bytes).unwrap(), w);
}
