//! Loopback stand-ins for the services a module calls, for its tests: an HTTP server
//! answering through a handler and recording what it received, an HTTP proxy that tunnels
//! (`CONNECT`) to a server it plays itself, and an HTTPS server whose certificate no authority
//! signed.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// One request a server received.
#[derive(Clone, Debug)]
pub struct Received {
    /// `GET`, `POST`...
    pub method: String,
    /// The request target (a path, or an absolute URL through a proxy).
    pub url: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Received {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// An answer: status, extra headers, body.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// Headers besides those the server adds (`Content-Length`...).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Answer {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Received) -> Answer + Send + Sync;

/// Answers every request `server` receives with `handler`, recording it in `log`.
fn serve(server: &tiny_http::Server, handler: &Arc<Handler>, log: &Arc<Mutex<Vec<Received>>>) {
    for mut request in server.incoming_requests() {
        let mut body = String::new();
        let _ = request.as_reader().read_to_string(&mut body);
        let received = Received {
            method: request.method().to_string(),
            url: request.url().to_owned(),
            headers: request
                .headers()
                .iter()
                .map(|h| {
                    (
                        h.field.to_string().to_ascii_lowercase(),
                        h.value.to_string(),
                    )
                })
                .collect(),
            body,
        };
        let answer = handler(&received);
        log.lock().unwrap_or_else(|e| e.into_inner()).push(received);
        let mut response =
            tiny_http::Response::from_string(answer.body).with_status_code(answer.status);
        for (name, value) in &answer.headers {
            if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        let _ = request.respond(response);
    }
}

/// An HTTP server on loopback.
pub struct HttpServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl HttpServer {
    /// A server answering each request with `handler`.
    pub fn start(handler: impl Fn(&Received) -> Answer + Send + Sync + 'static) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a loopback port");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let handler: Arc<Handler> = Arc::new(handler);
        std::thread::spawn(move || serve(&server, &handler, &log));
        HttpServer {
            base: format!("http://127.0.0.1:{port}"),
            received,
        }
    }

    /// A server that is down (its port refuses connections) for `down`, then answers each
    /// request with `handler`: a receiver that comes back.
    pub fn start_after(
        down: std::time::Duration,
        handler: impl Fn(&Received) -> Answer + Send + Sync + 'static,
    ) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a loopback port")
            .port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let handler: Arc<Handler> = Arc::new(handler);
        std::thread::spawn(move || {
            std::thread::sleep(down);
            let server =
                tiny_http::Server::http(("127.0.0.1", port)).expect("the reserved loopback port");
            serve(&server, &handler, &log);
        });
        HttpServer {
            base: format!("http://127.0.0.1:{port}"),
            received,
        }
    }

    /// A server answering with `answers` in turn, then with `then` for ever.
    pub fn scripted(answers: Vec<Answer>, then: Answer) -> Self {
        let answers = Mutex::new(answers.into_iter());
        HttpServer::start(move |_| {
            answers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .next()
                .unwrap_or_else(|| then.clone())
        })
    }

    /// What it received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// An HTTP proxy on loopback that tunnels (`CONNECT`) to a server it plays itself, answering the
/// request inside the tunnel with `handler`.
pub struct ConnectProxy {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The tunnels' targets (`host:port`), and the requests sent through them.
    tunnelled: Arc<Mutex<Vec<(String, Received)>>>,
}

impl ConnectProxy {
    /// A proxy whose tunnels answer with `handler`.
    pub fn start(handler: impl Fn(&Received) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("an address").port();
        let tunnelled = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&tunnelled);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let Ok(mut writer) = stream.try_clone() else {
                    continue;
                };
                let mut reader = BufReader::new(stream);
                let Some(connect) = read_request(&mut reader) else {
                    continue;
                };
                if connect.method != "CONNECT" {
                    continue;
                }
                let _ = write!(writer, "HTTP/1.1 200 Connection established\r\n\r\n");
                let Some(request) = read_request(&mut reader) else {
                    continue;
                };
                let answer = handler(&request);
                // Recorded before answering: a client that has its answer finds it recorded.
                log.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((connect.url, request));
                write_answer(&mut writer, &answer);
            }
        });
        ConnectProxy {
            url: format!("http://127.0.0.1:{port}"),
            tunnelled,
        }
    }

    /// The tunnels so far: each target, and the request sent through it.
    pub fn tunnelled(&self) -> Vec<(String, Received)> {
        self.tunnelled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// An HTTPS server on loopback whose certificate (for `localhost`) no authority signed; it
/// answers every request with `answer` and counts them.
pub struct TlsServer {
    /// `https://localhost:<port>`.
    pub base: String,
    requests: Arc<Mutex<usize>>,
}

impl TlsServer {
    /// A server answering `answer`.
    pub fn start(answer: Answer) -> Self {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
            .expect("a certificate");
        let certificate = certified.cert.der().clone();
        let key = rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der())
            .expect("its key");
        // rustls 0.23.48 deprecates ring's provider for its lack of post-quantum key exchange;
        // a loopback test server needs none, and the provider that has it (aws-lc-rs) would
        // build a C library into every module's tests.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| {
                builder
                    .with_no_client_auth()
                    .with_single_cert(vec![certificate], key)
            })
            .expect("a TLS configuration");
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("an address").port();
        let requests = Arc::new(Mutex::new(0));
        let count = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let Ok(connection) = rustls::ServerConnection::new(Arc::clone(&config)) else {
                    continue;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                // A client that refuses the certificate ends the handshake: no request.
                if read_request(&mut BufReader::new(&mut tls)).is_none() {
                    continue;
                }
                *count.lock().unwrap_or_else(|e| e.into_inner()) += 1;
                write_answer(&mut tls, &answer);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            }
        });
        TlsServer {
            base: format!("https://localhost:{port}"),
            requests,
        }
    }

    /// How many requests it answered.
    pub fn requests(&self) -> usize {
        *self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One HTTP/1.1 request (its body by Content-Length).
fn read_request(reader: &mut impl BufRead) -> Option<Received> {
    let mut line = String::new();
    reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
    let mut parts = line.trim_end().splitn(3, ' ');
    let (method, url) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        url,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn write_answer(stream: &mut impl Write, answer: &Answer) {
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let _ = write!(stream, "{head}\r\n{}", answer.body);
    let _ = stream.flush();
}
