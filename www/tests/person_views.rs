//! What the self-assessment's components read that the state computes (moved out of the components): the review
//! year's note in the header and the printed form.
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
fn the_printed_form_follows_the_facts_the_person_and_the_language() {
    use xeploai::form::Block;
    let state = state_with_year(Some(2025));
    let form = state.form();
    assert_eq!(form.code, "Mẫu 2B");
    assert!(form.rule_line.contains(&state.rules.id) && form.rule_line.contains("2025"));
    assert_eq!(form.total.as_ref().and_then(|t| t.value), None, "nothing typed, no total");
    let typed = state
        .apply(Action::SetInput { fact: "common_points".into(), text: "27,5".into() })
        .apply(Action::SetInput { fact: "tasks_assigned".into(), text: "abc".into() });
    let form = typed.form();
    assert_eq!(form.scores[0].value, Some(xeploai::Num::parse("27.5").unwrap()), "as the engine reads it");
    let tables: Vec<(String, Vec<Vec<String>>)> = form
        .document()
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Table { id, rows, .. } => Some((id, rows)),
            _ => None,
        })
        .collect();
    let scores = &tables.iter().find(|(id, _)| id == "scores").unwrap().1;
    assert_eq!(scores[0][1], "27,5/30", "Vietnamese numbers");
    let annex = &tables.iter().find(|(id, _)| id == "annex").unwrap().1;
    assert_eq!(annex[0][2], "—", "text that cannot be read is no count");
    let english = typed.apply(Action::SetLang(Lang::En)).form();
    assert_eq!(
        english.document().blocks.iter().find_map(|b| match b {
            Block::Table { id, rows, .. } if id == "scores" => Some(rows[0][1].clone()),
            _ => None,
        }),
        Some("27.5/30".to_string()),
        "the form follows the page's language"
    );
}
