//! Parsing and validating one prompt file, with file-and-line errors.

use super::{Principle, Probe, Prompt};
use crate::rubric::{SignalId, Weights};
use serde::Deserialize;
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// What a prompt is after: lets a session vary the angle it asks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Angle {
    General,
    OutsideScope,
    Failure,
    Disagreement,
    Pressure,
    Data,
}

/// A prompt bank problem, located as precisely as it can be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct BankError {
    pub file: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl BankError {
    pub(super) fn io(path: &Path, err: &std::io::Error) -> BankError {
        BankError {
            file: path.display().to_string(),
            line: None,
            message: format!("cannot read: {err}"),
        }
    }

    pub(super) fn empty() -> BankError {
        BankError {
            file: "prompts".to_string(),
            line: None,
            message: "no prompt files (*.toml) found".to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    title: Spanned<String>,
    meaning: Spanned<String>,
    weights: Spanned<RawWeights>,
    #[serde(default)]
    prompts: Vec<RawPrompt>,
    #[serde(default)]
    probes: Vec<RawProbe>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    situation: Option<Spanned<u8>>,
    ownership: Option<Spanned<u8>>,
    action: Option<Spanned<u8>>,
    decision: Option<Spanned<u8>>,
    conflict: Option<Spanned<u8>>,
    result: Option<Spanned<u8>>,
    reflection: Option<Spanned<u8>>,
    escalation: Option<Spanned<u8>>,
    follow_through: Option<Spanned<u8>>,
    customer: Option<Spanned<u8>>,
    long_term: Option<Spanned<u8>>,
}

impl RawWeights {
    fn get(&self, id: SignalId) -> &Option<Spanned<u8>> {
        match id {
            SignalId::Situation => &self.situation,
            SignalId::Ownership => &self.ownership,
            SignalId::Action => &self.action,
            SignalId::Decision => &self.decision,
            SignalId::Conflict => &self.conflict,
            SignalId::Result => &self.result,
            SignalId::Reflection => &self.reflection,
            SignalId::Escalation => &self.escalation,
            SignalId::FollowThrough => &self.follow_through,
            SignalId::Customer => &self.customer,
            SignalId::LongTerm => &self.long_term,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrompt {
    id: Spanned<String>,
    angle: Angle,
    text: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProbe {
    signal: Spanned<String>,
    text: Spanned<String>,
}

/// The heaviest weight a file may give a signal.
const MAX_WEIGHT: u8 = 5;

struct Locator<'a> {
    file: &'a str,
    source: &'a str,
}

impl Locator<'_> {
    fn at(&self, offset: usize, message: String) -> BankError {
        BankError {
            file: self.file.to_string(),
            line: Some(crate::source::line_of(self.source, offset)),
            message,
        }
    }

    fn nonempty(&self, value: &Spanned<String>, what: &str) -> Result<String, BankError> {
        let text = value.get_ref().trim();
        if text.is_empty() {
            return Err(self.at(value.span().start, format!("{what} is empty")));
        }
        Ok(text.to_string())
    }
}

/// Parses one file. `prompt_ids` carries the ids seen in earlier files so
/// that a duplicate across files is caught too.
pub(super) fn parse(
    file: &str,
    source: &str,
    prompt_ids: &mut Vec<(String, String)>,
) -> Result<Principle, BankError> {
    let at = Locator { file, source };
    let id = principle_id(file).ok_or_else(|| BankError {
        file: file.to_string(),
        line: None,
        message: "file name must be a kebab-case principle id, like `dive-deep.toml`".to_string(),
    })?;
    let raw: RawFile = toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at.at(offset, e.message().trim().to_string())
    })?;

    let title = at.nonempty(&raw.title, "`title`")?;
    let meaning = at.nonempty(&raw.meaning, "`meaning`")?;

    let mut weights = Weights::default();
    for signal in SignalId::ALL {
        let Some(weight) = raw.weights.get_ref().get(signal) else {
            return Err(at.at(
                raw.weights.span().start,
                format!("[weights] is missing `{signal}` (give every signal a weight; 0 means not weighted)"),
            ));
        };
        if *weight.get_ref() > MAX_WEIGHT {
            return Err(at.at(
                weight.span().start,
                format!(
                    "weight of `{signal}` is {}, above the maximum {MAX_WEIGHT}",
                    weight.get_ref()
                ),
            ));
        }
        weights.0[signal.index()] = *weight.get_ref();
    }
    if weights.weighted().next().is_none() {
        return Err(at.at(
            raw.weights.span().start,
            "[weights] gives no signal a weight above 0".to_string(),
        ));
    }

    if raw.prompts.is_empty() {
        return Err(at.at(
            source.len(),
            "no [[prompts]]: a principle needs at least one".to_string(),
        ));
    }
    let mut prompts = Vec::with_capacity(raw.prompts.len());
    for p in &raw.prompts {
        let prompt_id = at.nonempty(&p.id, "prompt `id`")?;
        if let Some((_, other)) = prompt_ids.iter().find(|(seen, _)| *seen == prompt_id) {
            let place = if other == file {
                "earlier in this file".to_string()
            } else {
                format!("in {other}")
            };
            return Err(at.at(
                p.id.span().start,
                format!("duplicate prompt id `{prompt_id}` (already used {place})"),
            ));
        }
        prompt_ids.push((prompt_id.clone(), file.to_string()));
        prompts.push(Prompt {
            id: prompt_id,
            angle: p.angle,
            text: at.nonempty(&p.text, "prompt `text`")?,
        });
    }

    let mut probes = Vec::with_capacity(raw.probes.len());
    for p in &raw.probes {
        let name = p.signal.get_ref();
        let signal: SignalId = name.parse().map_err(|_| {
            let valid: Vec<&str> = SignalId::ALL.iter().map(|s| s.as_str()).collect();
            at.at(
                p.signal.span().start,
                format!("unknown signal `{name}` (valid: {})", valid.join(", ")),
            )
        })?;
        if weights.get(signal) == 0 {
            return Err(at.at(
                p.signal.span().start,
                format!(
                    "probe for `{signal}`, which this principle does not weight (its weight is 0)"
                ),
            ));
        }
        probes.push(Probe {
            signal,
            text: at.nonempty(&p.text, "probe `text`")?,
        });
    }
    for signal in weights.weighted() {
        if !probes.iter().any(|p| p.signal == signal) {
            let line_of_weight = raw
                .weights
                .get_ref()
                .get(signal)
                .as_ref()
                .map_or(0, |w| w.span().start);
            return Err(at.at(
                line_of_weight,
                format!("`{signal}` is weighted but has no [[probes]] entry"),
            ));
        }
    }

    Ok(Principle {
        id,
        title,
        meaning,
        weights,
        prompts,
        probes,
    })
}

/// `prompts/dive-deep.toml` -> `dive-deep`.
fn principle_id(file: &str) -> Option<String> {
    let stem = Path::new(file).file_stem()?.to_str()?;
    let valid = !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !stem.starts_with('-')
        && !stem.ends_with('-');
    valid.then(|| stem.to_string())
}
