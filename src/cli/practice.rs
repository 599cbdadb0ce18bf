//! `starprobe practice`: a mock interview in the terminal against the
//! local store. Works with a pipe as well as a keyboard: an answer ends at
//! a line holding only `.`, or at end of input.

use super::local::Local;
use super::render;
use clap::Args;
use starprobe::bank::Bank;
use starprobe::engine::{Engine, Error, Next, Reply};
use starprobe::store::SledStore;
use std::io::{BufRead, Write};

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// The principle to practise [default: the one you need most].
    #[arg(long, short)]
    principle: Option<String>,
    /// Answer a prompt again (its id, or the most recent one with `--retry last`).
    #[arg(long, value_name = "PROMPT", conflicts_with = "principle")]
    retry: Option<String>,
    #[command(flatten)]
    local: Local,
}

/// What the user typed for one question.
enum Input {
    Answer(String),
    Skip,
    End,
    Status,
    /// End of input with nothing typed.
    Closed,
}

fn read_input(lines: &mut impl Iterator<Item = std::io::Result<String>>) -> anyhow::Result<Input> {
    let mut answer = String::new();
    for line in lines {
        let line = line?;
        let trimmed = line.trim();
        if answer.trim().is_empty() {
            match trimmed {
                "/skip" => return Ok(Input::Skip),
                "/end" => return Ok(Input::End),
                "/status" => return Ok(Input::Status),
                _ => {}
            }
        }
        if trimmed == "." {
            if answer.trim().is_empty() {
                continue;
            }
            return Ok(Input::Answer(answer));
        }
        answer.push_str(&line);
        answer.push('\n');
    }
    if answer.trim().is_empty() {
        Ok(Input::Closed)
    } else {
        Ok(Input::Answer(answer))
    }
}

/// Whether a reply waits for an answer.
fn waiting(reply: &Reply) -> bool {
    match reply {
        Reply::Prompt(_) | Reply::Probe(_) => true,
        Reply::Scored(s) => matches!(s.next, Next::Probe(_)),
        Reply::Summary(_) | Reply::Status(_) => false,
    }
}

fn user_facing(result: Result<Reply, Error>) -> anyhow::Result<Result<Reply, String>> {
    match result {
        Ok(reply) => Ok(Ok(reply)),
        Err(Error::User(e)) => Ok(Err(e.message)),
        Err(Error::Internal(e)) => Err(e.into()),
    }
}

pub fn run(bank: Bank, args: PracticeArgs) -> anyhow::Result<()> {
    let engine: Engine<SledStore> = args.local.engine(bank)?;
    let user = args.local.user.as_str();
    let first = match args.retry.as_deref() {
        Some("last") => engine.retry(user, None),
        Some(prompt) => engine.retry(user, Some(prompt)),
        None => engine.start(user, args.principle.as_deref()),
    };
    let mut reply = match user_facing(first)? {
        Ok(reply) => reply,
        Err(message) => anyhow::bail!("{message}"),
    };
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", render::reply(engine.bank(), &reply))?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    while waiting(&reply) {
        stdout.flush()?;
        let result = match read_input(&mut lines)? {
            Input::Answer(text) => engine.answer(user, &text),
            Input::Skip => engine.skip(user),
            Input::End => engine.end(user),
            Input::Status => {
                if let Ok(status) = user_facing(engine.status(user))? {
                    write!(stdout, "{}", render::reply(engine.bank(), &status))?;
                }
                continue;
            }
            Input::Closed => {
                writeln!(
                    stdout,
                    "\nSaved. Run `starprobe practice` to pick up where you left off."
                )?;
                return Ok(());
            }
        };
        match user_facing(result)? {
            Ok(next) => {
                write!(stdout, "{}", render::reply(engine.bank(), &next))?;
                reply = next;
            }
            Err(message) => writeln!(stdout, "{message}")?,
        }
    }
    Ok(())
}
