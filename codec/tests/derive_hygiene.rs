//! Hygiene of the generated code: the runtime is reached through a renamed
//! crate (`#[zerowire(crate = "zw")]`), and local items named like the
//! prelude and the runtime (`Result`, `Vec`, `Option`, `Box`, `Field`,
//! `Some`, `Ok`, a module `core`, ...) are in scope where the derives expand.
#![allow(dead_code, missing_docs, unreachable_pub, non_camel_case_types, clippy::upper_case_acronyms)]

extern crate zerowire as zw;

struct Result;
struct Vec;
struct Option;
struct Box;
struct Field;
struct Message;
struct Table;
struct Some;
struct None;
struct Ok;
struct Err;
struct String;
struct LAYOUT;
trait Clone {}
trait Copy {}
trait Debug {}
mod core {}
mod zerowire {}
mod std {}

type Str = ::std::string::String;

#[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq, zw::Enum)]
#[zerowire(crate = "zw")]
pub enum Kind {
    A,
    B,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq, zw::Struct)]
#[zerowire(crate = "zw")]
pub struct Pos {
    pub x: f32,
    pub y: f32,
}

#[derive(::core::fmt::Debug, ::core::cmp::PartialEq, zw::Union)]
#[zerowire(crate = "zw")]
pub enum Either {
    Left(Str),
    Right(u32),
    None,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(::core::fmt::Debug, ::core::cmp::PartialEq, zw::Message)]
#[zerowire(crate = "zw")]
pub struct Inner {
    pub name: Str,
}

#[derive(::core::fmt::Debug, ::core::cmp::PartialEq, zw::Message)]
#[zerowire(crate = "zw")]
pub struct Outer {
    pub list: ::std::vec::Vec<u32>,
    pub maybe: ::core::option::Option<Str>,
    pub boxed: ::std::boxed::Box<Inner>,
    pub next: ::core::option::Option<::std::boxed::Box<Outer>>,
    pub inners: ::std::vec::Vec<Inner>,
    pub kind: Kind,
    pub kinds: ::std::vec::Vec<Kind>,
    pub pos: Pos,
    pub either: Either,
    pub eithers: ::std::vec::Vec<Either>,
    #[zerowire(default = 5)]
    pub five: u32,
    #[zerowire(deprecated)]
    pub gone: u8,
}

#[derive(::core::fmt::Debug, ::core::cmp::PartialEq, zw::Message)]
#[zerowire(crate = "zw")]
pub struct Generic<T: ::core::clone::Clone, B> {
    pub t: T,
    pub b: ::std::vec::Vec<B>,
}

#[test]
fn derives_expand_with_a_renamed_crate_and_shadowed_names() {
    let o = Outer {
        list: ::std::vec![1, 2],
        maybe: ::core::option::Option::Some("m".into()),
        boxed: ::std::boxed::Box::new(Inner { name: "i".into() }),
        next: ::core::option::Option::None,
        inners: ::std::vec![Inner { name: "j".into() }],
        kind: Kind::B,
        kinds: ::std::vec![Kind::A, Kind::Unknown(9)],
        pos: Pos { x: 1.0, y: 2.0 },
        either: Either::Left("l".into()),
        eithers: ::std::vec![Either::Right(3), Either::None],
        five: 5,
        gone: 0,
    };
    let bytes = zw::encode(&o);
    assert_eq!(zw::decode::<Outer>(&bytes).unwrap(), o);
    let v = zw::validate::<Outer>(&bytes).unwrap();
    assert_eq!(v.boxed().name(), "i");
    assert_eq!((v.kind(), v.pos(), v.five()), (Kind::B, Pos { x: 1.0, y: 2.0 }, 5));
    let g = Generic { t: 1u8, b: ::std::vec![Kind::A] };
    assert_eq!(zw::decode::<Generic<u8, Kind>>(&zw::encode(&g)).unwrap(), g);
}
