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
    let headers: Vec<String> = [
        lang.pick("Chỉ tiêu", "Target"),
        lang.pick("Yêu cầu", "Required"),
        lang.pick("Thực tế", "Actual"),
        lang.pick("Kết quả", "Status"),
        lang.pick("Chênh lệch", "Margin"),
        lang.pick("Số báo cáo", "Reported"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let status = match r.status {
                TargetStatus::Pass => lang.pick("ĐẠT", "PASS"),
                TargetStatus::Fail => lang.pick("KHÔNG ĐẠT", "FAIL"),
                TargetStatus::Pending => lang.pick("ĐANG THỰC HIỆN", "PENDING"),
                TargetStatus::NoData => lang.pick("THIẾU SỐ LIỆU", "NO DATA"),
            };
            vec![
                r.name.get(lang).to_string(),
                r.bound.get(lang).to_string(),
                r.summary.get(lang).to_string(),
                status.to_string(),
                r.margins.iter().map(|m| m.text.get(lang).to_string()).collect::<Vec<_>>().join("; "),
                r.reported.as_ref().map(|c| c.text.get(lang).to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    match format {
        Format::Csv => print!("{}", render::csv(&headers, &rows)),
        _ => {
            println!("{}", lang.pick("CHỈ TIÊU", "TARGETS"));
            print!("{}", render::table(&headers, &rows));
        }
    }
}
