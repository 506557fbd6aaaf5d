//! Rule sets carry the review years they govern (`[rule_set] years = { from, to }`, `domain`): read and checked,
//! and the bundled rule set in force for a year is picked by year and domain.

use xeploai::builtin::{self, in_force, in_force_text};
use xeploai::diag::Code;
use xeploai::doc::Domain;
use xeploai::ruleset::Years;
use xeploai::{Lang, RuleSet};

const RULES: &str = include_str!("fixtures/rules/empty-share.toml");

fn with_years(line: &str) -> (Option<RuleSet>, Vec<xeploai::Diagnostic>) {
    xeploai::load(&RULES.replace("years = { from = 2025 }\ndomain = \"party\"", line), None)
}

#[test]
fn years_and_domain_are_read() {
    let (rules, _) = with_years("years = { from = 2023, to = 2024 }\ndomain = \"civil_service\"");
    let rules = rules.unwrap();
    assert_eq!(rules.years, Years { from: Some(2023), to: Some(2024) });
    assert!(rules.years.contains(2023) && rules.years.contains(2024) && !rules.years.contains(2025));
    assert_eq!(rules.years.describe(Lang::Vi), "2023–2024");
    assert_eq!(rules.domain, Some(Domain::CivilService));
    let (rules, _) = with_years("years = { from = 2025 }");
    let rules = rules.unwrap();
    assert_eq!(rules.years.describe(Lang::En), "from 2025");
    assert!(rules.years.contains(2099) && !rules.years.contains(2024));
}

#[test]
fn bad_years_are_located_and_coded() {
    for (line, path) in [
        ("years = { from = 2025, to = 2024 }", "rule_set.years"),
        ("years = { from = 25 }", "rule_set.years.from"),
        ("years = { to = 99999 }", "rule_set.years.to"),
        ("years = {}", "rule_set.years"),
    ] {
        let (rules, diagnostics) = with_years(line);
        assert!(rules.is_none(), "{line}");
        let d = diagnostics.iter().find(|d| d.code == Code::RuleSetYears).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(d.location.path.as_deref(), Some(path), "{line}");
        assert_eq!(d.location.line, Some(7), "{line}");
    }
    let (_, diagnostics) = with_years("years = { from = \"2025\" }");
    assert!(diagnostics.iter().any(|d| d.code == Code::WrongType));
    let (_, diagnostics) = with_years("domain = \"army\"");
    assert!(diagnostics.iter().any(|d| d.code == Code::InvalidValue));
}

#[test]
fn the_rule_set_in_force_for_each_review_year() {
    let party = |year| in_force(year, Domain::Party).map(|e| e.id);
    assert_eq!(party(2017), None);
    assert_eq!(party(2018), Some("qd132-2018"));
    assert_eq!(party(2022), Some("qd132-2018"));
    assert_eq!(party(2023), Some("qd124-2023"));
    assert_eq!(party(2024), Some("qd124-2023"));
    assert_eq!(party(2025), Some("qd366-2025"), "the official one, not the provincial example");
    assert_eq!(party(2026), Some("qd366-2025"));
    let civil = |year| in_force(year, Domain::CivilService).map(|e| e.id);
    assert_eq!(civil(2025), None);
    assert_eq!(civil(2026), Some("nd335-2025"));
    let (_, text) = in_force_text(2026, Domain::Party).unwrap();
    assert!(text.vi.contains("Năm đánh giá 2026") && text.vi.contains("qd366-2025") && text.vi.contains("từ 2025"));
    let none = in_force_text(2017, Domain::Party).unwrap_err();
    assert!(none.get(Lang::En).contains("qd132-2018 2018–2022"), "{}", none.get(Lang::En));
    // A bundled file without `years` takes its period from the catalog.
    let rules = builtin::load("qd124-2023").unwrap();
    assert_eq!(builtin::years_of(&rules), Years { from: Some(2023), to: Some(2024) });
    assert_eq!(builtin::domain_of(&builtin::load("nd335-2025").unwrap()), Domain::CivilService);
}

/// The `years`/`domain` lines each bundled file is to carry (see the catalog): with them, every bundled file still
/// loads and says the same as the catalog.
#[test]
fn the_bundled_files_with_their_period_lines() {
    let lines = [
        ("qd366-2025", "years = { from = 2025 }\ndomain = \"party\""),
        ("qd366-vi-du-tinh", "years = { from = 2025 }\ndomain = \"party\""),
        ("qd124-2023", "years = { from = 2023, to = 2024 }\ndomain = \"party\""),
        ("qd132-2018", "years = { from = 2018, to = 2022 }\ndomain = \"party\""),
        ("nd335-2025", "years = { from = 2026 }\ndomain = \"civil_service\""),
    ];
    for (id, period) in lines {
        let text = builtin::rule_text(id).unwrap();
        // An overlay inherits its base's years and domain.
        let text = if text.contains("\nyears = ") || text.contains("\nextends = ") {
            text.to_string()
        } else {
            let official = text.find("\nofficial = ").expect("an official line") + 1;
            let end = official + text[official..].find('\n').unwrap();
            format!("{}\n{period}{}", &text[..end], &text[end..])
        };
        let (rules, diagnostics) = xeploai::load(&text, None);
        let rules = rules.unwrap_or_else(|| panic!("{id}: {diagnostics:#?}"));
        let entry = builtin::CATALOG.iter().find(|e| e.id == id).unwrap();
        assert_eq!((rules.years, rules.domain), (entry.years, Some(entry.domain)), "{id}");
    }
}
