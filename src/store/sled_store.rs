//! The sled backend. One tree per kind of record; each change is one
//! multi-tree transaction followed by a flush, so a crash leaves either
//! the state before the change or the state after it.

use super::envelope::{self, Record};
use super::keys;
use super::{Closing, Store, StoreError, UserData};
use crate::model::{
    BoardEntry, Coverage, Member, Millis, Period, ServerSettings, Session, Standing,
};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use sled::{Db, Tree};
use std::path::Path;

/// The trees, in the order of [`SledStore::trees`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum T {
    /// user -> Session in progress
    Active,
    /// user ++ session id -> closed Session
    Finished,
    /// user ++ principle -> Coverage
    Coverage,
    /// user ++ prompt id -> when it was shown
    Seen,
    /// user -> Standing
    Standing,
    /// server ++ user -> Member
    Members,
    /// user ++ server -> (reverse index of Members)
    UserServers,
    /// server -> ServerSettings
    Settings,
    /// server ++ period ++ rank ++ user -> BoardEntry
    Board,
    /// user ++ board key -> (reverse index of Board)
    BoardByUser,
}

const TREES: [(T, &str); 10] = [
    (T::Active, "active"),
    (T::Finished, "finished"),
    (T::Coverage, "coverage"),
    (T::Seen, "seen"),
    (T::Standing, "standing"),
    (T::Members, "members"),
    (T::UserServers, "user_servers"),
    (T::Settings, "settings"),
    (T::Board, "board"),
    (T::BoardByUser, "board_by_user"),
];

/// Changes to apply in one transaction, in order.
#[derive(Default)]
struct Writes(Vec<(T, Vec<u8>, Option<Vec<u8>>)>);

impl Writes {
    fn put(&mut self, tree: T, key: Vec<u8>, value: Vec<u8>) {
        self.0.push((tree, key, Some(value)));
    }
    fn del(&mut self, tree: T, key: Vec<u8>) {
        self.0.push((tree, key, None));
    }
}

/// One stored pair: (tree name, key, value).
pub type Dumped = (&'static str, Vec<u8>, Vec<u8>);

/// A store in one sled database directory.
pub struct SledStore {
    db: Db,
    trees: Vec<Tree>,
}

impl std::fmt::Debug for SledStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SledStore").finish_non_exhaustive()
    }
}

impl SledStore {
    /// Opens (creating if needed) the database in `dir`.
    #[tracing::instrument(skip_all)]
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        // sled releases its file lock from a background thread after the
        // previous handle is dropped; a reopen right after a close (a
        // restart, a test) waits briefly for it instead of failing.
        let mut attempts = 0;
        let db = loop {
            match sled::Config::new().path(dir).open() {
                Err(sled::Error::Io(e))
                    if attempts < 40 && e.to_string().contains("could not acquire lock") =>
                {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => break other?,
            }
        };
        Self::with_db(db)
    }

    /// A store that lives in memory only (for tests and benchmarks).
    pub fn temporary() -> Result<SledStore, StoreError> {
        Self::with_db(sled::Config::new().temporary(true).open()?)
    }

    fn with_db(db: Db) -> Result<SledStore, StoreError> {
        let trees = TREES
            .iter()
            .map(|(_, name)| db.open_tree(name))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SledStore { db, trees })
    }

    fn tree(&self, t: T) -> &Tree {
        &self.trees[t as usize]
    }

    /// Writes everything buffered to disk (every operation already does;
    /// this is for a clean shutdown).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// Every key and value in every tree, named by tree: for audits such as
    /// checking that nothing of a forgotten user remains.
    pub fn dump(&self) -> Result<Vec<Dumped>, StoreError> {
        let mut out = Vec::new();
        for (t, name) in TREES {
            for item in self.tree(t).iter() {
                let (k, v) = item?;
                out.push((name, k.to_vec(), v.to_vec()));
            }
        }
        Ok(out)
    }

    fn get<R: Record>(&self, t: T, key: &[u8]) -> Result<Option<R>, StoreError> {
        self.tree(t)
            .get(key)?
            .map(|v| envelope::decode(&v))
            .transpose()
    }

    fn scan<R: Record>(&self, t: T, prefix: &[u8]) -> Result<Vec<(Vec<u8>, R)>, StoreError> {
        self.tree(t)
            .scan_prefix(prefix)
            .map(|item| {
                let (k, v) = item?;
                Ok((k.to_vec(), envelope::decode(&v)?))
            })
            .collect()
    }

    fn keys(&self, t: T, prefix: &[u8]) -> Result<Vec<Vec<u8>>, StoreError> {
        self.tree(t)
            .scan_prefix(prefix)
            .keys()
            .map(|k| Ok(k?.to_vec()))
            .collect()
    }

    /// Applies `writes` atomically, then makes them durable.
    fn apply(&self, writes: Writes) -> Result<(), StoreError> {
        let mut used: Vec<T> = Vec::new();
        for (t, _, _) in &writes.0 {
            if !used.contains(t) {
                used.push(*t);
            }
        }
        let trees: Vec<&Tree> = used.iter().map(|&t| self.tree(t)).collect();
        let slot = |t: T| used.iter().position(|&u| u == t).unwrap_or_default();
        let result: Result<(), TransactionError<()>> = trees[..].transaction(|tx| {
            for (t, key, value) in &writes.0 {
                let tree = &tx[slot(*t)];
                match value {
                    Some(v) => tree.insert(key.as_slice(), v.as_slice())?,
                    None => tree.remove(key.as_slice())?,
                };
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Storage(e)) => return Err(e.into()),
            Err(TransactionError::Abort(())) => {
                return Err(StoreError::Encode("transaction aborted".into()));
            }
        }
        self.db.flush()?;
        Ok(())
    }

    /// Rewrites the user's leaderboard rows to match `standing` and their
    /// memberships `servers`: rows of servers they left or opted out of go,
    /// the all-time and current-week rows are replaced, and rows of earlier
    /// weeks stay as they were.
    fn board_writes(
        &self,
        user: &str,
        standing: &Standing,
        servers: &[(String, Member)],
        writes: &mut Writes,
    ) -> Result<(), StoreError> {
        let week = standing.week.as_ref().map(|(w, _)| *w);
        let listed = |server: &str| servers.iter().any(|(s, m)| s == server && !m.opted_out);
        for index_key in self.keys(T::BoardByUser, &keys::prefix(user))? {
            let board_key = keys::rest(&index_key, user).to_vec();
            let stale = match keys::parse_board(&board_key) {
                Some((server, period)) => {
                    !listed(&server)
                        || period == Period::AllTime
                        || Some(period) == week.map(Period::Week)
                }
                None => true,
            };
            if stale {
                writes.del(T::Board, board_key);
                writes.del(T::BoardByUser, index_key);
            }
        }
        for (server, member) in servers.iter().filter(|(_, m)| !m.opted_out) {
            let mut rows = Vec::new();
            if let Some(rank) = &standing.all {
                rows.push((Period::AllTime, rank));
            }
            if let Some((week, rank)) = &standing.week {
                rows.push((Period::Week(*week), rank));
            }
            for (period, rank) in rows {
                let key = keys::board(server, period, rank, user);
                let entry = BoardEntry {
                    user: user.to_string(),
                    name: member.name.clone(),
                    rank: rank.clone(),
                };
                writes.put(T::BoardByUser, keys::pair(user, &key), Vec::new());
                writes.put(T::Board, key, envelope::encode(&entry)?);
            }
        }
        Ok(())
    }
}

impl Store for SledStore {
    #[tracing::instrument(skip_all)]
    fn next_id(&self) -> Result<u64, StoreError> {
        Ok(self.db.generate_id()?)
    }

    #[tracing::instrument(skip_all)]
    fn active(&self, user: &str) -> Result<Option<Session>, StoreError> {
        self.get(T::Active, &keys::prefix(user))
    }

    #[tracing::instrument(skip_all)]
    fn all_active(&self) -> Result<Vec<Session>, StoreError> {
        Ok(self
            .scan(T::Active, &[])?
            .into_iter()
            .map(|(_, s)| s)
            .collect())
    }

    #[tracing::instrument(skip_all)]
    fn begin(&self, session: &Session) -> Result<(), StoreError> {
        let mut w = Writes::default();
        w.put(
            T::Active,
            keys::prefix(&session.user),
            envelope::encode(session)?,
        );
        w.put(
            T::Seen,
            keys::pair(&session.user, session.prompt_id.as_bytes()),
            envelope::encode(&session.started_at)?,
        );
        self.apply(w)
    }

    #[tracing::instrument(skip_all)]
    fn save(&self, session: &Session) -> Result<(), StoreError> {
        self.tree(T::Active)
            .insert(keys::prefix(&session.user), envelope::encode(session)?)?;
        self.db.flush()?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    fn close(&self, closing: &Closing) -> Result<(), StoreError> {
        let session = &closing.session;
        let user = session.user.as_str();
        let mut w = Writes::default();
        w.del(T::Active, keys::prefix(user));
        w.put(
            T::Finished,
            keys::pair(user, &session.id.to_be_bytes()),
            envelope::encode(session)?,
        );
        if let Some(row) = &closing.coverage {
            w.put(
                T::Coverage,
                keys::pair(user, row.principle.as_bytes()),
                envelope::encode(row)?,
            );
        }
        w.put(
            T::Standing,
            keys::prefix(user),
            envelope::encode(&closing.standing)?,
        );
        let servers = self.servers_of(user)?;
        self.board_writes(user, &closing.standing, &servers, &mut w)?;
        self.apply(w)
    }

    #[tracing::instrument(skip_all)]
    fn history(&self, user: &str) -> Result<Vec<Session>, StoreError> {
        Ok(self
            .scan(T::Finished, &keys::prefix(user))?
            .into_iter()
            .map(|(_, s)| s)
            .collect())
    }

    #[tracing::instrument(skip_all)]
    fn coverage(&self, user: &str) -> Result<Vec<Coverage>, StoreError> {
        Ok(self
            .scan(T::Coverage, &keys::prefix(user))?
            .into_iter()
            .map(|(_, c)| c)
            .collect())
    }

    #[tracing::instrument(skip_all)]
    fn seen(&self, user: &str) -> Result<Vec<(String, Millis)>, StoreError> {
        Ok(self
            .scan::<Millis>(T::Seen, &keys::prefix(user))?
            .into_iter()
            .map(|(k, at)| {
                let prompt = String::from_utf8_lossy(keys::rest(&k, user)).into_owned();
                (prompt, at)
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    fn standing(&self, user: &str) -> Result<Standing, StoreError> {
        Ok(self
            .get(T::Standing, &keys::prefix(user))?
            .unwrap_or_default())
    }

    #[tracing::instrument(skip_all)]
    fn join(&self, server: &str, user: &str, member: &Member) -> Result<(), StoreError> {
        let mut w = Writes::default();
        w.put(
            T::Members,
            keys::pair(server, user.as_bytes()),
            envelope::encode(member)?,
        );
        w.put(
            T::UserServers,
            keys::pair(user, server.as_bytes()),
            Vec::new(),
        );
        let mut servers = self.servers_of(user)?;
        servers.retain(|(s, _)| s != server);
        servers.push((server.to_string(), member.clone()));
        let standing = self.standing(user)?;
        self.board_writes(user, &standing, &servers, &mut w)?;
        self.apply(w)
    }

    #[tracing::instrument(skip_all)]
    fn member(&self, server: &str, user: &str) -> Result<Option<Member>, StoreError> {
        self.get(T::Members, &keys::pair(server, user.as_bytes()))
    }

    #[tracing::instrument(skip_all)]
    fn servers_of(&self, user: &str) -> Result<Vec<(String, Member)>, StoreError> {
        let mut out = Vec::new();
        for key in self.keys(T::UserServers, &keys::prefix(user))? {
            let server = String::from_utf8_lossy(keys::rest(&key, user)).into_owned();
            if let Some(member) = self.member(&server, user)? {
                out.push((server, member));
            }
        }
        Ok(out)
    }

    #[tracing::instrument(skip_all)]
    fn members(&self, server: &str) -> Result<Vec<(String, Member)>, StoreError> {
        Ok(self
            .scan(T::Members, &keys::prefix(server))?
            .into_iter()
            .map(|(k, m)| {
                (
                    String::from_utf8_lossy(keys::rest(&k, server)).into_owned(),
                    m,
                )
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    fn settings(&self, server: &str) -> Result<ServerSettings, StoreError> {
        Ok(self
            .get(T::Settings, &keys::prefix(server))?
            .unwrap_or_default())
    }

    #[tracing::instrument(skip_all)]
    fn set_settings(&self, server: &str, settings: &ServerSettings) -> Result<(), StoreError> {
        let mut w = Writes::default();
        w.put(
            T::Settings,
            keys::prefix(server),
            envelope::encode(settings)?,
        );
        self.apply(w)
    }

    #[tracing::instrument(skip_all)]
    fn leaderboard(
        &self,
        server: &str,
        period: Period,
        limit: usize,
    ) -> Result<Vec<BoardEntry>, StoreError> {
        self.tree(T::Board)
            .scan_prefix(keys::board_prefix(server, period))
            .values()
            .take(limit)
            .map(|v| envelope::decode(&v?))
            .collect()
    }

    #[tracing::instrument(skip_all)]
    fn export(&self, user: &str) -> Result<UserData, StoreError> {
        Ok(UserData {
            user: user.to_string(),
            active: self.active(user)?,
            history: self.history(user)?,
            coverage: self.coverage(user)?,
            servers: self.servers_of(user)?,
            standing: self.standing(user)?,
        })
    }

    #[tracing::instrument(skip_all)]
    fn forget(&self, user: &str) -> Result<(), StoreError> {
        let mine = keys::prefix(user);
        let mut w = Writes::default();
        w.del(T::Active, mine.clone());
        w.del(T::Standing, mine.clone());
        for t in [T::Finished, T::Coverage, T::Seen] {
            for key in self.keys(t, &mine)? {
                w.del(t, key);
            }
        }
        for key in self.keys(T::UserServers, &mine)? {
            let server = String::from_utf8_lossy(keys::rest(&key, user)).into_owned();
            w.del(T::Members, keys::pair(&server, user.as_bytes()));
            w.del(T::UserServers, key);
        }
        self.board_writes(user, &Standing::default(), &[], &mut w)?;
        self.apply(w)
    }
}
