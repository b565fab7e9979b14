//! The run-time codec (`zerowire_schema::dynamic`) against the generated
//! code's eager tier, on random messages of every construct of
//! everything.zw: both accept the same bytes, and on every input they refuse
//! they report the same error kind at the same offset (every truncation,
//! random multi-byte mutations, tight depth limits).

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use zerowire::{ErrorKind, Limits};
use zerowire_schema::dynamic::Codec;
use zerowire_schema_testcrate::common::v1::{Confidence, Money};
use zerowire_schema_testcrate::shop::v1::*;

/// everything.zw, loaded once for every test.
fn schema() -> &'static zerowire_schema::ir::Schema {
    static SCHEMA: OnceLock<zerowire_schema::ir::Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/schemas");
        zerowire_schema::load(&[dir.join("everything.zw")], &[&dir]).unwrap_or_else(|d| panic!("{}", d.render()))
    })
}

/// The run-time codec with the default limits and the index of `name`.
fn codec_for(name: &str) -> (Codec<'static>, usize) {
    let c = Codec::new(schema());
    let t = c.message(name).unwrap_or_else(|| panic!("no {name}"));
    (c, t)
}

/// xorshift64*: a fixed seed gives the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn string(&mut self) -> String {
        const PIECES: [&str; 6] = ["", "a", "é", "\"q\"", "\n", "€uro"];
        (0..self.below(4)).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }
    fn side(&mut self) -> Side {
        [Side::Buy, Side::Sell, Side::Short, Side::Unknown(200)][self.below(4)]
    }
    fn vec3(&mut self) -> Vec3 {
        Vec3 { x: self.below(5) as f32, y: -(self.below(3) as f32), z: 0.5 }
    }
    fn money(&mut self) -> Money {
        Money { currency: self.string(), units: self.next() as i64 }
    }
    fn shape(&mut self) -> Shape {
        if self.coin() { Shape::Circle(self.below(9) as f64) } else { Shape::Square(0.25) }
    }

    fn attr(&mut self, depth: u32) -> AttrValue {
        match self.below(if depth == 0 { 6 } else { 7 }) {
            0 => AttrValue::Text(self.string()),
            1 => AttrValue::Number(self.next() as i64),
            2 => AttrValue::Real(-0.5),
            3 => AttrValue::Flag(self.coin()),
            4 => AttrValue::Money(self.money()),
            5 => AttrValue::None,
            _ => AttrValue::List((0..self.below(3)).map(|_| self.attr(depth - 1)).collect()),
        }
    }

    fn payload(&mut self, depth: u32) -> Payload {
        match self.below(if depth == 0 { 6 } else { 7 }) {
            0 => Payload::Text(self.string()),
            1 => Payload::Count(self.next() as u32),
            2 => Payload::Status([Status::Active, Status::Closed, Status::Unknown(9)][self.below(3)]),
            3 => Payload::Point(self.vec3()),
            4 => Payload::Maybe(self.coin().then_some(7)),
            5 => Payload::Nothing,
            _ => Payload::Nested(Box::new(self.order(depth - 1))),
        }
    }

    fn pixel(&mut self) -> Pixel {
        Pixel {
            pos: self.vec3(),
            rgb: [self.below(256) as u8, 0, 1],
            side: self.side(),
            lit: self.coin(),
            glyph: ['ß', 'a', '\u{10ffff}'][self.below(3)],
        }
    }

    fn tree(&mut self, depth: u32) -> Tree {
        Tree {
            value: self.next() as i32,
            children: if depth == 0 { vec![] } else { (0..self.below(3)).map(|_| self.tree(depth - 1)).collect() },
            pixel: self.pixel(),
            status: [Status::Active, Status::Closed, Status::UnknownStatus, Status::Unknown(3)][self.below(4)],
        }
    }

    /// An `Order` whose fields are each, at random, default or set.
    fn order(&mut self, depth: u32) -> Order {
        let mut o = Order::default();
        macro_rules! maybe {
            ($($field:ident = $value:expr;)*) => {$(
                if self.coin() {
                    o.$field = $value;
                }
            )*};
        }
        maybe! {
            id = self.next();
            symbol = self.string();
            qty = self.below(3) as u32;
            tags = (0..self.below(4)).map(|_| self.string()).collect();
            attrs = (0..self.below(4)).map(|i| (format!("k{i}"), self.attr(2))).collect();
            side = self.side();
            pos = self.vec3();
            hash = [self.below(256) as u8; 32];
            payload = self.payload(depth);
            price = self.money();
            confidence = [Confidence::Low, Confidence::High, Confidence::Unknown(5)][self.below(3)];
            blob = bytes::Bytes::from(vec![0xa5; self.below(5)]);
            note = self.coin().then(|| self.string());
            limit = self.coin().then_some(3);
            flag = self.coin().then_some(true);
            letter = ['a', 'ß', '€', '\u{10ffff}'][self.below(4)];
            ratio = 2.0;
            scale = 0.0;
            offset = 1;
            small = 2;
            large = 3;
            enabled = false;
            matrix = (0..self.below(3)).map(|i| vec![i as i32; self.below(3)]).collect();
            by_side = (0..self.below(4)).map(|i| (self.side(), i as u64)).collect::<HashMap<_, _>>();
            shapes = (0..self.below(4)).map(|_| self.shape()).collect();
            maybe_shape = self.coin().then(|| self.shape());
            points = (0..self.below(3)).map(|_| self.vec3()).collect();
            r#type = self.string();
            flags = HashMap::from([(self.coin(), 'y')]);
            lines = (0..self.below(3)).map(|_| self.coin().then(|| self.string())).collect();
            i16s = [self.next() as i16, 0, -1, 1];
        }
        if depth > 0 {
            maybe! {
                next = Some(Box::new(self.order(depth - 1)));
                children = (0..self.below(3)).map(|_| self.order(depth - 1)).collect();
                by_id = (0..self.below(3)).map(|i| (i as u32, self.order(depth - 1))).collect::<HashMap<_, _>>();
            }
        }
        o
    }
}

/// The verdict of both readers on `bytes`, asserted equal: `Ok` or the
/// error's kind and offset.
fn agree_as<M: zerowire::Message>(
    c: &Codec<'_>,
    t: usize,
    bytes: &[u8],
    limits: &Limits,
    what: &dyn Fn() -> String,
) -> bool {
    let dynamic = c.view(t, bytes).map(|_| ()).map_err(|e| {
        let codec = e.codec.as_ref().unwrap_or_else(|| panic!("{}: a binary error without the codec's: {e}", what()));
        assert_eq!(e.offset, Some(codec.offset() as usize), "{}", what());
        (codec.kind(), codec.offset())
    });
    let derived = zerowire::validate_with::<M>(bytes, limits).map(|_| ()).map_err(|e| (e.kind(), e.offset()));
    assert_eq!(dynamic, derived, "{}", what());
    dynamic.is_ok()
}

fn agree(c: &Codec<'_>, t: usize, bytes: &[u8], limits: &Limits, what: &dyn Fn() -> String) -> bool {
    agree_as::<Order>(c, t, bytes, limits, what)
}

#[test]
fn random_messages_truncations_and_mutations_agree() {
    let (c, t) = codec_for("shop.v1.Order");
    let limits = Limits::default();
    let mut rng = Rng(0x5eed_0f2e_7031_19aa);
    let (mut accepted, mut refused) = (0usize, 0usize);
    let mut kinds = std::collections::BTreeSet::new();
    for case in 0..60 {
        let order = rng.order(2);
        let good = zerowire::encode(&order);
        assert!(agree(&c, t, &good, &limits, &|| format!("case {case}")), "case {case} refused");
        // The run-time writer gives the derive's bytes back from the JSON.
        let json = c.decode_json(t, &good).unwrap();
        assert_eq!(c.encode_json(t, &json).unwrap(), good, "case {case}: {json}");
        for n in 0..good.len() {
            assert!(!agree(&c, t, &good[..n], &limits, &|| format!("case {case} cut to {n}")));
        }
        for m in 0..200 {
            let mut b = good.clone();
            for _ in 0..2 + rng.below(4) {
                let i = rng.below(b.len());
                b[i] = match rng.below(3) {
                    0 => rng.next() as u8,
                    1 => b[i] ^ (1 << rng.below(8)),
                    _ => [0, 1, 0x7f, 0x80, 0xff][rng.below(5)],
                };
            }
            if agree(&c, t, &b, &limits, &|| format!("case {case} mutation {m}: {b:?}")) {
                accepted += 1;
            } else {
                refused += 1;
                let kind = format!("{:?}", zerowire::validate::<Order>(&b).unwrap_err().kind());
                // The variant's name, without its fields.
                kinds.insert(kind.split([' ', '(']).next().unwrap_or_default().to_string());
            }
        }
    }
    eprintln!("{accepted} mutations accepted, {refused} refused; kinds: {kinds:?}");
    // The mutations reach both verdicts and many kinds of error.
    assert!(accepted > 100 && refused > 1000, "{accepted} accepted, {refused} refused");
    assert!(kinds.len() >= 10, "{kinds:?}");
}

/// Inline structs holding a `bool` and a `char` (`Pixel`): a bad byte in
/// either gives the struct's one error kind, as the derive decides it.
#[test]
fn trees_of_inline_structs_agree_under_mutation() {
    let (c, t) = codec_for("shop.v1.Tree");
    let limits = Limits::default();
    let mut rng = Rng(0x7ee5);
    let mut invalid = 0;
    for case in 0..40 {
        let good = zerowire::encode(&rng.tree(3));
        assert!(agree_as::<Tree>(&c, t, &good, &limits, &|| format!("tree {case}")));
        for m in 0..200 {
            let mut b = good.clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(b.len());
                b[i] = [2, 0xd8, 0xff, rng.next() as u8][rng.below(4)];
            }
            if !agree_as::<Tree>(&c, t, &b, &limits, &|| format!("tree {case} mutation {m}: {b:?}"))
                && matches!(
                    zerowire::validate::<Tree>(&b).unwrap_err().kind(),
                    ErrorKind::InvalidChar | ErrorKind::InvalidBool
                )
            {
                invalid += 1;
            }
        }
    }
    eprintln!("{invalid} invalid bool or char refusals");
    assert!(invalid > 100, "{invalid}");
}

#[test]
fn depth_limits_agree_on_deep_messages() {
    let mut rng = Rng(0xdee9);
    let (_, t) = codec_for("shop.v1.Order");
    let mut depth_errors = 0;
    for case in 0..40 {
        let good = zerowire::encode(&rng.order(3));
        for max_depth in 1..8 {
            let limits = Limits { max_depth, ..Limits::default() };
            let c = Codec::with_limits(schema(), limits);
            let what = || format!("case {case} max_depth {max_depth}");
            if !agree(&c, t, &good, &limits, &what)
                && zerowire::validate_with::<Order>(&good, &limits).unwrap_err().kind() == ErrorKind::DepthLimit
            {
                depth_errors += 1;
            }
        }
    }
    eprintln!("{depth_errors} depth-limit refusals");
    assert!(depth_errors > 50, "{depth_errors}");
}
