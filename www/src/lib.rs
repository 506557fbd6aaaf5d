//! The xeploai web app: self-assessment in the browser, on the xeploai engine. Everything is computed locally.
//!
//! `state` holds the state, the actions and the reducer (pure, tested natively); `form` generates the form from a
//! rule set; `i18n` has the interface's words; `components/` has one component per file; `web` is the glue to the
//! browser (storage, files, printing).

pub mod form;
pub mod i18n;
pub mod state;
