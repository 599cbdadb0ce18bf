//! Locating a byte offset in a text file, for errors that name the line.

/// The 1-based line of `offset` in `source`.
pub fn line_of(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
