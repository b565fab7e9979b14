//! The service over zerowire's own framing on TCP, the floor: no HTTP, no
//! gRPC, one call at a time per connection. Each call is a frame whose type
//! id names it (the request's [`Message::TYPE_ID`]); the answer is one
//! frame, or for the watch call as many frames as batches asked for. The
//! server reads requests in place (`Frame::into_owned_message`, validated,
//! no copy) and encodes its answers straight into the write buffer.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::BytesMut;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::{Decoder, Encoder, Framed};
use zerowire::Message;
use zerowire::frame::{Frame, FrameCodec, FrameError};

use super::wire::zw;
use super::{Answer, BoxError, Case, Converted, Inputs, WATCH_MAX, timing};
use crate::data;
use crate::peers::{Mirror, zerowire_fmt};

/// [`FrameCodec`] with its decoding and encoding added to [`timing`] (when
/// it is on). The server's codec.
#[derive(Debug, Default, Clone, Copy)]
pub struct TimedFrameCodec(FrameCodec);

impl Decoder for TimedFrameCodec {
    type Item = Frame;
    type Error = FrameError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Frame>, FrameError> {
        timing::measure(|| self.0.decode(src))
    }
}

impl<M: Message> Encoder<&M> for TimedFrameCodec {
    type Error = FrameError;

    fn encode(&mut self, m: &M, dst: &mut BytesMut) -> Result<(), FrameError> {
        timing::measure(|| self.0.encode(m, dst))
    }
}

/// Serves on `listener` until the runtime stops: one task per connection.
pub async fn serve(listener: TcpListener, stock: Vec<data::TelemetryExport>) {
    let stock: Arc<Vec<zerowire_fmt::TelemetryExport>> = Arc::new(stock.iter().map(Mirror::from_model).collect());
    while let Ok((socket, _)) = listener.accept().await {
        let stock = Arc::clone(&stock);
        tokio::spawn(async move {
            // A connection that sends a bad frame is closed; the others go on.
            let _ = connection(socket, &stock).await;
        });
    }
}

async fn connection(socket: TcpStream, stock: &[zerowire_fmt::TelemetryExport]) -> Result<(), BoxError> {
    socket.set_nodelay(true)?;
    let mut framed = Framed::new(socket, TimedFrameCodec::default());
    while let Some(frame) = framed.next().await {
        let frame = frame?;
        let type_id = frame.header.type_id;
        if type_id == zerowire_fmt::Request::TYPE_ID {
            let req = timing::measure(|| frame.into_owned_message::<zerowire_fmt::Request>())?;
            framed.send(&zw::Ack::from(zw::ack(&req.view()))).await?;
        } else if type_id == zerowire_fmt::TelemetryExport::TYPE_ID {
            let req = timing::measure(|| frame.into_owned_message::<zerowire_fmt::TelemetryExport>())?;
            framed.send(&zw::Summary::from(zw::summary(&req.view()))).await?;
        } else if type_id == zw::WatchRequest::TYPE_ID {
            let req = timing::measure(|| frame.into_owned_message::<zw::WatchRequest>())?;
            let n = req.view().batches();
            if n > WATCH_MAX {
                return Err(format!("a watch call streams at most {WATCH_MAX} batches, not {n}").into());
            }
            for i in 0..n as usize {
                framed.feed(&stock[i % stock.len()]).await?;
            }
            SinkExt::<&zw::Ack>::flush(&mut framed).await?;
        } else {
            return Err(format!("no call has type id {type_id:#x}").into());
        }
    }
    Ok(())
}

/// A client on a connection of its own.
#[derive(Debug)]
pub struct Client {
    framed: Framed<TcpStream, FrameCodec>,
    inputs: Converted<zerowire_fmt::Request, zerowire_fmt::TelemetryExport>,
}

impl Client {
    /// Connects to `addr`.
    pub async fn connect(addr: SocketAddr, inputs: &Inputs) -> Result<Client, BoxError> {
        let socket = TcpStream::connect(addr).await?;
        socket.set_nodelay(true)?;
        Ok(Client { framed: Framed::new(socket, FrameCodec::new()), inputs: Converted::new(inputs) })
    }

    async fn next(&mut self) -> Result<Frame, BoxError> {
        Ok(self.framed.next().await.ok_or("the server closed the connection")??)
    }

    /// Makes call number `i` of `case`.
    pub async fn call(&mut self, case: Case, i: usize) -> Result<Answer, BoxError> {
        Ok(match case {
            Case::Small => {
                self.framed.send(self.inputs.request(i)).await?;
                let ack = self.next().await?.into_owned_message::<zw::Ack>()?;
                Answer::Ack((&ack.view()).into())
            }
            Case::Telemetry => {
                self.framed.send(&self.inputs.telemetry).await?;
                let summary = self.next().await?.into_owned_message::<zw::Summary>()?;
                Answer::Summary((&summary.view()).into())
            }
            Case::Watch => {
                let batches = self.inputs.watch_batches;
                self.framed.send(&zw::WatchRequest { batches }).await?;
                let mut out = Vec::with_capacity(batches as usize);
                for _ in 0..batches {
                    let batch = self.next().await?.into_owned_message::<zerowire_fmt::TelemetryExport>()?;
                    out.push(zw::summary(&batch.view()));
                }
                Answer::Watch(out)
            }
        })
    }
}
