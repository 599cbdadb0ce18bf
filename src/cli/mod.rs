//! The command line: argument parsing and one module per subcommand.
//! Commands translate between the terminal and the core, nothing more.

mod bot;
mod coverage;
mod export;
mod forget;
mod history;
mod input;
mod local;
mod practice;
mod render;
mod score;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Behavioral mock interviews with an explainable rubric.
#[derive(Debug, Parser)]
#[command(name = "starprobe", version, about)]
pub struct Cli {
    /// Load prompt files from this folder instead of the embedded bank.
    #[arg(long, global = true, value_name = "DIR")]
    pub prompts: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a mock interview in the terminal (the default way to use starprobe).
    Practice(practice::PracticeArgs),
    /// List your past sessions.
    History(local::Local),
    /// Show which principles you have covered.
    Coverage(local::Local),
    /// Print everything stored about you (JSON, or Markdown with --markdown).
    Export(export::ExportArgs),
    /// Delete everything stored about you.
    Forget(forget::ForgetArgs),
    /// Score a written answer and print the scorecard.
    Score(score::ScoreArgs),
    /// Run the Discord bot (token from DISCORD_TOKEN).
    Bot(bot::BotArgs),
    /// List the principles in the prompt bank.
    Principles,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let bank = match &cli.prompts {
        Some(dir) => starprobe::bank::Bank::load_dir(dir)?,
        None => starprobe::bank::Bank::embedded()?,
    };
    match cli.command {
        Command::Practice(args) => practice::run(bank, args),
        Command::History(local) => history::run(bank, local),
        Command::Coverage(local) => coverage::run(bank, local),
        Command::Export(args) => export::run(bank, args),
        Command::Forget(args) => forget::run(bank, args),
        Command::Score(args) => score::run(&bank, args),
        Command::Bot(args) => bot::run(args),
        Command::Principles => {
            for p in bank.principles() {
                println!("{:<46} {}", p.id, p.meaning);
            }
            Ok(())
        }
    }
}
