//! SQS collectors: queues, keyed by queue name (unique per account and region). The
//! queue URL is not used as the id: its host differs between the legacy
//! (`queue.amazonaws.com`) and current (`sqs.<region>.amazonaws.com`) endpoints for the
//! same queue, and CloudTrail events name the queue by URL, whose last segment is the name.

use super::Collector;

pub mod queue;

/// SQS collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&queue::COLLECTOR];
