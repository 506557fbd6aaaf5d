//! The self-assessment page (`index.html`): one person or collective, the result and its explanation.

pub mod data_actions;
pub mod members_panel;
pub mod page;
pub mod person_form;
pub mod print_view;
pub mod profiles_panel;
pub mod review_form;
