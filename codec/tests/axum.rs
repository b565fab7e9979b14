//! The axum integration (`zerowire::axum`, feature `axum`) over real
//! sockets: an axum server on loopback, a hyper client (and raw HTTP/1.1
//! where a client would tidy the request up), and curl for the JSON path.
//! Binary and JSON requests and answers must give the same message; every
//! rejection has its status and text; the server keeps serving.
#![allow(missing_docs, unreachable_pub)]

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::routing::post;
use axum::{Extension, Router};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zerowire::axum::{Negotiated, Reply, Zw, ZwRejection};
use zerowire::{Limits, Owned};

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Line {
    pub sku: String,
    pub qty: u32,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Order {
    pub id: u64,
    pub symbol: String,
    pub price: i64,
    pub ratio: f64,
    pub note: Option<String>,
    pub blob: Vec<u8>,
    pub lines: Vec<Line>,
}

fn order(id: u64) -> Order {
    Order {
        id: u64::MAX - id,
        symbol: format!("Z\u{e9}W-{id}"),
        price: -12_345,
        ratio: 0.25,
        note: (id % 2 == 0).then(|| "quote \" and \\ back".into()),
        blob: vec![0, 1, 2, 255],
        lines: (0..3).map(|i| Line { sku: format!("sku-{i}"), qty: i * 10 }).collect(),
    }
}

const BIN: &str = "application/vnd.zerowire";
const JSON: &str = "application/json";

/// Echoes the order in the format the client accepts.
async fn echo(accept: Negotiated, Zw(order): Zw<Order>) -> Reply<Order> {
    accept.reply(order)
}

/// Keeps the request's bytes and answers with them (binary) or with their
/// view written as JSON.
async fn owned(accept: Negotiated, order: Owned<Order>) -> Reply<Owned<Order>> {
    accept.reply(order)
}

/// Always binary.
async fn binary(Zw(order): Zw<Order>) -> Zw<Order> {
    Zw(order)
}

fn app() -> Router {
    Router::new()
        .route("/echo", post(echo))
        .route("/owned", post(owned))
        .route("/binary", post(binary))
        // axum's body limit, small.
        .route("/small", post(echo).layer(DefaultBodyLimit::max(1024)))
        // zerowire's size limit, under axum's default body limit.
        .route("/strict", post(owned).layer(Extension(Limits { max_size: 256, ..Limits::DEFAULT })))
        .route("/shallow", post(echo).layer(Extension(Limits { max_depth: 1, ..Limits::DEFAULT })))
}

async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("server") });
    addr
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

struct Answer {
    status: StatusCode,
    content_type: Option<String>,
    vary: Option<String>,
    body: Bytes,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).expect("a UTF-8 body")
    }

    /// A rejection: its status, `text/plain`, and the text.
    fn rejected(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "body: {}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.content_type.as_deref(), Some("text/plain; charset=utf-8"));
        self.text()
    }

    /// The order in the answer, read per its `Content-Type`.
    fn order(&self) -> Order {
        assert_eq!(self.status, StatusCode::OK, "body: {}", String::from_utf8_lossy(&self.body));
        zerowire::http::decode_body(self.content_type.as_deref(), &self.body).expect("the answer reads as an Order")
    }
}

/// POSTs `body` to `path` with these headers (`None`: header left out).
async fn post_to(
    client: &HttpClient,
    addr: SocketAddr,
    path: &str,
    content_type: Option<&str>,
    accept: &[&str],
    body: impl Into<Bytes>,
) -> Answer {
    let mut req = Request::post(format!("http://{addr}{path}"));
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    for a in accept {
        req = req.header(header::ACCEPT, *a);
    }
    let req = req.body(Full::new(body.into())).expect("request");
    let resp = tokio::time::timeout(Duration::from_secs(20), client.request(req))
        .await
        .expect("an answer in time")
        .expect("an answer");
    let (parts, body) = resp.into_parts();
    let header = |name| parts.headers.get(name).map(|v: &HeaderValue| v.to_str().expect("text").to_owned());
    Answer {
        status: parts.status,
        content_type: header(header::CONTENT_TYPE),
        vary: header(header::VARY),
        body: body.collect().await.expect("body").to_bytes(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_and_json_give_the_same_message() {
    let addr = serve(app()).await;
    let c = client();
    for id in 0..4 {
        let want = order(id);
        let bin = zerowire::encode(&want);
        let json = zerowire::json::to_vec(&want).unwrap();

        // Every pair of request and answer formats, through `Zw` and `Owned`.
        let mut bin_answers = Vec::new();
        let mut json_answers = Vec::new();
        for path in ["/echo", "/owned"] {
            for (ct, body) in [(BIN, &bin), (JSON, &json)] {
                let a = post_to(&c, addr, path, Some(ct), &[BIN], body.clone()).await;
                assert_eq!(a.content_type.as_deref(), Some(BIN), "{path} {ct}");
                assert_eq!(a.order(), want, "{path} {ct} -> binary");
                bin_answers.push(a.body);
                let a = post_to(&c, addr, path, Some(ct), &[JSON], body.clone()).await;
                assert_eq!(a.content_type.as_deref(), Some(JSON), "{path} {ct}");
                assert_eq!(a.vary.as_deref(), Some("accept"));
                assert_eq!(a.order(), want, "{path} {ct} -> JSON");
                json_answers.push(a.body);
            }
        }
        // The two paths agree to the byte: the binary answers are the
        // request's encoding, the JSON answers the message's JSON, whether
        // written from an owned value or from a view.
        for a in &bin_answers {
            assert_eq!(a[..], bin[..]);
        }
        for a in &json_answers {
            assert_eq!(a[..], json[..]);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_negotiation() {
    let addr = serve(app()).await;
    let c = client();
    let want = order(1);
    let json = zerowire::json::to_vec(&want).unwrap();
    let cases: &[(&[&str], Option<&str>)] = &[
        (&[], Some(JSON)),
        (&["*/*"], Some(JSON)),
        (&["application/json;q=0.5, application/vnd.zerowire"], Some(BIN)),
        (&["application/vnd.zerowire;q=0.1, application/json"], Some(JSON)),
        (&["application/*, application/vnd.zerowire"], Some(BIN)),
        (&["text/html", "application/vnd.zerowire;q=0.2"], Some(BIN)),
        (&["text/html", "application/*;q=0.2"], Some(JSON)),
        (&["text/html"], None),
        (&["application/json;q=0, application/vnd.zerowire;q=0"], None),
    ];
    for (accept, format) in cases {
        let a = post_to(&c, addr, "/echo", Some(JSON), accept, json.clone()).await;
        match format {
            Some(ct) => {
                assert_eq!(a.content_type.as_deref(), Some(*ct), "Accept: {accept:?}");
                assert_eq!(a.order(), want);
            }
            None => {
                let text = a.rejected(StatusCode::NOT_ACCEPTABLE);
                assert_eq!(text, ZwRejection::NotAcceptable.to_string());
                assert!(text.contains(BIN) && text.contains(JSON), "{text}");
            }
        }
    }
    // `Zw` as a response is binary, whatever was asked.
    let a = post_to(&c, addr, "/binary", Some(JSON), &[JSON], json).await;
    assert_eq!(a.content_type.as_deref(), Some(BIN));
    assert_eq!(a.vary, None);
    assert_eq!(a.order(), want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_types() {
    let addr = serve(app()).await;
    let c = client();
    let want = order(2);
    let json = zerowire::json::to_vec(&want).unwrap();
    // No `Content-Type` is JSON; `+json` and parameters are JSON too.
    for ct in [None, Some("application/json; charset=utf-8"), Some("application/order+json"), Some("APPLICATION/JSON")]
    {
        let a = post_to(&c, addr, "/echo", ct, &[BIN], json.clone()).await;
        assert_eq!(a.order(), want, "{ct:?}");
    }
    let a = post_to(&c, addr, "/owned", Some("Application/Vnd.Zerowire; v=1"), &[JSON], zerowire::encode(&want)).await;
    assert_eq!(a.order(), want);

    // Anything else is 415, with the body unread.
    for path in ["/echo", "/owned", "/binary"] {
        for ct in ["text/plain", "application/x-www-form-urlencoded", "application/protobuf", ""] {
            let a = post_to(&c, addr, path, Some(ct), &[], json.clone()).await;
            let text = a.rejected(StatusCode::UNSUPPORTED_MEDIA_TYPE);
            assert_eq!(text, "unsupported media type: send application/vnd.zerowire or application/json", "{ct}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_are_400_with_zerowire_text() {
    let addr = serve(app()).await;
    let c = client();
    let good = zerowire::encode(&order(3));
    let mut cut = good.clone();
    cut.truncate(good.len() - 3);
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] = 0xff; // inside a string: invalid UTF-8

    for path in ["/echo", "/owned", "/binary"] {
        for bad in [&b""[..], b"\x00", &cut, &flipped, b"{\"id\": 1}"] {
            let a = post_to(&c, addr, path, Some(BIN), &[BIN], bad.to_vec()).await;
            let text = a.rejected(StatusCode::BAD_REQUEST);
            let err = zerowire::decode::<Order>(bad).expect_err("invalid");
            assert_eq!(text, format!("request body is not a valid binary message: {err}"), "{path}");
            // And the owned extractor fails where validation does.
            assert!(zerowire::validate::<Order>(bad).is_err());
        }
        for bad in [&b""[..], b"{", b"[1,2]", br#"{"id": "x"}"#, br#"{"lines": [{"qty": -1}]}"#, b"{} trailing"] {
            let a = post_to(&c, addr, path, Some(JSON), &[JSON], bad.to_vec()).await;
            let text = a.rejected(StatusCode::BAD_REQUEST);
            let err = zerowire::json::from_slice::<Order>(bad).expect_err("invalid");
            assert_eq!(text, format!("request body is not valid JSON for the message: {err}"), "{path}");
        }
    }

    // zerowire's limits apply to what is decoded: a nested list is deeper
    // than `/shallow` allows, in both formats.
    let a = post_to(&c, addr, "/shallow", Some(BIN), &[], good.clone()).await;
    let text = a.rejected(StatusCode::BAD_REQUEST);
    assert!(text.contains("depth"), "{text}");
    let a = post_to(&c, addr, "/shallow", Some(JSON), &[], zerowire::json::to_vec(&order(3)).unwrap()).await;
    let text = a.rejected(StatusCode::BAD_REQUEST);
    assert!(text.contains("depth") || text.contains("nest"), "{text}");
    // A message without lists is within depth 1.
    let flat = Order { lines: vec![], blob: vec![], ..order(3) };
    assert_eq!(post_to(&c, addr, "/shallow", Some(BIN), &[BIN], zerowire::encode(&flat)).await.order(), flat);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_limits_are_413() {
    let addr = serve(app()).await;
    let c = client();
    let big = Order { note: Some("n".repeat(2000)), ..order(4) };
    let (bin, json) = (zerowire::encode(&big), zerowire::json::to_vec(&big).unwrap());
    assert!(bin.len() > 1024 && json.len() > 1024);

    // axum's `DefaultBodyLimit` of the route: 1 KiB.
    for (ct, body) in [(BIN, &bin), (JSON, &json)] {
        let a = post_to(&c, addr, "/small", Some(ct), &[], body.clone()).await;
        assert_eq!(a.rejected(StatusCode::PAYLOAD_TOO_LARGE), "request body is over the server's body limit");
    }
    // zerowire's `Limits::max_size` of the route: 256 bytes.
    for (ct, body) in [(BIN, &bin), (JSON, &json)] {
        let a = post_to(&c, addr, "/strict", Some(ct), &[], body.clone()).await;
        assert_eq!(a.rejected(StatusCode::PAYLOAD_TOO_LARGE), "request body is over the limit of 256 bytes");
    }
    // Under the limits, the same routes serve.
    let small = Order { note: None, lines: vec![], ..order(4) };
    assert!(zerowire::encode(&small).len() <= 256);
    for path in ["/small", "/strict"] {
        let a = post_to(&c, addr, path, Some(BIN), &[BIN], zerowire::encode(&small)).await;
        assert_eq!(a.order(), small, "{path}");
    }
    // A JSON body under `max_size` whose message encodes over it (an
    // element left empty is 3 bytes of JSON, more in binary): the `Owned`
    // extractor does not build it.
    let wide_json = format!(r#"{{"lines":[{}{{}}]}}"#, "{},".repeat(60)).into_bytes();
    let wide_bin = zerowire::json::json_to_binary::<Order>(&wide_json).unwrap();
    assert!(wide_json.len() <= 256 && wide_bin.len() > 256, "{} {}", wide_json.len(), wide_bin.len());
    let a = post_to(&c, addr, "/strict", Some(JSON), &[], wide_json).await;
    let text = a.rejected(StatusCode::BAD_REQUEST);
    assert!(text.contains(&format!("{} bytes, over the limit of 256 bytes", wide_bin.len())), "{text}");

    // axum's default body limit, 2 MiB, applies to every route.
    let huge = Order { note: Some("h".repeat(3 << 20)), ..order(4) };
    let a = post_to(&c, addr, "/echo", Some(BIN), &[], zerowire::encode(&huge)).await;
    assert_eq!(a.rejected(StatusCode::PAYLOAD_TOO_LARGE), "request body is over the server's body limit");
}

/// Sends raw HTTP/1.1 (`Connection: close`) and returns the status and
/// body of the answer.
async fn raw(addr: SocketAddr, request: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(request).await.expect("write");
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut out))
        .await
        .expect("an answer in time")
        .expect("read");
    let head_end = out.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head") + 4;
    let head = std::str::from_utf8(&out[..head_end]).expect("an ASCII head");
    let status = head[9..12].parse().expect("a status code");
    (status, out[head_end..].to_vec())
}

fn chunked(path: &str, content_type: &str, chunks: &[&[u8]]) -> Vec<u8> {
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: {BIN}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for c in chunks {
        r.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        r.extend_from_slice(c);
        r.extend_from_slice(b"\r\n");
    }
    r.extend_from_slice(b"0\r\n\r\n");
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_http() {
    let addr = serve(app()).await;
    let want = order(5);
    let bin = zerowire::encode(&want);

    // A body in several chunks is joined, then validated: same message,
    // same bytes back, for `Owned` as for `Zw`.
    let (a, b) = bin.split_at(bin.len() / 3);
    let (b, c) = b.split_at(b.len() / 2);
    for path in ["/owned", "/echo"] {
        let (status, body) = raw(addr, &chunked(path, BIN, &[a, b, c])).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        assert_eq!(body, bin, "{path}");
    }
    // A chunked body (no Content-Length) over zerowire's limit stops at
    // the limit.
    let chunk = [b' '; 100];
    let many: Vec<&[u8]> = std::iter::repeat_n(&chunk[..], 10).collect();
    let (status, body) = raw(addr, &chunked("/strict", JSON, &many)).await;
    assert_eq!((status, &body[..]), (413, &b"request body is over the limit of 256 bytes"[..]));

    // Header values that are not text: a Content-Type is 415, an Accept
    // 406.
    let head = format!("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n", bin.len());
    let with = |extra: &[u8]| [head.as_bytes(), extra, b"\r\n", &bin].concat();
    let (status, _) = raw(addr, &with(b"Content-Type: application/vnd.zerowire\xff\r\n")).await;
    assert_eq!(status, 415);
    let (status, _) = raw(addr, &with(b"Content-Type: application/vnd.zerowire\r\nAccept: \xff\r\n")).await;
    assert_eq!(status, 406);
    let (status, body) =
        raw(addr, &with(b"Content-Type: application/vnd.zerowire\r\nAccept: application/vnd.zerowire\r\n")).await;
    assert_eq!((status, body), (200, bin));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_keeps_serving_after_bad_requests() {
    let addr = serve(app()).await;
    let c = client();
    let want = order(6);
    let bin = zerowire::encode(&want);
    let big = zerowire::encode(&Order { note: Some("n".repeat(4000)), ..order(6) });
    for round in 0..5 {
        let bad = [
            post_to(&c, addr, "/echo", Some(BIN), &[], b"\x01\x02\x03".to_vec()).await.status,
            post_to(&c, addr, "/owned", Some(JSON), &[], b"{{{".to_vec()).await.status,
            post_to(&c, addr, "/echo", Some("text/csv"), &[], bin.clone()).await.status,
            post_to(&c, addr, "/echo", Some(BIN), &["image/png"], bin.clone()).await.status,
            post_to(&c, addr, "/small", Some(BIN), &[], big.clone()).await.status,
        ];
        assert_eq!(bad.map(|s| s.as_u16()), [400, 400, 415, 406, 413], "round {round}");
        assert_eq!(post_to(&c, addr, "/owned", Some(BIN), &[BIN], bin.clone()).await.order(), want);
        assert_eq!(post_to(&c, addr, "/echo", Some(BIN), &[JSON], bin.clone()).await.order(), want);
    }
}

/// curl, a client nobody here wrote, on the JSON path. curl is required:
/// without it the test fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn curl_speaks_json() {
    let addr = serve(app()).await;
    let want = order(7);
    let json = zerowire::json::to_vec(&want).unwrap();

    let curl = move |body: Vec<u8>, extra: &'static [&'static str]| {
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut child = std::process::Command::new("curl")
                .args(["--silent", "--show-error", "--max-time", "20", "--data-binary", "@-"])
                .args(["--header", "Content-Type: application/json"])
                .args(extra)
                .args(["--write-out", "\n%{http_code} %{content_type}"])
                .arg(format!("http://{addr}/echo"))
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("curl must be installed (Debian package `curl`)");
            child.stdin.take().expect("stdin").write_all(&body).expect("write to curl");
            let out = child.wait_with_output().expect("curl runs");
            assert!(out.status.success(), "curl failed: {:?}", out.status);
            let text = String::from_utf8(out.stdout).expect("UTF-8");
            let (body, status) = text.rsplit_once('\n').expect("curl's status line");
            (body.to_owned(), status.to_owned())
        })
    };

    // JSON in, JSON out (curl sends `Accept: */*`).
    let (body, status) = curl(json.clone(), &[]).await.unwrap();
    assert_eq!(status, "200 application/json");
    assert_eq!(zerowire::json::from_slice::<Order>(body.as_bytes()).unwrap(), want);
    assert_eq!(body.as_bytes(), &json[..]);
    // Asking for JSON by name.
    let (body, status) = curl(json.clone(), &["--header", "Accept: application/json"]).await.unwrap();
    assert_eq!(status, "200 application/json");
    assert_eq!(body.as_bytes(), &json[..]);
    // A bad body is 400 with zerowire's text.
    let (body, status) = curl(br#"{"id": true}"#.to_vec(), &[]).await.unwrap();
    assert_eq!(status, "400 text/plain; charset=utf-8");
    assert!(body.starts_with("request body is not valid JSON for the message: "), "{body}");
    // An Accept it cannot meet is 406.
    let (_, status) = curl(json, &["--header", "Accept: text/html"]).await.unwrap();
    assert_eq!(status, "406 text/plain; charset=utf-8");
}

/// The `Owned` extractor keeps a body that arrives in one piece as it is
/// (the same allocation, no copy), and joins one that arrives in pieces.
#[tokio::test]
async fn owned_reads_in_place() {
    use axum::body::Body;
    use axum::extract::FromRequest;

    let bin = Bytes::from(zerowire::encode(&order(8)));
    let req = Request::post("/").header(header::CONTENT_TYPE, BIN).body(Body::from(bin.clone())).unwrap();
    let owned = Owned::<Order>::from_request(req, &()).await.unwrap();
    assert_eq!(owned.bytes().as_ptr(), bin.as_ptr(), "the body's own bytes");
    assert_eq!(owned.decode().unwrap(), order(8));

    let pieces: Vec<Result<Bytes, std::io::Error>> = bin.chunks(7).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let body = Body::from_stream(futures_util::stream::iter(pieces));
    let req = Request::post("/").header(header::CONTENT_TYPE, BIN).body(body).unwrap();
    let owned = Owned::<Order>::from_request(req, &()).await.unwrap();
    assert_eq!(owned.bytes(), &bin);
    assert_eq!(owned.decode().unwrap(), order(8));

    // The rejection for a body that stops with an error mid-way is 400.
    let pieces: Vec<Result<Bytes, std::io::Error>> =
        vec![Ok(bin.slice(..10)), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "peer left"))];
    let body = Body::from_stream(futures_util::stream::iter(pieces));
    let req = Request::post("/").header(header::CONTENT_TYPE, BIN).body(body).unwrap();
    let err = Owned::<Order>::from_request(req, &()).await.unwrap_err();
    assert!(matches!(err, ZwRejection::BodyUnreadable(_)), "{err:?}");
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    assert!(err.to_string().starts_with("request body could not be read: "), "{err}");
    assert!(err.to_string().contains("peer left"), "{err}");
}

/// `Zw<M>` (decodes) and `Owned<M>` (validates in place) read the same
/// bodies the same way: for every truncation and every bit flip of a
/// binary and a JSON body, both take it as the same message or both
/// reject it with the same status and text.
#[tokio::test]
async fn zw_and_owned_agree_on_damaged_bodies() {
    use axum::body::Body;
    use axum::extract::FromRequest;

    async fn both(
        ct: &str,
        body: Vec<u8>,
    ) -> (Result<Order, (StatusCode, String)>, Result<Order, (StatusCode, String)>) {
        let req = |body: Vec<u8>| Request::post("/").header(header::CONTENT_TYPE, ct).body(Body::from(body)).unwrap();
        let reject = |e: ZwRejection| (e.status(), e.to_string());
        let zw = Zw::<Order>::from_request(req(body.clone()), &()).await.map(|Zw(o)| o).map_err(reject);
        let owned = Owned::<Order>::from_request(req(body), &()).await.map(|o| o.decode().unwrap()).map_err(reject);
        (zw, owned)
    }

    let mut accepted = 0;
    let mut rejected = 0;
    for (ct, good) in [(BIN, zerowire::encode(&order(9))), (JSON, zerowire::json::to_vec(&order(9)).unwrap())] {
        let mut inputs: Vec<Vec<u8>> = (0..good.len()).map(|n| good[..n].to_vec()).collect();
        for i in 0..good.len() {
            for bit in 0..8 {
                let mut b = good.clone();
                b[i] ^= 1 << bit;
                inputs.push(b);
            }
        }
        for input in inputs {
            let (zw, owned) = both(ct, input.clone()).await;
            assert_eq!(zw, owned, "{ct}: {input:?}");
            match zw {
                Ok(_) => accepted += 1,
                Err((status, _)) => {
                    assert_eq!(status, StatusCode::BAD_REQUEST);
                    rejected += 1;
                }
            }
        }
    }
    // Both outcomes are exercised.
    assert!(accepted > 100 && rejected > 100, "{accepted} accepted, {rejected} rejected");
}
