//! tonic servers and clients for a schema's services (feature `tonic`),
//! written by tonic-build's own generator (`CodeGenBuilder`): the same code
//! tonic-build writes for a protobuf service, with zerowire's codec.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Gen, grpc_method_name, grpc_name};
use crate::ir::{MethodDef, ServiceDef};

/// What a generated gRPC side receives from the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Received {
    /// The decoded message `M`: validated and copied into the owned struct
    /// in one pass.
    Message,
    /// [`zerowire::Owned<M>`](https://docs.rs/zerowire/latest/zerowire/struct.Owned.html):
    /// validated once, then read in place with `.view()`; no decode, and no
    /// copy of tonic's receive buffer (see `zerowire::tonic`).
    Owned,
}

/// Options of the generated gRPC code (set through
/// [`Config`](crate::Config)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GrpcOptions {
    /// What a server's handlers receive as requests. Default:
    /// [`Received::Owned`], so a server reads each request in place.
    pub server_requests: Received,
    /// What a client receives as responses. Default: [`Received::Message`].
    pub client_responses: Received,
    /// Whether clients get `connect(dst)`, which needs tonic's `transport`
    /// and `channel` features. Default: on.
    pub connect: bool,
}

impl Default for GrpcOptions {
    fn default() -> Self {
        GrpcOptions { server_requests: Received::Owned, client_responses: Received::Message, connect: true }
    }
}

/// zerowire's tonic codec, whose send and receive types tonic infers from
/// each method's request and response types.
const CODEC_PATH: &str = "::zerowire::tonic::Codec";

/// One service, as tonic-build's generator sees it.
struct Service {
    /// The Rust name: the trait, and the stem of `{name}Server`,
    /// `{name}Client` and the modules `{snake}_server`, `{snake}_client`.
    name: String,
    package: String,
    /// The name in the gRPC path, as written in the schema.
    identifier: String,
    comments: Vec<String>,
    methods: Vec<Method>,
}

struct Method {
    /// The Rust method name (snake_case).
    name: String,
    /// The name in the gRPC path, as written in the schema.
    identifier: String,
    request: TokenStream,
    response: TokenStream,
    client_streaming: bool,
    server_streaming: bool,
    comments: Vec<String>,
    deprecated: bool,
}

impl tonic_build::Service for Service {
    type Comment = String;
    type Method = Method;

    fn name(&self) -> &str {
        &self.name
    }
    fn package(&self) -> &str {
        &self.package
    }
    fn identifier(&self) -> &str {
        &self.identifier
    }
    fn methods(&self) -> &[Method] {
        &self.methods
    }
    fn comment(&self) -> &[String] {
        &self.comments
    }
}

impl tonic_build::Method for Method {
    type Comment = String;

    fn name(&self) -> &str {
        &self.name
    }
    fn identifier(&self) -> &str {
        &self.identifier
    }
    fn codec_path(&self) -> &str {
        CODEC_PATH
    }
    fn client_streaming(&self) -> bool {
        self.client_streaming
    }
    fn server_streaming(&self) -> bool {
        self.server_streaming
    }
    fn comment(&self) -> &[String] {
        &self.comments
    }
    fn deprecated(&self) -> bool {
        self.deprecated
    }
    fn request_response_name(&self, _: &str, _: bool) -> (TokenStream, TokenStream) {
        (self.request.clone(), self.response.clone())
    }
}

impl Gen<'_> {
    /// The server and client modules of every service of package `pkg`.
    pub(super) fn services(&self, pkg: &str, options: &GrpcOptions) -> TokenStream {
        let mut builder = tonic_build::CodeGenBuilder::new();
        builder.emit_package(true).build_transport(options.connect);
        let mut out = TokenStream::new();
        for s in self.s.services.iter().filter(|s| super::package_of(&s.full_name, &s.name) == pkg) {
            let server = self.service(pkg, s, options.server_requests, Received::Message);
            let client = self.service(pkg, s, Received::Message, options.client_responses);
            out.extend(builder.generate_server(&server, ""));
            out.extend(builder.generate_client(&client, ""));
        }
        out
    }

    /// `s` with request and response types as received on one side.
    fn service(&self, pkg: &str, s: &ServiceDef, requests: Received, responses: Received) -> Service {
        Service {
            name: grpc_name(&s.name),
            package: pkg.to_string(),
            identifier: s.name.clone(),
            comments: s.doc.clone(),
            methods: s.methods.iter().map(|m| self.method(pkg, m, requests, responses)).collect(),
        }
    }

    fn method(&self, pkg: &str, m: &MethodDef, requests: Received, responses: Received) -> Method {
        Method {
            name: grpc_method_name(&m.name),
            identifier: m.name.clone(),
            request: self.rpc_type(pkg, m.request, requests),
            response: self.rpc_type(pkg, m.response, responses),
            client_streaming: m.request_stream,
            server_streaming: m.response_stream,
            comments: m.doc.clone(),
            deprecated: m.deprecated,
        }
    }

    /// Message `i` as named from the generated modules, one level below the
    /// package's module.
    fn rpc_type(&self, pkg: &str, i: usize, received: Received) -> TokenStream {
        let Some(m) = self.s.messages.get(i) else { return quote!(()) };
        let path = self.type_path(pkg, &m.full_name, &m.name);
        match received {
            Received::Message => quote!(super::#path),
            Received::Owned => quote!(::zerowire::Owned<super::#path>),
        }
    }
}
