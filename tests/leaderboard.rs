//! The leaderboard index against a brute-force ranking recomputed from the
//! raw coverage rows, over random sequences of joins, opt-outs and sessions.

use proptest::prelude::*;
use starprobe::engine::coverage;
use starprobe::model::{Member, Outcome, Period, Session, week_of, week_start};
use starprobe::store::{Closing, SledStore, Store};

const THRESHOLD: u8 = 60;
const USERS: [&str; 6] = ["ann", "bo", "cy", "di", "ed", "fy"];
const SERVERS: [&str; 3] = ["s1", "s2", "s3"];
const PRINCIPLES: [&str; 4] = ["ownership", "frugality", "dive-deep", "earn-trust"];

#[derive(Debug, Clone)]
enum Op {
    Join {
        user: usize,
        server: usize,
        opted_out: bool,
    },
    Close {
        user: usize,
        principle: usize,
        overall: u8,
        wait: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..USERS.len(), 0..SERVERS.len(), any::<bool>()).prop_map(|(user, server, opted_out)| {
            Op::Join {
                user,
                server,
                opted_out,
            }
        }),
        (
            0..USERS.len(),
            0..PRINCIPLES.len(),
            0u8..=100,
            0u64..3 * 86_400_000
        )
            .prop_map(|(user, principle, overall, wait)| Op::Close {
                user,
                principle,
                overall,
                wait
            }),
    ]
}

/// (user, covered, mean ×100, reached at), best first, from raw rows only.
fn brute(store: &SledStore, server: &str, since: Option<u64>) -> Vec<(String, u16, u16, u64)> {
    let mut out = Vec::new();
    for (user, member) in store.members(server).unwrap() {
        if member.opted_out {
            continue;
        }
        let rows: Vec<_> = store
            .coverage(&user)
            .unwrap()
            .into_iter()
            .filter(|r| since.is_none_or(|s| r.best_at >= s))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let covered = rows.iter().filter(|r| r.best >= THRESHOLD).count() as u16;
        let sum: u32 = rows.iter().map(|r| u32::from(r.best)).sum();
        let mean = (sum * 100 / rows.len() as u32) as u16;
        let reached = rows.iter().map(|r| r.best_at).max().unwrap();
        out.push((user, covered, mean, reached));
    }
    out.sort_by_key(|x| {
        (
            std::cmp::Reverse(x.1),
            std::cmp::Reverse(x.2),
            x.3,
            x.0.clone(),
        )
    });
    out
}

fn indexed(store: &SledStore, server: &str, period: Period) -> Vec<(String, u16, u16, u64)> {
    store
        .leaderboard(server, period, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|e| (e.user, e.rank.covered, e.rank.mean_centi, e.rank.reached_at))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn index_equals_brute_force(ops in prop::collection::vec(op(), 1..40)) {
        let store = SledStore::temporary().unwrap();
        let mut now = 1_795_392_000_000u64;
        for op in ops {
            match op {
                Op::Join { user, server, opted_out } => {
                    let member = Member { name: USERS[user].to_uppercase(), joined_at: now, opted_out };
                    store.join(SERVERS[server], USERS[user], &member).unwrap();
                }
                Op::Close { user, principle, overall, wait } => {
                    now += wait + 1;
                    let user = USERS[user];
                    let mut rows = store.coverage(user).unwrap();
                    let at = rows.iter().position(|r| r.principle == PRINCIPLES[principle]);
                    let row = coverage::apply(at.map(|i| &rows[i]), PRINCIPLES[principle], overall, now, THRESHOLD);
                    match at { Some(i) => rows[i] = row.clone(), None => rows.push(row.clone()) }
                    let session = Session {
                        id: store.next_id().unwrap(), user: user.into(), principle: PRINCIPLES[principle].into(),
                        prompt_id: "p".into(), started_at: now, updated_at: now, ended_at: Some(now),
                        outcome: Outcome::Finished, seed: 0, max_probes: 2, pending: None,
                        turns: vec![], skipped: vec![], earlier: None,
                    };
                    let standing = coverage::standing(&rows, THRESHOLD, now);
                    store.close(&Closing { session, coverage: Some(row), standing }).unwrap();
                }
            }
        }
        let week = week_of(now);
        for server in SERVERS {
            prop_assert_eq!(indexed(&store, server, Period::AllTime), brute(&store, server, None));
            prop_assert_eq!(
                indexed(&store, server, Period::Week(week)),
                brute(&store, server, Some(week_start(week)))
            );
        }
    }
}
