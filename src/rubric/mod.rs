//! The rubric: answer text and a principle's weights in, a scorecard with
//! quoted evidence out. Pure and deterministic; knows nothing of prompts,
//! storage or transports.
//!
//! One scan of the answer with the compiled lexicon finds every cue; the
//! rest is bookkeeping over clauses (see `clause`), per-signal rules (see
//! `signals`) and the anti-signal flags (see `flags`).

pub mod advice;
mod clause;
pub mod flags;
pub mod ids;
pub mod lexicon;
mod signals;
pub mod text;

pub use ids::{Band, FlagId, SignalId, UnknownId};

use lexicon::{Hit, Lexicon, LexiconError};
use serde::{Deserialize, Serialize};

/// How much each signal matters for one principle (0 = not listened for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Weights(pub [u8; 11]);

impl Weights {
    pub fn get(&self, id: SignalId) -> u8 {
        self.0[id.index()]
    }

    /// Signals this principle listens for, heaviest first.
    pub fn weighted(&self) -> impl Iterator<Item = SignalId> + '_ {
        SignalId::ALL.into_iter().filter(|&id| self.get(id) > 0)
    }

    fn total(&self) -> u32 {
        self.0.iter().map(|&w| u32::from(w)).sum()
    }
}

/// A quoted piece of the answer: byte range and the exact text there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

/// One signal's score and what earned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalScore {
    pub id: SignalId,
    pub score: u8,
    pub weight: u8,
    pub evidence: Vec<Evidence>,
}

/// One raised flag and what raised it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagScore {
    pub id: FlagId,
    pub evidence: Vec<Evidence>,
}

/// The rubric's verdict on one answer (or one story with its follow-ups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub overall: u8,
    pub band: Band,
    /// All signals, in RUBRIC.md's order.
    pub signals: Vec<SignalScore>,
    pub flags: Vec<FlagScore>,
    /// The weighted signal the follow-up probe should dig into.
    pub weakest: Option<SignalId>,
    pub words: usize,
}

impl Scorecard {
    pub fn signal(&self, id: SignalId) -> &SignalScore {
        &self.signals[id.index()]
    }

    pub fn has_flag(&self, id: FlagId) -> bool {
        self.flags.iter().any(|f| f.id == id)
    }

    /// The one thing to fix next: the worst flag if the text is not a
    /// story, otherwise the weakest signal.
    pub fn suggestion(&self) -> &'static str {
        if self.has_flag(FlagId::OffTopic) {
            return advice::for_flag(FlagId::OffTopic);
        }
        match self.weakest {
            Some(id) if self.signal(id).score >= 4 => advice::ALL_COVERED,
            Some(id) => advice::for_signal(id),
            None => advice::for_flag(FlagId::OffTopic),
        }
    }
}

/// What scoring needs besides the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreOptions {
    /// Words to judge `too_short`/`too_long` on, when the text is a story
    /// plus follow-ups and only the first answer should be held to length.
    pub length_words: Option<usize>,
}

/// The compiled rubric. Build once, score many; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Rubric {
    lexicon: Lexicon,
}

/// Evidence quotes longer than this are cut at a word boundary.
const MAX_QUOTE_BYTES: usize = 220;

impl Rubric {
    /// The rubric with its embedded vocabulary.
    pub fn new() -> Result<Rubric, LexiconError> {
        Ok(Rubric {
            lexicon: Lexicon::embedded()?,
        })
    }

    /// The compiled vocabulary (the benchmark compares against its bare scan).
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Scores one answer for a principle's weights.
    pub fn score(&self, text: &str, weights: &Weights) -> Scorecard {
        self.score_with(text, weights, ScoreOptions::default())
    }

    /// Scores with options (see [`ScoreOptions`]).
    pub fn score_with(&self, text: &str, weights: &Weights, options: ScoreOptions) -> Scorecard {
        let tokens = text::tokenize(text);
        let mut hits: Vec<Hit> = Vec::with_capacity(tokens.tokens.len() / 2);
        self.lexicon.scan(&tokens, &mut hits);
        let reading = clause::read(text, &tokens, &hits);
        let story = signals::Story::new(&reading);

        let quote = |i: usize| evidence_at(text, &reading.clauses[i]);
        let mut signals: Vec<SignalScore> = SignalId::ALL
            .into_iter()
            .map(|id| {
                let finding = story.score(id);
                SignalScore {
                    id,
                    score: finding.score,
                    weight: weights.get(id),
                    evidence: finding.evidence.into_iter().map(quote).collect(),
                }
            })
            .collect();

        let raised = flags::raise(&flags::FlagInput {
            reading: &reading,
            length_words: options.length_words.unwrap_or(reading.words),
            decision_score: signals[SignalId::Decision.index()].score,
        });
        let off_topic = raised.iter().any(|f| f.id == FlagId::OffTopic);
        if off_topic {
            // Not a story: whatever words matched earn no more than a trace.
            for s in &mut signals {
                s.score = s.score.min(1);
            }
        }
        let flags: Vec<FlagScore> = raised
            .into_iter()
            .map(|f| FlagScore {
                id: f.id,
                evidence: f.evidence.into_iter().map(quote).collect(),
            })
            .collect();

        let overall = overall(&signals, weights, &flags);
        Scorecard {
            overall,
            band: Band::for_overall(overall),
            weakest: weakest(&signals),
            signals,
            flags,
            words: reading.words,
        }
    }
}

impl Rubric {
    /// One line per clause: actor, cues and the text. For tuning the
    /// lexicon by eye (`cargo run --example calibrate -- --clauses FILE`).
    #[doc(hidden)]
    pub fn debug_clauses(&self, text: &str) -> String {
        let tokens = text::tokenize(text);
        let mut hits: Vec<Hit> = Vec::new();
        self.lexicon.scan(&tokens, &mut hits);
        let reading = clause::read(text, &tokens, &hits);
        let mut out = String::new();
        for c in &reading.clauses {
            let cues: Vec<String> = (0..64u8)
                .filter(|b| c.cues.0 & (1 << b) != 0)
                .map(|b| lexicon::Cue::name_of_bit(b).to_string())
                .collect();
            let neg: Vec<String> = (0..64u8)
                .filter(|b| c.negated.0 & (1 << b) != 0)
                .map(|b| format!("!{}", lexicon::Cue::name_of_bit(b)))
                .collect();
            out.push_str(&format!(
                "s{} {:?} n{} m{} c{} {}{} | {} {}\n",
                c.sentence,
                c.actor,
                c.numbers,
                c.measured,
                c.content,
                if c.stuffed { "STUFFED " } else { "" },
                if c.duplicate { "DUP " } else { "" },
                cues.join(",") + " " + &neg.join(","),
                &text[c.start as usize..c.end as usize].replace('\n', " ")
            ));
        }
        out
    }
}

/// Weighted mean of the signals as a percentage, minus flag penalties.
fn overall(signals: &[SignalScore], weights: &Weights, flags: &[FlagScore]) -> u8 {
    let total = weights.total();
    if total == 0 {
        return 0;
    }
    let earned: u32 = signals
        .iter()
        .map(|s| u32::from(s.weight) * u32::from(s.score))
        .sum();
    let percent = (earned * 100 + total * 2) / (total * 4);
    let penalty: u32 = flags.iter().map(|f| flags::penalty(f.id)).sum();
    let mut overall = percent.saturating_sub(penalty);
    if flags.iter().any(|f| f.id == FlagId::OffTopic) {
        overall = overall.min(flags::OFF_TOPIC_CAP);
    }
    overall.min(100) as u8
}

/// Lowest score among weighted signals; ties go to the heavier weight, then
/// to RUBRIC.md's order.
fn weakest(signals: &[SignalScore]) -> Option<SignalId> {
    signals
        .iter()
        .filter(|s| s.weight > 0)
        .min_by_key(|s| (s.score, std::cmp::Reverse(s.weight), s.id))
        .map(|s| s.id)
}

fn evidence_at(text: &str, clause: &clause::Clause) -> Evidence {
    let (start, mut end) = (clause.start as usize, clause.end as usize);
    if end - start > MAX_QUOTE_BYTES {
        let mut cut = start + MAX_QUOTE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        end = text[start..cut]
            .rfind(' ')
            .map_or(cut, |space| start + space);
    }
    Evidence {
        start,
        end,
        quote: text[start..end].to_string(),
    }
}
