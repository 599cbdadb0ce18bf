//! `starprobe forget`: delete everything stored about the local user,
//! after a typed confirmation unless `--yes`.

use super::local::Local;
use clap::Args;
use starprobe::bank::Bank;
use std::io::{BufRead, Write};

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    local: Local,
}

pub fn run(bank: Bank, args: ForgetArgs) -> anyhow::Result<()> {
    let user = &args.local.user;
    if !args.yes {
        print!(
            "This deletes every session, score and leaderboard entry of `{user}` in {}.\nType `yes` to confirm: ",
            args.local.dir()?.display()
        );
        std::io::stdout().flush()?;
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        if line.trim() != "yes" {
            anyhow::bail!("not confirmed; nothing was deleted");
        }
    }
    let engine = args.local.engine(bank)?;
    engine.forget(user).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Forgot `{user}`.");
    Ok(())
}
