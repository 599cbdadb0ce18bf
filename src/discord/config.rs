//! `config.toml` for `starprobe bot`: every key optional, every mistake
//! reported with the file and line. The token never lives here.

use crate::engine::Config as EngineConfig;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Everything the bot needs besides its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub data_dir: PathBuf,
    /// Servers whose commands are registered directly (instant updates).
    pub guilds: Vec<u64>,
    pub probes_per_session: u8,
    pub covered_threshold: u8,
    pub session_expiry_hours: u64,
    /// `tracing_subscriber::EnvFilter` syntax.
    pub log: String,
    /// A Discord-compatible server instead of discord.com (tests, Spacebar).
    pub api_base: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let engine = EngineConfig::default();
        Settings {
            data_dir: crate::store::default_dir()
                .unwrap_or_else(|| PathBuf::from("starprobe-data")),
            guilds: Vec::new(),
            probes_per_session: engine.max_probes,
            covered_threshold: engine.cover_threshold,
            session_expiry_hours: engine.idle_timeout / 3_600_000,
            log: "starprobe=info,warn".to_string(),
            api_base: None,
        }
    }
}

impl Settings {
    /// The engine's configuration from these settings.
    pub fn engine_config(&self) -> EngineConfig {
        EngineConfig {
            max_probes: self.probes_per_session,
            idle_timeout: self.session_expiry_hours.saturating_mul(3_600_000),
            cover_threshold: self.covered_threshold,
            ..EngineConfig::default()
        }
    }
}

/// A configuration problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    data_dir: Option<PathBuf>,
    guilds: Option<Vec<u64>>,
    probes_per_session: Option<Spanned<i64>>,
    covered_threshold: Option<Spanned<i64>>,
    session_expiry_hours: Option<Spanned<i64>>,
    log: Option<String>,
    api_base: Option<Spanned<String>>,
}

/// Reads `path`. A missing file is an error only when the caller insists
/// (`required`); otherwise the defaults apply.
pub fn load(path: &Path, required: bool) -> Result<Settings, ConfigError> {
    let file = path.display().to_string();
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Settings::default());
        }
        Err(e) => {
            return Err(ConfigError {
                file,
                line: None,
                message: format!("cannot read: {e}"),
            });
        }
    };
    parse(&file, &source)
}

/// Parses the text of a config file named `file`.
pub fn parse(file: &str, source: &str) -> Result<Settings, ConfigError> {
    let at = |offset: usize, message: String| ConfigError {
        file: file.to_string(),
        line: Some(crate::source::line_of(source, offset)),
        message,
    };
    let raw: Raw = toml::from_str(source).map_err(|e| {
        at(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    let mut settings = Settings::default();
    let ranged =
        |value: &Spanned<i64>, name: &str, low: i64, high: i64| -> Result<i64, ConfigError> {
            let v = *value.get_ref();
            if (low..=high).contains(&v) {
                Ok(v)
            } else {
                Err(at(
                    value.span().start,
                    format!("`{name}` must be between {low} and {high}, not {v}"),
                ))
            }
        };
    if let Some(dir) = raw.data_dir {
        settings.data_dir = dir;
    }
    if let Some(guilds) = raw.guilds {
        settings.guilds = guilds;
    }
    if let Some(v) = &raw.probes_per_session {
        settings.probes_per_session = ranged(v, "probes_per_session", 0, 5)? as u8;
    }
    if let Some(v) = &raw.covered_threshold {
        settings.covered_threshold = ranged(v, "covered_threshold", 0, 100)? as u8;
    }
    if let Some(v) = &raw.session_expiry_hours {
        settings.session_expiry_hours = ranged(v, "session_expiry_hours", 1, 24 * 365)? as u64;
    }
    if let Some(log) = raw.log {
        settings.log = log;
    }
    if let Some(base) = raw.api_base {
        let url = base.get_ref().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(at(
                base.span().start,
                format!("`api_base` must be an http:// or https:// URL, not `{url}`"),
            ));
        }
        settings.api_base = Some(url.to_string());
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_means_defaults() {
        assert_eq!(parse("config.toml", ""), Ok(Settings::default()));
    }

    #[test]
    fn keys_are_read() {
        let s = parse(
            "config.toml",
            "guilds = [1, 2]\nprobes_per_session = 3\ncovered_threshold = 70\napi_base = \"http://127.0.0.1:9/\"\n",
        );
        let s = s.unwrap_or_default();
        assert_eq!(s.guilds, [1, 2]);
        assert_eq!(s.probes_per_session, 3);
        assert_eq!(s.covered_threshold, 70);
        assert_eq!(s.api_base.as_deref(), Some("http://127.0.0.1:9"));
    }

    #[test]
    fn mistakes_name_the_line() {
        let err = parse("bot.toml", "guilds = []\n\nprobes_per_session = 9\n").err();
        assert_eq!(err.as_ref().and_then(|e| e.line), Some(3));
        assert!(err.is_some_and(|e| {
            e.to_string()
                .starts_with("bot.toml:3: `probes_per_session`")
        }));
        let err = parse("bot.toml", "guilds = []\ntoken = \"x\"\n").err();
        assert_eq!(err.as_ref().and_then(|e| e.line), Some(2));
        let err = parse("bot.toml", "api_base = \"discord.com\"\n").err();
        assert!(err.is_some_and(|e| e.message.contains("http://")));
    }
}
