//! Rule sets bundled into every build, so the CLI and the web app work with no file at hand.

/// `(id, rule file text)`, the default first.
pub const RULE_SETS: &[(&str, &str)] = &[("qd366-2025", include_str!("../rules/qd366-2025.toml"))];

/// `(id, cases file text)` of each bundled rule set. Kept apart from [`RULE_SETS`] so a build that never runs
/// cases does not carry their text.
pub const CASES: &[(&str, &str)] = &[("qd366-2025", include_str!("../rules/qd366-2025.cases.toml"))];

/// `(id, target file text)` of the bundled target sets (examples of how committees write their targets).
pub const TARGET_SETS: &[(&str, &str)] =
    &[("dang-uy-khoi-2026", include_str!("../rules/targets/dang-uy-khoi-2026.toml"))];

/// The text of a bundled target set.
pub fn target_text(id: &str) -> Option<&'static str> {
    TARGET_SETS.iter().find(|(name, _)| *name == id).map(|(_, text)| *text)
}

/// The default rule set's id.
pub const DEFAULT: &str = "qd366-2025";

/// The text of a bundled rule set.
pub fn rule_text(id: &str) -> Option<&'static str> {
    RULE_SETS.iter().find(|(name, _)| *name == id).map(|(_, text)| *text)
}

/// The cases text of a bundled rule set.
pub fn cases_text(id: &str) -> Option<&'static str> {
    CASES.iter().find(|(name, _)| *name == id).map(|(_, text)| *text)
}

/// Compile a bundled rule set. Bundled rule sets are checked by the test suite, so this only fails if that test
/// fails too.
pub fn load(id: &str) -> Option<crate::RuleSet> {
    let text = rule_text(id)?;
    crate::ruleset::load(text, Some(&format!("rules/{id}.toml"))).0
}
