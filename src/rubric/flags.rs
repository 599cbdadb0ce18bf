//! The anti-signals of RUBRIC.md: what lowers an answer whatever it contains.

use super::clause::{Actor, Clause, Reading};
use super::ids::FlagId;
use super::lexicon::{Cue, CueSet};

/// Below this many words an answer cannot carry a whole story.
pub const TOO_SHORT_WORDS: usize = 120;
/// Past this, about three minutes spoken: the listener has lost the thread.
pub const TOO_LONG_WORDS: usize = 450;

/// A raised flag and the clauses that raised it (empty for length flags).
#[derive(Debug, Clone)]
pub struct Raised {
    pub id: FlagId,
    pub evidence: Vec<usize>,
}

/// Points each flag takes off `overall`. `off_topic` instead caps it.
pub fn penalty(id: FlagId) -> u32 {
    match id {
        FlagId::WeDominance => 8,
        FlagId::Blame => 8,
        FlagId::Buzzwords => 5,
        FlagId::Hedging => 5,
        FlagId::EffortOnly => 6,
        FlagId::Heroics => 5,
        FlagId::TooShort => 10,
        FlagId::TooLong => 8,
        FlagId::OffTopic => 0,
    }
}

/// The highest `overall` an off-topic text can get.
pub const OFF_TOPIC_CAP: u32 = 5;

/// Everything the flags need beyond the clauses.
pub struct FlagInput<'a> {
    pub reading: &'a Reading,
    /// Words counted for the length flags (the first answer of a story).
    pub length_words: usize,
    pub decision_score: u8,
}

/// Raises every flag the answer earns, in RUBRIC.md's order.
pub fn raise(input: &FlagInput<'_>) -> Vec<Raised> {
    let clauses = &input.reading.clauses;
    let with = |cue: Cue| -> Vec<usize> {
        clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.has(cue))
            .map(|(i, _)| i)
            .collect()
    };
    let mut raised = Vec::new();
    let mut push = |id: FlagId, evidence: Vec<usize>| raised.push(Raised { id, evidence });

    const DOING: CueSet = CueSet::of(&[
        Cue::Decisive,
        Cue::Decide,
        Cue::Presence,
        Cue::Escalate,
        Cue::Follow,
        Cue::OwnMark,
    ]);
    let acting = |actor: Actor| -> Vec<usize> {
        clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.counts() && c.actor == actor && c.any(DOING))
            .map(|(i, _)| i)
            .collect()
    };
    let ours = acting(Actor::We);
    let mine = acting(Actor::I);
    if ours.len() >= 3 && ours.len() > mine.len() {
        push(FlagId::WeDominance, ours.into_iter().take(2).collect());
    }

    let blame: Vec<usize> = with(Cue::Blame)
        .into_iter()
        .filter(|&i| clauses[i].actor != Actor::I || !clauses[i].has(Cue::MentionI))
        .collect();
    if !blame.is_empty() {
        push(FlagId::Blame, blame.into_iter().take(2).collect());
    }
    let buzz = with(Cue::Buzz);
    if buzz.len() >= 2 {
        push(FlagId::Buzzwords, buzz.into_iter().take(3).collect());
    }
    let hedges = with(Cue::Hedge);
    if hedges.len() >= 2 && hedges.len() * 100 >= input.reading.words {
        push(FlagId::Hedging, hedges.into_iter().take(3).collect());
    }
    let effort = with(Cue::Effort);
    if !effort.is_empty() && input.decision_score <= 1 {
        push(FlagId::EffortOnly, effort.into_iter().take(2).collect());
    }
    let heroics = with(Cue::Heroics);
    if !heroics.is_empty() {
        push(FlagId::Heroics, heroics.into_iter().take(2).collect());
    }
    if input.length_words < TOO_SHORT_WORDS {
        push(FlagId::TooShort, Vec::new());
    }
    if input.length_words > TOO_LONG_WORDS {
        push(FlagId::TooLong, Vec::new());
    }
    if let Some(evidence) = off_topic(clauses, input.reading.words) {
        push(FlagId::OffTopic, evidence);
    }
    raised
}

/// Words that place a text at work: the trade, its people, its stakes.
const WORK_CONTEXT: CueSet = CueSet::of(&[Cue::Work, Cue::Customer, Cue::Party, Cue::Stakes]);

/// Not a story of the speaker's own work: advice, a question, someone
/// else's feat, a review or recipe, a list of numbers, a string of résumé
/// words, stuffed or repeated text. Returns the clauses that show it.
fn off_topic(clauses: &[Clause], words: usize) -> Option<Vec<usize>> {
    let total = clauses.len().max(1);
    let count = |f: &dyn Fn(&Clause) -> bool| clauses.iter().filter(|c| f(c)).count();
    let first =
        |f: &dyn Fn(&Clause) -> bool| clauses.iter().position(f).into_iter().collect::<Vec<_>>();

    let explicit_i = count(&|c| c.has(Cue::ActorI) && c.counts());
    let speaker = count(&|c| c.actor == Actor::I && c.counts());
    let you = count(&|c| c.actor == Actor::You);
    let other = count(&|c| c.actor == Actor::Other);
    let stuffed = count(&|c| c.stuffed);
    let repeated = count(&|c| c.duplicate);
    let number_lines = count(&|c| c.numbers > 0 && c.words <= 8);
    let work = count(&|c| c.any(WORK_CONTEXT));
    let not_work = count(&|c| c.has(Cue::NotWork));
    let question = count(&|c| c.has(Cue::Question));

    if words < 8 {
        return Some(Vec::new());
    }
    if stuffed >= 2 || stuffed * 4 >= total {
        return Some(first(&|c| c.stuffed));
    }
    if repeated * 10 >= total * 3 {
        return Some(first(&|c| c.duplicate));
    }
    if you > explicit_i.max(1) || (question >= 1 && explicit_i < 3) {
        return Some(first(&|c| c.actor == Actor::You || c.has(Cue::Question)));
    }
    // "We" and dropped-subject bullets are still the speaker's story (weak
    // ones, which the signals judge); a text with little first person is not.
    let first_person = count(&|c| matches!(c.actor, Actor::I | Actor::We) || c.has(Cue::MentionI));
    if speaker + first_person < 3 || first_person * 4 < total {
        return Some(first(&|c| {
            c.actor == Actor::Other || c.actor == Actor::Unknown
        }));
    }
    if other >= 4 && other > 2 * speaker {
        return Some(first(&|c| c.actor == Actor::Other));
    }
    if (not_work >= 3 && not_work * 2 >= work.max(1)) || (work == 0 && words >= 40) {
        return Some(first(&|c| c.has(Cue::NotWork)));
    }
    let buzz = count(&|c| c.has(Cue::Buzz));
    if buzz >= 4 && buzz * 2 >= total {
        return Some(first(&|c| c.has(Cue::Buzz)));
    }
    if number_lines >= 4 && number_lines * 2 >= total {
        return Some(first(&|c| c.numbers > 0));
    }
    None
}
