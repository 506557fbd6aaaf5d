//! `xeploai generate`: a synthetic roster for benchmarks and scale tests (`members.csv` and `orgs.csv`), the same
//! for the same seed on every machine. The rows are written as they are generated, so a national roster (5.5
//! million members) needs no more memory than a small one.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xeploai::Lang;
use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::generate::{CsvWriter, Generator, Shape};
use xeploai::input::TableKind;

use super::Review;
use super::io::{io_reason, load_rules_for};

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    /// The rule set whose facts the roster fills (default: qd366-2025, the default rule set).
    #[arg(long)]
    pub rules: Option<String>,
    /// How many members.
    #[arg(long, default_value_t = 100_000)]
    pub members: usize,
    /// The seed: the same seed gives the same roster.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Base organizations (default: one per 106 members, as in the whole Party).
    #[arg(long)]
    pub base_orgs: Option<usize>,
    /// District-level committees (default: one per 75 base organizations).
    #[arg(long)]
    pub districts: Option<usize>,
    /// Top committees, provinces or blocs (default: one per 1,500 base organizations).
    #[arg(long)]
    pub tops: Option<usize>,
    /// The folder to write `members.csv` and `orgs.csv` into (created when missing).
    #[arg(long)]
    pub out_dir: PathBuf,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let (rules, _) = load_rules_for(args.rules.as_deref(), review, lang)?;
    let mut shape = Shape::new(args.members, args.seed);
    if let Some(base_orgs) = args.base_orgs {
        shape = Shape { base_orgs: base_orgs.max(1), ..Shape::new(base_orgs.max(1) * 106, args.seed) };
        shape.members = args.members;
    }
    shape.districts = args.districts.unwrap_or(shape.districts);
    shape.tops = args.tops.unwrap_or(shape.tops).max(1);
    let dir = &args.out_dir;
    std::fs::create_dir_all(dir).map_err(|error| cannot_write(dir, &error))?;
    let mut generator = Generator::new(&rules, shape);
    let (orgs_path, members_path) = (dir.join("orgs.csv"), dir.join("members.csv"));
    let orgs = write_rows(&rules, TableKind::Organizations, &orgs_path, |visit| generator.orgs(visit))?;
    let members = write_rows(&rules, TableKind::Members, &members_path, |visit| generator.members(visit))?;
    eprintln!(
        "{} {} ({members} {}), {} ({orgs} {})",
        lang.pick("đã ghi", "wrote"),
        members_path.display(),
        lang.pick("đảng viên", "members"),
        orgs_path.display(),
        lang.pick("tổ chức", "organizations"),
    );
    Ok(ExitCode::SUCCESS)
}

type Visit<'a> = &'a mut dyn FnMut(&xeploai::input::Record, &[xeploai::Num]);

/// Write the rows `generate` gives to a CSV file at `path`; the number of rows.
fn write_rows(
    rules: &xeploai::RuleSet,
    kind: TableKind,
    path: &Path,
    generate: impl FnOnce(Visit),
) -> Result<usize, Vec<Diagnostic>> {
    let file = std::fs::File::create(path).map_err(|error| cannot_write(path, &error))?;
    let mut writer = CsvWriter::new(rules, kind, BufWriter::new(file)).map_err(|error| cannot_write(path, &error))?;
    let (mut count, mut failure) = (0usize, None);
    generate(&mut |record, row| {
        if failure.is_none() {
            match writer.write(record, row) {
                Ok(()) => count += 1,
                Err(error) => failure = Some(error),
            }
        }
    });
    if let Some(error) = failure {
        return Err(cannot_write(path, &error));
    }
    writer.finish().and_then(|mut out| out.flush()).map_err(|error| cannot_write(path, &error))?;
    Ok(count)
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::new(
        Code::Io,
        Location::in_file(Some(&path.display().to_string())),
        format!("không ghi được: {}", io_reason(error)),
        format!("cannot write: {error}"),
    )]
}
