//! `starprobe bot`: run the Discord bot until SIGINT or SIGTERM.

use anyhow::Context;
use clap::Args;
use starprobe::discord::{self, config};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BotArgs {
    /// The configuration file (see config.example.toml). Optional unless named.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: BotArgs) -> anyhow::Result<()> {
    let (path, required) = match args.config {
        Some(path) => (path, true),
        None => (PathBuf::from("config.toml"), false),
    };
    let settings = config::load(&path, required)?;
    let token = std::env::var("DISCORD_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
        .context("DISCORD_TOKEN is not set: export your bot's token in the environment (never in a file)")?;
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log).with_context(|| {
        format!(
            "{}: `log` is not a valid filter: {}",
            path.display(),
            settings.log
        )
    })?;
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let mut bot = discord::start(settings, &token).await?;
        tokio::select! {
            result = bot.wait() => result,
            signal = shutdown_signal() => {
                signal?;
                tracing::info!("shutting down");
                bot.shutdown().await
            }
        }
    })
}

/// SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot listen for SIGTERM")?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.context("cannot listen for SIGINT"),
        _ = term.recv() => Ok(()),
    }
}
