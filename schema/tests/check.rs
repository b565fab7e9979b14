//! The checker on real files.

use zerowire_schema::ir::Type;

#[test]
fn everything_checks() {
    let schema = zerowire_schema::load(&["tests/schemas/everything.zw"], &[] as &[&str])
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(schema.files.len(), 2);
    let order = &schema.messages[0];
    assert_eq!(order.full_name, "shop.v1.Order");
    assert_eq!(order.type_id, 0x1001);
    assert!(order.type_id_explicit);
    assert_eq!(
        order.fields[11].ty,
        Type::Message(schema.messages.iter().position(|m| m.full_name == "common.v1.Money").unwrap())
    );
    let empty = schema.messages.iter().find(|m| m.name == "Empty").unwrap();
    assert_eq!(empty.type_id, zerowire::meta::type_id("shop.v1.Empty"));
}
