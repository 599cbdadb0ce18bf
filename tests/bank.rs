//! The prompt bank: the shipped files meet the content bar, and a broken
//! file is refused with its file name and line.

use starprobe::bank::{Angle, Bank, BankError};
use starprobe::rubric::SignalId;
use std::path::Path;

const PRINCIPLES: [&str; 16] = [
    "customer-obsession",
    "ownership",
    "invent-and-simplify",
    "are-right-a-lot",
    "learn-and-be-curious",
    "hire-and-develop-the-best",
    "insist-on-the-highest-standards",
    "think-big",
    "bias-for-action",
    "frugality",
    "earn-trust",
    "dive-deep",
    "have-backbone",
    "deliver-results",
    "strive-to-be-earths-best-employer",
    "success-and-scale-bring-broad-responsibility",
];

#[test]
fn the_embedded_bank_covers_all_sixteen_principles_richly() {
    let bank = Bank::embedded().expect("embedded bank is valid");
    assert_eq!(bank.principles().len(), 16);
    for id in PRINCIPLES {
        let p = bank.get(id).unwrap_or_else(|| panic!("missing {id}"));
        assert!(
            p.prompts.len() >= 6,
            "{id}: only {} prompts",
            p.prompts.len()
        );
        for angle in [Angle::OutsideScope, Angle::Failure, Angle::Disagreement] {
            assert!(
                p.prompts.iter().any(|q| q.angle == angle),
                "{id}: no {angle:?} prompt"
            );
        }
        for signal in p.weights.weighted() {
            assert!(
                p.probes_for(signal).count() >= 2,
                "{id}: fewer than 2 probes for {signal}"
            );
        }
    }
}

#[test]
fn the_files_on_disk_are_the_embedded_bank() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts");
    let from_disk = Bank::load_dir(&dir).expect("prompts/ loads");
    let embedded = Bank::embedded().expect("embedded bank loads");
    assert_eq!(from_disk.principles(), embedded.principles());
}

/// A valid file to break one line at a time.
const VALID: &str = r#"title = "Test Principle"
meaning = "A principle for tests."

[weights]
situation = 1
ownership = 2
action = 0
decision = 0
conflict = 0
result = 1
reflection = 0
escalation = 0
follow_through = 0
customer = 0
long_term = 0

[[prompts]]
id = "test-one"
angle = "general"
text = "Tell me about a time you owned something."

[[probes]]
signal = "situation"
text = "What was at stake?"

[[probes]]
signal = "ownership"
text = "Which part was yours?"

[[probes]]
signal = "result"
text = "How did you measure it?"
"#;

fn load_broken(files: &[(&str, String)]) -> BankError {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    match Bank::load_dir(dir.path()) {
        Ok(_) => panic!("broken bank loaded"),
        Err(e) => e,
    }
}

fn assert_located(err: &BankError, file: &str, line: usize, words: &str) {
    assert!(err.file.ends_with(file), "{err}");
    assert_eq!(err.line, Some(line), "{err}");
    assert!(err.message.contains(words), "{err}");
    assert!(
        err.to_string().contains(&format!("{file}:{line}:")),
        "{err}"
    );
}

#[test]
fn a_valid_file_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("test-principle.toml"), VALID).expect("write");
    let bank = Bank::load_dir(dir.path()).expect("valid file loads");
    let p = bank.get("test-principle").expect("named after its file");
    assert_eq!(p.weights.get(SignalId::Ownership), 2);
}

#[test]
fn an_unknown_signal_names_file_and_line() {
    let text = VALID.replace("signal = \"result\"", "signal = \"resilience\"");
    let err = load_broken(&[("test-principle.toml", text)]);
    assert_located(
        &err,
        "test-principle.toml",
        31,
        "unknown signal `resilience`",
    );
}

#[test]
fn an_unknown_weight_key_names_file_and_line() {
    let text = VALID.replace("long_term = 0", "long_term = 0\ngrit = 2");
    let err = load_broken(&[("test-principle.toml", text)]);
    assert_located(&err, "test-principle.toml", 16, "grit");
}

#[test]
fn a_missing_weight_names_file_and_line() {
    let text = VALID.replace("conflict = 0\n", "");
    let err = load_broken(&[("test-principle.toml", text)]);
    assert_located(&err, "test-principle.toml", 4, "missing `conflict`");
}

#[test]
fn an_empty_text_names_file_and_line() {
    let text = VALID.replace("text = \"What was at stake?\"", "text = \"   \"");
    let err = load_broken(&[("test-principle.toml", text)]);
    assert_located(&err, "test-principle.toml", 24, "empty");
}

#[test]
fn a_duplicate_prompt_id_across_files_names_both() {
    let other = VALID.replace("Test Principle", "Other");
    let err = load_broken(&[
        ("a-principle.toml", VALID.to_string()),
        ("b-principle.toml", other),
    ]);
    assert_located(
        &err,
        "b-principle.toml",
        18,
        "duplicate prompt id `test-one`",
    );
    assert!(err.message.contains("a-principle.toml"), "{err}");
}

#[test]
fn a_probe_for_an_unweighted_signal_is_refused() {
    let text = VALID.replace("signal = \"result\"", "signal = \"customer\"");
    let err = load_broken(&[("test-principle.toml", text)]);
    assert_located(&err, "test-principle.toml", 31, "does not weight");
}

#[test]
fn broken_toml_syntax_names_the_line() {
    let text = VALID.replace(
        "meaning = \"A principle for tests.\"",
        "meaning = \"unterminated",
    );
    let err = load_broken(&[("test-principle.toml", text)]);
    assert_eq!(err.line, Some(2), "{err}");
}
