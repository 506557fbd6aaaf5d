//! The self-assessment form, generated from a rule set's declared facts for one subject kind. Pure data (no web
//! types), so it is tested natively.

use xeploai::ruleset::{FactOrigin, FactType, RuleSet};
use xeploai::{Lang, Num, Text};

/// How a fact is entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Widget {
    /// Typed as text so both `89,5` and `89.5` work; `decimal` tells phones which keyboard to show.
    Number { decimal: bool, percent: bool },
    /// Yes/no with a default: a checkbox.
    Checkbox,
    /// A choice, or yes/no without a default (then with an empty option).
    Select { options: Vec<(String, Text)>, allow_empty: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub fact: String,
    pub label: Text,
    pub help: Option<Text>,
    pub unit: Option<Text>,
    pub widget: Widget,
    pub required: bool,
    pub min: Option<Num>,
    pub max: Option<Num>,
    /// The default as text for the placeholder ("12", "Không bị kỷ luật").
    pub default: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The rule file's group id ("points", "tasks" …), empty for facts without one.
    pub id: String,
    pub fields: Vec<Field>,
}

/// The fields of subject kind `kind`, grouped in the order the rule file first mentions each group. Only facts
/// some rule reads are asked for; roll-up counts are entered in the members section, derived facts are computed.
pub fn form(rules: &RuleSet, kind: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    // Facts only a computation from a list reads are asked for too (their help says when they count).
    let read_by_lists = xeploai::lists::facts_read(rules, kind);
    for (slot, fact) in rules.input_facts(kind) {
        if !(fact.used || read_by_lists.contains(&slot)) || fact.origin != FactOrigin::Input {
            continue;
        }
        let widget = match fact.ty {
            FactType::Number => Widget::Number { decimal: true, percent: false },
            FactType::Integer => Widget::Number { decimal: false, percent: false },
            FactType::Percent => Widget::Number { decimal: true, percent: true },
            FactType::Bool if fact.default.is_some() => Widget::Checkbox,
            FactType::Bool => Widget::Select {
                options: vec![("true".into(), Text::new("Có", "Yes")), ("false".into(), Text::new("Không", "No"))],
                allow_empty: true,
            },
            FactType::Choice => Widget::Select {
                options: fact.choices.iter().map(|c| (c.id.clone(), c.name.clone())).collect(),
                allow_empty: fact.default.is_none(),
            },
        };
        let default = fact.default.map(|value| match fact.ty {
            FactType::Choice => {
                fact.choices.get(value.floor().max(0) as usize).map(|c| c.name.clone()).unwrap_or_default()
            }
            FactType::Bool => {
                if value.is_zero() {
                    Text::new("Không", "No")
                } else {
                    Text::new("Có", "Yes")
                }
            }
            FactType::Percent => Text::new(value.display_percent(Lang::Vi, 2), value.display_percent(Lang::En, 2)),
            _ => Text::new(value.display(Lang::Vi, 2), value.display(Lang::En, 2)),
        });
        let field = Field {
            fact: fact.id.clone(),
            label: fact.name.clone(),
            help: fact.help.clone(),
            unit: fact.unit.clone(),
            widget,
            required: fact.default.is_none() && fact.used,
            min: fact.min,
            max: fact.max,
            default,
        };
        let id = fact.group.clone().unwrap_or_default();
        match groups.iter_mut().find(|g| g.id == id) {
            Some(group) => group.fields.push(field),
            None => groups.push(Group { id, fields: vec![field] }),
        }
    }
    groups
}

/// The allowed range as people read it: "0–30 điểm", "≥ 0".
pub fn range_text(field: &Field, lang: Lang) -> Option<String> {
    let percent = matches!(field.widget, Widget::Number { percent: true, .. });
    let show = |n: Num| if percent { n.display_percent(lang, 2) } else { n.display(lang, 2) };
    let unit = field.unit.as_ref().map(|u| format!(" {}", u.get(lang))).unwrap_or_default();
    match (field.min, field.max) {
        (Some(lo), Some(hi)) => Some(format!("{}–{}{unit}", show(lo), show(hi))),
        (Some(lo), None) if !lo.is_zero() => Some(format!("≥ {}{unit}", show(lo))),
        (None, Some(hi)) => Some(format!("≤ {}{unit}", show(hi))),
        _ => None,
    }
}

/// Whether a checkbox shows ticked for the text typed: a yes/no as the engine reads it, else the field's default.
pub fn is_checked(field: &Field, typed: &str) -> bool {
    xeploai::input::parse_bool(typed).unwrap_or_else(|| field.default.as_ref().is_some_and(|d| d.vi == "Có"))
}

/// The option a typed text selects (its id, or its Vietnamese name with or without diacritics); empty when none.
pub fn selected_option(options: &[(String, Text)], typed: &str) -> String {
    if typed.is_empty() {
        return String::new();
    }
    let folded = xeploai::input::fold(typed);
    options
        .iter()
        .find(|(id, name)| *id == typed || xeploai::input::fold(&name.vi) == folded)
        .map(|(id, _)| id.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap()
    }

    fn field<'a>(groups: &'a [Group], fact: &str) -> &'a Field {
        groups.iter().flat_map(|g| &g.fields).find(|f| f.fact == fact).unwrap_or_else(|| panic!("no field {fact}"))
    }

    #[test]
    fn member_form_has_points_tasks_conduct_and_eligibility() {
        let rules = rules();
        let groups = form(&rules, rules.subject_index("member").unwrap());
        let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["points", "tasks", "conduct", "eligibility"]);
        let points = field(&groups, "common_points");
        assert!(points.required);
        assert_eq!(points.widget, Widget::Number { decimal: true, percent: false });
        assert_eq!(range_text(points, Lang::Vi).as_deref(), Some("0–30 điểm"));
        assert_eq!(range_text(points, Lang::En).as_deref(), Some("0–30 points"));
        let discipline = field(&groups, "discipline");
        assert!(!discipline.required);
        assert!(matches!(&discipline.widget, Widget::Select { options, allow_empty: false } if options.len() == 4));
        assert_eq!(discipline.default.as_ref().map(|d| d.vi.as_str()), Some("Không bị kỷ luật"));
        assert_eq!(field(&groups, "suspended").widget, Widget::Checkbox);
        assert_eq!(field(&groups, "tasks_assigned").widget, Widget::Number { decimal: false, percent: false });
    }

    #[test]
    fn each_kind_gets_only_its_facts() {
        let rules = rules();
        let leader = form(&rules, rules.subject_index("leader").unwrap());
        assert!(leader.iter().flat_map(|g| &g.fields).any(|f| f.fact == "led_tasks_assigned"));
        assert!(!leader.iter().flat_map(|g| &g.fields).any(|f| f.fact == "tasks_assigned"));
        let collective = form(&rules, rules.subject_index("collective").unwrap());
        let facts: Vec<&str> = collective.iter().flat_map(|g| &g.fields).map(|f| f.fact.as_str()).collect();
        assert!(facts.contains(&"subunits_disciplined"));
        assert!(!facts.contains(&"discipline"), "individual discipline is not asked of a collective");
        assert!(!facts.iter().any(|f| f.starts_with("members.")), "roll-up counts come from the members section");
    }

    #[test]
    fn a_typed_text_selects_an_option_and_ticks_a_checkbox() {
        let rules = rules();
        let groups = form(&rules, rules.subject_index("member").unwrap());
        let discipline = field(&groups, "discipline");
        let Widget::Select { options, .. } = &discipline.widget else { panic!("discipline is a choice") };
        let (first_id, first_name) = options[0].clone();
        assert_eq!(selected_option(options, &first_id), first_id);
        assert_eq!(selected_option(options, &xeploai::input::fold(&first_name.vi)), first_id, "without diacritics");
        assert_eq!(selected_option(options, ""), "");
        assert_eq!(selected_option(options, "không có"), "");
        let suspended = field(&groups, "suspended");
        assert!(is_checked(suspended, "có"));
        assert!(!is_checked(suspended, "false"));
        let default = suspended.default.as_ref().is_some_and(|d| d.vi == "Có");
        assert_eq!(is_checked(suspended, ""), default, "empty text shows the default");
    }
}
