//! Loopback stand-ins for Splunk's HTTP Event Collector: plain HTTP (also used as a proxy), and
//! HTTPS with a self-signed certificate.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// One request the collector received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub url: String,
    pub authorization: Option<String>,
    pub body: String,
}

impl Received {
    /// The events of the body (concatenated JSON objects, one per line).
    pub fn events(&self) -> Vec<serde_json::Value> {
        self.body
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

/// A scripted answer: status, an extra header, body.
pub type Answer = (u16, Option<(&'static str, &'static str)>, &'static str);

/// A collector on loopback answering each request with the next of `answers`; once they run out,
/// with `200 {"text":"Success","code":0}`.
pub struct Collector {
    pub url: String,
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    _thread: JoinHandle<()>,
}

impl Collector {
    pub fn start(answers: Vec<Answer>) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let thread = std::thread::spawn(move || {
            let mut answers = answers.into_iter();
            for mut request in server.incoming_requests() {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let authorization = request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Authorization"))
                    .map(|h| h.value.to_string());
                log.lock().unwrap().push(Received {
                    method: request.method().to_string(),
                    url: request.url().to_owned(),
                    authorization,
                    body,
                });
                let (status, header, text) =
                    answers
                        .next()
                        .unwrap_or((200, None, r#"{"text":"Success","code":0}"#));
                let mut response = tiny_http::Response::from_string(text).with_status_code(status);
                if let Some((name, value)) = header {
                    response.add_header(
                        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap(),
                    );
                }
                let _ = request.respond(response);
            }
        });
        Collector {
            url: format!("http://127.0.0.1:{port}/services/collector/event"),
            port,
            received,
            _thread: thread,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// One HTTP/1.1 request read off `reader`: its request line, then its body (by Content-Length).
fn read_request(reader: &mut impl BufRead) -> Option<(String, Vec<u8>)> {
    let mut request_line = String::new();
    reader
        .read_line(&mut request_line)
        .ok()
        .filter(|n| *n > 0)?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
        if line == "\r\n" {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((request_line.trim_end().to_owned(), body))
}

const SUCCESS: &str = r#"{"text":"Success","code":0}"#;

/// Answers one request with HEC's success.
fn answer_success(stream: &mut impl Write) {
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{SUCCESS}",
        SUCCESS.len()
    );
    let _ = stream.flush();
}

/// An HTTP proxy on loopback that tunnels (`CONNECT`) to a collector it plays itself: it records
/// the tunnel's target and the request that goes through it.
pub struct Proxy {
    pub url: String,
    /// (the `CONNECT` target, the request line inside the tunnel, its body)
    pub tunnelled: Arc<Mutex<Vec<(String, String, String)>>>,
}

impl Proxy {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let tunnelled = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&tunnelled);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let Ok(mut writer) = stream.try_clone() else {
                    continue;
                };
                let mut reader = BufReader::new(stream);
                let Some((connect, _)) = read_request(&mut reader) else {
                    continue;
                };
                let target = connect
                    .strip_prefix("CONNECT ")
                    .and_then(|rest| rest.split(' ').next())
                    .unwrap_or("")
                    .to_owned();
                let _ = write!(writer, "HTTP/1.1 200 Connection established\r\n\r\n");
                let Some((request, body)) = read_request(&mut reader) else {
                    continue;
                };
                log.lock().unwrap().push((
                    target,
                    request,
                    String::from_utf8_lossy(&body).into_owned(),
                ));
                answer_success(&mut writer);
            }
        });
        Proxy {
            url: format!("http://127.0.0.1:{port}"),
            tunnelled,
        }
    }
}

/// An HTTPS collector on loopback whose certificate (for `localhost`) no authority signed; it
/// answers every request with success and counts them.
pub struct TlsCollector {
    pub url: String,
    pub requests: Arc<Mutex<usize>>,
}

impl TlsCollector {
    pub fn start() -> Self {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        let certificate = certified.cert.der().clone();
        let key = rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der())
            .unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certificate], key)
            .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
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
                *count.lock().unwrap() += 1;
                answer_success(&mut tls);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            }
        });
        TlsCollector {
            url: format!("https://localhost:{port}/services/collector/event"),
            requests,
        }
    }
}
