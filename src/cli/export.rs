//! `starprobe export`: everything stored about the local user, as JSON or
//! as a readable Markdown transcript.

use super::local::Local;
use clap::Args;
use starprobe::bank::Bank;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A readable Markdown transcript instead of JSON.
    #[arg(long)]
    markdown: bool,
    #[command(flatten)]
    local: Local,
}

pub fn run(bank: Bank, args: ExportArgs) -> anyhow::Result<()> {
    let engine = args.local.engine(bank)?;
    let data = engine
        .export(&args.local.user)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = std::io::stdout().lock();
    if args.markdown {
        write!(out, "{}", starprobe::transcript::markdown(&data))?;
    } else {
        serde_json::to_writer_pretty(&mut out, &data)?;
        writeln!(out)?;
    }
    Ok(())
}
