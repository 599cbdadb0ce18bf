//! The interview engine: one state machine per user, independent of any
//! transport. Start a session, answer, be probed, skip, end, ask for
//! status; each operation returns a structured [`Reply`] and has written
//! its change durably through the [`Store`] before it returns.
//!
//! Operations on one user run one at a time (see `locks`); operations on
//! different users run in parallel.

pub mod choose;
pub mod clock;
pub mod coverage;
mod locks;
pub mod reply;
mod summary;

pub use clock::{Clock, ManualClock, SystemClock};
pub use reply::{
    Error, ErrorKind, Next, Question, Reply, Scored, SessionStatus, SignalChange, Status, Summary,
    UserError,
};

use crate::bank::{Bank, Principle};
use crate::model::{
    BoardEntry, Coverage, Member, Millis, Outcome, Pending, Period, ServerSettings, Session, Turn,
    week_of,
};
use crate::rubric::text::stable_hash;
use crate::rubric::{Band, Rubric, ScoreOptions};
use crate::store::{Closing, Store, UserData};
use locks::Locks;
use std::sync::Arc;

/// How the engine behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Follow-up probes per session.
    pub max_probes: u8,
    /// A session idle this long is put away as abandoned.
    pub idle_timeout: Millis,
    /// A principle is covered when its best overall reaches this.
    pub cover_threshold: u8,
    /// Longest answer accepted, in bytes.
    pub max_answer_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_probes: 2,
            idle_timeout: 24 * 60 * 60 * 1000,
            cover_threshold: Band::Hire.floor(),
            max_answer_bytes: 20_000,
        }
    }
}

/// Which leaderboard to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Board {
    AllTime,
    ThisWeek,
}

/// One principle in a user's coverage report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CoverageLine {
    pub principle: String,
    pub title: String,
    /// `None` when never practised.
    pub row: Option<Coverage>,
    pub covered: bool,
}

/// The engine over a store.
pub struct Engine<S: Store> {
    store: S,
    bank: Bank,
    rubric: Rubric,
    config: Config,
    clock: Arc<dyn Clock>,
    locks: Locks,
}

/// Longest user or server id accepted, in bytes.
const MAX_ID_BYTES: usize = 200;

fn check_id(id: &str) -> Result<(), Error> {
    if id.is_empty() || id.len() > MAX_ID_BYTES {
        return Err(Error::user(
            ErrorKind::BadId,
            format!("An id must be 1 to {MAX_ID_BYTES} bytes long."),
        ));
    }
    Ok(())
}

fn no_session() -> Error {
    Error::user(
        ErrorKind::NoSession,
        "You have no interview in progress. Start one first.",
    )
}

impl<S: Store> Engine<S> {
    /// An engine over `store`, asking from `bank`.
    pub fn new(
        store: S,
        bank: Bank,
        rubric: Rubric,
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Engine {
            store,
            bank,
            rubric,
            config,
            clock,
            locks: Locks::default(),
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn bank(&self) -> &Bank {
        &self.bank
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    fn title(&self, principle: &str) -> String {
        self.bank
            .get(principle)
            .map_or_else(|| principle.to_string(), |p| p.title.clone())
    }

    /// Refuses to start a second session while one is in progress.
    fn busy(&self, session: &Session) -> Error {
        Error::user(
            ErrorKind::SessionActive,
            format!(
                "You are in the middle of a {} interview: answer it, skip it or end it first.",
                self.title(&session.principle)
            ),
        )
    }

    fn question(&self, session: &Session, resumed: bool) -> Option<Question> {
        let pending = session.pending.as_ref()?;
        Some(Question {
            session_id: session.id,
            principle: session.principle.clone(),
            title: self.title(&session.principle),
            prompt_id: session.prompt_id.clone(),
            text: pending.text.clone(),
            probe: pending.probe,
            probe_number: session.probes_asked(),
            max_probes: session.max_probes,
            resumed,
            earlier: session.earlier,
        })
    }

    /// The user's session in progress, after putting it away as abandoned
    /// if it has been idle too long. Call with the user's lock held.
    fn live(&self, user: &str, now: Millis) -> Result<Option<Session>, Error> {
        let Some(session) = self.store.active(user)? else {
            return Ok(None);
        };
        if now.saturating_sub(session.updated_at) < self.config.idle_timeout {
            return Ok(Some(session));
        }
        self.close(session, Outcome::Abandoned, now)?;
        Ok(None)
    }

    /// Moves a session to history, updating coverage and standing.
    fn close(&self, mut session: Session, outcome: Outcome, now: Millis) -> Result<Summary, Error> {
        session.outcome = outcome;
        session.pending = None;
        session.ended_at = Some(now);
        let mut rows = self.store.coverage(&session.user)?;
        let thr = self.config.cover_threshold;
        let (row, standing) = match session.latest() {
            Some(card) => {
                let at = rows.iter().position(|r| r.principle == session.principle);
                let row = coverage::apply(
                    at.map(|i| &rows[i]),
                    &session.principle,
                    card.overall,
                    now,
                    thr,
                );
                match at {
                    Some(i) => rows[i] = row.clone(),
                    None => rows.push(row.clone()),
                }
                (Some(row), coverage::standing(&rows, thr, now))
            }
            None => (None, self.store.standing(&session.user)?),
        };
        let mut summary = summary::summarise(&session, &self.title(&session.principle), thr);
        summary.covered = rows
            .iter()
            .any(|r| r.principle == session.principle && r.best >= thr);
        self.store.close(&Closing {
            session,
            coverage: row,
            standing,
        })?;
        Ok(summary)
    }

    /// Opens a session on `principle` with a prompt the user has not seen lately.
    fn open(
        &self,
        user: &str,
        principle: &Principle,
        prompt: Option<&crate::bank::Prompt>,
        max_probes: Option<u8>,
        now: Millis,
    ) -> Result<Reply, Error> {
        let id = self.store.next_id()?;
        let seed = stable_hash(user.as_bytes()) ^ now.rotate_left(17) ^ id;
        let prompt = match prompt {
            Some(p) => p,
            None => {
                let seen = self.store.seen(user)?;
                choose::prompt(principle, &seen, seed).ok_or_else(|| {
                    Error::user(
                        ErrorKind::UnknownPrompt,
                        format!("{} has no prompts.", principle.title),
                    )
                })?
            }
        };
        let earlier = self
            .store
            .history(user)?
            .iter()
            .filter(|s| s.prompt_id == prompt.id)
            .filter_map(|s| s.latest().map(|c| c.overall))
            .max();
        let session = Session {
            id,
            user: user.to_string(),
            principle: principle.id.clone(),
            prompt_id: prompt.id.clone(),
            started_at: now,
            updated_at: now,
            ended_at: None,
            outcome: Outcome::Active,
            seed,
            max_probes: max_probes.unwrap_or(self.config.max_probes),
            pending: Some(Pending {
                text: prompt.text.clone(),
                probe: None,
            }),
            turns: Vec::new(),
            skipped: Vec::new(),
            earlier,
        };
        self.store.begin(&session)?;
        self.question(&session, false)
            .map(Reply::Prompt)
            .ok_or_else(no_session)
    }

    /// Starts a session: on `principle`, or on the one the user needs most.
    /// With a session already in progress on the same (or no named)
    /// principle, resumes it instead.
    #[tracing::instrument(skip_all)]
    pub fn start(&self, user: &str, principle: Option<&str>) -> Result<Reply, Error> {
        self.start_with(user, principle, None)
    }

    /// [`Engine::start`], with this session's number of probes chosen by the
    /// caller (a server's own setting) instead of the engine's default.
    pub fn start_with(
        &self,
        user: &str,
        principle: Option<&str>,
        max_probes: Option<u8>,
    ) -> Result<Reply, Error> {
        check_id(user)?;
        let _guard = self.locks.lock(user);
        let now = self.clock.now();
        let wanted = match principle {
            Some(id) => Some(self.bank.get(id).ok_or_else(|| {
                Error::user(
                    ErrorKind::UnknownPrinciple,
                    format!(
                        "There is no principle `{id}`. Try one of: {}.",
                        self.bank.id_list()
                    ),
                )
            })?),
            None => None,
        };
        if let Some(session) = self.live(user, now)? {
            if wanted.is_none_or(|p| p.id == session.principle) {
                return self
                    .question(&session, true)
                    .map(Reply::Prompt)
                    .ok_or_else(no_session);
            }
            return Err(self.busy(&session));
        }
        let principle = match wanted {
            Some(p) => p,
            None => {
                let rows = self.store.coverage(user)?;
                choose::principle(&self.bank, &rows, stable_hash(user.as_bytes()) ^ now)
                    .ok_or_else(|| {
                        Error::user(ErrorKind::UnknownPrinciple, "The prompt bank is empty.")
                    })?
            }
        };
        self.open(user, principle, None, max_probes, now)
    }

    /// Starts a session on a prompt answered before (the most recent one
    /// when `prompt_id` is `None`); its scores are shown against the earlier best.
    #[tracing::instrument(skip_all)]
    pub fn retry(&self, user: &str, prompt_id: Option<&str>) -> Result<Reply, Error> {
        check_id(user)?;
        let _guard = self.locks.lock(user);
        let now = self.clock.now();
        if let Some(session) = self.live(user, now)? {
            return Err(self.busy(&session));
        }
        let prompt_id = match prompt_id {
            Some(id) => id.to_string(),
            None => self
                .store
                .history(user)?
                .iter()
                .rev()
                .find(|s| !s.turns.is_empty())
                .map(|s| s.prompt_id.clone())
                .ok_or_else(|| {
                    Error::user(
                        ErrorKind::UnknownPrompt,
                        "You have not answered any prompt yet.",
                    )
                })?,
        };
        let (principle, prompt) = self.bank.prompt(&prompt_id).ok_or_else(|| {
            Error::user(
                ErrorKind::UnknownPrompt,
                format!("There is no prompt `{prompt_id}`."),
            )
        })?;
        self.open(user, principle, Some(prompt), None, now)
    }

    /// Scores an answer to the question waiting, then asks the next probe
    /// or, when the probes are used up, closes the session.
    #[tracing::instrument(skip_all)]
    pub fn answer(&self, user: &str, text: &str) -> Result<Reply, Error> {
        check_id(user)?;
        if text.trim().is_empty() {
            return Err(Error::user(ErrorKind::EmptyAnswer, "That answer is empty."));
        }
        if text.len() > self.config.max_answer_bytes {
            return Err(Error::user(
                ErrorKind::TooLong,
                format!(
                    "That answer is longer than {} bytes; tell the story in fewer words.",
                    self.config.max_answer_bytes
                ),
            ));
        }
        let _guard = self.locks.lock(user);
        let now = self.clock.now();
        let mut session = self.live(user, now)?.ok_or_else(no_session)?;
        let pending = session.pending.take().ok_or_else(no_session)?;
        let principle = self.bank.get(&session.principle).ok_or_else(|| {
            Error::user(
                ErrorKind::UnknownPrinciple,
                format!(
                    "The principle `{}` is no longer in the bank; end this session.",
                    session.principle
                ),
            )
        })?;
        let previous = session.latest().cloned();
        let card = match session.turns.first() {
            None => self.rubric.score(text, &principle.weights),
            Some(first) => {
                let mut story: Vec<&str> =
                    session.turns.iter().map(|t| t.answer.as_str()).collect();
                story.push(text);
                self.rubric.score_with(
                    &story.join("\n\n"),
                    &principle.weights,
                    ScoreOptions {
                        length_words: Some(first.card.words),
                    },
                )
            }
        };
        session.turns.push(Turn {
            question: pending.text,
            probe: pending.probe,
            answer: text.to_string(),
            at: now,
            card: card.clone(),
        });
        session.updated_at = now;
        let changes = previous
            .as_ref()
            .map(|p| summary::changed(p, &card))
            .unwrap_or_default();
        let asked = session.probed();
        let probe = if asked.len() < usize::from(session.max_probes) {
            choose::probe(
                principle,
                &card,
                &asked,
                session.seed ^ session.turns.len() as u64,
            )
        } else {
            None
        };
        let next = match probe {
            Some(probe) => {
                session.pending = Some(Pending {
                    text: probe.text.clone(),
                    probe: Some(probe.signal),
                });
                self.store.save(&session)?;
                Next::Probe(self.question(&session, false).ok_or_else(no_session)?)
            }
            None => Next::Done(Box::new(self.close(
                session.clone(),
                Outcome::Finished,
                now,
            )?)),
        };
        Ok(Reply::Scored(Box::new(Scored {
            principle: principle.id.clone(),
            title: principle.title.clone(),
            card,
            previous: previous.map(|c| c.overall),
            changes,
            earlier: session.earlier,
            next,
        })))
    }

    /// Skips the question waiting: an unanswered prompt is put away and
    /// another prompt on the same principle is asked; a probe is passed
    /// over for the next one, or the session ends if none is left.
    #[tracing::instrument(skip_all)]
    pub fn skip(&self, user: &str) -> Result<Reply, Error> {
        check_id(user)?;
        let _guard = self.locks.lock(user);
        let now = self.clock.now();
        let mut session = self.live(user, now)?.ok_or_else(no_session)?;
        if session.turns.is_empty() {
            let principle_id = session.principle.clone();
            let max_probes = session.max_probes;
            self.close(session, Outcome::Skipped, now)?;
            let principle = self.bank.get(&principle_id).ok_or_else(no_session)?;
            return self.open(user, principle, None, Some(max_probes), now);
        }
        if let Some(signal) = session.pending.take().and_then(|p| p.probe) {
            session.skipped.push(signal);
        }
        session.updated_at = now;
        let asked = session.probed();
        let probe = match (self.bank.get(&session.principle), session.latest()) {
            (Some(p), Some(card)) if asked.len() < usize::from(session.max_probes) => {
                choose::probe(
                    p,
                    card,
                    &asked,
                    session.seed ^ (asked.len() as u64 + 1) << 8,
                )
            }
            _ => None,
        };
        match probe {
            Some(probe) => {
                session.pending = Some(Pending {
                    text: probe.text.clone(),
                    probe: Some(probe.signal),
                });
                self.store.save(&session)?;
                self.question(&session, false)
                    .map(Reply::Probe)
                    .ok_or_else(no_session)
            }
            None => Ok(Reply::Summary(Box::new(self.close(
                session,
                Outcome::Finished,
                now,
            )?))),
        }
    }

    /// Ends the session in progress now, with its summary.
    #[tracing::instrument(skip_all)]
    pub fn end(&self, user: &str) -> Result<Reply, Error> {
        check_id(user)?;
        let _guard = self.locks.lock(user);
        let now = self.clock.now();
        let session = self.live(user, now)?.ok_or_else(no_session)?;
        Ok(Reply::Summary(Box::new(self.close(
            session,
            Outcome::Ended,
            now,
        )?)))
    }

    /// The session in progress, if any, and how much the user has covered.
    #[tracing::instrument(skip_all)]
    pub fn status(&self, user: &str) -> Result<Reply, Error> {
        check_id(user)?;
        let _guard = self.locks.lock(user);
        let now = self.clock.now();
        let session = self.live(user, now)?;
        let covered = self
            .store
            .coverage(user)?
            .iter()
            .filter(|r| r.best >= self.config.cover_threshold)
            .count();
        let session = session.and_then(|s| {
            Some(SessionStatus {
                waiting_for: self.question(&s, true)?,
                answers: s.turns.len(),
                overall: s.latest().map(|c| c.overall),
                expires_at: s.updated_at.saturating_add(self.config.idle_timeout),
            })
        });
        Ok(Reply::Status(Status {
            session,
            covered,
            principles: self.bank.principles().len(),
        }))
    }

    /// Puts away every session idle past the timeout; returns their summaries.
    #[tracing::instrument(skip_all)]
    pub fn expire_idle(&self) -> Result<Vec<Summary>, Error> {
        let mut out = Vec::new();
        for stale in self.store.all_active()? {
            let _guard = self.locks.lock(&stale.user);
            let now = self.clock.now();
            let Some(session) = self.store.active(&stale.user)? else {
                continue;
            };
            if now.saturating_sub(session.updated_at) >= self.config.idle_timeout {
                out.push(self.close(session, Outcome::Abandoned, now)?);
            }
        }
        Ok(out)
    }

    /// The user's record on every principle in the bank.
    pub fn coverage(&self, user: &str) -> Result<Vec<CoverageLine>, Error> {
        check_id(user)?;
        let rows = self.store.coverage(user)?;
        Ok(self
            .bank
            .principles()
            .iter()
            .map(|p| {
                let row = rows.iter().find(|r| r.principle == p.id).cloned();
                CoverageLine {
                    principle: p.id.clone(),
                    title: p.title.clone(),
                    covered: row
                        .as_ref()
                        .is_some_and(|r| r.best >= self.config.cover_threshold),
                    row,
                }
            })
            .collect())
    }

    /// Closed sessions, oldest first.
    pub fn history(&self, user: &str) -> Result<Vec<Session>, Error> {
        check_id(user)?;
        Ok(self.store.history(user)?)
    }

    /// Adds the user to a server (their DM sessions count there too), or
    /// updates the name shown on its leaderboard.
    #[tracing::instrument(skip_all)]
    pub fn join(&self, server: &str, user: &str, name: &str) -> Result<(), Error> {
        check_id(server)?;
        check_id(user)?;
        let _guard = self.locks.lock(user);
        let member = match self.store.member(server, user)? {
            Some(m) => Member {
                name: name.to_string(),
                ..m
            },
            None => Member {
                name: name.to_string(),
                joined_at: self.clock.now(),
                opted_out: false,
            },
        };
        Ok(self.store.join(server, user, &member)?)
    }

    /// Takes the user off (or back onto) one server's leaderboard.
    #[tracing::instrument(skip_all)]
    pub fn opt_out(&self, server: &str, user: &str, opted_out: bool) -> Result<(), Error> {
        check_id(server)?;
        check_id(user)?;
        let _guard = self.locks.lock(user);
        let member = self.store.member(server, user)?.ok_or_else(|| {
            Error::user(
                ErrorKind::NotMember,
                "You are not a member of that server here.",
            )
        })?;
        Ok(self.store.join(
            server,
            user,
            &Member {
                opted_out,
                ..member
            },
        )?)
    }

    /// A server's top `limit` members.
    #[tracing::instrument(skip_all)]
    pub fn leaderboard(
        &self,
        server: &str,
        board: Board,
        limit: usize,
    ) -> Result<Vec<BoardEntry>, Error> {
        check_id(server)?;
        let period = match board {
            Board::AllTime => Period::AllTime,
            Board::ThisWeek => Period::Week(week_of(self.clock.now())),
        };
        Ok(self.store.leaderboard(server, period, limit)?)
    }

    /// A server's settings (defaults when never set).
    pub fn server_settings(&self, server: &str) -> Result<ServerSettings, Error> {
        check_id(server)?;
        Ok(self.store.settings(server)?)
    }

    /// Replaces a server's settings.
    pub fn set_server_settings(
        &self,
        server: &str,
        settings: &ServerSettings,
    ) -> Result<(), Error> {
        check_id(server)?;
        Ok(self.store.set_settings(server, settings)?)
    }

    /// Everything stored about the user.
    pub fn export(&self, user: &str) -> Result<UserData, Error> {
        check_id(user)?;
        let _guard = self.locks.lock(user);
        Ok(self.store.export(user)?)
    }

    /// Deletes everything stored about the user.
    #[tracing::instrument(skip_all)]
    pub fn forget(&self, user: &str) -> Result<(), Error> {
        check_id(user)?;
        let _guard = self.locks.lock(user);
        Ok(self.store.forget(user)?)
    }
}
