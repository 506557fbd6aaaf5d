//! What the self-assessment's components read that the state computes (moved out of the components): the review
//! year's note in the header and the printed summary.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use xeploai::Lang;
use xeploai_web::shared::state::{Action, Saved, State};

fn state_with_year(year: Option<i32>) -> State {
    let saved = Saved { review_year: year, ..Saved::default() };
    State::with_rules(saved, Rc::new(xeploai::builtin::load_default()))
}

#[test]
fn the_year_note_says_which_rule_set_governs_the_year() {
    assert_eq!(state_with_year(None).year_note(), None);
    let (warning, _) = state_with_year(Some(2025)).year_note().unwrap();
    assert!(!warning, "the default rule set governs 2025");
    let (warning, text) = state_with_year(Some(2023)).year_note().unwrap();
    assert!(warning, "2023 is governed by another rule set than the one in use");
    assert!(text.get(Lang::Vi).contains("qd124-2023") && text.get(Lang::En).contains("qd124-2023"));
    let (warning, _) = state_with_year(Some(1990)).year_note().unwrap();
    assert!(warning, "no bundled rule set governs 1990");
    // Choosing the year through the reducer fetches the rule set in force: no warning while it loads.
    let chosen = state_with_year(None).apply(Action::SetReviewYear(Some(2023)));
    assert_eq!(chosen.wants_rules(), Some("qd124-2023"));
    assert!(!chosen.year_note().unwrap().0);
}

#[test]
fn the_printed_summary_shows_each_fact_as_read_and_the_reasons() {
    let state = state_with_year(Some(2025));
    let empty = state.print_summary();
    assert_eq!(empty.facts.len(), state.form.iter().map(|g| g.fields.len()).sum::<usize>(), "every asked fact");
    assert!(empty.review.contains(&state.rules.id) && empty.review.contains("2025"));
    let typed = state
        .apply(Action::SetInput { fact: "common_points".into(), text: "27,5".into() })
        .apply(Action::SetInput { fact: "tasks_assigned".into(), text: "abc".into() });
    let summary = typed.print_summary();
    let label = |fact: &str| {
        let field = typed.form.iter().flat_map(|g| &g.fields).find(|f| f.fact == fact).unwrap();
        field.label.get(Lang::Vi).to_string()
    };
    let shown = |fact: &str| summary.facts.iter().find(|(l, _)| *l == label(fact)).unwrap().1.clone();
    assert_eq!(shown("common_points"), "27,5", "as the engine reads it, in Vietnamese");
    assert_eq!(shown("tasks_assigned"), "abc", "text that cannot be read is printed as typed");
    assert!(!summary.reasons.is_empty() || typed.evaluation.explanation.findings.iter().all(|f| !f.decisive));
    let english = typed.apply(Action::SetLang(Lang::En)).print_summary();
    assert_ne!(english.review, summary.review, "the summary follows the page's language");
}
