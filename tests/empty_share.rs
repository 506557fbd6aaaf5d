//! Shares of nothing: `share(part, whole)` with a whole of zero, and the rule set's declared choice
//! `[policy.empty_share]` (neutral | not_met), switchable as a knob. Fixture: `tests/fixtures/rules/empty-share.toml`.

use std::collections::BTreeMap;

use xeploai::classify::Classifier;
use xeploai::diag::Code;
use xeploai::explain::ResultStatus;
use xeploai::toml_doc::Value;
use xeploai::{Lang, cases, knobs, render};

const RULES: &str = include_str!("fixtures/rules/empty-share.toml");
const CASES: &str = include_str!("fixtures/rules/empty-share.cases.toml");

fn load(text: &str) -> xeploai::ruleset::RuleSet {
    let (rules, diagnostics) = xeploai::load(text, None);
    rules.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

fn row(rules: &xeploai::ruleset::RuleSet, facts: &[(&str, i64)]) -> Vec<xeploai::Num> {
    let facts: BTreeMap<String, Value> = facts.iter().map(|(k, v)| (k.to_string(), Value::Integer(*v))).collect();
    cases::facts_row(rules, 0, &facts).expect("facts fit")
}

#[test]
fn the_fixture_passes_its_cases() {
    let rules = load(RULES);
    let report = cases::run_cases(&rules, CASES, Some("empty-share.cases.toml"));
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.passed, 3);
}

#[test]
fn neutral_no_tasks_is_excellent_and_says_why() {
    let rules = load(RULES);
    let values = row(&rules, &[("points", 95), ("tasks_assigned", 0)]);
    let (verdict, explanation) = Classifier::new(&rules).explain(0, &values, None);
    assert_eq!(verdict.level(), Some(0));
    assert_eq!(explanation.status, ResultStatus::Classified);
    let vi = render::explanation_text(&rules, &explanation, Lang::Vi);
    let en = render::explanation_text(&rules, &explanation, Lang::En);
    assert!(vi.contains("Không có nhiệm vụ nào được giao (mẫu số bằng 0): điều kiện này được coi là đạt"), "{vi}");
    assert!(en.contains("No tasks assigned (nothing to divide by): this condition counts as met"), "{en}");
    assert!(en.contains("No tasks assigned (nothing to divide by): this case does not apply"), "{en}");
    // The choice is an assumption of the rule set: it is listed among the assumptions involved.
    assert!(explanation.assumptions.iter().any(|a| a.rule == "policy.empty_share"));
    let conditions: Vec<_> = explanation.findings.iter().filter(|f| f.rule.starts_with("htxs_")).collect();
    assert_eq!(conditions.len(), 2);
    assert!(conditions.iter().all(|f| f.met == Some(true) && f.comparisons[0].no_base));
    let case = explanation.findings.iter().find(|f| f.rule == "kht_under_half_done").unwrap();
    assert_eq!(case.met, Some(false));
}

#[test]
fn not_met_is_a_switch_and_still_no_case_applies() {
    let knob = knobs::knobs(RULES).unwrap().into_iter().find(|k| k.id == "policy.empty_share").expect("a knob");
    assert_eq!(knob.value, "neutral");
    // `--set empty_share=not_met` names the policy without its prefix.
    let text = knobs::set_knob(RULES, "empty_share", "not_met").unwrap();
    assert_eq!(text, RULES.replace("choice = \"neutral\"", "choice = \"not_met\""));
    assert_eq!(knobs::set_knob(RULES, "empty_share", "half").unwrap_err().code, Code::KnobValue);
    let rules = load(&text);
    let values = row(&rules, &[("points", 95), ("tasks_assigned", 0)]);
    let (verdict, explanation) = Classifier::new(&rules).explain(0, &values, None);
    // The HTXS share conditions fail; the cascade gives HTT (which has none); the disqualifier does not apply.
    assert_eq!(verdict.level(), Some(1));
    assert_eq!(explanation.decided_by.rule.as_deref(), Some("htxs_on_time"));
    let en = render::explanation_text(&rules, &explanation, Lang::En);
    assert!(en.contains("No tasks assigned (nothing to divide by): this condition counts as not met"), "{en}");
    assert!(en.contains("this case does not apply"), "{en}");
}

#[test]
fn a_share_without_a_declared_policy_is_reported() {
    let start = RULES.find("\n[policy.empty_share]").unwrap();
    let end = start + RULES[start..].find("\n\n").unwrap();
    let text = format!("{}{}", &RULES[..start], &RULES[end..]);
    let (rules, diagnostics) = xeploai::load(&text, None);
    assert!(rules.is_none());
    let diagnostic = diagnostics.iter().find(|d| d.code == Code::MissingProvenance).expect("reported");
    assert_eq!(diagnostic.location.path.as_deref(), Some("policy.empty_share"));
}

#[test]
fn the_fast_path_and_the_explanation_agree_on_every_small_row() {
    for text in [RULES.to_string(), knobs::set_knob(RULES, "empty_share", "not_met").unwrap()] {
        let rules = load(&text);
        let mut classifier = Classifier::new(&rules);
        for assigned in 0..4 {
            for done in 0..=assigned {
                for exceeding in 0..=done {
                    let values = row(
                        &rules,
                        &[
                            ("points", 92),
                            ("tasks_assigned", assigned),
                            ("tasks_on_time", done),
                            ("tasks_done", done),
                            ("tasks_exceeding", exceeding),
                        ],
                    );
                    let fast = classifier.classify(0, &values);
                    let (traced, explanation) = classifier.explain(0, &values, None);
                    assert_eq!(fast, traced);
                    let no_base = explanation.findings.iter().any(|f| f.empty_share.is_some());
                    assert_eq!(no_base, assigned == 0, "{assigned} {done} {exceeding}");
                }
            }
        }
    }
}
