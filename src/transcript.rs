//! A user's history as a Markdown document a person can read: every
//! question, every answer, and the scores, session by session. The JSON
//! export is the store's [`UserData`] as is; this is its readable twin.

use crate::model::{Millis, Session};
use crate::store::UserData;
use std::fmt::Write as _;

/// `YYYY-MM-DD HH:MM` (UTC) for a time in milliseconds.
pub fn date_time(at: Millis) -> String {
    let secs = at / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil-from-days, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

fn session(out: &mut String, s: &Session) {
    let _ = writeln!(
        out,
        "## {} — {} ({})\n",
        date_time(s.started_at),
        s.principle,
        s.outcome.label()
    );
    let _ = writeln!(out, "Prompt `{}`.\n", s.prompt_id);
    for turn in &s.turns {
        let label = match turn.probe {
            None => "Question".to_string(),
            Some(signal) => format!("Follow-up on {}", signal.label()),
        };
        let _ = writeln!(out, "**{label}:** {}\n", turn.question);
        for line in turn.answer.lines() {
            let _ = writeln!(out, "> {line}");
        }
        let _ = writeln!(
            out,
            "\nScore so far: {}/100 ({}).\n",
            turn.card.overall, turn.card.band
        );
    }
    if let Some(p) = &s.pending {
        let _ = writeln!(out, "**Waiting for an answer to:** {}\n", p.text);
    }
}

/// The whole history as Markdown.
pub fn markdown(data: &UserData) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# starprobe history of `{}`\n", data.user);
    if data.coverage.is_empty() {
        let _ = writeln!(out, "No principle practised yet.\n");
    } else {
        let _ = writeln!(out, "| principle | best | attempts | last practised |");
        let _ = writeln!(out, "|---|---|---|---|");
        for c in &data.coverage {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                c.principle,
                c.best,
                c.attempts,
                date_time(c.last_practised)
            );
        }
        let _ = writeln!(out);
    }
    for s in data.history.iter().chain(&data.active) {
        session(&mut out, s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(date_time(0), "1970-01-01 00:00");
        assert_eq!(date_time(1_795_392_000_000 + 61_000), "2026-11-23 00:01");
        assert_eq!(date_time(951_782_400_000), "2000-02-29 00:00");
    }
}
