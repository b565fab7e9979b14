//! A JSON tree that keeps object keys in order, duplicates included, and
//! numbers as serde_json reads them (integers exactly).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A non-negative integer.
    U(u64),
    /// A negative integer.
    I(i64),
    /// A number with a fraction or exponent, or out of the 64-bit range.
    F(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<J>),
    /// An object, keys in document order.
    Obj(Vec<(String, J)>),
}

impl J {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            J::Null => "null",
            J::Bool(_) => "a boolean",
            J::U(_) | J::I(_) | J::F(_) => "a number",
            J::Str(_) => "a string",
            J::Arr(_) => "an array",
            J::Obj(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<J, D::Error> {
        d.deserialize_any(JVisitor(MAX_NESTING))
    }
}

/// Arrays and objects nested deeper than this are refused while parsing:
/// a bound on the parser's recursion only. The mapping's depth rule
/// (counted like the binary form's, a union being an object around its arm)
/// is applied to the parsed tree; this bound sits far enough above the
/// default limit of 64 never to refuse what that rule accepts.
pub(crate) const MAX_NESTING: u32 = 512;

/// Parses one JSON document into a [`J`] with the parser's own recursion
/// limit replaced by [`MAX_NESTING`].
pub(crate) fn parse(text: &str) -> Result<J, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let j = J::deserialize(&mut de)?;
    de.end()?;
    Ok(j)
}

struct JVisitor(u32);

impl<'de> serde::de::DeserializeSeed<'de> for JVisitor {
    type Value = J;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<J, D::Error> {
        d.deserialize_any(self)
    }
}

impl JVisitor {
    fn inner<E: serde::de::Error>(&self) -> Result<JVisitor, E> {
        match self.0.checked_sub(1) {
            Some(n) => Ok(JVisitor(n)),
            None => Err(E::custom(format_args!("JSON nested deeper than {MAX_NESTING} arrays and objects"))),
        }
    }
}

impl<'de> Visitor<'de> for JVisitor {
    type Value = J;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_none<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<J, E> {
        Ok(J::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<J, E> {
        Ok(J::U(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<J, E> {
        Ok(if v >= 0 { J::U(v as u64) } else { J::I(v) })
    }
    fn visit_f64<E>(self, v: f64) -> Result<J, E> {
        Ok(J::F(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<J, E> {
        Ok(J::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<J, E> {
        Ok(J::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
        let inner = self.inner()?;
        let mut v = Vec::new();
        while let Some(x) = a.next_element_seed(JVisitor(inner.0))? {
            v.push(x);
        }
        Ok(J::Arr(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
        let inner = self.inner()?;
        let mut v = Vec::new();
        while let Some(k) = a.next_key::<String>()? {
            let x = a.next_value_seed(JVisitor(inner.0))?;
            v.push((k, x));
        }
        Ok(J::Obj(v))
    }
}
