//! Events in `eventTime` order, within an allowed lateness.
//!
//! CloudTrail writes one delivery file per region every few minutes and does not sort
//! across files, so a stream read file by file is only roughly in time order, and
//! correlation windows want it in order. [`Reorder`] holds events back until the newest
//! time seen is `lateness` past them, then releases them oldest first. An event older
//! than what was already released is late: it is still released at once (never dropped)
//! and counted, so that a lateness set too short shows in the run's summary.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use chrono::{DateTime, Duration, Utc};

use crate::Event;

/// A reorder buffer; see the module documentation.
pub struct Reorder {
    lateness: Duration,
    held: BinaryHeap<Reverse<Held>>,
    newest: Option<DateTime<Utc>>,
    released_up_to: Option<DateTime<Utc>>,
    seq: u64,
    late: u64,
}

struct Held {
    time: DateTime<Utc>,
    seq: u64,
    event: Event,
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        (self.time, self.seq) == (other.time, other.seq)
    }
}
impl Eq for Held {}
impl PartialOrd for Held {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Held {
    // Equal times keep their arrival order.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.time, self.seq).cmp(&(other.time, other.seq))
    }
}

impl Reorder {
    /// A buffer that waits `lateness` of event time before releasing; zero releases
    /// every event at once, in arrival order.
    pub fn new(lateness: Duration) -> Self {
        Reorder { lateness, held: BinaryHeap::new(), newest: None, released_up_to: None, seq: 0, late: 0 }
    }

    /// Takes one event and hands `out` every event now due, oldest first.
    pub fn push(&mut self, event: Event, out: &mut dyn FnMut(Event)) {
        let time = event.time();
        if self.released_up_to.is_some_and(|done| time < done) {
            self.late += 1;
            out(event);
            return;
        }
        self.newest = Some(self.newest.map_or(time, |n| n.max(time)));
        self.seq += 1;
        self.held.push(Reverse(Held { time, seq: self.seq, event }));
        let Some(due) = self.newest.map(|n| n - self.lateness) else { return };
        while self.held.peek().is_some_and(|Reverse(h)| h.time <= due) {
            if let Some(Reverse(h)) = self.held.pop() {
                self.released_up_to = Some(h.time);
                out(h.event);
            }
        }
    }

    /// Releases everything held, oldest first (at the end of the input, or before a
    /// checkpoint is committed).
    pub fn flush(&mut self, out: &mut dyn FnMut(Event)) {
        while let Some(Reverse(h)) = self.held.pop() {
            self.released_up_to = Some(h.time);
            out(h.event);
        }
    }

    /// Events held now.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// Events that came after newer ones were released: passed on out of order.
    pub fn late(&self) -> u64 {
        self.late
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Origin;

    fn event(minute: u32, id: &str) -> Event {
        let raw = serde_json::json!({"eventTime": format!("2026-11-20T10:{minute:02}:00Z"), "eventSource": "s3.amazonaws.com",
            "eventName": "ListBuckets", "eventID": id});
        Event::from_value(raw, Origin { path: std::path::Path::new("-").into(), index: 0 }).unwrap()
    }

    fn ids(out: &[Event]) -> Vec<&str> {
        out.iter().map(|e| e.id().unwrap()).collect()
    }

    #[test]
    fn events_come_out_in_time_order_within_the_lateness() {
        let mut r = Reorder::new(Duration::minutes(5));
        let mut out = Vec::new();
        for (minute, id) in [(3, "c"), (1, "a"), (2, "b"), (4, "d"), (9, "i")] {
            r.push(event(minute, id), &mut |e| out.push(e));
        }
        assert_eq!(ids(&out), ["a", "b", "c", "d"], "released once 10:09 is seen; 10:09 is held");
        assert_eq!(r.held(), 1);
        // Older than what was released: passed on at once, counted as late.
        r.push(event(2, "late"), &mut |e| out.push(e));
        assert_eq!(r.late(), 1);
        r.push(event(8, "h"), &mut |e| out.push(e));
        r.flush(&mut |e| out.push(e));
        assert_eq!(ids(&out), ["a", "b", "c", "d", "late", "h", "i"]);
        assert_eq!(r.held(), 0);
    }

    #[test]
    fn zero_lateness_keeps_arrival_order() {
        let mut r = Reorder::new(Duration::zero());
        let mut out = Vec::new();
        for (minute, id) in [(3, "c"), (1, "a"), (3, "c2")] {
            r.push(event(minute, id), &mut |e| out.push(e));
        }
        assert_eq!(ids(&out), ["c", "a", "c2"]);
        assert_eq!(r.late(), 1);
    }
}
