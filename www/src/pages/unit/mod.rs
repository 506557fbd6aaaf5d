//! The unit page (`unit.html`): import a roster, classify everyone, quotas, organizations, targets, export.

pub mod column_mapping;
pub mod decisions;
pub mod decisions_panel;
pub mod derived;
pub mod detail_panel;
pub mod distribution_view;
pub mod import_problems;
pub mod import_worker;
pub mod member_decision;
pub mod org_picker;
pub mod orgs_table;
pub mod page;
pub mod paper;
pub mod persist;
pub mod print_report;
pub mod quota_table;
pub mod recount_job;
pub mod referred_list;
pub mod results_table;
pub mod root;
pub mod roster_import;
pub mod state;
pub mod summary;
pub mod targets_panel;
pub mod unit_actions;
pub mod view_job;
pub mod virtual_rows;

/// What the unit page's components get: its state, and through it the dispatcher.
pub type UnitHandle = yew::UseReducerHandle<state::UnitState>;
