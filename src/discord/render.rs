//! Engine replies as Discord messages: embeds and buttons, always within
//! Discord's limits. Pure: builds values, sends nothing.

use super::ids::{Action, CustomId};
use super::limits;
use crate::bank::Bank;
use crate::engine::{CoverageLine, Next, Question, Reply, Scored, SignalChange, Summary};
use crate::model::BoardEntry;
use crate::report::{band_label, bar, one_line};
use crate::rubric::{Scorecard, advice};
use poise::serenity_prelude as serenity;
use serenity::{ButtonStyle, CreateButton, CreateEmbed, CreateEmbedFooter};

const ACCENT: u32 = 0x00_5b_8c;

/// An embed as plain text, fitted to Discord's limits when built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Embed {
    pub title: String,
    pub description: String,
    pub fields: Vec<(String, String)>,
    pub footer: Option<String>,
}

impl Embed {
    fn new(title: impl Into<String>, description: impl Into<String>) -> Embed {
        Embed {
            title: title.into(),
            description: description.into(),
            ..Embed::default()
        }
    }

    fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Embed {
        self.fields.push((name.into(), value.into()));
        self
    }

    fn footer(mut self, text: impl Into<String>) -> Embed {
        self.footer = Some(text.into());
        self
    }

    /// Trims every part to its limit, keeps at most 25 fields, and drops
    /// trailing fields until the whole fits in 6,000.
    pub fn fitted(&self) -> Embed {
        let title = limits::trim(&self.title, limits::EMBED_TITLE);
        let description = limits::trim(&self.description, limits::EMBED_DESCRIPTION);
        let footer = self
            .footer
            .as_deref()
            .map(|f| limits::trim(f, limits::FOOTER));
        let mut used = limits::length(&title)
            + limits::length(&description)
            + footer.as_deref().map_or(0, limits::length);
        let mut fields = Vec::new();
        for (name, value) in self.fields.iter().take(limits::FIELDS) {
            let name = limits::trim(
                if name.is_empty() { "\u{200b}" } else { name },
                limits::FIELD_NAME,
            );
            let value = limits::trim(
                if value.is_empty() { "\u{200b}" } else { value },
                limits::FIELD_VALUE,
            );
            let size = limits::length(&name) + limits::length(&value);
            if used + size > limits::EMBED_TOTAL {
                break;
            }
            used += size;
            fields.push((name, value));
        }
        Embed {
            title,
            description,
            fields,
            footer,
        }
    }

    /// The serenity builder for the fitted embed.
    pub fn build(&self) -> CreateEmbed {
        let fitted = self.fitted();
        let mut embed = CreateEmbed::new().colour(ACCENT);
        if !fitted.title.is_empty() {
            embed = embed.title(fitted.title);
        }
        if !fitted.description.is_empty() {
            embed = embed.description(fitted.description);
        }
        for (name, value) in fitted.fields {
            embed = embed.field(name, value, false);
        }
        if let Some(footer) = fitted.footer {
            embed = embed.footer(CreateEmbedFooter::new(footer));
        }
        embed
    }
}

/// A message to send: text, embeds and buttons.
#[derive(Debug, Clone, Default)]
pub struct Card {
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    pub buttons: Vec<CreateButton>,
}

impl Card {
    /// A plain text message.
    pub fn text(text: impl Into<String>) -> Card {
        Card {
            content: Some(text.into()),
            ..Card::default()
        }
    }

    fn embeds(embeds: Vec<Embed>) -> Card {
        Card {
            embeds,
            ..Card::default()
        }
    }
}

fn button(action: Action, owner: u64, label: &str, style: ButtonStyle) -> CreateButton {
    CreateButton::new(CustomId::new(action, owner).to_string())
        .label(label)
        .style(style)
}

/// The Answer button for a question.
pub fn answer_button(owner: u64, follow_up: bool) -> CreateButton {
    let label = if follow_up {
        "Answer follow-up"
    } else {
        "Answer"
    };
    button(Action::Answer, owner, label, ButtonStyle::Primary)
}

/// The Finish button.
pub fn finish_button(owner: u64) -> CreateButton {
    button(Action::Finish, owner, "Finish", ButtonStyle::Secondary)
}

/// The confirm and cancel buttons of `/forget`.
pub fn forget_buttons(owner: u64) -> Vec<CreateButton> {
    vec![
        button(
            Action::Forget,
            owner,
            "Delete everything",
            ButtonStyle::Danger,
        ),
        button(Action::Keep, owner, "Cancel", ButtonStyle::Secondary),
    ]
}

/// A question waiting for its answer.
pub fn question(q: &Question) -> Embed {
    let title = match q.probe {
        Some(signal) => format!(
            "{}: follow-up {}/{} ({})",
            q.title,
            q.probe_number,
            q.max_probes,
            signal.label()
        ),
        None => format!("{}: interview question", q.title),
    };
    let mut notes = Vec::new();
    if q.resumed {
        notes.push("Picking up where you left off.".to_string());
    }
    if let Some(earlier) = q.earlier {
        notes.push(format!("You answered this before: best {earlier}/100."));
    }
    notes.push("Press Answer and write your story (up to 4,000 characters).".to_string());
    Embed::new(title, q.text.clone()).footer(notes.join(" "))
}

/// "Changed: Result 1→3, ..." when anything moved.
fn changes_line(changes: &[SignalChange]) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let changed: Vec<String> = changes
        .iter()
        .map(|c| format!("{} {}→{}", c.id.label(), c.before, c.after))
        .collect();
    Some(format!("Changed: {}", changed.join(", ")))
}

fn scorecard(title: &str, card: &Scorecard, scored: Option<&Scored>) -> Embed {
    let mut description = Vec::new();
    if let Some(s) = scored {
        if let Some(previous) = s.previous {
            description.push(format!("Story so far: {previous} → {}/100", card.overall));
        }
        description.extend(changes_line(&s.changes));
        if let Some(earlier) = s.earlier {
            description.push(format!("Your earlier best on this question: {earlier}/100"));
        }
    }
    let mut embed = Embed::new(
        format!(
            "{}: {}/100 ({})",
            title,
            card.overall,
            band_label(card.band)
        ),
        description.join("\n"),
    );
    let mut weighted: Vec<_> = card.signals.iter().filter(|s| s.weight > 0).collect();
    weighted.sort_by_key(|s| (std::cmp::Reverse(s.weight), s.id));
    for s in weighted {
        let weakest = if Some(s.id) == card.weakest {
            "  ← weakest"
        } else {
            ""
        };
        let name = format!("{} {} {}/4{}", s.id.label(), bar(s.score), s.score, weakest);
        let quotes: Vec<String> = s
            .evidence
            .iter()
            .map(|e| format!("“{}”", limits::trim(&one_line(&e.quote), 300)))
            .collect();
        let value = if quotes.is_empty() {
            "No evidence yet.".to_string()
        } else {
            quotes.join("\n")
        };
        embed = embed.field(name, value);
    }
    if !card.flags.is_empty() {
        let flags: Vec<String> = card
            .flags
            .iter()
            .map(|f| format!("**{}**: {}", f.id, advice::for_flag(f.id)))
            .collect();
        embed = embed.field("Flags", flags.join("\n"));
    }
    embed.field("Next time", card.suggestion())
}

fn summary(s: &Summary) -> Embed {
    let mut lines = Vec::new();
    match (s.first, s.last) {
        (Some(first), Some(last)) => lines.push(format!(
            "Overall: {first} → {last}/100 over {} answer{}",
            s.answers,
            if s.answers == 1 { "" } else { "s" }
        )),
        _ => lines.push("No answer was scored in this session.".to_string()),
    }
    lines.extend(changes_line(&s.changes));
    if let Some((signal, quote)) = &s.strongest {
        lines.push(format!(
            "Strongest: {} “{}”",
            signal.label(),
            limits::trim(&one_line(quote), 300)
        ));
    }
    if let Some(fix) = &s.fix_next {
        lines.push(format!("Fix next: {fix}"));
    }
    if s.covered {
        lines.push(format!("{} is covered ✓", s.title));
    }
    Embed::new(format!("Summary: {}", s.title), lines.join("\n"))
}

/// An engine reply as a message for its owner.
pub fn reply(reply: &Reply, owner: u64) -> Card {
    match reply {
        Reply::Prompt(q) | Reply::Probe(q) => Card {
            embeds: vec![question(q)],
            buttons: vec![
                answer_button(owner, q.probe.is_some()),
                finish_button(owner),
            ],
            content: None,
        },
        Reply::Scored(s) => {
            let mut embeds = vec![scorecard(&s.title, &s.card, Some(s))];
            let buttons = match &s.next {
                Next::Probe(q) => {
                    embeds.push(question(q));
                    vec![answer_button(owner, true), finish_button(owner)]
                }
                Next::Done(done) => {
                    embeds.push(summary(done));
                    Vec::new()
                }
            };
            Card {
                embeds,
                buttons,
                content: None,
            }
        }
        Reply::Summary(s) => Card::embeds(vec![summary(s)]),
        Reply::Status(status) => {
            let mut lines = vec![format!(
                "Covered {} of {} principles.",
                status.covered, status.principles
            )];
            match &status.session {
                Some(s) => lines.push(format!(
                    "In progress: {} ({} answer{} so far). Waiting for: {}",
                    s.waiting_for.title,
                    s.answers,
                    if s.answers == 1 { "" } else { "s" },
                    one_line(&s.waiting_for.text)
                )),
                None => {
                    lines.push("No interview in progress: start one with /practice.".to_string())
                }
            }
            Card::embeds(vec![Embed::new("Your practice", lines.join("\n"))])
        }
    }
}

/// The summary of a session that just ended, if the reply carries one.
pub fn finished(reply: &Reply) -> Option<&Summary> {
    match reply {
        Reply::Summary(s) => Some(s),
        Reply::Scored(s) => match &s.next {
            Next::Done(done) => Some(done),
            Next::Probe(_) => None,
        },
        _ => None,
    }
}

/// A member's coverage: principles and best scores, never answer text.
pub fn coverage(name: &str, lines: &[CoverageLine], threshold: u8) -> Card {
    let covered = lines
        .iter()
        .filter(|l| l.row.as_ref().is_some_and(|r| r.best >= threshold))
        .count();
    let mut embed = Embed::new(
        format!("{name}: {covered} of {} principles covered", lines.len()),
        format!("Covered means a best overall of {threshold} or more."),
    );
    let rows: Vec<String> = lines
        .iter()
        .map(|l| match &l.row {
            Some(r) => format!(
                "{} {}: best {}/100, {} attempt{}",
                if r.best >= threshold { "✓" } else { "·" },
                l.title,
                r.best,
                r.attempts,
                if r.attempts == 1 { "" } else { "s" }
            ),
            None => format!("· {}: not practised", l.title),
        })
        .collect();
    embed = embed.field("Principles", rows.join("\n"));
    Card::embeds(vec![embed])
}

/// A server's leaderboard: names, counts and scores only.
pub fn leaderboard(entries: &[BoardEntry], weekly: bool) -> Card {
    let title = if weekly {
        "Leaderboard: this week"
    } else {
        "Leaderboard: all time"
    };
    if entries.is_empty() {
        return Card::embeds(vec![Embed::new(
            title,
            "Nobody has covered a principle yet. Start with /practice.",
        )]);
    }
    let rows: Vec<String> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            format!(
                "{}. {}: {} covered, mean best {:.1}",
                i + 1,
                limits::trim(&e.name, 64),
                e.rank.covered,
                f64::from(e.rank.mean_centi) / 100.0
            )
        })
        .collect();
    Card::embeds(vec![Embed::new(title, rows.join("\n"))])
}

/// `/principles`: every principle and what it means.
pub fn principles(bank: &Bank) -> Card {
    let mut embed = Embed::new(
        "The principles",
        "Practise one with `/practice principle:<id>`, or let starprobe pick the one you need most.",
    );
    for p in bank.principles() {
        embed = embed.field(format!("{} (`{}`)", p.title, p.id), p.meaning.clone());
    }
    Card::embeds(vec![embed])
}

/// `/privacy`: what is kept and who sees it.
pub fn privacy() -> Card {
    Card::embeds(vec![Embed::new(
        "Privacy",
        "starprobe keeps your answers, their scorecards and your best score per principle, \
         so it can show your progress. Your answers are shown only to you: in servers every \
         scorecard that quotes them is an ephemeral reply only you can see, and the \
         leaderboard and /stats show names, counts and scores, never answer text. Use /export to download everything \
         kept about you, and /forget to delete all of it, everywhere, for good.",
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_embed_is_fitted_to_discord_limits() {
        let mut embed = Embed::new("t".repeat(500), "d".repeat(5000));
        for i in 0..40 {
            embed = embed.field(format!("field {i}"), "v ".repeat(900));
        }
        let fitted = embed.fitted();
        assert!(limits::length(&fitted.title) <= limits::EMBED_TITLE);
        assert!(limits::length(&fitted.description) <= limits::EMBED_DESCRIPTION);
        assert!(fitted.fields.len() <= limits::FIELDS);
        let total: usize = limits::length(&fitted.title)
            + limits::length(&fitted.description)
            + fitted
                .fields
                .iter()
                .map(|(n, v)| limits::length(n) + limits::length(v))
                .sum::<usize>();
        assert!(total <= limits::EMBED_TOTAL);
        assert!(
            fitted
                .fields
                .iter()
                .all(|(_, v)| limits::length(v) <= limits::FIELD_VALUE)
        );
    }
}
