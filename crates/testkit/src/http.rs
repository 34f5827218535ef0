//! Just enough HTTP/1.1 for the kit: read one request (server side) and make one request and
//! read its answer (client side). Every exchange uses `Connection: close`, so there is no
//! keep-alive bookkeeping; hyper (the AWS SDK's client) and moto's Werkzeug both accept that.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Headers and bodies above these sizes are refused; the kit only ever sees small AWS calls.
const MAX_HEADER_BYTES: usize = 64 * 1024;
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// One parsed HTTP message head plus its body: a request (server side) or a response (client
/// side, where `start` is the status line).
#[derive(Debug, Default)]
pub(crate) struct Message {
    /// The request line or status line, without the CRLF.
    pub start: String,
    /// Header names lower-cased, values trimmed, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Message {
    /// The first header called `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The request method: the first word of the request line.
    pub fn method(&self) -> &str {
        self.start.split(' ').next().unwrap_or("")
    }

    /// The status code of a response line such as `HTTP/1.1 200 OK`.
    fn status(&self) -> Option<u16> {
        self.start.split(' ').nth(1)?.parse().ok()
    }
}

/// Reads one request from `stream`. `Ok(None)` means the peer closed before sending anything.
///
/// A client that sends `Expect: 100-continue` waits for a go-ahead before the body; it gets one,
/// because the whole body must be read before answering: closing a socket with unread input
/// makes the kernel send a reset, which the client would see instead of the answer.
pub(crate) fn read_request(stream: &mut BufReader<TcpStream>) -> io::Result<Option<Message>> {
    let Some(mut message) = read_head(stream)? else {
        return Ok(None);
    };
    if message.header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        stream.get_mut().write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    message.body = read_body(stream, &message, false)?;
    Ok(Some(message))
}

/// Sends one request to `addr` and reads the whole answer: its status and the message.
pub(crate) fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> io::Result<(u16, Message)> {
    let stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut writer = &stream;
    writer.write_all(head.as_bytes())?;
    writer.write_all(body)?;
    writer.flush()?;

    let mut reader = BufReader::new(stream);
    let mut response = read_head(&mut reader)?
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed before any answer"))?;
    let status = response.status().ok_or_else(|| invalid(format!("bad status line {:?}", response.start)))?;
    response.body = read_body(&mut reader, &response, method == "HEAD")?;
    Ok((status, response))
}

/// Reads the start line and headers, up to the blank line.
fn read_head(stream: &mut impl BufRead) -> io::Result<Option<Message>> {
    let mut message = Message::default();
    let mut seen = 0;
    let mut line = String::new();
    loop {
        line.clear();
        let n = stream.read_line(&mut line)?;
        seen += n;
        if seen > MAX_HEADER_BYTES {
            return Err(invalid("header section too large".into()));
        }
        if n == 0 {
            if message.start.is_empty() {
                return Ok(None);
            }
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed inside the headers"));
        }
        let text = line.trim_end_matches(['\r', '\n']);
        if message.start.is_empty() {
            if text.is_empty() {
                continue; // RFC 9112 §2.2: ignore blank lines before the request line.
            }
            message.start = text.to_string();
        } else if text.is_empty() {
            return Ok(Some(message));
        } else {
            let (name, value) = text.split_once(':').ok_or_else(|| invalid(format!("bad header line {text:?}")))?;
            message.headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
}

/// Reads the body that `head` announces: chunked, `Content-Length`, or (for an answer
/// without either) everything up to the close.
fn read_body(stream: &mut impl BufRead, head: &Message, no_body: bool) -> io::Result<Vec<u8>> {
    if no_body {
        return Ok(Vec::new());
    }
    let chunked = head.header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return read_chunked(stream);
    }
    if let Some(length) = head.header("content-length") {
        let length: usize = length.parse().map_err(|_| invalid(format!("bad Content-Length {length:?}")))?;
        if length > MAX_BODY_BYTES {
            return Err(invalid(format!("body of {length} bytes is too large")));
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body)?;
        return Ok(body);
    }
    // A request without a length has no body (RFC 9112 §6.3); an answer runs to the close.
    let is_response = head.start.starts_with("HTTP/");
    let mut body = Vec::new();
    if is_response {
        stream.take(MAX_BODY_BYTES as u64).read_to_end(&mut body)?;
    }
    Ok(body)
}

fn read_chunked(stream: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size, 16).map_err(|_| invalid(format!("bad chunk size line {line:?}")))?;
        if body.len() + size > MAX_BODY_BYTES {
            return Err(invalid("chunked body too large".into()));
        }
        if size == 0 {
            // Trailer fields, then the final blank line.
            loop {
                line.clear();
                if stream.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        stream.read_exact(&mut body[start..])?;
        line.clear();
        stream.read_line(&mut line)?; // the CRLF after the chunk data
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
