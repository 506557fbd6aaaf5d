//! `xeploai classify`: each row of a file classified on its own, with its explanation.

use std::path::PathBuf;
use std::process::ExitCode;

use xeploai::classify::Classifier;
use xeploai::diag::Diagnostic;
use xeploai::input::{Table, TableKind};
use xeploai::{Lang, RuleSet, render, report};

use super::io::{load_rules_for, print_diagnostics, read_table, unknown_level, unknown_subject};
use super::{Format, Review};
use crate::exit_code;

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub rules: Option<String>,
    /// Subject kind for rows without a subject column (member, leader, outside, collective).
    #[arg(long)]
    pub subject: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Print the full explanation of each row.
    #[arg(long)]
    pub explain: bool,
    /// Registered target level for every row (đăng ký phấn đấu), e.g. htxs; a `target` column overrides it.
    #[arg(long)]
    pub target: Option<String>,
    pub input: PathBuf,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, subject, format, explain, target, input } = args;
    let (rules, warnings) = load_rules_for(rules.as_deref(), review, lang)?;
    let default_subject = match &subject {
        Some(name) => {
            Some(xeploai::input::parse_kind(&rules, name).ok_or_else(|| vec![unknown_subject(&rules, name)])?)
        }
        None => None,
    };
    let target = match &target {
        Some(name) => Some(xeploai::input::parse_level(&rules, name).ok_or_else(|| vec![unknown_level(&rules, name)])?),
        None => None,
    };
    // Each row on its own: members and organizations (`collective`, roll-up counts typed in) alike.
    let (table, more) = read_table(&rules, &input, TableKind::Subjects, default_subject)?;
    let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(more).collect();
    print_diagnostics(&diagnostics, lang);
    let file = input.display().to_string();
    let contradictions = classify(&rules, &table, &file, format, explain, target, review.year, lang);
    print_diagnostics(&contradictions, lang);
    diagnostics.extend(contradictions);
    Ok(exit_code(&diagnostics, false))
}

/// Classify and print every row; the subjects whose facts contradict each other come back as diagnostics.
#[allow(clippy::too_many_arguments)]
fn classify(
    rules: &RuleSet,
    table: &Table,
    file: &str,
    format: Format,
    explain: bool,
    target: Option<usize>,
    year: Option<i32>,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut classifier = Classifier::new(rules);
    let mut verdicts = Vec::with_capacity(table.len());
    let mut rows = Vec::new();
    let mut json = Vec::new();
    let mut texts = Vec::new();
    for (i, record) in table.records.iter().enumerate() {
        let target = record.target.or(target);
        let (verdict, explanation) = classifier.explain(record.kind, table.row(i), target);
        verdicts.push(verdict);
        rows.push(render::subjects::row(rules, record, &explanation, lang));
        if format == Format::Csv {
            // Every exported row says which rules and which review produced it.
            let last = rows.len() - 1;
            rows[last].extend([
                rules.id.clone(),
                rules.version.clone(),
                year.map(|y| y.to_string()).unwrap_or_default(),
            ]);
        }
        if explain && format == Format::Table {
            texts.push(format!(
                "== {} {}\n{}",
                record.id,
                record.name,
                render::explanation_text(rules, &explanation, lang)
            ));
        }
        json.push(serde_json::json!({
            "id": record.id,
            "name": record.name,
            "subject": rules.subjects[record.kind].id,
            "row": record.row,
            "status": explanation.status,
            "level": explanation.level,
            "score": explanation.score.as_ref().and_then(|s| s.total),
            "decidedBy": explanation.decided_by,
            "ruleSet": rules.id,
            "ruleSetVersion": rules.version,
            "reviewYear": year,
            "explanation": if explain { serde_json::to_value(&explanation).unwrap_or_default() } else { serde_json::Value::Null },
        }));
    }
    let mut headers = render::subjects::headers(lang);
    if format == Format::Csv {
        headers.extend(report::review_headers(lang).map(String::from));
    }
    match format {
        Format::Table => {
            println!("{}", report::review_line(rules, year, lang));
            print!("{}", render::table(&headers, &rows));
            for text in texts {
                println!();
                print!("{text}");
            }
        }
        Format::Csv => print!("{}", render::csv(&headers, &rows)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default()),
    }
    xeploai::classify::contradictions(rules, table, &verdicts, Some(file))
}
