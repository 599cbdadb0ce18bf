//! The interview as Discord users meet it: each step calls the engine (off
//! the async runtime, since sled flushes block) and answers the interaction.
//! Commands and buttons share these steps, so both behave the same.

use super::Data;
use super::ids::{Action, CustomId};
use super::render::{self, Card};
use super::respond::{self, Source};
use crate::engine::{self, Engine, Reply};
use crate::model::ServerSettings;
use crate::store::SledStore;
use poise::serenity_prelude as serenity;
use serenity::{
    ChannelId, ChannelType, CreateActionRow, CreateInputText, CreateModal, CreateThread, GuildId,
    Http, InputTextStyle, UserId,
};

/// What went wrong, as the user will read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A sentence for the user (no session, empty answer, ...).
    User(String),
    /// Logged; the user gets an apology.
    Internal,
}

impl Failure {
    pub fn card(&self) -> Card {
        match self {
            Failure::User(message) => Card::text(message.clone()),
            Failure::Internal => Card::text(
                "Sorry, something went wrong on our side. Anything you submitted before is safe; please try again in a moment.",
            ),
        }
    }
}

/// Runs an engine operation on the blocking pool.
pub async fn call<T, F>(data: &Data, op: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&Engine<SledStore>) -> Result<T, engine::Error> + Send + 'static,
{
    let engine = data.engine.clone();
    match tokio::task::spawn_blocking(move || op(&engine)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(engine::Error::User(e))) => Err(Failure::User(e.message)),
        Ok(Err(engine::Error::Internal(e))) => {
            tracing::error!(error = %e, "storage error");
            Err(Failure::Internal)
        }
        Err(e) => {
            tracing::error!(error = %e, "engine task failed");
            Err(Failure::Internal)
        }
    }
}

/// Logs a failed send: there is nobody left to tell.
pub fn log_send(result: serenity::Result<()>, what: &str) {
    if let Err(e) = result {
        tracing::warn!(error = %e, "could not send {what}");
    }
}

/// Where an interaction happened.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub guild: Option<GuildId>,
    pub channel: ChannelId,
    /// The channel a thread hangs off, when the interaction came from one.
    pub parent: Option<ChannelId>,
}

/// Who is acting.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: UserId,
    pub name: String,
}

impl Person {
    pub fn key(&self) -> String {
        self.id.get().to_string()
    }
}

/// The server's settings, or defaults in a DM.
pub async fn server_settings(data: &Data, guild: Option<GuildId>) -> ServerSettings {
    let Some(guild) = guild else {
        return ServerSettings::default();
    };
    let server = guild.get().to_string();
    call(data, move |e| e.server_settings(&server))
        .await
        .unwrap_or_default()
}

/// Records that the person belongs to the server (for its leaderboard).
pub async fn join(data: &Data, place: &Place, who: &Person) {
    if let Some(guild) = place.guild {
        let (server, user, name) = (guild.get().to_string(), who.key(), who.name.clone());
        if let Err(failure) = call(data, move |e| e.join(&server, &user, &name)).await {
            tracing::warn!(?failure, "could not record membership");
        }
    }
}

/// `/practice`: start or resume a session and show its question.
pub async fn practice(
    http: &Http,
    data: &Data,
    source: Source<'_>,
    place: Place,
    who: Person,
    principle: Option<String>,
) {
    let settings = server_settings(data, place.guild).await;
    let in_thread = place.guild.is_some() && !settings.ephemeral;
    let ephemeral = place.guild.is_some();
    log_send(source.defer(http, ephemeral).await, "deferral");
    join(data, &place, &who).await;
    let user = who.key();
    let probes = settings.probes;
    let reply = call(data, move |e| {
        e.start_with(&user, principle.as_deref(), probes)
    })
    .await;
    let card = match reply {
        Ok(reply) => render::reply(&reply, who.id.get()),
        Err(failure) => return log_send(source.edit(http, &failure.card()).await, "error"),
    };
    if !in_thread {
        return log_send(source.edit(http, &card).await, "question");
    }
    let channel = settings
        .practice_channel
        .as_deref()
        .and_then(|c| c.parse::<u64>().ok())
        .map_or(place.channel, ChannelId::new);
    match open_thread(http, channel, &who, &card).await {
        Ok(thread) => log_send(
            source
                .edit(
                    http,
                    &Card::text(format!("Your interview is waiting for you in <#{thread}>.")),
                )
                .await,
            "thread note",
        ),
        Err(e) => {
            tracing::warn!(error = %e, "could not open a private thread; answering ephemerally");
            log_send(source.edit(http, &card).await, "question")
        }
    }
}

async fn open_thread(
    http: &Http,
    channel: ChannelId,
    who: &Person,
    card: &Card,
) -> serenity::Result<ChannelId> {
    let name = super::limits::trim(&format!("Interview: {}", who.name), 100);
    let thread = channel
        .create_thread(
            http,
            CreateThread::new(name)
                .kind(ChannelType::PrivateThread)
                .invitable(false),
        )
        .await?;
    thread.id.add_thread_member(http, who.id).await?;
    thread
        .id
        .send_message(http, respond::channel_message(card))
        .await?;
    Ok(thread.id)
}

/// The answer modal for `owner`.
pub fn answer_modal(owner: UserId, follow_up: bool) -> CreateModal {
    let input = CreateInputText::new(InputTextStyle::Paragraph, "Your answer", "answer")
        .placeholder("What happened, what you did, what changed, what you learned.")
        .max_length(super::limits::MODAL_PARAGRAPH as u16)
        .required(true);
    let title = if follow_up {
        "Your follow-up"
    } else {
        "Your answer"
    };
    CreateModal::new(CustomId::new(Action::Modal, owner.get()).to_string(), title)
        .components(vec![CreateActionRow::InputText(input)])
}

/// The question waiting for the user, if any.
async fn waiting(data: &Data, who: &Person) -> Result<Option<crate::engine::Question>, Failure> {
    let user = who.key();
    match call(data, move |e| e.status(&user)).await? {
        Reply::Status(status) => Ok(status.session.map(|s| s.waiting_for)),
        _ => Ok(None),
    }
}

async fn has_session(data: &Data, who: &Person) -> bool {
    matches!(waiting(data, who).await, Ok(Some(_)))
}

/// `/answer` or an Answer button: open the modal if there is a question waiting.
pub async fn open_answer(http: &Http, data: &Data, source: Source<'_>, who: &Person) {
    match waiting(data, who).await {
        Ok(Some(question)) => {
            let modal = answer_modal(who.id, question.probe.is_some());
            log_send(source.modal(http, modal).await, "modal");
        }
        Ok(None) => log_send(
            source.reply(http, &Card::text(NO_SESSION), true).await,
            "no-session note",
        ),
        Err(failure) => log_send(source.reply(http, &failure.card(), true).await, "error"),
    }
}

/// Said when a user has nothing to answer.
pub const NO_SESSION: &str = "You have no interview in progress. Start one with /practice.";

/// A submitted answer (modal or DM): score it, show the card, and note a
/// newly covered principle in the server.
pub async fn submit(
    http: &Http,
    data: &Data,
    place: Place,
    who: &Person,
    text: String,
) -> Result<Card, Failure> {
    join(data, &place, who).await;
    let user = who.key();
    closing(http, data, place, who, move |e| e.answer(&user, &text)).await
}

/// Runs an operation that may end the session, and announces a principle
/// it newly covered (at the server's threshold).
async fn closing<F>(
    http: &Http,
    data: &Data,
    place: Place,
    who: &Person,
    op: F,
) -> Result<Card, Failure>
where
    F: FnOnce(&Engine<SledStore>) -> Result<Reply, engine::Error> + Send + 'static,
{
    let user = who.key();
    let threshold = server_settings(data, place.guild)
        .await
        .threshold
        .unwrap_or(data.settings.covered_threshold);
    let (reply, covered_before) = call(data, move |e| {
        let principle = match e.status(&user)? {
            Reply::Status(s) => s.session.map(|s| s.waiting_for.principle),
            _ => None,
        };
        let covered = |e: &Engine<SledStore>| -> Result<bool, engine::Error> {
            Ok(e.coverage(&user)?.iter().any(|l| {
                Some(&l.principle) == principle.as_ref()
                    && l.row.as_ref().is_some_and(|r| r.best >= threshold)
            }))
        };
        let before = covered(e)?;
        Ok((op(e)?, before))
    })
    .await?;
    if let Some(summary) = render::finished(&reply)
        && !covered_before
        && summary.last.is_some_and(|best| best >= threshold)
    {
        announce(http, data, place, who, &summary.title).await;
    }
    Ok(render::reply(&reply, who.id.get()))
}

/// "X covered Ownership" in the server's channel: no answer text, no pings.
async fn announce(http: &Http, data: &Data, place: Place, who: &Person, title: &str) {
    let Some(guild) = place.guild else { return };
    let settings = server_settings(data, Some(guild)).await;
    if !settings.leaderboard {
        return;
    }
    let channel = place.parent.unwrap_or(place.channel);
    let note = Card::text(format!(
        "{} covered {}.",
        super::limits::trim(&who.name, 80),
        title
    ));
    log_send(
        channel
            .send_message(http, respond::channel_message(&note))
            .await
            .map(drop),
        "covered note",
    );
}

/// The modal was submitted. In a server the scorecard is always ephemeral:
/// it quotes the answer, and even a private thread is open to moderators.
pub async fn answer_submitted(
    http: &Http,
    data: &Data,
    source: Source<'_>,
    place: Place,
    who: Person,
    text: String,
) {
    log_send(source.defer(http, place.guild.is_some()).await, "deferral");
    let card = match submit(http, data, place, &who, text).await {
        Ok(card) => card,
        Err(failure) => failure.card(),
    };
    log_send(source.edit(http, &card).await, "scorecard");
}

/// `/skip`, `/end` or the Finish button.
pub async fn step(
    http: &Http,
    data: &Data,
    source: Source<'_>,
    place: Place,
    who: &Person,
    action: Step,
) {
    let button = matches!(source, Source::Component(_));
    if button && !has_session(data, who).await {
        // A Finish button can outlive its session.
        let card = Card::text("This interview has already ended. Start a new one with /practice.");
        return log_send(source.reply(http, &card, true).await, "refusal");
    }
    // The summary quotes the answer: only its owner may see it in a server.
    let ephemeral = source.in_guild() || !button;
    log_send(source.defer(http, ephemeral).await, "deferral");
    let user = who.key();
    let result = closing(http, data, place, who, move |e| match action {
        Step::Skip => e.skip(&user),
        Step::End => e.end(&user),
    })
    .await;
    let card = result.unwrap_or_else(|failure| failure.card());
    log_send(source.edit(http, &card).await, "step");
}

/// What `step` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Skip,
    End,
}
