//! Reading an answer clause by clause: who acts, what they did, whether it
//! was negated or only imagined, and which numbers could be results.
//!
//! Most evidence lives at clause level, so every signal is computed from the
//! [`Clause`] records built here and each clause counts at most once.

use super::lexicon::{Cue, CueSet, Hit};
use super::text::{TokenKind, Tokens};

/// Who carries the verbs of a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// "I", or a subject-less clause in a first-person answer ("Rewrote the doc").
    I,
    We,
    You,
    /// Someone else: he, she, they, the director, the vendor...
    Other,
    /// No actor could be told.
    Unknown,
}

impl Actor {
    pub fn is_speaker(self) -> bool {
        self == Actor::I
    }
}

/// What one clause says, reduced to what the rubric needs.
#[derive(Debug, Clone)]
pub struct Clause {
    /// Token range.
    pub first: u32,
    pub last: u32,
    /// Byte range in the original text, trimmed to its words.
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    pub actor: Actor,
    /// Cues asserted in the clause.
    pub cues: CueSet,
    /// Cues that sit under a negation ("I never escalated").
    pub negated: CueSet,
    /// Cues under a counterfactual ("I should have escalated").
    pub imagined: CueSet,
    /// Numbers that could measure an outcome (not years, dates, headcounts).
    pub numbers: u8,
    /// Of those, numbers with a unit, percentage or currency.
    pub measured: u8,
    pub words: u16,
    /// Words no lexicon entry explains: the clause's own content.
    pub content: u16,
    /// A string of signal words with nothing they act on.
    pub stuffed: bool,
    /// Repeats an earlier clause word for word.
    pub duplicate: bool,
}

impl Clause {
    pub fn has(&self, cue: Cue) -> bool {
        self.cues.has(cue)
    }

    pub fn any(&self, cues: CueSet) -> bool {
        self.cues.any(cues)
    }

    /// The clause may count as evidence: not stuffed, not a repeat.
    pub fn counts(&self) -> bool {
        !self.stuffed && !self.duplicate
    }
}

/// Cues that describe something done, which a negation or counterfactual
/// undoes. Change verbs are not among them: "stocks never dropped below
/// 30%" still measures an outcome.
const DONE: CueSet = CueSet::of(&[
    Cue::Decisive,
    Cue::Decide,
    Cue::OwnMark,
    Cue::Escalate,
    Cue::Follow,
    Cue::Stick,
    Cue::Friction,
    Cue::Resolution,
    Cue::CustomerAction,
    Cue::QualOutcome,
    Cue::Presence,
    Cue::Risk,
]);

/// Cues that say the speaker is doing something of substance.
pub const SIGNAL_WORDS: CueSet = CueSet::of(&[
    Cue::Decisive,
    Cue::Decide,
    Cue::OwnMark,
    Cue::Escalate,
    Cue::Follow,
    Cue::Friction,
    Cue::Change,
    Cue::Reflect,
    Cue::CustomerAction,
    Cue::LongTerm,
    Cue::Alternative,
]);

const ACTOR_CUES: CueSet = CueSet::of(&[Cue::ActorI, Cue::ActorWe, Cue::ActorYou, Cue::ActorThey]);
const VERBISH: CueSet = CueSet::of(&[
    Cue::Decisive,
    Cue::Decide,
    Cue::Escalate,
    Cue::Presence,
    Cue::Follow,
    Cue::OwnMark,
    Cue::Reflect,
    Cue::CustomerAction,
]);

/// Cues whose numbers are not measurements.
const SLOGAN: CueSet = CueSet::of(&[Cue::Buzz, Cue::Effort]);

/// How far (in tokens) a negation or counterfactual reaches forward.
const NEGATION_REACH: u32 = 4;

/// The clauses of an answer, and facts about the whole.
#[derive(Debug, Default)]
pub struct Reading {
    pub clauses: Vec<Clause>,
    pub sentences: u32,
    pub words: usize,
}

/// Cuts the answer into clauses and reads each one.
pub fn read(text: &str, tokens: &Tokens, hits: &[Hit]) -> Reading {
    let toks = &tokens.tokens;
    // For each token, the hit that starts there (hits never overlap).
    let mut hit_at = vec![u32::MAX; toks.len()];
    let mut covered = vec![CueSet::EMPTY; toks.len()];
    for (i, h) in hits.iter().enumerate() {
        hit_at[h.first as usize] = i as u32;
        for c in &mut covered[h.first as usize..h.last as usize] {
            *c = h.cues;
        }
    }

    let mut bounds: Vec<(u32, u32, u32)> = Vec::new(); // (first, last, sentence)
    let mut sentence = 0u32;
    let mut open: Option<u32> = None;
    let close =
        |open: &mut Option<u32>, at: u32, sentence: u32, bounds: &mut Vec<(u32, u32, u32)>| {
            if let Some(first) = open.take()
                && at > first
            {
                bounds.push((first, at, sentence));
            }
        };
    for (t, tok) in toks.iter().enumerate() {
        let t = t as u32;
        match tok.kind {
            TokenKind::SentenceBreak => {
                close(&mut open, t, sentence, &mut bounds);
                if bounds.last().is_some_and(|b| b.2 == sentence) {
                    sentence += 1;
                }
                continue;
            }
            TokenKind::ClauseBreak => {
                close(&mut open, t, sentence, &mut bounds);
                continue;
            }
            _ => {}
        }
        let hit = hit_at[t as usize];
        // A boundary word splits only a clause that already says something:
        // "I then ran" stays one clause.
        if hit != u32::MAX && open.is_some_and(|first| first + 1 < t) {
            let cues = hits[hit as usize].cues;
            let prev = &toks[t as usize - 1];
            let after_joint = prev.kind == TokenKind::Comma
                || text[prev.start as usize..prev.end as usize].eq_ignore_ascii_case("and");
            // A new subject, or a new verb in a series ("pulled the logs,
            // traced the bug, and rewrote the parser"), opens a clause.
            let new_predicate = after_joint && (cues.any(ACTOR_CUES) || cues.any(VERBISH));
            if cues.has(Cue::Boundary) || new_predicate {
                close(&mut open, t, sentence, &mut bounds);
            }
        }
        if open.is_none() && tok.kind != TokenKind::Comma {
            open = Some(t);
        }
    }
    close(&mut open, toks.len() as u32, sentence, &mut bounds);
    let sentences = bounds.last().map_or(0, |b| b.2 + 1);

    let mut clauses: Vec<Clause> = Vec::with_capacity(bounds.len());
    let mut seen: Vec<u64> = Vec::with_capacity(bounds.len());
    let mut hit_index = 0usize;
    for (first, last, sentence) in bounds {
        while hit_index < hits.len() && hits[hit_index].first < first {
            hit_index += 1;
        }
        let start_hit = hit_index;
        while hit_index < hits.len() && hits[hit_index].first < last {
            hit_index += 1;
        }
        let clause_hits = &hits[start_hit..hit_index];
        let previous = clauses.last().filter(|c| c.sentence == sentence);
        let mut clause = read_clause(text, tokens, &covered, clause_hits, first, last, sentence);
        clause.actor = actor_of(&clause, clause_hits, previous);
        let hash = fingerprint(&tokens.norm, toks, first, last);
        clause.duplicate = clause.words >= 3 && seen.contains(&hash);
        seen.push(hash);
        clauses.push(clause);
    }
    Reading {
        clauses,
        sentences,
        words: tokens.word_count(),
    }
}

fn read_clause(
    text: &str,
    tokens: &Tokens,
    covered: &[CueSet],
    hits: &[Hit],
    first: u32,
    last: u32,
    sentence: u32,
) -> Clause {
    let toks = &tokens.tokens;
    let mut cues = CueSet::EMPTY;
    let mut negated = CueSet::EMPTY;
    let mut imagined = CueSet::EMPTY;
    let mut negation_until = 0u32;
    let mut counterfactual_until = 0u32;
    let mut signal_hits = 0u16;
    let mut explicit_i = 0u16;
    // Where the verb of the latest subject would stand: right after it, or
    // after one adverb ("I then check", "we also pay").
    let mut verb_slot = u32::MAX;
    for h in hits {
        let mut own = h.cues;
        if own.has(Cue::BaseVerb)
            && (h.first == verb_slot || h.first == verb_slot.saturating_add(1))
        {
            own.insert(Cue::Decisive);
        }
        if own.any(ACTOR_CUES) {
            verb_slot = h.last;
            if h.last >= negation_until && is_progressive_action(text, tokens, covered, h.last) {
                cues.insert(Cue::Decisive);
            }
        }
        let done = CueSet(own.0 & DONE.0);
        if h.first < negation_until {
            negated = negated.union(done);
            cues = cues.union(own.minus(DONE));
        } else if h.first < counterfactual_until {
            imagined = imagined.union(done);
            cues = cues.union(own.minus(DONE));
        } else {
            cues = cues.union(own);
        }
        if h.cues.has(Cue::Negation) {
            negation_until = h.last + NEGATION_REACH;
        }
        if h.cues.has(Cue::Counterfactual) {
            counterfactual_until = h.last + NEGATION_REACH;
        }
        if h.cues.any(SIGNAL_WORDS) {
            signal_hits += 1;
        }
        if h.cues.has(Cue::ActorI) {
            explicit_i += 1;
        }
    }

    let mut words = 0u16;
    let mut content = 0u16;
    let mut numbers = 0u8;
    let mut measured = 0u8;
    for t in first..last {
        let tok = &toks[t as usize];
        match tok.kind {
            TokenKind::Word => {
                words += 1;
                if covered[t as usize].is_empty() {
                    content += 1;
                }
            }
            TokenKind::Number => {
                words += 1;
                content += 1;
                // "I give 100%" is a slogan, "80-hour weeks" is effort: not results.
                if covered[t as usize].any(SLOGAN) {
                    continue;
                }
                match number_role(text, tokens, hits, t) {
                    NumberRole::Context => {}
                    NumberRole::Bare => numbers = numbers.saturating_add(1),
                    NumberRole::Measured => {
                        numbers = numbers.saturating_add(1);
                        measured = measured.saturating_add(1);
                    }
                }
            }
            _ => {}
        }
    }
    for h in hits.iter().filter(|h| h.cues.has(Cue::NumberWord)) {
        numbers = numbers.saturating_add(1);
        let next_is_unit = hits
            .iter()
            .any(|n| n.first == h.last && n.cues.has(Cue::Unit));
        if next_is_unit || h.cues.has(Cue::Change) {
            measured = measured.saturating_add(1);
        }
    }

    let stuffed = explicit_i >= 3 && words < explicit_i * 4 || (signal_hits >= 4 && content == 0);
    let (start, end) = trimmed_span(
        text,
        toks[first as usize].start,
        toks[last as usize - 1].end,
    );
    Clause {
        first,
        last,
        start,
        end,
        sentence,
        actor: Actor::Unknown,
        cues,
        negated,
        imagined,
        numbers,
        measured,
        words,
        content,
        stuffed,
        duplicate: false,
    }
}

/// "I was writing", "we were filming": an auxiliary right after the actor,
/// then an `-ing` word the lexicon does not already explain (so "I was
/// helping" stays a presence verb). Spoken and non-native answers tell
/// their steps this way.
fn is_progressive_action(text: &str, tokens: &Tokens, covered: &[CueSet], at: u32) -> bool {
    let toks = &tokens.tokens;
    let word = |i: u32| {
        toks.get(i as usize)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| &text[t.start as usize..t.end as usize])
    };
    let auxiliary = word(at).is_some_and(|w| {
        ["was", "were", "am", "are"]
            .iter()
            .any(|a| w.eq_ignore_ascii_case(a))
    });
    let next = at + 1;
    auxiliary
        && covered.get(next as usize).is_some_and(|c| c.is_empty())
        && word(next).is_some_and(|w| w.len() > 5 && w.to_ascii_lowercase().ends_with("ing"))
}

fn trimmed_span(text: &str, start: u32, end: u32) -> (u32, u32) {
    let slice = &text[start as usize..end as usize];
    let trimmed = slice.trim_end_matches([',', ' ']);
    (start, start + trimmed.len() as u32)
}

/// Who acts: the first subject pronoun; else, for a clause that opens on a
/// verb, the actor before it in the sentence, or the speaker (bullet points
/// and terse answers drop the "I"); else a named party near the start.
fn actor_of(clause: &Clause, hits: &[Hit], previous: Option<&Clause>) -> Actor {
    for h in hits {
        // "my team and I" is the group; a lone "I" is the speaker.
        if h.cues.has(Cue::ActorWe) {
            return Actor::We;
        }
        if h.cues.has(Cue::ActorI) {
            return Actor::I;
        }
        if h.cues.has(Cue::ActorYou) {
            return Actor::You;
        }
        if h.cues.has(Cue::ActorThey) {
            return Actor::Other;
        }
    }
    let opens_on_verb = hits
        .iter()
        .take_while(|h| h.first < clause.first + 2)
        .any(|h| h.cues.any(VERBISH));
    if opens_on_verb {
        return match previous.map(|p| p.actor) {
            Some(actor) if actor != Actor::Unknown => actor,
            _ => Actor::I,
        };
    }
    if hits
        .iter()
        .any(|h| h.cues.has(Cue::Party) && h.first < clause.first + 4)
    {
        return Actor::Other;
    }
    Actor::Unknown
}

enum NumberRole {
    /// A year, a date, a headcount, an ordinal: context, not a result.
    Context,
    Bare,
    /// With a unit, a percentage or a currency.
    Measured,
}

fn number_role(text: &str, tokens: &Tokens, hits: &[Hit], t: u32) -> NumberRole {
    let toks = &tokens.tokens;
    let tok = &toks[t as usize];
    let raw = &text[tok.start as usize..tok.end as usize];
    let digits = raw.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &raw[digits.len()..];
    if matches!(
        suffix.to_ascii_lowercase().as_str(),
        "st" | "nd" | "rd" | "th"
    ) {
        return NumberRole::Context;
    }
    let hit_at = |i: u32| hits.iter().find(|h| h.first == i).map(|h| h.cues);
    let next = hit_at(t + 1).unwrap_or_default();
    let prev = t.checked_sub(1).and_then(hit_at).unwrap_or_default();
    if next.has(Cue::Headcount) || next.has(Cue::Month) || prev.has(Cue::Month) {
        return NumberRole::Context;
    }
    let is_year = suffix.is_empty()
        && digits.len() == 4
        && digits
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2099).contains(&y));
    let next_tok = toks.get(t as usize + 1);
    let next_is_symbol = next_tok.is_some_and(|n| {
        n.kind == TokenKind::Symbol && &text[n.start as usize..n.end as usize] != "/"
    });
    let prev_is_currency = t
        .checked_sub(1)
        .map(|p| &toks[p as usize])
        .is_some_and(|p| {
            p.kind == TokenKind::Symbol
                && matches!(&text[p.start as usize..p.end as usize], "$" | "£" | "€")
        });
    if is_year && !next_is_symbol && !next.has(Cue::Unit) {
        return NumberRole::Context;
    }
    if !suffix.is_empty() || next_is_symbol || prev_is_currency || next.has(Cue::Unit) {
        NumberRole::Measured
    } else {
        NumberRole::Bare
    }
}

/// A stable hash of a clause's normalised words, to spot repeats.
fn fingerprint(norm: &str, toks: &[super::text::Token], first: u32, last: u32) -> u64 {
    let from = toks[first as usize].norm_start as usize;
    let to = toks
        .get(last as usize)
        .map_or(norm.len(), |t| t.norm_start as usize);
    super::text::stable_hash(&norm.as_bytes()[from..to])
}
