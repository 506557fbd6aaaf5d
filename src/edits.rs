//! A rule set the person edited, against the bundled text it came from: which rules differ, and from what.
//!
//! The workbench compiles the edited text and the bundled text of the same rule-set id; [`mark_edits`] lists every
//! rule, level threshold, quota and policy that differs and marks each one's provenance "do người dùng sửa"
//! (changed by the user) with what it was, so an explanation never cites a changed rule as the official text. The
//! caller decides `official` (the workbench: only a text identical to the bundled official text of its id is).

use crate::Text;
use crate::overlay::OverlayNote;
use crate::ruleset::{Provenance, Rule, RuleSet, Status};

/// One thing the person changed (or added), with its value before and after as short text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    /// `level`, `level.condition`, `not_classified`, `disqualifier`, `check`, `cap`, `quota`, `scoring`, `policy`.
    pub list: &'static str,
    pub id: String,
    pub name: Text,
    /// Not in the bundled text.
    pub added: bool,
    /// The bundled value (empty when added).
    pub from: String,
    pub to: String,
}

impl Edit {
    /// "Ít nhất 30% …: tasks_exceeding / tasks_assigned >= 30% → … >= 25%".
    pub fn describe(&self) -> Text {
        let line = |name: &str| match self.added {
            true => format!("{name}: {}", self.to),
            false => format!("{name}: {} → {}", self.from, self.to),
        };
        Text::new(line(&self.name.vi), line(self.name.get(crate::Lang::En)))
    }
}

/// Mark in `edited` every rule that differs from `reference` (the bundled rule set of the same id) and list them.
pub fn mark_edits(edited: &mut RuleSet, reference: &RuleSet) -> Vec<Edit> {
    let mut edits = Vec::new();
    let levels_before = |index: usize| reference.levels.get(index).map(|l| l.short.clone()).unwrap_or_default();
    let levels_after: Vec<String> = edited.levels.iter().map(|l| l.short.clone()).collect();

    for level in &mut edited.levels {
        let before = reference.levels.iter().find(|l| l.id == level.id);
        let show = |min: Option<crate::Num>| min.map(|m| format!("≥ {m}")).unwrap_or_else(|| "—".into());
        let changed = before.is_none_or(|b| b.min_score != level.min_score);
        if changed {
            let edit = Edit {
                list: "level",
                id: level.id.clone(),
                name: level.name.clone(),
                added: before.is_none(),
                from: before.map(|b| show(b.min_score)).unwrap_or_default(),
                to: show(level.min_score),
            };
            if let Some(source) = &mut level.source {
                mark(source, &edited.id, &edit);
            }
            edits.push(edit);
        }
        let conditions_before = before.map(|b| b.conditions.as_slice()).unwrap_or_default();
        for rule in &mut level.conditions {
            edits.extend(rule_edit("level.condition", rule, conditions_before, &edited.id));
        }
    }
    for (list, rules, before) in [
        ("not_classified", &mut edited.not_classified, &reference.not_classified),
        ("disqualifier", &mut edited.disqualifiers, &reference.disqualifiers),
    ] {
        for rule in rules.iter_mut() {
            edits.extend(rule_edit(list, rule, before, &edited.id));
        }
    }
    let checks_before: Vec<Rule> = reference.checks.iter().map(|c| c.rule.clone()).collect();
    for check in &mut edited.checks {
        edits.extend(rule_edit("check", &mut check.rule, &checks_before, &edited.id));
    }
    for cap in &mut edited.caps {
        let before = reference.caps.iter().find(|c| c.rule.id == cap.rule.id);
        let show = |rule: &Rule, level: String| format!("{} ⇒ ≤ {level}", rule.expr.text());
        let to = show(&cap.rule, levels_after.get(cap.max_level).cloned().unwrap_or_default());
        let from = before.map(|b| show(&b.rule, levels_before(b.max_level)));
        if from.as_deref() != Some(to.as_str()) || before.is_some_and(|b| b.rule.enabled != cap.rule.enabled) {
            let edit = Edit {
                list: "cap",
                id: cap.rule.id.clone(),
                name: cap.rule.name.clone(),
                added: before.is_none(),
                from: from.map(|f| with_enabled(f, before.is_some_and(|b| b.rule.enabled))).unwrap_or_default(),
                to: with_enabled(to, cap.rule.enabled),
            };
            mark(&mut cap.rule.source, &edited.id, &edit);
            edits.push(edit);
        }
    }
    for quota in &mut edited.quotas {
        let before = reference.quotas.iter().find(|q| q.id == quota.id);
        let show = |q: &crate::ruleset::Quota, level: String| {
            let scopes: Vec<String> = q.scopes.iter().map(|s| snake(&format!("{s:?}"))).collect();
            let share = q.share.checked_mul(crate::Num::from(100)).map(|p| p.to_string()).unwrap_or_default();
            let pool = if q.pool_subjects { " · pool_subjects" } else { "" };
            let text = format!(
                "{level} {share}% · {} · {} · {}{pool}",
                snake(&format!("{:?}", q.base)),
                scopes.join(", "),
                snake(&format!("{:?}", q.rounding)),
            );
            with_enabled(text, q.enabled)
        };
        let to = show(quota, levels_after.get(quota.level).cloned().unwrap_or_default());
        let from = before.map(|b| show(b, levels_before(b.level)));
        if from.as_deref() != Some(to.as_str()) {
            let edit = Edit {
                list: "quota",
                id: quota.id.clone(),
                name: quota.name.clone(),
                added: before.is_none(),
                from: from.unwrap_or_default(),
                to,
            };
            mark(&mut quota.source, &edited.id, &edit);
            edits.push(edit);
        }
    }
    if let (Some(scoring), Some(before)) = (&mut edited.scoring, &reference.scoring)
        && scoring.max != before.max
    {
        let edit = Edit {
            list: "scoring",
            id: "scoring".into(),
            name: Text::new("Thang điểm", "Score scale"),
            added: false,
            from: before.max.to_string(),
            to: scoring.max.to_string(),
        };
        if let Some(source) = &mut scoring.source {
            mark(source, &edited.id, &edit);
        }
        edits.push(edit);
    }
    let policies = [
        (
            "band_fallback",
            Text::new("Khi không đạt điều kiện của mức", "When a level's conditions are not met"),
            format!("{:?}", reference.band_fallback),
            format!("{:?}", edited.band_fallback),
            &mut edited.band_fallback_source,
        ),
        (
            "empty_share",
            Text::new("Tỷ lệ trên 0", "A share of nothing"),
            format!("{:?}", reference.empty_share),
            format!("{:?}", edited.empty_share),
            &mut edited.empty_share_source,
        ),
    ];
    for (id, name, from, to, source) in policies {
        if from != to {
            let edit = Edit { list: "policy", id: id.into(), name, added: false, from: snake(&from), to: snake(&to) };
            if let Some(source) = source {
                mark(source, &edited.id, &edit);
            }
            edits.push(edit);
        }
    }
    edits
}

/// A rule whose expression (or mitigation, or on/off) differs from the one of the same id in `before`.
fn rule_edit(list: &'static str, rule: &mut Rule, before: &[Rule], rule_set: &str) -> Option<Edit> {
    let show = |r: &Rule| {
        let text = match &r.mitigation {
            Some(mitigation) => format!("{} (trừ khi / unless {})", r.expr.text(), mitigation.text()),
            None => r.expr.text().to_string(),
        };
        with_enabled(text, r.enabled)
    };
    let previous = before.iter().find(|b| b.id == rule.id);
    let to = show(rule);
    let from = previous.map(show);
    if from.as_deref() == Some(to.as_str()) {
        return None;
    }
    let edit = Edit {
        list,
        id: rule.id.clone(),
        name: rule.name.clone(),
        added: previous.is_none(),
        from: from.unwrap_or_default(),
        to,
    };
    mark(&mut rule.source, rule_set, &edit);
    Some(edit)
}

fn with_enabled(text: String, enabled: bool) -> String {
    if enabled { text } else { format!("{text} [tắt / off]") }
}

/// `Cascade` → `cascade`, `GoodOnly` → `good_only` (the words of the rule format).
fn snake(debug: &str) -> String {
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The provenance of a changed rule: changed by the user, from what; no longer confirmed by the sources it cites.
fn mark(source: &mut Provenance, rule_set: &str, edit: &Edit) {
    source.overlay = Some(OverlayNote {
        id: rule_set.to_string(),
        added: edit.added,
        edited_from: Some(if edit.added { String::new() } else { edit.from.clone() }),
    });
    source.status = Status::Assumption;
    source.reason = Some(match edit.added {
        true => {
            Text::new("Quy tắc do người dùng thêm, không có trong văn bản.", "A rule the user added; not in the texts.")
        }
        false => Text::new(
            format!("Do người dùng sửa; văn bản ghi: {}.", edit.from),
            format!("Changed by the user; the text says: {}.", edit.from),
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    fn compile(text: &str) -> RuleSet {
        crate::ruleset::load(text, None).0.expect("compiles")
    }

    #[test]
    fn an_edited_threshold_and_condition_are_marked_changed_by_the_user_with_what_they_were() {
        let reference = compile(builtin::DEFAULT_TEXT);
        let mut same = compile(builtin::DEFAULT_TEXT);
        assert!(mark_edits(&mut same, &reference).is_empty(), "the bundled text has no edits");

        let text = builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = 85", 1);
        let mut edited = compile(&text);
        let edits = mark_edits(&mut edited, &reference);
        assert_eq!(edits.len(), 1, "{edits:?}");
        assert_eq!((edits[0].list, edits[0].id.as_str()), ("level", "htxs"));
        assert_eq!((edits[0].from.as_str(), edits[0].to.as_str()), ("≥ 90", "≥ 85"));
        let source = edited.levels[0].source.as_ref().unwrap();
        assert_eq!(source.status, Status::Assumption);
        let cite = source.cite(crate::Lang::Vi);
        assert!(cite.contains("do người dùng sửa, văn bản ghi ≥ 90"), "{cite}");
        assert!(source.cite(crate::Lang::En).contains("changed by the user, was ≥ 90"));

        let condition = &reference.levels[0].conditions[0];
        let old = condition.expr.text().to_string();
        let new = old.replacen(">=", ">", 1);
        assert_ne!(old, new);
        let mut edited = compile(&builtin::DEFAULT_TEXT.replacen(&old, &new, 1));
        let edits = mark_edits(&mut edited, &reference);
        let edit = edits.iter().find(|e| e.id == condition.id).expect("the condition is listed");
        assert_eq!((edit.from.as_str(), edit.to.as_str()), (old.as_str(), new.as_str()));
        assert!(edit.describe().vi.contains(" → "));
        let marked = edited.levels[0].conditions.iter().find(|r| r.id == condition.id).unwrap();
        assert_eq!(marked.source.overlay.as_ref().unwrap().edited_from.as_deref(), Some(old.as_str()));
        let untouched = edited.levels[1].source.as_ref().unwrap();
        assert!(untouched.overlay.is_none() && untouched.status == reference.levels[1].source.as_ref().unwrap().status);
    }

    #[test]
    fn quotas_and_policies_are_compared_too() {
        let reference = compile(builtin::DEFAULT_TEXT);
        let text = crate::knobs::set_knob(builtin::DEFAULT_TEXT, "policy.band_fallback", "lowest").unwrap();
        let mut edited = compile(&text);
        let edits = mark_edits(&mut edited, &reference);
        assert!(edits.iter().any(|e| e.list == "policy" && e.id == "band_fallback"), "{edits:?}");
        let knob = crate::knobs::knobs(builtin::DEFAULT_TEXT).unwrap();
        let quota = knob.iter().find(|k| k.id.ends_with(".rounding")).expect("a rounding knob");
        let other = if quota.value == "floor" { "nearest" } else { "floor" };
        assert_ne!(quota.value, other);
        let mut edited = compile(&crate::knobs::set_knob(builtin::DEFAULT_TEXT, &quota.id, other).unwrap());
        let edits = mark_edits(&mut edited, &reference);
        assert!(edits.iter().any(|e| e.list == "quota"), "{edits:?}");
    }
}
