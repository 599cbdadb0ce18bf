//! What the engine answers with. Structured, never formatted: a transport
//! (terminal, Discord) decides how each reply looks.

use crate::model::{Millis, Outcome};
use crate::rubric::{Band, Scorecard, SignalId};
use crate::store::StoreError;
use serde::Serialize;

/// The engine's answer to one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reply {
    /// An opening question: a new session, or the one in progress resumed.
    Prompt(Question),
    /// An answer was scored; then either a probe or the summary.
    Scored(Box<Scored>),
    /// The next probe, after the user skipped one.
    Probe(Question),
    /// The session is over.
    Summary(Box<Summary>),
    /// Where the user stands.
    Status(Status),
}

/// A question waiting for an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub session_id: u64,
    pub principle: String,
    pub title: String,
    pub prompt_id: String,
    pub text: String,
    /// The signal a follow-up probes; `None` for the opening prompt.
    pub probe: Option<SignalId>,
    /// Which follow-up this is (1-based), and how many there can be.
    pub probe_number: usize,
    pub max_probes: u8,
    /// True when this resumes a session that was already in progress.
    pub resumed: bool,
    /// The user's earlier best final score on this prompt (a retry).
    pub earlier: Option<u8>,
}

/// How one signal moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SignalChange {
    pub id: SignalId,
    pub before: u8,
    pub after: u8,
}

/// A scored answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub principle: String,
    pub title: String,
    /// The whole story so far (original plus follow-ups).
    pub card: Scorecard,
    /// The story's overall before this answer (`None` for the first answer).
    pub previous: Option<u8>,
    /// Signals this answer changed.
    pub changes: Vec<SignalChange>,
    /// The user's earlier best final score on this prompt (a retry).
    pub earlier: Option<u8>,
    pub next: Next,
}

/// What follows a scored answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Next {
    Probe(Question),
    Done(Box<Summary>),
}

/// The end of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub session_id: u64,
    pub principle: String,
    pub title: String,
    pub prompt_id: String,
    pub outcome: Outcome,
    pub answers: usize,
    /// Overall after the first answer and after the last one.
    pub first: Option<u8>,
    pub last: Option<u8>,
    pub band: Option<Band>,
    /// Weighted signals, first answer against the whole story.
    pub changes: Vec<SignalChange>,
    /// The best-scoring weighted signal and the quote that earned it.
    pub strongest: Option<(SignalId, String)>,
    /// The one thing to fix next.
    pub fix_next: Option<String>,
    /// The user's earlier best final score on this prompt (a retry).
    pub earlier: Option<u8>,
    /// Whether the principle is covered now.
    pub covered: bool,
}

/// Where a user stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub session: Option<SessionStatus>,
    /// Principles covered, out of how many.
    pub covered: usize,
    pub principles: usize,
}

/// The session in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionStatus {
    pub waiting_for: Question,
    pub answers: usize,
    pub overall: Option<u8>,
    /// When it will be put away as abandoned if left idle.
    pub expires_at: Millis,
}

/// What kind of thing the user got wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    NoSession,
    SessionActive,
    UnknownPrinciple,
    UnknownPrompt,
    EmptyAnswer,
    TooLong,
    BadId,
    NotMember,
}

/// An error meant for the user: the sentence to show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    pub kind: ErrorKind,
    pub message: String,
}

/// Everything an operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Show `0.message` to the user.
    #[error(transparent)]
    User(#[from] UserError),
    /// Log it; tell the user something went wrong on our side.
    #[error(transparent)]
    Internal(#[from] StoreError),
}

impl Error {
    pub(crate) fn user(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error::User(UserError {
            kind,
            message: message.into(),
        })
    }

    /// The user-facing kind, if this is a user error.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            Error::User(e) => Some(e.kind),
            Error::Internal(_) => None,
        }
    }
}
