//! Reading an answer from a file or standard input, with clear refusals.

use anyhow::{Context, bail};
use std::io::Read;
use std::path::Path;

/// The input named on the command line: a path, or `-`/nothing for stdin.
pub fn read_bytes(path: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match path {
        Some(p) if p != Path::new("-") => {
            bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
        }
        _ => {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
        }
    }
    Ok(bytes)
}

/// An answer: valid UTF-8 with something other than white space in it.
pub fn read_answer(path: Option<&Path>) -> anyhow::Result<String> {
    let name = match path {
        Some(p) if p != Path::new("-") => p.display().to_string(),
        _ => "standard input".to_string(),
    };
    let bytes = read_bytes(path)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name} is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        bail!("{name} is empty: write the answer to score");
    }
    Ok(text)
}
