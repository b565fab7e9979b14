//! The validated view (`zerowire::validate`, `Owned::view`) against the lazy
//! view, through the derive: for a message with every kind of field, on
//! varied values, every validated accessor returns the lazy accessor's `Ok`
//! value; plus what only the validated view has (plain `Debug`, lookup by
//! key, list ends).
#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::{common, derived};

use common::Rng;
use derived::*;
use zerowire::{Lazy, Validated};

fn points_agree(v: PointView<'_, Validated>, l: PointView<'_, Lazy>) {
    assert_eq!((v.x(), v.y()), (l.x(), l.y()));
}

fn nodes_agree(v: NodeView<'_, Validated>, l: NodeView<'_, Lazy>) {
    assert_eq!(v.value(), l.value());
    points_agree(v.boxed(), l.boxed().unwrap());
    let (vc, lc) = (v.children(), l.children().unwrap());
    assert_eq!(vc.len(), lc.len());
    for (a, b) in vc.iter().zip(lc.iter()) {
        nodes_agree(a, b);
    }
    match (v.next(), l.next().unwrap()) {
        (None, None) => {}
        (Some(a), Some(b)) => nodes_agree(a, b),
        (a, b) => panic!("next: {a:?} / {b:?}"),
    }
}

fn payloads_agree(v: Option<PayloadView<'_, Validated>>, l: Option<PayloadView<'_, Lazy>>) {
    match (v, l) {
        (None, None) => {}
        (Some(PayloadView::Text(a)), Some(PayloadView::Text(b))) => assert_eq!(a, b.unwrap()),
        (Some(PayloadView::Count(a)), Some(PayloadView::Count(b))) => assert_eq!(a, b),
        (Some(PayloadView::Point(a)), Some(PayloadView::Point(b))) => points_agree(a, b.unwrap()),
        (Some(PayloadView::Flag(a)), Some(PayloadView::Flag(b))) => assert_eq!(a, b),
        (Some(PayloadView::Segment(a)), Some(PayloadView::Segment(b))) => assert_eq!(a, b),
        (Some(PayloadView::Color(a)), Some(PayloadView::Color(b))) => assert_eq!(a, b),
        (Some(PayloadView::List(a)), Some(PayloadView::List(b))) => {
            assert!(a.iter().eq(b.unwrap().iter().map(|s| s.unwrap())))
        }
        (Some(PayloadView::Nothing), Some(PayloadView::Nothing)) => {}
        (Some(PayloadView::Unknown(a)), Some(PayloadView::Unknown(b))) => assert_eq!(a, b),
        (a, b) => panic!("arms differ: {a:?} / {b:?}"),
    }
}

/// Every accessor of `All`'s validated view equals the lazy one's `Ok` value.
fn all_agree(v: &AllView<'_, Validated>, l: &AllView<'_>) {
    assert_eq!((v.flag(), v.u8_(), v.u16_(), v.u32_(), v.u64_()), (l.flag(), l.u8_(), l.u16_(), l.u32_(), l.u64_()));
    assert_eq!((v.i8_(), v.i16_(), v.i32_(), v.i64_()), (l.i8_(), l.i16_(), l.i32_(), l.i64_()));
    assert_eq!((v.f32_().to_bits(), v.f64_().to_bits(), v.ch()), (l.f32_().to_bits(), l.f64_().to_bits(), l.ch()));
    assert_eq!(v.text(), l.text().unwrap());
    assert_eq!(v.blob().as_bytes(), l.blob().unwrap().as_bytes());
    assert_eq!(v.shared(), l.shared().unwrap());
    assert_eq!((v.arr(), v.arr16()), (l.arr(), l.arr16()));
    assert_eq!(v.bools().to_vec(), l.bools().unwrap().to_vec());
    assert_eq!(v.ints().to_vec(), l.ints().unwrap().to_vec());
    assert_eq!((v.ints().first(), v.ints().last()), (l.ints().unwrap().first(), l.ints().unwrap().last()));
    let (vs, ls) = (v.strings(), l.strings().unwrap());
    assert!(vs.iter().eq(ls.iter().map(|s| s.unwrap())));
    assert!(vs.iter().rev().eq(ls.iter().rev().map(|s| s.unwrap())));
    assert_eq!((vs.first(), vs.last()), (ls.first().map(|s| s.unwrap()), ls.last().map(|s| s.unwrap())));
    let (vp, lp) = (v.points(), l.points().unwrap());
    assert_eq!(vp.len(), lp.len());
    for (a, b) in vp.iter().rev().zip(lp.iter().rev()) {
        points_agree(a, b);
    }
    assert_eq!(v.colors().to_vec(), l.colors().unwrap().to_vec());
    let (vu, lu) = (v.payloads(), l.payloads().unwrap());
    assert_eq!(vu.len(), lu.len());
    for (a, b) in vu.iter().zip(lu.iter()) {
        payloads_agree(Some(a), Some(b));
    }
    assert_eq!(v.segments().to_vec(), l.segments().unwrap().to_vec());
    assert_eq!(v.uuids().to_vec(), l.uuids().unwrap().to_vec());
    let (vn, ln) = (v.nested(), l.nested().unwrap());
    assert!(vn.iter().map(|l| l.to_vec()).eq(ln.iter().map(|l| l.unwrap().to_vec())));
    let (vb, lb) = (v.blobs(), l.blobs().unwrap());
    assert!(vb.iter().map(|b| b.as_bytes()).eq(lb.iter().map(|b| b.unwrap().as_bytes())));
    assert_eq!((v.opt_u64(), v.opt_bool(), v.opt_color()), (l.opt_u64(), l.opt_bool(), l.opt_color()));
    assert_eq!(v.opt_text(), l.opt_text().unwrap());
    match (v.opt_point(), l.opt_point().unwrap()) {
        (None, None) => {}
        (Some(a), Some(b)) => points_agree(a, b),
        (a, b) => panic!("opt_point: {a:?} / {b:?}"),
    }
    payloads_agree(v.opt_payload(), l.opt_payload());
    assert_eq!(v.opt_segment(), l.opt_segment());
    assert_eq!(v.opt_list().map(|l| l.to_vec()), l.opt_list().unwrap().map(|l| l.to_vec()));
    points_agree(v.point(), l.point().unwrap());
    nodes_agree(v.node(), l.node().unwrap());
    points_agree(v.boxed(), l.boxed().unwrap());
    let (vh, lh) = (v.hmap(), l.hmap().unwrap());
    assert_eq!(vh.len(), lh.len());
    for ((vk, vv), (lk, lv)) in vh.iter().zip(lh.iter()) {
        assert_eq!(vk, lk.unwrap());
        points_agree(vv, lv.unwrap());
        points_agree(vh.get(vk).expect("every stored key is found"), lh.get(vk).unwrap().unwrap());
    }
    let (vbm, lbm) = (v.bmap(), l.bmap().unwrap());
    assert!(vbm.iter().eq(lbm.iter().map(|(k, v)| (k, v.unwrap()))));
    for (k, val) in vbm.iter() {
        assert_eq!(vbm.get(&k), Some(val));
    }
    let (vem, lem) = (v.emap(), l.emap().unwrap());
    assert!(vem.iter().map(|(k, v)| (k, v.to_vec())).eq(lem.iter().map(|(k, v)| (k, v.unwrap().to_vec()))));
    for (k, val) in vem.iter() {
        assert_eq!(vem.get(&k).map(|l| l.to_vec()), Some(val.to_vec()));
    }
    assert_eq!((v.color(), v.small(), v.big()), (l.color(), l.small(), l.big()));
    assert_eq!((v.segment(), v.uuid(), v.r#type()), (l.segment(), l.uuid(), l.r#type()));
    payloads_agree(Some(v.payload()), Some(l.payload()));
    match (v.shape(), l.shape()) {
        (ShapeView::Circle(a), ShapeView::Circle(b)) | (ShapeView::Square(a), ShapeView::Square(b)) => {
            assert_eq!(a.to_bits(), b.to_bits())
        }
        (ShapeView::Named(a), ShapeView::Named(b)) => assert_eq!(a, b.unwrap()),
        (a, b) => panic!("shape: {a:?} / {b:?}"),
    }
    assert_eq!(format!("{:?}", v.closed()), format!("{:?}", l.closed()));
    assert_eq!(format!("{:?}", v.mode()), format!("{:?}", l.mode()));
}

/// A string of `n` characters, ASCII or not.
fn text(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| ['a', 'Z', '7', ' ', 'é', 'λ', '日', '🦀'][rng.below(8)]).collect()
}

fn payload(rng: &mut Rng) -> Payload {
    match rng.below(9) {
        0 => Payload::Text(text(rng, 5)),
        1 => Payload::Count(rng.next() as u32),
        2 => Payload::Point(Point { x: rng.next() as i32, y: 3 }),
        3 => Payload::Flag(rng.below(2) == 1),
        4 => Payload::Segment(Segment::default()),
        5 => Payload::Color(Color::Unknown(rng.below(3) as u16 + 20)),
        6 => Payload::List((0..rng.below(4)).map(|i| text(rng, i)).collect()),
        7 => Payload::Nothing,
        _ => Payload::Unknown(100 + rng.below(50) as u16),
    }
}

/// `sample()` with its lists, strings, maps and arms varied by `rng`.
fn varied(rng: &mut Rng) -> All {
    let mut v = sample();
    let n = rng.below(6);
    let len = rng.below(40);
    v.text = text(rng, len);
    v.u64_ = rng.next();
    v.f64_ = f64::from_bits(rng.next());
    v.strings = (0..n).map(|i| text(rng, i * 3)).collect();
    v.points = (0..n).map(|i| Point { x: i as i32, y: rng.next() as i32 }).collect();
    v.payloads = (0..n).map(|_| payload(rng)).collect();
    v.nested = (0..n).map(|i| (0..i as u32).collect()).collect();
    v.blobs = (0..n).map(|i| vec![i as u8; i]).collect();
    v.opt_text = (rng.below(2) == 1).then(|| text(rng, 4));
    v.opt_point = (rng.below(2) == 1).then_some(Point { x: 1, y: 2 });
    v.opt_payload = (rng.below(2) == 1).then(|| payload(rng));
    v.opt_list = (rng.below(2) == 1).then(|| vec![1, 2, 3]);
    v.hmap = (0..n).map(|i| (text(rng, i + 1), Point { x: i as i32, y: 0 })).collect();
    v.bmap = (0..n as u32).map(|i| (i * 7, text(rng, 2))).collect();
    v.payload = payload(rng);
    v.shape = match rng.below(3) {
        0 => Shape::Circle(1.5),
        1 => Shape::Square(0.0),
        _ => Shape::Named(text(rng, 3)),
    };
    v.node.children = (0..n).map(|i| Node { value: i as u32, ..Default::default() }).collect();
    v
}

#[test]
fn every_validated_accessor_equals_the_lazy_one() {
    let mut rng = Rng(0x5EED_1234);
    let empty = All {
        shape: Shape::Square(0.0),
        closed: Closed::Off,
        mode: Mode::Slow,
        payload: Payload::Nothing,
        strings: vec![],
        hmap: Default::default(),
        ..sample()
    };
    let values = [sample(), empty].into_iter().chain((0..200).map(|_| varied(&mut rng)));
    for value in values {
        let bytes = zerowire::encode(&value);
        let valid = zerowire::validate::<All>(&bytes).unwrap();
        let lazy = zerowire::view::<All>(&bytes).unwrap();
        all_agree(&valid, &lazy);
        let owned = zerowire::Owned::<All>::from_message(&value);
        all_agree(&owned.view(), &owned.lazy_view());
    }
}

#[test]
fn a_validated_view_prints_plain_values() {
    let bytes = zerowire::encode(&sample());
    let v = zerowire::validate::<All>(&bytes).unwrap();
    let debug = format!("{v:?}");
    assert!(debug.contains(r#"text: "text""#), "{debug}");
    assert!(debug.contains(r#"strings: ["a", ""]"#), "{debug}");
    assert!(debug.contains(r#"payloads: [Text("t"), Count(4)"#), "{debug}");
    assert!(!debug.contains("Ok("), "{debug}");
    // The lazy view still shows what each read returned.
    let lazy = format!("{:?}", zerowire::view::<All>(&bytes).unwrap());
    assert!(lazy.contains(r#"text: Ok("text")"#), "{lazy}");
}

#[test]
fn maps_are_looked_up_by_key_on_both_views() {
    let value = All { bmap: (0..100u32).map(|i| (i * 3, i.to_string())).collect(), ..sample() };
    let bytes = zerowire::encode(&value);
    let v = zerowire::validate::<All>(&bytes).unwrap();
    let l = zerowire::view::<All>(&bytes).unwrap();
    for k in 0..300u32 {
        let want = value.bmap.get(&k).map(String::as_str);
        assert_eq!(v.bmap().get(&k), want, "key {k}");
        assert_eq!(l.bmap().unwrap().get(&k).map(|s| s.unwrap()), want, "key {k}");
        assert_eq!(v.bmap().contains_key(&k), want.is_some());
    }
    assert_eq!(v.hmap().get("k").map(|p| p.x()), Some(1));
    assert_eq!(v.hmap().get("z").map(|p| p.x()), None);
    assert_eq!(v.emap().get(&Color::Blue).map(|b| b.to_vec()), Some(vec![7]));
    assert_eq!(v.emap().get(&Color::Green).map(|b| b.to_vec()), None);
    assert_eq!(v.bmap().get(&1), None);
}

#[test]
fn list_views_have_ends_and_run_both_ways() {
    let bytes = zerowire::encode(&sample());
    let v = zerowire::validate::<All>(&bytes).unwrap();
    assert_eq!((v.strings().first(), v.strings().last()), (Some("a"), Some("")));
    assert_eq!(v.points().last().map(|p| (p.x(), p.y())), Some((0, 0)));
    assert_eq!(v.points().iter().rev().map(|p| p.x()).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(v.ints().iter().rev().collect::<Vec<_>>(), [5, -5]);
    assert!(matches!(v.payloads().last(), Some(PayloadView::Unknown(1000))));
    let empty = zerowire::encode(&All { strings: vec![], ..sample() });
    let e = zerowire::validate::<All>(&empty).unwrap();
    assert_eq!((e.strings().first(), e.strings().last(), e.strings().iter().next_back()), (None, None, None));
}
