//! decide: from proposal to decision in unit mode (QĐ 366 Điều 12 k1), the state part: the basis the distribution,
//! quota and targets are counted on, the levels a member declares (read from the roster, changed here), the
//! differences with their reasons, and a vote tally per member under a local rule. Pure, tested natively; the
//! engine's [`xeploai::decision`] does the work.

use std::collections::BTreeMap;
use std::rc::Rc;

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
}

impl Default for Decisions {
    fn default() -> Decisions {
        Decisions {
            basis: Basis::Computed,
            rule: VoteRule::MORE_THAN_HALF,
            tallies: BTreeMap::new(),
            differences: Rc::new(Vec::new()),
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
                self.rerun_decisions(|_| {});
            }
            DecideAction::SetDeclared { member, stage, level } => {
                self.rerun_decisions(|run| {
                    let members = &mut run.roster.members;
                    if member < members.len() {
                        members.declared.resize(members.len().max(members.declared.len()), Declared::default());
                        members.declared[member].set(stage, level);
                    }
                });
            }
            DecideAction::SetRule(rule) => self.decisions.rule = rule,
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
            }
            DecideAction::UseSuggestion(member) => {
                if let Some(level) = self.suggestion(member).level {
                    self.decide(DecideAction::SetDeclared { member, stage: Stage::Proposal, level });
                }
            }
        }
    }

    /// Change the imported run (its declared levels), count it again on the basis, and refresh what depends on it.
    fn rerun_decisions(&mut self, change: impl FnOnce(&mut xeploai::pipeline::UnitRun)) {
        let Some(imported) = &self.imported else { return };
        let mut run = (**imported).clone();
        change(&mut run);
        run.set_basis(&self.rules, self.decisions.basis);
        self.imported = Some(Rc::new(run));
        self.after_import_decisions();
        self.refresh_visible();
        self.check_targets();
        self.explain_selected();
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

    /// A member's declared levels.
    pub fn declared(&self, member: usize) -> Declared {
        self.imported.as_ref().map(|run| run.roster.members.declared(member)).unwrap_or_default()
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
        let tt03 =
            decided.imported.as_ref().unwrap().roster.members.records.iter().position(|r| r.id == "tt03").unwrap();
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
}
