//! The prompt bank: one TOML file per leadership principle, with its
//! signal weights, interview prompts and follow-up probes.
//!
//! Files are validated as they load. Every problem names the file and the
//! line, because the people who edit these files are interview coaches as
//! often as programmers.

mod embedded;
mod file;

pub use file::{Angle, BankError};

use crate::rubric::{SignalId, Weights};
use std::path::Path;

/// A question that opens an interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// Unique across the bank; stored in session history.
    pub id: String,
    pub angle: Angle,
    pub text: String,
}

/// A follow-up question that digs into one thin signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub signal: SignalId,
    pub text: String,
}

/// One leadership principle as interviewers practise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principle {
    /// Kebab-case id, the file's name: `ownership`, `dive-deep`.
    pub id: String,
    pub title: String,
    pub meaning: String,
    pub weights: Weights,
    pub prompts: Vec<Prompt>,
    pub probes: Vec<Probe>,
}

impl Principle {
    /// The probes aimed at one signal.
    pub fn probes_for(&self, signal: SignalId) -> impl Iterator<Item = &Probe> {
        self.probes.iter().filter(move |p| p.signal == signal)
    }

    /// One probe for `signal`, chosen among the equivalent ones by `seed`.
    pub fn probe(&self, signal: SignalId, seed: u64) -> Option<&Probe> {
        let count = self.probes_for(signal).count() as u64;
        if count == 0 {
            return None;
        }
        self.probes_for(signal).nth((seed % count) as usize)
    }

    /// The prompt with this id, if it belongs to this principle.
    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.prompts.iter().find(|p| p.id == id)
    }
}

/// Every principle, sorted by id.
#[derive(Debug, Clone)]
pub struct Bank {
    principles: Vec<Principle>,
}

impl Bank {
    /// The bank compiled into the binary: works with no setup.
    pub fn embedded() -> Result<Bank, BankError> {
        Bank::from_sources(
            embedded::FILES
                .iter()
                .map(|(id, source)| (format!("prompts/{id}.toml"), *source)),
        )
    }

    /// Loads every `*.toml` in a folder.
    pub fn load_dir(dir: &Path) -> Result<Bank, BankError> {
        let entries = std::fs::read_dir(dir).map_err(|e| BankError::io(dir, &e))?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| BankError::io(dir, &e))?.path();
            if path.extension().is_some_and(|ext| ext == "toml") {
                paths.push(path);
            }
        }
        paths.sort();
        let mut sources = Vec::with_capacity(paths.len());
        for path in paths {
            let source = std::fs::read_to_string(&path).map_err(|e| BankError::io(&path, &e))?;
            sources.push((path.display().to_string(), source));
        }
        Bank::from_sources(
            sources
                .iter()
                .map(|(name, source)| (name.clone(), source.as_str())),
        )
    }

    fn from_sources<'s>(
        files: impl IntoIterator<Item = (String, &'s str)>,
    ) -> Result<Bank, BankError> {
        let mut principles: Vec<Principle> = Vec::new();
        let mut prompt_ids: Vec<(String, String)> = Vec::new(); // (prompt id, file)
        for (name, source) in files {
            let principle = file::parse(&name, source, &mut prompt_ids)?;
            principles.push(principle);
        }
        if principles.is_empty() {
            return Err(BankError::empty());
        }
        principles.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Bank { principles })
    }

    pub fn get(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }

    pub fn principles(&self) -> &[Principle] {
        &self.principles
    }

    /// Principle ids, comma-separated, for error messages.
    pub fn id_list(&self) -> String {
        self.principles
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Finds a prompt anywhere in the bank.
    pub fn prompt(&self, id: &str) -> Option<(&Principle, &Prompt)> {
        self.principles
            .iter()
            .find_map(|p| p.prompt(id).map(|prompt| (p, prompt)))
    }
}
