//! `xeploai form`: the official review form (Mẫu 01, 2A, 2B, 2C) of a person or collective, from the file the app
//! exports ("Xuất dữ liệu"), as Word (`.docx`), as the form's text, or as the form model in JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Deserialize;
use xeploai::Lang;
use xeploai::classify::Classifier;
use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::form::{Block, Form, FormInput, ReviewText, Signer};
use xeploai::lists::Lists;
use xeploai::ruleset::RollupGroup;

use super::Review;
use super::io::{load_rules_for, print_diagnostics, read_text, unknown_subject};
use crate::exit_code;

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum FormFormat {
    /// A Word file (written to --out).
    Docx,
    /// The form's text, block by block, on standard output.
    Text,
    /// The form's content (scores, level, annex, Part A) as JSON on standard output.
    Json,
}

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    /// A rule set (path or bundled id) instead of the one named in the file.
    #[arg(long)]
    pub rules: Option<String>,
    #[arg(long, value_enum, default_value = "docx")]
    pub format: FormFormat,
    /// Where to write the Word file; by default `<form>-<name>-<year>.docx` in the current folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The file exported by the app (JSON): rule set, subject kind, facts typed, person, Part A, members' levels.
    pub input: PathBuf,
}

/// What `xeploai form` reads of the app's exported file; the rest of it is left alone.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Exported {
    rule_set: Option<String>,
    subject: Option<String>,
    inputs: BTreeMap<String, BTreeMap<String, String>>,
    targets: BTreeMap<String, String>,
    person: Signer,
    review: ReviewText,
    members: Members,
    review_year: Option<i32>,
    /// Per subject kind: the lists declared (tasks, products), item by item.
    lists: BTreeMap<String, Lists>,
    /// Per subject kind: lists kept but switched off in the app (their typed facts count instead).
    lists_off: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Members {
    mode: String,
    counts: BTreeMap<String, String>,
    rows: Vec<MemberRow>,
    subunits: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MemberRow {
    level: String,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, format, out, input } = args;
    let file = input.display().to_string();
    let text = read_text(&input).map_err(|d| vec![d])?;
    let exported: Exported = serde_json::from_str(&text).map_err(|e| {
        vec![Diagnostic::new(
            Code::JsonSyntax,
            Location { line: Some(e.line() as u32), column: Some(e.column() as u32), ..Location::in_file(Some(&file)) },
            format!("không đọc được tệp xuất từ ứng dụng: {e}"),
            format!("cannot read the file exported by the app: {e}"),
        )]
    })?;
    let spec = rules.or(exported.rule_set.clone());
    let review = Review { year: review.year.or(exported.review_year), ..review };
    let (rules, warnings) = load_rules_for(spec.as_deref(), review, lang)?;
    let subject = exported.subject.clone().unwrap_or_else(|| rules.subjects[0].id.clone());
    let kind = xeploai::input::parse_kind(&rules, &subject).ok_or_else(|| vec![unknown_subject(&rules, &subject)])?;
    let kind_id = rules.subjects[kind].id.clone();
    let no_inputs = BTreeMap::new();
    let typed = exported.inputs.get(&kind_id).unwrap_or(&no_inputs);
    let (mut row, fact_errors) = xeploai::input::typed_row(&rules, kind, typed);
    let mut diagnostics = warnings;
    // A fact typed wrong is left empty, as in the app, and named here.
    for error in fact_errors {
        diagnostics.push(Diagnostic::new(
            Code::UnknownFact,
            Location { path: Some(format!("inputs.{kind_id}.{}", error.fact)), ..Location::in_file(Some(&file)) },
            error.message.vi.clone(),
            error.message.get(Lang::En).to_string(),
        ));
    }
    if rules.subjects[kind].collective {
        let levels = rules.levels.len();
        let counts = |typed: &BTreeMap<String, String>| -> Option<Vec<u64>> {
            let mut counts = vec![0; levels + 2];
            let mut any = false;
            for (key, text) in typed {
                let index = match key.as_str() {
                    "not_classified" => Some(levels),
                    "referred" => Some(levels + 1),
                    level => rules.level_index(level),
                };
                if let (Some(index), Ok(n)) = (index, text.trim().parse::<u64>()) {
                    counts[index] = n;
                    any = true;
                }
            }
            any.then_some(counts)
        };
        let members = if exported.members.mode == "list" {
            let mut counts = vec![0; levels + 2];
            for member in &exported.members.rows {
                let index = match member.level.as_str() {
                    "not_classified" => Some(levels),
                    level => rules.level_index(level),
                };
                if let Some(index) = index {
                    counts[index] += 1;
                }
            }
            (!exported.members.rows.is_empty()).then_some(counts)
        } else {
            counts(&exported.members.counts)
        };
        if let Some(members) = &members {
            xeploai::unit::fill_rollup(&rules, &mut row, RollupGroup::Members, members);
            xeploai::unit::fill_rollup(&rules, &mut row, RollupGroup::AllMembers, members);
        }
        let subunits = counts(&exported.members.subunits).unwrap_or_else(|| vec![0; levels + 2]);
        xeploai::unit::fill_rollup(&rules, &mut row, RollupGroup::Subunits, &subunits);
    }
    // The lists given (even empty) compute the facts they feed, as in the app; a bad item is named, never dropped.
    let mut lists = exported.lists.get(&kind_id).cloned().unwrap_or_default();
    if let Some(off) = exported.lists_off.get(&kind_id) {
        lists.retain(|id, _| !off.contains(id));
    }
    // Part A section III's items feed the shortcomings counts, as in the app (unless that list is switched off).
    if !exported.lists_off.get(&kind_id).is_some_and(|off| off.contains(xeploai::form::SECTION_THREE_LIST)) {
        xeploai::form::section_three_into_lists(&rules, kind, &exported.review, &mut lists);
    }
    let report = xeploai::lists::apply(&rules, kind, &mut row, &lists);
    for problem in report.problems {
        let field = problem.field.map(|f| format!(".{f}")).unwrap_or_default();
        diagnostics.push(Diagnostic::new(
            problem.code,
            Location {
                path: Some(format!("lists.{kind_id}.{}[{}]{field}", problem.list, problem.item)),
                ..Location::in_file(Some(&file))
            },
            problem.message.vi.clone(),
            problem.message.get(Lang::En).to_string(),
        ));
    }
    let target = exported.targets.get(&kind_id).and_then(|id| rules.level_index(id));
    let (_, explanation) = Classifier::new(&rules).explain(kind, &row, target);
    let form = Form::build(FormInput {
        rules: &rules,
        kind,
        row: &row,
        explanation: &explanation,
        signer: exported.person,
        review: exported.review,
        review_year: review.year,
        lists: &lists,
        lang,
    });
    print_diagnostics(&diagnostics, lang);
    match format {
        FormFormat::Json => println!("{}", serde_json::to_string_pretty(&form).unwrap_or_default()),
        FormFormat::Text => print!("{}", document_text(&form)),
        FormFormat::Docx => {
            let json = serde_json::to_string(&form.document()).unwrap_or_default();
            let bytes = xeploai_form::docx_from_json(&json).map_err(|e| {
                vec![Diagnostic::new(Code::Io, Location::in_file(Some(&file)), e.message(), e.message())]
            })?;
            let out = out.unwrap_or_else(|| PathBuf::from(format!("{}.docx", form.file_stem())));
            std::fs::write(&out, bytes).map_err(|error| {
                vec![Diagnostic::new(
                    Code::Io,
                    Location::in_file(Some(&out.display().to_string())),
                    format!("không ghi được tệp: {}", super::io::io_reason(&error)),
                    format!("cannot write the file: {error}"),
                )]
            })?;
            eprintln!("{}: {}", lang.pick("Đã ghi", "Written"), out.display());
        }
    }
    Ok(exit_code(&diagnostics, false))
}

/// The form as plain text: paragraphs one per line, columns one after the other, table rows with ` | `.
fn document_text(form: &Form) -> String {
    let mut out = String::new();
    for block in form.document().blocks {
        match block {
            Block::Para(p) => out.push_str(&format!("{}\n", p.text)),
            Block::Columns { columns } => {
                for p in columns.iter().flatten().filter(|p| !p.text.is_empty()) {
                    out.push_str(&format!("{}\n", p.text));
                }
            }
            Block::Table { header, rows, .. } => {
                for cells in std::iter::once(&header).chain(&rows) {
                    out.push_str(&format!("{}\n", cells.join(" | ")));
                }
            }
            Block::PageBreak => out.push('\n'),
        }
    }
    out
}
