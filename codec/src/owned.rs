//! [`Owned`]: a validated message that owns its bytes.

use core::fmt;
use core::marker::PhantomData;

use bytes::Bytes;

use crate::error::Result;
use crate::message::{self, Message, MessageView};
use crate::table::Table;
use crate::validate::Limits;
use crate::wire::MESSAGE_HEADER_LEN;

/// A message kept as its encoded bytes, validated once (eager tier) when it
/// was made, so its view's accessors cannot fail.
///
/// It is `Send + Sync + 'static` and cheap to clone (a `Bytes` reference
/// count), so a service can keep or forward a received message past the
/// lifetime of its read buffer without copying it.
///
/// ```
/// # zerowire::__message! { #[derive(Debug, PartialEq)] pub struct Ping view PingView { pub seq @0: u64, pub from @1: String } }
/// use zerowire::Owned;
/// let bytes = zerowire::encode(&Ping { seq: 7, from: "edge-1".into() });
/// let msg = Owned::<Ping>::new(bytes.into())?;
/// assert_eq!(msg.view().seq(), 7);
/// assert_eq!(msg.view().from()?, "edge-1");
/// # Ok::<(), zerowire::Error>(())
/// ```
pub struct Owned<M: Message> {
    bytes: Bytes,
    data_len: usize,
    _m: PhantomData<fn() -> M>,
}

impl<M: Message> Owned<M> {
    /// Validates `bytes` with the default [`Limits`] and keeps them.
    pub fn new(bytes: Bytes) -> Result<Self> {
        Self::with_limits(bytes, &Limits::default())
    }

    /// Validates `bytes` with `limits` and keeps them.
    pub fn with_limits(bytes: Bytes, limits: &Limits) -> Result<Self> {
        let data_len = message::validate_root::<M>(&bytes, limits)?.data_len();
        Ok(Owned { bytes, data_len, _m: PhantomData })
    }

    /// Encodes `m` (one allocation).
    pub fn from_message(m: &M) -> Self {
        let bytes = Bytes::from(message::encode(m));
        let data_len = m.data_len();
        Owned { bytes, data_len, _m: PhantomData }
    }

    /// The view of the message. Its accessors cannot fail.
    #[inline]
    pub fn view(&self) -> M::View<'_> {
        // `new` validated these bytes, so the table is in range; EMPTY is
        // never reached.
        M::View::from_table(Table::new(&self.bytes, 0, MESSAGE_HEADER_LEN, self.data_len).unwrap_or(Table::EMPTY))
    }

    /// Decodes the owned value.
    pub fn decode(&self) -> Result<M> {
        message::decode_root(&self.bytes, &Limits { max_size: usize::MAX, max_depth: u32::MAX, ..Limits::DEFAULT })
    }

    /// The encoded bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// Gives back the encoded bytes.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }
}

impl<M: Message> Clone for Owned<M> {
    fn clone(&self) -> Self {
        Owned { bytes: self.bytes.clone(), data_len: self.data_len, _m: PhantomData }
    }
}

impl<M: Message> fmt::Debug for Owned<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Owned<{}>({} bytes)", M::NAME, self.bytes.len())
    }
}

impl<M: Message> AsRef<[u8]> for Owned<M> {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}
