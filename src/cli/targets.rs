//! `xeploai targets`: targets checked against figures typed in by a committee.

use std::path::PathBuf;
use std::process::ExitCode;

use xeploai::diag::Diagnostic;
use xeploai::targets::{Figures, TargetStatus};
use xeploai::{Lang, render, report};

use super::io::{load_rules_for, print_diagnostics, read_text};
use super::{Format, Review};
use crate::exit_code;

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub rules: Option<String>,
    #[arg(long)]
    pub targets: PathBuf,
    #[arg(long)]
    pub figures: PathBuf,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, targets, figures, format } = args;
    let (rules, warnings) = load_rules_for(rules.as_deref(), review, lang)?;
    let text = read_text(&targets).map_err(|d| vec![d])?;
    let (set, more) = xeploai::targets::load_targets(&rules, &text, Some(&targets.display().to_string()));
    let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(more).collect();
    let Some(set) = set else { return Err(diagnostics) };
    let text = read_text(&figures).map_err(|d| vec![d])?;
    let (figures, more) = Figures::load(&rules, &text, Some(&figures.display().to_string()));
    diagnostics.extend(more);
    let Some(figures) = figures else { return Err(diagnostics) };
    let (results, more) = xeploai::targets::check(&rules, &set, &figures);
    diagnostics.extend(more);
    print_diagnostics(&diagnostics, lang);
    if format == Format::Table {
        println!("{}", report::review_line(&rules, review.year, lang));
    }
    print_targets(&results, format, lang);
    let failed = results.iter().any(|t| t.status == TargetStatus::Fail);
    Ok(exit_code(&diagnostics, failed))
}

pub fn print_targets(results: &[xeploai::targets::TargetResult], format: Format, lang: Lang) {
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(results).unwrap_or_default());
        return;
    }
    if format == Format::Csv {
        let rows: Vec<Vec<String>> = results.iter().map(|r| render::targets::row(r, lang)).collect();
        print!("{}", render::csv(&render::targets::headers(lang), &rows));
    } else {
        print!("{}", render::targets::targets_text(results, lang));
    }
}
