//! Engine replies as terminal text.

use starprobe::bank::Bank;
use starprobe::engine::{Next, Question, Reply, SignalChange, Status, Summary};
use starprobe::report;
use std::fmt::Write as _;

/// How to finish an answer, said once per question.
pub const HOW_TO_ANSWER: &str = "(Type your answer; blank lines are kept. Finish with a line holding only `.` or press Ctrl-D. Commands: /skip /end /status)";

fn changes(out: &mut String, changes: &[SignalChange]) {
    let moved: Vec<String> = changes
        .iter()
        .filter(|c| c.before != c.after)
        .map(|c| format!("{} {}→{}", c.id.label(), c.before, c.after))
        .collect();
    if moved.is_empty() {
        let _ = writeln!(out, "No signal moved.");
    } else {
        let _ = writeln!(out, "Changed: {}", moved.join(", "));
    }
}

/// A question.
pub fn question(q: &Question) -> String {
    let mut out = String::new();
    if q.probe.is_none() {
        let _ = writeln!(out, "\n── {} ── prompt {}", q.title, q.prompt_id);
    }
    if q.resumed {
        let _ = writeln!(out, "(Resuming your session in progress.)");
    }
    if let Some(earlier) = q.earlier {
        let _ = writeln!(
            out,
            "(A retry: your earlier best on this prompt was {earlier}/100.)"
        );
    }
    match q.probe {
        None => {
            let _ = writeln!(out, "\nQ: {}", q.text);
        }
        Some(signal) => {
            let _ = writeln!(
                out,
                "\nFollow-up {}/{} ({}): {}",
                q.probe_number,
                q.max_probes,
                signal.label(),
                q.text
            );
        }
    }
    let _ = writeln!(out, "{HOW_TO_ANSWER}");
    out
}

/// A session's summary.
pub fn summary(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n══ Summary: {} ({}) ══", s.title, s.outcome.label());
    match (s.first, s.last) {
        (Some(first), Some(last)) => {
            let _ = writeln!(
                out,
                "Overall: {first} → {last}/100 over {} answers",
                s.answers
            );
            changes(&mut out, &s.changes);
            if let Some((signal, quote)) = &s.strongest {
                let _ = writeln!(
                    out,
                    "Strongest: {} — “{}”",
                    signal.label(),
                    report::one_line(quote)
                );
            }
            if let Some(fix) = &s.fix_next {
                let _ = writeln!(out, "Fix next: {fix}");
            }
            if let Some(earlier) = s.earlier {
                let _ = writeln!(
                    out,
                    "Against your earlier best on this prompt: {earlier} → {last}"
                );
            }
            let _ = writeln!(
                out,
                "{}",
                if s.covered {
                    "Principle covered ✓"
                } else {
                    "Not covered yet."
                }
            );
        }
        _ => {
            let _ = writeln!(out, "No answer was given.");
        }
    }
    out
}

fn status(s: &Status) -> String {
    let mut out = String::new();
    match &s.session {
        Some(session) => {
            let _ = writeln!(
                out,
                "In progress: {} (prompt {}), {} answer(s), overall {}",
                session.waiting_for.title,
                session.waiting_for.prompt_id,
                session.answers,
                session
                    .overall
                    .map_or("-".to_string(), |o| format!("{o}/100"))
            );
            let _ = writeln!(out, "Waiting for: {}", session.waiting_for.text);
        }
        None => {
            let _ = writeln!(out, "No session in progress.");
        }
    }
    let _ = writeln!(out, "Covered: {} of {} principles", s.covered, s.principles);
    out
}

/// Any reply.
pub fn reply(bank: &Bank, reply: &Reply) -> String {
    match reply {
        Reply::Prompt(q) | Reply::Probe(q) => question(q),
        Reply::Summary(s) => summary(s),
        Reply::Status(s) => status(s),
        Reply::Scored(scored) => {
            let mut out = String::from("\n");
            if let Some(p) = bank.get(&scored.principle) {
                out.push_str(&report::terminal(p, &scored.card, None));
            }
            if let Some(previous) = scored.previous {
                let _ = writeln!(
                    out,
                    "Story so far: {previous} → {}/100",
                    scored.card.overall
                );
                changes(&mut out, &scored.changes);
            }
            if let (Some(earlier), None) = (scored.earlier, scored.previous) {
                let _ = writeln!(
                    out,
                    "Against your earlier best on this prompt: {earlier} → {}",
                    scored.card.overall
                );
            }
            match &scored.next {
                Next::Probe(q) => out.push_str(&question(q)),
                Next::Done(s) => out.push_str(&summary(s)),
            }
            out
        }
    }
}
