//! Snapshot tests of the generated code: each input is expanded,
//! pretty-printed with `prettyplease` and compared to
//! `tests/golden/<name>.rs.snap` (insta). After an intended change, run
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test -p
//! zerowire-derive --lib`) and review the diff.

use syn::DeriveInput;

fn check(name: &str, expand: fn(&DeriveInput) -> syn::Result<proc_macro2::TokenStream>, input: &str) {
    let input: DeriveInput = syn::parse_str(input).expect("valid input");
    let tokens = expand(&input).expect("expands");
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses as a file");
    let got = format!("// Input:\n{}\n{}", input_comment(&input), prettyplease::unparse(&file));
    insta::with_settings!({ snapshot_path => "../tests/golden", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("{name}.rs"), got);
    });
}

fn input_comment(input: &DeriveInput) -> String {
    let file =
        syn::File { shebang: None, attrs: vec![], items: vec![syn::parse2(quote::quote!(#input)).expect("an item")] };
    prettyplease::unparse(&file).lines().map(|l| format!("// {l}\n")).collect()
}

#[test]
fn message() {
    check(
        "message",
        crate::message::expand,
        r#"
        /// An order.
        #[derive(Debug, Clone, PartialEq, zerowire::Message)]
        pub struct Order {
            /// The order id.
            pub id: u64,
            #[zerowire(rename = "sym", json_name = "symbol")]
            pub symbol: String,
            #[zerowire(default = 1)]
            pub qty: u32,
            #[zerowire(deprecated)]
            pub old: bool,
            pub tags: Vec<String>,
            pub next: Option<Box<Order>>,
        }
        "#,
    );
}

#[test]
fn generic_message() {
    check(
        "generic_message",
        crate::message::expand,
        r#"
        #[derive(zerowire::Message)]
        pub struct Wrapper<T: Clone, const N: usize> {
            pub inner: T,
            pub fixed: [u8; N],
        }
        "#,
    );
}

#[test]
fn enum_() {
    check(
        "enum",
        crate::enums::expand,
        r#"
        #[derive(Clone, Copy, zerowire::Enum)]
        pub enum Method {
            Get,
            Put,
            #[zerowire(value = 10, rename = "POST")]
            Post,
            #[zerowire(unknown)]
            Unknown(u16),
        }
        "#,
    );
}

#[test]
fn closed_enum() {
    check(
        "closed_enum",
        crate::enums::expand,
        r#"
        #[derive(Clone, Copy, zerowire::Enum)]
        #[zerowire(closed, repr = "u8", rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum Color {
            DeepRed,
            #[zerowire(rename = "green")]
            Green,
            Blue = 7,
        }
        "#,
    );
}

#[test]
fn union() {
    check(
        "union",
        crate::unions::expand,
        r#"
        #[derive(Debug, Clone, PartialEq, zerowire::Union)]
        pub enum Payload {
            Text(String),
            Count(u32),
            Nothing,
            #[zerowire(unknown)]
            Unknown(u16),
        }
        "#,
    );
}

#[test]
fn struct_() {
    check(
        "struct",
        crate::structs::expand,
        r#"
        #[derive(Clone, Copy, zerowire::Struct)]
        pub struct Vec3 {
            pub x: f32,
            pub y: f32,
            pub z: f32,
        }
        "#,
    );
}
