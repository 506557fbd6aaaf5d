//! decide: from proposal to decision in unit mode (QĐ 366 Điều 12 k1), the state part: the basis the distribution,
//! quota and targets are counted on, the levels a member declares (read from the roster, changed here), the
//! differences with their reasons, and a vote tally per member under a local rule. Pure, tested natively; the
//! engine's [`xeploai::decision`] does the work.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use xeploai::decision::{Basis, Deadline, Declared, Difference, Stage, Suggestion, Tally, VoteRule};
use xeploai::unit::NO_LEVEL;

use super::state::UnitState;

/// What the decisions panel holds beside the import.
#[derive(Clone, Debug, PartialEq)]
pub struct Decisions {
    pub basis: Basis,
    /// The local vote rule (a preset or changed by hand).
    pub rule: VoteRule,
    /// Vote tallies typed per member (by index in the roster); cleared by a new import.
    pub tallies: BTreeMap<usize, Tally>,
    /// Every declared level that differs from the computed one, with why.
    pub differences: Rc<Vec<Difference>>,
    /// Members with levels or a tally typed in the app (kept in [`DecisionsSaved`]) whom the roster imported last
    /// does not have, by id: kept, and named on the page.
    pub unmatched: Vec<String>,
}

/// What was typed in the decisions panel, remembered with unit mode's settings (`UnitSaved::decisions`) so a reload
/// or a new import of the same roster finds it: by member id, never by row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DecisionsSaved {
    pub basis: Basis,
    /// The local vote rule, when one was chosen.
    pub rule: Option<VoteRule>,
    /// Levels set in the app, by member id: per step the level's id, or `""` when cleared there.
    pub levels: BTreeMap<String, SavedLevels>,
    /// Vote tallies typed in the app, by member id.
    pub tallies: BTreeMap<String, Tally>,
}

/// A member's levels set in the app; `None` where the roster's own value stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SavedLevels {
    pub self_level: Option<String>,
    pub proposal: Option<String>,
    pub decision: Option<String>,
}

impl SavedLevels {
    fn slot(&mut self, stage: Stage) -> &mut Option<String> {
        match stage {
            Stage::SelfProposed => &mut self.self_level,
            Stage::Proposal => &mut self.proposal,
            Stage::Decision => &mut self.decision,
        }
    }

    fn get(&self, stage: Stage) -> Option<&String> {
        match stage {
            Stage::SelfProposed => self.self_level.as_ref(),
            Stage::Proposal => self.proposal.as_ref(),
            Stage::Decision => self.decision.as_ref(),
        }
    }
}

impl Decisions {
    /// The decisions as remembered: the basis and the vote rule (tallies and levels come with an import).
    pub fn from_saved(saved: &DecisionsSaved) -> Decisions {
        Decisions { basis: saved.basis, rule: saved.rule.unwrap_or(VoteRule::MORE_THAN_HALF), ..Decisions::default() }
    }
}

impl Default for Decisions {
    fn default() -> Decisions {
        Decisions {
            basis: Basis::Computed,
            rule: VoteRule::MORE_THAN_HALF,
            tallies: BTreeMap::new(),
            differences: Rc::new(Vec::new()),
            unmatched: Vec::new(),
        }
    }
}

/// A field of a vote tally, typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TallyField {
    Official,
    Issued,
    Valid,
    /// Votes for a level (index).
    Level(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum DecideAction {
    SetBasis(Basis),
    /// A member's declared level at a step ([`NO_LEVEL`] clears it).
    SetDeclared {
        member: usize,
        stage: Stage,
        level: u8,
    },
    SetRule(VoteRule),
    SetTally {
        member: usize,
        field: TallyField,
        text: String,
    },
    /// The tally's suggestion becomes the member's cell proposal.
    UseSuggestion(usize),
}

impl UnitState {
    /// Apply a decisions action.
    pub fn decide(&mut self, action: DecideAction) {
        match action {
            DecideAction::SetBasis(basis) => {
                self.decisions.basis = basis;
                self.saved.decisions.basis = basis;
                self.start_recount(|_| {}, None);
            }
            DecideAction::SetDeclared { member, stage, level } => {
                if let Some(id) = self.member_id(member) {
                    let value = if level == NO_LEVEL {
                        String::new()
                    } else {
                        self.rules.levels.get(level as usize).map(|l| l.id.clone()).unwrap_or_default()
                    };
                    *self.saved.decisions.levels.entry(id).or_default().slot(stage) = Some(value);
                }
                self.start_recount(
                    |run| {
                        let members = &mut run.roster.members;
                        if member < members.len() {
                            members.declared.resize(members.len().max(members.declared.len()), Declared::default());
                            members.declared[member].set(stage, level);
                        }
                    },
                    Some(member),
                );
            }
            DecideAction::SetRule(rule) => {
                self.decisions.rule = rule;
                self.saved.decisions.rule = Some(rule);
            }
            DecideAction::SetTally { member, field, text } => {
                let levels = self.rules.levels.len();
                let tally = self
                    .decisions
                    .tallies
                    .entry(member)
                    .or_insert_with(|| Tally { votes: vec![0; levels], ..Tally::default() });
                // A number input: what is not a count reads as 0, and the field shows what the tally holds.
                let value = text.trim().parse::<u32>().unwrap_or(0);
                match field {
                    TallyField::Official => tally.official = value,
                    TallyField::Issued => tally.issued = value,
                    TallyField::Valid => tally.valid = value,
                    TallyField::Level(level) if level < levels => tally.votes[level] = value,
                    TallyField::Level(_) => {}
                }
                let tally = tally.clone();
                if let Some(id) = self.member_id(member) {
                    self.saved.decisions.tallies.insert(id, tally);
                }
            }
            DecideAction::UseSuggestion(member) => {
                if let Some(level) = self.suggestion(member).level {
                    self.decide(DecideAction::SetDeclared { member, stage: Stage::Proposal, level });
                }
            }
        }
    }

    /// The id of the member at an index of the roster imported.
    fn member_id(&self, member: usize) -> Option<String> {
        self.imported.as_ref()?.roster.members.get_record(member).map(|r| r.id.to_string())
    }

    /// A new import with what was typed in the app put back by member id: the levels set (they win over the
    /// roster's columns, being later) and the tallies; who is not in this roster is named in `unmatched`, and kept.
    /// `found`: where the saved ids are in the roster, looked up with the import's summary (`summary.rs`); without
    /// it every id of the roster is indexed here.
    pub(super) fn restore_decisions(
        &mut self,
        imported: Rc<xeploai::pipeline::UnitRun>,
        found: Option<&std::collections::HashMap<String, usize>>,
    ) -> Rc<xeploai::pipeline::UnitRun> {
        let saved = &self.saved.decisions;
        self.decisions.tallies.clear();
        self.decisions.unmatched.clear();
        if saved.levels.is_empty() && saved.tallies.is_empty() {
            return imported;
        }
        let index: std::collections::HashMap<&str, usize> = match found {
            Some(found) => found.iter().map(|(id, &i)| (id.as_str(), i)).collect(),
            None => imported.roster.members.records().enumerate().map(|(i, r)| (r.id, i)).collect(),
        };
        let mut unmatched = std::collections::BTreeSet::new();
        for (id, tally) in &saved.tallies {
            match index.get(id.as_str()) {
                Some(&i) => {
                    self.decisions.tallies.insert(i, tally.clone());
                }
                None => {
                    unmatched.insert(id.clone());
                }
            }
        }
        let mut run = (*imported).clone();
        let members = &mut run.roster.members;
        let len = members.len();
        for (id, levels) in &saved.levels {
            let Some(&i) = index.get(id.as_str()) else {
                unmatched.insert(id.clone());
                continue;
            };
            members.declared.resize(len.max(members.declared.len()), Declared::default());
            for stage in Stage::ALL {
                let Some(value) = levels.get(stage) else { continue };
                let level = if value.is_empty() {
                    Some(NO_LEVEL)
                } else {
                    self.rules.levels.iter().position(|l| &l.id == value).map(|l| l as u8)
                };
                match level {
                    Some(level) => members.declared[i].set(stage, level),
                    // A level this rule set does not have: the roster's value stands, and the member is named.
                    None => {
                        unmatched.insert(id.clone());
                    }
                }
            }
        }
        self.decisions.unmatched = unmatched.into_iter().collect();
        Rc::new(run)
    }

    /// After an import: the differences of the new roster. A basis other than the computed one was applied by
    /// [`UnitState::on_basis`].
    pub(super) fn after_import_decisions(&mut self) {
        self.decisions.differences = Rc::new(match &self.imported {
            Some(run) => xeploai::decision::differences(&self.rules, &run.roster, &run.result),
            None => Vec::new(),
        });
    }

    /// A new import counted on the chosen basis (the engine's import gives the computed one).
    pub(super) fn on_basis(&self, imported: Rc<xeploai::pipeline::UnitRun>) -> Rc<xeploai::pipeline::UnitRun> {
        if self.decisions.basis == Basis::Computed {
            return imported;
        }
        let mut run = (*imported).clone();
        run.set_basis(&self.rules, self.decisions.basis);
        Rc::new(run)
    }

    /// The members the decisions saved on this device name (levels set, tallies): what an import looks up.
    pub fn saved_member_ids(&self) -> std::collections::BTreeSet<String> {
        let saved = &self.saved.decisions;
        saved.levels.keys().chain(saved.tallies.keys()).cloned().collect()
    }

    /// The member's tally (zeros when none was typed).
    pub fn tally(&self, member: usize) -> Tally {
        self.decisions
            .tallies
            .get(&member)
            .cloned()
            .unwrap_or_else(|| Tally { votes: vec![0; self.rules.levels.len()], ..Tally::default() })
    }

    /// What the member's tally suggests under the local rule.
    pub fn suggestion(&self, member: usize) -> Suggestion {
        xeploai::decision::suggest(&self.rules, &self.tally(member), &self.decisions.rule)
    }

    /// The review's deadlines for the year chosen in the header.
    pub fn deadlines(&self) -> Vec<Deadline> {
        xeploai::decision::deadlines(self.review_year)
    }

    /// The basis's fallbacks: members counted at an earlier step.
    pub fn basis_fallbacks(&self) -> u64 {
        self.imported.as_ref().map_or(0, |run| run.result.basis_fallbacks)
    }

    /// A level's short name, or "" for none.
    pub fn level_short(&self, level: u8) -> String {
        if level == NO_LEVEL { String::new() } else { self.rules.levels[level as usize].short.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::unit::state::{UnitAction, UnitSaved, csv_file};
    use xeploai::Lang;
    use xeploai::input::TableKind;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    }

    fn imported() -> UnitState {
        let rules = Rc::new(xeploai::builtin::load_default());
        let state = UnitState::new(rules, Lang::Vi, UnitSaved::default());
        let orgs = fixture("examples/dang-bo-mau/orgs.csv");
        let members = fixture("tests/fixtures/decisions/members.csv");
        let state = state.apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &orgs)));
        let state = state.apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &members)));
        let run = state.job().expect("an import").run();
        state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(run) })
    }

    fn levels(state: &UnitState) -> Vec<u64> {
        state.imported.as_ref().expect("imported").result.member_distribution.levels.clone()
    }

    #[test]
    fn the_basis_and_a_decision_change_the_distribution_and_the_differences() {
        let state = imported();
        assert_eq!(levels(&state), [2, 14, 1, 3]);
        assert_eq!(state.decisions.differences.len(), 11);
        let decided = state.apply(UnitAction::Decide(DecideAction::SetBasis(Basis::Decided)));
        assert_eq!(levels(&decided), [2, 14, 2, 2]);
        // tt03 (KHT, nothing declared) decided HT: one more HT, one less KHT; her difference is listed.
        let tt03 = decided.imported.as_ref().unwrap().roster.members.records().position(|r| r.id == "tt03").unwrap();
        let moved = decided.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: tt03,
            stage: Stage::Decision,
            level: 2,
        }));
        assert_eq!(levels(&moved), [2, 14, 3, 1]);
        assert!(moved.decisions.differences.iter().any(|d| d.member == tt03 && d.stage == Stage::Decision));
        // Back to the computed basis: the decision stays declared, the distribution is the computed one again.
        let back = moved.apply(UnitAction::Decide(DecideAction::SetBasis(Basis::Computed)));
        assert_eq!(levels(&back), [2, 14, 1, 3]);
        assert_eq!(back.declared(tt03).decision, 2);
    }

    #[test]
    fn a_tally_suggests_the_cell_proposal_under_the_local_rule() {
        let state = imported();
        let set = |state: UnitState, field: TallyField, n: &str| {
            state.apply(UnitAction::Decide(DecideAction::SetTally { member: 8, field, text: n.into() }))
        };
        let state = set(state, TallyField::Official, "9");
        let state = set(state, TallyField::Issued, "9");
        let state = set(state, TallyField::Valid, "9");
        let state = set(state, TallyField::Level(0), "3");
        let state = set(state, TallyField::Level(1), "2");
        assert_eq!(state.suggestion(8).level, None);
        let top_down = state.apply(UnitAction::Decide(DecideAction::SetRule(VoteRule::TOP_DOWN)));
        assert_eq!(top_down.suggestion(8).level, Some(1));
        let used = top_down.apply(UnitAction::Decide(DecideAction::UseSuggestion(8)));
        assert_eq!(used.declared(8).proposal, 1);
        assert_eq!(state.deadlines().len(), 4);
    }

    /// What was typed in the decisions panel survives a reload: a new state from the saved settings, the same
    /// files imported again, has the decision, the tally and the basis; a member the new roster lacks is named.
    #[test]
    fn decisions_typed_in_the_app_come_back_after_a_reload_by_member_id() {
        let state = imported();
        let tt03 = state.imported.as_ref().unwrap().roster.members.records().position(|r| r.id == "tt03").unwrap();
        let state = state.apply(UnitAction::Decide(DecideAction::SetBasis(Basis::Decided)));
        let state = state.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: tt03,
            stage: Stage::Decision,
            level: 2,
        }));
        let state = state.apply(UnitAction::Decide(DecideAction::SetTally {
            member: tt03,
            field: TallyField::Official,
            text: "9".into(),
        }));
        let state = state.apply(UnitAction::Decide(DecideAction::SetRule(VoteRule::TOP_DOWN)));
        assert_eq!(levels(&state), [2, 14, 3, 1]);
        // The saved settings as local storage holds them, read back.
        let mut saved: UnitSaved = serde_json::from_str(&serde_json::to_string(&state.saved).unwrap()).unwrap();
        assert_eq!(saved.decisions.levels["tt03"].decision.as_deref(), Some("ht"));
        // One more member typed earlier whom this roster does not have.
        saved.decisions.tallies.insert("zz99".into(), Tally::default());
        let rules = Rc::new(xeploai::builtin::load_default());
        let orgs = fixture("examples/dang-bo-mau/orgs.csv");
        let members = fixture("tests/fixtures/decisions/members.csv");
        let again = UnitState::new(rules, Lang::Vi, saved);
        let again = again.apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &orgs)));
        let again = again.apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &members)));
        let run = again.job().expect("an import").run();
        let again = again.apply(UnitAction::Imported { generation: again.generation, imported: Rc::new(run) });
        assert_eq!(again.decisions.basis, Basis::Decided);
        assert_eq!(again.decisions.rule, VoteRule::TOP_DOWN);
        assert_eq!(again.declared(tt03).decision, 2);
        assert_eq!(again.tally(tt03).official, 9);
        assert_eq!(levels(&again), [2, 14, 3, 1]);
        assert_eq!(again.decisions.unmatched, ["zz99"]);
        // Cleared in the app: the roster's empty cell does not come back as a decision after the next import.
        let cleared = again.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: tt03,
            stage: Stage::Decision,
            level: NO_LEVEL,
        }));
        assert_eq!(cleared.saved.decisions.levels["tt03"].decision.as_deref(), Some(""));
        assert_eq!(levels(&cleared), [2, 14, 2, 2]);
    }
}
