//! Comparing two rule sets on the workbench: the same person, the same roster, the same aggregate figures through a
//! left (A) and a right (B) rule set, with the classic questions one click away.
//!
//! The page resolves a side's text (the text being edited, a saved variant, a bundled rule set fetched from this
//! site) and hands it over; the reducer compiles it, runs the roster once per side (a side that did not change keeps
//! its run) and compares with `xeploai::compare`. Runs natively, tested without a browser.

use std::rc::Rc;

use xeploai::compare::{
    FiguresComparison, SubjectComparison, SubjectInput, UnitComparison, UnitFiles, UnitRun, UnitSide, compare_figures,
    compare_subject, compare_units,
};
use xeploai::knobs::Classic;
use xeploai::ruleset::RuleSet;
use xeploai::{Diagnostic, Text};

/// The side key of the text being edited.
pub const EDITED: &str = "edited";
/// The side key of a classic alternative of the left side.
pub const CLASSIC: &str = "classic";
/// How many movers get their differing conditions worked out at once (the others on demand).
pub const EXPLAIN_LIMIT: usize = 50;

/// One side: which rule set, its text and the compiled rule set, and the roster run under it.
#[derive(Clone, Debug)]
pub struct Side {
    /// `edited`, `builtin:<id>`, `saved:<name>` or `classic`.
    pub key: String,
    pub text: Rc<String>,
    pub rules: Rc<RuleSet>,
    pub run: Option<Rc<UnitRun>>,
}

impl PartialEq for Side {
    fn eq(&self, other: &Side) -> bool {
        self.key == other.key && Rc::ptr_eq(&self.rules, &other.rules) && run_eq(&self.run, &other.run)
    }
}

fn run_eq(a: &Option<Rc<UnitRun>>, b: &Option<Rc<UnitRun>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// A roster file (members, and organizations when given), as text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RosterFiles {
    pub members: Option<(String, Rc<String>)>,
    pub orgs: Option<(String, Rc<String>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CompareAction {
    /// Use this text on one side (`left` or not).
    SetSide {
        left: bool,
        key: String,
        text: String,
    },
    /// The text being edited compiled again: a side showing it follows.
    Edited {
        text: Rc<String>,
        rules: crate::shared::state::SharedRules,
    },
    /// A classic question: left = the text being edited, right = the same with one kind of setting switched.
    Classic {
        classic: Classic,
        text: Rc<String>,
        rules: crate::shared::state::SharedRules,
    },
    /// The person's typed facts (from the person panel).
    Person(SubjectInput),
    /// A roster file was read (`organizations` for the organizations file).
    Roster {
        organizations: bool,
        name: String,
        text: String,
    },
    /// Aggregate figures typed as a figures file (see `rules/README.md`).
    Figures(String),
    Message(Option<Text>),
    /// The bundled rule sets the workbench has fetched as bases of overlays (see `VariantsState::bases`).
    Bases(Rc<Vec<(String, String)>>),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct CompareState {
    pub left: Option<Side>,
    pub right: Option<Side>,
    pub person_input: SubjectInput,
    pub roster: RosterFiles,
    pub figures_text: String,
    pub person: Option<Rc<SubjectComparison>>,
    pub unit: Option<Rc<UnitComparison>>,
    pub figures: Option<Rc<Result<FiguresComparison, Vec<Diagnostic>>>>,
    /// Problems reading the roster on either side (a file the engine cannot use at all).
    pub roster_problems: Rc<Vec<Diagnostic>>,
    /// What the classic question changed.
    pub classic: Option<Vec<Text>>,
    pub message: Option<Text>,
    /// A target file the roster and the figures are checked against (a bundled example).
    pub targets: Option<Rc<String>>,
    /// Bases an overlay side may extend besides the default rule set: `(id, text)`.
    pub bases: Rc<Vec<(String, String)>>,
}

impl CompareState {
    pub fn new(targets: Option<&str>) -> CompareState {
        CompareState { targets: targets.map(|t| Rc::new(t.to_string())), ..CompareState::default() }
    }

    pub fn apply(&self, action: CompareAction) -> CompareState {
        let mut next = self.clone();
        next.message = None;
        let (mut left_changed, mut right_changed) = (false, false);
        match action {
            CompareAction::SetSide { left, key, text } => {
                match xeploai::ruleset::load_with(&text, Some(&format!("{key}.toml")), &self.resolver()) {
                    (Some(rules), _) => {
                        let side = Side { key, text: Rc::new(text), rules: Rc::new(rules), run: None };
                        if left {
                            next.left = Some(side);
                            left_changed = true;
                        } else {
                            next.right = Some(side);
                            right_changed = true;
                        }
                        next.classic = None;
                    }
                    (None, diagnostics) => {
                        let first = diagnostics.iter().find(|d| d.is_error()).map(|d| d.message.clone());
                        next.message =
                            Some(first.unwrap_or_else(|| Text::new("bộ tiêu chí có lỗi", "the rule set has errors")));
                    }
                }
            }
            CompareAction::Edited { text, rules } => {
                for (side, changed) in [(&mut next.left, &mut left_changed), (&mut next.right, &mut right_changed)] {
                    if let Some(side) = side.as_mut().filter(|s| s.key == EDITED) {
                        *side = Side { key: EDITED.into(), text: text.clone(), rules: rules.0.clone(), run: None };
                        *changed = true;
                    }
                }
            }
            CompareAction::Classic { classic, text, rules } => {
                match xeploai::knobs::variant_with(&text, classic, &self.resolver()) {
                    Ok((changed_text, changes)) => {
                        match xeploai::ruleset::load_with(&changed_text, Some("classic.toml"), &self.resolver()) {
                            (Some(right), _) => {
                                next.left = Some(Side { key: EDITED.into(), text, rules: rules.0, run: None });
                                next.right = Some(Side {
                                    key: CLASSIC.into(),
                                    text: Rc::new(changed_text),
                                    rules: Rc::new(right),
                                    run: None,
                                });
                                next.classic = Some(changes.iter().map(|c| c.describe()).collect());
                                left_changed = true;
                                right_changed = true;
                            }
                            (None, diagnostics) => {
                                next.message = diagnostics.into_iter().find(|d| d.is_error()).map(|d| d.message);
                            }
                        }
                    }
                    Err(diagnostic) => next.message = Some(diagnostic.message),
                }
            }
            CompareAction::Person(input) => next.person_input = input,
            CompareAction::Roster { organizations, name, text } => {
                let file = Some((name, Rc::new(text)));
                if organizations {
                    next.roster.orgs = file;
                } else {
                    next.roster.members = file;
                }
                left_changed = true;
                right_changed = true;
            }
            CompareAction::Figures(text) => next.figures_text = text,
            CompareAction::Message(message) => next.message = message,
            CompareAction::Bases(bases) => next.bases = bases,
        }
        next.run(left_changed, right_changed);
        next
    }

    /// Where an overlay side's base comes from: the default rule set (in the page), or one the workbench fetched.
    fn resolver(&self) -> impl Fn(&str) -> Option<xeploai::overlay::Base> + use<> {
        let bases = self.bases.clone();
        move |id: &str| {
            xeploai::overlay::default_base(id).or_else(|| {
                let (_, text) = bases.iter().find(|(known, _)| known == id)?;
                Some(xeploai::overlay::Base { file: format!("rules/{id}.toml"), text: text.clone() })
            })
        }
    }

    /// Run what changed and compare.
    fn run(&mut self, left_changed: bool, right_changed: bool) {
        let mut problems = Vec::new();
        for (side, changed) in [(&mut self.left, left_changed), (&mut self.right, right_changed)] {
            let Some(side) = side.as_mut() else { continue };
            if !changed && side.run.is_some() {
                continue;
            }
            side.run = None;
            let Some((members_name, members)) = &self.roster.members else { continue };
            let files = UnitFiles {
                members: (members.as_str(), Some(members_name.as_str())),
                orgs: self.roster.orgs.as_ref().map(|(name, text)| (text.as_str(), Some(name.as_str()))),
                targets: self.targets.as_ref().map(|t| (t.as_str(), Some("targets.toml"))),
                figures: None,
            };
            match UnitRun::new(&side.rules, &files) {
                Ok(run) => side.run = Some(Rc::new(run)),
                Err(diagnostics) => problems.extend(diagnostics),
            }
        }
        self.roster_problems = Rc::new(problems);
        let (Some(left), Some(right)) = (&self.left, &self.right) else {
            self.person = None;
            self.unit = None;
            self.figures = None;
            return;
        };
        self.person = Some(Rc::new(compare_subject(&left.rules, &right.rules, &self.person_input)));
        self.unit = match (&left.run, &right.run) {
            (Some(l), Some(r)) => Some(Rc::new(compare_units(
                UnitSide { rules: &left.rules, run: l },
                UnitSide { rules: &right.rules, run: r },
                EXPLAIN_LIMIT,
            ))),
            _ => None,
        };
        self.figures = (!self.figures_text.trim().is_empty()).then(|| {
            Rc::new(compare_figures(
                &left.rules,
                &right.rules,
                (&self.figures_text, Some("figures.toml")),
                self.targets.as_ref().map(|t| (t.as_str(), Some("targets.toml"))),
            ))
        });
    }
}

impl yew::Reducible for CompareState {
    type Action = CompareAction;

    fn reduce(self: Rc<Self>, action: CompareAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The person's typed facts for the current subject, as the comparison takes them.
pub fn subject_input(saved: &crate::shared::state::Saved) -> SubjectInput {
    SubjectInput {
        subject: saved.subject.clone(),
        facts: saved
            .inputs
            .get(&saved.subject)
            .map(|facts| facts.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        target: saved.targets.get(&saved.subject).cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::state::SharedRules;
    use xeploai::builtin;

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../examples/dang-bo-mau/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn default_rules() -> (Rc<String>, SharedRules) {
        (Rc::new(builtin::DEFAULT_TEXT.to_string()), SharedRules(Rc::new(builtin::load_default())))
    }

    fn with_roster() -> CompareState {
        CompareState::new(builtin::target_text("dang-uy-khoi-2026"))
            .apply(CompareAction::Roster { organizations: true, name: "orgs.csv".into(), text: example("orgs.csv") })
            .apply(CompareAction::Roster {
                organizations: false,
                name: "members.csv".into(),
                text: example("members.csv"),
            })
    }

    #[test]
    fn quota_base_good_or_better_in_one_click() {
        // With every individual in one quota group (as QĐ 124 did): per kind, the example's groups are too small
        // for the base to matter.
        let text =
            xeploai::knobs::set_knob(builtin::DEFAULT_TEXT, "quota.quota_htxs_members.pool_subjects", "true").unwrap();
        let rules = SharedRules(Rc::new(xeploai::ruleset::load(&text, None).0.unwrap()));
        let text = Rc::new(text);
        let state = with_roster().apply(CompareAction::Classic { classic: Classic::QuotaBase, text, rules });
        assert!(state.message.is_none(), "{:?}", state.message);
        let changes = state.classic.as_ref().unwrap();
        assert!(
            changes[0].vi.contains("good_or_better")
                || changes[0].en.as_deref().unwrap_or("").contains("good_or_better"),
            "{changes:?}"
        );
        let unit = state.unit.as_ref().expect("the roster compared");
        assert_eq!(unit.members, 22);
        assert!(unit.quotas.iter().any(|q| q.changed), "the cap changes with the base");
        assert!(!unit.movers.is_empty(), "fewer members are moved down by the quota");
        assert!(unit.distributions.iter().any(|d| d.rows.iter().any(|r| r.left != r.right)));
    }

    #[test]
    fn qd124_against_qd366_on_the_same_unit() {
        let Some(qd124) = builtin::CATALOG.iter().find(|e| e.id.starts_with("qd124")) else { return };
        let state = with_roster()
            .apply(CompareAction::SetSide {
                left: true,
                key: format!("builtin:{}", qd124.id),
                text: builtin::rule_text(qd124.id).unwrap().into(),
            })
            .apply(CompareAction::SetSide {
                left: false,
                key: "builtin:qd366-2025".into(),
                text: builtin::DEFAULT_TEXT.into(),
            });
        assert!(state.message.is_none(), "{:?}", state.message);
        assert!(state.roster_problems.is_empty(), "{:?}", state.roster_problems);
        let unit = state.unit.as_ref().expect("the roster compared");
        assert_eq!(unit.members, 22);
    }

    #[test]
    fn the_edited_side_follows_the_text_and_the_other_keeps_its_run() {
        let (text, rules) = default_rules();
        let state = with_roster()
            .apply(CompareAction::SetSide {
                left: true,
                key: "builtin:qd366-2025".into(),
                text: builtin::DEFAULT_TEXT.into(),
            })
            .apply(CompareAction::SetSide { left: false, key: EDITED.into(), text: (*text).clone() });
        let left_run = state.left.as_ref().unwrap().run.clone().unwrap();
        assert!(state.unit.as_ref().unwrap().movers.is_empty(), "the same rule set moves nobody");
        let raised = builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = 95", 1);
        let raised_rules = SharedRules(Rc::new(xeploai::ruleset::load(&raised, None).0.unwrap()));
        let state = state.apply(CompareAction::Edited { text: Rc::new(raised), rules: raised_rules });
        assert!(Rc::ptr_eq(state.left.as_ref().unwrap().run.as_ref().unwrap(), &left_run));
        assert!(!state.unit.as_ref().unwrap().movers.is_empty(), "a higher threshold moves someone down");
        let _ = rules;
    }

    #[test]
    fn one_person_and_typed_figures_side_by_side() {
        let (text, rules) = default_rules();
        let state = CompareState::new(builtin::target_text("dang-uy-khoi-2026"))
            .apply(CompareAction::Person(SubjectInput {
                subject: "member".into(),
                facts: [
                    ("common_points", "28"),
                    ("task_points", "65"),
                    ("tasks_assigned", "10"),
                    ("tasks_on_time", "10"),
                    ("tasks_exceeding", "3"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
                target: None,
            }))
            .apply(CompareAction::SetSide { left: true, key: EDITED.into(), text: (*text).clone() });
        assert!(state.person.is_none(), "one side only");
        let raised = builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = 95", 1);
        let state = state.apply(CompareAction::SetSide { left: false, key: "saved:Khung 95".into(), text: raised });
        let person = state.person.as_ref().unwrap();
        assert_eq!((person.place.left.as_str(), person.place.right.as_str()), ("htxs", "htt"));
        assert!(person.differences.iter().any(|d| d.decisive()));
        let state = state.apply(CompareAction::Figures(
            "as_of = \"2026-11-23\"\n[population.base_organizations]\nhtxs = 31\nhtt = 121\nht = 7\nkht = 0\n".into(),
        ));
        let figures = state.figures.as_ref().unwrap().as_ref().as_ref().expect("figures read");
        assert!(!figures.quotas.is_empty() || !figures.targets.is_empty());
        let _ = rules;
    }

    #[test]
    fn an_overlay_beside_its_base() {
        let overlay = builtin::rule_text("qd366-vi-du-tinh").unwrap().to_string();
        let state = CompareState::new(None)
            .apply(CompareAction::SetSide {
                left: true,
                key: "builtin:qd366-2025".into(),
                text: builtin::DEFAULT_TEXT.into(),
            })
            .apply(CompareAction::SetSide {
                left: false,
                key: "builtin:qd366-vi-du-tinh".into(),
                text: overlay.clone(),
            });
        assert_eq!(state.message, None);
        let right = &state.right.as_ref().unwrap().rules;
        assert_eq!((right.id.as_str(), right.extends.as_deref()), ("qd366-vi-du-tinh", Some("qd366-2025")));
        assert!(state.person.is_some());
        let label = xeploai::compare::RuleSetLabel::of(right);
        assert_eq!(
            label.describe(xeploai::Lang::En),
            format!("{} (qd366-vi-du-tinh, {}, extends qd366-2025)", right.name.en.as_deref().unwrap(), right.version)
        );
        // A classic question on an overlay: the right side is the overlay with the setting written into it.
        let rules = crate::shared::state::SharedRules(Rc::new(xeploai::load(&overlay, None).0.unwrap()));
        let state = state.apply(CompareAction::Classic {
            classic: Classic::QuotaRounding,
            text: Rc::new(overlay.clone()),
            rules,
        });
        let right = state.right.as_ref().unwrap();
        assert!(right.text.starts_with(&overlay) && right.text.contains("[[quota]]"), "{}", right.text);
        assert_eq!(right.rules.quotas[0].rounding, xeploai::doc::Rounding::Nearest);
        // An overlay of another bundled rule set needs its base fetched first.
        let text = "[rule_set]\nextends = \"nd335-2025\"\nid = \"cq\"\nname = \"CQ\"\nversion = \"1\"\n";
        let missing = state.apply(CompareAction::SetSide { left: true, key: "saved:cq".into(), text: text.into() });
        assert!(missing.message.is_some());
        let bases = Rc::new(vec![("nd335-2025".to_string(), builtin::rule_text("nd335-2025").unwrap().to_string())]);
        let found = state.apply(CompareAction::Bases(bases)).apply(CompareAction::SetSide {
            left: true,
            key: "saved:cq".into(),
            text: text.into(),
        });
        assert_eq!(found.message, None);
        assert_eq!(found.left.as_ref().unwrap().rules.extends.as_deref(), Some("nd335-2025"));
    }
}
