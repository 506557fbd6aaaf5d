//! What several pages use: the person's state every page shares (`state`, with the form model `form`, and
//! `person`, its hook and header wiring), and the components reused across pages, which take data and `on…`
//! callbacks. One component per file; none of them calls the engine.

pub mod explanation;
pub mod fact_field;
pub mod fact_form;
pub mod finding_item;
pub mod form;
pub mod lang_switch;
pub mod list_table;
pub mod notice_bar;
pub mod page_shell;
pub mod person;
pub mod profiles;
pub mod result_panel;
pub mod rule_set_picker;
pub mod state;
pub mod subject_picker;

use yew::UseReducerHandle;

use crate::shared::state::State;

/// The person's state, and through it the dispatcher (for a page and its own components).
pub type Handle = UseReducerHandle<State>;

pub use crate::shared::state::SharedRules;
