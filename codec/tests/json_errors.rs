//! JSON errors say where (line and column) and in which field (the
//! innermost one whose value failed), whichever reader runs, and keep the
//! kind the parser gave them; met through `http`, they speak of the request
//! body.
#![cfg(feature = "serde")]
#![allow(missing_docs, unreachable_pub)]

use zerowire::json::{self, ErrorKind};

#[derive(Clone, Debug, PartialEq, Default, zerowire::Message)]
pub struct Item {
    pub qty: u8,
    #[zerowire(json_name = "label")]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Default, zerowire::Message)]
pub struct Order {
    pub id: u64,
    pub items: Vec<Item>,
}

#[test]
fn errors_name_the_innermost_field_and_keep_the_position() {
    let text = b"{\n  \"id\": \"7\",\n  \"items\": [{\"qty\": 1}, {\"qty\": 300}]\n}";
    let e = json::reference::from_slice::<Order>(text).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Data);
    assert_eq!(e.field(), Some(("Item", "qty")));
    assert_eq!((e.line(), e.column()), (Some(3), Some(35)));
    assert!(e.to_string().ends_with(" at line 3 column 35 (field `Item.qty`)"), "{e}");
    // The field is named by its schema name, not its JSON key.
    let e = json::reference::from_slice::<Item>(br#"{"label": 5}"#).unwrap_err();
    assert_eq!(e.field(), Some(("Item", "name")));
    // Every reader compiled in says the same field.
    let e = json::from_slice::<Order>(text).unwrap_err();
    assert_eq!(e.field(), Some(("Item", "qty")));
}

#[test]
fn the_parsers_kind_is_kept() {
    let e = json::reference::from_slice::<Order>(br#"{"items": [{"qty": 1"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Eof);
    let e = json::reference::from_slice::<Order>(br#"{"id": 1, "items": [{"qty": 1,,}]}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Syntax);
    // An error outside any field's value names no field.
    let e = json::reference::from_slice::<Order>(b"[1]").unwrap_err();
    assert_eq!(e.field(), None);
    // A later read on the same thread starts afresh.
    let e = json::reference::from_slice::<Order>(br#"{"id": true}"#).unwrap_err();
    assert_eq!(e.field(), Some(("Order", "id")));
}

#[test]
fn body_errors_speak_of_the_request_body() {
    use zerowire::http::{BINARY_MEDIA_TYPE, BodyError, decode_body};
    let bin = decode_body::<Item>(Some(BINARY_MEDIA_TYPE), b"junk").unwrap_err();
    let text = bin.to_string();
    assert!(text.starts_with("request body is not a valid binary message: "), "{text}");
    assert!(!text.contains("frame"), "{text}");
    assert!(std::error::Error::source(&bin).is_some());
    let json = decode_body::<Item>(Some("application/json"), br#"{"qty": 300}"#).unwrap_err();
    let text = json.to_string();
    assert!(text.starts_with("request body is not valid JSON for the message: "), "{text}");
    assert!(text.ends_with("at line 1 column 11 (field `Item.qty`)"), "{text}");
    let other = decode_body::<Item>(Some("text/plain"), b"").unwrap_err();
    assert_eq!(other, BodyError::UnsupportedMediaType);
}
