//! Gateway events poise does not handle itself: our buttons, our modal,
//! and plain messages in DMs (taken as answers).

use super::flow::{self, Person, Place, Step, call, log_send};
use super::ids::{Action, CustomId};
use super::render::Card;
use super::respond::{self, Source};
use super::{Data, Error};
use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, ComponentInteraction, FullEvent, Interaction, Message, ModalInteraction,
};

/// The framework's event hook.
pub async fn handle(ctx: &serenity::Context, event: &FullEvent, data: &Data) -> Result<(), Error> {
    match event {
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(i),
        } => component(ctx, data, i).await,
        FullEvent::InteractionCreate {
            interaction: Interaction::Modal(i),
        } => modal(ctx, data, i).await,
        FullEvent::Message { new_message } => direct_message(ctx, data, new_message).await,
        FullEvent::Ready { data_about_bot } => {
            tracing::info!(user = %data_about_bot.user.name, guilds = data_about_bot.guilds.len(), "connected");
        }
        FullEvent::Resume { .. } => tracing::info!("gateway session resumed"),
        _ => {}
    }
    Ok(())
}

fn person_of(user: &serenity::User, member: Option<&serenity::Member>) -> Person {
    let name = member
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.name.clone());
    Person { id: user.id, name }
}

const NOT_YOURS: &str = "This interview belongs to someone else. Start your own with /practice.";

async fn component(ctx: &serenity::Context, data: &Data, i: &ComponentInteraction) {
    let Some(id) = CustomId::parse(&i.data.custom_id) else {
        return;
    };
    let src = Source::Component(i);
    let http = ctx.http.as_ref();
    if id.owner != i.user.id.get() {
        return log_send(
            src.reply(http, &Card::text(NOT_YOURS), true).await,
            "refusal",
        );
    }
    let who = person_of(&i.user, i.member.as_ref());
    match id.action {
        Action::Answer => flow::open_answer(http, data, src, &who).await,
        Action::Finish => {
            let place = Place {
                guild: i.guild_id,
                channel: i.channel_id,
                parent: i.channel.as_ref().and_then(|c| c.parent_id),
            };
            flow::step(http, data, src, place, &who, Step::End).await
        }
        Action::Forget => {
            let user = who.key();
            let card = match call(data, move |e| e.forget(&user)).await {
                Ok(()) => Card::text("Done: everything starprobe held about you is deleted."),
                Err(failure) => failure.card(),
            };
            log_send(src.update(http, &card).await, "forget result");
        }
        Action::Keep => log_send(
            src.update(http, &Card::text("Nothing was deleted.")).await,
            "forget cancel",
        ),
        Action::Modal => {}
    }
}

async fn modal(ctx: &serenity::Context, data: &Data, i: &ModalInteraction) {
    let Some(id) = CustomId::parse(&i.data.custom_id) else {
        return;
    };
    let src = Source::Modal(i);
    let http = ctx.http.as_ref();
    if id.action != Action::Modal || id.owner != i.user.id.get() {
        return log_send(
            src.reply(http, &Card::text(NOT_YOURS), true).await,
            "refusal",
        );
    }
    let text: String = i
        .data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|c| match c {
            ActionRowComponent::InputText(input) if input.custom_id == "answer" => {
                input.value.clone()
            }
            _ => None,
        })
        .unwrap_or_default();
    if text.trim().is_empty() {
        let card = Card::text(
            "Your answer was empty, so nothing was saved. Press Answer again and write your story.",
        );
        return log_send(src.reply(http, &card, true).await, "empty answer note");
    }
    let place = Place {
        guild: i.guild_id,
        channel: i.channel_id,
        parent: i.channel.as_ref().and_then(|c| c.parent_id),
    };
    let who = person_of(&i.user, i.member.as_ref());
    flow::answer_submitted(http, data, src, place, who, text).await;
}

/// In a DM, a plain message answers the waiting question.
async fn direct_message(ctx: &serenity::Context, data: &Data, message: &Message) {
    if message.guild_id.is_some() || message.author.bot || message.content.trim().is_empty() {
        return;
    }
    let place = Place {
        guild: None,
        channel: message.channel_id,
        parent: None,
    };
    let who = person_of(&message.author, None);
    let card = match flow::submit(&ctx.http, data, place, &who, message.content.clone()).await {
        Ok(card) => card,
        Err(failure) => failure.card(),
    };
    log_send(
        message
            .channel_id
            .send_message(&ctx.http, respond::channel_message(&card))
            .await
            .map(drop),
        "DM reply",
    );
}
