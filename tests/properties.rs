//! Properties that must hold for any text at all, including hostile input.

mod common;

use common::Scorer;
use proptest::prelude::*;
use std::sync::OnceLock;

fn scorer() -> &'static Scorer {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    SCORER.get_or_init(Scorer::new)
}

/// Text that looks like answers more often than uniform noise would:
/// words from the lexicon, numbers, punctuation, emoji, combining marks.
fn answer_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("I ".to_string()),
        Just("we ".to_string()),
        Just("decided ".to_string()),
        Just("rather than ".to_string()),
        Just("didn't ".to_string()),
        Just("from 40% to 4% ".to_string()),
        Just("the director pushed back, ".to_string()),
        Just("should have ".to_string()),
        Just("- ".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("’".to_string()),
        Just("e\u{301}".to_string()),
        Just("👩‍💻".to_string()),
        "[a-zA-Z]{1,8} ",
        "[0-9]{1,5}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn never_panics_and_evidence_quotes_the_text(text in answer_like()) {
        let card = scorer().score("ownership", &text);
        prop_assert!(card.overall <= 100);
        for quote in card.signals.iter().flat_map(|s| &s.evidence).chain(card.flags.iter().flat_map(|f| &f.evidence)) {
            prop_assert!(text.is_char_boundary(quote.start) && text.is_char_boundary(quote.end));
            prop_assert_eq!(&text[quote.start..quote.end], quote.quote.as_str());
        }
        for s in &card.signals {
            prop_assert!(s.score <= 4);
            prop_assert!(s.score == 0 || !s.evidence.is_empty(), "{} scored without evidence", s.id);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,2000}") {
        let _ = scorer().score("dive-deep", &text);
    }

    #[test]
    fn the_same_text_always_gets_the_same_scorecard(text in answer_like()) {
        let first = scorer().score("have-backbone", &text);
        let second = scorer().score("have-backbone", &text);
        prop_assert_eq!(first, second);
    }
}

#[test]
fn a_hundred_kilobytes_of_anything_scores_without_panicking() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 8,
        ..ProptestConfig::default()
    });
    let strategy = proptest::collection::vec(any::<char>(), 25_000..26_000)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    runner
        .run(&strategy, |text| {
            prop_assert!(text.len() <= 104_000);
            let card = scorer().score("customer-obsession", &text);
            prop_assert!(card.overall <= 100);
            Ok(())
        })
        .expect("no panic on large input");
}
