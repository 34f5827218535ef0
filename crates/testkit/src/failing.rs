//! A fake AWS endpoint that answers every request with the same error, for testing how
//! Meerkat reports calls it was not allowed to make or that AWS failed to serve.

use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::http::{self, Message};
use crate::Error;

/// How long a connection may sit idle before the endpoint drops it.
const IDLE: Duration = Duration::from_secs(10);

/// What a [`FailingEndpoint`] answers to every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureMode {
    /// HTTP 403, the caller lacks the IAM permission, with the error code the service uses:
    /// `AccessDenied` (query protocol, S3, and the JSON services that moved from query, such
    /// as SQS and CloudWatch), `AccessDeniedException` (other JSON services such as KMS and
    /// Lambda) or `UnauthorizedOperation` (EC2). Not retried by the AWS SDK.
    AccessDenied,
    /// HTTP 500 with error code `InternalFailure` (`InternalError` for S3 and EC2). The AWS
    /// SDK retries this, so one SDK call shows up as several [`FailingEndpoint::requests`]
    /// (3 with the standard retry configuration).
    ServerError,
}

/// A loopback HTTP server that speaks just enough AWS to fail every request in the shape of
/// the calling service's protocol, so the SDK parses a proper service error rather than a
/// transport error. It stops when dropped.
///
/// The protocol is recognised from the request: `smithy-protocol: rpc-v2-cbor` (e.g.
/// CloudWatch) gets a CBOR body; `X-Amz-Target` or an `application/x-amz-json-*` content type
/// (e.g. KMS, SQS) gets JSON; a SigV4 scope naming a REST-JSON service (e.g. Lambda) or an
/// `application/json` content type gets JSON; the `s3` scope gets S3's unwrapped `<Error>`
/// XML; the `ec2` scope gets EC2's `<Response><Errors>`; everything else (the query protocol:
/// STS, IAM, RDS, ...) gets `<ErrorResponse>`. A `HEAD` answer has no body, as in AWS, so the
/// SDK reports its error without a code.
///
/// ```
/// use meerkat_testkit::{FailingEndpoint, FailureMode};
///
/// let endpoint = FailingEndpoint::start(FailureMode::AccessDenied)?;
/// // Point an SDK client at `endpoint.endpoint()`, make a call, then:
/// assert_eq!(endpoint.requests(), 0);
/// # Ok::<(), meerkat_testkit::Error>(())
/// ```
#[derive(Debug)]
pub struct FailingEndpoint {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl FailingEndpoint {
    /// Starts the endpoint on a free loopback port, answering every request as `mode` says.
    pub fn start(mode: FailureMode) -> Result<Self, Error> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|source| Error::Bind { source })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind { source })?;
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name(format!("failing-endpoint-{}", addr.port()))
                .spawn(move || accept_loop(&listener, mode, &requests, &stop))
                .map_err(|source| Error::Bind { source })?
        };
        Ok(Self { addr, requests, stop, acceptor: Some(acceptor) })
    }

    /// The URL to give an SDK client as its endpoint, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many complete requests the endpoint has answered so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for FailingEndpoint {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // `accept` blocks; a connection of our own wakes it up to see the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, mode: FailureMode, requests: &Arc<AtomicUsize>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let requests = Arc::clone(requests);
        // One thread per connection: hyper may hold an idle connection open while it sends
        // the next request on another, and a blocked loop would deadlock that.
        let _ = std::thread::Builder::new()
            .name("failing-endpoint-conn".into())
            .spawn(move || serve(stream, mode, &requests));
    }
}

/// Answers one request on `stream` and closes the connection.
fn serve(stream: TcpStream, mode: FailureMode, requests: &AtomicUsize) {
    if stream.set_read_timeout(Some(IDLE)).is_err() || stream.set_write_timeout(Some(IDLE)).is_err() {
        return;
    }
    let mut reader = BufReader::new(stream);
    let request = match http::read_request(&mut reader) {
        Ok(Some(request)) => request,
        Ok(None) | Err(_) => return,
    };
    requests.fetch_add(1, Ordering::SeqCst);
    let mut stream = reader.into_inner();
    if stream.write_all(&answer(&request, mode)).is_err() {
        return;
    }
    let _ = stream.flush();
    // Half-close, then drain: closing with unread input would send a reset that can reach
    // the client before it has read the answer.
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = std::io::copy(&mut stream.take(1 << 20), &mut std::io::sink());
}

/// The wire protocol of the calling service, which decides the shape of the error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// awsQuery: `<ErrorResponse><Error>...`.
    Query,
    /// ec2Query: `<Response><Errors><Error>...`.
    Ec2Query,
    /// restXml as S3 uses it: a bare `<Error>` root.
    RestXml,
    /// awsJson1_0, awsJson1_1 and restJson1.
    Json,
    /// Smithy RPC v2 CBOR.
    Cbor,
}

/// SigV4 signing names of services on the restJson1 protocol, which send GETs without a
/// content type, so only the credential scope tells them apart from query calls.
const REST_JSON_SERVICES: &[&str] = &[
    "lambda",
    "guardduty",
    "access-analyzer",
    "securityhub",
    "eks",
    "elasticfilesystem",
    "apigateway",
    "inspector2",
    "macie2",
    "backup",
];

fn protocol(request: &Message) -> Protocol {
    let content_type = request.header("content-type").unwrap_or("").to_ascii_lowercase();
    if request.header("smithy-protocol").is_some_and(|p| p.eq_ignore_ascii_case("rpc-v2-cbor"))
        || content_type.starts_with("application/cbor")
    {
        return Protocol::Cbor;
    }
    if request.header("x-amz-target").is_some() || content_type.starts_with("application/x-amz-json") {
        return Protocol::Json;
    }
    let service = request.header("authorization").and_then(signing_service);
    if service.is_some_and(|s| REST_JSON_SERVICES.contains(&s)) || content_type.starts_with("application/json") {
        return Protocol::Json;
    }
    match service {
        Some("s3") => Protocol::RestXml,
        Some("ec2") => Protocol::Ec2Query,
        _ => Protocol::Query,
    }
}

/// The service in a SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/<service>/aws4_request, ...`.
fn signing_service(authorization: &str) -> Option<&str> {
    let credential = authorization.split("Credential=").nth(1)?;
    let credential = credential.split([',', ' ']).next()?;
    credential.split('/').nth(3)
}

/// The complete HTTP answer to `request`.
fn answer(request: &Message, mode: FailureMode) -> Vec<u8> {
    let (status, reason, code, json_code, fault) = match mode {
        FailureMode::AccessDenied => (403, "Forbidden", "AccessDenied", "AccessDeniedException", "Sender"),
        FailureMode::ServerError => (500, "Internal Server Error", "InternalFailure", "InternalFailure", "Receiver"),
    };
    let message = match mode {
        FailureMode::AccessDenied => "User is not authorized",
        FailureMode::ServerError => "Internal failure",
    };
    let protocol = protocol(request);
    let mut headers = vec![("x-amzn-RequestId", "x".to_string())];
    let body = match protocol {
        Protocol::Query => {
            headers.push(("Content-Type", "text/xml".into()));
            format!(
                "<ErrorResponse><Error><Type>{fault}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>x</RequestId></ErrorResponse>"
            )
            .into_bytes()
        }
        Protocol::Ec2Query => {
            // EC2 has its own codes for both, and no `<Type>`.
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
            let code = match mode {
                FailureMode::AccessDenied => "UnauthorizedOperation",
                FailureMode::ServerError => "InternalError",
            };
            headers.push(("Content-Type", "text/xml;charset=UTF-8".into()));
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>x</RequestID></Response>"
            )
            .into_bytes()
        }
        Protocol::RestXml => {
            // S3 names its 500 `InternalError`, not `InternalFailure`.
            let code = if mode == FailureMode::ServerError { "InternalError" } else { code };
            headers.push(("Content-Type", "application/xml".into()));
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>x</RequestId></Error>"
            )
            .into_bytes()
        }
        Protocol::Json | Protocol::Cbor => {
            headers.push(("x-amzn-ErrorType", json_code.into()));
            // Services that moved from the query protocol (SQS, CloudWatch) read their old
            // error code from this header, as real AWS sends it; the others ignore it.
            // https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#aws-protocols-awsquerycompatible-trait
            headers.push(("x-amzn-query-error", format!("{code};{fault}")));
            if protocol == Protocol::Cbor {
                headers.push(("Content-Type", "application/cbor".into()));
                headers.push(("smithy-protocol", "rpc-v2-cbor".into()));
                cbor_error(json_code, message)
            } else {
                let content_type = request
                    .header("content-type")
                    .filter(|t| t.starts_with("application/x-amz-json"))
                    .unwrap_or("application/json");
                headers.push(("Content-Type", content_type.to_string()));
                format!(r#"{{"__type":"{json_code}","message":"{message}"}}"#).into_bytes()
            }
        }
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n").into_bytes();
    for (name, value) in &headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()).as_bytes());
    // A HEAD answer announces the length of the body it does not send (RFC 9110 §9.3.2).
    if request.method() != "HEAD" {
        out.extend_from_slice(&body);
    }
    out
}

/// `{"__type": code, "message": message}` as a CBOR map (RFC 8949).
fn cbor_error(code: &str, message: &str) -> Vec<u8> {
    let mut out = vec![0xa2]; // map of 2 pairs
    for text in ["__type", code, "message", message] {
        cbor_text(&mut out, text);
    }
    out
}

fn cbor_text(out: &mut Vec<u8>, text: &str) {
    let len = text.len();
    match u8::try_from(len) {
        Ok(small) if small < 24 => out.push(0x60 | small),
        Ok(byte) => out.extend_from_slice(&[0x78, byte]),
        Err(_) => {
            out.push(0x79);
            // The kit's messages are short; a longer text would be a bug in this file.
            let len = u16::try_from(len).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(
        endpoint: &FailingEndpoint,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, Message) {
        http::call(endpoint.addr, method, path, headers, body, Duration::from_secs(5))
            .expect("request to the failing endpoint")
    }

    #[test]
    fn access_denied_answers_query_calls_with_403_error_response() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        let (status, answer) = send(
            &endpoint,
            "POST",
            "/",
            &[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            b"Action=GetCallerIdentity&Version=2011-06-15",
        );
        assert_eq!(status, 403);
        assert_eq!(
            String::from_utf8(answer.body).unwrap(),
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized</Message></Error><RequestId>x</RequestId></ErrorResponse>"
        );
        assert_eq!(endpoint.requests(), 1);
    }

    #[test]
    fn access_denied_answers_json_calls_with_json_and_error_type_header() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        let (status, answer) = send(
            &endpoint,
            "POST",
            "/",
            &[("X-Amz-Target", "TrentService.ListKeys"), ("Content-Type", "application/x-amz-json-1.1")],
            b"{}",
        );
        assert_eq!(status, 403);
        assert_eq!(answer.header("x-amzn-errortype"), Some("AccessDeniedException"));
        assert_eq!(answer.header("content-type"), Some("application/x-amz-json-1.1"));
        assert_eq!(
            String::from_utf8(answer.body).unwrap(),
            r#"{"__type":"AccessDeniedException","message":"User is not authorized"}"#
        );
    }

    #[test]
    fn rest_json_get_is_recognised_by_its_signing_service() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0";
        let (status, answer) = send(&endpoint, "GET", "/2015-03-31/functions/", &[("Authorization", auth)], b"");
        assert_eq!(status, 403);
        assert!(String::from_utf8(answer.body).unwrap().contains(r#""__type":"AccessDeniedException""#));
    }

    #[test]
    fn s3_gets_an_unwrapped_error_and_head_gets_no_body() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";
        let (status, answer) = send(&endpoint, "GET", "/bucket?policy", &[("Authorization", auth)], b"");
        assert_eq!(status, 403);
        let body = String::from_utf8(answer.body).unwrap();
        assert!(body.contains("\n<Error><Code>AccessDenied</Code>"), "{body}");

        let (status, answer) = send(&endpoint, "HEAD", "/bucket", &[("Authorization", auth)], b"");
        assert_eq!(status, 403);
        assert!(answer.body.is_empty());
        assert_eq!(endpoint.requests(), 2);
    }

    #[test]
    fn ec2_gets_its_own_error_shape_and_code() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0";
        let (status, answer) =
            send(&endpoint, "POST", "/", &[("Authorization", auth)], b"Action=DescribeVpcs&Version=2016-11-15");
        assert_eq!(status, 403);
        let body = String::from_utf8(answer.body).unwrap();
        assert!(body.contains("<Response><Errors><Error><Code>UnauthorizedOperation</Code>"), "{body}");
    }

    #[test]
    fn cbor_calls_get_a_cbor_map() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        let (status, answer) = send(
            &endpoint,
            "POST",
            "/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
            &[("smithy-protocol", "rpc-v2-cbor"), ("Content-Type", "application/cbor")],
            &[0xa0],
        );
        assert_eq!(status, 403);
        let mut want = vec![0xa2, 0x66];
        want.extend_from_slice(b"__type");
        want.push(0x75); // text of 21 bytes
        want.extend_from_slice(b"AccessDeniedException");
        assert!(answer.body.starts_with(&want), "{:x?}", answer.body);
        assert_eq!(answer.header("x-amzn-query-error"), Some("AccessDenied;Sender"));
    }

    #[test]
    fn server_error_answers_500_and_counts_every_request() {
        let endpoint = FailingEndpoint::start(FailureMode::ServerError).unwrap();
        for _ in 0..3 {
            let (status, answer) = send(&endpoint, "POST", "/", &[], b"Action=DescribeVpcs&Version=2016-11-15");
            assert_eq!(status, 500);
            let body = String::from_utf8(answer.body).unwrap();
            assert!(body.contains("<Type>Receiver</Type><Code>InternalFailure</Code>"), "{body}");
        }
        assert_eq!(endpoint.requests(), 3);
    }

    #[test]
    fn raw_request_over_tcp_stream_with_chunked_body() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        let mut stream = TcpStream::connect(endpoint.addr).unwrap();
        stream
            .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nAct=1\r\n0\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{answer}");
        assert!(answer.contains("Connection: close\r\n"));
        assert_eq!(endpoint.requests(), 1);
    }

    #[test]
    fn a_connection_closed_without_a_request_is_not_counted() {
        let endpoint = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
        drop(TcpStream::connect(endpoint.addr).unwrap());
        let (status, _) = send(&endpoint, "GET", "/", &[], b"");
        assert_eq!(status, 403);
        assert_eq!(endpoint.requests(), 1);
    }

    #[test]
    fn drop_stops_the_endpoint() {
        let endpoint = FailingEndpoint::start(FailureMode::ServerError).unwrap();
        let addr = endpoint.addr;
        drop(endpoint);
        // The bound only keeps a broken build from hanging; what is asserted is the refusal.
        let refused = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err();
        assert!(refused, "the port still accepts connections after drop");
    }
}
