//! Kill -9 in the middle of a terminal session, restart on the same data
//! directory, and find the session and every submitted answer still there.
//! Regression guard for the durability promise (sled 0.34 is beta upstream).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_starprobe");

fn wait_for(lines: &mut impl Iterator<Item = std::io::Result<String>>, start: &str) {
    for line in lines {
        if line.unwrap().starts_with(start) {
            return;
        }
    }
    panic!("the child never printed a line starting with {start:?}");
}

#[test]
fn sigkill_mid_session_loses_no_submitted_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["practice", "--principle", "ownership", "--data-dir"])
        .arg(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    wait_for(&mut lines, "Q: ");

    let answers = [
        "First answer: I owned the launch and cut p99 by 40% after the director pushed back.",
        "Second answer: I stayed on call for 30 days and built a weekly dashboard.",
    ];
    writeln!(stdin, "{}\n\n(second paragraph)\n.", answers[0]).unwrap();
    wait_for(&mut lines, "Follow-up 1/");
    writeln!(stdin, "{}\n.", answers[1]).unwrap();
    wait_for(&mut lines, "Follow-up 2/");
    // Half an answer, never submitted, then the kill.
    writeln!(stdin, "A third answer that is still being typ").unwrap();
    stdin.flush().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();

    let out = Command::new(BIN)
        .args(["export", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let turns = data["active"]["turns"]
        .as_array()
        .expect("the session survived");
    assert_eq!(turns.len(), 2);
    for (turn, answer) in turns.iter().zip(answers) {
        assert!(turn["answer"].as_str().unwrap().starts_with(answer));
    }
    assert!(
        turns[0]["answer"]
            .as_str()
            .unwrap()
            .contains("(second paragraph)")
    );

    // The restarted terminal resumes at the second probe.
    let out = Command::new(BIN)
        .args(["practice", "--data-dir"])
        .arg(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("Resuming") && text.contains("Follow-up 2/2"),
        "{text}"
    );
}
