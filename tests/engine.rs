//! The interview state machine through every path, over the real sled store.

mod common;

use common::*;
use starprobe::engine::ManualClock;
use starprobe::engine::{Board, ErrorKind, Next, Reply};
use starprobe::model::Outcome;
use starprobe::store::Store;
use std::sync::Arc;

fn setup() -> (tempfile::TempDir, Arc<ManualClock>) {
    (tempfile::tempdir().unwrap(), Arc::new(ManualClock::at(T0)))
}

#[test]
fn start_answer_two_probes_then_summary() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock.clone());
    let Reply::Prompt(q) = e.start("ann", Some("ownership")).unwrap() else {
        panic!("expected a prompt")
    };
    assert_eq!(
        (q.principle.as_str(), q.probe, q.resumed),
        ("ownership", None, false)
    );

    let first = e.answer("ann", STORY).unwrap();
    let s = scored(&first);
    assert!(s.previous.is_none() && s.changes.is_empty());
    let Next::Probe(p1) = &s.next else {
        panic!("expected a probe")
    };
    assert_eq!(
        p1.probe, s.card.weakest,
        "the probe targets the weakest signal"
    );
    assert_eq!(p1.probe_number, 1);

    clock.advance(1000);
    let second = e.answer("ann", FOLLOW_UP).unwrap();
    let s2 = scored(&second);
    assert_eq!(s2.previous, Some(s.card.overall));
    assert!(!s2.changes.is_empty(), "the follow-up moved a signal");
    assert!(s2.card.overall >= s.card.overall);
    let Next::Probe(p2) = &s2.next else {
        panic!("expected a second probe")
    };
    assert_ne!(p2.probe, p1.probe);

    let third = e
        .answer("ann", "I would escalate a week earlier next time.")
        .unwrap();
    let Next::Done(summary) = &scored(&third).next else {
        panic!("expected the summary")
    };
    assert_eq!(summary.outcome, Outcome::Finished);
    assert_eq!(summary.answers, 3);
    assert_eq!(summary.first, Some(s.card.overall));
    assert!(summary.strongest.is_some() && summary.fix_next.is_some());

    assert_eq!(
        e.answer("ann", "more").unwrap_err().kind(),
        Some(ErrorKind::NoSession)
    );
    let history = e.history("ann").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].turns.len(), 3);
    let cov = e.store().coverage("ann").unwrap();
    assert_eq!(
        (cov[0].principle.as_str(), cov[0].attempts),
        ("ownership", 1)
    );
    assert_eq!(cov[0].best, summary.last.unwrap());
}

#[test]
fn probe_count_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let e = starprobe::engine::Engine::new(
        starprobe::store::SledStore::open(dir.path()).unwrap(),
        starprobe::bank::Bank::embedded().unwrap(),
        starprobe::rubric::Rubric::new().unwrap(),
        starprobe::engine::Config {
            max_probes: 0,
            ..Default::default()
        },
        Arc::new(ManualClock::at(T0)),
    );
    e.start("u", Some("ownership")).unwrap();
    assert!(matches!(
        scored(&e.answer("u", STORY).unwrap()).next,
        Next::Done(_)
    ));
}

#[test]
fn skip_a_prompt_gives_another_and_skip_a_probe_moves_on() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock);
    let Reply::Prompt(a) = e.start("bo", Some("dive-deep")).unwrap() else {
        panic!()
    };
    let Reply::Prompt(b) = e.skip("bo").unwrap() else {
        panic!("skip gives a new prompt")
    };
    assert_eq!(b.principle, "dive-deep");
    assert_ne!(a.prompt_id, b.prompt_id, "a prompt not seen recently");
    assert_eq!(e.history("bo").unwrap()[0].outcome, Outcome::Skipped);

    let first = e.answer("bo", STORY).unwrap();
    let Next::Probe(p1) = &scored(&first).next else {
        panic!()
    };
    let Reply::Probe(p2) = e.skip("bo").unwrap() else {
        panic!("next probe")
    };
    assert_ne!(p1.probe, p2.probe);
    assert_eq!(p2.probe_number, 2);
    let Reply::Summary(s) = e.skip("bo").unwrap() else {
        panic!("probes used up")
    };
    assert_eq!((s.outcome, s.answers), (Outcome::Finished, 1));
}

#[test]
fn end_and_status_at_any_point() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock);
    assert_eq!(e.end("cy").unwrap_err().kind(), Some(ErrorKind::NoSession));
    let Reply::Status(st) = e.status("cy").unwrap() else {
        panic!()
    };
    assert!(st.session.is_none());
    e.start("cy", Some("frugality")).unwrap();
    e.answer("cy", STORY).unwrap();
    let Reply::Status(st) = e.status("cy").unwrap() else {
        panic!()
    };
    let live = st.session.unwrap();
    assert_eq!(live.answers, 1);
    assert!(live.waiting_for.probe.is_some());
    let Reply::Summary(s) = e.end("cy").unwrap() else {
        panic!()
    };
    assert_eq!((s.outcome, s.answers), (Outcome::Ended, 1));
    assert_eq!(
        e.store().coverage("cy").unwrap().len(),
        1,
        "an ended session still counts"
    );
}

#[test]
fn start_resumes_or_refuses_a_different_principle() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock);
    e.start("di", Some("ownership")).unwrap();
    let Reply::Prompt(q) = e.start("di", None).unwrap() else {
        panic!()
    };
    assert!(q.resumed);
    let err = e.start("di", Some("frugality")).unwrap_err();
    assert_eq!(err.kind(), Some(ErrorKind::SessionActive));
    assert!(err.to_string().contains("Ownership"));
    assert_eq!(
        e.start("di", Some("nope")).unwrap_err().kind(),
        Some(ErrorKind::UnknownPrinciple)
    );
    assert_eq!(
        e.answer("di", "  \n").unwrap_err().kind(),
        Some(ErrorKind::EmptyAnswer)
    );
}

#[test]
fn idle_sessions_expire_as_abandoned() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock.clone());
    e.start("ed", Some("ownership")).unwrap();
    e.answer("ed", STORY).unwrap();
    clock.advance(24 * HOUR);
    assert_eq!(
        e.answer("ed", FOLLOW_UP).unwrap_err().kind(),
        Some(ErrorKind::NoSession)
    );
    let h = e.history("ed").unwrap();
    assert_eq!((h[0].outcome, h[0].turns.len()), (Outcome::Abandoned, 1));

    e.start("fy", Some("ownership")).unwrap();
    e.start("gu", Some("ownership")).unwrap();
    clock.advance(23 * HOUR);
    e.answer("gu", STORY).unwrap();
    clock.advance(2 * HOUR);
    let expired = e.expire_idle().unwrap();
    assert_eq!(expired.len(), 1, "only the idle one");
    assert_eq!(expired[0].outcome, Outcome::Abandoned);
    assert!(e.store().active("fy").unwrap().is_none());
    assert!(e.store().active("gu").unwrap().is_some());
}

#[test]
fn retry_compares_against_the_earlier_score() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock);
    let Reply::Prompt(q) = e.start("hu", Some("ownership")).unwrap() else {
        panic!()
    };
    e.answer("hu", "I fixed a bug once and it was fine.")
        .unwrap();
    let Reply::Summary(first) = e.end("hu").unwrap() else {
        panic!()
    };
    let Reply::Prompt(r) = e.retry("hu", None).unwrap() else {
        panic!()
    };
    assert_eq!(r.prompt_id, q.prompt_id);
    assert_eq!(r.earlier, first.last);
    let s = e.answer("hu", STORY).unwrap();
    assert_eq!(scored(&s).earlier, first.last);
    assert!(scored(&s).card.overall > first.last.unwrap());
    assert_eq!(
        e.retry("hu", Some("no-such-prompt")).unwrap_err().kind(),
        Some(ErrorKind::SessionActive)
    );
}

#[test]
fn no_principle_named_picks_never_practised_then_lowest() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock.clone());
    let n = e.bank().principles().len();
    let mut picked = Vec::new();
    for _ in 0..n {
        let Reply::Prompt(q) = e.start("iv", None).unwrap() else {
            panic!()
        };
        assert!(!picked.contains(&q.principle), "never practised first");
        picked.push(q.principle.clone());
        let text = if picked.len() == 5 {
            "I did a thing."
        } else {
            STORY
        };
        e.answer("iv", text).unwrap();
        e.end("iv").unwrap();
        clock.advance(1000);
    }
    let Reply::Prompt(q) = e.start("iv", None).unwrap() else {
        panic!()
    };
    let cov = e.store().coverage("iv").unwrap();
    let lowest = cov
        .iter()
        .min_by_key(|c| (c.best, c.last_practised))
        .unwrap();
    assert_eq!(q.principle, lowest.principle);
}

#[test]
fn resume_after_reopening_the_database() {
    let (dir, clock) = setup();
    let (p1, card) = {
        let e = engine_at(dir.path(), clock.clone());
        e.start("jo", Some("ownership")).unwrap();
        let r = e.answer("jo", STORY).unwrap();
        let Next::Probe(p) = &scored(&r).next else {
            panic!()
        };
        (p.clone(), scored(&r).card.clone())
    };
    let e = engine_at(dir.path(), clock);
    let Reply::Prompt(q) = e.start("jo", None).unwrap() else {
        panic!()
    };
    assert!(q.resumed);
    assert_eq!((q.text.as_str(), q.probe), (p1.text.as_str(), p1.probe));
    let r = e.answer("jo", FOLLOW_UP).unwrap();
    assert_eq!(scored(&r).previous, Some(card.overall));
}

#[test]
fn concurrent_answers_for_one_user_are_both_kept() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock);
    e.start("ka", Some("ownership")).unwrap();
    std::thread::scope(|s| {
        for i in 0..2 {
            let e = &e;
            s.spawn(move || e.answer("ka", &format!("{STORY} answer {i}")).unwrap());
        }
    });
    let session = e.store().active("ka").unwrap().unwrap();
    assert_eq!(session.turns.len(), 2);
    let mut tags: Vec<_> = session
        .turns
        .iter()
        .map(|t| t.answer.ends_with("answer 0"))
        .collect();
    tags.sort();
    assert_eq!(tags, vec![false, true]);
}

#[test]
fn concurrent_answers_for_many_users_lose_nothing() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock);
    let users: Vec<String> = (0..24).map(|i| format!("user-{i}")).collect();
    for u in &users {
        e.join("srv", u, u).unwrap();
        e.start(u, Some("ownership")).unwrap();
    }
    std::thread::scope(|s| {
        for u in &users {
            let e = &e;
            for k in 0..3 {
                s.spawn(move || e.answer(u, &format!("{STORY} part {k}")).unwrap());
            }
        }
    });
    for u in &users {
        let h = e.history(u).unwrap();
        assert_eq!(h.len(), 1, "{u}");
        assert_eq!(h[0].turns.len(), 3, "{u}");
        assert_eq!(e.store().coverage(u).unwrap()[0].attempts, 1);
    }
    assert_eq!(
        e.leaderboard("srv", Board::AllTime, 100).unwrap().len(),
        users.len()
    );
}

#[test]
fn export_then_forget_leaves_nothing_of_the_user() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock);
    let who = "forget-me-7f3a";
    for server in ["s1", "s2"] {
        e.join(server, who, "Forgettable").unwrap();
        e.join(server, "stays", "Stays").unwrap();
    }
    for u in [who, "stays"] {
        e.start(u, Some("ownership")).unwrap();
        e.answer(u, STORY).unwrap();
        e.end(u).unwrap();
        e.start(u, Some("frugality")).unwrap();
        e.answer(u, STORY).unwrap();
    }
    let data = e.export(who).unwrap();
    assert_eq!((data.history.len(), data.servers.len()), (1, 2));
    assert!(data.active.is_some());
    let md = starprobe::transcript::markdown(&data);
    assert!(md.contains("> Two weeks before launch"));
    assert!(
        serde_json::to_string(&data)
            .unwrap()
            .contains("incidents went from monthly")
    );

    e.forget(who).unwrap();
    let needle = who.as_bytes();
    let contains = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    let dump = e.store().dump().unwrap();
    for (tree, k, v) in &dump {
        assert!(!contains(k) && !contains(v), "{who} left in tree {tree}");
    }
    assert!(
        dump.iter().any(|(_, k, _)| k.ends_with(b"stays")),
        "others stay"
    );
    assert_eq!(e.leaderboard("s1", Board::AllTime, 10).unwrap().len(), 1);
    assert_eq!(e.leaderboard("s1", Board::ThisWeek, 10).unwrap().len(), 1);
}

#[test]
fn leaderboard_counts_dm_sessions_in_every_server_not_opted_out() {
    let (dir, clock) = setup();
    let e = engine_at(dir.path(), clock.clone());
    e.join("a", "lu", "Lu").unwrap();
    e.join("b", "lu", "Lu").unwrap();
    e.opt_out("b", "lu", true).unwrap();
    e.start("lu", Some("ownership")).unwrap();
    e.answer("lu", STORY).unwrap();
    e.end("lu").unwrap();
    let a = e.leaderboard("a", Board::AllTime, 10).unwrap();
    assert_eq!((a.len(), a[0].name.as_str()), (1, "Lu"));
    assert!(e.leaderboard("b", Board::AllTime, 10).unwrap().is_empty());
    e.opt_out("b", "lu", false).unwrap();
    assert_eq!(e.leaderboard("b", Board::AllTime, 10).unwrap(), a);
    // Next week the weekly board starts empty; all-time stays.
    clock.advance(7 * 24 * HOUR);
    assert!(e.leaderboard("a", Board::ThisWeek, 10).unwrap().is_empty());
    assert_eq!(e.leaderboard("a", Board::AllTime, 10).unwrap().len(), 1);
    assert_eq!(
        e.opt_out("zz", "lu", true).unwrap_err().kind(),
        Some(ErrorKind::NotMember)
    );
}

#[test]
fn a_session_written_by_schema_v1_is_read() {
    let bytes = std::fs::read("tests/fixtures/session_v1.bin").unwrap();
    let s: starprobe::model::Session = starprobe::store::envelope::decode(&bytes).unwrap();
    assert_eq!((s.user.as_str(), s.turns.len()), ("fixture", 1));
}
