//! Message types that use every feature of the format, written with the
//! runtime's `__message!` fixture macro plus hand-written enum, inline
//! struct and union impls (what the derive will generate).
#![allow(dead_code, missing_docs, unreachable_pub)]

use std::collections::{BTreeMap, HashMap};

use arbitrary::{Arbitrary, Unstructured};
use zerocopy::byteorder::little_endian::{F32, U16};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};
use zerowire::__private::Validator;
use zerowire::__private::union::{self, Arm};
use zerowire::Scalar;
use zerowire::field::Field;
use zerowire::layout::{Shape, Slot};
use zerowire::{Lazy, Mode, Result, Table, Validated};

/// xorshift64*: a small seeded generator, so every run tests the same cases.
pub struct Rng(pub u64);

impl Rng {
    /// The next value. Not `Iterator::next`: the stream never ends, and an
    /// `Option` at every call site would say otherwise.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// --- an open enum --------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Arbitrary)]
pub enum Method {
    #[default]
    Get,
    Put,
    Post,
    /// A value this version does not know, kept as its number.
    Unknown(u16),
}

impl Scalar for Method {
    type Wire = U16;
    fn to_wire(self) -> U16 {
        U16::new(match self {
            Method::Get => 0,
            Method::Put => 1,
            Method::Post => 2,
            Method::Unknown(n) => n,
        })
    }
    fn from_wire(w: U16) -> Self {
        match w.get() {
            0 => Method::Get,
            1 => Method::Put,
            2 => Method::Post,
            n => Method::Unknown(n),
        }
    }
}
zerowire::__impl_scalar_field!([] Method);

/// Arbitrary that only produces canonical values (an `Unknown(1)` would
/// read back as `Put`).
pub fn method(u: &mut Unstructured<'_>) -> arbitrary::Result<Method> {
    Ok(Method::from_wire(U16::new(u.int_in_range(0..=6)?)))
}

// --- an inline struct ----------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Default, Arbitrary)]
pub struct Vec3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, FromBytes, IntoBytes, Unaligned, Immutable, KnownLayout)]
pub struct Vec3Wire {
    pub x: F32,
    pub y: F32,
    pub z: F32,
}

impl Scalar for Vec3 {
    type Wire = Vec3Wire;
    fn to_wire(self) -> Vec3Wire {
        Vec3Wire { x: self.x.into(), y: self.y.into(), z: self.z.into() }
    }
    fn from_wire(w: Vec3Wire) -> Self {
        Vec3 { x: w.x.get(), y: w.y.get(), z: w.z.get() }
    }
}
zerowire::__impl_scalar_field!([] Vec3);

// --- messages --------------------------------------------------------------------------

zerowire::__message! {
    #[derive(Debug, Clone, PartialEq, Eq, Default, Arbitrary, PartialOrd, Ord, Hash)]
    pub struct Point view PointView {
        pub x @0: i32,
        pub y @1: i32,
    }
}

zerowire::__message! {
    /// One string field, the last bytes of its encoding: the `utf8` fuzz
    /// target overwrites them with its input.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Named view NamedView {
        pub name @0: String,
    }
}

zerowire::__message! {
    #[derive(Debug, Clone, PartialEq, Default, Arbitrary)]
    pub struct Tree view TreeView {
        pub value @0: u32,
        pub children @1: Vec<Tree>,
        pub next @2: Option<Box<Tree>>,
    }
}

// --- a union (one-of) ---------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Arbitrary, Default)]
pub enum Payload {
    Text(String),
    Count(u32),
    Point(Point),
    Flag(bool),
    #[default]
    Nothing,
    Unknown(u16),
}

/// Arbitrary that avoids `Unknown` with a known tag (it would read back as
/// that arm) and tag 0 (which means "no arm").
pub fn payload(u: &mut Unstructured<'_>) -> arbitrary::Result<Payload> {
    Ok(match Payload::arbitrary(u)? {
        Payload::Unknown(n) => Payload::Unknown(6 + n % 1000),
        p => p,
    })
}
pub fn opt_payload(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<Payload>> {
    Ok(if bool::arbitrary(u)? { Some(payload(u)?) } else { None })
}

#[derive(Debug, Clone)]
pub enum PayloadView<'a, M: Mode = Lazy> {
    Text(M::Read<'a, String>),
    Count(u32),
    Point(M::Read<'a, Point>),
    Flag(bool),
    Nothing,
    Unknown(u16),
}

impl Payload {
    fn tag(&self) -> u16 {
        match self {
            Payload::Text(_) => 1,
            Payload::Count(_) => 2,
            Payload::Point(_) => 3,
            Payload::Flag(_) => 4,
            Payload::Nothing => 5,
            Payload::Unknown(n) => *n,
        }
    }
    /// # Safety
    ///
    /// For `Validated`, `slot` of `t` was validated by `check`.
    #[allow(unsafe_code)]
    unsafe fn view<'a, M: Mode>(t: &Table<'a>, slot: Slot) -> Option<PayloadView<'a, M>> {
        Some(match union::read_tag(t, slot) {
            0 => return None,
            // SAFETY: the caller's: `check` validated the `String` arm.
            1 => PayloadView::Text(unsafe { Arm::<String>::read_in::<M>(t, slot) }),
            2 => PayloadView::Count(Arm::<u32>::read(t, slot)),
            // SAFETY: the caller's: `check` validated the `Point` arm.
            3 => PayloadView::Point(unsafe { Arm::<Point>::read_in::<M>(t, slot) }),
            4 => PayloadView::Flag(Arm::<bool>::read(t, slot)),
            5 => PayloadView::Nothing,
            n => PayloadView::Unknown(n),
        })
    }
    fn check(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        match union::read_tag(t, slot) {
            0 | 5 => Ok(()),
            1 => Arm::<String>::validate(t, slot, cur, v),
            2 => Arm::<u32>::validate(t, slot, cur, v),
            3 => Arm::<Point>::validate(t, slot, cur, v),
            4 => Arm::<bool>::validate(t, slot, cur, v),
            _ => union::validate_unknown(t, slot, cur),
        }
    }
    fn read_owned(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Option<Self>> {
        Ok(Some(match union::read_tag(t, slot) {
            0 => return Ok(None),
            1 => Payload::Text(Arm::decode(t, slot, cur, v)?),
            2 => Payload::Count(Arm::decode(t, slot, cur, v)?),
            3 => Payload::Point(Arm::decode(t, slot, cur, v)?),
            4 => Payload::Flag(Arm::decode(t, slot, cur, v)?),
            5 => Payload::Nothing,
            n => {
                union::validate_unknown(t, slot, cur)?;
                Payload::Unknown(n)
            }
        }))
    }
    fn put<B: zerowire::Buffer>(&self, buf: &mut B, data: usize, slot: Slot) {
        match self {
            Payload::Text(s) => Arm::write(s, buf, data, slot, 1),
            Payload::Count(n) => Arm::write(n, buf, data, slot, 2),
            Payload::Point(p) => Arm::write(p, buf, data, slot, 3),
            Payload::Flag(b) => Arm::write(b, buf, data, slot, 4),
            p => union::write_tag(buf, data, slot, p.tag()),
        }
    }
    fn len(&self) -> usize {
        match self {
            Payload::Text(s) => Arm::extra_len(s),
            Payload::Count(n) => Arm::extra_len(n),
            Payload::Point(p) => Arm::extra_len(p),
            Payload::Flag(b) => Arm::extra_len(b),
            _ => 0,
        }
    }
}

#[allow(unsafe_code)]
impl Field for Payload {
    const SHAPE: Shape = Shape::UNION;
    /// Tag 0 reads as the default arm, as it decodes.
    type Read<'a> = PayloadView<'a>;
    fn read<'a>(t: &Table<'a>, slot: Slot) -> Self::Read<'a> {
        // SAFETY: no precondition in the lazy mode.
        unsafe { Payload::view(t, slot) }.unwrap_or(PayloadView::Nothing)
    }
    type Valid<'a> = PayloadView<'a, Validated>;
    unsafe fn read_valid<'a>(t: &Table<'a>, slot: Slot) -> Self::Valid<'a> {
        // SAFETY: the caller's: `slot` was checked by `validate` (`check`).
        unsafe { Payload::view(t, slot) }.unwrap_or(PayloadView::Nothing)
    }
    /// The default arm is stored as tag 0 ("no arm"), which a plain union
    /// field decodes as its default.
    fn is_default(&self) -> bool {
        matches!(self, Payload::Nothing)
    }
    fn write<B: zerowire::Buffer>(&self, buf: &mut B, data: usize, slot: Slot) {
        if !self.is_default() {
            self.put(buf, data, slot)
        }
    }
    fn extra_len(&self) -> usize {
        self.len()
    }
    fn validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        Payload::check(t, slot, cur, v)
    }
    fn decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Self> {
        Ok(Payload::read_owned(t, slot, cur, v)?.unwrap_or_default())
    }
    const OPT_SHAPE: Shape = Shape::UNION;
    type OptRead<'a> = Option<PayloadView<'a>>;
    fn opt_read<'a>(t: &Table<'a>, slot: Slot) -> Self::OptRead<'a> {
        // SAFETY: no precondition in the lazy mode.
        unsafe { Payload::view(t, slot) }
    }
    type OptValid<'a> = Option<PayloadView<'a, Validated>>;
    unsafe fn opt_read_valid<'a>(t: &Table<'a>, slot: Slot) -> Self::OptValid<'a> {
        // SAFETY: the caller's: `slot` was checked by `opt_validate` (`check`).
        unsafe { Payload::view(t, slot) }
    }
    fn opt_write<B: zerowire::Buffer>(v: Option<&Self>, buf: &mut B, data: usize, slot: Slot) {
        if let Some(v) = v {
            v.put(buf, data, slot)
        }
    }
    fn opt_extra_len(v: Option<&Self>) -> usize {
        v.map_or(0, Payload::len)
    }
    fn opt_validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        Payload::check(t, slot, cur, v)
    }
    fn opt_decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Option<Self>> {
        Payload::read_owned(t, slot, cur, v)
    }
    zerowire::__list_hooks!(slots);
}

fn bytes_arb(u: &mut Unstructured<'_>) -> arbitrary::Result<bytes::Bytes> {
    Ok(bytes::Bytes::from(Vec::<u8>::arbitrary(u)?))
}
fn methods(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<Method>> {
    let n = u.arbitrary_len::<u16>()?;
    (0..n).map(|_| method(u)).collect()
}

zerowire::__message! {
    #[derive(Debug, Clone, PartialEq, Default, Arbitrary)]
    pub struct Everything view EverythingView {
        pub flag @0: bool,
        pub u8_ @1: u8,
        pub u16_ @2: u16,
        pub u32_ @3: u32,
        pub u64_ @4: u64,
        pub i8_ @5: i8,
        pub i16_ @6: i16,
        pub i32_ @7: i32,
        pub i64_ @8: i64,
        pub f32_ @9: f32,
        pub f64_ @10: f64,
        pub ch @11: char,
        pub text @12: String,
        pub blob @13: Vec<u8>,
        #[arbitrary(with = bytes_arb)]
        pub shared @14: bytes::Bytes,
        pub uuid @15: [u8; 16],
        pub position @16: [f32; 3],
        pub ints @17: Vec<u32>,
        pub floats @18: Vec<f64>,
        pub bools @19: Vec<bool>,
        pub strings @20: Vec<String>,
        pub points @21: Vec<Point>,
        #[arbitrary(with = method)]
        pub method @22: Method,
        #[arbitrary(with = methods)]
        pub methods @23: Vec<Method>,
        pub opt_u32 @24: Option<u32>,
        pub opt_flag @25: Option<bool>,
        pub opt_text @26: Option<String>,
        pub opt_point @27: Option<Point>,
        pub point @28: Point,
        pub vec3 @29: Vec3,
        pub vec3s @30: Vec<Vec3>,
        pub map @31: BTreeMap<String, u64>,
        pub hmap @32: HashMap<u32, Point>,
        #[arbitrary(with = payload)]
        pub payload @33: Payload,
        #[arbitrary(with = opt_payload)]
        pub opt_payload @34: Option<Payload>,
        pub nested @35: Vec<Vec<u16>>,
        pub opt_strings @36: Vec<Option<String>>,
        pub tree @37: Tree,
        pub flag2 @38: bool,
    }
}

/// A value that sets every field to something non-default.
pub fn sample() -> Everything {
    Everything {
        flag: true,
        u8_: 0xab,
        u16_: 0xbeef,
        u32_: 0xdead_beef,
        u64_: u64::MAX - 1,
        i8_: -5,
        i16_: -300,
        i32_: -70_000,
        i64_: i64::MIN + 3,
        f32_: 1.5,
        f64_: -2.25e300,
        ch: 'λ',
        text: "héllo wörld".into(),
        blob: vec![0, 1, 2, 255],
        shared: bytes::Bytes::from_static(b"shared bytes"),
        uuid: *b"0123456789abcdef",
        position: [1.0, -2.0, 3.5],
        ints: vec![1, 2, 3, u32::MAX],
        floats: vec![0.5, -0.0, f64::INFINITY],
        bools: vec![true, false, true],
        strings: vec!["a".into(), String::new(), "ccc".into()],
        points: vec![Point { x: 1, y: 2 }, Point::default(), Point { x: -3, y: 4 }],
        method: Method::Post,
        methods: vec![Method::Get, Method::Unknown(99), Method::Put],
        opt_u32: Some(0),
        opt_flag: Some(false),
        opt_text: Some(String::new()),
        opt_point: Some(Point::default()),
        point: Point { x: 10, y: 20 },
        vec3: Vec3 { x: 0.1, y: 0.2, z: 0.3 },
        vec3s: vec![Vec3 { x: 1.0, y: 2.0, z: 3.0 }; 3],
        map: [("a".to_string(), 1), ("b".to_string(), 2)].into(),
        hmap: [(7, Point { x: 7, y: 7 }), (1, Point { x: 1, y: 1 })].into(),
        payload: Payload::Point(Point { x: 5, y: 6 }),
        opt_payload: Some(Payload::Count(77)),
        nested: vec![vec![1, 2], vec![], vec![3]],
        opt_strings: vec![Some("x".into()), None, Some(String::new())],
        tree: Tree {
            value: 1,
            children: vec![Tree { value: 2, ..Default::default() }, Tree { value: 3, ..Default::default() }],
            next: Some(Box::new(Tree { value: 4, ..Default::default() })),
        },
        flag2: true,
    }
}

/// Reads every field of a view through the lazy accessors, following
/// nested messages (trees down to `depth` levels), and returns a checksum.
/// After eager validation this must return `Ok`.
pub fn read_all(r: &EverythingView<'_>, depth: u32) -> Result<u64> {
    let mut h: u64 = r.flag() as u64 + r.flag2() as u64;
    h = h.wrapping_add(r.u8_() as u64 + r.u16_() as u64 + r.u32_() as u64).wrapping_add(r.u64_());
    h = h.wrapping_add((r.i8_() as i64 + r.i16_() as i64 + r.i32_() as i64).wrapping_add(r.i64_()) as u64);
    h = h.wrapping_add(r.f32_().to_bits() as u64 ^ r.f64_().to_bits()).wrapping_add(r.ch() as u64);
    h = h.wrapping_add(r.text()?.len() as u64 + r.blob()?.len() as u64 + r.shared()?.len() as u64);
    h = h.wrapping_add(r.uuid().iter().map(|&b| b as u64).sum::<u64>() + r.position()[1].to_bits() as u64);
    h = h.wrapping_add(r.ints()?.iter().map(u64::from).sum::<u64>());
    h = h.wrapping_add(r.floats()?.iter().map(f64::to_bits).fold(0, u64::wrapping_add));
    h = h.wrapping_add(r.bools()?.iter().filter(|&b| b).count() as u64);
    for s in r.strings()?.iter() {
        h = h.wrapping_add(s?.len() as u64);
    }
    for p in r.points()?.iter() {
        h = h.wrapping_add((p.x() as i64 + p.y() as i64) as u64);
    }
    h = h.wrapping_add(r.method().to_wire().get() as u64);
    h = h.wrapping_add(r.methods()?.iter().map(|m| m.to_wire().get() as u64).sum::<u64>());
    h = h.wrapping_add(r.opt_u32().unwrap_or(7) as u64 + r.opt_flag().map_or(3, u64::from));
    h = h.wrapping_add(r.opt_text()?.map_or(11, str::len) as u64);
    h = h.wrapping_add(r.opt_point()?.map_or(13, |p| p.x() as u64));
    h = h.wrapping_add(r.point()?.y() as u64);
    h = h.wrapping_add(r.vec3().x.to_bits() as u64);
    h = h.wrapping_add(r.vec3s()?.as_wire().iter().map(|v| v.z.get().to_bits() as u64).sum::<u64>());
    for (k, v) in r.map()?.iter() {
        h = h.wrapping_add(k?.len() as u64).wrapping_add(v);
    }
    for (k, v) in r.hmap()?.iter() {
        h = h.wrapping_add(k as u64).wrapping_add(v?.x() as u64);
    }
    for p in [Some(r.payload()), r.opt_payload()] {
        h = h.wrapping_add(match p {
            None => 1,
            Some(PayloadView::Text(s)) => s?.len() as u64,
            Some(PayloadView::Count(n)) => n as u64,
            Some(PayloadView::Point(p)) => p?.y() as u64,
            Some(PayloadView::Flag(b)) => b as u64,
            Some(PayloadView::Nothing) => 2,
            Some(PayloadView::Unknown(n)) => n as u64,
        });
    }
    for l in r.nested()?.iter() {
        h = h.wrapping_add(l?.iter().map(u64::from).sum::<u64>());
    }
    for s in r.opt_strings()?.iter() {
        h = h.wrapping_add(s?.map_or(5, str::len) as u64);
    }
    h = h.wrapping_add(read_tree(&r.tree()?, depth)?);
    Ok(h)
}

/// Reads a tree through the lazy accessors, `depth` levels deep.
pub fn read_tree(t: &TreeView<'_>, depth: u32) -> Result<u64> {
    let mut h = t.value() as u64;
    if depth == 0 {
        return Ok(h);
    }
    for c in t.children()?.iter() {
        h = h.wrapping_add(read_tree(&c, depth - 1)?);
    }
    if let Some(n) = t.next()? {
        h = h.wrapping_add(read_tree(&n, depth - 1)?);
    }
    Ok(h)
}

/// Checks every accessor of a validated view against the lazy view of the
/// same bytes: each validated value equals the lazy accessor's `Ok` value
/// (which must be `Ok`), following nested messages `depth` levels. Lists are
/// compared element by element, front to back and back to front, and maps
/// entry by entry and by key lookup.
pub fn views_agree(v: &EverythingView<'_, Validated>, l: &EverythingView<'_>, depth: u32) {
    assert_eq!((v.flag(), v.flag2()), (l.flag(), l.flag2()));
    assert_eq!((v.u8_(), v.u16_(), v.u32_(), v.u64_()), (l.u8_(), l.u16_(), l.u32_(), l.u64_()));
    assert_eq!((v.i8_(), v.i16_(), v.i32_(), v.i64_()), (l.i8_(), l.i16_(), l.i32_(), l.i64_()));
    assert_eq!((v.f32_().to_bits(), v.f64_().to_bits(), v.ch()), (l.f32_().to_bits(), l.f64_().to_bits(), l.ch()));
    assert_eq!(v.text(), l.text().unwrap());
    assert_eq!(v.blob().as_bytes(), l.blob().unwrap().as_bytes());
    assert_eq!(v.shared(), l.shared().unwrap());
    assert_eq!(v.uuid(), l.uuid());
    assert_eq!(v.position().map(f32::to_bits), l.position().map(f32::to_bits));
    assert_eq!(v.ints().to_vec(), l.ints().unwrap().to_vec());
    assert_eq!(v.ints().last(), l.ints().unwrap().last());
    assert_eq!(v.floats().as_wire().as_bytes(), l.floats().unwrap().as_wire().as_bytes());
    assert_eq!(v.bools().to_vec(), l.bools().unwrap().to_vec());
    let (vs, ls) = (v.strings(), l.strings().unwrap());
    assert_eq!(vs.len(), ls.len());
    assert!(vs.iter().eq(ls.iter().map(|s| s.unwrap())));
    assert!(vs.iter().rev().eq(ls.iter().rev().map(|s| s.unwrap())));
    assert_eq!(vs.last(), ls.last().map(|s| s.unwrap()));
    let (vp, lp) = (v.points(), l.points().unwrap());
    assert_eq!(vp.len(), lp.len());
    for (a, b) in vp.iter().zip(lp.iter()) {
        assert_eq!((a.x(), a.y()), (b.x(), b.y()));
    }
    assert_eq!(vp.last().map(|p| p.y()), lp.last().map(|p| p.y()));
    assert_eq!(v.method().to_wire().get(), l.method().to_wire().get());
    assert!(v.methods().iter().map(|m| m.to_wire().get()).eq(l.methods().unwrap().iter().map(|m| m.to_wire().get())));
    assert_eq!((v.opt_u32(), v.opt_flag()), (l.opt_u32(), l.opt_flag()));
    assert_eq!(v.opt_text(), l.opt_text().unwrap());
    assert_eq!(v.opt_point().map(|p| (p.x(), p.y())), l.opt_point().unwrap().map(|p| (p.x(), p.y())));
    let (vpt, lpt) = (v.point(), l.point().unwrap());
    assert_eq!((vpt.x(), vpt.y()), (lpt.x(), lpt.y()));
    assert_eq!(v.vec3().x.to_bits(), l.vec3().x.to_bits());
    assert_eq!(v.vec3s().as_wire().as_bytes(), l.vec3s().unwrap().as_wire().as_bytes());
    let (vm, lm) = (v.map(), l.map().unwrap());
    assert_eq!(vm.len(), lm.len());
    for ((vk, vv), (lk, lv)) in vm.iter().zip(lm.iter()) {
        assert_eq!((vk, vv), (lk.unwrap(), lv));
        assert_eq!(vm.get(vk), Some(vv));
        assert_eq!(lm.get(vk), Some(lv));
    }
    let (vh, lh) = (v.hmap(), l.hmap().unwrap());
    assert_eq!(vh.len(), lh.len());
    for ((vk, vv), (lk, lv)) in vh.iter().zip(lh.iter()) {
        let lv = lv.unwrap();
        assert_eq!((vk, vv.x(), vv.y()), (lk, lv.x(), lv.y()));
        assert_eq!(vh.get(&vk).map(|p| p.y()), Some(vv.y()));
    }
    payloads_agree(Some(v.payload()), Some(l.payload()));
    payloads_agree(v.opt_payload(), l.opt_payload());
    let (vn, ln) = (v.nested(), l.nested().unwrap());
    assert_eq!(vn.len(), ln.len());
    for (a, b) in vn.iter().zip(ln.iter()) {
        assert_eq!(a.to_vec(), b.unwrap().to_vec());
    }
    let (vo, lo) = (v.opt_strings(), l.opt_strings().unwrap());
    assert!(vo.iter().eq(lo.iter().map(|s| s.unwrap())));
    trees_agree(&v.tree(), &l.tree().unwrap(), depth);
}

fn payloads_agree(v: Option<PayloadView<'_, Validated>>, l: Option<PayloadView<'_>>) {
    match (v, l) {
        (None, None) => {}
        (Some(PayloadView::Text(a)), Some(PayloadView::Text(b))) => assert_eq!(a, b.unwrap()),
        (Some(PayloadView::Count(a)), Some(PayloadView::Count(b))) => assert_eq!(a, b),
        (Some(PayloadView::Point(a)), Some(PayloadView::Point(b))) => {
            let b = b.unwrap();
            assert_eq!((a.x(), a.y()), (b.x(), b.y()));
        }
        (Some(PayloadView::Flag(a)), Some(PayloadView::Flag(b))) => assert_eq!(a, b),
        (Some(PayloadView::Nothing), Some(PayloadView::Nothing)) => {}
        (Some(PayloadView::Unknown(a)), Some(PayloadView::Unknown(b))) => assert_eq!(a, b),
        (v, l) => panic!("arms differ: {v:?} / {l:?}"),
    }
}

/// [`views_agree`] for trees, `depth` levels deep.
pub fn trees_agree(v: &TreeView<'_, Validated>, l: &TreeView<'_>, depth: u32) {
    assert_eq!(v.value(), l.value());
    if depth == 0 {
        return;
    }
    let (vc, lc) = (v.children(), l.children().unwrap());
    assert_eq!(vc.len(), lc.len());
    for (a, b) in vc.iter().zip(lc.iter()) {
        trees_agree(&a, &b, depth - 1);
    }
    match (v.next(), l.next().unwrap()) {
        (None, None) => {}
        (Some(a), Some(b)) => trees_agree(&a, &b, depth - 1),
        (a, b) => panic!("next differs: {a:?} / {b:?}"),
    }
}
