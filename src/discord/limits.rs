//! Discord's size limits, and cutting text to fit them without breaking a
//! word, a UTF-8 character or a character's combining marks.
//!
//! Discord counts length in characters; we count UTF-16 code units, which
//! is never fewer, so a text we accept is never rejected for length.

/// Message content.
pub const MESSAGE: usize = 2000;
/// Embed description.
pub const EMBED_DESCRIPTION: usize = 4096;
/// Embed title.
pub const EMBED_TITLE: usize = 256;
/// Embed field value.
pub const FIELD_VALUE: usize = 1024;
/// Embed field name.
pub const FIELD_NAME: usize = 256;
/// Embed footer.
pub const FOOTER: usize = 2048;
/// All text in one embed together.
pub const EMBED_TOTAL: usize = 6000;
/// Fields in one embed.
pub const FIELDS: usize = 25;
/// A modal's paragraph input.
pub const MODAL_PARAGRAPH: usize = 4000;

/// Discord's length of `text`, in UTF-16 code units.
pub fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// A character that must stay with the one before it.
fn is_joiner(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x200C | 0x200D | 0xE0100..=0xE01EF
        | 0x1F3FB..=0x1F3FF)
}

/// The longest prefix of `text` that fits in `limit`, cut at the last white
/// space when there is one in the second half, else at the last whole
/// character (with its combining marks).
fn prefix(text: &str, limit: usize) -> &str {
    let mut used = 0;
    let mut fit = 0; // byte end of the longest fitting prefix
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > limit {
            break;
        }
        fit = i + c.len_utf8();
    }
    if fit == text.len() {
        return text;
    }
    // Never leave a combining mark without its base.
    let mut end = fit;
    while end > 0 {
        let next = text[end..].chars().next();
        let previous = text[..end].chars().next_back();
        if next.is_some_and(is_joiner) || previous == Some('\u{200D}') {
            end = text[..end].char_indices().next_back().map_or(0, |(i, _)| i);
        } else {
            break;
        }
    }
    if let Some(space) = text[..end].rfind(char::is_whitespace)
        && space >= end / 2
    {
        return text[..space].trim_end();
    }
    &text[..end]
}

/// `text` if it fits in `limit`, else cut to fit with an ellipsis.
pub fn trim(text: &str, limit: usize) -> String {
    if length(text) <= limit {
        return text.to_string();
    }
    let mut cut = prefix(text, limit.saturating_sub(1)).to_string();
    cut.push('…');
    cut
}

/// Splits `text` into pieces of at most `limit`, at white space where it can.
pub fn split(text: &str, limit: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let mut piece = prefix(rest, limit);
        if piece.is_empty() {
            // A single character wider than the limit cannot happen for any
            // Discord limit; take one character to guarantee progress.
            let first = rest.chars().next().map_or(rest.len(), char::len_utf8);
            piece = &rest[..first];
        }
        pieces.push(piece.to_string());
        rest = rest[piece.len()..].trim_start();
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(trim("hello", 10), "hello");
        assert_eq!(split("hello", 10), ["hello"]);
    }

    #[test]
    fn cuts_at_a_word() {
        assert_eq!(trim("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(split("alpha beta gamma", 11), ["alpha beta", "gamma"]);
    }

    #[test]
    fn never_splits_a_character_or_its_marks() {
        let text = "e\u{301}".repeat(3000);
        for piece in split(&text, MESSAGE) {
            assert!(length(&piece) <= MESSAGE);
            assert!(!piece.starts_with('\u{301}'));
        }
        let emoji = "👩‍💻".repeat(1500);
        let cut = trim(&emoji, FIELD_VALUE);
        assert!(length(&cut) <= FIELD_VALUE);
        let kept = cut.trim_end_matches('…');
        assert!(emoji.starts_with(kept));
        assert!(kept.ends_with('💻'), "whole emoji only");
    }
}
