//! Behaviour of the rubric that a user would notice, one rule at a time.

mod common;

use common::{Scorer, summary};
use starprobe::rubric::{FlagId, SignalId};

const OWNERSHIP: &str = "ownership";

/// A plain first-person frame so single sentences are read as a story.
fn story(middle: &str) -> String {
    format!(
        "Last spring I ran the billing migration for our payments team, two weeks before the contract renewal with our largest client. {middle} I wrote up what happened for the team."
    )
}

#[test]
fn escalation_that_never_happened_earns_nothing() {
    let scorer = Scorer::new();
    let never = scorer.score(
        OWNERSHIP,
        &story("I never escalated the risk to my director, and I kept patching it myself."),
    );
    let did = scorer.score(
        OWNERSHIP,
        &story("On day two I escalated the risk to my director with a recommendation to move the cutover by a week."),
    );
    assert_eq!(
        never.signal(SignalId::Escalation).score,
        0,
        "{}",
        summary(&never)
    );
    assert!(
        did.signal(SignalId::Escalation).score >= 3,
        "{}",
        summary(&did)
    );
}

#[test]
fn should_have_is_reflection_not_the_deed() {
    let scorer = Scorer::new();
    let card = scorer.score(
        OWNERSHIP,
        &story("I should have escalated the slipping vendor date much earlier. Since then I raise a dependency risk on the first day it slips."),
    );
    assert_eq!(
        card.signal(SignalId::Escalation).score,
        0,
        "{}",
        summary(&card)
    );
    assert!(
        card.signal(SignalId::Reflection).score >= 2,
        "{}",
        summary(&card)
    );
}

#[test]
fn a_year_or_a_team_size_is_context_not_a_result() {
    let scorer = Scorer::new();
    let context = scorer.score(
        "deliver-results",
        &story("In 2019 I managed a team of 12 engineers and I reorganised the on-call rota."),
    );
    let measured = scorer.score(
        "deliver-results",
        &story("I rewrote the retry logic and failed payments dropped from 4.1% to 0.6% within a month."),
    );
    assert_eq!(
        context.signal(SignalId::Result).score,
        0,
        "{}",
        summary(&context)
    );
    assert!(
        measured.signal(SignalId::Result).score >= 3,
        "{}",
        summary(&measured)
    );
}

#[test]
fn a_decision_needs_its_alternative_to_score_well() {
    let scorer = Scorer::new();
    let bare = scorer.score(
        "have-backbone",
        &story("I decided to ship the migration on Friday."),
    );
    let weighed = scorer.score(
        "have-backbone",
        &story("I decided to ship on Friday with the export feature cut, rather than slip the whole release, because the client's renewal depended on the new invoices."),
    );
    assert!(
        bare.signal(SignalId::Decision).score <= 1,
        "{}",
        summary(&bare)
    );
    assert!(
        weighed.signal(SignalId::Decision).score >= 3,
        "{}",
        summary(&weighed)
    );
}

#[test]
fn conflict_needs_a_party_or_a_risk() {
    let scorer = Scorer::new();
    let vague = scorer.score(
        "have-backbone",
        &story("There was some friction along the way."),
    );
    let real = scorer.score(
        "have-backbone",
        &story("The finance director disagreed and pushed back hard on the date. I showed her the defect data from the dry run, and she agreed to a one-week slip."),
    );
    assert!(
        vague.signal(SignalId::Conflict).score <= 1,
        "{}",
        summary(&vague)
    );
    assert_eq!(
        real.signal(SignalId::Conflict).score,
        4,
        "{}",
        summary(&real)
    );
}

#[test]
fn repeating_a_strong_sentence_does_not_raise_the_score() {
    let scorer = Scorer::new();
    let base = story(
        "The vendor's API was timing out, so I added a queue and moved the batch to night hours. Errors fell from 300 a day to 12.",
    );
    let once = scorer.score(OWNERSHIP, &base);
    let padded = format!(
        "{base} {}",
        "I owned the decision and cut costs by 30%. ".repeat(10)
    );
    let repeated = scorer.score(OWNERSHIP, &padded);
    assert!(
        repeated.overall <= once.overall,
        "once {} / repeated {}",
        summary(&once),
        summary(&repeated)
    );
}

#[test]
fn advice_in_the_second_person_is_off_topic() {
    let scorer = Scorer::new();
    let card = scorer.score(
        OWNERSHIP,
        "You should always own the outcome. When a project slips, you escalate early with a recommendation, you decide rather than wait, you measure the result and you reflect on what you would do differently. Great candidates take ownership and cut scope instead of delaying.",
    );
    assert!(card.has_flag(FlagId::OffTopic), "{}", summary(&card));
    assert!(card.overall <= 5);
}

#[test]
fn presence_verbs_do_not_count_as_action() {
    let scorer = Scorer::new();
    let presence = scorer.score(
        "dive-deep",
        &story("I helped with the analysis, supported the data team and was involved in aligning on the fix."),
    );
    let decisive = scorer.score(
        "dive-deep",
        &story("I pulled six months of failed invoices, traced the duplicates to a timezone bug, and rewrote the date parser."),
    );
    let frame_only = scorer.score("dive-deep", &story(""));
    let action = |card: &starprobe::rubric::Scorecard| card.signal(SignalId::Action).score;
    assert!(
        action(&presence) <= action(&frame_only),
        "{}",
        summary(&presence)
    );
    assert!(
        action(&decisive) > action(&presence),
        "{}",
        summary(&decisive)
    );
}

#[test]
fn we_carrying_every_verb_is_flagged() {
    let scorer = Scorer::new();
    let card = scorer.score(
        OWNERSHIP,
        "Our team noticed the billing jobs were failing. We investigated the logs and we found a timezone bug. We rewrote the parser, we tested it over a weekend, and we shipped the fix on Monday. We also set up a dashboard. After that we reviewed the alerts weekly and we documented the runbook for the support team so they could handle it.",
    );
    assert!(card.has_flag(FlagId::WeDominance), "{}", summary(&card));
}

#[test]
fn scoring_is_deterministic_and_quotes_the_answer_exactly() {
    let scorer = Scorer::new();
    let text = story(
        "I escalated to my director on day two; we cut p99 from 2.5 s to 400 ms — a “huge” win.",
    );
    let first = scorer.score(OWNERSHIP, &text);
    for _ in 0..3 {
        assert_eq!(scorer.score(OWNERSHIP, &text), first);
    }
    for s in &first.signals {
        for e in &s.evidence {
            assert_eq!(&text[e.start..e.end], e.quote);
        }
    }
}

#[test]
fn weakest_is_chosen_only_among_weighted_signals() {
    let scorer = Scorer::new();
    let bank = &scorer.bank;
    for principle in bank.principles() {
        let card = scorer.score(&principle.id, &story("I fixed it."));
        let weakest = card.weakest.expect("every principle weights some signal");
        assert!(
            principle.weights.get(weakest) > 0,
            "{}: {weakest} is not weighted",
            principle.id
        );
        assert!(
            principle.probe(weakest, 7).is_some(),
            "{}: no probe for {weakest}",
            principle.id
        );
    }
}
