//! A gRPC codec for [tonic](https://docs.rs/tonic): zerowire messages as
//! the payload of gRPC calls (feature `tonic`).
//!
//! [`Codec<E, D>`](Codec) implements [`tonic::codec::Codec`]: it sends `E`
//! and receives `D`, where
//!
//! - `E` ([`Outgoing`]) is any [`Message`] (encoded on send) or an
//!   [`Owned<M>`] (its bytes go out as they are, without a re-encode: a
//!   proxy forwards what it received);
//! - `D` ([`Incoming`]) is any [`Message`] (validated and decoded into the
//!   owned type, in one pass) or an [`Owned<M>`] (validated once, then read
//!   in place over tonic's receive buffer: see [When a copy
//!   happens](#when-a-copy-happens)).
//!
//! `Codec` is `Default`, so code written for tonic's codecs takes it as it
//! takes `tonic_prost::ProstCodec`: `::zerowire::tonic::Codec::default()`,
//! with `E` and `D` inferred from the method's request and response types.
//!
//! # Services without a schema: tonic-build's manual definitions
//!
//! With messages from `#[derive(zerowire::Message)]`, tonic-build's
//! [`manual`](https://docs.rs/tonic-build/0.14/tonic_build/manual/index.html)
//! builder writes a service's server trait and client from a description in
//! `build.rs`, and `codec_path` points it at this codec. In `Cargo.toml`:
//!
//! ```toml
//! [dependencies]
//! zerowire = { version = "0.1", features = ["tonic"] }
//! tonic = "0.14"
//!
//! [build-dependencies]
//! # Its default feature `transport` gives the generated client `connect`.
//! tonic-build = "0.14"
//! ```
//!
//! `build.rs` (no protoc, no `.proto` file):
//!
//! ```ignore
//! use tonic_build::manual::{Builder, Method, Service};
//!
//! fn main() {
//!     let pricing = Service::builder()
//!         .name("Pricing")
//!         .package("prices.v1")
//!         .method(
//!             Method::builder()
//!                 .name("quote")
//!                 .route_name("Quote")
//!                 // The handler reads the request in place.
//!                 .input_type("::zerowire::Owned<crate::PriceRequest>")
//!                 .output_type("crate::PriceReply")
//!                 .codec_path("::zerowire::tonic::Codec")
//!                 .build(),
//!         )
//!         // `.server_streaming()`, `.client_streaming()` or both on a
//!         // method make the other three kinds.
//!         .build();
//!     Builder::new().compile(&[pricing]);
//! }
//! ```
//!
//! and in the crate, beside the messages:
//!
//! ```ignore
//! use tonic::{Request, Response, Status};
//! use zerowire::Owned;
//!
//! #[derive(zerowire::Message)]
//! pub struct PriceRequest { pub symbol: String, pub qty: u32 }
//! #[derive(zerowire::Message)]
//! pub struct PriceReply { pub symbol: String, pub total_cents: u64 }
//!
//! pub mod pricing {
//!     include!(concat!(env!("OUT_DIR"), "/prices.v1.Pricing.rs"));
//! }
//!
//! pub struct PricingService;
//!
//! #[tonic::async_trait]
//! impl pricing::pricing_server::Pricing for PricingService {
//!     async fn quote(&self, req: Request<Owned<PriceRequest>>) -> Result<Response<PriceReply>, Status> {
//!         let req = req.get_ref().view(); // validated on receipt
//!         let symbol = req.symbol().map_err(|e| Status::internal(e.to_string()))?;
//!         let total_cents = 100 * u64::from(req.qty());
//!         Ok(Response::new(PriceReply { symbol: symbol.to_owned(), total_cents }))
//!     }
//! }
//!
//! // Server: tonic::transport::Server::builder()
//! //     .add_service(pricing::pricing_server::PricingServer::new(PricingService))
//! // Client: the same type, `Owned<PriceRequest>`, goes in:
//! //     let mut client = pricing::pricing_client::PricingClient::connect(url).await?;
//! //     client.quote(Owned::from_message(&PriceRequest { .. })).await?
//! ```
//!
//! A method's input and output types are shared by its server and its
//! client: declaring the request `Owned<PriceRequest>` lets the server read
//! it in place and makes the client send an `Owned` (made with
//! [`Owned::from_message`]); declaring it `PriceRequest` gives both sides
//! the owned type. The crate `zerowire-examples` builds this recipe with all
//! four kinds of method and runs it over loopback (`examples/build.rs`,
//! `examples/src/grpc_manual.rs`, `examples/tests/grpc_manual.rs`): that
//! test is what keeps the snippets above true.
//!
//! # Errors
//!
//! A message that fails validation on receipt becomes
//! [`Status::invalid_argument`] whose message names the type and carries
//! zerowire's [`Error`] text, e.g. ``invalid zerowire message
//! `Order`: string is not valid UTF-8 at byte 17 (field `Line.sku`)``. A
//! message over the receiver's [`Limits`] ([`ErrorKind::SizeLimit`],
//! [`ErrorKind::DepthLimit`], [`ErrorKind::MemoryLimit`]) becomes
//! [`Status::resource_exhausted`], the code gRPC gives a message over a
//! receiver's limit. On a server, the handler never runs for such a request
//! (unary and server-streaming calls) or sees the status as the item of its
//! request stream; on a client, the call or the response stream returns it.
//! Neither takes the connection down: the server keeps serving.
//!
//! # Limits
//!
//! Two limits apply to every received message, in order:
//!
//! 1. tonic's maximum decoding message size (4 MiB unless set with
//!    `max_decoding_message_size` on the server or client): tonic checks the
//!    length prefix of the gRPC frame, and the decompressed size of a
//!    compressed one, before the codec sees a byte, and refuses with
//!    `OUT_OF_RANGE` (or `RESOURCE_EXHAUSTED` while decompressing);
//! 2. zerowire's [`Limits`] ([`Codec::with_limits`]; [`Limits::default`]
//!    otherwise): size, nesting depth and the memory decoding may build,
//!    checked by the single validating pass before anything is handed to
//!    the handler.
//!
//! # Compression
//!
//! tonic's per-message compression (gzip, zstd, deflate: tonic's features
//! and `send_compressed` / `accept_compressed`) works unchanged: tonic
//! compresses the bytes this codec writes and decompresses before this codec
//! reads, so the codec sees plain zerowire messages either way.
//!
//! # When a copy happens
//!
//! Receiving: tonic appends each HTTP/2 data frame to one `BytesMut` per
//! call (tonic's copy, made for every codec) and hands the codec a
//! `DecodeBuf` over exactly one message, contiguous in that buffer.
//!
//! - Decoding `M` reads that contiguous slice in place and builds the
//!   owned value; nothing is copied first.
//! - Decoding `Owned<M>` takes the message with `copy_to_bytes` of its whole
//!   length, which on tonic's `BytesMut` is `split_to(len).freeze()`: the
//!   `Owned` shares tonic's allocation by reference count and **no byte is
//!   copied** (`codec/tests/tonic.rs` checks that messages received in one
//!   data frame are slices of one allocation). The price is memory, not time: while an `Owned` lives it
//!   keeps the whole allocation it came from alive, and tonic, finding that
//!   allocation shared, moves the unread rest of the stream (at most the
//!   part of one HTTP/2 frame past the message) into a new buffer when it
//!   next grows.
//! - With compression on, tonic decompresses each message into a separate
//!   `BytesMut`; decompression writes the message there (that write is the
//!   decompression, not an extra copy), and `Owned<M>` then shares that
//!   buffer as above, again without a copy.
//!
//! Sending: the encoder writes the message into a scratch buffer kept for
//! the call, then copies it into tonic's send buffer (one copy of the
//! encoded bytes). tonic's `EncodeBuf` offers only `BufMut`, which cannot
//! read back what was written, and zerowire's encoder back-patches the
//! references of a message after writing its children. The scratch buffer
//! is reused for every message of the call, so it allocates once per call
//! and grows to the largest message the call sends. An [`Owned<M>`] is
//! copied into tonic's send buffer as it is (no encode at all).
//!
//! # Content type
//!
//! gRPC names the payload format in the content type:
//! `application/grpc+<subtype>`, here `application/grpc+zerowire`.
//! tonic 0.14 does not let a codec choose it: its client and server write
//! the header `content-type: application/grpc` themselves, after the codec
//! and the request's metadata (where they drop a user's `content-type`),
//! and tonic's server does not read the content type of a request. So
//! **the wire says `application/grpc`**, and what the payload is comes from
//! the service's contract (its method paths), as it does for tonic with
//! protobuf. tonic's server serves a request labelled
//! `application/grpc+zerowire` as well (it does not check), so a peer in
//! another language may send the precise type; a tonic client that must
//! send it (to a proxy that routes on it) wraps its channel in a tower
//! layer that rewrites the header after tonic wrote it, e.g.
//! `tower::ServiceExt::map_request`. `codec/tests/tonic.rs` checks both
//! directions.
//!
//! The payload itself is specified in `docs/FORMAT.md` (section "gRPC"):
//! each gRPC length-prefixed message is one zerowire root message.

use core::fmt;
use core::marker::PhantomData;

use bytes::{Buf, BufMut};
use tonic::Status;
use tonic::codec::{DecodeBuf, EncodeBuf};

use crate::error::{Error, ErrorKind};
use crate::limits::Limits;
use crate::message::{Message, encode_into, encoded_len};
use crate::owned::Owned;

/// A tonic [`Codec`](tonic::codec::Codec) that sends `E` and receives `D`
/// as zerowire messages (see the [module documentation](self)).
///
/// ```
/// # #[derive(Debug, PartialEq, zerowire::Message)] pub struct Ping { pub seq: u64 }
/// use zerowire::{Limits, Owned};
/// use zerowire::tonic::Codec;
///
/// // Sends `Ping`, receives `Owned<Ping>` (read in place).
/// let codec: Codec<Ping, Owned<Ping>> = Codec::default();
/// // A receiver with tighter limits than the defaults.
/// let strict: Codec<Ping, Ping> = Codec::with_limits(Limits { max_depth: 8, ..Limits::DEFAULT });
/// assert_eq!(strict.limits().max_depth, 8);
/// # let _ = codec;
/// ```
pub struct Codec<E, D> {
    limits: Limits,
    _types: PhantomData<fn(E) -> D>,
}

impl<E, D> Codec<E, D> {
    /// A codec that checks received messages against `limits` (after
    /// tonic's maximum decoding message size).
    pub const fn with_limits(limits: Limits) -> Self {
        Codec { limits, _types: PhantomData }
    }

    /// The limits received messages are checked against.
    pub const fn limits(&self) -> &Limits {
        &self.limits
    }
}

impl<E, D> Default for Codec<E, D> {
    /// A codec with the default [`Limits`].
    fn default() -> Self {
        Self::with_limits(Limits::DEFAULT)
    }
}

impl<E, D> Clone for Codec<E, D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E, D> Copy for Codec<E, D> {}

impl<E, D> fmt::Debug for Codec<E, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Codec").field("limits", &self.limits).finish()
    }
}

impl<E: Outgoing, D: Incoming> tonic::codec::Codec for Codec<E, D> {
    type Encode = E;
    type Decode = D;
    type Encoder = Encoder<E>;
    type Decoder = Decoder<D>;

    fn encoder(&mut self) -> Encoder<E> {
        Encoder { scratch: Vec::new(), _types: PhantomData }
    }

    fn decoder(&mut self) -> Decoder<D> {
        Decoder { limits: self.limits, _types: PhantomData }
    }
}

/// What a [`Codec`] can send: every [`Message`] (encoded) and every
/// [`Owned<M>`] (its bytes as they are).
///
/// Sealed: these two blanket implementations are the whole set, so they
/// can never overlap.
pub trait Outgoing: sealed::Outgoing + Send + 'static {}

/// What a [`Codec`] can receive: every [`Message`] (validated and decoded
/// into the owned value) and every [`Owned<M>`] (validated, then read in
/// place).
///
/// Sealed: these two blanket implementations are the whole set, so they
/// can never overlap.
pub trait Incoming: sealed::Incoming + Send + 'static {}

impl<M: Message + Send> Outgoing for M {}
impl<M: Message> Outgoing for Owned<M> {}
impl<M: Message + Send> Incoming for M {}
impl<M: Message> Incoming for Owned<M> {}

/// The encoding half of [`Codec`]: writes each `E` into tonic's send
/// buffer.
pub struct Encoder<E> {
    // Reused for every message of the call: zerowire's encoder back-patches
    // what it wrote, which tonic's `EncodeBuf` cannot offer (see the module
    // documentation, "When a copy happens").
    scratch: Vec<u8>,
    _types: PhantomData<fn(E)>,
}

impl<E> fmt::Debug for Encoder<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encoder").finish_non_exhaustive()
    }
}

impl<E: Outgoing> tonic::codec::Encoder for Encoder<E> {
    type Item = E;
    type Error = Status;

    fn encode(&mut self, item: E, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        item.encode_to(&mut self.scratch, dst)
    }
}

/// The decoding half of [`Codec`]: validates each received message against
/// the codec's [`Limits`] and makes a `D` of it.
pub struct Decoder<D> {
    limits: Limits,
    _types: PhantomData<fn() -> D>,
}

impl<D> fmt::Debug for Decoder<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoder").field("limits", &self.limits).finish()
    }
}

impl<D: Incoming> tonic::codec::Decoder for Decoder<D> {
    type Item = D;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<D>, Status> {
        D::decode_from(src, &self.limits).map(Some)
    }
}

/// The gRPC status for a received message of type `name` that zerowire
/// refused: `RESOURCE_EXHAUSTED` past the receiver's limits, else
/// `INVALID_ARGUMENT`; the message names the type and carries zerowire's
/// error text.
fn status_of(name: &str, err: &Error) -> Status {
    match err.kind() {
        ErrorKind::SizeLimit | ErrorKind::DepthLimit | ErrorKind::MemoryLimit => {
            Status::resource_exhausted(format!("zerowire message `{name}` exceeds the receiver's limits: {err}"))
        }
        _ => Status::invalid_argument(format!("invalid zerowire message `{name}`: {err}")),
    }
}

/// Refuses to send a message the gRPC frame's 32-bit length cannot carry
/// (zerowire's encoder would panic on it).
fn check_len(name: &str, len: usize) -> Result<(), Status> {
    if u32::try_from(len).is_err() {
        return Err(Status::resource_exhausted(format!(
            "zerowire message `{name}` of {len} bytes exceeds the 4 GiB a message can hold"
        )));
    }
    Ok(())
}

/// The bytes of the message `src` holds, handed to `f` in place when they
/// are contiguous (always, over tonic's buffer), else copied once; `src` is
/// consumed either way, so a refused message never stays in tonic's buffer.
fn with_message_bytes<T>(src: &mut impl Buf, f: impl FnOnce(&[u8]) -> T) -> T {
    let len = src.remaining();
    if src.chunk().len() == len {
        let out = f(src.chunk());
        src.advance(len);
        out
    } else {
        f(&src.copy_to_bytes(len))
    }
}

mod sealed {
    use super::*;

    /// How a sendable type writes itself into tonic's buffer.
    pub trait Outgoing {
        /// Writes `self` into `dst`, through `scratch` when it must be
        /// encoded.
        fn encode_to(self, scratch: &mut Vec<u8>, dst: &mut impl BufMut) -> Result<(), Status>;
    }

    /// How a receivable type is made from one received message.
    pub trait Incoming: Sized {
        /// Validates the message `src` holds (all of it) against `limits`
        /// and makes `Self` of it.
        fn decode_from(src: &mut impl Buf, limits: &Limits) -> Result<Self, Status>;
    }

    impl<M: Message> Outgoing for M {
        fn encode_to(self, scratch: &mut Vec<u8>, dst: &mut impl BufMut) -> Result<(), Status> {
            let len = encoded_len(&self);
            check_len(M::NAME, len)?;
            scratch.clear();
            scratch.reserve(len);
            encode_into(&self, scratch);
            dst.put_slice(scratch);
            Ok(())
        }
    }

    impl<M: Message> Outgoing for Owned<M> {
        fn encode_to(self, _: &mut Vec<u8>, dst: &mut impl BufMut) -> Result<(), Status> {
            dst.put_slice(self.bytes());
            Ok(())
        }
    }

    impl<M: Message> Incoming for M {
        fn decode_from(src: &mut impl Buf, limits: &Limits) -> Result<Self, Status> {
            with_message_bytes(src, |bytes| crate::decode_with::<M>(bytes, limits)).map_err(|e| status_of(M::NAME, &e))
        }
    }

    impl<M: Message> Incoming for Owned<M> {
        fn decode_from(src: &mut impl Buf, limits: &Limits) -> Result<Self, Status> {
            // On tonic's `BytesMut` this is a split, not a copy.
            let bytes = src.copy_to_bytes(src.remaining());
            Owned::with_limits(bytes, limits).map_err(|e| status_of(M::NAME, &e))
        }
    }
}

#[cfg(test)]
// The reference macro's items are `pub`, as a user's messages are; its
// accessors call `Mode::read` (a function with a safety contract), expanded here in the crate.
#[allow(unreachable_pub, unsafe_code)]
mod tests {
    use super::sealed::{Incoming as _, Outgoing as _};
    use super::*;
    use bytes::{Bytes, BytesMut};
    use tonic::Code;

    crate::__message! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct Ping view PingView {
            pub seq @0: u64,
            pub from @1: String,
        }
    }

    fn ping() -> Ping {
        Ping { seq: 7, from: "edge-1".into() }
    }

    #[test]
    fn a_message_and_its_owned_form_write_the_same_bytes() {
        let mut scratch = Vec::new();
        let (mut a, mut b) = (BytesMut::new(), BytesMut::new());
        ping().encode_to(&mut scratch, &mut a).unwrap();
        Owned::from_message(&ping()).encode_to(&mut scratch, &mut b).unwrap();
        assert_eq!(a, crate::encode(&ping()));
        assert_eq!(a, b);
    }

    #[test]
    fn owned_decoding_splits_the_buffer_without_copying() {
        let mut buf = BytesMut::from(&crate::encode(&ping())[..]);
        let start = buf.as_ptr();
        let owned = Owned::<Ping>::decode_from(&mut buf, &Limits::DEFAULT).unwrap();
        assert_eq!(owned.bytes().as_ptr(), start, "the Owned shares the receive buffer");
        assert!(buf.is_empty(), "the message was consumed");
        assert_eq!(owned.decode().unwrap(), ping());
    }

    #[test]
    fn a_message_split_across_chunks_decodes_like_a_contiguous_one() {
        let bytes = crate::encode(&ping());
        let (head, tail) = bytes.split_at(5);
        let mut chained = Bytes::copy_from_slice(head).chain(Bytes::copy_from_slice(tail));
        assert!(chained.chunk().len() < chained.remaining());
        assert_eq!(Ping::decode_from(&mut chained, &Limits::DEFAULT).unwrap(), ping());
        assert_eq!(chained.remaining(), 0);
        let mut chained = Bytes::copy_from_slice(head).chain(Bytes::copy_from_slice(tail));
        assert_eq!(Owned::<Ping>::decode_from(&mut chained, &Limits::DEFAULT).unwrap().decode().unwrap(), ping());
    }

    #[test]
    fn refusals_carry_zerowire_error_and_are_consumed() {
        let mut bad = crate::encode(&ping());
        let last = bad.len() - 1;
        bad[last] = 0xff; // inside `from`: not UTF-8
        let err = crate::decode::<Ping>(&bad).unwrap_err();
        for status in [
            Ping::decode_from(&mut &bad[..], &Limits::DEFAULT).unwrap_err(),
            Owned::<Ping>::decode_from(&mut Bytes::from(bad.clone()), &Limits::DEFAULT).unwrap_err(),
        ] {
            assert_eq!(status.code(), Code::InvalidArgument);
            assert_eq!(status.message(), format!("invalid zerowire message `Ping`: {err}"));
        }
        let mut src = &bad[..];
        let _ = Ping::decode_from(&mut src, &Limits::DEFAULT);
        assert!(src.is_empty(), "a refused message does not stay in the buffer");
    }

    #[test]
    fn limit_refusals_are_resource_exhausted() {
        let bytes = crate::encode(&ping());
        let limits = Limits { max_size: bytes.len() - 1, ..Limits::DEFAULT };
        let err = crate::decode_with::<Ping>(&bytes, &limits).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SizeLimit);
        for status in [
            Ping::decode_from(&mut &bytes[..], &limits).unwrap_err(),
            Owned::<Ping>::decode_from(&mut Bytes::from(bytes.clone()), &limits).unwrap_err(),
        ] {
            assert_eq!(status.code(), Code::ResourceExhausted);
            assert_eq!(status.message(), format!("zerowire message `Ping` exceeds the receiver's limits: {err}"));
        }
    }

    #[test]
    fn lengths_past_four_gib_are_refused_not_encoded() {
        assert!(check_len("Ping", u32::MAX as usize).is_ok());
        let status = check_len("Ping", u32::MAX as usize + 1).unwrap_err();
        assert_eq!(status.code(), Code::ResourceExhausted);
        assert!(status.message().contains("`Ping`"), "{}", status.message());
    }
}
