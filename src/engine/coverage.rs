//! Coverage and standing arithmetic: pure functions from a user's coverage
//! rows to their leaderboard rank. The store keeps the results as an index;
//! the leaderboard property test recomputes them from scratch.

use crate::model::{Coverage, Millis, Rank, Standing, week_of, week_start};

/// The user's row for `principle` after a session scoring `overall` closes at `now`.
pub fn apply(
    previous: Option<&Coverage>,
    principle: &str,
    overall: u8,
    now: Millis,
    threshold: u8,
) -> Coverage {
    let mut row = previous.cloned().unwrap_or(Coverage {
        principle: principle.to_string(),
        best: overall,
        best_at: now,
        attempts: 0,
        last_practised: now,
        first_covered_at: None,
    });
    row.attempts += 1;
    row.last_practised = now;
    if previous.is_none() || overall > row.best {
        row.best = overall;
        row.best_at = now;
    }
    if row.first_covered_at.is_none() && row.best >= threshold {
        row.first_covered_at = Some(now);
    }
    row
}

/// The rank earned by these rows; `None` when there are none.
pub fn rank<'c>(rows: impl IntoIterator<Item = &'c Coverage>, threshold: u8) -> Option<Rank> {
    let mut count = 0u32;
    let mut sum = 0u32;
    let mut rank = Rank::default();
    for row in rows {
        count += 1;
        sum += u32::from(row.best);
        rank.reached_at = rank.reached_at.max(row.best_at);
        if row.best >= threshold {
            rank.covered += 1;
            rank.principles.push(row.principle.clone());
        }
    }
    if count == 0 {
        return None;
    }
    rank.mean_centi = u16::try_from(sum * 100 / count).unwrap_or(u16::MAX);
    Some(rank)
}

/// The user's standing at `now`: all time, and this week (principles whose
/// best was set since the week began).
pub fn standing(rows: &[Coverage], threshold: u8, now: Millis) -> Standing {
    let week = week_of(now);
    let since = week_start(week);
    Standing {
        all: rank(rows, threshold),
        week: rank(rows.iter().filter(|r| r.best_at >= since), threshold).map(|r| (week, r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_only_rises_and_coverage_is_dated_once() {
        let a = apply(None, "p", 50, 10, 60);
        assert_eq!((a.best, a.attempts, a.first_covered_at), (50, 1, None));
        let b = apply(Some(&a), "p", 70, 20, 60);
        assert_eq!((b.best, b.best_at, b.first_covered_at), (70, 20, Some(20)));
        let c = apply(Some(&b), "p", 65, 30, 60);
        assert_eq!(
            (c.best, c.best_at, c.attempts, c.last_practised),
            (70, 20, 3, 30)
        );
        assert_eq!(c.first_covered_at, Some(20));
    }

    #[test]
    fn rank_counts_covered_and_means_best() {
        let rows = [apply(None, "a", 80, 5, 60), apply(None, "b", 41, 9, 60)];
        let r = rank(&rows, 60).unwrap();
        assert_eq!((r.covered, r.mean_centi, r.reached_at), (1, 6050, 9));
        assert_eq!(r.principles, vec!["a".to_string()]);
        assert!(rank(&[], 60).is_none());
    }
}
