//! One component per file. Components read the state and dispatch actions; none of them calls the engine.

pub mod app;
pub mod data_actions;
pub mod explanation;
pub mod fact_field;
pub mod fact_form;
pub mod finding_item;
pub mod header;
pub mod members_panel;
pub mod notice_bar;
pub mod person_form;
pub mod print_view;
pub mod result_panel;
pub mod subject_picker;

use yew::UseReducerHandle;

use crate::state::State;

/// What every component gets: the state, and through it the dispatcher.
pub type Handle = UseReducerHandle<State>;

/// A compiled rule set passed to a component; two are equal when they are the same one.
#[derive(Clone)]
pub struct SharedRules(pub std::rc::Rc<xeploai::RuleSet>);

impl PartialEq for SharedRules {
    fn eq(&self, other: &SharedRules) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}
