//! The subcommands of the `xeploai` binary, one file each, and the reading of files they share (`io`).
//! These are the binary's own modules: they read files and print; the library (`src/lib.rs`) does neither.

pub mod classify;
pub mod codes;
pub mod diff;
pub mod form;
pub mod generate;
pub mod io;
pub mod rules;
pub mod targets;
pub mod template;
pub mod unit;
pub mod validate;

use clap::ValueEnum;

/// The review the command is run for: `--year` and `--domain`.
#[derive(Clone, Copy)]
pub struct Review {
    pub year: Option<i32>,
    pub domain: xeploai::doc::Domain,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}
