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
    /// Task lists: a CSV of one task (or product) a row, with the id of the row it belongs to, optionally the list,
    /// and the list's fields; each row's counts are computed from its tasks, and the explanation names the tasks.
    #[arg(long)]
    pub tasks: Option<PathBuf>,
    pub input: PathBuf,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, subject, format, explain, target, tasks, input } = args;
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
    let (mut table, more) = read_table(&rules, &input, TableKind::Subjects, default_subject)?;
    let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(more).collect();
    let list_rows = match &tasks {
        Some(path) => {
            let text = super::io::read_text(path).map_err(|d| vec![d])?;
            let name = path.display().to_string();
            let (rows, more) = xeploai::input::read_list_rows(&rules, &text, Some(&name));
            diagnostics.extend(more);
            diagnostics.extend(xeploai::lists::apply_table(&rules, &mut table, &rows, Some(&name)));
            Some(rows)
        }
        None => None,
    };
    print_diagnostics(&diagnostics, lang);
    let file = input.display().to_string();
    let subjects = Subjects { table: &table, lists: list_rows.as_ref() };
    let contradictions = classify(&rules, subjects, &file, format, explain, target, review.year, lang);
    print_diagnostics(&contradictions, lang);
    diagnostics.extend(contradictions);
    Ok(exit_code(&diagnostics, false))
}

/// The rows to classify, and their lists when given (already applied to the rows).
struct Subjects<'a> {
    table: &'a Table,
    lists: Option<&'a xeploai::input::ListRows>,
}

/// Classify and print every row; the subjects whose facts contradict each other come back as diagnostics.
#[allow(clippy::too_many_arguments)]
fn classify(
    rules: &RuleSet,
    subjects: Subjects,
    file: &str,
    format: Format,
    explain: bool,
    target: Option<usize>,
    year: Option<i32>,
    lang: Lang,
) -> Vec<Diagnostic> {
    let table = subjects.table;
    let mut classifier = Classifier::new(rules);
    let mut verdicts = Vec::with_capacity(table.len());
    let mut rows = Vec::new();
    let mut json = Vec::new();
    let mut texts = Vec::new();
    for (i, record) in table.records().enumerate() {
        let target = record.target.or(target);
        let mut row = table.row_vec(i);
        let (verdict, mut explanation) = classifier.explain(record.kind, &row, target);
        if let Some(lists) = subjects.lists.and_then(|rows| rows.lists.get(record.id)) {
            // The row holds the computed facts already; applying again gives the report the explanation names.
            let report = xeploai::lists::apply(rules, record.kind, &mut row, lists);
            xeploai::lists::annotate(rules, record.kind, &row, lists, &report, &mut explanation);
        }
        verdicts.push(verdict);
        rows.push(render::subjects::row(rules, &record.to_owned(), &explanation, lang));
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
    xeploai::classify::contradictions(rules, table, verdicts.iter().copied(), Some(file))
}
