//! The Discord adapter: translates slash commands, buttons, modals and DMs
//! into engine calls, and engine replies into embeds. It holds no interview
//! logic of its own.
//!
//! Built on poise (slash commands, registration, autocomplete) over
//! serenity 0.12; buttons, modals and DM messages are handled from the
//! event hook in `events`. Every send goes through `respond`, which empties
//! `allowed_mentions`.

mod choices;
mod commands;
pub mod config;
mod events;
mod flow;
pub mod ids;
pub mod limits;
pub mod render;
pub mod respond;

pub use config::{ConfigError, Settings};

use crate::bank::Bank;
use crate::engine::{Engine, SystemClock};
use crate::rubric::Rubric;
use crate::store::SledStore;
use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use std::sync::Arc;

/// What every command and event handler can reach.
pub struct Data {
    pub engine: Arc<Engine<SledStore>>,
    pub settings: Settings,
}

/// Errors poise passes to `on_error`. Handlers answer users themselves, so
/// anything reaching poise is only logged.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
type Context<'a> = poise::Context<'a, Data, Error>;

/// A running bot.
pub struct BotHandle {
    engine: Arc<Engine<SledStore>>,
    shard_manager: Arc<serenity::ShardManager>,
    task: tokio::task::JoinHandle<Result<(), serenity::Error>>,
    sweeper: tokio::task::JoinHandle<()>,
}

/// How often idle sessions are put away as abandoned.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Closes idle sessions now and then, so abandoned ones reach history even
/// when their owner never comes back.
fn spawn_sweeper(engine: Arc<Engine<SledStore>>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            let engine = engine.clone();
            match tokio::task::spawn_blocking(move || engine.expire_idle()).await {
                Ok(Ok(closed)) if !closed.is_empty() => {
                    tracing::info!(sessions = closed.len(), "idle sessions closed")
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "could not close idle sessions"),
                Err(e) => tracing::warn!(error = %e, "idle sweep failed"),
            }
        }
    })
}

impl BotHandle {
    /// The engine the bot drives (tests read sled through it).
    pub fn engine(&self) -> &Arc<Engine<SledStore>> {
        &self.engine
    }

    /// Stops every shard, waits for the client, and flushes the store.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        self.sweeper.abort();
        self.shard_manager.shutdown_all().await;
        let result = self.task.await;
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || engine.store().flush())
            .await
            .context("store flush task failed")?
            .context("cannot flush the store")?;
        match result {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(anyhow::anyhow!(
                "the Discord client stopped with an error: {e}"
            )),
            Err(e) => Err(anyhow::anyhow!("the Discord client task failed: {e}")),
        }
    }

    /// Waits until the client stops by itself (it only does on a fatal error).
    pub async fn wait(&mut self) -> anyhow::Result<()> {
        match (&mut self.task).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(anyhow::anyhow!("the Discord client stopped: {e}")),
            Err(e) => Err(anyhow::anyhow!("the Discord client task failed: {e}")),
        }
    }
}

fn on_error(error: poise::FrameworkError<'_, Data, Error>) -> poise::BoxFuture<'_, ()> {
    Box::pin(async move {
        match error {
            poise::FrameworkError::Command { error, ctx, .. } => {
                tracing::error!(command = %ctx.command().name, %error, "command failed");
            }
            other => {
                if let Err(e) = poise::builtins::on_error(other).await {
                    tracing::error!(error = %e, "error while handling an error");
                }
            }
        }
    })
}

/// Opens the store, checks the token with Discord, registers the commands
/// and connects. Returns once the client is running.
pub async fn start(settings: Settings, token: &str) -> anyhow::Result<BotHandle> {
    let token = token.trim();
    if token.is_empty() {
        anyhow::bail!("DISCORD_TOKEN is empty: set it to your bot's token");
    }
    std::fs::create_dir_all(&settings.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            settings.data_dir.display()
        )
    })?;
    let store = SledStore::open(&settings.data_dir).with_context(|| {
        format!(
            "cannot open the data directory {}",
            settings.data_dir.display()
        )
    })?;
    let engine = Arc::new(Engine::new(
        store,
        Bank::embedded()?,
        Rubric::new()?,
        settings.engine_config(),
        Arc::new(SystemClock),
    ));

    let mut http = serenity::HttpBuilder::new(token).default_allowed_mentions(respond::no_pings());
    if let Some(base) = &settings.api_base {
        // `proxy` only takes effect with serenity's rate limiter off.
        http = http.proxy(base.as_str()).ratelimiter_disabled(true);
    }
    let http = http.build();
    match http.get_current_user().await {
        Ok(me) => tracing::info!(bot = %me.name, "token accepted"),
        Err(serenity::Error::Http(e)) if e.status_code().is_some_and(|s| s.as_u16() == 401) => {
            anyhow::bail!("Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN")
        }
        Err(e) => anyhow::bail!("cannot reach Discord to check the token: {e}"),
    }

    let guilds: Vec<serenity::GuildId> = settings
        .guilds
        .iter()
        .map(|&g| serenity::GuildId::new(g))
        .collect();
    let data = Data {
        engine: engine.clone(),
        settings,
    };
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            allowed_mentions: Some(respond::no_pings()),
            on_error,
            event_handler: |framework, event| {
                Box::pin(events::handle(
                    framework.serenity_context,
                    event,
                    framework.user_data,
                ))
            },
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                if guilds.is_empty() {
                    poise::builtins::register_globally(ctx, commands).await?;
                } else {
                    for guild in &guilds {
                        poise::builtins::register_in_guild(ctx, commands, *guild).await?;
                    }
                }
                Ok(data)
            })
        })
        .build();
    // Answers in servers come through modals: no privileged intents needed.
    // DMs carry message content without the message-content intent.
    let intents = serenity::GatewayIntents::GUILDS | serenity::GatewayIntents::DIRECT_MESSAGES;
    let mut client = serenity::ClientBuilder::new_with_http(http, intents)
        .framework(framework)
        .await
        .context("cannot build the Discord client")?;
    let shard_manager = client.shard_manager.clone();
    let task = tokio::spawn(async move { client.start().await });
    Ok(BotHandle {
        sweeper: spawn_sweeper(engine.clone()),
        engine,
        shard_manager,
        task,
    })
}
