//! `starprobe coverage`: every principle, the best score on it, and whether
//! it is covered.

use super::local::Local;
use starprobe::bank::Bank;
use starprobe::transcript::date_time;
use std::io::Write;

pub fn run(bank: Bank, local: Local) -> anyhow::Result<()> {
    let engine = local.engine(bank)?;
    let lines = engine
        .coverage(&local.user)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let covered = lines.iter().filter(|l| l.covered).count();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Covered {covered} of {} principles (best overall ≥ {}).\n",
        lines.len(),
        engine.config().cover_threshold
    )?;
    for line in &lines {
        let detail = match &line.row {
            Some(r) => format!(
                "best {:>3}  attempts {:>2}  last {}",
                r.best,
                r.attempts,
                date_time(r.last_practised)
            ),
            None => "never practised".to_string(),
        };
        let mark = if line.covered { "✓" } else { " " };
        writeln!(out, "{mark} {:<30} {detail}", line.principle)?;
    }
    Ok(())
}
