//! The variants workbench (`variants.html`): edit a rule set, its settings, its cases, and compare it.

pub mod cases_panel;
pub mod compare;
pub mod compare_panel;
pub mod knobs_form;
pub mod page;
pub mod rule_editor;
pub mod state;
pub mod variant_store;

/// What the workbench's components get: its state, and through it the dispatcher.
pub type VariantsHandle = yew::UseReducerHandle<state::VariantsState>;
