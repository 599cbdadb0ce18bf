//! The durable records: what a session, a user's coverage and a server's
//! leaderboard look like on disk. The engine decides how they change; the
//! store decides where they live. Both read these types and nothing else,
//! so a second storage backend only has to persist them.
//!
//! Times are milliseconds since the Unix epoch (UTC) everywhere.

use crate::rubric::{Scorecard, SignalId};
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
pub type Millis = u64;

/// How a session ended, or that it has not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still waiting for an answer.
    Active,
    /// Every probe was answered.
    Finished,
    /// The user ended it early.
    Ended,
    /// The user skipped the prompt before answering it.
    Skipped,
    /// Idle past the timeout; kept as it was.
    Abandoned,
}

impl Outcome {
    /// A word for people.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Active => "in progress",
            Outcome::Finished => "finished",
            Outcome::Ended => "ended early",
            Outcome::Skipped => "skipped",
            Outcome::Abandoned => "abandoned",
        }
    }
}

/// One answered question: the question asked, the answer given and the
/// scorecard of the whole story so far (original plus follow-ups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub question: String,
    /// The signal the question probed; `None` for the opening prompt.
    pub probe: Option<SignalId>,
    pub answer: String,
    pub at: Millis,
    pub card: Scorecard,
}

/// A question asked and not yet answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub text: String,
    pub probe: Option<SignalId>,
}

/// One mock interview: a prompt, its answer and the follow-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Unique in the store; orders a user's history.
    pub id: u64,
    pub user: String,
    pub principle: String,
    pub prompt_id: String,
    pub started_at: Millis,
    pub updated_at: Millis,
    pub ended_at: Option<Millis>,
    pub outcome: Outcome,
    /// Seeds the choice among equivalent probes, so a resumed session
    /// chooses as the original would have.
    pub seed: u64,
    pub max_probes: u8,
    /// The question waiting for an answer (`None` once the session is over).
    pub pending: Option<Pending>,
    pub turns: Vec<Turn>,
    /// Signals whose probe the user skipped.
    #[serde(default)]
    pub skipped: Vec<SignalId>,
    /// The user's best earlier final score on this prompt, for a retry.
    pub earlier: Option<u8>,
}

impl Session {
    /// The scorecard of the whole story so far.
    pub fn latest(&self) -> Option<&Scorecard> {
        self.turns.last().map(|t| &t.card)
    }

    /// Signals already probed (answered or skipped), so a probe is not
    /// asked twice.
    pub fn probed(&self) -> Vec<crate::rubric::SignalId> {
        self.turns
            .iter()
            .filter_map(|t| t.probe)
            .chain(self.skipped.iter().copied())
            .collect()
    }

    /// Follow-up probes asked so far (answered or skipped or pending).
    pub fn probes_asked(&self) -> usize {
        self.turns.iter().filter(|t| t.probe.is_some()).count()
            + self.skipped.len()
            + usize::from(self.pending.as_ref().is_some_and(|p| p.probe.is_some()))
    }
}

/// A user's record on one principle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub principle: String,
    /// Best final overall of any session on this principle.
    pub best: u8,
    /// When `best` was reached.
    pub best_at: Millis,
    /// Sessions with at least one scored answer.
    pub attempts: u32,
    pub last_practised: Millis,
    /// When `best` first reached the coverage threshold.
    pub first_covered_at: Option<Millis>,
}

/// A user's place in a server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Shown on the leaderboard.
    pub name: String,
    pub joined_at: Millis,
    /// Opted out of this server's leaderboard.
    pub opted_out: bool,
}

/// A server's own choices, set with `/config`. Fields added later default
/// when an older record is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerSettings {
    /// Whether the server shows a leaderboard and covered notes at all.
    pub leaderboard: bool,
    /// Channel where practice threads are opened (else the command's channel).
    pub practice_channel: Option<String>,
    /// Run sessions as ephemeral replies instead of private threads.
    pub ephemeral: bool,
    /// Follow-up probes per session here (else the bot's default).
    pub probes: Option<u8>,
    /// Best overall that counts as covered in this server's notes and stats
    /// (else the bot's default).
    pub threshold: Option<u8>,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            leaderboard: true,
            practice_channel: None,
            ephemeral: false,
            probes: None,
            threshold: None,
        }
    }
}

/// What a leaderboard ranks a user by: principles covered, then mean best
/// score, then who got there first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rank {
    pub covered: u16,
    /// Mean best score over the principles counted, times 100.
    pub mean_centi: u16,
    /// When the user reached this standing (the latest best among those counted).
    pub reached_at: Millis,
    /// The principles counted as covered, by id.
    pub principles: Vec<String>,
}

impl Rank {
    /// Bytes that sort best-first: more covered, higher mean, earlier.
    pub fn sort_key(&self) -> [u8; 12] {
        let mut key = [0u8; 12];
        key[..2].copy_from_slice(&(u16::MAX - self.covered).to_be_bytes());
        key[2..4].copy_from_slice(&(u16::MAX - self.mean_centi).to_be_bytes());
        key[4..].copy_from_slice(&self.reached_at.to_be_bytes());
        key
    }
}

/// A user's leaderboard standing, kept so the index can be updated in place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// Over all time; `None` before any scored session.
    pub all: Option<Rank>,
    /// Over one week (what was covered or improved since it began).
    pub week: Option<(u32, Rank)>,
}

/// Which leaderboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    AllTime,
    /// The week with this number (see [`week_of`]).
    Week(u32),
}

/// One row of a leaderboard: never any answer text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardEntry {
    pub user: String,
    pub name: String,
    pub rank: Rank,
}

const DAY: Millis = 86_400_000;

/// The number of the week (Monday 00:00 UTC onwards) containing `at`.
pub fn week_of(at: Millis) -> u32 {
    // 1970-01-01 was a Thursday: shift so weeks start on Monday.
    ((at / DAY + 3) / 7) as u32
}

/// When week `week` began.
pub fn week_start(week: u32) -> Millis {
    (u64::from(week) * 7).saturating_sub(3) * DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-23 is a Monday.
        let monday = 1_795_392_000_000;
        assert_eq!(week_of(monday), week_of(monday - 1) + 1);
        assert_eq!(week_start(week_of(monday + 5 * DAY)), monday);
    }

    #[test]
    fn sort_key_orders_best_first() {
        let a = Rank {
            covered: 3,
            mean_centi: 5000,
            reached_at: 10,
            principles: vec![],
        };
        let b = Rank {
            covered: 2,
            mean_centi: 9000,
            ..a.clone()
        };
        let c = Rank {
            reached_at: 11,
            ..a.clone()
        };
        assert!(a.sort_key() < b.sort_key());
        assert!(a.sort_key() < c.sort_key());
    }
}
