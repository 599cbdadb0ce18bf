//! Shared test support: the calibration fixtures in `tests/fixtures/`, and
//! an engine over a sled store in a temporary directory with a clock the
//! test moves by hand.
#![allow(dead_code)]

use serde::Deserialize;
use starprobe::bank::Bank;
use starprobe::engine::{Config, Engine, ManualClock, Next, Reply};
use starprobe::rubric::{Rubric, Scorecard};
use starprobe::store::SledStore;
use std::path::Path;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct Fixtures {
    #[serde(default)]
    pub triple: Vec<Triple>,
    #[serde(default)]
    pub case: Vec<Case>,
    #[serde(default)]
    pub pair: Vec<Pair>,
}

/// One story told strong, medium and weak.
#[derive(Deserialize)]
pub struct Triple {
    pub name: String,
    pub principle: String,
    pub strong: String,
    pub medium: String,
    pub weak: String,
}

/// A single answer: a gaming attempt, or a strong answer missing one signal.
#[derive(Deserialize)]
pub struct Case {
    pub name: String,
    pub principle: String,
    #[serde(default)]
    pub missing: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    pub text: String,
}

/// A concise strong answer and a padded weak one.
#[derive(Deserialize)]
pub struct Pair {
    pub name: String,
    pub principle: String,
    pub short: String,
    pub long: String,
}

pub fn load(name: &str) -> Fixtures {
    let path = format!("{}/tests/fixtures/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str(&source).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub struct Scorer {
    pub bank: Bank,
    pub rubric: Rubric,
}

impl Scorer {
    pub fn new() -> Scorer {
        Scorer {
            bank: Bank::embedded().expect("embedded bank loads"),
            rubric: Rubric::new().expect("embedded lexicon compiles"),
        }
    }

    pub fn score(&self, principle: &str, text: &str) -> Scorecard {
        let p = self
            .bank
            .get(principle)
            .unwrap_or_else(|| panic!("fixture names unknown principle {principle}"));
        self.rubric.score(text, &p.weights)
    }
}

/// A one-line summary of a scorecard for failure messages.
pub fn summary(card: &Scorecard) -> String {
    let signals: Vec<String> = card
        .signals
        .iter()
        .filter(|s| s.weight > 0)
        .map(|s| format!("{}={}", s.id, s.score))
        .collect();
    let flags: Vec<&str> = card.flags.iter().map(|f| f.id.as_str()).collect();
    format!(
        "overall {} [{}] flags [{}] weakest {:?}",
        card.overall,
        signals.join(" "),
        flags.join(","),
        card.weakest
    )
}

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
