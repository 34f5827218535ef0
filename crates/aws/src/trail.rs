//! CloudTrail records where AWS delivers them: delivery files in an S3 bucket, and
//! EventBridge events ("AWS API Call via CloudTrail") in an SQS queue.
//!
//! This module only moves bytes: listing and fetching objects, receiving and deleting
//! messages. Parsing is `meerkat-detect`'s (`source::read_stream`), and what was read is
//! remembered by the caller, in the store, so that a run resumes where the last one
//! stopped and an SQS message is deleted only once its events are committed.

use aws_sdk_s3::Client as S3;
use aws_sdk_sqs::Client as Sqs;

use crate::context::ScanContext;
use crate::error::ApiError;

/// One object of a trail bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailObject {
    /// The object key.
    pub key: String,
    /// Its ETag: with the key, what the caller remembers as read.
    pub etag: String,
    /// Bytes.
    pub size: i64,
}

/// A bucket (and key prefix) CloudTrail delivers to.
#[derive(Debug, Clone)]
pub struct TrailBucket {
    client: S3,
    region: String,
    bucket: String,
    prefix: String,
}

impl TrailBucket {
    /// The bucket `bucket`, keys under `prefix` (may be empty), through the S3 endpoint of
    /// `region`.
    pub fn new(ctx: &ScanContext, region: &str, bucket: &str, prefix: &str) -> Self {
        Self { client: ctx.s3(region), region: region.to_owned(), bucket: bucket.to_owned(), prefix: prefix.to_owned() }
    }

    /// Every record file under the prefix, in key order (CloudTrail's keys put the
    /// region and date first, so this is delivery order within a region). Digest files
    /// (`CloudTrail-Digest/`) and folder markers are left out: they hold no records.
    pub async fn list(&self) -> Result<Vec<TrailObject>, ApiError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut request = self.client.list_objects_v2().bucket(&self.bucket).prefix(&self.prefix);
            if let Some(t) = &token {
                request = request.continuation_token(t);
            }
            let page = request.send().await.map_err(|e| ApiError::from_sdk("s3", "ListObjectsV2", &self.region, e))?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                if key.ends_with('/') || key.contains("/CloudTrail-Digest/") {
                    continue;
                }
                out.push(TrailObject {
                    key: key.to_owned(),
                    etag: object.e_tag().unwrap_or_default().trim_matches('"').to_owned(),
                    size: object.size().unwrap_or(0),
                });
            }
            match page.next_continuation_token() {
                Some(next) if page.is_truncated() == Some(true) => token = Some(next.to_owned()),
                _ => break,
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }

    /// The bytes of each of `keys`, in their order, `concurrency` fetches in flight.
    pub async fn fetch_all(&self, keys: &[&str], concurrency: usize) -> Vec<Result<Vec<u8>, ApiError>> {
        use futures::stream::{self, StreamExt};
        stream::iter(keys.iter().map(|key| self.fetch(key))).buffered(concurrency.max(1)).collect().await
    }

    /// The bytes of one object, as stored (gzip for CloudTrail's `.json.gz`). Delivery
    /// files are small (CloudTrail writes one per region every ~5 minutes); the caller
    /// bounds how many are held at once.
    pub async fn fetch(&self, key: &str) -> Result<Vec<u8>, ApiError> {
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| ApiError::from_sdk("s3", "GetObject", &self.region, e))?;
        let body = out.body.collect().await.map_err(|e| ApiError {
            service: "s3".into(),
            operation: "GetObject".into(),
            region: self.region.clone(),
            code: "BodyReadFailed".into(),
            message: format!("s3://{}/{key}: {e}", self.bucket),
            http_status: None,
            kind: crate::ErrorKind::Transport,
        })?;
        Ok(body.into_bytes().to_vec())
    }
}

/// One message of a trail queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueMessage {
    /// The message id.
    pub id: String,
    /// The receipt handle that deletes it.
    pub receipt: String,
    /// The body: an EventBridge event, or anything else (reported by the parser).
    pub body: String,
}

/// An SQS queue that EventBridge sends CloudTrail events to.
#[derive(Debug, Clone)]
pub struct TrailQueue {
    client: Sqs,
    region: String,
    url: String,
}

impl TrailQueue {
    /// The queue named `queue` (a name, resolved with GetQueueUrl, or a queue URL) in
    /// `region`.
    pub async fn open(ctx: &ScanContext, region: &str, queue: &str) -> Result<Self, ApiError> {
        let client = ctx.sqs(region);
        let url = if queue.starts_with("https://") || queue.starts_with("http://") {
            queue.to_owned()
        } else {
            let out = client
                .get_queue_url()
                .queue_name(queue)
                .send()
                .await
                .map_err(|e| ApiError::from_sdk("sqs", "GetQueueUrl", region, e))?;
            out.queue_url().unwrap_or_default().to_owned()
        };
        Ok(Self { client, region: region.to_owned(), url })
    }

    /// Up to `max` (1–10) messages, waiting up to `wait_seconds` (long polling) when none
    /// is ready. Received messages stay invisible for the queue's visibility timeout; one
    /// not deleted comes back after it, so a crash loses nothing.
    pub async fn receive(&self, max: i32, wait_seconds: i32) -> Result<Vec<QueueMessage>, ApiError> {
        let out = self
            .client
            .receive_message()
            .queue_url(&self.url)
            .max_number_of_messages(max.clamp(1, 10))
            .wait_time_seconds(wait_seconds.clamp(0, 20))
            .send()
            .await
            .map_err(|e| ApiError::from_sdk("sqs", "ReceiveMessage", &self.region, e))?;
        Ok(out
            .messages()
            .iter()
            .map(|m| QueueMessage {
                id: m.message_id().unwrap_or_default().to_owned(),
                receipt: m.receipt_handle().unwrap_or_default().to_owned(),
                body: m.body().unwrap_or_default().to_owned(),
            })
            .collect())
    }

    /// Deletes `messages` (ten per call); an entry SQS refuses is an error naming it.
    pub async fn delete(&self, messages: &[QueueMessage]) -> Result<(), ApiError> {
        for chunk in messages.chunks(10) {
            let mut request = self.client.delete_message_batch().queue_url(&self.url);
            for (index, m) in chunk.iter().enumerate() {
                let entry = aws_sdk_sqs::types::DeleteMessageBatchRequestEntry::builder()
                    .id(index.to_string())
                    .receipt_handle(&m.receipt)
                    .build()
                    .map_err(|e| self.local_error("DeleteMessageBatch", e.to_string()))?;
                request = request.entries(entry);
            }
            let out = request.send().await.map_err(|e| ApiError::from_sdk("sqs", "DeleteMessageBatch", &self.region, e))?;
            if let Some(failed) = out.failed().first() {
                let message = chunk.get(failed.id().parse::<usize>().unwrap_or(usize::MAX)).map_or("?", |m| m.id.as_str());
                return Err(ApiError {
                    code: failed.code().to_owned(),
                    message: format!("message {message}: {}", failed.message().unwrap_or_default()),
                    ..self.local_error("DeleteMessageBatch", String::new())
                });
            }
        }
        Ok(())
    }

    fn local_error(&self, operation: &str, message: String) -> ApiError {
        ApiError {
            service: "sqs".into(),
            operation: operation.into(),
            region: self.region.clone(),
            code: "InvalidRequest".into(),
            message,
            http_status: None,
            kind: crate::ErrorKind::Other,
        }
    }
}
