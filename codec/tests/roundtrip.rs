//! Encode -> view -> owned for every supported type.

#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::common;

use common::*;
use zerowire::{Message, MessageView};

#[test]
fn every_type_round_trips() {
    let v = sample();
    let bytes = zerowire::encode(&v);
    assert_eq!(bytes.len(), zerowire::encoded_len(&v), "encoded_len is exact");
    let decoded: Everything = zerowire::decode(&bytes).unwrap();
    assert_eq!(decoded, v);
    assert_eq!(zerowire::encode(&decoded), bytes, "re-encoding gives the same bytes");
}

#[test]
fn views_read_every_field_in_place() {
    let v = sample();
    let bytes = zerowire::encode(&v);
    let r = zerowire::validate::<Everything>(&bytes).unwrap();
    assert!(r.flag() && r.flag2());
    assert_eq!((r.u8_(), r.u16_(), r.u32_(), r.u64_()), (v.u8_, v.u16_, v.u32_, v.u64_));
    assert_eq!((r.i8_(), r.i16_(), r.i32_(), r.i64_()), (v.i8_, v.i16_, v.i32_, v.i64_));
    assert_eq!((r.f32_(), r.f64_(), r.ch()), (v.f32_, v.f64_, v.ch));
    assert_eq!(r.text(), v.text);
    assert_eq!(r.blob().as_bytes(), &v.blob[..]);
    assert_eq!(r.shared(), &v.shared[..]);
    assert_eq!(r.uuid(), v.uuid);
    assert_eq!(r.position(), v.position);
    assert_eq!(r.ints().to_vec(), v.ints);
    assert_eq!(r.ints().get(3), Some(u32::MAX));
    assert_eq!(r.ints().get(4), None);
    assert_eq!(r.floats().to_vec(), v.floats);
    assert_eq!(r.bools().to_vec(), v.bools);
    let strings: Vec<&str> = r.strings().iter().collect();
    assert_eq!(strings, ["a", "", "ccc"]);
    let points = r.points();
    assert_eq!(points.len(), 3);
    assert_eq!((points.get(2).unwrap().x(), points.get(2).unwrap().y()), (-3, 4));
    assert!(points.get(3).is_none());
    assert_eq!(r.method(), Method::Post);
    assert_eq!(r.methods().to_vec(), v.methods);
    assert_eq!((r.opt_u32(), r.opt_flag()), (Some(0), Some(false)));
    assert_eq!(r.opt_text(), Some(""));
    assert_eq!(r.opt_point().map(|p| p.x()), Some(0));
    assert_eq!(r.point().y(), 20);
    assert_eq!(r.vec3(), v.vec3);
    // A list of inline structs is a zero-copy slice of their wire type.
    let wire: &[Vec3Wire] = r.vec3s().as_wire();
    assert_eq!(wire.len(), 3);
    assert_eq!(wire[1].z.get(), 3.0);
    let map: Vec<(&str, u64)> = r.map().iter().collect();
    assert_eq!(map, [("a", 1), ("b", 2)]);
    assert_eq!(r.map().find(|k| k == "b"), Some(2));
    assert_eq!(r.map().get("b"), Some(2));
    // HashMap entries are stored sorted by key.
    let keys: Vec<u32> = r.hmap().iter().map(|(k, _)| k).collect();
    assert_eq!(keys, [1, 7]);
    match r.payload() {
        PayloadView::Point(p) => assert_eq!(p.x(), 5),
        other => panic!("wrong arm: {other:?}"),
    }
    assert!(matches!(r.opt_payload(), Some(PayloadView::Count(77))));
    let nested: Vec<Vec<u16>> = r.nested().iter().map(|l| l.to_vec()).collect();
    assert_eq!(nested, v.nested);
    let opt: Vec<Option<&str>> = r.opt_strings().iter().collect();
    assert_eq!(opt, [Some("x"), None, Some("")]);
    let tree = r.tree();
    assert_eq!(tree.children().get(1).unwrap().value(), 3);
    assert_eq!(tree.next().unwrap().value(), 4);
}

#[test]
fn views_work_at_every_address() {
    let v = sample();
    let bytes = zerowire::encode(&v);
    let mut big = vec![0u8; bytes.len() + 16];
    for shift in 0..8 {
        big[shift..shift + bytes.len()].copy_from_slice(&bytes);
        let slice = &big[shift..shift + bytes.len()];
        let r = zerowire::validate::<Everything>(slice).unwrap();
        assert_eq!(r.u64_(), v.u64_);
        assert_eq!(r.floats().get(0), Some(0.5));
        assert_eq!(r.vec3s().as_wire()[2].x.get(), 1.0);
        assert_eq!(zerowire::decode::<Everything>(slice).unwrap(), v);
    }
}

#[test]
fn default_value_is_just_a_header() {
    let bytes = zerowire::encode(&Everything::default());
    // size = 6, data_len = 0: every field trimmed.
    assert_eq!(bytes, [6, 0, 0, 0, 0, 0]);
    assert_eq!(zerowire::decode::<Everything>(&bytes).unwrap(), Everything::default());
    let r = zerowire::view::<Everything>(&bytes).unwrap();
    assert_eq!((r.u64_(), r.text().unwrap(), r.ints().unwrap().len()), (0, "", 0));
    assert!(matches!(r.payload(), PayloadView::Nothing), "tag 0 reads as the default arm");
    assert!(r.opt_payload().is_none());
}

#[test]
fn trailing_defaults_are_trimmed() {
    let v = Everything { u8_: 1, ..Default::default() };
    let bytes = zerowire::encode(&v);
    // header, then data up to and including u8_'s slot (bit byte + u8).
    assert_eq!(bytes, [8, 0, 0, 0, 2, 0, 0, 1]);
}

#[test]
fn small_message_bytes_are_as_specified() {
    // The worked example of docs/FORMAT.md.
    let p = Point { x: 1, y: -2 };
    assert_eq!(zerowire::encode(&p), [14, 0, 0, 0, 8, 0, 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
    let t = Tree { value: 7, children: vec![], next: Some(Box::new(Tree { value: 8, ..Default::default() })) };
    let b = zerowire::encode(&t);
    assert_eq!(
        b,
        [
            28, 0, 0, 0, 12, 0, // header: size 28, data_len 12
            7, 0, 0, 0, // value @0
            0, 0, 0, 0, // children @1: absent (empty)
            4, 0, 0, 0, // next @2: child 4 bytes after this slot
            10, 0, 0, 0, 4, 0, 8, 0, 0, 0, // the child: size 10, data_len 4, value 8
        ]
    );
}

#[test]
fn owned_handle_is_send_sync_static_and_cheap_to_clone() {
    fn assert_traits<T: Send + Sync + 'static + Clone>() {}
    assert_traits::<zerowire::Owned<Everything>>();
    let v = sample();
    let owned = zerowire::Owned::<Everything>::from_message(&v);
    let clone = owned.clone();
    assert_eq!(owned.bytes().as_ptr(), clone.bytes().as_ptr(), "clone shares the bytes");
    let from_bytes = zerowire::Owned::<Everything>::new(owned.bytes().clone()).unwrap();
    assert_eq!(from_bytes.view().text(), v.text);
    assert_eq!(from_bytes.decode().unwrap(), v);
    assert_eq!(format!("{from_bytes:?}"), format!("Owned<Everything>({} bytes)", owned.bytes().len()));
}

#[test]
fn encode_into_appends_to_bytes_mut_and_vec() {
    let v = sample();
    let mut vec = vec![9u8; 3];
    zerowire::encode_into(&v, &mut vec);
    let mut bm = bytes::BytesMut::from(&[9u8; 3][..]);
    zerowire::encode_into(&v, &mut bm);
    assert_eq!(&vec[..], &bm[..]);
    assert_eq!(zerowire::decode::<Everything>(&vec[3..]).unwrap(), v);
}

#[test]
fn view_table_round_trip() {
    let bytes = zerowire::encode(&Point { x: 3, y: 4 });
    let view = zerowire::view::<Point>(&bytes).unwrap();
    let again = PointView::from_table(view.table());
    assert_eq!(again.y(), 4);
    assert_eq!(<Point as Message>::DATA_LEN, 8);
}

#[test]
fn declared_defaults_are_stored_as_zero() {
    use zerowire::__private::scalar::with_default;
    use zerowire::layout::Slot;
    let slot = Slot::bytes_at(0, 4);
    let mut buf = vec![0u8; 4];
    with_default::write(7u32, 7u32, &mut buf, 0, slot);
    assert_eq!(buf, [0, 0, 0, 0], "the default is all zeros");
    assert!(with_default::is_default(7u32, 7));
    with_default::write(5u32, 7u32, &mut buf, 0, slot);
    let t = zerowire::Table::new(&buf, 0, 0, 4).unwrap();
    assert_eq!(with_default::read(&t, slot, 7u32), 5);
    // A slot past the stored data reads as the declared default.
    assert_eq!(with_default::read(&zerowire::Table::EMPTY, slot, 7u32), 7);
    assert_eq!(with_default::read(&zerowire::Table::EMPTY, slot, -1.5f64), -1.5);
    assert!(with_default::read(&zerowire::Table::EMPTY, Slot { has_bit: true, ..slot }, true));
}

zerowire::__message! {
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Empty view EmptyView {}
}

zerowire::__message! {
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Empties view EmptiesView {
        pub items @0: Vec<Empty>,
    }
}

#[test]
fn lists_of_field_less_messages_round_trip() {
    // The writer's stride is at least one byte, so the reader's bound of a
    // count by the bytes holding it accepts what the writer wrote.
    let v = Empties { items: vec![Empty {}; 3] };
    let bytes = zerowire::encode(&v);
    assert_eq!(&bytes[10..], [3, 1, 0, 0, 0, 0]);
    assert_eq!(zerowire::decode::<Empties>(&bytes).unwrap(), v);
    assert_eq!(zerowire::validate::<Empties>(&bytes).unwrap().items().len(), 3);
}

#[test]
fn a_late_bool_lives_in_the_first_bit_byte() {
    // flag2 (@38) takes bit 3 of byte 0 (after flag and the presence bits of
    // opt_u32 and opt_flag): setting it keeps one data byte.
    let bytes = zerowire::encode(&Everything { flag2: true, ..Default::default() });
    assert_eq!(bytes, [7, 0, 0, 0, 1, 0, 0b1000]);
    assert!(zerowire::view::<Everything>(&bytes).unwrap().flag2());
}

#[test]
fn views_decode_to_owned_values() {
    let v = sample();
    let bytes = zerowire::encode(&v);
    let r = zerowire::view::<Everything>(&bytes).unwrap();
    assert_eq!(zerowire::decode_view::<Everything>(r).unwrap(), v);
    assert_eq!(zerowire::decode_view::<Point>(r.point().unwrap()).unwrap(), v.point);
    assert_eq!(zerowire::decode_view::<Point>(r.points().unwrap().get(2).unwrap()).unwrap(), v.points[2]);
    assert_eq!(zerowire::decode_view::<Tree>(r.tree().unwrap()).unwrap(), v.tree);
}
