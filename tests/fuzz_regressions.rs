//! Inputs that once crashed a fuzz target (`fuzz/seeds/crashes/<target>/`), replayed on every test run through the
//! same library calls as the targets: each must now give diagnostics, never a panic.

use std::path::PathBuf;

use xeploai::targets::{self, Figures};
use xeploai::unit::{Roster, Unit};

fn crashes(target: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/crashes").join(target);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    (
                        e.path().display().to_string(),
                        String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// A line `+++` separates two documents in one input, as in the fuzz targets.
fn split(text: &str) -> (&str, &str) {
    match text.find("\n+++\n") {
        Some(at) => (&text[..at + 1], &text[at + 5..]),
        None => (text, text),
    }
}

#[test]
fn expression_crashes() {
    for (name, text) in crashes("expression") {
        let text = text.split('\0').next().unwrap_or("");
        assert!(xeploai::expr::parse(text).is_err(), "{name} parses, but it is far too deep");
    }
}

#[test]
fn target_crashes() {
    let rules = xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap();
    let found = crashes("targets");
    assert!(!found.is_empty());
    for (_, text) in found {
        let (targets_text, figures_text) = split(&text);
        let (set, _) = targets::load_targets(&rules, targets_text, None);
        let (figures, _) = Figures::load(&rules, figures_text, None);
        if let Some(set) = set {
            let (results, _) = targets::check(&rules, &set, &figures.unwrap_or_default());
            assert_eq!(results.len(), set.targets.len());
        }
    }
}

#[test]
fn rule_file_crashes() {
    for (name, text) in crashes("rule_file") {
        let (rules_text, cases_text) = split(&text);
        let (rules, diagnostics) = xeploai::load(rules_text, Some(&name));
        if let Some(rules) = rules {
            let _ = xeploai::cases::run_cases(&rules, cases_text, None);
            let roster = Roster::default();
            let _ = Unit::prepare(&rules, &roster, None, None).run(&rules, &roster);
        } else {
            assert!(diagnostics.iter().any(|d| d.is_error()), "{name}");
        }
    }
}
