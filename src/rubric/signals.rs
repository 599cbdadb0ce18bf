//! One function per signal of RUBRIC.md. Each reads the clauses and returns
//! a score 0..=4 with the clauses that earned it: no evidence, no points.
//!
//! Scores are built from parts that must sit together (a number beside an
//! outcome, a decision beside its alternative, friction beside a party), and
//! each part is a yes/no, so repeating a word never adds to a score.

use super::clause::{Actor, Clause, Reading};
use super::ids::SignalId;
use super::lexicon::{Cue, CueSet};

/// A signal's score and the indices of the clauses that earned it.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    pub score: u8,
    pub evidence: Vec<usize>,
}

impl Finding {
    fn new(score: usize, mut evidence: Vec<usize>) -> Finding {
        evidence.sort_unstable();
        evidence.dedup();
        if evidence.is_empty() {
            return Finding::default();
        }
        Finding {
            score: score.min(4) as u8,
            evidence,
        }
    }
}

/// Facts about the whole answer that several signals need.
pub struct Story<'a> {
    pub clauses: &'a [Clause],
    /// Index of the first clause where the speaker acts.
    pub first_action: Option<usize>,
    /// Index of the first outcome told after that (a result or "it shipped").
    pub first_outcome: Option<usize>,
    pub words: usize,
}

const ACTION: CueSet = CueSet::of(&[
    Cue::Decisive,
    Cue::Decide,
    Cue::Escalate,
    Cue::OwnMark,
    Cue::CustomerAction,
]);

impl<'a> Story<'a> {
    pub fn new(reading: &'a Reading) -> Story<'a> {
        let first_action = reading
            .clauses
            .iter()
            .position(|c| c.counts() && c.actor.is_speaker() && c.any(ACTION));
        let first_outcome = reading.clauses.iter().enumerate().position(|(i, c)| {
            first_action.is_some_and(|a| i > a)
                && c.counts()
                && (c.has(Cue::QualOutcome) || (c.has(Cue::Change) && c.numbers > 0))
        });
        Story {
            clauses: &reading.clauses,
            first_action,
            first_outcome,
            words: reading.words,
        }
    }

    fn counting(&self) -> impl Iterator<Item = (usize, &'a Clause)> + '_ {
        self.clauses.iter().enumerate().filter(|(_, c)| c.counts())
    }

    /// Clauses at `i` and the one after it in the same or the next sentence.
    fn near(&self, i: usize) -> impl Iterator<Item = &'a Clause> + '_ {
        let sentence = self.clauses[i].sentence;
        self.clauses[i..]
            .iter()
            .take(2)
            .filter(move |c| c.sentence <= sentence + 1)
    }

    fn near_has(&self, i: usize, cue: Cue) -> bool {
        self.near(i).any(|c| c.has(cue))
            || (i > 0
                && self.clauses[i - 1].sentence == self.clauses[i].sentence
                && self.clauses[i - 1].has(cue))
    }

    /// Like `near_has`, and also anywhere in the sentence before: options
    /// are usually laid out before the choice is named.
    fn near_or_before(&self, i: usize, cue: Cue) -> bool {
        let sentence = self.clauses[i].sentence;
        self.near_has(i, cue)
            || self.clauses[..i]
                .iter()
                .rev()
                .take_while(|c| c.sentence + 1 >= sentence)
                .any(|c| c.has(cue))
    }

    fn words_before(&self, clause: usize) -> usize {
        self.clauses[..clause]
            .iter()
            .map(|c| usize::from(c.words))
            .sum()
    }

    /// Indices of the counting clauses that satisfy `keep`.
    fn clauses_where(&self, keep: impl Fn(&usize, &Clause) -> bool) -> Vec<usize> {
        self.counting()
            .filter(|(i, c)| keep(i, c))
            .map(|(i, _)| i)
            .collect()
    }

    /// Clauses where someone acts and it counts: the speaker, or a group.
    fn speaker_acts(&self, cues: CueSet) -> Vec<usize> {
        self.clauses_where(|_, c| c.actor.is_speaker() && c.any(cues))
    }

    pub fn score(&self, id: SignalId) -> Finding {
        match id {
            SignalId::Situation => self.situation(),
            SignalId::Ownership => self.ownership(),
            SignalId::Action => self.action(),
            SignalId::Decision => self.decision(),
            SignalId::Conflict => self.conflict(),
            SignalId::Result => self.result(),
            SignalId::Reflection => self.reflection(),
            SignalId::Escalation => self.escalation(),
            SignalId::FollowThrough => self.follow_through(),
            SignalId::Customer => self.customer(),
            SignalId::LongTerm => self.long_term(),
        }
    }

    /// Stakes set early and concretely, without a preamble crowding the story.
    fn situation(&self) -> Finding {
        const STAKES: CueSet = CueSet::of(&[Cue::Stakes, Cue::Risk, Cue::Impact]);
        let opening_end = self.first_action.map_or(self.clauses.len(), |a| {
            let sentence = self.clauses[a].sentence;
            // The scene may close in the sentence after the first action.
            self.clauses
                .iter()
                .position(|c| c.sentence > sentence.max(1) + 1)
                .unwrap_or(self.clauses.len())
        });
        let opening: Vec<usize> = self
            .counting()
            .take_while(|(i, _)| *i < opening_end)
            .filter(|(_, c)| c.any(STAKES))
            .map(|(i, _)| i)
            .collect();
        if opening.is_empty() {
            // Stakes told late still count a little, but only before the
            // outcome: what follows it is aftermath, not the scene.
            let anywhere = self
                .counting()
                .take_while(|(i, _)| self.first_outcome.is_none_or(|o| *i < o))
                .find(|(_, c)| c.any(STAKES) && !c.has(Cue::Reflect))
                .map(|(i, _)| i);
            return Finding::new(1, anywhere.into_iter().collect());
        }
        let concrete = opening.iter().any(|&i| {
            let c = &self.clauses[i];
            c.numbers > 0 || c.has(Cue::Timing) || c.has(Cue::NumberWord) || c.has(Cue::Unit)
        });
        let why = opening.iter().any(|&i| {
            let c = &self.clauses[i];
            c.has(Cue::Reason) || c.has(Cue::Customer) || c.has(Cue::Impact)
        }) || opening.len() >= 2;
        let preamble = self
            .first_action
            .map_or(self.words, |a| self.words_before(a));
        let crowded = preamble * 2 > self.words;
        let mut score = 2 + usize::from(concrete) + usize::from(why && concrete);
        if crowded {
            score = score.min(2);
        }
        Finding::new(score, opening.into_iter().take(3).collect())
    }

    /// The speaker's own agency, against "we", with an explicit boundary.
    fn ownership(&self) -> Finding {
        const AGENCY: CueSet = CueSet::of(&[
            Cue::Decisive,
            Cue::Decide,
            Cue::Escalate,
            Cue::Follow,
            Cue::OwnMark,
            Cue::CustomerAction,
        ]);
        let mine = self.speaker_acts(AGENCY);
        let ours = self
            .counting()
            .filter(|(_, c)| {
                c.actor == Actor::We && c.any(AGENCY.union(CueSet::of(&[Cue::Presence])))
            })
            .count();
        let marks: Vec<usize> = self.clauses_where(|_, c| {
            c.has(Cue::OwnMark) && (c.actor.is_speaker() || c.has(Cue::MentionI))
        });
        if mine.is_empty() {
            return Finding::default();
        }
        let mut score = 1;
        if mine.len() >= 2 && mine.len() >= ours {
            score = 2;
            if !marks.is_empty() {
                score = 3;
                if mine.len() >= 4 && mine.len() >= 2 * ours {
                    score = 4;
                }
            }
        } else if !marks.is_empty() {
            score = 2;
        }
        let evidence = marks.into_iter().chain(mine).take(3).collect();
        Finding::new(score, evidence)
    }

    /// Concrete steps with decisive verbs; presence verbs do not count.
    fn action(&self) -> Finding {
        const DECISIVE: CueSet = CueSet::of(&[Cue::Decisive]);
        // What the speaker does now ("Now I check...") is reflection, not
        // a step of the story.
        const LOOKING_BACK: CueSet = CueSet::of(&[Cue::Reflect, Cue::ChangedBehaviour]);
        let mine: Vec<usize> = self.clauses_where(|_, c| {
            c.actor.is_speaker()
                && c.any(DECISIVE)
                && !c.any(LOOKING_BACK)
                && c.content + c.words.min(3) >= 3
        });
        let ours = self
            .counting()
            .filter(|(_, c)| c.actor == Actor::We && c.any(DECISIVE))
            .count();
        let presence = self
            .counting()
            .filter(|(_, c)| matches!(c.actor, Actor::I | Actor::We) && c.has(Cue::Presence))
            .count();
        let steps = mine.len() + ours / 2;
        let mut score = match steps {
            0 => 0,
            1 => 1,
            2..=3 => 2,
            4..=5 => 3,
            _ => 4,
        };
        if presence >= steps {
            score = score.min(2);
        }
        if mine.is_empty() {
            score = score.min(1);
        }
        let evidence = if mine.is_empty() {
            self.counting()
                .filter(|(_, c)| c.actor == Actor::We && c.has(Cue::Decisive))
                .map(|(i, _)| i)
                .take(1)
                .collect()
        } else {
            spread(&mine, 3)
        };
        Finding::new(score, evidence)
    }

    /// A named choice with its alternative or cost, and why.
    fn decision(&self) -> Finding {
        let candidates: Vec<usize> = self
            .counting()
            .filter(|(i, c)| {
                let chooser = matches!(c.actor, Actor::I | Actor::We | Actor::Unknown);
                let decided = c.has(Cue::Decide);
                // "I gave up the quick win", "rather than wait, I shipped".
                let weighed = (c.has(Cue::Alternative) || c.has(Cue::CostAccept))
                    && !c.has(Cue::Presence)
                    && (c.actor.is_speaker()
                        || self
                            .clauses
                            .get(i + 1)
                            .is_some_and(|n| n.sentence == c.sentence && n.actor.is_speaker())
                        || (*i > 0
                            && self.clauses[i - 1].sentence == c.sentence
                            && self.clauses[i - 1].actor.is_speaker()));
                chooser && (decided || weighed)
            })
            .map(|(i, _)| i)
            .collect();
        let mut best = 0;
        let mut evidence = Vec::new();
        let mut with_alternative = 0;
        for &i in &candidates {
            let alt = self.near_or_before(i, Cue::Alternative);
            let reason = self.near_has(i, Cue::Reason);
            let cost = self.near_or_before(i, Cue::CostAccept);
            with_alternative += usize::from(alt);
            let score = 1
                + usize::from(alt)
                + usize::from(alt && (reason || cost))
                + usize::from(alt && reason && cost);
            if score > best {
                best = score;
                evidence.insert(0, i);
            } else {
                evidence.push(i);
            }
        }
        if with_alternative >= 2 {
            best = best.max(3) + usize::from(best >= 3);
        }
        evidence.truncate(2);
        Finding::new(best, evidence)
    }

    /// Real friction with a party, or a concrete risk, and what was done about it.
    fn conflict(&self) -> Finding {
        let party =
            |c: &Clause| c.actor == Actor::Other || c.has(Cue::Party) || c.has(Cue::ActorThey);
        let friction: Vec<usize> =
            self.clauses_where(|_, c| c.has(Cue::Friction) && c.actor != Actor::You);
        let risks: Vec<usize> =
            self.clauses_where(|_, c| c.has(Cue::Risk) && c.actor != Actor::You);
        let with_party: Vec<usize> = friction
            .iter()
            .copied()
            .filter(|&i| party(&self.clauses[i]))
            .collect();
        let concrete_risk: Vec<usize> = risks
            .iter()
            .copied()
            .filter(|&i| {
                let c = &self.clauses[i];
                c.numbers > 0
                    || c.has(Cue::Timing)
                    || c.has(Cue::Stakes) && c.has(Cue::Risk) && c.content >= 2
            })
            .collect();
        let core: Vec<usize> = if !with_party.is_empty() {
            with_party.clone()
        } else {
            concrete_risk.clone()
        };
        if core.is_empty() {
            let weak: Vec<usize> = friction.iter().chain(&risks).copied().take(1).collect();
            return Finding::new(1, weak);
        }
        let first = core[0];
        let sentence = self.clauses[first].sentence;
        let response = self.clauses[first..]
            .iter()
            .enumerate()
            .skip(1)
            .take_while(|(_, c)| c.sentence <= sentence + 2)
            .find(|(_, c)| c.counts() && c.actor.is_speaker() && c.any(ACTION))
            .map(|(k, _)| first + k);
        let resolved = self.clauses[first..]
            .iter()
            .position(|c| c.counts() && c.has(Cue::Resolution))
            .map(|k| first + k);
        let mut score = 2;
        let mut evidence = vec![first];
        if let Some(r) = response {
            score = 3;
            evidence.push(r);
            if let Some(done) = resolved.filter(|&d| d > first) {
                score = 4;
                evidence.push(done);
            }
        }
        if with_party.is_empty() {
            score = score.min(3);
        }
        Finding::new(score, evidence)
    }

    /// An outcome with a number beside it; before/after earns most.
    fn result(&self) -> Finding {
        let mut measured = Vec::new();
        let mut before_after = false;
        for (i, c) in self.counting() {
            if c.numbers == 0 {
                continue;
            }
            // Numbers before the speaker acts set the scene; results come after.
            let in_story = self.first_action.is_none_or(|a| i >= a);
            if !in_story {
                continue;
            }
            let changed = c.has(Cue::Change)
                || self.near(i).nth(1).is_some_and(|n| {
                    n.has(Cue::Change) && n.has(Cue::OutcomeNoun) && n.numbers == 0
                });
            let from_to = c.has(Cue::FromWord) && c.has(Cue::ToWord) && c.numbers >= 2;
            // "Zero incidents across 48 shows": a count of the outcome itself.
            let counted_outcome =
                c.has(Cue::OutcomeNoun) && (c.measured > 0 || c.has(Cue::NumberWord));
            if changed || from_to || counted_outcome {
                before_after |= from_to || (c.numbers >= 2 && c.has(Cue::Change));
                measured.push(i);
            }
        }
        if measured.is_empty() {
            let qualitative = self
                .counting()
                .filter(|(_, c)| {
                    c.sentence > 0
                        && (c.has(Cue::QualOutcome)
                            || (c.has(Cue::Change) && c.has(Cue::OutcomeNoun)))
                })
                .map(|(i, _)| i)
                .take(1)
                .collect();
            return Finding::new(1, qualitative);
        }
        let score = 2
            + usize::from(before_after || measured.len() >= 2)
            + usize::from(before_after && measured.len() >= 2);
        Finding::new(score, spread(&measured, 3))
    }

    /// A lesson with content, an owned mistake, and a change that lasted.
    fn reflection(&self) -> Finding {
        let lessons: Vec<usize> =
            self.clauses_where(|_, c| c.has(Cue::Reflect) && c.actor != Actor::You);
        let mistakes: Vec<usize> = self.clauses_where(|_, c| {
            c.has(Cue::Mistake) && (c.actor.is_speaker() || c.has(Cue::MentionI))
        });
        let changed: Vec<usize> = self
            .counting()
            .filter(|(_, c)| {
                c.has(Cue::ChangedBehaviour)
                    && matches!(c.actor, Actor::I | Actor::We | Actor::Unknown)
            })
            .filter(|(i, _)| self.first_action.is_some_and(|a| *i > a))
            .map(|(i, _)| i)
            .collect();
        let substantive = lessons.iter().any(|&i| {
            self.clauses[i].content >= 2 || self.near(i).nth(1).is_some_and(|n| n.content >= 2)
        });
        let base = if substantive {
            2
        } else if !lessons.is_empty() {
            1
        } else {
            0
        };
        let score = base.max(usize::from(!mistakes.is_empty() || !changed.is_empty()))
            + usize::from(!mistakes.is_empty())
            + usize::from(!changed.is_empty());
        let evidence: Vec<usize> = mistakes
            .iter()
            .take(1)
            .chain(changed.iter().take(1))
            .chain(lessons.iter().take(1))
            .copied()
            .collect();
        Finding::new(score, evidence)
    }

    /// Raised to someone, with an ask, at the right time. "I never raised it" is not escalation.
    fn escalation(&self) -> Finding {
        let raised: Vec<usize> = self
            .clauses_where(|_, c| c.has(Cue::Escalate) && matches!(c.actor, Actor::I | Actor::We));
        let Some(&best) = raised.iter().max_by_key(|&&i| {
            usize::from(self.near_has(i, Cue::Party))
                + usize::from(self.near_has(i, Cue::Ask))
                + usize::from(self.near_has(i, Cue::Timing))
        }) else {
            return Finding::default();
        };
        let to_whom = self.near_has(best, Cue::Party) || self.clauses[best].has(Cue::MentionI);
        let ask = self.near_has(best, Cue::Ask) || self.near_has(best, Cue::Alternative);
        let timing = self.near_has(best, Cue::Timing);
        let score =
            1 + usize::from(to_whom) + usize::from(ask) + usize::from(timing && (to_whom || ask));
        Finding::new(score, vec![best])
    }

    /// Stayed with it after the fix: monitoring, validation, making it stick.
    fn follow_through(&self) -> Finding {
        // Follow-through happens once the fix is in: after an outcome has
        // been told, or marked as later ("after launch", "for a month").
        let follow = self.clauses_where(|i, c| {
            let later = self.first_outcome.is_some_and(|o| *i > o) || c.has(Cue::After);
            let acting_later = c.has(Cue::After) && c.actor.is_speaker() && c.has(Cue::Decisive);
            (c.has(Cue::Follow) || acting_later)
                && matches!(c.actor, Actor::I | Actor::We | Actor::Unknown)
                && self.first_action.is_some_and(|a| *i > a)
                && later
        });
        if follow.is_empty() {
            return Finding::default();
        }
        let mine = follow
            .iter()
            .any(|&i| matches!(self.clauses[i].actor, Actor::I | Actor::Unknown));
        let timed = follow.iter().any(|&i| {
            let c = &self.clauses[i];
            c.has(Cue::After) || (c.numbers > 0 && c.has(Cue::Unit)) || self.near_has(i, Cue::After)
        });
        let stuck = follow.iter().any(|&i| self.near_has(i, Cue::Stick)) && follow.len() >= 2;
        let score = 1 + usize::from(mine) + usize::from(timed) + usize::from(stuck);
        Finding::new(score, spread(&follow, 3))
    }

    /// Who the customer was and how they felt it; measured or heard first hand.
    fn customer(&self) -> Finding {
        let mentions: Vec<usize> = self.clauses_where(|_, c| c.has(Cue::Customer));
        if mentions.is_empty() {
            return Finding::default();
        }
        let impact: Vec<usize> = mentions
            .iter()
            .copied()
            .filter(|&i| self.near_has(i, Cue::Impact))
            .collect();
        let measured = impact.iter().any(|&i| self.near(i).any(|c| c.numbers > 0));
        let listened: Vec<usize> = self.clauses_where(|_, c| {
            c.has(Cue::CustomerAction) && c.actor.is_speaker() && c.has(Cue::Customer)
        });
        let score = if impact.is_empty() {
            1
        } else {
            2 + usize::from(measured) + usize::from(!listened.is_empty())
        };
        let evidence = impact
            .iter()
            .chain(&listened)
            .chain(&mentions)
            .copied()
            .take(3)
            .collect();
        Finding::new(score, evidence)
    }

    /// Long-term value weighed against a short-term win that was given up.
    fn long_term(&self) -> Finding {
        let marks: Vec<usize> =
            self.clauses_where(|_, c| c.has(Cue::LongTerm) && c.actor != Actor::You);
        if marks.is_empty() {
            return Finding::default();
        }
        let chosen: Vec<usize> = marks
            .iter()
            .copied()
            .filter(|&i| {
                self.near_has(i, Cue::Decide)
                    || self.near_has(i, Cue::Alternative)
                    || (self.clauses[i].actor.is_speaker() && self.clauses[i].has(Cue::Decisive))
            })
            .collect();
        let paid = chosen.iter().any(|&i| self.near_has(i, Cue::CostAccept));
        let lasting = chosen.iter().any(|&i| {
            self.clauses[i + 1..]
                .iter()
                .any(|c| c.counts() && c.numbers > 0 && c.has(Cue::Change))
        });
        let score = if chosen.is_empty() {
            1
        } else {
            2 + usize::from(paid) + usize::from(paid && lasting)
        };
        let evidence = chosen.iter().chain(&marks).copied().take(2).collect();
        Finding::new(score, evidence)
    }
}

/// Up to `n` items spread over the list, so evidence shows the whole story.
fn spread(items: &[usize], n: usize) -> Vec<usize> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n)
        .map(|k| items[k * (items.len() - 1) / (n - 1)])
        .collect()
}
