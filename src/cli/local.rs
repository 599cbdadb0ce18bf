//! The terminal's local store: where it lives and who "you" are.

use anyhow::Context;
use clap::Args;
use starprobe::bank::Bank;
use starprobe::engine::{Config, Engine, SystemClock};
use starprobe::rubric::Rubric;
use starprobe::store::SledStore;
use std::path::PathBuf;
use std::sync::Arc;

/// Options every local-store command shares.
#[derive(Debug, Args)]
pub struct Local {
    /// Where sessions are kept [default: $STARPROBE_DATA_DIR, else
    /// $XDG_DATA_HOME/starprobe, else ~/.local/share/starprobe].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Whose sessions these are.
    #[arg(long, default_value = "local")]
    pub user: String,
}

impl Local {
    /// The data directory, from the flag, the environment or the default.
    pub fn dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = &self.data_dir {
            return Ok(dir.clone());
        }
        starprobe::store::default_dir().ok_or_else(|| {
            anyhow::anyhow!("no data directory: set --data-dir or STARPROBE_DATA_DIR")
        })
    }

    /// The engine over the local store.
    pub fn engine(&self, bank: Bank) -> anyhow::Result<Engine<SledStore>> {
        let dir = self.dir()?;
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let store = SledStore::open(&dir)
            .with_context(|| format!("cannot open the store in {}", dir.display()))?;
        Ok(Engine::new(
            store,
            bank,
            Rubric::new()?,
            Config::default(),
            Arc::new(SystemClock),
        ))
    }
}
