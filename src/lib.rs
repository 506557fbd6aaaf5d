//! xeploai: the year-end quality classification of party organizations and members, as a pure library.
//!
//! The pipeline runs one way: rule file → [`load`] (parse, then [`compile`] in steps) → [`classify::Classifier`]
//! (score, level, trace) → [`unit`] (quota, roll-up) → [`targets`] → rendering ([`render`]). The engine does no IO and
//! has no web dependency; the CLI (`src/main.rs`, `src/cli/`) and the web app (`www/`) sit on top of it.
// No `unsafe` but the one call `fast/isa.rs` allows and explains (the fast path's copy for wider instructions).
#![deny(unsafe_code)]
// Diagnostics are the error type throughout; they are large on purpose (a message in two languages and a location)
// and only ever built on the error path.
#![allow(clippy::result_large_err)]
// The engine never panics on what it is given: no `unwrap`/`expect`/`panic!`/`unreachable!` outside tests (a test in
// `tests/tidy.rs` keeps this line); the few invariants that truly hold say why with `#[expect(lint, reason = …)]`.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable))]

pub mod builtin;
pub mod cases;
pub mod classify;
pub mod compare;
pub mod compile;
pub mod decision;
pub mod diag;
pub mod doc;
pub mod edits;
pub mod encoding;
pub mod explain;
pub mod expr;
mod fast;
pub mod form;
pub mod generate;
pub mod history;
pub mod input;
pub mod knobs;
pub mod lang;
pub mod lists;
pub mod num;
pub mod overlay;
pub mod pack;
pub mod pipeline;
pub mod quota;
pub mod render;
pub mod ruleset;
pub mod table;
pub mod targets;
pub mod toml_doc;
pub mod unit;
pub mod wire;

pub use classify::{Classifier, Outcome, Verdict};
pub use compile::load;
pub use diag::{Code, Diagnostic, Location, Severity};
pub use explain::Explanation;
pub use lang::{Lang, Text};
pub use num::Num;
/// The report for export lives with the other renderings; `xeploai::report` stays its name for callers.
pub use render::report;
pub use ruleset::RuleSet;
