//! `xeploai template`: a roster template for a rule set (the same sheets the app downloads): XLSX with the roster
//! and its notes, or CSV (the roster; the notes beside it as `<name>-ghi-chu.csv`), or CSV on stdout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::{Lang, report};

use super::Review;
use super::io::{io_reason, load_rules_for, unknown_subject};

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub rules: Option<String>,
    /// The subject kinds the roster holds, by id or name, comma separated (default: every individual kind).
    #[arg(long, value_name = "KINDS")]
    pub subjects: Option<String>,
    /// Write here: `.xlsx` (roster and notes sheets) or `.csv` (the roster, and the notes as `<name>-ghi-chu.csv`).
    /// Without it, the roster is printed as CSV.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, subjects, out } = args;
    let (rules, _) = load_rules_for(rules.as_deref(), review, lang)?;
    let mut kinds = Vec::new();
    for name in subjects.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        kinds.push(xeploai::input::parse_kind(&rules, name).ok_or_else(|| vec![unknown_subject(&rules, name)])?);
    }
    let sheets = xeploai::render::template::roster_template(&rules, &kinds, lang);
    let Some(out) = out else {
        print!("{}", report::sheet_csv(&sheets[0]));
        return Ok(ExitCode::SUCCESS);
    };
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|error| {
            vec![Diagnostic::new(
                Code::Io,
                Location::in_file(Some(&path.display().to_string())),
                format!("không ghi được: {}", io_reason(&error)),
                format!("cannot write: {error}"),
            )]
        })?;
        eprintln!("{} {}", lang.pick("đã ghi", "wrote"), path.display());
        Ok::<(), Vec<Diagnostic>>(())
    };
    if super::io::is_workbook(&out) {
        let bytes = xeploai_xlsx::write_workbook(&report::sheets_json(&sheets)).map_err(|error| {
            vec![Diagnostic::new(
                Code::Io,
                Location::in_file(Some(&out.display().to_string())),
                error.message_vi(),
                error.message_en(),
            )]
        })?;
        write(&out, &bytes)?;
    } else {
        write(&out, report::sheet_csv(&sheets[0]).as_bytes())?;
        let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let notes = out.with_file_name(format!("{stem}-{}.csv", sheets[1].file_stem()));
        write(&notes, report::sheet_csv(&sheets[1]).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
