//! The rubric's vocabulary, compiled once into a single Aho-Corasick automaton.
//!
//! Every phrase of `lexicon.toml` becomes one pattern, and a phrase listed
//! under several cues carries all of them as a bit set, so one scan of the
//! normalised answer finds every cue at once.

use super::text::{Tokens, normalize_phrase};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::BTreeMap;

/// A kind of word or phrase the rubric looks for. The discriminant is the
/// cue's bit in a [`CueSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Cue {
    ActorI,
    MentionI,
    ActorWe,
    ActorYou,
    ActorThey,
    Party,
    Decisive,
    BaseVerb,
    Presence,
    OwnMark,
    Decide,
    Alternative,
    Reason,
    Friction,
    Risk,
    Resolution,
    NumberWord,
    Unit,
    Change,
    OutcomeNoun,
    QualOutcome,
    FromWord,
    ToWord,
    Reflect,
    Mistake,
    ChangedBehaviour,
    Escalate,
    Ask,
    Timing,
    Follow,
    Stick,
    After,
    Customer,
    Impact,
    CustomerAction,
    LongTerm,
    CostAccept,
    Stakes,
    Negation,
    Counterfactual,
    Blame,
    Buzz,
    Hedge,
    Effort,
    Heroics,
    Work,
    NotWork,
    Question,
    Headcount,
    Month,
    Boundary,
    Stop,
}

impl Cue {
    /// The key naming this cue in `lexicon.toml`.
    const TABLE: [(&'static str, Cue); 52] = [
        ("actor_i", Cue::ActorI),
        ("mention_i", Cue::MentionI),
        ("actor_we", Cue::ActorWe),
        ("actor_you", Cue::ActorYou),
        ("actor_they", Cue::ActorThey),
        ("party", Cue::Party),
        ("decisive", Cue::Decisive),
        ("base_verb", Cue::BaseVerb),
        ("presence", Cue::Presence),
        ("own_mark", Cue::OwnMark),
        ("decide", Cue::Decide),
        ("alternative", Cue::Alternative),
        ("reason", Cue::Reason),
        ("friction", Cue::Friction),
        ("risk", Cue::Risk),
        ("resolution", Cue::Resolution),
        ("number_word", Cue::NumberWord),
        ("unit", Cue::Unit),
        ("change", Cue::Change),
        ("outcome_noun", Cue::OutcomeNoun),
        ("qual_outcome", Cue::QualOutcome),
        ("from_word", Cue::FromWord),
        ("to_word", Cue::ToWord),
        ("reflect", Cue::Reflect),
        ("mistake", Cue::Mistake),
        ("changed_behaviour", Cue::ChangedBehaviour),
        ("escalate", Cue::Escalate),
        ("ask", Cue::Ask),
        ("timing", Cue::Timing),
        ("follow", Cue::Follow),
        ("stick", Cue::Stick),
        ("after", Cue::After),
        ("customer", Cue::Customer),
        ("impact", Cue::Impact),
        ("customer_action", Cue::CustomerAction),
        ("long_term", Cue::LongTerm),
        ("cost_accept", Cue::CostAccept),
        ("stakes", Cue::Stakes),
        ("negation", Cue::Negation),
        ("counterfactual", Cue::Counterfactual),
        ("blame", Cue::Blame),
        ("buzz", Cue::Buzz),
        ("hedge", Cue::Hedge),
        ("effort", Cue::Effort),
        ("heroics", Cue::Heroics),
        ("work", Cue::Work),
        ("not_work", Cue::NotWork),
        ("question", Cue::Question),
        ("headcount", Cue::Headcount),
        ("month", Cue::Month),
        ("boundary", Cue::Boundary),
        ("stop", Cue::Stop),
    ];

    /// The lexicon key of the cue with this bit, for debugging output.
    pub fn name_of_bit(bit: u8) -> &'static str {
        Cue::TABLE
            .iter()
            .find(|(_, c)| *c as u8 == bit)
            .map_or("?", |(k, _)| k)
    }

    fn from_key(key: &str) -> Option<Cue> {
        Cue::TABLE.iter().find(|(k, _)| *k == key).map(|&(_, c)| c)
    }
}

/// A set of cues, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CueSet(pub u64);

impl CueSet {
    pub const EMPTY: CueSet = CueSet(0);

    /// The set holding exactly the given cues.
    pub const fn of(cues: &[Cue]) -> CueSet {
        let mut bits = 0u64;
        let mut i = 0;
        while i < cues.len() {
            bits |= 1 << cues[i] as u8;
            i += 1;
        }
        CueSet(bits)
    }

    pub fn has(self, cue: Cue) -> bool {
        self.0 & (1 << cue as u8) != 0
    }

    pub fn any(self, other: CueSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn insert(&mut self, cue: Cue) {
        self.0 |= 1 << cue as u8;
    }

    pub fn union(self, other: CueSet) -> CueSet {
        CueSet(self.0 | other.0)
    }

    pub fn minus(self, other: CueSet) -> CueSet {
        CueSet(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// One lexicon match: the tokens it covers and the cues it carries.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// First token covered.
    pub first: u32,
    /// One past the last token covered.
    pub last: u32,
    pub cues: CueSet,
}

/// The compiled vocabulary.
#[derive(Debug, Clone)]
pub struct Lexicon {
    automaton: AhoCorasick,
    cues: Vec<CueSet>,
    patterns: Vec<String>,
}

/// Why the lexicon data could not be compiled. The embedded lexicon is
/// checked by the test suite, so users only see this after editing it.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("lexicon is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("lexicon has an unknown cue `{0}`")]
    UnknownCue(String),
    #[error("lexicon entry `{entry}` under `{cue}` is malformed")]
    Malformed { cue: String, entry: String },
    #[error("lexicon could not be compiled: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

/// The embedded vocabulary.
pub const EMBEDDED: &str = include_str!("lexicon.toml");

impl Lexicon {
    /// Compiles a lexicon from its TOML text.
    pub fn from_toml(source: &str) -> Result<Lexicon, LexiconError> {
        let table: BTreeMap<String, Vec<String>> = toml::from_str(source)?;
        let mut by_pattern: BTreeMap<String, CueSet> = BTreeMap::new();
        for (key, entries) in &table {
            let cue = Cue::from_key(key).ok_or_else(|| LexiconError::UnknownCue(key.clone()))?;
            for entry in entries {
                let forms = expand(entry).ok_or_else(|| LexiconError::Malformed {
                    cue: key.clone(),
                    entry: entry.clone(),
                })?;
                for form in forms {
                    let norm = normalize_phrase(&form);
                    if norm.is_empty() {
                        return Err(LexiconError::Malformed {
                            cue: key.clone(),
                            entry: entry.clone(),
                        });
                    }
                    by_pattern
                        .entry(format!(" {norm} "))
                        .or_default()
                        .insert(cue);
                }
            }
        }
        inherit_inner_words(&mut by_pattern);
        let (patterns, cues): (Vec<String>, Vec<CueSet>) = by_pattern.into_iter().unzip();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)?;
        Ok(Lexicon {
            automaton,
            cues,
            patterns,
        })
    }

    /// The embedded vocabulary, compiled.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::from_toml(EMBEDDED)
    }

    /// The padded patterns, for the benchmark's bare scan.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Every cue in the tokenised answer, in text order, in one scan.
    pub fn scan(&self, tokens: &Tokens, hits: &mut Vec<Hit>) {
        hits.clear();
        for m in self.automaton.find_iter(tokens.norm.as_str()) {
            let Some(first) = tokens.token_at_norm(m.start()) else {
                continue;
            };
            // The match ends on the trailing space of its last token, which
            // is one byte before the next token's leading space.
            let last = tokens.token_at_norm(m.end()).unwrap_or(tokens.tokens.len());
            hits.push(Hit {
                first: first as u32,
                last: last as u32,
                cues: self.cues[m.pattern().as_usize()],
            });
        }
    }
}

/// Cues a phrase takes from the words inside it, so that the longest match
/// does not hide them: `now i` still names its actor, `never escalated`
/// still negates. Actors and negation come from any word; a first-person
/// mention or a counterfactual only from the first.
const ACTORS: CueSet = CueSet::of(&[
    Cue::ActorI,
    Cue::ActorWe,
    Cue::ActorYou,
    Cue::ActorThey,
    Cue::Negation,
]);
const LEADING: CueSet = CueSet::of(&[Cue::MentionI, Cue::Counterfactual]);

fn inherit_inner_words(by_pattern: &mut BTreeMap<String, CueSet>) {
    let inherited: Vec<(String, CueSet)> = by_pattern
        .keys()
        .filter_map(|pattern| {
            let mut words = pattern.split(' ').filter(|w| !w.is_empty());
            let first = words.next()?;
            let cues_of = |word: &str| {
                by_pattern
                    .get(&format!(" {word} "))
                    .copied()
                    .unwrap_or_default()
            };
            let mut extra = CueSet(cues_of(first).0 & (LEADING.0 | ACTORS.0));
            let mut multiword = false;
            for word in words {
                multiword = true;
                extra = extra.union(CueSet(cues_of(word).0 & ACTORS.0));
            }
            (multiword && !extra.is_empty()).then(|| (pattern.clone(), extra))
        })
        .collect();
    for (pattern, cues) in inherited {
        if let Some(set) = by_pattern.get_mut(&pattern) {
            *set = set.union(cues);
        }
    }
}

/// Expands `decid{e,ed}` into its forms, and adds the British `-ise` form of
/// every `-ize` word. `None` if the braces are unbalanced.
fn expand(entry: &str) -> Option<Vec<String>> {
    let mut forms = vec![String::new()];
    let mut rest = entry;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        let prefix = &rest[..open];
        let options: Vec<&str> = rest[open + 1..close].split(',').collect();
        forms = forms
            .iter()
            .flat_map(|f| options.iter().map(move |o| format!("{f}{prefix}{o}")))
            .collect();
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return None;
    }
    for f in &mut forms {
        f.push_str(rest);
    }
    let british: Vec<String> = forms
        .iter()
        .filter(|f| f.contains("iz"))
        .map(|f| f.replace("iz", "is"))
        .collect();
    forms.extend(british);
    Some(forms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::text::tokenize;

    #[test]
    fn braces_and_british_spelling_expand() {
        let forms = expand("prioritiz{e,ed}").unwrap_or_default();
        assert_eq!(
            forms,
            ["prioritize", "prioritized", "prioritise", "prioritised"]
        );
        assert!(expand("bad}").is_none());
    }

    #[test]
    fn embedded_lexicon_compiles_and_matches_whole_words() -> Result<(), LexiconError> {
        let lex = Lexicon::embedded()?;
        let tokens = tokenize("Also, I prioritised the long-term fix; nobody objected.");
        let mut hits = Vec::new();
        lex.scan(&tokens, &mut hits);
        let has = |cue| hits.iter().any(|h| h.cues.has(cue));
        assert!(has(Cue::ActorI));
        assert!(has(Cue::Decide));
        assert!(has(Cue::LongTerm));
        assert!(has(Cue::Negation));
        // "so" inside "Also" must not match as a clause boundary.
        assert!(
            !hits
                .iter()
                .any(|h| h.first == 0 && h.cues.has(Cue::Boundary))
        );
        Ok(())
    }
}
