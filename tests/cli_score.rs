//! The `score` command as a user or a script meets it: the real binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/answers/ownership.txt"
);

fn starprobe(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_starprobe"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("stdin accepts input");
    child.wait_with_output().expect("binary finishes")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Refusals are one clear line on stderr and a non-zero exit.
fn assert_refused(out: &Output, words: &str) {
    assert!(
        !out.status.success(),
        "expected failure, got {}",
        stdout(out)
    );
    let err = stderr(out);
    assert_eq!(err.trim_end().lines().count(), 1, "one line, got: {err}");
    assert!(err.contains(words), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn json_output_is_exactly_the_rubric_contract() {
    let out = starprobe(
        &["score", "--principle", "ownership", "--json", EXAMPLE],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    let object = value.as_object().expect("an object");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let mut expected = [
        "principle",
        "overall",
        "band",
        "signals",
        "flags",
        "weakest",
        "probe",
    ];
    expected.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(value["principle"], "ownership");
    let overall = value["overall"].as_u64().expect("overall is a number");
    assert!(overall <= 100);
    assert!(["strong", "hire", "lean", "no_hire"].contains(&value["band"].as_str().unwrap_or("")));
    let signals = value["signals"].as_array().expect("signals array");
    assert_eq!(signals.len(), 11);
    let answer = std::fs::read_to_string(EXAMPLE).expect("example exists");
    for s in signals {
        assert!(s["score"].as_u64().is_some_and(|n| n <= 4));
        for quote in s["evidence"].as_array().expect("evidence array") {
            assert!(answer.contains(quote.as_str().expect("quote is text")));
        }
    }
    assert!(value["probe"].as_str().is_some_and(|p| p.ends_with('?')));
}

#[test]
fn the_same_answer_gets_the_same_json_every_time() {
    let first = starprobe(
        &["score", "-p", "ownership", "--json", "-"],
        b"I fixed the build and cut CI time from 40 to 12 minutes.",
    );
    let second = starprobe(
        &["score", "-p", "ownership", "--json"],
        b"I fixed the build and cut CI time from 40 to 12 minutes.",
    );
    assert_eq!(stdout(&first), stdout(&second));
}

#[test]
fn readable_scorecard_shows_bars_evidence_suggestion_and_probe() {
    let out = starprobe(&["score", "--principle", "ownership", EXAMPLE], b"");
    let text = stdout(&out);
    assert!(out.status.success());
    assert!(text.starts_with("Ownership — "), "{text}");
    assert!(text.contains("████"), "{text}");
    assert!(text.contains("“"), "quotes evidence: {text}");
    assert!(text.contains("Next time: "), "{text}");
    assert!(text.contains("Follow-up: "), "{text}");
}

#[test]
fn an_unknown_principle_lists_the_valid_ones() {
    let out = starprobe(&["score", "--principle", "grit", EXAMPLE], b"");
    assert_refused(&out, "unknown principle `grit`");
    assert!(stderr(&out).contains("dive-deep"));
}

#[test]
fn empty_input_is_refused() {
    assert_refused(
        &starprobe(&["score", "-p", "ownership"], b"  \n\t "),
        "empty",
    );
}

#[test]
fn non_utf8_input_is_refused() {
    assert_refused(
        &starprobe(&["score", "-p", "ownership"], b"I led \xff\xfe the team"),
        "not valid UTF-8",
    );
}

#[test]
fn an_unreadable_file_is_refused() {
    assert_refused(
        &starprobe(&["score", "-p", "ownership", "/no/such/answer.txt"], b""),
        "cannot read /no/such/answer.txt",
    );
}

#[test]
fn jsonl_answers_every_line_in_order_and_survives_bad_lines() {
    let mut input = String::new();
    for i in 0..150 {
        let line = match i % 5 {
            3 => format!("{{\"id\": {i}, \"principle\": \"nope\", \"text\": \"I did it.\"}}"),
            4 => "this is not json".to_string(),
            _ => serde_json::json!({"id": format!("a{i}"), "principle": "dive-deep", "text": "I traced the bug and cut errors from 90 to 4 a day."}).to_string(),
        };
        input.push_str(&line);
        input.push('\n');
    }
    let out = starprobe(&["score", "--jsonl"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    assert_eq!(lines.len(), 150);
    for (i, line) in lines.iter().enumerate() {
        match i % 5 {
            3 => {
                assert_eq!(line["id"], i);
                assert!(
                    line["error"]
                        .as_str()
                        .is_some_and(|e| e.contains("unknown principle"))
                );
            }
            4 => assert!(
                line["error"]
                    .as_str()
                    .is_some_and(|e| e.contains(&format!("line {}", i + 1)))
            ),
            _ => {
                assert_eq!(line["id"], format!("a{i}"));
                assert_eq!(line["principle"], "dive-deep");
                assert!(line["overall"].is_u64());
            }
        }
    }
}
