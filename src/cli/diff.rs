//! `xeploai diff`: two rule sets compared on a roster, on subjects one by one, or on typed figures.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xeploai::diag::{Code, Diagnostic, Location, has_errors};
use xeploai::input::{Table, TableKind};
use xeploai::{Lang, RuleSet, render};

use super::Format;
use super::io::{
    as_pair, bases_near, compile_rules, print_diagnostics, read_table, read_text, rules_text, unknown_subject,
};

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    /// The rule set as it is (A): a path or a bundled id; the default rule set when absent.
    #[arg(long)]
    pub left: Option<String>,
    /// The alternative (B): a path or a bundled id; A itself when absent (then change it with --classic or --set).
    #[arg(long)]
    pub right: Option<String>,
    /// B with one classic setting switched: quota-base (good only ↔ good or better), rounding (down ↔ nearest),
    /// band-fallback (cascade ↔ lowest).
    #[arg(long)]
    pub classic: Option<String>,
    /// B with a setting changed, e.g. `--set level.htxs.min_score=85` (repeatable; `xeploai diff --knobs` lists
    /// them).
    #[arg(long = "set", value_name = "KNOB=VALUE")]
    pub set: Vec<String>,
    /// List the settings of A (id, value, allowed values) and stop.
    #[arg(long)]
    pub knobs: bool,
    /// A roster: members (and --orgs), classified as a unit under each rule set.
    #[arg(long)]
    pub members: Option<PathBuf>,
    #[arg(long)]
    pub orgs: Option<PathBuf>,
    /// Targets checked on each side (on the roster's counts, or on --figures alone).
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Figures typed in: beside a roster, or alone (counts per level as a committee reports them).
    #[arg(long)]
    pub figures: Option<PathBuf>,
    /// Subject kind for rows of INPUT without a subject column.
    #[arg(long)]
    pub subject: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Subjects (CSV or JSON), each compared on its own.
    pub input: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { left, right, classic, set, knobs, members, orgs, targets, figures, subject, format, input } = args;
    let sides = DiffSides { left, right, classic, set };
    if knobs {
        let (text, name, _) = rules_text(sides.left.as_deref())?;
        print_knobs(&text, &name, format, lang)?;
        return Ok(ExitCode::SUCCESS);
    }
    let files = DiffFiles { members, orgs, targets, figures, subject, input };
    diff(&sides, &files, format, lang)
}

/// The two rule sets of `diff`, as given on the command line.
struct DiffSides {
    left: Option<String>,
    right: Option<String>,
    classic: Option<String>,
    set: Vec<String>,
}

/// The input of `diff`.
struct DiffFiles {
    members: Option<PathBuf>,
    orgs: Option<PathBuf>,
    targets: Option<PathBuf>,
    figures: Option<PathBuf>,
    subject: Option<String>,
    input: Option<PathBuf>,
}

/// B's text: `--right` (or A's text), then `--classic`, then each `--set`; the settings that changed are printed by
/// the caller from the two texts.
fn right_text(sides: &DiffSides, left: &(String, String)) -> Result<(String, String), Vec<Diagnostic>> {
    let (mut text, mut name) = match &sides.right {
        Some(spec) => {
            let (text, name, _) = rules_text(Some(spec))?;
            (text, name)
        }
        None => left.clone(),
    };
    let locate = |mut d: Diagnostic, name: &str| {
        d.location.file = Some(name.to_string());
        vec![d]
    };
    if let Some(id) = &sides.classic {
        let classic = xeploai::knobs::Classic::parse(id).ok_or_else(|| {
            let ids: Vec<&str> = xeploai::knobs::Classic::ALL.iter().map(|c| c.id()).collect();
            vec![Diagnostic::new(
                Code::UnknownKnob,
                Location { path: Some("--classic".into()), ..Location::default() },
                format!("không có phép so sánh \"{id}\"; các phép: {}", ids.join(", ")),
                format!("no classic comparison \"{id}\"; they are: {}", ids.join(", ")),
            )]
        })?;
        text = xeploai::knobs::variant_with(&text, classic, &bases_near(&name)).map_err(|d| locate(d, &name))?.0;
        name = format!("{name} (--classic {id})");
    }
    for setting in &sides.set {
        let (id, value) = setting.split_once('=').unwrap_or((setting.as_str(), ""));
        text =
            xeploai::knobs::set_knob_with(&text, id.trim(), value, &bases_near(&name)).map_err(|d| locate(d, &name))?;
        name = format!("{name} (--set {setting})");
    }
    Ok((text, name))
}

fn print_knobs(text: &str, name: &str, format: Format, lang: Lang) -> Result<(), Vec<Diagnostic>> {
    let knobs = xeploai::knobs::knobs_with(text, &bases_near(name)).map_err(|mut ds| {
        for d in &mut ds {
            d.location.file = Some(name.to_string());
        }
        ds
    })?;
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&knobs).unwrap_or_default());
        return Ok(());
    }
    let (headers, rows) = render::compare::knobs_table(&knobs, lang);
    print!("{}", if format == Format::Csv { render::csv(&headers, &rows) } else { render::table(&headers, &rows) });
    Ok(())
}

/// `xeploai diff`: the settings that differ, then the comparison of the input given (a roster, subjects or
/// figures).
fn diff(sides: &DiffSides, files: &DiffFiles, format: Format, lang: Lang) -> Result<ExitCode, Vec<Diagnostic>> {
    use xeploai::compare::{self, Pair, UnitFiles, UnitRun, UnitSide};
    let (left_text, left_name, _) = rules_text(sides.left.as_deref())?;
    let left_source = (left_text, left_name);
    let (right_text, right_name) = right_text(sides, &left_source)?;
    let left = compile_rules(&left_source.0, &left_source.1, lang)?;
    let right = compile_rules(&right_text, &right_name, lang)?;
    let bases = bases_near(&left_source.1);
    let settings = xeploai::knobs::changes_with(&left_source.0, &right_text, &bases).unwrap_or_default();
    let rules = Pair { left: &left, right: &right };
    let settings_text = || render::compare::settings_text(&settings, lang);
    let read = |path: &PathBuf| -> Result<(String, String), Vec<Diagnostic>> {
        Ok((read_text(path).map_err(|d| vec![d])?, path.display().to_string()))
    };
    let optional = |path: &Option<PathBuf>| path.as_ref().map(read).transpose();
    let mut failed = false;
    if let Some(members) = &files.members {
        let members = read(members)?;
        let (orgs, targets, figures) = (optional(&files.orgs)?, optional(&files.targets)?, optional(&files.figures)?);
        let unit_files = UnitFiles {
            members: (&members.0, Some(&members.1)),
            orgs: as_pair(&orgs),
            targets: as_pair(&targets),
            figures: as_pair(&figures),
        };
        let l = UnitRun::new(&left, &unit_files)?;
        let r = UnitRun::new(&right, &unit_files)?;
        print_diagnostics(&l.diagnostics, lang);
        failed = compare::has_reading_errors(&l, &r);
        let comparison =
            compare::compare_units(UnitSide { rules: &left, run: &l }, UnitSide { rules: &right, run: &r }, usize::MAX);
        match format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({"settings": settings, "unit": comparison}))
                    .unwrap_or_default()
            ),
            Format::Csv => print!("{}", render::compare::movers_csv(&comparison, lang)),
            Format::Table => print!("{}\n{}", settings_text(), render::compare::unit_text(&comparison, rules, lang)),
        }
    } else if let Some(input) = &files.input {
        let comparisons = diff_subjects(&left, &right, input, files.subject.as_deref(), lang)?;
        failed = comparisons.1;
        match format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({"settings": settings, "subjects": comparisons.0}))
                    .unwrap_or_default()
            ),
            Format::Csv => {
                let headers = render::headers(&["id", "name", "subject", "a", "b", "movement"]);
                let rows: Vec<Vec<String>> = comparisons
                    .0
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.clone(),
                            c.name.clone(),
                            c.subject.clone(),
                            c.place.left.clone(),
                            c.place.right.clone(),
                            format!("{:?}", c.movement).to_lowercase(),
                        ]
                    })
                    .collect();
                print!("{}", render::csv(&headers, &rows));
            }
            Format::Table => {
                print!("{}\n{}", settings_text(), render::compare::subjects_text(&comparisons.0, rules, lang))
            }
        }
    } else if let Some(figures) = &files.figures {
        let figures = read(figures)?;
        let targets = optional(&files.targets)?;
        let comparison = compare::compare_figures(&left, &right, (&figures.0, Some(&figures.1)), as_pair(&targets))?;
        match format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({"settings": settings, "figures": comparison}))
                    .unwrap_or_default()
            ),
            _ => print!("{}\n{}", settings_text(), render::compare::figures_text(&comparison, lang)),
        }
    } else {
        match format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&settings).unwrap_or_default()),
            _ => print!("{}", settings_text()),
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Each row of a subjects file read with each rule set and compared on its own (matched by id); the second value
/// says whether reading found errors.
fn diff_subjects(
    left: &RuleSet,
    right: &RuleSet,
    input: &Path,
    subject: Option<&str>,
    lang: Lang,
) -> Result<(Vec<xeploai::compare::SubjectComparison>, bool), Vec<Diagnostic>> {
    use xeploai::compare::SubjectSide;
    let side = |rules: &RuleSet| -> Result<(Table, Vec<Diagnostic>), Vec<Diagnostic>> {
        let default_subject = match subject {
            Some(name) => {
                Some(xeploai::input::parse_kind(rules, name).ok_or_else(|| vec![unknown_subject(rules, name)])?)
            }
            None => None,
        };
        let kind = if default_subject.is_some_and(|k| rules.subjects[k].collective) {
            TableKind::Organizations
        } else {
            TableKind::Members
        };
        read_table(rules, input, kind, default_subject)
    };
    let (left_table, left_diagnostics) = side(left)?;
    let (right_table, right_diagnostics) = side(right)?;
    print_diagnostics(&left_diagnostics, lang);
    let mut out = Vec::new();
    let right_rows: std::collections::HashMap<&str, usize> =
        right_table.records().enumerate().rev().map(|(j, r)| (r.id, j)).collect();
    for (i, record) in left_table.records().enumerate() {
        let j = right_rows.get(record.id).copied();
        let right_kind = j.and_then(|j| {
            let kind = right_table.record(j).kind;
            (right.subjects[kind].id == left.subjects[record.kind].id).then_some(kind)
        });
        let missing = vec![xeploai::Num::MISSING; right.facts.len()];
        let (left_row, right_row) = (left_table.row_vec(i), j.map(|j| right_table.row_vec(j)));
        out.push(xeploai::compare::compare_values(
            record.id,
            record.name,
            SubjectSide { rules: left, kind: Some(record.kind), values: &left_row, target: record.target },
            SubjectSide {
                rules: right,
                kind: right_kind,
                values: right_row.as_deref().unwrap_or(&missing),
                target: j.and_then(|j| right_table.record(j).target),
            },
        ));
    }
    Ok((out, has_errors(&left_diagnostics) || has_errors(&right_diagnostics)))
}
