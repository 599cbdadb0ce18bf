//! The one concrete suggestion a scorecard ends on. Wording is ours; each
//! line says what to add, not what was wrong.

use super::ids::{FlagId, SignalId};

/// When every weighted signal is at full marks.
pub const ALL_COVERED: &str = "Every signal this principle weighs is there. Keep it this tight, and be ready for the follow-up.";

/// What to add to the story when this signal is the weakest.
pub fn for_signal(id: SignalId) -> &'static str {
    match id {
        SignalId::Situation => {
            "Open with the stakes in one or two sentences: what was at risk, for whom, and by when."
        }
        SignalId::Ownership => {
            "Draw the line between your part and the team's: say \"I owned ...\" and name what others handled."
        }
        SignalId::Action => {
            "Replace presence verbs (helped, supported, aligned) with the steps you took yourself: what you noticed, rewrote, cut or reset."
        }
        SignalId::Decision => {
            "Name the decision point: the options you had, the one you chose, and what you gave up by choosing it."
        }
        SignalId::Conflict => {
            "Say who pushed back or what risk threatened the plan, and what you did about it."
        }
        SignalId::Result => {
            "Put a number on the outcome, ideally before and after: time saved, errors cut, revenue kept, people reached."
        }
        SignalId::Reflection => {
            "End with a lesson that changed what you do now, or a mistake you own and how you avoid it since."
        }
        SignalId::Escalation => {
            "Say when you raised the risk, to whom, and what specific help or decision you asked for."
        }
        SignalId::FollowThrough => {
            "Show what happened after the fix: how you checked it held, and what you put in place so it stuck."
        }
        SignalId::Customer => {
            "Name the customer and how the problem or the fix reached them, in their terms."
        }
        SignalId::LongTerm => {
            "Say which short-term win you gave up for the long-term fix, and why it was worth it."
        }
    }
}

/// What to change when this flag is raised.
pub fn for_flag(id: FlagId) -> &'static str {
    match id {
        FlagId::WeDominance => "Say \"I\" for what you did; \"we\" hides your part.",
        FlagId::Blame => "Describe the obstacle as a problem you worked, not a person who failed.",
        FlagId::Buzzwords => {
            "Cut the résumé words; let a specific action show the quality instead."
        }
        FlagId::Hedging => "Drop the hedges (kind of, tried to, I think): say what you did.",
        FlagId::EffortOnly => "Hours worked are not a decision: say what you chose and why.",
        FlagId::Heroics => "Credit the people around you; show judgement rather than rescue.",
        FlagId::TooShort => {
            "Too short to carry a story: add the stakes, your steps and the result."
        }
        FlagId::TooLong => "Past three minutes spoken: cut the preamble and keep the evidence.",
        FlagId::OffTopic => {
            "Tell one real story from your own work, in the first person: what you did and what changed."
        }
    }
}
