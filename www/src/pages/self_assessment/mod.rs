//! The self-assessment, in two pages that share the stored document: working out the level (`index.html`,
//! feature `page-self`) and the official form with the profiles and years (`form.html`, feature `page-form`), so
//! the first page loads without the form's code. Each build keeps only the components its page uses.

#[cfg(feature = "page-form")]
pub mod data_actions;
#[cfg(feature = "page-form")]
pub mod form_page;
pub mod level_bar;
pub mod members_panel;
#[cfg(feature = "page-self")]
pub mod page;
pub mod person_form;
#[cfg(feature = "page-form")]
pub mod print_view;
pub mod profile_switch;
pub mod profiles_panel;
#[cfg(feature = "page-form")]
pub mod review_form;
pub mod steps;
