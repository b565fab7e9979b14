//! Encoded sizes of every data set for every enabled peer, raw and after
//! zstd (level 3, `zstd::bulk::compress`), for the `sizes` and `report` bins.
//! Nothing here is timed.

use crate::data::{Blob, Comment, IntlLogBatch, LogBatch, NumericBatch, Request, TelemetryExport};
use crate::peers::zerowire_fmt::Zerowire;
use crate::peers::{DataSet, Format};

/// zstd level used for the compressed column.
pub const ZSTD_LEVEL: i32 = 3;

/// The data sets, in table order.
pub const SETS: [&str; 7] = ["request", "log_batch", "intl_log", "telemetry", "numeric", "large", "deep"];

/// One peer's encoding of one data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Data set name ([`DataSet::NAME`]).
    pub set: &'static str,
    /// Peer name ([`Format::NAME`]).
    pub peer: &'static str,
    /// Encoded bytes.
    pub bytes: usize,
    /// Bytes after zstd level [`ZSTD_LEVEL`].
    pub zstd: usize,
}

fn one<D: DataSet, F: Format<D>>(model: &D, out: &mut Vec<Size>) {
    let enc = F::encode(&F::mirror(model));
    let zstd = zstd::bulk::compress(&enc, ZSTD_LEVEL).expect("zstd compresses a buffer").len();
    out.push(Size { set: D::NAME, peer: F::NAME, bytes: enc.len(), zstd });
}

fn set<D: DataSet>(out: &mut Vec<Size>)
where
    Zerowire: Format<D>,
    Peers: AllPeers<D>,
{
    let model = D::bench_value();
    one::<D, Zerowire>(&model, out);
    Peers::sizes(&model, out);
}

/// The enabled peers other than zerowire (a helper of [`measure`]).
#[derive(Debug)]
pub struct Peers;

/// Sizes of every enabled non-zerowire peer on `D` (a helper of [`measure`]).
pub trait AllPeers<D: DataSet> {
    /// Appends one [`Size`] per enabled peer.
    fn sizes(model: &D, out: &mut Vec<Size>);
}

macro_rules! all_peers {
    ($($set:ty),*) => {
        $(impl AllPeers<$set> for Peers {
            fn sizes(_model: &$set, _out: &mut Vec<Size>) {
                #[cfg(feature = "peer-prost")]
                one::<$set, crate::peers::prost_pb::Prost>(_model, _out);
                #[cfg(feature = "peer-rkyv")]
                one::<$set, crate::peers::rkyv_fmt::Rkyv>(_model, _out);
                #[cfg(feature = "peer-bitcode")]
                one::<$set, crate::peers::bitcode_fmt::Bitcode>(_model, _out);
                #[cfg(feature = "peer-serde-json")]
                one::<$set, crate::peers::json::SerdeJson>(_model, _out);
                #[cfg(feature = "peer-simd-json")]
                one::<$set, crate::peers::simd_json_fmt::SimdJson>(_model, _out);
                #[cfg(feature = "peer-sonic-rs")]
                one::<$set, crate::peers::sonic_rs_fmt::SonicRs>(_model, _out);
                #[cfg(feature = "peer-capnp")]
                one::<$set, crate::peers::capnp_fmt::Capnp>(_model, _out);
                #[cfg(feature = "peer-flatbuffers")]
                one::<$set, crate::peers::flatbuffers_fmt::FlatBuffers>(_model, _out);
            }
        })*
    };
}

all_peers!(Request, LogBatch, IntlLogBatch, TelemetryExport, NumericBatch, Blob, Comment);

/// Sizes of every data set's benchmark value for every enabled peer.
pub fn measure() -> Vec<Size> {
    let mut out = Vec::new();
    set::<Request>(&mut out);
    set::<LogBatch>(&mut out);
    set::<IntlLogBatch>(&mut out);
    set::<TelemetryExport>(&mut out);
    set::<NumericBatch>(&mut out);
    set::<Blob>(&mut out);
    set::<Comment>(&mut out);
    out
}
