//! `starprobe history`: the local user's closed sessions, one a line.

use super::local::Local;
use starprobe::bank::Bank;
use starprobe::transcript::date_time;
use std::io::Write;

pub fn run(bank: Bank, local: Local) -> anyhow::Result<()> {
    let engine = local.engine(bank)?;
    let history = engine
        .history(&local.user)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = std::io::stdout().lock();
    if history.is_empty() {
        writeln!(out, "No sessions yet: run `starprobe practice`.")?;
    }
    for s in &history {
        let scores = match (s.turns.first(), s.turns.last()) {
            (Some(a), Some(b)) => format!("{} → {}", a.card.overall, b.card.overall),
            _ => "-".to_string(),
        };
        writeln!(
            out,
            "{}  {:<30} {:<28} {:<12} {}",
            date_time(s.started_at),
            s.principle,
            s.prompt_id,
            s.outcome.label(),
            scores
        )?;
    }
    Ok(())
}
