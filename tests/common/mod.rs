//! Shared setup for the engine tests: an engine over a sled store in a
//! temporary directory, with a clock the test moves by hand.
#![allow(dead_code)]

use starprobe::bank::Bank;
use starprobe::engine::{Config, Engine, ManualClock, Next, Reply};
use starprobe::rubric::Rubric;
use starprobe::store::SledStore;
use std::path::Path;
use std::sync::Arc;

pub const T0: u64 = 1_795_392_000_000; // a Monday, 00:00 UTC
pub const HOUR: u64 = 3_600_000;

pub const STORY: &str = "Two weeks before launch our checkout service had three incidents in six months. I owned launch readiness. I noticed the retry storm, rewrote the client backoff and chose to cut scope over slipping the date. The director disagreed and pushed back, so I escalated with a recommendation. We cut p99 by 40% and incidents went from monthly to zero. I waited too long to escalate, so now I raise risks in the first week.";
pub const FOLLOW_UP: &str = "After it shipped I was on call for 30 days and built a weekly health dashboard, and I accepted a slower quarter to fix the baseline for the long term.";

pub fn engine_at(dir: &Path, clock: Arc<ManualClock>) -> Engine<SledStore> {
    Engine::new(
        SledStore::open(dir).unwrap(),
        Bank::embedded().unwrap(),
        Rubric::new().unwrap(),
        Config::default(),
        clock,
    )
}

pub fn scored(reply: &Reply) -> &starprobe::engine::Scored {
    match reply {
        Reply::Scored(s) => s,
        other => panic!("expected a scorecard, got {other:?}"),
    }
}

pub fn is_probe(reply: &Reply) -> bool {
    matches!(reply, Reply::Scored(s) if matches!(s.next, Next::Probe(_)))
}
