//! Reading for every subcommand: files as text, rule sets (a path, a bundled id, or the one in force for a year),
//! rosters; diagnostics printed; the errors shared by several subcommands.

use std::path::{Path, PathBuf};

use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::input::{ReadOptions, Table, TableKind};
use xeploai::{Lang, RuleSet, builtin};

use super::Review;

/// Why a file could not be read or written, in Vietnamese (the system's own words, in English, go in the English
/// message).
pub fn io_reason(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "không có tệp hoặc thư mục này",
        ErrorKind::PermissionDenied => "không có quyền truy cập",
        ErrorKind::IsADirectory => "đây là một thư mục, không phải tệp",
        ErrorKind::NotADirectory => "một phần của đường dẫn không phải thư mục",
        ErrorKind::AlreadyExists => "đã có tệp trùng tên",
        ErrorKind::StorageFull => "ổ đĩa đã đầy",
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        ErrorKind::InvalidData => "dữ liệu không đọc được",
        _ => "lỗi của hệ thống",
    }
}

/// A file's bytes; a file that cannot be read is a located error.
fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|error| {
        Diagnostic::new(
            Code::Io,
            Location::in_file(Some(&path.display().to_string())),
            format!("không đọc được tệp: {}", io_reason(&error)),
            format!("cannot read the file: {error}"),
        )
    })
}

/// Read a file as UTF-8 text; a file in another encoding is a located error, not a panic.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    xeploai::input::decode(read_bytes(path)?, Some(&path.display().to_string()))
}

/// The text of a rule set from a path or a bundled id (the default when none is given), with its name for
/// diagnostics and its path.
pub fn rules_text(spec: Option<&str>) -> Result<(String, String, Option<PathBuf>), Vec<Diagnostic>> {
    let spec = spec.unwrap_or(builtin::DEFAULT);
    Ok(match builtin::rule_text(spec) {
        Some(text) if !Path::new(spec).exists() => (text.to_string(), format!("rules/{spec}.toml"), None),
        _ => {
            let path = PathBuf::from(spec);
            (read_text(&path).map_err(|d| vec![d])?, path.display().to_string(), Some(path))
        }
    })
}

/// The bases an overlay named `name` may extend: a bundled rule set, or else a sibling file `<id>.toml`.
pub fn bases_near(name: &str) -> impl Fn(&str) -> Option<xeploai::overlay::Base> + use<> {
    let folder = Path::new(name).parent().map(Path::to_path_buf).unwrap_or_default();
    move |id: &str| match builtin::rule_text(id) {
        Some(text) => Some(xeploai::overlay::Base { file: format!("rules/{id}.toml"), text: text.to_string() }),
        None => {
            let path = folder.join(format!("{id}.toml"));
            let text = std::fs::read_to_string(&path).ok()?;
            Some(xeploai::overlay::Base { file: path.display().to_string(), text })
        }
    }
}

/// Compile a rule file's text; warnings (but disabled rules) are printed, errors returned.
pub fn compile_rules(text: &str, name: &str, lang: Lang) -> Result<RuleSet, Vec<Diagnostic>> {
    let (rules, diagnostics) = xeploai::ruleset::load_with(text, Some(name), &bases_near(name));
    for d in diagnostics.iter().filter(|d| !d.is_error() && d.code != Code::DisabledRule) {
        eprintln!("{}", d.render(lang));
    }
    rules.ok_or(diagnostics)
}

/// A rule set from a path or a bundled id (the default when none is given).
pub fn load_rules(spec: Option<&str>, lang: Lang) -> Result<(RuleSet, Option<PathBuf>), Vec<Diagnostic>> {
    let (text, name, path) = rules_text(spec)?;
    Ok((compile_rules(&text, &name, lang)?, path))
}

/// The rule set for a review: `--rules` (a path or a bundled id), or with `--year` alone the official bundled rule
/// set of the domain in force that year (said on stderr), or the default. A year outside the chosen rule set's years
/// is a warning, returned to be reported with the input's problems.
pub fn load_rules_for(
    spec: Option<&str>,
    review: Review,
    lang: Lang,
) -> Result<(RuleSet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Some(year) = review.year else { return Ok((load_rules(spec, lang)?.0, Vec::new())) };
    if spec.is_none() {
        let (entry, text) = builtin::in_force_text(year, review.domain).map_err(|text| {
            vec![Diagnostic::new(
                Code::NoRuleSetForYear,
                Location { path: Some("--year".into()), ..Location::default() },
                text.vi.clone(),
                text.get(Lang::En).to_string(),
            )]
        })?;
        eprintln!("{}", text.get(lang));
        return Ok((load_rules(Some(entry.id), lang)?.0, Vec::new()));
    }
    let (rules, _) = load_rules(spec, lang)?;
    let years = builtin::years_of(&rules);
    let mut warnings = Vec::new();
    if years.is_declared() && !years.contains(year) {
        warnings.push(Diagnostic::new(
            Code::YearOutsideRuleSet,
            Location { path: Some("--year".into()), ..Location::default() },
            format!(
                "năm đánh giá {year} nằm ngoài các năm bộ quy tắc {} áp dụng ({})",
                rules.id,
                years.describe(Lang::Vi)
            ),
            format!(
                "the review year {year} is outside the years the rule set {} governs ({})",
                rules.id,
                years.describe(Lang::En)
            ),
        ));
    }
    Ok((rules, warnings))
}

/// A roster file as read: text (CSV or JSON, decoded whatever its encoding) or a workbook's first sheet as rows, with
/// the notices of how it was read (encoding, legacy font).
pub enum RosterFile {
    Text(String),
    Rows(Vec<(u32, Vec<String>)>),
}

/// Is the path a workbook (`.xlsx`, `.xlsm`)?
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Read a roster: a workbook's first worksheet as rows, or text in whatever encoding an office saved it in
/// (UTF-8, UTF-16, Windows-1258, Windows-1252; TCVN3 and VNI converted), with notices saying what was done.
pub fn read_roster(path: &Path) -> Result<(RosterFile, Vec<Diagnostic>), Diagnostic> {
    let name = path.display().to_string();
    let bytes = read_bytes(path)?;
    if !is_workbook(path) {
        let (text, notices) = xeploai::input::decode_roster(&bytes, Some(&name));
        return Ok((RosterFile::Text(text), notices));
    }
    let unreadable = |error: xeploai_xlsx::XlsxError| {
        Diagnostic::new(Code::Io, Location::in_file(Some(&name)), error.message_vi(), error.message_en())
    };
    let sheets = xeploai_xlsx::sheet_names(&bytes).map_err(unreadable)?;
    let first = sheets.first().cloned().unwrap_or_default();
    let cells = xeploai_xlsx::read_sheet(&bytes, &first).map_err(unreadable)?;
    let mut rows: Vec<(u32, Vec<String>)> =
        cells.into_iter().enumerate().map(|(index, row)| (index as u32 + 1, row)).collect();
    let notices = xeploai::encoding::convert_legacy_rows(&mut rows, Some(&name)).into_iter().collect();
    Ok((RosterFile::Rows(rows), notices))
}

pub fn read_table(
    rules: &RuleSet,
    path: &Path,
    kind: TableKind,
    default_subject: Option<usize>,
) -> Result<(Table, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (file, notices) = read_roster(path).map_err(|d| vec![d])?;
    let name = path.display().to_string();
    let options = ReadOptions { file: Some(&name), kind, default_subject };
    let (table, more) = match file {
        RosterFile::Rows(rows) => xeploai::input::read_rows(rules, rows, &options),
        RosterFile::Text(text) => {
            let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
                || text.trim_start().starts_with(['[', '{']);
            if is_json {
                xeploai::input::read_json(rules, &text, &options)
            } else {
                xeploai::input::read_csv(rules, &text, &options)
            }
        }
    };
    Ok((table, notices.into_iter().chain(more).collect()))
}

pub fn print_diagnostics(diagnostics: &[Diagnostic], lang: Lang) {
    for d in diagnostics {
        eprintln!("{}", d.render(lang));
    }
}

pub fn unknown_subject(rules: &RuleSet, name: &str) -> Diagnostic {
    let ids: Vec<&str> = rules.subjects.iter().map(|s| s.id.as_str()).collect();
    Diagnostic::new(
        Code::WrongSubjectKind,
        Location::default(),
        format!("không có loại đối tượng \"{name}\"; các loại: {}", ids.join(", ")),
        format!("no subject kind \"{name}\"; the kinds are: {}", ids.join(", ")),
    )
}

pub fn unknown_level(rules: &RuleSet, name: &str) -> Diagnostic {
    let ids: Vec<&str> = rules.levels.iter().map(|l| l.id.as_str()).collect();
    Diagnostic::new(
        Code::UnknownLevel,
        Location::default(),
        format!("không có mức \"{name}\"; các mức: {}", ids.join(", ")),
        format!("no level \"{name}\"; the levels are: {}", ids.join(", ")),
    )
}

/// A file read, `(text, name)`, as the library takes it: `(text, Some(name))`.
pub fn as_pair(file: &Option<(String, String)>) -> Option<(&str, Option<&str>)> {
    file.as_ref().map(|(text, name)| (text.as_str(), Some(name.as_str())))
}
