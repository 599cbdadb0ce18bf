//! `cargo bench --bench score`: the rubric on a ~300-word answer, beside the
//! floor no rubric can beat: one bare Aho-Corasick scan of the same text
//! with the same lexicon.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{Criterion, criterion_group, criterion_main};
use starprobe::bank::Bank;
use starprobe::rubric::Rubric;
use std::hint::black_box;

const ANSWER: &str = include_str!("../examples/answers/dive-deep.txt");

fn bench(c: &mut Criterion) {
    let rubric = Rubric::new().expect("lexicon compiles");
    let bank = Bank::embedded().expect("bank loads");
    let weights = bank.get("dive-deep").expect("dive-deep exists").weights;
    // The same phrases, unpadded, matched on the raw text.
    let phrases: Vec<String> = rubric
        .lexicon()
        .patterns()
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let bare = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&phrases)
        .expect("bare automaton builds");

    let mut group = c.benchmark_group(format!("{}-word answer", ANSWER.split_whitespace().count()));
    group.bench_function("rubric score", |b| {
        b.iter(|| rubric.score(black_box(ANSWER), &weights))
    });
    group.bench_function("bare aho-corasick scan", |b| {
        b.iter(|| bare.find_iter(black_box(ANSWER)).count())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
