//! Services: their methods, the messages those take and return, and the
//! names the generated gRPC code declares for them.

use std::collections::HashMap;

use super::{Checker, Kind};
use crate::ast;
use crate::codegen::{grpc_method_name, grpc_modules};
use crate::diag::Diag;
use crate::ir::{self, Type};

impl Checker<'_> {
    pub(super) fn service(&mut self, fi: usize, s: &ast::Service) -> Vec<ir::MethodDef> {
        self.attrs(fi, &s.attrs, "service", &[]);
        let mut out = Vec::new();
        let mut names: HashMap<&str, &ast::Span> = HashMap::new();
        // The Rust method names (snake_case) of the server trait and the client.
        let mut rust_names: HashMap<String, &ast::Ident> = HashMap::new();
        for r in &s.rpcs {
            self.member_name(fi, &r.name, "method");
            let attrs = self.attrs(fi, &r.attrs, "method", &[("deprecated", false)]);
            if self.unique(fi, &mut names, &r.name, |n| {
                Diag::error("duplicate_rpc", format!("method `{n}` is declared twice"))
                    .help("a method's name is its gRPC path: each names one method")
            }) {
                continue;
            }
            let rust = grpc_method_name(&r.name.name);
            if let Some(prev) = rust_names.get(&rust) {
                self.err(
                    Diag::error(
                        "name_collision",
                        format!("methods `{}` and `{}` are one Rust method `{rust}`", prev.name, r.name.name),
                    )
                    .label(r.name.span.clone(), format!("generated as `{rust}`"))
                    .label(prev.span.clone(), format!("also generated as `{rust}`"))
                    .help("rename one of the two methods"),
                    fi,
                );
                continue;
            }
            rust_names.insert(rust, &r.name);
            let request = self.rpc_message(fi, &r.request, "request");
            let response = self.rpc_message(fi, &r.response, "response");
            let (Some(request), Some(response)) = (request, response) else { continue };
            out.push(ir::MethodDef {
                name: r.name.name.clone(),
                doc: r.doc.clone(),
                request,
                request_stream: r.request.stream,
                response,
                response_stream: r.response.stream,
                deprecated: attrs.contains_key("deprecated"),
                span: ir::Span { file: fi, range: r.span.clone() },
                request_span: ir::Span { file: fi, range: r.request.ty.span.clone() },
                response_span: ir::Span { file: fi, range: r.response.ty.span.clone() },
            });
        }
        out
    }

    /// The message an rpc's request or response names (resolved like a
    /// field's type), by index; anything but a message is an error.
    fn rpc_message(&mut self, fi: usize, t: &ast::RpcType, side: &str) -> Option<usize> {
        let what = match self.resolve(fi, &t.ty)? {
            Type::Message(i) => return Some(i),
            Type::Enum(_) => "an enum",
            Type::Union(_) => "a union",
            Type::Struct(_) => "an inline struct",
            _ => "a built-in type",
        };
        let written = t.ty.joined();
        let last = t.ty.parts.last().map_or("", |p| p.name.as_str());
        let wrapper = format!("{}{}", crate::codegen::camel(last), crate::codegen::camel(side));
        self.err(
            Diag::error("invalid_rpc_type", format!("the {side} of a method must be a message"))
                .label(t.ty.span.clone(), format!("`{written}` is {what}"))
                .help(format!("gRPC sends messages: wrap it in one, `message {wrapper} {{ value @0 : {written}; }}`")),
            fi,
        );
        None
    }

    /// A service `Orders` of package `p` declares the modules `p.orders_server`
    /// and `p.orders_client` in the generated code: no type of the package,
    /// and no other service's module, may have those names.
    pub(super) fn service_collisions(&mut self) {
        let mut services: Vec<(String, usize, ast::Span)> = self
            .symbols
            .iter()
            .filter(|(_, s)| s.kind == Kind::Service)
            .map(|(full, s)| (full.clone(), s.file, s.span.clone()))
            .collect();
        services.sort_by_key(|s| (s.1, s.2.start));
        let mut modules: HashMap<String, String> = HashMap::new();
        let mut found = Vec::new();
        for (full, file, span) in &services {
            let (pkg, name) = full.rsplit_once('.').map_or(("", full.as_str()), |(p, n)| (p, n));
            for module in grpc_modules(name) {
                let module_full = if pkg.is_empty() { module.clone() } else { format!("{pkg}.{module}") };
                let other = if self.symbols.contains_key(&module_full) {
                    Some(format!("type `{module_full}`"))
                } else {
                    modules.get(&module_full).map(|o| format!("the module of service `{o}`"))
                };
                if let Some(o) = other {
                    // One report per service: its two modules share a stem.
                    found.push((*file, span.clone(), full.clone(), module, o));
                    break;
                }
                modules.insert(module_full, full.clone());
            }
        }
        for (file, span, full, module, other) in found {
            self.err(
                Diag::error("name_collision", format!("`{module}` of service `{full}` collides with {other}"))
                    .label(span, format!("the generated code declares the module `{module}` for this service"))
                    .help("rename the service or the other declaration"),
                file,
            );
        }
    }
}
