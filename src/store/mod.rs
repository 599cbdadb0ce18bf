//! Durable storage of sessions, coverage, server membership and the
//! leaderboard index. The engine sees only the [`Store`] trait; [`SledStore`]
//! is the one backend and the only code in the crate that touches sled.
//!
//! Every method that changes something returns only after the change is
//! flushed to disk. Methods are not serialised per user here: the engine
//! holds a per-user lock around read-modify-write sequences, so each
//! user's writes arrive one at a time.

pub mod envelope;
mod keys;
mod sled_store;

pub use sled_store::{Dumped, SledStore};

use crate::model::{
    BoardEntry, Coverage, Member, Millis, Period, ServerSettings, Session, Standing,
};

/// What went wrong underneath; never shown to a user as is.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sled::Error),
    #[error("stored {record} is unreadable: {detail}")]
    Corrupt {
        record: &'static str,
        detail: String,
    },
    #[error(
        "stored {record} was written by a newer starprobe (version {found}, this one reads up to {supported})"
    )]
    Newer {
        record: &'static str,
        found: u32,
        supported: u32,
    },
    #[error("cannot encode a record: {0}")]
    Encode(String),
}

/// A session closing: it moves to history and the user's coverage and
/// leaderboard standing change with it, all at once.
#[derive(Debug, Clone)]
pub struct Closing {
    pub session: Session,
    /// The user's updated row for the session's principle, if it was scored.
    pub coverage: Option<Coverage>,
    /// The user's standing after the change.
    pub standing: Standing,
}

/// Everything stored about one user, for export.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UserData {
    pub user: String,
    pub active: Option<Session>,
    pub history: Vec<Session>,
    pub coverage: Vec<Coverage>,
    pub servers: Vec<(String, Member)>,
    pub standing: Standing,
}

/// The storage the engine needs. A backend must make each call atomic and
/// durable before it returns.
pub trait Store: Send + Sync {
    /// A fresh, never reused session id.
    fn next_id(&self) -> Result<u64, StoreError>;
    /// The user's session in progress.
    fn active(&self, user: &str) -> Result<Option<Session>, StoreError>;
    /// Every session in progress (for sweeping out idle ones).
    fn all_active(&self) -> Result<Vec<Session>, StoreError>;
    /// Stores a new session and marks its prompt as seen.
    fn begin(&self, session: &Session) -> Result<(), StoreError>;
    /// Replaces the user's session in progress.
    fn save(&self, session: &Session) -> Result<(), StoreError>;
    /// Moves a session to history and applies its coverage and standing.
    fn close(&self, closing: &Closing) -> Result<(), StoreError>;
    /// Finished, ended, skipped and abandoned sessions, oldest first.
    fn history(&self, user: &str) -> Result<Vec<Session>, StoreError>;
    /// The user's coverage, one row per principle practised, by id.
    fn coverage(&self, user: &str) -> Result<Vec<Coverage>, StoreError>;
    /// Prompts the user has been shown, with when.
    fn seen(&self, user: &str) -> Result<Vec<(String, Millis)>, StoreError>;
    /// The user's current leaderboard standing.
    fn standing(&self, user: &str) -> Result<Standing, StoreError>;
    /// Adds the user to a server or updates their name and opt-out.
    fn join(&self, server: &str, user: &str, member: &Member) -> Result<(), StoreError>;
    /// The user's membership of one server.
    fn member(&self, server: &str, user: &str) -> Result<Option<Member>, StoreError>;
    /// The servers the user belongs to.
    fn servers_of(&self, user: &str) -> Result<Vec<(String, Member)>, StoreError>;
    /// A server's members, by user id.
    fn members(&self, server: &str) -> Result<Vec<(String, Member)>, StoreError>;
    /// A server's settings (defaults when never set).
    fn settings(&self, server: &str) -> Result<ServerSettings, StoreError>;
    /// Replaces a server's settings.
    fn set_settings(&self, server: &str, settings: &ServerSettings) -> Result<(), StoreError>;
    /// A server's top `limit` opted-in members for a period, best first.
    fn leaderboard(
        &self,
        server: &str,
        period: Period,
        limit: usize,
    ) -> Result<Vec<BoardEntry>, StoreError>;
    /// Everything stored about the user.
    fn export(&self, user: &str) -> Result<UserData, StoreError>;
    /// Deletes every key about the user in every tree.
    fn forget(&self, user: &str) -> Result<(), StoreError>;
}

/// Where data lives when nobody says: `$STARPROBE_DATA_DIR`, else
/// `$XDG_DATA_HOME/starprobe`, else `~/.local/share/starprobe`. `None`
/// only when not even `$HOME` is set.
pub fn default_dir() -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = env("STARPROBE_DATA_DIR") {
        return Some(dir.into());
    }
    if let Some(xdg) = env("XDG_DATA_HOME") {
        return Some(PathBuf::from(xdg).join("starprobe"));
    }
    env("HOME").map(|home| PathBuf::from(home).join(".local/share/starprobe"))
}
