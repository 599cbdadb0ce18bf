//! The stable identifiers of RUBRIC.md: signals and anti-signal flags.
//!
//! These strings appear in JSON output, stored scorecards and prompt files,
//! so they are spelled in exactly one place.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A part of a behavioral story an interviewer listens for, scored 0..=4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalId {
    Situation,
    Ownership,
    Action,
    Decision,
    Conflict,
    Result,
    Reflection,
    Escalation,
    FollowThrough,
    Customer,
    LongTerm,
}

impl SignalId {
    /// Every signal, in the order RUBRIC.md lists them (also the output order).
    pub const ALL: [SignalId; 11] = [
        SignalId::Situation,
        SignalId::Ownership,
        SignalId::Action,
        SignalId::Decision,
        SignalId::Conflict,
        SignalId::Result,
        SignalId::Reflection,
        SignalId::Escalation,
        SignalId::FollowThrough,
        SignalId::Customer,
        SignalId::LongTerm,
    ];

    /// The id as RUBRIC.md spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalId::Situation => "situation",
            SignalId::Ownership => "ownership",
            SignalId::Action => "action",
            SignalId::Decision => "decision",
            SignalId::Conflict => "conflict",
            SignalId::Result => "result",
            SignalId::Reflection => "reflection",
            SignalId::Escalation => "escalation",
            SignalId::FollowThrough => "follow_through",
            SignalId::Customer => "customer",
            SignalId::LongTerm => "long_term",
        }
    }

    /// A human label for terminal and chat output.
    pub fn label(self) -> &'static str {
        match self {
            SignalId::Situation => "Situation",
            SignalId::Ownership => "Ownership",
            SignalId::Action => "Action",
            SignalId::Decision => "Decision",
            SignalId::Conflict => "Conflict",
            SignalId::Result => "Result",
            SignalId::Reflection => "Reflection",
            SignalId::Escalation => "Escalation",
            SignalId::FollowThrough => "Follow-through",
            SignalId::Customer => "Customer",
            SignalId::LongTerm => "Long-term",
        }
    }

    /// Position in [`SignalId::ALL`], for array-indexed tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for SignalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SignalId {
    type Err = UnknownId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SignalId::ALL
            .into_iter()
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownId(s.to_string()))
    }
}

/// Something in an answer that lowers the overall score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagId {
    WeDominance,
    Blame,
    Buzzwords,
    Hedging,
    EffortOnly,
    Heroics,
    TooShort,
    TooLong,
    OffTopic,
}

impl FlagId {
    /// Every flag, in the order RUBRIC.md lists them.
    pub const ALL: [FlagId; 9] = [
        FlagId::WeDominance,
        FlagId::Blame,
        FlagId::Buzzwords,
        FlagId::Hedging,
        FlagId::EffortOnly,
        FlagId::Heroics,
        FlagId::TooShort,
        FlagId::TooLong,
        FlagId::OffTopic,
    ];

    /// The id as RUBRIC.md spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagId::WeDominance => "we_dominance",
            FlagId::Blame => "blame",
            FlagId::Buzzwords => "buzzwords",
            FlagId::Hedging => "hedging",
            FlagId::EffortOnly => "effort_only",
            FlagId::Heroics => "heroics",
            FlagId::TooShort => "too_short",
            FlagId::TooLong => "too_long",
            FlagId::OffTopic => "off_topic",
        }
    }
}

impl fmt::Display for FlagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An id that RUBRIC.md does not define.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown id `{0}`")]
pub struct UnknownId(pub String);

/// The hiring band an overall score falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    NoHire,
    Lean,
    Hire,
    Strong,
}

impl Band {
    /// Lowest overall score of each band, highest band first.
    pub const THRESHOLDS: [(Band, u8); 3] =
        [(Band::Strong, 80), (Band::Hire, 60), (Band::Lean, 40)];

    /// The band an overall score (0..=100) falls in.
    pub fn for_overall(overall: u8) -> Band {
        Band::THRESHOLDS
            .into_iter()
            .find(|&(_, floor)| overall >= floor)
            .map_or(Band::NoHire, |(band, _)| band)
    }

    /// The id as RUBRIC.md spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::NoHire => "no_hire",
            Band::Lean => "lean",
            Band::Hire => "hire",
            Band::Strong => "strong",
        }
    }

    /// The lowest overall score that falls in this band.
    pub fn floor(self) -> u8 {
        Band::THRESHOLDS
            .into_iter()
            .find(|&(band, _)| band == self)
            .map_or(0, |(_, floor)| floor)
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
