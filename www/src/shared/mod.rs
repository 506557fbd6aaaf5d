//! One component per file. Components read the state and dispatch actions; none of them calls the engine.

pub mod app;
#[cfg(feature = "page-variants")]
pub mod cases_panel;
#[cfg(feature = "page-unit")]
pub mod column_mapping;
#[cfg(feature = "page-variants")]
pub mod compare_panel;
pub mod data_actions;
#[cfg(feature = "page-unit")]
pub mod detail_panel;
#[cfg(feature = "page-unit")]
pub mod distribution_view;
pub mod explanation;
pub mod fact_field;
pub mod fact_form;
pub mod finding_item;
pub mod header;
#[cfg(feature = "page-unit")]
pub mod import_problems;
#[cfg(feature = "page-variants")]
pub mod knobs_form;
pub mod lang_switch;
pub mod members_panel;
pub mod notice_bar;
#[cfg(feature = "page-unit")]
pub mod orgs_table;
pub mod person_form;
pub mod print_view;
#[cfg(feature = "page-unit")]
pub mod quota_table;
#[cfg(feature = "page-unit")]
pub mod referred_list;
pub mod result_panel;
#[cfg(feature = "page-unit")]
pub mod results_table;
#[cfg(feature = "page-unit")]
pub mod roster_import;
#[cfg(feature = "page-variants")]
pub mod rule_editor;
pub mod subject_picker;
#[cfg(feature = "page-unit")]
pub mod targets_panel;
#[cfg(feature = "page-unit")]
pub mod unit_actions;
#[cfg(feature = "page-unit")]
pub mod unit_page;
#[cfg(feature = "page-variants")]
pub mod variant_store;
#[cfg(feature = "page-variants")]
pub mod variants_page;

use yew::UseReducerHandle;

use crate::state::State;

/// What every component gets: the state, and through it the dispatcher.
pub type Handle = UseReducerHandle<State>;

/// The same for unit mode.
#[cfg(feature = "page-unit")]
pub type UnitHandle = UseReducerHandle<crate::unit_state::UnitState>;

/// The same for the variants workbench.
#[cfg(feature = "page-variants")]
pub type VariantsHandle = UseReducerHandle<crate::variants_state::VariantsState>;

pub use crate::state::SharedRules;
