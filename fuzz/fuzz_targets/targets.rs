#![no_main]
//! Target-file and figures-file text → `targets::load_targets` and `targets::Figures::load` against the bundled
//! QĐ 366 rule set → `targets::check`.
//!
//! Input: the target file, optionally followed by a line `+++` and a figures file. Without the separator the whole
//! text is used as both.

use libfuzzer_sys::fuzz_target;
use xeploai::targets::{self, Figures};

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = common::rules();
    let (targets_text, figures_text) = common::split_documents(text);
    let (set, diagnostics) = targets::load_targets(rules, targets_text, Some("targets.toml"));
    common::render(&diagnostics);
    let (figures, diagnostics) = Figures::load(rules, figures_text, Some("figures.toml"));
    common::render(&diagnostics);
    if let Some(set) = set {
        let (results, diagnostics) = targets::check(rules, &set, &figures.unwrap_or_default());
        common::render(&diagnostics);
        assert_eq!(results.len(), set.targets.len());
    }
});
