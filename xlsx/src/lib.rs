//! Reading and writing `.xlsx` workbooks for the xeploai web app.
//!
//! This crate is built into its own WebAssembly module, which the app loads only when an XLSX file is opened or an
//! XLSX export is asked for, so the first load never pays for it. It does not depend on the `xeploai` engine: it only
//! moves text and numbers in and out of workbooks; the app turns the text into facts with the engine's own parsing.
//!
//! - [`sheet_names`] — the worksheets of a workbook, in workbook order.
//! - [`read_sheet`] — one worksheet as rows of text, as a person reads them.
//! - [`write_workbook`] — a workbook from JSON sheets (bold frozen header row, column widths, Excel-safe names).
//!
//! The `#[wasm_bindgen]` exports in [`wasm`] only convert types: `sheetNames`, `readSheetJson`, `writeWorkbook`.

use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader, SheetType, Xlsx};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

pub mod fixture;
pub mod wasm;

// ---------------------------------------------------------------------------------------------------------------
// Errors

/// What went wrong, as a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `xlsx-unreadable`: the bytes are not an XLSX workbook (or a damaged one).
    Unreadable,
    /// `xlsx-no-sheet`: the workbook has no worksheet of that name.
    NoSheet,
    /// `xlsx-write`: the sheets given could not be written (bad JSON, a limit of Excel exceeded).
    Write,
    /// `xlsx-limit`: the workbook is past one of the reader's [`Limits`] (the detail names it, in both languages).
    Limit,
}

/// An error of this crate: a stable English code, a message in Vietnamese and in English.
/// `Display` is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxError {
    kind: ErrorKind,
    /// The sheet name (`NoSheet`) or the technical cause from the library (English), if any.
    detail: Option<String>,
}

impl XlsxError {
    fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        XlsxError { kind, detail: (!detail.is_empty()).then_some(detail) }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable code: `xlsx-unreadable`, `xlsx-no-sheet` or `xlsx-write`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Unreadable => "xlsx-unreadable",
            ErrorKind::NoSheet => "xlsx-no-sheet",
            ErrorKind::Write => "xlsx-write",
            ErrorKind::Limit => "xlsx-limit",
        }
    }

    /// The sheet name for `xlsx-no-sheet`; the technical cause (English, from the library) otherwise, if known.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    pub fn message_vi(&self) -> String {
        match (self.kind, &self.detail) {
            (ErrorKind::Unreadable, None) => "tệp không phải XLSX hợp lệ".to_string(),
            (ErrorKind::Unreadable, Some(d)) => format!("tệp không phải XLSX hợp lệ ({d})"),
            (ErrorKind::NoSheet, None) => "tệp không có trang tính này".to_string(),
            (ErrorKind::NoSheet, Some(d)) => format!("tệp không có trang tính “{d}”"),
            (ErrorKind::Write, None) => "không tạo được tệp XLSX".to_string(),
            (ErrorKind::Write, Some(d)) => format!("không tạo được tệp XLSX ({d})"),
            (ErrorKind::Limit, d) => {
                format!("tệp vượt giới hạn đọc: {}", d.as_deref().and_then(|d| d.split(" / ").next()).unwrap_or("?"))
            }
        }
    }

    pub fn message_en(&self) -> String {
        match (self.kind, &self.detail) {
            (ErrorKind::Unreadable, None) => "the file is not a valid XLSX workbook".to_string(),
            (ErrorKind::Unreadable, Some(d)) => format!("the file is not a valid XLSX workbook ({d})"),
            (ErrorKind::NoSheet, None) => "the file has no such sheet".to_string(),
            (ErrorKind::NoSheet, Some(d)) => format!("the file has no sheet “{d}”"),
            (ErrorKind::Write, None) => "could not create the XLSX file".to_string(),
            (ErrorKind::Write, Some(d)) => format!("could not create the XLSX file ({d})"),
            (ErrorKind::Limit, d) => {
                format!(
                    "the file is past a reading limit: {}",
                    d.as_deref().and_then(|d| d.split(" / ").nth(1)).unwrap_or("?")
                )
            }
        }
    }

    /// `code: Vietnamese message / English message`, the text of the JS `Error` thrown by the wasm exports.
    pub fn js_message(&self) -> String {
        format!("{}: {} / {}", self.code(), self.message_vi(), self.message_en())
    }
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for XlsxError {}

fn write_error(e: impl fmt::Display) -> XlsxError {
    XlsxError::new(ErrorKind::Write, e.to_string())
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/// What the reader accepts, checked before anything large is built: a workbook is a zip of XML parts, and a few
/// kilobytes can inflate to gigabytes (one enormous cell) or name a cell a billion cells away (`XFD1048576`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one part once inflated (a sheet, the shared strings), as the zip's directory declares them.
    pub max_part_bytes: u64,
    /// Rows of a sheet (the last row that holds a cell).
    pub max_rows: u32,
    /// Columns of a sheet (the last column that holds a cell); the same as the engine's limit for every table.
    pub max_columns: u32,
    /// Cells that hold something.
    pub max_cells: usize,
}

impl Limits {
    /// A roster of 200,000 members with a few dozen columns fits well inside these.
    pub const DEFAULT: Limits =
        Limits { max_part_bytes: 200_000_000, max_rows: 1_048_576, max_columns: 1_000, max_cells: 10_000_000 };
}

fn limit(vi: String, en: String) -> XlsxError {
    XlsxError::new(ErrorKind::Limit, format!("{vi} / {en}"))
}

/// Refuse a workbook whose parts would inflate past the limit, before any is read.
fn check_parts(bytes: &[u8], limits: &Limits) -> Result<(), XlsxError> {
    let unreadable = |e: zip::result::ZipError| XlsxError::new(ErrorKind::Unreadable, e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(unreadable)?;
        if part.size() > limits.max_part_bytes {
            let name = String::from_utf8_lossy(part.name_raw()).into_owned();
            let (size, max) = (part.size(), limits.max_part_bytes);
            return Err(limit(
                format!(
                    "phần {name} bung ra {} byte, quá {} byte (giới hạn kích thước)",
                    grouped(size, '.'),
                    grouped(max, '.')
                ),
                format!(
                    "part {name} inflates to {} bytes, more than {} bytes (the size limit)",
                    grouped(size, ','),
                    grouped(max, ',')
                ),
            ));
        }
    }
    Ok(())
}

/// `1234567` as `1.234.567` (Vietnamese) or `1,234,567` (English).
fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

fn open<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Xlsx<Cursor<&'a [u8]>>, XlsxError> {
    check_parts(bytes, limits)?;
    Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxError::new(ErrorKind::Unreadable, e.to_string()))
}

fn worksheet_names(book: &Xlsx<Cursor<&[u8]>>) -> Vec<String> {
    book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

/// The worksheets of a workbook, in workbook order (hidden ones included; chart sheets, which hold no cells, left
/// out).
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, XlsxError> {
    Ok(worksheet_names(&open(bytes, &Limits::DEFAULT)?))
}

/// Every row of a worksheet as text, as a person reads the cells: integers without `.0`, decimals with `.` (`89.5`,
/// rounded to Excel's 15 significant digits, so `0.1+0.2` reads `0.3`), booleans `true`/`false`, dates
/// `YYYY-MM-DD` (with ` HH:MM` or ` HH:MM:SS` when there is a time of day; a time alone `HH:MM[:SS]`), durations
/// `H:MM:SS`, errors as Excel shows them (`#DIV/0!`), formulas by their last computed value, empty cells `""`.
///
/// Positions are the spreadsheet's: row 1 is index 0 and column A is index 0, so empty rows before or between the
/// data are kept as empty vectors, and empty leading cells as `""`. Trailing empty cells of a row and trailing empty
/// rows are dropped. What a cell's number format adds (`50%` for 0.5, thousands separators, currency) is not applied:
/// the number is given as stored.
///
/// The sheet is read cell by cell within [`Limits::DEFAULT`]; past a limit it is an `xlsx-limit` error naming it.
pub fn read_sheet(bytes: &[u8], sheet: &str) -> Result<Vec<Vec<String>>, XlsxError> {
    read_sheet_within(bytes, sheet, &Limits::DEFAULT)
}

/// [`read_sheet`] within other limits.
pub fn read_sheet_within(bytes: &[u8], sheet: &str, limits: &Limits) -> Result<Vec<Vec<String>>, XlsxError> {
    let mut book = open(bytes, limits)?;
    if !worksheet_names(&book).iter().any(|n| n == sheet) {
        return Err(XlsxError::new(ErrorKind::NoSheet, sheet));
    }
    let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| match e {
        calamine::XlsxError::WorksheetNotFound(_) => XlsxError::new(ErrorKind::NoSheet, sheet),
        e => XlsxError::new(ErrorKind::Unreadable, e.to_string()),
    })?;
    // Cells come in sheet order; each is placed where it stands, after checking it against the limits, so nothing
    // is allocated for the empty space between two distant cells but empty rows.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| XlsxError::new(ErrorKind::Unreadable, e.to_string()))? {
        let (row, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let name = cell_name(row, column);
        if row >= limits.max_rows {
            let max = limits.max_rows;
            return Err(limit(
                format!("ô {name} nằm sau dòng {max} (giới hạn số dòng)"),
                format!("cell {name} is past row {max} (the row limit)"),
            ));
        }
        if column >= limits.max_columns {
            let max = limits.max_columns;
            return Err(limit(
                format!("ô {name} nằm sau cột thứ {max} (giới hạn số cột)"),
                format!("cell {name} is past column {max} (the column limit)"),
            ));
        }
        cells += 1;
        if cells > limits.max_cells {
            let max = limits.max_cells;
            return Err(limit(
                format!("trang tính có hơn {max} ô có dữ liệu (giới hạn số ô)"),
                format!("the sheet has more than {max} cells with data (the cell limit)"),
            ));
        }
        let (row, column) = (row as usize, column as usize);
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        let cells_of_row = &mut rows[row];
        if cells_of_row.len() <= column {
            cells_of_row.resize(column + 1, String::new());
        }
        cells_of_row[column] = text;
    }
    Ok(rows)
}

/// A cell's name as a spreadsheet shows it: `A1`, `XFD1048576` (0-based row and column).
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column as u64 + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap_or_default(), row as u64 + 1)
}

/// The text of one cell, as a person reads it (see [`read_sheet`]).
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => format_number(*x),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_duration() => format_duration(dt.as_f64()),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
            let time = if s == 0 { format!("{h:02}:{mi:02}") } else { format!("{h:02}:{mi:02}:{s:02}") };
            let value = dt.as_f64();
            if (0.0..1.0).contains(&value) && value != 0.0 {
                time
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {time}")
            }
        }
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, time)) if time.trim_end_matches('Z').trim_start_matches(['0', ':', '.']).is_empty() => {
                date.to_string()
            }
            Some((date, time)) => format!("{date} {time}"),
            None => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as Excel shows it in a General cell, without exponent: at most 15 significant digits, `.` as the
/// decimal separator, no trailing zeros (`93`, `89.5`, `0.3` for 0.30000000000000004).
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    if rounded == 0.0 {
        return "0".to_string();
    }
    rounded.to_string()
}

fn format_duration(days: f64) -> String {
    let total = (days.abs() * 86_400.0).round() as u64;
    let sign = if days < 0.0 && total > 0 { "-" } else { "" };
    format!("{sign}{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/// One sheet to write: `{"name": "Đảng viên", "headers": ["Mã", …], "rows": [["dv01", 93, "HTXS"], …]}`.
/// `headers` and `rows` may be left out (no header row, no rows).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetData {
    pub name: String,
    #[serde(default)]
    pub headers: Vec<String>,
    #[serde(default)]
    pub rows: Vec<Vec<CellValue>>,
}

/// A cell to write: JSON strings are written as text, numbers as numbers, `true`/`false` as booleans, `null` as an
/// empty cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
    Bool(bool),
    Empty,
}

impl<'de> Deserialize<'de> for CellValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl Visitor<'_> for CellVisitor {
            type Value = CellValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a cell: a string, a number, true/false or null")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CellValue, E> {
                Ok(CellValue::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<CellValue, E> {
                Ok(CellValue::Text(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<CellValue, E> {
                Ok(CellValue::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<CellValue, E> {
                Ok(CellValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<CellValue, E> {
                Ok(CellValue::Number(v as f64))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<CellValue, E> {
                Ok(CellValue::Bool(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<CellValue, E> {
                Ok(CellValue::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<CellValue, E> {
                Ok(CellValue::Empty)
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

impl CellValue {
    /// The text shown for the cell, to size its column.
    fn display_len(&self) -> usize {
        match self {
            CellValue::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            CellValue::Number(x) => format_number(*x).len(),
            CellValue::Bool(b) => b.to_string().len() + 1, // Excel shows TRUE/FALSE, centred
            CellValue::Empty => 0,
        }
    }
}

/// A column is as wide as its longest text (in characters, plus a margin), at least `MIN_WIDTH` and at most
/// `MAX_WIDTH`; a header longer than `HEADER_WIDTH` does not widen its column past that but wraps onto more lines.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 50;
const HEADER_WIDTH: usize = 20;
const MARGIN: usize = 2;
/// Default row height in points (Calibri 11), per line of a wrapped header.
const LINE_HEIGHT: f64 = 15.0;

/// Excel's longest sheet name, in UTF-16 code units.
pub const MAX_SHEET_NAME: usize = 31;

/// A sheet name Excel accepts: `[ ] : * ? / \` and control characters replaced by `-` (a control character by a
/// space), no leading or trailing spaces or apostrophes, at most 31 characters (UTF-16 units), not the reserved
/// `History`. Empty becomes `Sheet1`. See [`sanitize_sheet_names`] for a whole workbook (unique names).
pub fn sanitize_sheet_name(name: &str) -> String {
    sanitize_one(name).unwrap_or_else(|| "Sheet1".to_string())
}

fn sanitize_one(name: &str) -> Option<String> {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let mut out = String::new();
    let mut units = 0;
    for c in trim_name(&replaced).chars() {
        units += c.len_utf16();
        if units > MAX_SHEET_NAME {
            break;
        }
        out.push(c);
    }
    let mut out = trim_name(&out).to_string();
    if out.eq_ignore_ascii_case("history") {
        out.push_str(" 1");
    }
    (!out.is_empty()).then_some(out)
}

fn trim_name(name: &str) -> &str {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\'')
}

/// Sheet names for one workbook: each sanitized as by [`sanitize_sheet_name`] (an empty one becomes `Sheet{n}`, n
/// its position from 1), then made unique ignoring case, as Excel requires, by a suffix ` (2)`, ` (3)`, … (the name
/// shortened to keep 31 characters).
pub fn sanitize_sheet_names<S: AsRef<str>>(names: &[S]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(names.len());
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let base = sanitize_one(name.as_ref()).unwrap_or_else(|| format!("Sheet{}", i + 1));
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate.to_lowercase()) {
            let suffix = format!(" ({n})");
            let room = MAX_SHEET_NAME - suffix.len();
            let mut stem = String::new();
            let mut units = 0;
            for c in base.chars() {
                units += c.len_utf16();
                if units > room {
                    break;
                }
                stem.push(c);
            }
            candidate = format!("{}{suffix}", trim_name(&stem));
            n += 1;
        }
        taken.push(candidate.to_lowercase());
        out.push(candidate);
    }
    out
}

/// A workbook from a JSON array of sheets (see [`SheetData`]): the header row bold, wrapped and frozen, columns sized
/// by their longest text, sheet names made acceptable to Excel ([`sanitize_sheet_names`]). The workbook's creation
/// date is now.
pub fn write_workbook(sheets_json: &str) -> Result<Vec<u8>, XlsxError> {
    let sheets: Vec<SheetData> = serde_json::from_str(sheets_json).map_err(write_error)?;
    write_sheets(&sheets, None)
}

/// The same as [`write_workbook`] from sheets already parsed; `created` fixes the workbook's creation date
/// (year, month, day, at 00:00 UTC) so the bytes are reproducible, `None` means now.
pub fn write_sheets(sheets: &[SheetData], created: Option<(u16, u8, u8)>) -> Result<Vec<u8>, XlsxError> {
    if sheets.is_empty() {
        return Err(XlsxError::new(ErrorKind::Write, "no sheets / không có trang tính nào"));
    }
    let mut book = Workbook::new();
    if let Some((y, m, d)) = created {
        let date = ExcelDateTime::from_ymd(y, m, d).map_err(write_error)?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&date));
    }
    let header_format = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top);
    let names = sanitize_sheet_names(&sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>());
    for (sheet, name) in sheets.iter().zip(names) {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(write_error)?;

        let columns = sheet.rows.iter().map(Vec::len).chain([sheet.headers.len()]).max().unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in &sheet.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.display_len());
            }
        }
        for (w, header) in widths.iter_mut().zip(&sheet.headers) {
            *w = (*w).max(header.chars().count().min(HEADER_WIDTH));
        }
        let widths: Vec<usize> = widths.into_iter().map(|w| (w + MARGIN).clamp(MIN_WIDTH, MAX_WIDTH)).collect();
        for (col, w) in widths.iter().enumerate() {
            ws.set_column_width(col_index(col)?, *w as f64).map_err(write_error)?;
        }

        let first_data_row = if sheet.headers.is_empty() {
            0
        } else {
            let mut lines = 1;
            for (col, header) in sheet.headers.iter().enumerate() {
                ws.write_string_with_format(0, col_index(col)?, header, &header_format).map_err(write_error)?;
                lines = lines.max(wrapped_lines(header, widths[col] - 1));
            }
            if lines > 1 {
                ws.set_row_height(0, LINE_HEIGHT * lines as f64).map_err(write_error)?;
            }
            ws.set_freeze_panes(1, 0).map_err(write_error)?;
            1
        };

        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + first_data_row).map_err(write_error)?;
            for (c, cell) in row.iter().enumerate() {
                let c = col_index(c)?;
                match cell {
                    CellValue::Text(s) if s.is_empty() => {}
                    CellValue::Text(s) => {
                        ws.write_string(r, c, s).map_err(write_error)?;
                    }
                    CellValue::Number(x) => {
                        ws.write_number(r, c, *x).map_err(write_error)?;
                    }
                    CellValue::Bool(b) => {
                        ws.write_boolean(r, c, *b).map_err(write_error)?;
                    }
                    CellValue::Empty => {}
                }
            }
        }
    }
    book.save_to_buffer().map_err(write_error)
}

fn col_index(col: usize) -> Result<u16, XlsxError> {
    u16::try_from(col).map_err(write_error)
}

/// How many lines a header takes wrapped by words into `width` characters (bold text is a little wider).
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = (width * 9 / 10).max(1);
    let mut lines = 0;
    for paragraph in text.lines() {
        let mut used = 0;
        lines += 1;
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            if used == 0 {
                used = len;
            } else if used + 1 + len <= width {
                used += 1 + len;
            } else {
                lines += 1;
                used = len;
            }
            while used > width {
                lines += 1;
                used -= width;
            }
        }
    }
    lines.max(1)
}
