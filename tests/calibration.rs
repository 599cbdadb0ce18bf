//! Calibration: the rubric must rank answers the way an interviewer would.
//! Fixtures were written as candidates write, in many voices and trades,
//! without reference to the rubric's vocabulary.

mod common;

use common::{Scorer, load, summary};

fn assert_ordered(set: &str) {
    let scorer = Scorer::new();
    let fixtures = load(set);
    assert!(!fixtures.triple.is_empty(), "{set} has no triples");
    let mut failures = Vec::new();
    for t in &fixtures.triple {
        let strong = scorer.score(&t.principle, &t.strong);
        let medium = scorer.score(&t.principle, &t.medium);
        let weak = scorer.score(&t.principle, &t.weak);
        if !(strong.overall > medium.overall && medium.overall > weak.overall) {
            failures.push(format!(
                "{} ({}):\n  strong {}\n  medium {}\n  weak   {}",
                t.name,
                t.principle,
                summary(&strong),
                summary(&medium),
                summary(&weak)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "strong > medium > weak broken:\n{}",
        failures.join("\n")
    );
}

#[test]
fn each_story_ranks_strong_over_medium_over_weak() {
    assert_ordered("triples");
}

#[test]
fn held_out_stories_in_other_trades_rank_the_same_way() {
    assert_ordered("holdout");
}

#[test]
fn a_second_blind_set_ranks_the_same_way() {
    assert_ordered("holdout2");
}

#[test]
fn a_third_blind_set_ranks_the_same_way() {
    assert_ordered("holdout3");
}

#[test]
fn a_strong_answer_missing_one_signal_is_probed_on_that_signal() {
    let scorer = Scorer::new();
    let cases: Vec<_> = ["missing", "missing2"]
        .iter()
        .flat_map(|set| load(set).case)
        .collect();
    assert!(cases.len() >= 8);
    let mut failures = Vec::new();
    for c in &cases {
        let card = scorer.score(&c.principle, &c.text);
        let missing = c
            .missing
            .as_deref()
            .expect("missing-signal fixture names its signal");
        let weakest = card.weakest.map(|w| w.as_str());
        if weakest != Some(missing) || card.signal(missing.parse().expect("valid id")).score != 0 {
            failures.push(format!(
                "{} (missing {missing}): {}",
                c.name,
                summary(&card)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "weakest signal misnamed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn gaming_and_off_topic_text_scores_below_every_medium_answer() {
    let scorer = Scorer::new();
    let lowest_medium = ["triples", "holdout", "holdout2", "holdout3"]
        .iter()
        .flat_map(|set| load(set).triple)
        .map(|t| scorer.score(&t.principle, &t.medium).overall)
        .min()
        .expect("there are medium answers");
    let fixtures = load("gaming");
    assert!(fixtures.case.len() >= 6);
    let mut failures = Vec::new();
    for c in &fixtures.case {
        let card = scorer.score(&c.principle, &c.text);
        if card.overall >= lowest_medium {
            failures.push(format!(
                "{} ({}): {} (lowest medium is {lowest_medium})",
                c.name,
                c.kind.as_deref().unwrap_or("?"),
                summary(&card)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "gaming paid off:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_concise_strong_answer_beats_a_padded_rambling_one() {
    let scorer = Scorer::new();
    let fixtures = load("concise");
    assert!(fixtures.pair.len() >= 4);
    for p in &fixtures.pair {
        let short = scorer.score(&p.principle, &p.short);
        let long = scorer.score(&p.principle, &p.long);
        assert!(
            short.words < long.words,
            "{}: the short one must be shorter",
            p.name
        );
        assert!(
            short.overall > long.overall,
            "{}: short {} vs long {}",
            p.name,
            summary(&short),
            summary(&long)
        );
    }
}
