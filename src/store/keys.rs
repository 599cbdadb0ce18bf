//! Key layouts. Ids are length-prefixed so any string is a safe id and a
//! prefix scan over one user or one server never spills into another.
//!
//! Leaderboard keys sort best-first within a server and period, so a
//! server's top N is a range scan of N keys.

use crate::model::{Period, Rank};

/// `len(id) as u16 BE ++ id`: the prefix of everything keyed by `id`.
pub fn prefix(id: &str) -> Vec<u8> {
    let bytes = id.as_bytes();
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    let mut key = Vec::with_capacity(2 + bytes.len() + 24);
    key.extend_from_slice(&len.to_be_bytes());
    key.extend_from_slice(&bytes[..usize::from(len)]);
    key
}

/// `prefix(a) ++ b`.
pub fn pair(a: &str, b: &[u8]) -> Vec<u8> {
    let mut key = prefix(a);
    key.extend_from_slice(b);
    key
}

/// The part of a key after `prefix(a)`.
pub fn rest<'k>(key: &'k [u8], a: &str) -> &'k [u8] {
    key.get(2 + a.len()..).unwrap_or_default()
}

/// The prefix of one server's board for one period.
pub fn board_prefix(server: &str, period: Period) -> Vec<u8> {
    let mut key = prefix(server);
    match period {
        Period::AllTime => key.push(0),
        Period::Week(week) => {
            key.push(1);
            key.extend_from_slice(&week.to_be_bytes());
        }
    }
    key
}

/// One user's row on one server's board.
pub fn board(server: &str, period: Period, rank: &Rank, user: &str) -> Vec<u8> {
    let mut key = board_prefix(server, period);
    key.extend_from_slice(&rank.sort_key());
    key.extend_from_slice(user.as_bytes());
    key
}

/// The server and period of a board key.
pub fn parse_board(key: &[u8]) -> Option<(String, Period)> {
    let (len, rest) = key.split_first_chunk::<2>()?;
    let len = usize::from(u16::from_be_bytes(*len));
    let server = std::str::from_utf8(rest.get(..len)?).ok()?.to_string();
    let rest = rest.get(len..)?;
    match rest.first()? {
        0 => Some((server, Period::AllTime)),
        _ => {
            let week = rest.get(1..5)?.try_into().ok()?;
            Some((server, Period::Week(u32::from_be_bytes(week))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_keys_round_trip_and_stay_inside_their_server() {
        let rank = Rank::default();
        let key = board("srv", Period::Week(7), &rank, "u");
        assert_eq!(parse_board(&key), Some(("srv".into(), Period::Week(7))));
        assert!(key.starts_with(&board_prefix("srv", Period::Week(7))));
        assert!(!key.starts_with(&board_prefix("sr", Period::AllTime)));
        assert!(!pair("ab", b"c").starts_with(&prefix("a")));
    }
}
