//! The custom ids on our buttons and modals. Each names its action and the
//! user it belongs to, so a press after a restart still finds its session,
//! and a press by anyone else is refused.

use std::fmt;

/// What a button or modal does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open the answer modal.
    Answer,
    /// The answer modal itself.
    Modal,
    /// End the session now.
    Finish,
    /// Confirm `/forget`.
    Forget,
    /// Cancel `/forget`.
    Keep,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Answer => "answer",
            Action::Modal => "modal",
            Action::Finish => "finish",
            Action::Forget => "forget",
            Action::Keep => "keep",
        }
    }

    fn parse(s: &str) -> Option<Action> {
        [
            Action::Answer,
            Action::Modal,
            Action::Finish,
            Action::Forget,
            Action::Keep,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// A parsed custom id: `sp:<action>:<user id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomId {
    pub action: Action,
    pub owner: u64,
}

impl CustomId {
    pub fn new(action: Action, owner: u64) -> CustomId {
        CustomId { action, owner }
    }

    /// `None` for ids that are not ours.
    pub fn parse(id: &str) -> Option<CustomId> {
        let mut parts = id.split(':');
        if parts.next()? != "sp" {
            return None;
        }
        let action = Action::parse(parts.next()?)?;
        let owner = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some(CustomId { action, owner })
    }
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sp:{}:{}", self.action.as_str(), self.owner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_foreign_ids() {
        let id = CustomId::new(Action::Finish, 42);
        assert_eq!(id.to_string(), "sp:finish:42");
        assert_eq!(CustomId::parse("sp:finish:42"), Some(id));
        assert_eq!(CustomId::parse("sp:finish:x"), None);
        assert_eq!(CustomId::parse("other:finish:42"), None);
        assert_eq!(CustomId::parse("sp:finish:42:extra"), None);
    }
}
