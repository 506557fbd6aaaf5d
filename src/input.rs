//! Reading people and organizations from CSV and JSON.
//!
//! Columns are matched to facts by id, by an alias from the rule file, or by the Vietnamese name, with or without
//! diacritics and in any case. Cells that cannot be read become diagnostics with the row (1 = the header row, as a
//! spreadsheet numbers them), the column and the reason; the row is kept and counted, never dropped silently.
//! A row with an unreadable cell is still in the roster with that fact empty, so its result says which fact is
//! missing; nothing valid in it is lost.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Location};
use crate::num::Num;
use crate::ruleset::{Fact, FactOrigin, FactType, RuleSet};

/// One person (or, in the organizations table, one organization) read from input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: String,
    pub name: String,
    /// Subject kind, as an index into the rule set's subjects.
    pub kind: usize,
    /// Members: the organization they belong to. Organizations: their parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Members: the group with similar duties (NĐ 335 quota scope).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_group: Option<String>,
    /// Organizations: a base organization (tổ chức cơ sở đảng), the scope of the member quota.
    pub base: bool,
    /// The level the subject registered to strive for (đăng ký phấn đấu).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<usize>,
    /// Where the record came from: the row in a table (1 = header), or the position in a JSON array plus one.
    pub row: u32,
}

/// Records and their input facts, stored flat: `values[i * stride .. (i + 1) * stride]` is record `i`'s row.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub records: Vec<Record>,
    pub values: Vec<Num>,
    pub stride: usize,
}

impl Table {
    pub fn new(stride: usize) -> Table {
        Table { records: Vec::new(), values: Vec::new(), stride }
    }

    pub fn row(&self, index: usize) -> &[Num] {
        &self.values[index * self.stride..(index + 1) * self.stride]
    }

    pub fn row_mut(&mut self, index: usize) -> &mut [Num] {
        &mut self.values[index * self.stride..(index + 1) * self.stride]
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn push(&mut self, record: Record, row: &[Num]) {
        debug_assert_eq!(row.len(), self.stride);
        self.records.push(record);
        self.values.extend_from_slice(row);
    }
}

/// Which sort of rows a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Members,
    Organizations,
}

/// Lowercase, trim, collapse spaces and underscores, and drop Vietnamese diacritics, so `Điểm tiêu chí chung`,
/// `diem tieu chi chung` and `diem_tieu_chi_chung` match.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for ch in text.trim().chars().flat_map(char::to_lowercase) {
        let base = fold_char(ch);
        if base == '\0' {
            continue;
        }
        // Punctuation separates words like a space: "đúng tiến độ, có chất lượng" = "dung tien do co chat luong".
        if base.is_whitespace() || matches!(base, '_' | '-' | ',' | ';' | ':' | '.' | '(' | ')' | '"' | '\'' | '/') {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(base);
            last_space = false;
        }
    }
    out.trim_end().to_string()
}

fn fold_char(ch: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    if ch.is_ascii() {
        return ch;
    }
    for (letters, base) in GROUPS {
        if letters.contains(ch) {
            return *base;
        }
    }
    // Decomposed marks (combining characters) are dropped.
    if ('\u{300}'..='\u{36f}').contains(&ch) {
        return '\0';
    }
    ch
}

/// Meta columns, by folded header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Meta {
    Id,
    Name,
    Subject,
    Org,
    TaskGroup,
    Base,
    Target,
}

fn meta_column(folded: &str, kind: TableKind) -> Option<Meta> {
    Some(match folded {
        "id" | "ma" | "ma so" | "ma dang vien" | "ma to chuc" | "so the" | "so the dang vien" | "stt id" => Meta::Id,
        "name" | "ten" | "ho ten" | "ho va ten" | "ten to chuc" | "ho ten dang vien" => Meta::Name,
        "subject" | "loai" | "doi tuong" | "loai doi tuong" | "kind" => Meta::Subject,
        "org" | "to chuc" | "chi bo" | "dang bo" | "don vi" | "organization" if kind == TableKind::Members => Meta::Org,
        "parent" | "cap tren" | "truc thuoc" | "to chuc cap tren" | "org" if kind == TableKind::Organizations => {
            Meta::Org
        }
        "task group" | "nhom" | "nhom nhiem vu" | "nhom cong viec" | "group" => Meta::TaskGroup,
        "base" | "co so" | "tccsd" | "to chuc co so dang" | "la co so" if kind == TableKind::Organizations => {
            Meta::Base
        }
        "target" | "target level" | "dang ky" | "dang ky phan dau" | "muc dang ky" => Meta::Target,
        _ => return None,
    })
}

/// How one column of the input is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnUse {
    Meta(&'static str),
    Fact(u32),
    Ignored,
}

/// The mapping of input columns to facts, for the user to see (and, in the app, to change).
#[derive(Clone, Debug)]
pub struct ColumnMap {
    pub headers: Vec<String>,
    pub uses: Vec<ColumnUse>,
}

/// Match headers to meta columns and facts. Roll-up counts are input facts for organizations too: a committee
/// with only totals types them in.
pub fn map_columns(rules: &RuleSet, headers: &[String], kind: TableKind) -> ColumnMap {
    let mut by_name: HashMap<String, u32> = HashMap::new();
    for (slot, fact) in rules.facts.iter().enumerate() {
        let usable = match fact.origin {
            FactOrigin::Input => true,
            FactOrigin::Rollup { .. } => kind == TableKind::Organizations,
            FactOrigin::Derived => false,
        };
        if !usable {
            continue;
        }
        for name in std::iter::once(&fact.id)
            .chain(fact.aliases.iter())
            .chain(std::iter::once(&fact.name.vi))
            .chain(fact.name.en.iter())
        {
            by_name.entry(fold(name)).or_insert(slot as u32);
        }
    }
    let uses = headers
        .iter()
        .map(|header| {
            let folded = fold(header);
            if let Some(meta) = meta_column(&folded, kind) {
                let name = match meta {
                    Meta::Id => "id",
                    Meta::Name => "name",
                    Meta::Subject => "subject",
                    Meta::Org => "org",
                    Meta::TaskGroup => "task_group",
                    Meta::Base => "base",
                    Meta::Target => "target",
                };
                return ColumnUse::Meta(name);
            }
            match by_name.get(&folded) {
                Some(slot) => ColumnUse::Fact(*slot),
                None => ColumnUse::Ignored,
            }
        })
        .collect();
    ColumnMap { headers: headers.to_vec(), uses }
}

/// Read a cell as a value of `fact`. Empty text is "no value" (`Ok(None)`).
pub fn parse_value(rules: &RuleSet, fact: &Fact, text: &str) -> Result<Option<Num>, (Code, String, String)> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value = match fact.ty {
        FactType::Bool => match parse_bool(text) {
            Some(b) => Num::int(b as i64),
            None => {
                return Err((
                    Code::NotABool,
                    format!("\"{text}\" không phải có/không"),
                    format!("\"{text}\" is not yes/no"),
                ));
            }
        },
        FactType::Choice => {
            let folded = fold(text);
            match fact.choices.iter().position(|c| {
                c.id == text
                    || fold(&c.id) == folded
                    || fold(&c.name.vi) == folded
                    || c.name.en.as_deref().is_some_and(|en| fold(en) == folded)
            }) {
                Some(index) => Num::int(index as i64),
                None => {
                    let names: Vec<String> = fact.choices.iter().map(|c| format!("{} ({})", c.id, c.name.vi)).collect();
                    return Err((
                        Code::NotAChoice,
                        format!(
                            "\"{text}\" không phải một lựa chọn của \"{}\"; chọn: {}",
                            fact.name.vi,
                            names.join(", ")
                        ),
                        format!(
                            "\"{text}\" is not a choice of \"{}\"; choose: {}",
                            fact.name.get(crate::lang::Lang::En),
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        FactType::Number | FactType::Integer | FactType::Percent => {
            let number = Num::parse(text).map_err(|_| {
                (Code::NotANumber, format!("\"{text}\" không phải là số"), format!("\"{text}\" is not a number"))
            })?;
            // A percentage typed as 30 means 30%; typed as 30% it was already divided.
            if fact.ty == FactType::Percent && !text.ends_with('%') { Num::percent(number) } else { number }
        }
    };
    crate::classify::check_value(fact, value)?;
    let _ = rules;
    Ok(Some(value))
}

pub fn parse_bool(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "co" | "x" | "yes" | "y" | "true" | "1" | "dung" | "c" => Some(true),
        "khong" | "no" | "n" | "false" | "0" | "sai" | "k" => Some(false),
        _ => None,
    }
}

/// Find a subject kind by id or name.
pub fn parse_kind(rules: &RuleSet, text: &str) -> Option<usize> {
    let folded = fold(text);
    rules.subjects.iter().position(|s| {
        s.id == text
            || fold(&s.id) == folded
            || fold(&s.name.vi) == folded
            || s.name.en.as_deref().is_some_and(|en| fold(en) == folded)
    })
}

/// Find a level by id, short name or full name.
pub fn parse_level(rules: &RuleSet, text: &str) -> Option<usize> {
    let folded = fold(text);
    rules.levels.iter().position(|l| {
        l.id == text
            || fold(&l.id) == folded
            || fold(&l.short) == folded
            || fold(&l.name.vi) == folded
            || l.name.en.as_deref().is_some_and(|en| fold(en) == folded)
    })
}

/// Bytes of a file as UTF-8 text (a leading BOM is kept; the readers drop it). Text in another encoding (a CSV
/// saved as Windows-1258 or ANSI) is an error at the first byte that is not UTF-8, with its line and column.
pub fn decode(bytes: Vec<u8>, file: Option<&str>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let location = crate::diag::LineIndex::new(&text).location(file, text.len(), None);
        Diagnostic::new(
            Code::NotUtf8,
            location,
            "tệp không phải UTF-8: hãy lưu lại dưới dạng UTF-8 (trong Excel: \"CSV UTF-8\")",
            "the file is not UTF-8: save it again as UTF-8 (in Excel: \"CSV UTF-8\")",
        )
    })
}

/// Options for reading a table.
#[derive(Clone, Debug)]
pub struct ReadOptions<'a> {
    pub file: Option<&'a str>,
    pub kind: TableKind,
    /// The subject kind for rows without a subject column.
    pub default_subject: Option<usize>,
}

/// Read CSV text: UTF-8 with or without BOM, separated by commas, semicolons or tabs (whichever the header uses).
pub fn read_csv(rules: &RuleSet, text: &str, options: &ReadOptions) -> (Table, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut row_number = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                row_number += 1;
                let line = record.position().map(|p| p.line() as u32).unwrap_or(row_number);
                rows.push((line, record.iter().map(str::to_string).collect()));
            }
            Err(error) => {
                row_number += 1;
                let line = error.position().map(|p| p.line() as u32);
                let message = error.to_string();
                diagnostics.push(Diagnostic::new(
                    Code::CsvSyntax,
                    Location {
                        file: options.file.map(str::to_string),
                        row: line.or(Some(row_number)),
                        ..Location::default()
                    },
                    format!("không đọc được dòng: {message}"),
                    format!("cannot read the row: {message}"),
                ));
            }
        }
    }
    let (table, more) = read_rows(rules, rows, options);
    diagnostics.extend(more);
    (table, diagnostics)
}

fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    let (commas, semicolons, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Read rows already split into cells: the first row is the header. `(line, cells)`; the line is reported as the
/// row number.
pub fn read_rows(rules: &RuleSet, rows: Vec<(u32, Vec<String>)>, options: &ReadOptions) -> (Table, Vec<Diagnostic>) {
    // Members carry only input facts; organizations also carry roll-up counts, which a committee with only
    // totals types in.
    let stride = match options.kind {
        TableKind::Members => rules.input_count,
        TableKind::Organizations => rules.facts.len(),
    };
    let mut table = Table::new(stride);
    let mut diagnostics = Vec::new();
    let file = options.file.map(str::to_string);
    let at = |row: u32, column: Option<(usize, &str)>| Location {
        file: file.clone(),
        row: Some(row),
        column: column.map(|(c, _)| c as u32 + 1),
        path: column.map(|(_, h)| h.to_string()),
        line: None,
    };
    let mut rows = rows.into_iter();
    let Some((header_row, headers)) = rows.next() else {
        diagnostics.push(Diagnostic::new(
            Code::EmptyInput,
            at(1, None),
            "tệp trống: không có dòng tiêu đề",
            "the file is empty: no header row",
        ));
        return (table, diagnostics);
    };
    let map = map_columns(rules, &headers, options.kind);
    let column_of = |name: &'static str| map.uses.iter().position(|u| *u == ColumnUse::Meta(name));
    let id_column = column_of("id");
    if id_column.is_none() {
        diagnostics.push(Diagnostic::new(
            Code::MissingColumn,
            at(header_row, None),
            "thiếu cột mã (\"id\" hoặc \"Mã\")",
            "the id column (\"id\" or \"Mã\") is missing",
        ));
        return (table, diagnostics);
    }
    let subject_column = column_of("subject");
    if subject_column.is_none() && options.default_subject.is_none() {
        diagnostics.push(Diagnostic::new(
            Code::MissingColumn,
            at(header_row, None),
            "thiếu cột loại đối tượng (\"subject\" hoặc \"Loại\") và chưa chọn loại mặc định",
            "the subject kind column (\"subject\" or \"Loại\") is missing and no default kind was chosen",
        ));
        return (table, diagnostics);
    }
    if options.kind == TableKind::Members && column_of("org").is_none() {
        // Members without organizations can still be classified one by one; quota and roll-up need the column.
    }
    for (column, (header, usage)) in map.headers.iter().zip(&map.uses).enumerate() {
        if *usage == ColumnUse::Ignored && !header.trim().is_empty() {
            diagnostics.push(Diagnostic::new(
                Code::UnknownColumn,
                at(header_row, Some((column, header))),
                format!("cột \"{header}\" không khớp dữ kiện nào nên bị bỏ qua"),
                format!("column \"{header}\" matches no fact and is ignored"),
            ));
        }
    }
    // Required facts the table has no column for, per subject kind, reported once.
    let present: HashSet<u32> =
        map.uses.iter().filter_map(|u| if let ColumnUse::Fact(s) = u { Some(*s) } else { None }).collect();

    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    let mut kinds_seen: HashSet<usize> = HashSet::new();
    let mut scratch = vec![Num::MISSING; rules.facts.len()];
    for (row, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        scratch.fill(Num::MISSING);
        let cell = |column: Option<usize>| column.and_then(|c| cells.get(c)).map(|s| s.trim()).unwrap_or("");
        let id = cell(id_column).to_string();
        let id_header = id_column.map(|c| (c, map.headers[c].as_str()));
        if id.is_empty() {
            diagnostics.push(Diagnostic::new(Code::MissingValue, at(row, id_header), "thiếu mã", "the id is empty"));
            continue;
        }
        if let Some(first) = seen_ids.get(&id) {
            diagnostics.push(Diagnostic::new(
                Code::DuplicateSubject,
                at(row, id_header),
                format!("mã \"{id}\" trùng với dòng {first}; dòng này không được xếp loại"),
                format!("id \"{id}\" repeats row {first}; this row is not classified"),
            ));
            continue;
        }
        seen_ids.insert(id.clone(), row);
        let kind = match subject_column {
            Some(column) if !cell(Some(column)).is_empty() => match parse_kind(rules, cell(Some(column))) {
                Some(kind) => Some(kind),
                None => {
                    let names: Vec<&str> = rules.subjects.iter().map(|s| s.id.as_str()).collect();
                    diagnostics.push(Diagnostic::new(
                        Code::WrongSubjectKind,
                        at(row, Some((column, &map.headers[column]))),
                        format!("\"{}\" không phải loại đối tượng; các loại: {}", cell(Some(column)), names.join(", ")),
                        format!(
                            "\"{}\" is not a subject kind; the kinds are: {}",
                            cell(Some(column)),
                            names.join(", ")
                        ),
                    ));
                    None
                }
            },
            _ => options.default_subject,
        };
        let Some(kind) = kind else {
            if subject_column.is_some() && cell(subject_column).is_empty() {
                diagnostics.push(Diagnostic::new(
                    Code::MissingValue,
                    at(row, subject_column.map(|c| (c, map.headers[c].as_str()))),
                    "thiếu loại đối tượng",
                    "the subject kind is empty",
                ));
            }
            continue;
        };
        let collective = rules.subjects[kind].collective;
        if collective != (options.kind == TableKind::Organizations) {
            let (vi, en) = if collective {
                ("là loại tổ chức, không phải đảng viên", "is an organization kind, not a member kind")
            } else {
                ("là loại cá nhân, không phải tổ chức", "is a member kind, not an organization kind")
            };
            diagnostics.push(Diagnostic::new(
                Code::WrongSubjectKind,
                at(row, subject_column.map(|c| (c, map.headers[c].as_str()))),
                format!("\"{}\" {vi}", rules.subjects[kind].id),
                format!("\"{}\" {en}", rules.subjects[kind].id),
            ));
            continue;
        }
        kinds_seen.insert(kind);
        for (column, usage) in map.uses.iter().enumerate() {
            let ColumnUse::Fact(slot) = usage else { continue };
            let fact = &rules.facts[*slot as usize];
            if !fact.applies_to(kind) {
                continue;
            }
            match parse_value(rules, fact, cells.get(column).map(String::as_str).unwrap_or("")) {
                Ok(Some(value)) => scratch[*slot as usize] = value,
                Ok(None) => {}
                Err((code, vi, en)) => diagnostics.push(Diagnostic::new(
                    code,
                    at(row, Some((column, &map.headers[column]))),
                    format!("{}: {vi}", fact.name.vi),
                    format!("{}: {en}", fact.name.get(crate::lang::Lang::En)),
                )),
            }
        }
        let target = match column_of("target") {
            Some(column) if !cell(Some(column)).is_empty() => match parse_level(rules, cell(Some(column))) {
                Some(level) => Some(level),
                None => {
                    diagnostics.push(Diagnostic::new(
                        Code::NotAChoice,
                        at(row, Some((column, &map.headers[column]))),
                        format!("\"{}\" không phải một mức xếp loại", cell(Some(column))),
                        format!("\"{}\" is not a level", cell(Some(column))),
                    ));
                    None
                }
            },
            _ => None,
        };
        let base = match column_of("base") {
            Some(column) => parse_bool(cell(Some(column))).unwrap_or(false),
            None => false,
        };
        let optional = |name: &'static str| Some(cell(column_of(name)).to_string()).filter(|s| !s.is_empty());
        let stride = table.stride;
        table.push(
            Record {
                id,
                name: cell(column_of("name")).to_string(),
                kind,
                org: optional("org"),
                task_group: optional("task_group"),
                base,
                target,
                row,
            },
            &scratch[..stride],
        );
    }
    for kind in kinds_seen {
        for (slot, fact) in rules.input_facts(kind) {
            if fact.used && fact.default.is_none() && !present.contains(&slot) {
                diagnostics.push(Diagnostic::new(
                    Code::MissingColumn,
                    at(header_row, None),
                    format!("thiếu cột \"{}\" ({}), cần cho loại {}", fact.name.vi, fact.id, rules.subjects[kind].id),
                    format!(
                        "column \"{}\" ({}) is missing; {} needs it",
                        fact.name.get(crate::lang::Lang::En),
                        fact.id,
                        rules.subjects[kind].id
                    ),
                ));
            }
        }
    }
    if table.is_empty() && !diagnostics.iter().any(|d| d.code == Code::EmptyInput) {
        diagnostics.push(Diagnostic::new(
            Code::EmptyInput,
            at(header_row, None),
            "không có dòng dữ liệu nào",
            "there are no data rows",
        ));
    }
    diagnostics.sort_by_key(|d| (d.location.row, d.location.column));
    (table, diagnostics)
}

/// Read JSON: an array of objects. Each object has `id`, optional `name`, `subject`, `org` (or `parent`),
/// `taskGroup`, `base`, `target`, and facts either under `facts` or at the top level. Values may be numbers,
/// booleans or strings.
pub fn read_json(rules: &RuleSet, text: &str, options: &ReadOptions) -> (Table, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let location = Location {
                file: options.file.map(str::to_string),
                line: Some(error.line() as u32),
                column: Some(error.column() as u32),
                ..Location::default()
            };
            let message = error.to_string();
            return (
                Table::new(rules.facts.len()),
                vec![Diagnostic::new(
                    Code::JsonSyntax,
                    location,
                    format!("JSON không hợp lệ: {message}"),
                    format!("invalid JSON: {message}"),
                )],
            );
        }
    };
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(object) => vec![serde_json::Value::Object(object)],
        _ => {
            return (
                Table::new(rules.facts.len()),
                vec![Diagnostic::new(
                    Code::JsonSyntax,
                    Location::in_file(options.file),
                    "JSON phải là một mảng các đối tượng",
                    "the JSON must be an array of objects",
                )],
            );
        }
    };
    // Turn the objects into rows with a header, so one reader handles both formats and their errors.
    let mut headers: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut flat: Vec<Vec<(usize, String)>> = Vec::new();
    for item in &items {
        let mut cells = Vec::new();
        if let serde_json::Value::Object(object) = item {
            for (key, value) in object {
                if key == "facts" {
                    if let serde_json::Value::Object(facts) = value {
                        for (fact, value) in facts {
                            let column = *index.entry(fact.clone()).or_insert_with(|| {
                                headers.push(fact.clone());
                                headers.len() - 1
                            });
                            cells.push((column, json_cell(value)));
                        }
                    }
                    continue;
                }
                let key = match key.as_str() {
                    "taskGroup" => "task_group".to_string(),
                    "parent" if options.kind == TableKind::Organizations => "parent".to_string(),
                    other => other.to_string(),
                };
                let column = *index.entry(key.clone()).or_insert_with(|| {
                    headers.push(key.clone());
                    headers.len() - 1
                });
                cells.push((column, json_cell(value)));
            }
        }
        flat.push(cells);
    }
    let mut rows = vec![(1u32, headers.clone())];
    for (position, cells) in flat.into_iter().enumerate() {
        let mut row = vec![String::new(); headers.len()];
        for (column, text) in cells {
            row[column] = text;
        }
        rows.push((position as u32 + 2, row));
    }
    let (mut table, mut diagnostics) = read_rows(rules, rows, options);
    // Rows and columns were made up for the shared reader; point at the object and key instead: `[2].task_points`.
    for diagnostic in &mut diagnostics {
        let location = &mut diagnostic.location;
        if let Some(row) = location.row.take() {
            let key = location.path.take().map(|k| format!(".{k}")).unwrap_or_default();
            location.path =
                Some(if row >= 2 { format!("[{}]{key}", row - 2) } else { key.trim_start_matches('.').to_string() });
        }
        location.column = None;
    }
    for record in &mut table.records {
        record.row -= 1; // position in the array, counting from 1
    }
    (table, diagnostics)
}

fn json_cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_headers() {
        assert_eq!(fold("Điểm tiêu chí chung"), "diem tieu chi chung");
        assert_eq!(fold("  DIEM_tieu   chi-chung "), "diem tieu chi chung");
        assert_eq!(fold("Họ và tên"), "ho va ten");
        assert_eq!(fold("Đúng tiến độ, có chất lượng (%)"), "dung tien do co chat luong %");
    }

    #[test]
    fn reads_yes_and_no() {
        assert_eq!(parse_bool("Có"), Some(true));
        assert_eq!(parse_bool("không"), Some(false));
        assert_eq!(parse_bool("x"), Some(true));
        assert_eq!(parse_bool("maybe"), None);
    }
}
