//! The end-to-end service over real sockets on loopback (not timed): every
//! implementation answers every call as the reference computed from the
//! model values does, so all of them answer alike; and the load generator
//! runs each of them and reports every run.

#![cfg(all(feature = "peer-prost", feature = "peer-serde-json"))]

use std::collections::HashMap;
use std::time::Duration;

use zerowire_benches::service::load::{self, Config};
use zerowire_benches::service::{Answer, Case, Client, Impl, Inputs, Server, WATCH_MAX, ack_of, summary_of};

fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime")
}

#[test]
fn every_implementation_gives_the_reference_answers() {
    let inputs = Inputs::bench();
    let rt = client_runtime();
    let mut seen: HashMap<(Case, usize), Vec<(Impl, Answer)>> = HashMap::new();
    for imp in Impl::ALL {
        let server = Server::start(imp, &inputs, 1).expect("server starts");
        rt.block_on(async {
            // Two connections, calls interleaved, so answers cannot come
            // from a per-connection leftover.
            let mut a = Client::connect(imp, server.addr, &inputs).await.expect("connects");
            let mut b = Client::connect(imp, server.addr, &inputs).await.expect("connects");
            for case in Case::ALL {
                for i in 0..6 {
                    let client = if i % 2 == 0 { &mut a } else { &mut b };
                    let answer =
                        client.call(case, i).await.unwrap_or_else(|e| panic!("{} {}: {e}", imp.name(), case.name()));
                    assert_eq!(answer, inputs.expected(case, i), "{} {} call {i}", imp.name(), case.name());
                    seen.entry((case, i)).or_default().push((imp, answer));
                }
            }
        });
    }
    // The reference is not trivial: the answers differ from call to call
    // and say something about the data.
    let acks: Vec<_> = (0..6).map(|i| ack_of(inputs.request(i))).collect();
    assert!(acks.windows(2).all(|w| w[0] != w[1]), "{acks:?}");
    let s = summary_of(&inputs.telemetry);
    assert_eq!(s.spans, 450);
    assert!(s.events > 0 && s.errors > 0 && s.duration_ns > 0, "{s:?}");
    let Answer::Watch(batches) = inputs.expected(Case::Watch, 0) else { panic!("a watch answer") };
    assert_eq!(batches.len(), inputs.watch_batches as usize);
    assert_ne!(batches[0], batches[1]);
    // Every call was answered by all five.
    for ((case, i), answers) in &seen {
        assert_eq!(answers.len(), Impl::ALL.len(), "{} call {i}", case.name());
    }
}

#[test]
fn the_load_generator_runs_every_implementation_and_reports_each_run() {
    let inputs = Inputs::bench();
    let config = Config {
        concurrency: vec![1, 3],
        duration: Duration::from_millis(200),
        warmup: Duration::ZERO,
        max_calls: Some(3),
        ..Config::default()
    };
    let report = load::run(&config, &inputs, |_| {}).expect("every run succeeds");
    assert_eq!(report.rows.len(), Impl::ALL.len() * Case::ALL.len() * 2);
    for row in &report.rows {
        assert!(row.calls >= 1 && row.calls <= 3 * row.clients as u64, "{row:?}");
        assert!(row.p50_ns > 0 && row.p50_ns <= row.p99_ns, "{row:?}");
    }
    // The serialization counters are wired into every server.
    assert_eq!(report.shares.len(), Impl::ALL.len());
    for share in &report.shares {
        assert!(share.serialization_ns > 0, "{} counted no serialization", share.imp.name());
    }
    for (what, sizes) in &report.sizes {
        assert!(sizes.iter().all(|&n| n > 0), "{what}: {sizes:?}");
    }
    let md = report.markdown();
    assert!(md.contains("| telemetry export | "), "{md}");
    for imp in Impl::ALL {
        assert!(md.contains(&format!("| {} |", imp.name())), "{md}");
    }
    assert!(md.contains("#### `telemetry`, 3 clients"), "{md}");
    assert!(md.contains("tonic+zerowire ≥ 2× the requests/s of tonic+prost on telemetry"), "{md}");
    assert_eq!(md.matches("| tonic+prost | ").count(), 3 * 2 + 1, "{md}");
}

#[test]
fn a_watch_request_over_the_limit_is_refused_and_the_server_keeps_serving() {
    let inputs = Inputs::bench();
    let greedy = Inputs { watch_batches: WATCH_MAX + 1, ..inputs.clone() };
    let rt = client_runtime();
    for imp in Impl::ALL {
        let server = Server::start(imp, &inputs, 1).expect("server starts");
        rt.block_on(async {
            let mut client = Client::connect(imp, server.addr, &greedy).await.expect("connects");
            let err = client.call(Case::Watch, 0).await.expect_err("refused");
            // HTTP and gRPC say why; the frame server closes the connection.
            if imp != Impl::Frame {
                assert!(err.to_string().contains(&format!("at most {WATCH_MAX} batches")), "{}: {err}", imp.name());
            }
            let mut client = Client::connect(imp, server.addr, &inputs).await.expect("connects");
            let answer = client.call(Case::Watch, 0).await.expect("served");
            assert_eq!(answer, inputs.expected(Case::Watch, 0), "{}", imp.name());
        });
    }
}

#[test]
fn the_frame_server_drops_a_connection_that_sends_a_bad_frame_and_serves_the_next() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_util::codec::Framed;
    use zerowire::Message;
    use zerowire::frame::{Frame, FrameCodec, FrameHeader};
    use zerowire_benches::peers::zerowire_fmt;
    use zerowire_benches::service::wire::zw;

    let inputs = Inputs::bench();
    let server = Server::start(Impl::Frame, &inputs, 1).expect("server starts");
    let bad = [
        // A small call whose payload is not a message.
        Frame::new(FrameHeader::binary(zerowire_fmt::Request::TYPE_ID), bytes::Bytes::from_static(b"not a message")),
        // A valid message under a type id no call has.
        Frame::new(FrameHeader::binary(0xDEAD_BEEF), zerowire::encode(&zw::WatchRequest { batches: 1 }).into()),
    ];
    client_runtime().block_on(async {
        for frame in bad {
            let socket = tokio::net::TcpStream::connect(server.addr).await.expect("connects");
            let mut framed = Framed::new(socket, FrameCodec::new());
            framed.send(frame).await.expect("sent");
            // No answer: the server closed the connection.
            assert!(matches!(framed.next().await, None | Some(Err(_))));
            let mut client = Client::connect(Impl::Frame, server.addr, &inputs).await.expect("connects");
            assert_eq!(client.call(Case::Small, 3).await.expect("served"), inputs.expected(Case::Small, 3));
        }
    });
}
