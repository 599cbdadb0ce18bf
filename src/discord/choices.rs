//! Slash-command options with a fixed set of string values. poise's inline
//! `#[choices]` sends indexes; these register real string choices, so the
//! values on the wire read as what they mean (`week`, `ephemeral`).

use poise::serenity_prelude as serenity;
use poise::{SlashArgError, SlashArgument};

/// Which leaderboard `/leaderboard` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    All,
}

/// How `/practice` runs in a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Thread,
    Ephemeral,
}

/// An unknown value (Discord only sends registered ones, so this means the
/// registration is stale).
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not one of the choices")]
struct NotAChoice(String);

macro_rules! string_choices {
    ($type:ty, [$(($variant:expr, $value:literal, $label:literal)),+ $(,)?]) => {
        impl $type {
            const CHOICES: &'static [($type, &'static str, &'static str)] = &[$(($variant, $value, $label)),+];
        }

        #[poise::async_trait]
        impl SlashArgument for $type {
            async fn extract(
                _ctx: &serenity::Context,
                _interaction: &serenity::CommandInteraction,
                value: &serenity::ResolvedValue<'_>,
            ) -> Result<Self, SlashArgError> {
                let serenity::ResolvedValue::String(s) = value else {
                    return Err(SlashArgError::new_command_structure_mismatch("expected a string"));
                };
                <$type>::CHOICES
                    .iter()
                    .find(|(_, v, _)| v == s)
                    .map(|(choice, _, _)| *choice)
                    .ok_or_else(|| SlashArgError::new_parse(Box::new(NotAChoice(s.to_string())), s.to_string()))
            }

            fn create(builder: serenity::CreateCommandOption) -> serenity::CreateCommandOption {
                <$type>::CHOICES.iter().fold(
                    builder.kind(serenity::CommandOptionType::String),
                    |b, (_, value, label)| b.add_string_choice(*label, *value),
                )
            }
        }
    };
}

string_choices!(
    Period,
    [
        (Period::Week, "week", "this week"),
        (Period::All, "all", "all time")
    ]
);
string_choices!(
    Mode,
    [
        (Mode::Thread, "thread", "a private thread per member"),
        (Mode::Ephemeral, "ephemeral", "ephemeral replies"),
    ]
);
