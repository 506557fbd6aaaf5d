#![no_main]
//! Rule-file text → `xeploai::load`; when a rule set compiles: `cases::run_cases` on the cases text, the bundled
//! QĐ 366 cases too, and one all-missing row per subject kind through `Classifier::classify` and `explain`.
//!
//! Input: the rule file, optionally followed by a line `+++` and a cases file. Without the separator the whole text
//! is used both as the rule file and as the cases file.

use libfuzzer_sys::fuzz_target;
use xeploai::{Classifier, Num};

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (rule_text, cases_text) = common::split_documents(text);
    let (rules, diagnostics) = xeploai::load(rule_text, Some("fuzz.toml"));
    common::render(&diagnostics);
    let Some(rules) = rules else { return };

    let report = xeploai::cases::run_cases(&rules, cases_text, Some("fuzz.cases.toml"));
    common::render(&report.diagnostics);
    // The bundled cases reach the classifier, explanations and unit mode with realistic facts.
    for (_, bundled_cases) in xeploai::builtin::CASES {
        let report = xeploai::cases::run_cases(&rules, bundled_cases, Some("bundled.cases.toml"));
        common::render(&report.diagnostics);
    }

    let mut classifier = Classifier::new(&rules);
    let row = vec![Num::MISSING; rules.facts.len()];
    for kind in 0..rules.subjects.len() {
        let fast = classifier.classify(kind, &row);
        let (verdict, _) = classifier.explain(kind, &row, None);
        assert_eq!(fast, verdict, "classify and explain disagree on an all-missing row");
        let _ = classifier.explain(kind, &row, Some(0));
    }
});
