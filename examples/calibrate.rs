//! Prints how the rubric ranks the calibration fixtures, for tuning by eye:
//! `cargo run --example calibrate [SET...]` (a file name in tests/fixtures).

use serde::Deserialize;
use starprobe::bank::Bank;
use starprobe::rubric::{Rubric, Scorecard};

#[derive(Deserialize)]
struct Fixtures {
    #[serde(default)]
    triple: Vec<Triple>,
    #[serde(default)]
    case: Vec<Case>,
    #[serde(default)]
    pair: Vec<Pair>,
}

#[derive(Deserialize)]
struct Triple {
    name: String,
    principle: String,
    strong: String,
    medium: String,
    weak: String,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    principle: String,
    #[serde(default)]
    missing: Option<String>,
    text: String,
}

#[derive(Deserialize)]
struct Pair {
    name: String,
    principle: String,
    short: String,
    long: String,
}

fn line(card: &Scorecard) -> String {
    let signals: Vec<String> = card
        .signals
        .iter()
        .filter(|s| s.weight > 0)
        .map(|s| format!("{}{}", &s.id.as_str()[..3], s.score))
        .collect();
    let flags: Vec<&str> = card.flags.iter().map(|f| f.id.as_str()).collect();
    format!(
        "{:>3} {} [{}] weakest={:?}",
        card.overall,
        signals.join(" "),
        flags.join(","),
        card.weakest.map(|w| w.as_str())
    )
}

fn main() -> anyhow::Result<()> {
    let bank = Bank::embedded()?;
    let rubric = Rubric::new()?;
    let which: Vec<String> = std::env::args().skip(1).collect();
    if which.first().map(String::as_str) == Some("--clauses") {
        for path in &which[1..] {
            print!("{}", rubric.debug_clauses(&std::fs::read_to_string(path)?));
        }
        return Ok(());
    }
    let sets = if which.is_empty() {
        vec![
            "triples", "holdout", "holdout2", "holdout3", "missing", "missing2", "gaming",
            "concise",
        ]
    } else {
        which.iter().map(String::as_str).collect()
    };
    for set in sets {
        let source = std::fs::read_to_string(format!("tests/fixtures/{set}.toml"))?;
        let fixtures: Fixtures = toml::from_str(&source)?;
        println!("== {set}");
        let score = |principle: &str, text: &str| -> anyhow::Result<Scorecard> {
            let p = bank
                .get(principle)
                .ok_or_else(|| anyhow::anyhow!("no {principle}"))?;
            Ok(rubric.score(text, &p.weights))
        };
        for t in &fixtures.triple {
            let (s, m, w) = (
                score(&t.principle, &t.strong)?,
                score(&t.principle, &t.medium)?,
                score(&t.principle, &t.weak)?,
            );
            let ok = s.overall > m.overall && m.overall > w.overall;
            println!(
                "{} {} ({})",
                if ok { "ok  " } else { "FAIL" },
                t.name,
                t.principle
            );
            println!("    S {}\n    M {}\n    W {}", line(&s), line(&m), line(&w));
        }
        for c in &fixtures.case {
            let card = score(&c.principle, &c.text)?;
            let ok = c
                .missing
                .as_deref()
                .is_none_or(|m| card.weakest.map(|w| w.as_str()) == Some(m));
            println!(
                "{} {} ({}) missing={:?}\n    {}",
                if ok { "ok  " } else { "FAIL" },
                c.name,
                c.principle,
                c.missing,
                line(&card)
            );
        }
        for p in &fixtures.pair {
            let (s, l) = (
                score(&p.principle, &p.short)?,
                score(&p.principle, &p.long)?,
            );
            println!(
                "{} {}\n    short {}\n    long  {}",
                if s.overall > l.overall {
                    "ok  "
                } else {
                    "FAIL"
                },
                p.name,
                line(&s),
                line(&l)
            );
        }
    }
    Ok(())
}
