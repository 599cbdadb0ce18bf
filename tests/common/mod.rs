//! Shared loading of the calibration fixtures in `tests/fixtures/`.
#![allow(dead_code)]

use serde::Deserialize;
use starprobe::bank::Bank;
use starprobe::rubric::{Rubric, Scorecard};

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
