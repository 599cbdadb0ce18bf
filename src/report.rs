//! Turning a scorecard into what a person or a program reads: the JSON of
//! RUBRIC.md and the terminal scorecard. Transports with their own format
//! (Discord embeds) build on the same pieces.

use crate::bank::Principle;
use crate::rubric::{Band, FlagId, Scorecard, SignalId, advice, text::stable_hash};
use serde::Serialize;
use std::fmt::Write as _;

/// The `score --json` object, field for field as RUBRIC.md gives it.
#[derive(Debug, Serialize)]
pub struct JsonScorecard<'a> {
    pub principle: &'a str,
    pub overall: u8,
    pub band: Band,
    pub signals: Vec<JsonSignal<'a>>,
    pub flags: Vec<FlagId>,
    pub weakest: Option<SignalId>,
    pub probe: Option<&'a str>,
}

/// One signal in [`JsonScorecard`].
#[derive(Debug, Serialize)]
pub struct JsonSignal<'a> {
    pub id: SignalId,
    pub score: u8,
    pub evidence: Vec<&'a str>,
}

/// The follow-up probe for a scorecard. The seed picks among equivalent
/// probes; the `score` command seeds from the text so it is repeatable.
pub fn probe_for<'p>(principle: &'p Principle, card: &Scorecard, seed: u64) -> Option<&'p str> {
    let weakest = card.weakest?;
    principle.probe(weakest, seed).map(|p| p.text.as_str())
}

/// The seed the `score` command uses: the same text always gets the same probe.
pub fn text_seed(text: &str) -> u64 {
    stable_hash(text.as_bytes())
}

impl<'a> JsonScorecard<'a> {
    pub fn new(principle: &'a Principle, card: &'a Scorecard, probe: Option<&'a str>) -> Self {
        JsonScorecard {
            principle: &principle.id,
            overall: card.overall,
            band: card.band,
            signals: card
                .signals
                .iter()
                .map(|s| JsonSignal {
                    id: s.id,
                    score: s.score,
                    evidence: s.evidence.iter().map(|e| e.quote.as_str()).collect(),
                })
                .collect(),
            flags: card.flags.iter().map(|f| f.id).collect(),
            weakest: card.weakest,
            probe,
        }
    }
}

/// A bar of four cells for a 0..=4 score.
pub fn bar(score: u8) -> String {
    let filled = usize::from(score.min(4));
    format!("{}{}", "█".repeat(filled), "░".repeat(4 - filled))
}

/// Collapses whitespace so a quote fits on one line.
pub fn one_line(quote: &str) -> String {
    quote.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The readable terminal scorecard.
pub fn terminal(principle: &Principle, card: &Scorecard, probe: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}/100 ({})  [{} words]",
        principle.title,
        card.overall,
        band_label(card.band),
        card.words
    );
    let _ = writeln!(out);
    let mut weighted: Vec<_> = card.signals.iter().filter(|s| s.weight > 0).collect();
    weighted.sort_by_key(|s| (std::cmp::Reverse(s.weight), s.id));
    for s in weighted {
        let marker = if Some(s.id) == card.weakest {
            "  ← weakest"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:<15} {} {}/4  (weight {}){}",
            s.id.label(),
            bar(s.score),
            s.score,
            s.weight,
            marker
        );
        for e in &s.evidence {
            let _ = writeln!(out, "      “{}”", one_line(&e.quote));
        }
    }
    let others: Vec<String> = card
        .signals
        .iter()
        .filter(|s| s.weight == 0 && s.score > 0)
        .map(|s| format!("{} {}/4", s.id.label(), s.score))
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "  also heard (not weighted here): {}",
            others.join(", ")
        );
    }
    let _ = writeln!(out);
    if card.flags.is_empty() {
        let _ = writeln!(out, "Flags: none");
    } else {
        let _ = writeln!(out, "Flags:");
        for f in &card.flags {
            let quotes: Vec<String> = f
                .evidence
                .iter()
                .map(|e| format!("“{}”", one_line(&e.quote)))
                .collect();
            let _ = write!(out, "  - {}: {}", f.id, advice::for_flag(f.id));
            if !quotes.is_empty() {
                let _ = write!(out, " ({})", quotes.join(", "));
            }
            let _ = writeln!(out);
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Next time: {}", card.suggestion());
    if let Some(probe) = probe {
        let _ = writeln!(out, "Follow-up: {probe}");
    }
    out
}

/// How a band reads to a person.
pub fn band_label(band: Band) -> &'static str {
    match band {
        Band::Strong => "strong hire",
        Band::Hire => "hire",
        Band::Lean => "leaning no",
        Band::NoHire => "no hire",
    }
}
