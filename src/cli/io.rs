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
/// the notices of how it was read (encoding, legacy font), or a CSV file streamed into its table.
pub enum RosterFile {
    Text(String),
    Rows(Vec<(u32, Vec<String>)>),
    /// A CSV file read in chunks straight into a table (its text never held whole), with the problems reading it.
    Table(Box<Table>, Vec<Diagnostic>),
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
    let name = path.display().to_string();
    let options = ReadOptions { file: Some(&name), kind, default_subject };
    let (file, notices) = read_roster_as(rules, path, Some(&options), str::trim_start)?;
    let (table, more) = match file {
        RosterFile::Rows(rows) => xeploai::input::read_rows(rules, rows, &options),
        RosterFile::Table(table, diagnostics) => (*table, diagnostics),
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

/// Bytes read from a file at a time when it is streamed.
const CHUNK: usize = 1 << 20;

/// [`read_roster`], but a CSV file (not named `.json`, and not a text that `starts` (the decoded text given to it)
/// with `[` or `{`, as the caller tells JSON) is streamed in chunks into a table of `options`, when given: the
/// file's text is never held whole. A file whose start does not tell is read as [`read_roster`] reads it.
pub fn read_roster_as(
    rules: &RuleSet,
    path: &Path,
    options: Option<&ReadOptions>,
    starts: fn(&str) -> &str,
) -> Result<(RosterFile, Vec<Diagnostic>), Vec<Diagnostic>> {
    let named_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let Some(options) = options.filter(|_| !is_workbook(path) && !named_json) else {
        return read_roster(path).map_err(|d| vec![d]);
    };
    let cannot_read = |error: std::io::Error| {
        vec![Diagnostic::new(
            Code::Io,
            Location::in_file(Some(&path.display().to_string())),
            format!("không đọc được tệp: {}", io_reason(&error)),
            format!("cannot read the file: {error}"),
        )]
    };
    use std::io::{Read, Seek};
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut chunk = vec![0u8; CHUNK];
    let first = read_full(&mut file, &mut chunk).map_err(cannot_read)?;
    if csv_start(&chunk[..first], starts) != Some(true) {
        return read_roster(path).map_err(|d| vec![d]);
    }
    let overrides = xeploai::input::ColumnOverrides::new();
    let mut stream = xeploai::input::CsvStream::new(rules, options, &overrides);
    if let Ok(metadata) = file.metadata() {
        stream = stream.with_size(metadata.len());
    }
    let mut filled = first;
    loop {
        let feed = if filled == 0 { stream.end() } else { stream.push(&chunk[..filled]) };
        match feed {
            xeploai::input::Feed::FromStart => {
                file.rewind().map_err(cannot_read)?;
            }
            xeploai::input::Feed::More if filled == 0 => break,
            xeploai::input::Feed::More => {}
        }
        filled = file.read(&mut chunk).map_err(cannot_read)?;
    }
    let read = stream.finish();
    Ok((RosterFile::Table(Box::new(read.table), read.diagnostics), read.notices))
}

/// Fill `buffer` from the reader as far as it goes (a read may give fewer bytes than asked); the bytes read.
fn read_full(reader: &mut impl std::io::Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            read => filled += read,
        }
    }
    Ok(filled)
}

/// Does a file that starts with these bytes hold CSV, by the caller's test of a decoded text's start (`starts`, then
/// `[` or `{` is JSON)? `None` when its start does not tell for every encoding the file may turn out to be in: a zero
/// byte (UTF-16), a UTF-16 BOM, a first character that is not ASCII, or nothing but blanks.
fn csv_start(bytes: &[u8], starts: fn(&str) -> &str) -> Option<bool> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0) {
        return None;
    }
    let text = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // ASCII blanks are the same in every encoding; the first other character must be ASCII too.
    let ascii = text.iter().position(|b| !b.is_ascii()).unwrap_or(text.len());
    let head = std::str::from_utf8(&text[..ascii]).ok()?;
    // The first character past the blanks, when it is in the ASCII start: what decides in every encoding.
    let first = starts(head).chars().next()?;
    Some(!matches!(first, '[' | '{'))
}

/// The options `unit` reads a roster file with ([`xeploai::pipeline::read_table`]'s).
pub fn unit_options<'a>(rules: &RuleSet, name: &'a str, kind: TableKind) -> ReadOptions<'a> {
    ReadOptions { file: Some(name), kind, default_subject: xeploai::pipeline::default_subject(rules, kind) }
}

/// The table of a roster file as `unit` reads it ([`xeploai::pipeline::read_table`]): a streamed CSV's table taken
/// out of it, a text read whole (JSON, or a CSV whose start did not tell), or a sheet's rows.
pub fn take_table(rules: &RuleSet, file: &mut RosterFile, name: &str, kind: TableKind) -> (Table, Vec<Diagnostic>) {
    match file {
        RosterFile::Table(table, diagnostics) => (std::mem::take(&mut **table), std::mem::take(diagnostics)),
        RosterFile::Text(text) => xeploai::pipeline::read_table(rules, (text, Some(name)), kind),
        RosterFile::Rows(rows) => {
            xeploai::input::read_rows(rules, std::mem::take(rows), &unit_options(rules, name, kind))
        }
    }
}

/// How `unit` tells a JSON text ([`xeploai::pipeline::read_table`]): by its start past BOMs and blanks.
pub fn past_boms(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim_start()
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
