//! The engine's choices: which principle a user needs most, which prompt
//! they have not seen lately, and which probe to ask. Pure functions; the
//! random choices among equals take a seed so a session replays the same.

use crate::bank::{Bank, Principle, Probe};
use crate::model::{Coverage, Millis};
use crate::rubric::{Scorecard, SignalId};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

/// Never practised first (a random one of those), then the lowest best
/// score, then the longest since practised.
pub fn principle<'b>(bank: &'b Bank, coverage: &[Coverage], seed: u64) -> Option<&'b Principle> {
    let row = |p: &Principle| coverage.iter().find(|c| c.principle == p.id);
    let fresh: Vec<&Principle> = bank
        .principles()
        .iter()
        .filter(|p| row(p).is_none())
        .collect();
    let mut rng = StdRng::seed_from_u64(seed);
    if let Some(p) = fresh.choose(&mut rng) {
        return Some(p);
    }
    bank.principles()
        .iter()
        .min_by_key(|p| row(p).map(|c| (c.best, c.last_practised)))
}

/// A prompt of `principle`, least recently seen first (never seen before
/// any), a random one among equals.
pub fn prompt<'p>(
    principle: &'p Principle,
    seen: &[(String, Millis)],
    seed: u64,
) -> Option<&'p crate::bank::Prompt> {
    let last_seen = |id: &str| seen.iter().find(|(p, _)| p == id).map(|(_, at)| *at);
    let oldest = principle.prompts.iter().map(|p| last_seen(&p.id)).min()?;
    let candidates: Vec<_> = principle
        .prompts
        .iter()
        .filter(|p| last_seen(&p.id) == oldest)
        .collect();
    let mut rng = StdRng::seed_from_u64(seed);
    candidates.choose(&mut rng).copied()
}

/// The probe for the weakest weighted signal not yet probed (ties go to
/// the heavier weight, as the rubric's `weakest` does), chosen among that
/// signal's equivalent probes by `seed`.
pub fn probe<'p>(
    principle: &'p Principle,
    card: &Scorecard,
    asked: &[SignalId],
    seed: u64,
) -> Option<&'p Probe> {
    let mut signals: Vec<_> = card
        .signals
        .iter()
        .filter(|s| s.weight > 0 && !asked.contains(&s.id))
        .collect();
    signals.sort_by_key(|s| (s.score, std::cmp::Reverse(s.weight), s.id));
    let mut rng = StdRng::seed_from_u64(seed);
    signals.into_iter().find_map(|s| {
        let probes: Vec<&Probe> = principle.probes_for(s.id).collect();
        if probes.is_empty() {
            return None;
        }
        Some(probes[rng.random_range(0..probes.len())])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;

    fn row(principle: &str, best: u8, last: Millis) -> Coverage {
        Coverage {
            principle: principle.into(),
            best,
            best_at: last,
            attempts: 1,
            last_practised: last,
            first_covered_at: None,
        }
    }

    #[test]
    fn never_practised_comes_first_then_lowest_then_oldest() {
        let bank = Bank::embedded().unwrap();
        let ids: Vec<&str> = bank.principles().iter().map(|p| p.id.as_str()).collect();
        let mut rows: Vec<Coverage> = ids[1..].iter().map(|id| row(id, 70, 5)).collect();
        assert_eq!(principle(&bank, &rows, 1).unwrap().id, ids[0]);
        rows.push(row(ids[0], 70, 5));
        rows[3].best = 20;
        assert_eq!(principle(&bank, &rows, 1).unwrap().id, rows[3].principle);
        rows[3].best = 70;
        rows[5].last_practised = 1;
        assert_eq!(principle(&bank, &rows, 1).unwrap().id, rows[5].principle);
    }

    #[test]
    fn prompts_rotate_through_the_least_recently_seen() {
        let bank = Bank::embedded().unwrap();
        let p = &bank.principles()[0];
        let mut seen = Vec::new();
        for at in 0..p.prompts.len() as u64 {
            let chosen = prompt(p, &seen, at).unwrap();
            assert!(seen.iter().all(|(id, _)| id != &chosen.id));
            seen.push((chosen.id.clone(), at));
        }
        assert_eq!(prompt(p, &seen, 99).unwrap().id, seen[0].0);
    }

    #[test]
    fn probes_skip_signals_already_asked() {
        let bank = Bank::embedded().unwrap();
        let p = bank.get("ownership").unwrap();
        let card = Rubric::new().unwrap().score("I did a thing.", &p.weights);
        let first = probe(p, &card, &[], 3).unwrap();
        assert_eq!(Some(first.signal), card.weakest);
        let second = probe(p, &card, &[first.signal], 3).unwrap();
        assert_ne!(second.signal, first.signal);
    }
}
