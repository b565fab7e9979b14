//! [`Owned`]: a validated message that owns its bytes.

use core::fmt;
use core::marker::PhantomData;

use bytes::Bytes;

use crate::error::Result;
use crate::limits::Limits;
use crate::message::{self, Message, MessageView};
use crate::mode::{ValidTable, ValidView};
use crate::table::Table;
use crate::wire::MESSAGE_HEADER_LEN;

/// A message kept as its encoded bytes, validated once (eager tier) when it
/// was made, so its view's accessors cannot fail.
///
/// It is `Send + Sync + 'static` and cheap to clone (a `Bytes` reference
/// count), so a service can keep or forward a received message past the
/// lifetime of its read buffer without copying it.
///
/// ```
/// # #[derive(Debug, PartialEq, zerowire::Message)] pub struct Ping { pub seq: u64, pub from: String }
/// use zerowire::Owned;
/// let bytes = zerowire::encode(&Ping { seq: 7, from: "edge-1".into() });
/// let msg = Owned::<Ping>::new(bytes.into())?;
/// assert_eq!(msg.view().seq(), 7);
/// assert_eq!(msg.view().from(), "edge-1");
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

    /// The validated view of the message: its accessors return plain
    /// values and cannot fail.
    #[inline]
    pub fn view(&self) -> M::Valid<'_> {
        // `with_limits` validated these bytes as `M` (`from_message` encoded
        // them from an `M`), and `Bytes` never changes: the table is in
        // range and validated. EMPTY is never reached (and has only defaults).
        let t = Table::new(&self.bytes, 0, MESSAGE_HEADER_LEN, self.data_len).unwrap_or_else(|| {
            debug_assert!(false, "an owned message's table is in range");
            Table::EMPTY
        });
        M::Valid::from_valid(ValidTable::validated(t))
    }

    /// The lazy view of the message (accessors of references return
    /// `Result`), for code written against [`view()`](crate::view).
    #[inline]
    pub fn lazy_view(&self) -> M::View<'_> {
        M::View::from_table(self.view().valid_table().table())
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
