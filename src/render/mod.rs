//! Renderings of explanations and results for people: plain text, aligned tables and CSV, in Vietnamese or English.
//! JSON is the serde form of the same data; the web app renders HTML from the same data.
//!
//! - [`explain`]: an explanation as text (findings, the deciding rule, gaps, assumptions).
//! - [`subjects`]: subjects classified one by one, as table rows (`xeploai classify`).
//! - [`table`]: aligned text tables and CSV ([`csv_cell`] defuses formulas in every cell).
//! - [`targets`]: a target's bound, margins, status and row, for every table of targets.
//! - [`unit`]: a classified unit as text (members, referred, quota, organizations, distribution, targets).
//! - [`compare`]: the comparison of two rule sets as text and CSV.
//! - [`rules`]: a rule set as text (levels, rules, quotas, where each comes from).
//! - [`report`]: the report of a unit for export (sheets of cells), also known as `xeploai::report`.
//! - [`summary`]: the summary a committee reports upward (counts and percentages per level, by organization).

pub mod compare;
pub mod explain;
pub mod report;
pub mod rules;
pub mod subjects;
pub mod summary;
pub mod table;
pub mod targets;
pub mod template;
pub mod unit;

pub use explain::{
    comparison_text, explanation_text, finding_text, is_case, operand_name, outcome_status, unplaced_label,
    unplaced_short, value_text,
};
pub use table::{csv, csv_cell, headers, table};
