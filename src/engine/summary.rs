//! Reading a session's scorecards back: what each answer changed, and the
//! end-of-session summary.

use super::reply::{SignalChange, Summary};
use crate::model::Session;
use crate::rubric::Scorecard;

/// Signals whose score differs between two scorecards.
pub fn changed(before: &Scorecard, after: &Scorecard) -> Vec<SignalChange> {
    before
        .signals
        .iter()
        .zip(&after.signals)
        .filter(|(b, a)| b.score != a.score)
        .map(|(b, a)| SignalChange {
            id: a.id,
            before: b.score,
            after: a.score,
        })
        .collect()
}

/// The summary of a closed session.
pub fn summarise(session: &Session, title: &str, threshold: u8) -> Summary {
    let first = session.turns.first().map(|t| &t.card);
    let last = session.latest();
    let changes = match (first, last) {
        (Some(f), Some(l)) => f
            .signals
            .iter()
            .zip(&l.signals)
            .filter(|(b, a)| a.weight > 0 || b.score != a.score)
            .map(|(b, a)| SignalChange {
                id: a.id,
                before: b.score,
                after: a.score,
            })
            .collect(),
        _ => Vec::new(),
    };
    let strongest = last.and_then(|card| {
        card.signals
            .iter()
            .filter(|s| s.weight > 0 && s.score > 0)
            .max_by_key(|s| (s.score, s.weight, std::cmp::Reverse(s.id)))
            .and_then(|s| s.evidence.first().map(|e| (s.id, e.quote.clone())))
    });
    Summary {
        session_id: session.id,
        principle: session.principle.clone(),
        title: title.to_string(),
        prompt_id: session.prompt_id.clone(),
        outcome: session.outcome,
        answers: session.turns.len(),
        first: first.map(|c| c.overall),
        last: last.map(|c| c.overall),
        band: last.map(|c| c.band),
        changes,
        strongest,
        fix_next: last.map(|c| c.suggestion().to_string()),
        earlier: session.earlier,
        covered: last.is_some_and(|c| c.overall >= threshold),
    }
}
