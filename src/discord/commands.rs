//! The slash commands. Each is a thin translation: read the options, call a
//! step in `flow` or the engine, render, answer.

use super::choices::{Mode, Period};
use super::flow::{self, Failure, Person, Place, Step, call, log_send};
use super::render::{self, Card};
use super::respond::Source;
use super::{Context, Data, Error};
use crate::engine::Board;
use crate::model::ServerSettings;
use poise::serenity_prelude as serenity;
use serenity::{CreateAttachment, CreateAutocompleteResponse};

/// Every command, in the order `/help` would list them.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        practice(),
        answer(),
        skip(),
        end(),
        stats(),
        leaderboard(),
        history(),
        export(),
        forget(),
        principles(),
        privacy(),
        config(),
    ]
}

/// The interaction behind a slash command.
fn source<'a>(ctx: &Context<'a>) -> Option<&'a serenity::CommandInteraction> {
    match ctx {
        poise::Context::Application(app) => Some(app.interaction),
        poise::Context::Prefix(_) => None,
    }
}

fn person(ctx: &Context<'_>) -> Person {
    let user = ctx.author();
    let name = source(ctx)
        .and_then(|i| i.member.as_ref())
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.name.clone());
    Person { id: user.id, name }
}

fn place(ctx: &Context<'_>) -> Place {
    Place {
        guild: ctx.guild_id(),
        channel: ctx.channel_id(),
        parent: source(ctx)
            .and_then(|i| i.channel.as_ref())
            .and_then(|c| c.parent_id),
    }
}

async fn principle_names(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let partial = partial.to_ascii_lowercase();
    let choices = ctx
        .data()
        .engine
        .bank()
        .principles()
        .iter()
        .filter(|p| p.id.contains(&partial) || p.title.to_ascii_lowercase().contains(&partial))
        .take(25)
        .map(|p| serenity::AutocompleteChoice::new(p.title.clone(), p.id.clone()))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// Start a mock interview (or pick up the one in progress).
#[poise::command(slash_command)]
pub async fn practice(
    ctx: Context<'_>,
    #[description = "Which principle (leave empty to practise the one you need most)"]
    #[autocomplete = "principle_names"]
    principle: Option<String>,
) -> Result<(), Error> {
    if let Some(i) = source(&ctx) {
        flow::practice(
            ctx.http(),
            ctx.data(),
            Source::Command(i),
            place(&ctx),
            person(&ctx),
            principle,
        )
        .await;
    }
    Ok(())
}

/// Answer the question waiting for you.
#[poise::command(slash_command)]
pub async fn answer(ctx: Context<'_>) -> Result<(), Error> {
    if let Some(i) = source(&ctx) {
        flow::open_answer(ctx.http(), ctx.data(), Source::Command(i), &person(&ctx)).await;
    }
    Ok(())
}

async fn step_command(ctx: Context<'_>, step: Step) -> Result<(), Error> {
    if let Some(i) = source(&ctx) {
        let source = Source::Command(i);
        flow::step(
            ctx.http(),
            ctx.data(),
            source,
            place(&ctx),
            &person(&ctx),
            step,
        )
        .await;
    }
    Ok(())
}

/// Skip the current question.
#[poise::command(slash_command)]
pub async fn skip(ctx: Context<'_>) -> Result<(), Error> {
    step_command(ctx, Step::Skip).await
}

/// End your interview now and see the summary.
#[poise::command(slash_command)]
pub async fn end(ctx: Context<'_>) -> Result<(), Error> {
    step_command(ctx, Step::End).await
}

/// Which principles you (or another member) have covered: scores only, never answers.
#[poise::command(slash_command)]
pub async fn stats(
    ctx: Context<'_>,
    #[description = "Whose stats (default: yours)"] member: Option<serenity::User>,
) -> Result<(), Error> {
    let Some(i) = source(&ctx) else { return Ok(()) };
    let src = Source::Command(i);
    log_send(src.defer(ctx.http(), true).await, "deferral");
    let data = ctx.data();
    let (user, name) = match &member {
        Some(m) => (
            m.id.get().to_string(),
            m.global_name.clone().unwrap_or_else(|| m.name.clone()),
        ),
        None => {
            let me = person(&ctx);
            (me.key(), me.name)
        }
    };
    let threshold = flow::server_settings(data, ctx.guild_id())
        .await
        .threshold
        .unwrap_or(data.settings.covered_threshold);
    let card = match call(data, move |e| e.coverage(&user)).await {
        Ok(lines) => render::coverage(&name, &lines, threshold),
        Err(failure) => failure.card(),
    };
    log_send(src.edit(ctx.http(), &card).await, "stats");
    Ok(())
}

/// This server's leaderboard of principles covered.
#[poise::command(slash_command, guild_only)]
pub async fn leaderboard(
    ctx: Context<'_>,
    #[description = "week or all (default: all)"] period: Option<Period>,
) -> Result<(), Error> {
    let Some(i) = source(&ctx) else { return Ok(()) };
    let src = Source::Command(i);
    let weekly = period == Some(Period::Week);
    log_send(src.defer(ctx.http(), false).await, "deferral");
    let data = ctx.data();
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    flow::join(data, &place(&ctx), &person(&ctx)).await;
    let settings = flow::server_settings(data, Some(guild)).await;
    let card = if !settings.leaderboard {
        Card::text("This server has turned its leaderboard off.")
    } else {
        let server = guild.get().to_string();
        let board = if weekly {
            Board::ThisWeek
        } else {
            Board::AllTime
        };
        match call(data, move |e| e.leaderboard(&server, board, 20)).await {
            Ok(entries) => render::leaderboard(&entries, weekly),
            Err(failure) => failure.card(),
        }
    };
    log_send(src.edit(ctx.http(), &card).await, "leaderboard");
    Ok(())
}

/// Your past sessions and their scores.
#[poise::command(slash_command)]
pub async fn history(ctx: Context<'_>) -> Result<(), Error> {
    let Some(i) = source(&ctx) else { return Ok(()) };
    let src = Source::Command(i);
    log_send(src.defer(ctx.http(), true).await, "deferral");
    let user = person(&ctx).key();
    let card = match call(ctx.data(), move |e| e.history(&user)).await {
        Ok(sessions) if sessions.is_empty() => {
            Card::text("No finished sessions yet. Start one with /practice.")
        }
        Ok(sessions) => {
            let lines: Vec<String> = sessions
                .iter()
                .rev()
                .take(20)
                .map(|s| {
                    let scores: Vec<String> =
                        s.turns.iter().map(|t| t.card.overall.to_string()).collect();
                    format!(
                        "{} · {} · {} · {}",
                        crate::transcript::date_time(s.started_at),
                        s.principle,
                        if scores.is_empty() {
                            "no answer".to_string()
                        } else {
                            scores.join(" → ")
                        },
                        s.outcome.label()
                    )
                })
                .collect();
            Card::text(lines.join("\n"))
        }
        Err(failure) => failure.card(),
    };
    log_send(src.edit(ctx.http(), &card).await, "history");
    Ok(())
}

/// Download everything starprobe keeps about you (JSON and a readable transcript).
#[poise::command(slash_command)]
pub async fn export(ctx: Context<'_>) -> Result<(), Error> {
    let Some(i) = source(&ctx) else { return Ok(()) };
    let src = Source::Command(i);
    log_send(src.defer(ctx.http(), true).await, "deferral");
    let user = person(&ctx).key();
    let result = call(ctx.data(), move |e| e.export(&user)).await;
    let sent = match result.map(|data| {
        (
            serde_json::to_vec_pretty(&data),
            crate::transcript::markdown(&data),
        )
    }) {
        Ok((Ok(json), markdown)) => {
            let files = vec![
                CreateAttachment::bytes(json, "starprobe-export.json"),
                CreateAttachment::bytes(markdown.into_bytes(), "starprobe-transcript.md"),
            ];
            src.edit_with_files(
                ctx.http(),
                &Card::text("Everything starprobe keeps about you:"),
                files,
            )
            .await
        }
        Ok((Err(e), _)) => {
            tracing::error!(error = %e, "export encoding failed");
            src.edit(ctx.http(), &Failure::Internal.card()).await
        }
        Err(failure) => src.edit(ctx.http(), &failure.card()).await,
    };
    log_send(sent, "export");
    Ok(())
}

/// Delete everything starprobe keeps about you (asks to confirm).
#[poise::command(slash_command)]
pub async fn forget(ctx: Context<'_>) -> Result<(), Error> {
    let Some(i) = source(&ctx) else { return Ok(()) };
    let card = Card {
        content: Some(
            "This deletes every answer, scorecard, score and leaderboard entry starprobe holds about you, in every server. It cannot be undone."
                .to_string(),
        ),
        buttons: render::forget_buttons(ctx.author().id.get()),
        ..Card::default()
    };
    log_send(
        Source::Command(i).reply(ctx.http(), &card, true).await,
        "forget confirmation",
    );
    Ok(())
}

/// The principles you can practise.
#[poise::command(slash_command)]
pub async fn principles(ctx: Context<'_>) -> Result<(), Error> {
    if let Some(i) = source(&ctx) {
        let card = render::principles(ctx.data().engine.bank());
        log_send(
            Source::Command(i).reply(ctx.http(), &card, true).await,
            "principles",
        );
    }
    Ok(())
}

/// What starprobe keeps, and who can see it.
#[poise::command(slash_command)]
pub async fn privacy(ctx: Context<'_>) -> Result<(), Error> {
    if let Some(i) = source(&ctx) {
        log_send(
            Source::Command(i)
                .reply(ctx.http(), &render::privacy(), true)
                .await,
            "privacy",
        );
    }
    Ok(())
}

/// Server settings (Manage Server only). With no options, shows them.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
#[allow(clippy::too_many_arguments)]
pub async fn config(
    ctx: Context<'_>,
    #[description = "Channel where practice threads open"]
    #[channel_types("Text")]
    channel: Option<serenity::GuildChannel>,
    #[description = "thread (private thread per member) or ephemeral"] mode: Option<Mode>,
    #[description = "Best overall that counts as covered here (0-100)"]
    #[min = 0]
    #[max = 100]
    threshold: Option<u8>,
    #[description = "Follow-up probes per session (0-5)"]
    #[min = 0]
    #[max = 5]
    probes: Option<u8>,
    #[description = "Show the leaderboard and covered notes"] leaderboard: Option<bool>,
) -> Result<(), Error> {
    let Some(i) = source(&ctx) else { return Ok(()) };
    let src = Source::Command(i);
    let allowed = i
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild() || p.administrator());
    if !allowed {
        let card = Card::text("Only members with Manage Server can change starprobe's settings.");
        log_send(src.reply(ctx.http(), &card, true).await, "config refusal");
        return Ok(());
    }
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let ephemeral = mode.map(|m| m == Mode::Ephemeral);
    if threshold.is_some_and(|t| t > 100) || probes.is_some_and(|p| p > 5) {
        let card = Card::text("The threshold goes from 0 to 100 and probes from 0 to 5.");
        log_send(src.reply(ctx.http(), &card, true).await, "config error");
        return Ok(());
    }
    log_send(src.defer(ctx.http(), true).await, "deferral");
    let server = guild.get().to_string();
    let defaults = (
        ctx.data().settings.covered_threshold,
        ctx.data().settings.probes_per_session,
    );
    let result = call(ctx.data(), move |e| {
        let mut s: ServerSettings = e.server_settings(&server)?;
        if let Some(c) = &channel {
            s.practice_channel = Some(c.id.get().to_string());
        }
        if let Some(eph) = ephemeral {
            s.ephemeral = eph;
        }
        if threshold.is_some() {
            s.threshold = threshold;
        }
        if probes.is_some() {
            s.probes = probes;
        }
        if let Some(on) = leaderboard {
            s.leaderboard = on;
        }
        e.set_server_settings(&server, &s)?;
        Ok(s)
    })
    .await;
    let card = match result {
        Ok(s) => Card::text(format!(
            "Settings for this server:\n• practice channel: {}\n• sessions: {}\n• covered at: {}/100\n• probes per session: {}\n• leaderboard: {}",
            s.practice_channel
                .as_deref()
                .map_or("the channel /practice is used in".to_string(), |c| format!(
                    "<#{c}>"
                )),
            if s.ephemeral {
                "ephemeral replies"
            } else {
                "private thread per member"
            },
            s.threshold.unwrap_or(defaults.0),
            s.probes.unwrap_or(defaults.1),
            if s.leaderboard { "on" } else { "off" },
        )),
        Err(failure) => failure.card(),
    };
    log_send(src.edit(ctx.http(), &card).await, "config");
    Ok(())
}
