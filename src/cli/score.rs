//! `starprobe score`: one answer to a scorecard, or a JSON Lines stream of
//! answers to a stream of scorecards.

use super::input;
use anyhow::bail;
use clap::Args;
use serde::Serialize;
use starprobe::bank::{Bank, Principle};
use starprobe::report::{self, JsonScorecard};
use starprobe::rubric::Rubric;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The principle the answer is for (see `starprobe principles`).
    #[arg(long, short, required_unless_present = "jsonl")]
    principle: Option<String>,
    /// Print RUBRIC.md's JSON object instead of the readable scorecard.
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,
    /// Read one `{"id", "principle", "text"}` object per line; write one scorecard per line.
    #[arg(long, conflicts_with = "principle")]
    jsonl: bool,
    /// The answer file; `-` or nothing reads standard input.
    file: Option<PathBuf>,
}

pub fn run(bank: &Bank, args: ScoreArgs) -> anyhow::Result<()> {
    let rubric = Rubric::new()?;
    if args.jsonl {
        return jsonl(bank, &rubric, args.file.as_deref());
    }
    let Some(id) = args.principle.as_deref() else {
        bail!("--principle is required");
    };
    let principle = find(bank, id)?;
    let text = input::read_answer(args.file.as_deref())?;
    let card = rubric.score(&text, &principle.weights);
    let probe = report::probe_for(principle, &card, report::text_seed(&text));
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut stdout, &JsonScorecard::new(principle, &card, probe))?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", report::terminal(principle, &card, probe))?;
    }
    Ok(())
}

fn find<'b>(bank: &'b Bank, id: &str) -> anyhow::Result<&'b Principle> {
    match bank.get(id) {
        Some(p) => Ok(p),
        None => bail!("unknown principle `{id}` (valid: {})", bank.id_list()),
    }
}

#[derive(serde::Deserialize)]
struct Request {
    #[serde(default)]
    id: serde_json::Value,
    principle: String,
    text: String,
}

#[derive(Serialize)]
struct Scored<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    card: JsonScorecard<'a>,
}

#[derive(Serialize)]
struct Failed<'a> {
    id: &'a serde_json::Value,
    error: String,
}

/// Lines scored per batch: large enough to keep both cores busy, small
/// enough that output streams while input is still arriving.
const BATCH: usize = 64;

fn jsonl(bank: &Bank, rubric: &Rubric, path: Option<&std::path::Path>) -> anyhow::Result<()> {
    let reader: Box<dyn BufRead> = match path {
        Some(p) if p != std::path::Path::new("-") => {
            Box::new(BufReader::new(std::fs::File::open(p).map_err(|e| {
                anyhow::anyhow!("cannot read {}: {e}", p.display())
            })?))
        }
        _ => Box::new(BufReader::new(std::io::stdin())),
    };
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
    let mut lines = reader.split(b'\n').enumerate();
    loop {
        batch.clear();
        for (number, line) in lines.by_ref() {
            let line = line?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            batch.push((number + 1, line));
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let chunk = batch.len().div_ceil(workers);
        let outputs: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|(n, l)| score_line(bank, rubric, *n, l))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec!["{\"id\":null,\"error\":\"internal error\"}".to_string()]
                    })
                })
                .collect()
        });
        for line in outputs {
            writeln!(stdout, "{line}")?;
        }
        stdout.flush()?;
    }
    Ok(())
}

fn score_line(bank: &Bank, rubric: &Rubric, number: usize, line: &[u8]) -> String {
    let null = serde_json::Value::Null;
    let fail = |id: &serde_json::Value, error: String| {
        serde_json::to_string(&Failed { id, error }).unwrap_or_default()
    };
    let request: Request = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => {
            let id = serde_json::from_slice::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(null);
            return fail(&id, format!("line {number}: {e}"));
        }
    };
    let Some(principle) = bank.get(&request.principle) else {
        return fail(
            &request.id,
            format!("line {number}: unknown principle `{}`", request.principle),
        );
    };
    if request.text.trim().is_empty() {
        return fail(&request.id, format!("line {number}: text is empty"));
    }
    let card = rubric.score(&request.text, &principle.weights);
    let probe = report::probe_for(principle, &card, report::text_seed(&request.text));
    let scored = Scored {
        id: &request.id,
        card: JsonScorecard::new(principle, &card, probe),
    };
    serde_json::to_string(&scored).unwrap_or_else(|e| fail(&request.id, e.to_string()))
}
