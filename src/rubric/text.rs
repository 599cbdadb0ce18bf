//! Tokenising an answer into words, numbers and breaks, and the normalised
//! form the lexicon is matched against.
//!
//! The normalised form writes every token as ` token ` (lower-cased ASCII,
//! curly apostrophes straightened, hyphenated words split), so a lexicon
//! phrase padded the same way can only match whole words, and two adjacent
//! words never share a space. Each token remembers its byte range in the
//! original text, so evidence always quotes the user's own words.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of letters (and digits after the first letter).
    Word,
    /// A run starting with a digit: `40`, `2.5`, `3x`, `24h`, `1,200`.
    Number,
    /// A symbol that can carry meaning: `%`, `$`, `£`, `€`, `+`, `/`, `&`, `#`.
    Symbol,
    /// `,`: never a clause break by itself, but it stops phrases.
    Comma,
    /// `;`, `:`, a spaced dash, a bracket: ends a clause.
    ClauseBreak,
    /// `.`, `!`, `?`, a paragraph break or a bullet: ends a sentence.
    SentenceBreak,
}

/// One token: its kind and where it lies in the original text.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte range in the original text.
    pub start: u32,
    pub end: u32,
    /// Byte offset of the token's leading space in the normalised text.
    pub norm_start: u32,
}

/// An answer cut into tokens, with the normalised text built alongside.
#[derive(Debug, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub norm: String,
}

impl Tokens {
    /// Number of word and number tokens: the answer's length in words.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .count()
    }

    /// The token whose leading space sits at `norm_offset`, if any.
    pub fn token_at_norm(&self, norm_offset: usize) -> Option<usize> {
        self.tokens
            .binary_search_by_key(&(norm_offset as u32), |t| t.norm_start)
            .ok()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`')
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '*' | '\u{2022}' | '\u{00b7}' | '\u{2023}' | '\u{25aa}' | '>'
    )
}

/// Cuts `text` into tokens. Linear in the length of the text.
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens {
        tokens: Vec::with_capacity(text.len() / 4 + 8),
        norm: String::with_capacity(text.len() + text.len() / 2 + 8),
    };
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    // Set after a newline: the next visible character may open a bullet.
    let mut at_line_start = true;
    let mut newlines = 0usize;

    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            newlines += 1;
            at_line_start = true;
            if newlines == 2 {
                push(&mut out, TokenKind::SentenceBreak, i, i + 1, "|");
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let line_start = at_line_start;
        at_line_start = false;
        newlines = 0;

        if c.is_alphanumeric() {
            let starts_with_digit = c.is_ascii_digit();
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let next_is_alnum = text[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                let keep = d.is_alphanumeric()
                    || (is_apostrophe(d) && next_is_alnum && !starts_with_digit)
                    || (starts_with_digit
                        && matches!(d, '.' | ',' | ':' | '/')
                        && text[j + 1..].starts_with(|n: char| n.is_ascii_digit()));
                if !keep {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            // A numbered bullet ("1." or "2)") at the start of a line.
            if line_start
                && starts_with_digit
                && end - i <= 2
                && let Some(&(_, '.' | ')')) = chars.peek()
            {
                let after = chars.clone().nth(1).map(|(_, n)| n);
                if after.is_some_and(char::is_whitespace) {
                    chars.next();
                    push(&mut out, TokenKind::SentenceBreak, i, end + 1, "|");
                    continue;
                }
            }
            let kind = if starts_with_digit {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            push_word(&mut out, kind, text, i, end);
            continue;
        }

        match c {
            '.' | '!' | '?' | '\u{2026}' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if matches!(d, '.' | '!' | '?' | '\u{2026}') {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                push(&mut out, TokenKind::SentenceBreak, i, end, ".");
            }
            ',' => push(&mut out, TokenKind::Comma, i, i + 1, ","),
            ';' | ':' | '(' | ')' | '[' | ']' => {
                push(&mut out, TokenKind::ClauseBreak, i, i + 1, ";")
            }
            '\u{2013}' | '\u{2014}' => {
                push(&mut out, TokenKind::ClauseBreak, i, i + c.len_utf8(), ";")
            }
            c if line_start && is_bullet(c) => {
                push(&mut out, TokenKind::SentenceBreak, i, i + c.len_utf8(), "|");
            }
            '-' => {
                // A dash with space on either side separates clauses; inside a
                // word ("long-term") it only separates the word's parts.
                let spaced_before = i == 0 || bytes[i - 1].is_ascii_whitespace();
                let spaced_after = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
                if spaced_before || spaced_after {
                    push(&mut out, TokenKind::ClauseBreak, i, i + 1, ";");
                }
            }
            '%' | '$' | '\u{a3}' | '\u{20ac}' | '+' | '/' | '&' | '#' => {
                let mut buf = [0u8; 4];
                push(
                    &mut out,
                    TokenKind::Symbol,
                    i,
                    i + c.len_utf8(),
                    c.encode_utf8(&mut buf),
                );
            }
            _ => {}
        }
    }
    out
}

fn push(out: &mut Tokens, kind: TokenKind, start: usize, end: usize, norm: &str) {
    push_with(out, kind, start, end, |n| n.push_str(norm));
}

fn push_word(out: &mut Tokens, kind: TokenKind, text: &str, start: usize, end: usize) {
    push_with(out, kind, start, end, |n| {
        for c in text[start..end].chars() {
            if is_apostrophe(c) {
                n.push('\'');
            } else {
                n.push(c.to_ascii_lowercase());
            }
        }
    });
}

/// Appends a token: its padded normal form and where it came from.
fn push_with(
    out: &mut Tokens,
    kind: TokenKind,
    start: usize,
    end: usize,
    write: impl FnOnce(&mut String),
) {
    let norm_start = out.norm.len() as u32;
    out.norm.push(' ');
    write(&mut out.norm);
    out.norm.push(' ');
    out.tokens.push(Token {
        kind,
        start: start as u32,
        end: end as u32,
        norm_start,
    });
}

/// Normalises a lexicon phrase exactly as an answer is normalised, without
/// the outer padding, so that `"Long-term"` becomes `"long  term"`.
pub fn normalize_phrase(phrase: &str) -> String {
    let tokens = tokenize(phrase);
    tokens.norm.trim_matches(' ').to_string()
}

/// FNV-1a: a hash that is the same on every machine and every Rust
/// version, for choices that must be repeatable (probe choice, repeats).
pub fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_and_breaks() {
        let t = tokenize("I cut p99 from 2.5s to 40ms - a 94% drop. Then I left.");
        assert_eq!(
            t.norm,
            " i  cut  p99  from  2.5s  to  40ms  ;  a  94  %  drop  .  then  i  left  . "
        );
        assert_eq!(t.word_count(), 13);
    }

    #[test]
    fn curly_apostrophes_and_hyphens_normalise() {
        assert_eq!(normalize_phrase("I didn’t"), "i  didn't");
        assert_eq!(normalize_phrase("Long-term"), "long  term");
    }

    #[test]
    fn bullets_break_sentences() {
        let t = tokenize("Results:\n- cut costs\n- grew sales\n1. hired two");
        let breaks = t
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::SentenceBreak)
            .count();
        assert_eq!(breaks, 3);
    }

    #[test]
    fn spans_quote_the_original() {
        let text = "Wir haben’s geschafft — 3× schneller";
        let t = tokenize(text);
        for tok in &t.tokens {
            assert!(text.is_char_boundary(tok.start as usize));
            assert!(text.is_char_boundary(tok.end as usize));
        }
    }
}
