//! Sending: every message the bot sends is built here, so every one of them
//! carries an empty `allowed_mentions` (quoted answers can never ping
//! `@everyone`, a role or a member).

use super::render::Card;
use poise::serenity_prelude as serenity;
use serenity::{
    CommandInteraction, ComponentInteraction, CreateActionRow, CreateAllowedMentions,
    CreateAttachment, CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, Http, ModalInteraction,
};

/// Mentions nobody.
pub fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

/// Discord allows five buttons per row.
fn rows(card: &Card) -> Vec<CreateActionRow> {
    card.buttons
        .chunks(5)
        .map(|row| CreateActionRow::Buttons(row.to_vec()))
        .collect()
}

fn content(card: &Card) -> String {
    card.content
        .as_deref()
        .map(|c| super::limits::trim(c, super::limits::MESSAGE))
        .unwrap_or_default()
}

/// An interaction response message (type 4 or 7).
pub fn message(card: &Card, ephemeral: bool) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(content(card))
        .embeds(card.embeds.iter().map(|e| e.build()).collect())
        .components(rows(card))
        .ephemeral(ephemeral)
        .allowed_mentions(no_pings())
}

/// An edit of the original response (after a deferral).
pub fn edit(card: &Card) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .content(content(card))
        .embeds(card.embeds.iter().map(|e| e.build()).collect())
        .components(rows(card))
        .allowed_mentions(no_pings())
}

/// A plain channel message.
pub fn channel_message(card: &Card) -> CreateMessage {
    CreateMessage::new()
        .content(content(card))
        .embeds(card.embeds.iter().map(|e| e.build()).collect())
        .components(rows(card))
        .allowed_mentions(no_pings())
}

/// The interaction being answered, whatever its kind.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    Command(&'a CommandInteraction),
    Component(&'a ComponentInteraction),
    Modal(&'a ModalInteraction),
}

impl Source<'_> {
    /// Whether the interaction came from a server (not a DM).
    pub fn in_guild(&self) -> bool {
        match self {
            Source::Command(i) => i.guild_id.is_some(),
            Source::Component(i) => i.guild_id.is_some(),
            Source::Modal(i) => i.guild_id.is_some(),
        }
    }

    async fn create(
        &self,
        http: &Http,
        response: CreateInteractionResponse,
    ) -> serenity::Result<()> {
        match self {
            Source::Command(i) => i.create_response(http, response).await,
            Source::Component(i) => i.create_response(http, response).await,
            Source::Modal(i) => i.create_response(http, response).await,
        }
    }

    /// Acknowledges now, to answer later with [`Source::edit`].
    pub async fn defer(&self, http: &Http, ephemeral: bool) -> serenity::Result<()> {
        let deferred = CreateInteractionResponseMessage::new().ephemeral(ephemeral);
        self.create(http, CreateInteractionResponse::Defer(deferred))
            .await
    }

    /// Answers at once with a new message.
    pub async fn reply(&self, http: &Http, card: &Card, ephemeral: bool) -> serenity::Result<()> {
        self.create(
            http,
            CreateInteractionResponse::Message(message(card, ephemeral)),
        )
        .await
    }

    /// Replaces the message the pressed button sits on.
    pub async fn update(&self, http: &Http, card: &Card) -> serenity::Result<()> {
        self.create(
            http,
            CreateInteractionResponse::UpdateMessage(message(card, false)),
        )
        .await
    }

    /// Opens a modal.
    pub async fn modal(&self, http: &Http, modal: serenity::CreateModal) -> serenity::Result<()> {
        self.create(http, CreateInteractionResponse::Modal(modal))
            .await
    }

    /// Fills in the deferred response.
    pub async fn edit(&self, http: &Http, card: &Card) -> serenity::Result<()> {
        self.edit_with(http, edit(card)).await
    }

    /// Fills in the deferred response with files attached.
    pub async fn edit_with_files(
        &self,
        http: &Http,
        card: &Card,
        files: Vec<CreateAttachment>,
    ) -> serenity::Result<()> {
        let mut builder = edit(card);
        for file in files {
            builder = builder.new_attachment(file);
        }
        self.edit_with(http, builder).await
    }

    async fn edit_with(
        &self,
        http: &Http,
        builder: EditInteractionResponse,
    ) -> serenity::Result<()> {
        match self {
            Source::Command(i) => i.edit_response(http, builder).await.map(drop),
            Source::Component(i) => i.edit_response(http, builder).await.map(drop),
            Source::Modal(i) => i.edit_response(http, builder).await.map(drop),
        }
    }
}
