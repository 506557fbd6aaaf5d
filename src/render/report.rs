//! The report of a classified unit for export: sheets of cells (text or numbers) that the CLI writes as CSV files
//! and the web app as CSV or an XLSX workbook. One export path: every rendering of a unit's results for a
//! spreadsheet starts here.
//!
//! [`unit_report`] gives, in the chosen language: members (level by the criteria, level proposed after the quota,
//! the key reasons), organizations, distributions, the quota per scope, and the targets when checked.
//! [`sheet_csv`] renders one sheet as CSV (UTF-8 with BOM, like [`crate::render::csv`]); [`sheets_json`] renders
//! them all as `[{"name": …, "headers": […], "rows": [[…]]}]`, numbers as JSON numbers, for the XLSX writer.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use crate::classify::{Classifier, Decision, Outcome, Stage, Verdict};
use crate::explain::{Brief, Trace};
use crate::lang::Lang;
use crate::num::Num;
use crate::render::targets;
use crate::ruleset::RuleSet;
use crate::targets::TargetResult;
use crate::unit::{NO_LEVEL, QuotaStatus, Roster, Unit, UnitResult};

/// One cell: text, or a number a spreadsheet can compute with.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as CSV shows it: numbers with `.` and no grouping (`89.5`), whatever the language.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(x) if x.is_finite() => x.to_string(),
            Cell::Number(_) => String::new(),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(text) => serializer.serialize_str(text),
            Cell::Number(x) if x.is_finite() => serializer.serialize_f64(*x),
            Cell::Number(_) => serializer.serialize_none(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

/// A number, or an empty cell when there is none.
fn number(value: Option<Num>) -> Cell {
    match value.and_then(Num::known) {
        Some(value) => Cell::Number(value.to_f64()),
        None => Cell::Text(String::new()),
    }
}

fn count(value: u64) -> Cell {
    Cell::Number(value as f64)
}

/// One sheet of the report: a name (in the report's language), a header row, and rows of cells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn new(name: &str, headers: &[&str]) -> Sheet {
        Sheet { name: name.to_string(), headers: headers.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// A file name for the sheet: its name folded to ASCII, words joined by `-` (`Đảng viên` → `dang-vien`).
    pub fn file_stem(&self) -> String {
        crate::input::fold(&self.name).replace(' ', "-")
    }
}

/// The sheet as a text table under its name in capitals and its number of rows.
pub fn sheet_text(sheet: &Sheet) -> String {
    let rows: Vec<Vec<String>> = sheet.rows.iter().map(|row| row.iter().map(Cell::text).collect()).collect();
    format!("{} ({})\n{}", sheet.name.to_uppercase(), sheet.rows.len(), super::table(&sheet.headers, &rows))
}

/// The sheet as CSV text: comma separated, quoted where needed, UTF-8 with a BOM so spreadsheet programs read
/// Vietnamese correctly. Numbers are written with `.` (`89.5`).
pub fn sheet_csv(sheet: &Sheet) -> String {
    let mut bytes = Vec::new();
    let written = CsvRows::new(&mut bytes, &sheet.headers)
        .and_then(|mut csv| sheet.rows.iter().try_for_each(|row| csv.row(row)).and_then(|()| csv.finish()));
    debug_assert!(written.is_ok(), "writing into memory does not fail");
    String::from_utf8(bytes).unwrap_or_default()
}

/// A sheet written as CSV row by row, as its rows are made, so a large one is never held: the bytes of
/// [`crate::render::csv`] (UTF-8 with a BOM, comma separated, quoted where needed, every cell through
/// [`crate::render::csv_cell`]), numbers as [`Cell::text`] writes them.
///
/// The bytes are those of the `csv` crate's writer with its defaults (a field is quoted when it holds `,`, `"`, a
/// carriage return or a line feed, a quote doubled inside; `\n` after each row), written straight into one buffer
/// handed to `out` in large pieces.
pub struct CsvRows<W: Write> {
    out: W,
    buffer: Vec<u8>,
    /// Numbers that are not whole, as written, by their bits (a roster's scores repeat).
    numbers: QuickMap<u64, String>,
}

/// Bytes gathered before they are handed to the output.
const CSV_BUFFER: usize = 1 << 16;

impl<W: Write> CsvRows<W> {
    /// Start the CSV with the BOM and the header row.
    pub fn new(out: W, headers: &[String]) -> io::Result<CsvRows<W>> {
        let mut rows = CsvRows { out, buffer: Vec::with_capacity(CSV_BUFFER + 4096), numbers: QuickMap::default() };
        rows.buffer.extend_from_slice("\u{feff}".as_bytes());
        for (i, header) in headers.iter().enumerate() {
            if i > 0 {
                rows.buffer.push(b',');
            }
            csv_field(&mut rows.buffer, &crate::render::csv_cell(header));
        }
        rows.end_row()?;
        Ok(rows)
    }

    /// One row.
    pub fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        csv_row(&mut self.buffer, &mut self.numbers, cells);
        self.flush_full()
    }

    fn end_row(&mut self) -> io::Result<()> {
        self.buffer.push(b'\n');
        self.flush_full()
    }

    fn flush_full(&mut self) -> io::Result<()> {
        if self.buffer.len() >= CSV_BUFFER {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Every row written: the output, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.buffer)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One row of cells as CSV, `\n` after it, appended to `buffer`; `numbers` keeps the texts of numbers that are not
/// whole, by their bits (a roster's scores repeat).
fn csv_row(buffer: &mut Vec<u8>, numbers: &mut QuickMap<u64, String>, cells: &[Cell]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            buffer.push(b',');
        }
        match cell {
            Cell::Text(text) => csv_field(buffer, &crate::render::csv_cell(text)),
            Cell::Number(x) => csv_number(buffer, numbers, *x),
        }
    }
    buffer.push(b'\n');
}

/// A number as `{x}` writes it (`89.5`, `80`, nothing when not finite): [`crate::render::csv_cell`] leaves such a
/// number as it is and it holds nothing to quote.
fn csv_number(buffer: &mut Vec<u8>, numbers: &mut QuickMap<u64, String>, x: f64) {
    use std::fmt::Write as _;
    if !x.is_finite() {
        return;
    }
    // A whole number prints as the integer it is (`{x}` never writes an exponent); -0 keeps its sign.
    if x.fract() == 0.0 && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) {
        buffer.extend_from_slice(itoa(x as i64, &mut [0; 20]));
        return;
    }
    if let Some(text) = numbers.get(&x.to_bits()) {
        buffer.extend_from_slice(text.as_bytes());
        return;
    }
    let mut text = String::new();
    let _ = write!(text, "{x}");
    buffer.extend_from_slice(text.as_bytes());
    if numbers.len() < TEXTS_REMEMBERED {
        numbers.insert(x.to_bits(), text);
    }
}

/// One CSV field as the `csv` crate writes it: quoted when it holds a comma, a quote, a carriage return or a line
/// feed, each quote inside doubled.
fn csv_field(buffer: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // Eight bytes at a time: a byte of the word equal to `c` is a zero byte of `word ^ c…c`, which the classic
    // test (`(v - 0x01…) & !v & 0x80…`, exact as to whether any byte is zero) finds in a few operations.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has = |word: u64, c: u8| {
        let v = word ^ (ONES * c as u64);
        v.wrapping_sub(ONES) & !v & HIGHS != 0
    };
    let mut words = bytes.chunks_exact(8);
    // A longer text (reasons, a subject kind's name) is searched many bytes at a time.
    let quoted = if bytes.len() >= 32 {
        memchr::memchr3(b',', b'"', b'\n', bytes).is_some() || memchr::memchr(b'\r', bytes).is_some()
    } else {
        words.by_ref().any(|chunk| {
            let word =
                u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
            has(word, b',') | has(word, b'"') | has(word, b'\r') | has(word, b'\n')
        }) || words.remainder().iter().any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    };
    if !quoted {
        buffer.extend_from_slice(bytes);
        return;
    }
    buffer.push(b'"');
    if memchr::memchr(b'"', bytes).is_none() {
        buffer.extend_from_slice(bytes);
        buffer.push(b'"');
        return;
    }
    for piece in bytes.split_inclusive(|&b| b == b'"') {
        buffer.extend_from_slice(piece);
        if piece.ends_with(b"\"") {
            buffer.push(b'"');
        }
    }
    buffer.push(b'"');
}

/// The decimal digits of `value` (with its sign), as `{value}` writes them, in `buffer`.
fn itoa(value: i64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut at = buffer.len();
    let mut rest = value.unsigned_abs();
    loop {
        at -= 1;
        buffer[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        at -= 1;
        buffer[at] = b'-';
    }
    &buffer[at..]
}

/// Every sheet as JSON: `[{"name": …, "headers": […], "rows": [[…]]}]`, numbers as JSON numbers.
pub fn sheets_json(sheets: &[Sheet]) -> String {
    serde_json::to_string(sheets).unwrap_or_else(|_| "[]".to_string())
}

/// decide: the members' row of the distribution, named by its basis ("Đảng viên (đề xuất)" on the computed levels).
fn members_label(result: &UnitResult, lang: Lang) -> String {
    use crate::decision::Basis;
    match result.basis {
        Basis::Computed => lang.pick("Đảng viên (đề xuất)", "Members (proposed)").to_string(),
        basis => {
            let fallbacks = match result.basis_fallbacks {
                0 => String::new(),
                n => format!("; {n} {}", lang.pick("người tính theo bước trước", "counted at the earlier step")),
            };
            format!("{} ({}{fallbacks})", lang.pick("Đảng viên", "Members"), basis.name().get(lang))
        }
    }
}

/// The report of a classified unit: members (always the first sheet), organizations (when the roster has them),
/// distribution, quota (when any scope has candidates) and targets (when checked), in `lang`.
///
/// The key reasons are those of the explanation of each subject ([`reasons`] of [`Trace::resolve_brief`], made by
/// [`KeyReasons`]): what decided, and what is missing for the next level up; a level proposed below the criteria by
/// the quota names the scope.
pub fn unit_report(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    lang: Lang,
) -> Vec<Sheet> {
    unit_report_for_year(rules, roster, result, targets, None, lang)
}

/// [`unit_report`] for the reviews of `year`: the members and organizations sheets record, on every row, the rule
/// set, its version and the review year, so a printed or exported result can be traced to the rules behind it.
pub fn unit_report_for_year(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    year: Option<i32>,
    lang: Lang,
) -> Vec<Sheet> {
    let mut sheets = vec![members_sheet(rules, roster, result, year, lang)];
    sheets.extend(sheets_after_members(rules, roster, result, targets, year, lang));
    sheets
}

/// Every sheet of [`unit_report_for_year`] but the first, the members sheet, which [`write_members_csv`] streams.
pub fn sheets_after_members(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    year: Option<i32>,
    lang: Lang,
) -> Vec<Sheet> {
    let mut sheets = Vec::new();
    if !roster.orgs.is_empty() {
        sheets.push(orgs_sheet(rules, roster, result, year, lang));
    }
    sheets.push(distribution_sheet(rules, roster, result, lang));
    sheets.push(super::summary::summary_sheet(rules, roster, result, lang));
    if !result.quotas.is_empty() {
        sheets.push(quota_sheet(rules, result, lang));
    }
    if let Some(targets) = targets {
        sheets.push(targets_sheet(targets, lang));
    }
    sheets
}

/// The rule set and review year behind a result, as people read it: "Bộ quy tắc qd366-2025, phiên bản 2025.1 · năm
/// đánh giá 2026" (the year part only when given).
pub fn review_line(rules: &RuleSet, year: Option<i32>, lang: Lang) -> String {
    let mut line = format!(
        "{} {}, {} {}",
        lang.pick("Bộ quy tắc", "Rule set"),
        rules.id,
        lang.pick("phiên bản", "version"),
        rules.version
    );
    if let Some(year) = year {
        line.push_str(&format!(" · {} {year}", lang.pick("năm đánh giá", "review year")));
    }
    line
}

/// The three columns every exported row ends with: the rule set, its version, the review year.
pub fn review_headers(lang: Lang) -> [&'static str; 3] {
    [lang.pick("Bộ quy tắc", "Rule set"), lang.pick("Phiên bản", "Version"), lang.pick("Năm đánh giá", "Review year")]
}

fn review_cells(rules: &RuleSet, year: Option<i32>) -> [Cell; 3] {
    [
        rules.id.as_str().into(),
        rules.version.as_str().into(),
        year.map_or(Cell::Text(String::new()), |y| Cell::Number(y as f64)),
    ]
}

/// A level for people: its short name, or why there is none.
fn level_text(rules: &RuleSet, verdict: &Verdict, level: u8, lang: Lang) -> String {
    level_words(rules, verdict, level, lang).to_string()
}

fn level_words<'a>(rules: &'a RuleSet, verdict: &Verdict, level: u8, lang: Lang) -> &'a str {
    if level != NO_LEVEL {
        return &rules.levels[level as usize].short;
    }
    match verdict.outcome {
        Outcome::Level { level, .. } => &rules.levels[level as usize].short,
        outcome => crate::render::unplaced_label(&crate::render::outcome_status(&outcome), lang),
    }
}

/// Set a cell of a row buffer to `text`, in the text it already holds when it is one (no allocation once the
/// buffer has held a row).
fn put(cell: &mut Cell, text: &str) {
    match cell {
        Cell::Text(held) => {
            held.clear();
            held.push_str(text);
        }
        Cell::Number(_) => *cell = Cell::Text(text.to_string()),
    }
}

/// The key reasons, compact: what decided, then what is missing for the next level up (each unmet check with
/// observed against required, or a case that must no longer apply).
pub fn reasons(rules: &RuleSet, brief: &Brief, lang: Lang) -> String {
    let mut out = brief.decided_by.summary.get(lang).to_string();
    if let Some(gap) = brief.next_level.as_ref().filter(|g| !g.reached) {
        let short = rules.level_index(&gap.level).map(|l| rules.levels[l].short.as_str()).unwrap_or(&gap.level);
        let mut items: Vec<String> = gap
            .blockers
            .iter()
            .map(|f| format!("{} {}", lang.pick("không còn thuộc", "no longer under"), f.name.get(lang)))
            .collect();
        for finding in &gap.unmet {
            let parts: Vec<String> = finding
                .comparisons
                .iter()
                .filter(|c| c.met != Some(true))
                .map(|c| crate::render::comparison_text(rules, c, lang))
                .collect();
            if parts.is_empty() {
                let unknown = if finding.met.is_none() {
                    lang.pick(" (chưa đủ dữ liệu)", " (not enough data)")
                } else {
                    ""
                };
                items.push(format!("{}{unknown}", finding.name.get(lang)));
            } else {
                items.push(parts.join(", "));
            }
        }
        if !items.is_empty() {
            out.push_str(&format!(". {} {short}: {}", lang.pick("Để đạt", "For"), items.join("; ")));
        }
    }
    out
}

/// The quota status whose "look at first" list names a subject, by subject id.
fn moved_by_quota(result: &UnitResult, organizations: bool) -> QuickMap<&str, &QuotaStatus> {
    let mut moved = QuickMap::default();
    for quota in result.quotas.iter().filter(|q| q.organizations == organizations) {
        for id in &quota.look_first {
            moved.entry(id.as_str()).or_insert(quota);
        }
    }
    moved
}

fn quota_note(rules: &RuleSet, status: Option<&&QuotaStatus>, proposed: u8, lang: Lang) -> String {
    let short = &rules.levels[proposed as usize].short;
    match status {
        Some(q) => format!(
            ". {} {short} {} {}",
            lang.pick("Đề xuất", "Proposed"),
            lang.pick("do vượt tỷ lệ trong phạm vi", "as the quota is exceeded in"),
            q.scope_id
        ),
        None => format!(". {} {short} {}", lang.pick("Đề xuất", "Proposed"), lang.pick("theo tỷ lệ", "by the quota")),
    }
}

/// The members sheet's name.
pub fn members_sheet_name(lang: Lang) -> &'static str {
    lang.pick("Đảng viên", "Members")
}

fn members_sheet(rules: &RuleSet, roster: &Roster, result: &UnitResult, year: Option<i32>, lang: Lang) -> Sheet {
    let mut sheet = Sheet::new(members_sheet_name(lang), &[]);
    sheet.headers = members_headers(roster, lang);
    sheet.rows.reserve(roster.members.people());
    let members = MembersRows::new(rules, roster, result, year, lang);
    let mut maker = members.maker();
    for i in 0..members.count() {
        sheet.rows.push(maker.row(&members, i).to_vec());
    }
    sheet
}

/// The members sheet ([`unit_report_for_year`]'s first) written as CSV into `out` as its rows are made, never
/// held whole: the same bytes as [`sheet_csv`] of that sheet. Returns the output and the number of rows.
pub fn write_members_csv<W: Write>(
    out: W,
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    year: Option<i32>,
    lang: Lang,
) -> io::Result<(W, usize)> {
    write_members_csv_in(out, rules, roster, result, year, lang, Blocks::ONE)
}

/// [`write_members_csv`], the rows made in blocks of `blocks.rows` on `blocks.threads` threads and written in order:
/// the same bytes, whatever the blocks.
pub fn write_members_csv_in<W: Write>(
    mut out: W,
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    year: Option<i32>,
    lang: Lang,
    blocks: Blocks,
) -> io::Result<(W, usize)> {
    let mut head = Vec::new();
    csv_row(
        &mut head,
        &mut QuickMap::default(),
        &members_headers(roster, lang).into_iter().map(Cell::Text).collect::<Vec<_>>(),
    );
    out.write_all(b"\xEF\xBB\xBF")?;
    out.write_all(&head)?;
    let members = MembersRows::new(rules, roster, result, year, lang);
    let count = members.count();
    let make = || (members.maker(), QuickMap::default());
    write_blocks(&mut out, count, blocks, make, |(maker, numbers), range, buffer| {
        for i in range {
            csv_row(buffer, numbers, maker.row(&members, i));
        }
    })?;
    out.flush()?;
    Ok((out, count))
}

/// How a long list is written: its items made in blocks of `rows`, on `threads` threads (the one calling when 1), and
/// written in their order. The bytes do not depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocks {
    pub rows: usize,
    pub threads: usize,
}

impl Blocks {
    /// Everything in one block, on the thread calling.
    pub const ONE: Blocks = Blocks { rows: usize::MAX, threads: 1 };

    /// Blocks of a few thousand rows on every core the machine gives (the list written by the thread calling
    /// while the others make the next blocks).
    pub fn parallel() -> Blocks {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        Blocks { rows: 4096, threads }
    }
}

/// Write `count` items into `out` in blocks ([`Blocks`]): each block's bytes made by `write(state, range, buffer)`
/// (the items of `range` appended to `buffer`), with one `state` (from `make`) per thread. With more than one thread,
/// the blocks are made on `threads` threads of their own, in turn (block `k` on thread `k % threads`), a few ahead at
/// most, and written here in order; the bytes are those of one thread.
pub fn write_blocks<W: Write, S>(
    out: &mut W,
    count: usize,
    blocks: Blocks,
    make: impl Fn() -> S + Sync,
    write: impl Fn(&mut S, std::ops::Range<usize>, &mut Vec<u8>) + Sync,
) -> io::Result<()> {
    let size = blocks.rows.max(1);
    let block_count = count.div_ceil(size);
    let range = |k: usize| k * size..((k + 1) * size).min(count);
    let threads = blocks.threads.clamp(1, block_count.max(1));
    if threads == 1 {
        let mut state = make();
        let mut buffer = Vec::with_capacity(CSV_BUFFER + 4096);
        // Pieces of about the size a writer takes at once, a block's items at most.
        let piece = size.min(256);
        let mut at = 0;
        while at < count {
            let end = (at + piece).min(count);
            write(&mut state, at..end, &mut buffer);
            if buffer.len() >= CSV_BUFFER {
                out.write_all(&buffer)?;
                buffer.clear();
            }
            at = end;
        }
        return out.write_all(&buffer);
    }
    std::thread::scope(|scope| {
        let (make, write) = (&make, &write);
        let channels: Vec<_> = (0..threads)
            .map(|t| {
                // Two blocks made ahead per thread at most: the memory stays a few blocks'.
                let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
                let (give_back, take_back) = std::sync::mpsc::channel::<Vec<u8>>();
                scope.spawn(move || {
                    let mut state = make();
                    for k in (t..block_count).step_by(threads) {
                        let mut buffer = take_back.try_recv().unwrap_or_default();
                        buffer.clear();
                        write(&mut state, range(k), &mut buffer);
                        if send.send(buffer).is_err() {
                            return;
                        }
                    }
                });
                (receive, give_back)
            })
            .collect();
        for k in 0..block_count {
            let (receive, give_back) = &channels[k % threads];
            let buffer = receive.recv().map_err(|_| io::Error::other("a block's thread ended early"))?;
            out.write_all(&buffer)?;
            let _ = give_back.send(buffer);
        }
        Ok(())
    })
}

/// The members sheet's header row; the declared levels (self-proposed, the cell's proposal, the decision) and
/// their differences from the computed level only when the roster declares them.
fn members_headers(roster: &Roster, lang: Lang) -> Vec<String> {
    let mut headers: Vec<String> = [
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Loại đối tượng", "Subject kind"),
        lang.pick("Điểm", "Score"),
        lang.pick("Xếp loại theo tiêu chí", "Level by the criteria"),
        lang.pick("Đề xuất sau tỷ lệ", "Proposed after the quota"),
        lang.pick("Lý do chính", "Key reasons"),
    ]
    .map(String::from)
    .to_vec();
    headers.extend(review_headers(lang).map(String::from));
    if !roster.members.declared.is_empty() {
        headers.extend(crate::decision::Stage::ALL.iter().map(|s| s.header().get(lang).to_string()));
        headers.push(lang.pick("Khác mức tính được", "Differs from the computed level").to_string());
    }
    headers
}

/// The members sheet's rows: the members read, then the rows that held a member but could not be read, with why.
/// What every row reads is made once here; each row is made by a [`MemberRow`] (one per thread), by its index. Each
/// member's key reasons come from [`KeyReasons`]; a level proposed below the criteria by the quota names the scope.
struct MembersRows<'a> {
    rules: &'a RuleSet,
    roster: &'a Roster,
    result: &'a UnitResult,
    year: Option<i32>,
    lang: Lang,
    /// Each member's differences from the computed level, in the order `differences` gives them (when declared).
    differences: BTreeMap<usize, String>,
    moved: QuickMap<&'a str, &'a QuotaStatus>,
}

/// One thread's making of the members sheet's rows: the key reasons' texts kept, one row buffer whose texts are
/// written over from row to row.
struct MemberRow<'a> {
    reasons: KeyReasons<'a>,
    row: Vec<Cell>,
    why: String,
    facts: Vec<Num>,
}

impl<'a> MembersRows<'a> {
    fn new(rules: &'a RuleSet, roster: &'a Roster, result: &'a UnitResult, year: Option<i32>, lang: Lang) -> Self {
        let mut differences: BTreeMap<usize, String> = BTreeMap::new();
        if !roster.members.declared.is_empty() {
            for d in crate::decision::differences(rules, roster, result) {
                let why = differences.entry(d.member).or_default();
                if !why.is_empty() {
                    why.push_str("; ");
                }
                why.push_str(d.reason.get(lang));
            }
        }
        MembersRows { rules, roster, result, year, lang, differences, moved: moved_by_quota(result, false) }
    }

    /// The rows: every member read, then every unread row.
    fn count(&self) -> usize {
        self.roster.members.len() + self.roster.members.unread.len()
    }

    fn declared(&self) -> bool {
        !self.roster.members.declared.is_empty()
    }

    /// The cells of a row: the members' eight, the review's three, the declared levels and their differences.
    fn width(&self) -> usize {
        8 + 3 + if self.declared() { crate::decision::Stage::ALL.len() + 1 } else { 0 }
    }

    fn maker(&self) -> MemberRow<'a> {
        MemberRow {
            reasons: KeyReasons::new(self.rules, self.lang),
            row: vec![Cell::Text(String::new()); self.width()],
            why: String::new(),
            facts: vec![Num::MISSING; self.roster.members.stride],
        }
    }

    /// The declared levels and the differences of row `i`, in the last cells of the row.
    fn declared_cells(&self, row: &mut [Cell], i: usize) {
        use crate::decision::Stage as Step;
        let members = &self.roster.members;
        let level = |l: u8| self.rules.levels.get(l as usize).map_or("", |l| l.short.as_str());
        let steps = if i < members.len() { members.declared(i) } else { Default::default() };
        for (cell, step) in row.iter_mut().zip(Step::ALL) {
            put(cell, level(steps.at(step)));
        }
        put(&mut row[Step::ALL.len()], self.differences.get(&i).map_or("", String::as_str));
    }
}

impl<'a> MemberRow<'a> {
    /// Row `i` of the sheet ([`MembersRows::count`] rows).
    fn row(&mut self, of: &MembersRows<'a>, i: usize) -> &[Cell] {
        let MembersRows { rules, roster, result, year, lang, .. } = *of;
        let members = &roster.members;
        if i >= members.len() {
            let j = i - members.len();
            let mut cells = unread_row(&members.unread[j], lang);
            cells.extend(review_cells(rules, year));
            if of.declared() {
                cells.resize(of.width(), Cell::Text(String::new()));
                of.declared_cells(&mut cells[11..], i);
            }
            self.row = cells;
            return &self.row;
        }
        let MemberRow { reasons, row, why, facts } = self;
        // A row buffer that held an unread row is made whole again.
        row.resize(of.width(), Cell::Text(String::new()));
        let record = members.record(i);
        let verdict = &result.members.verdict(i);
        let by_criteria = verdict.level().map_or(NO_LEVEL, |l| l as u8);
        let proposed = result.proposed[i];
        put(&mut row[0], record.id);
        put(&mut row[1], record.name);
        put(&mut row[2], record.org.unwrap_or(""));
        put(&mut row[3], rules.subjects[record.kind].name.get(lang));
        row[4] = number(Some(verdict.score));
        put(&mut row[5], level_words(rules, verdict, by_criteria, lang));
        put(&mut row[6], level_words(rules, verdict, proposed, lang));
        why.clear();
        // The facts are read out of the columns only for a row whose reasons trace it.
        if KeyReasons::traces(verdict) {
            members.load_row(i, facts);
        }
        reasons.write(record.kind, facts, verdict, why);
        if proposed != by_criteria && proposed != NO_LEVEL {
            why.push_str(&quota_note(rules, of.moved.get(record.id), proposed, lang));
        }
        put(&mut row[7], why);
        put(&mut row[8], &rules.id);
        put(&mut row[9], &rules.version);
        row[10] = year.map_or(Cell::Text(String::new()), |y| Cell::Number(y as f64));
        if of.declared() {
            of.declared_cells(&mut row[11..], i);
        }
        row
    }
}

/// The key reasons of a report's rows, one row after another: the text of [`reasons`] of
/// [`Trace::resolve_brief`], made without resolving every check. What depends only on the rule set and a few values
/// is made once and kept: the words of each decision (by outcome), each check's name, each comparison's text for
/// the values seen (a roster's values repeat: counts, scores to a decimal). A row with no level above its own to
/// reach (the top level, or no level) needs no trace; the others are traced for the level above only
/// ([`Classifier::trace_for_gap`]), a band fallback in full (its words name the levels passed on the way down).
pub struct KeyReasons<'r> {
    rules: &'r RuleSet,
    lang: Lang,
    classifier: Classifier<'r>,
    trace: Trace,
    deciders: Vec<(Outcome, String)>,
    fallbacks: QuickMap<FallbackKey, String>,
    names: QuickMap<(Stage, u8, u16), String>,
    comparisons: QuickMap<ComparisonKey, String>,
    unmet: Vec<usize>,
    blockers: Vec<usize>,
}

/// A map of the texts kept while writing a report, keyed by a few small numbers: hashed by multiply and rotate
/// (the scheme of rustc's FxHash) rather than the default SipHash, which costs more than the lookup it serves.
type QuickMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<QuickHasher>>;

#[derive(Default)]
struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(value.into());
    }

    fn write_u16(&mut self, value: u16) {
        self.write_u64(value.into());
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(value.into());
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// What the text of one comparison of a check depends on: the check (stage, level, index), the comparison's node
/// in its expression (`u32::MAX` for a score band), the observed and required values as stored, and whether it is
/// met.
type ComparisonKey = (Stage, u8, u16, u32, (i64, i64), (i64, i64), Option<bool>);

/// What the words of a band fallback depend on: the level it fell from, the condition that failed there, the level
/// it reached, and for each level passed between them the first condition not met ([`NOT_PASSED`] for none).
type FallbackKey = (u8, u16, u8, [u16; PASSED_KEPT]);

/// Levels passed on the way down that a [`FallbackKey`] holds; a longer fall is traced in full.
const PASSED_KEPT: usize = 6;
const NOT_PASSED: u16 = u16::MAX;

/// For each level passed between `from` and `level`, the first of its conditions (in the plan's order, as the
/// trace records them) that the prepared `row` does not meet; `None` when more levels than a key holds.
fn passed_conditions(rules: &RuleSet, kind: usize, row: &[Num], from: u8, level: u8) -> Option<[u16; PASSED_KEPT]> {
    let mut passed = [NOT_PASSED; PASSED_KEPT];
    let levels = from as usize + 1..level as usize;
    if levels.len() > PASSED_KEPT {
        return None;
    }
    for (slot, at) in passed.iter_mut().zip(levels) {
        let conditions = &rules.levels[at].conditions;
        let first = rules.plans[kind].conditions[at].iter().find(|&&index| {
            let expr = &conditions[index as usize].expr;
            expr.eval(row).ok().map(|v| expr.truth_of(v)) == Some(false)
        });
        if let Some(&index) = first {
            *slot = index;
        }
    }
    Some(passed)
}

/// Texts kept per kind by [`KeyReasons`], so values that never repeat cannot grow the memory without bound.
const TEXTS_REMEMBERED: usize = 1 << 16;
/// Outcomes whose words [`KeyReasons`] keeps (looked up one by one: a roster has a few dozen).
const OUTCOMES_REMEMBERED: usize = 256;

impl<'r> KeyReasons<'r> {
    pub fn new(rules: &'r RuleSet, lang: Lang) -> KeyReasons<'r> {
        KeyReasons {
            rules,
            lang,
            classifier: Classifier::new(rules).with_program(),
            trace: Trace::default(),
            deciders: Vec::new(),
            fallbacks: QuickMap::default(),
            names: QuickMap::default(),
            comparisons: QuickMap::default(),
            unmet: Vec::new(),
            blockers: Vec::new(),
        }
    }

    /// Whether [`KeyReasons::write`] reads the facts of a subject with `verdict` (it traces those below the top
    /// level and a band fallback; the words of any other verdict depend on the verdict alone).
    pub fn traces(verdict: &Verdict) -> bool {
        matches!(verdict.outcome, Outcome::Level { decision: Decision::Fallback { .. }, .. })
            || verdict.level().is_some_and(|l| l > 0)
    }

    /// Append the key reasons of a subject of kind `kind` whose facts are `row` and whose verdict is `verdict` to
    /// `out`.
    pub fn write(&mut self, kind: usize, row: &[Num], verdict: &Verdict, out: &mut String) {
        let (rules, lang) = (self.rules, self.lang);
        let fallback = matches!(verdict.outcome, Outcome::Level { decision: Decision::Fallback { .. }, .. });
        let gap_level = verdict.level().filter(|l| *l > 0).map(|l| l - 1);
        if fallback {
            self.fallback_decider(kind, row, verdict, out);
        } else {
            if let Some(gap_level) = gap_level
                && !self.classifier.trace_gap_of(kind, row, verdict, gap_level, &mut self.trace)
            {
                self.classifier.trace_for_gap(kind, row, gap_level, &mut self.trace);
            }
            self.decider(verdict, out);
        }
        let Some(target) = gap_level else { return };
        debug_assert_eq!(self.trace.verdict.as_ref(), Some(verdict), "the report's verdict is the trace's");
        let KeyReasons { trace, names, comparisons, unmet, blockers, .. } = self;
        if trace.gap_positions(verdict.level(), target, unmet, blockers) || (unmet.is_empty() && blockers.is_empty()) {
            return;
        }
        let level = &rules.levels[target];
        let short = rules.level_index(&level.id).map(|l| rules.levels[l].short.as_str()).unwrap_or(&level.id);
        out.push_str(". ");
        out.push_str(lang.pick("Để đạt", "For"));
        out.push(' ');
        out.push_str(short);
        out.push_str(": ");
        let name = |names: &mut QuickMap<(Stage, u8, u16), String>, i: usize| -> String {
            let f = &trace.findings[i];
            let key = (f.stage, f.level, f.index);
            if let Some(name) = names.get(&key) {
                return name.clone();
            }
            let name = trace.resolve_finding(rules, i).name.get(lang).to_string();
            if names.len() < TEXTS_REMEMBERED {
                names.insert(key, name.clone());
            }
            name
        };
        let mut first = true;
        let mut separate = |out: &mut String| {
            if !std::mem::take(&mut first) {
                out.push_str("; ");
            }
        };
        for &i in blockers.iter() {
            separate(out);
            out.push_str(lang.pick("không còn thuộc", "no longer under"));
            out.push(' ');
            out.push_str(&name(names, i));
        }
        let score = rules.scoring.as_ref().map_or(Num::MISSING, |s| trace.row[s.slot as usize]);
        for &i in unmet.iter() {
            separate(out);
            let f = trace.findings[i];
            let mut parts = 0;
            let mut part = |out: &mut String, k: usize, key: ComparisonKey| {
                if parts > 0 {
                    out.push_str(", ");
                }
                parts += 1;
                if let Some(text) = comparisons.get(&key) {
                    out.push_str(text);
                    return;
                }
                let text = crate::render::comparison_text(rules, &trace.resolve_comparison(rules, i, k), lang);
                out.push_str(&text);
                if comparisons.len() < TEXTS_REMEMBERED {
                    comparisons.insert(key, text);
                }
            };
            if f.stage == Stage::Band {
                // A band's one comparison: the score against the level's minimum, met as the band is.
                part(out, 0, (f.stage, f.level, f.index, u32::MAX, score.raw_parts(), (0, 0), f.met));
            } else {
                let traced = &trace.comparisons[f.comparisons.0 as usize..f.comparisons.1 as usize];
                for (k, c) in traced.iter().enumerate().filter(|(_, c)| c.met != Some(true)) {
                    let key =
                        (f.stage, f.level, f.index, c.node, c.observed.raw_parts(), c.required.raw_parts(), c.met);
                    part(out, k, key);
                }
            }
            if parts == 0 {
                out.push_str(&name(names, i));
                if f.met.is_none() {
                    out.push_str(lang.pick(" (chưa đủ dữ liệu)", " (not enough data)"));
                }
            }
        }
    }

    /// What decided a band fallback, leaving the trace the gap to the level above reads. Its words depend on the
    /// outcome and, for each level passed on the way down, on the first condition of that level not met
    /// ([`Trace::decider`]): kept by those, so a row only evaluates the passed levels' conditions. A row whose
    /// words are not kept yet (or whose row cannot be traced for the gap alone) is traced in full.
    fn fallback_decider(&mut self, kind: usize, row: &[Num], verdict: &Verdict, out: &mut String) {
        let rules = self.rules;
        let Outcome::Level { level, decision: Decision::Fallback { from, failed } } = verdict.outcome else { return };
        let traced = level > 0 && self.classifier.trace_gap_of(kind, row, verdict, level as usize - 1, &mut self.trace);
        let key = if !traced {
            None
        } else if rules.band_fallback == crate::doc::BandFallback::Lowest {
            Some((from, failed, level, [NOT_PASSED; PASSED_KEPT]))
        } else {
            passed_conditions(rules, kind, &self.trace.row, from, level).map(|passed| (from, failed, level, passed))
        };
        if let Some(text) = key.as_ref().and_then(|key| self.fallbacks.get(key)) {
            out.push_str(text);
            return;
        }
        self.classifier.trace(kind, row, None, &mut self.trace);
        let text = self.trace.decider(rules).summary.get(self.lang).to_string();
        out.push_str(&text);
        if let Some(key) = key
            && self.fallbacks.len() < TEXTS_REMEMBERED
        {
            self.fallbacks.insert(key, text);
        }
    }

    /// What decided `verdict` (not a band fallback), in words kept per outcome.
    fn decider(&mut self, verdict: &Verdict, out: &mut String) {
        if let Some((_, text)) = self.deciders.iter().find(|(outcome, _)| *outcome == verdict.outcome) {
            out.push_str(text);
            return;
        }
        // The words of every decision but a band fallback depend on the outcome alone, not on the checks.
        let alone = Trace { verdict: Some(*verdict), ..Trace::default() };
        let text = alone.decider(self.rules).summary.get(self.lang).to_string();
        out.push_str(&text);
        if self.deciders.len() < OUTCOMES_REMEMBERED {
            self.deciders.push((verdict.outcome, text));
        }
    }
}

/// "Không đọc được": a row that could not be read, in the members' columns (id, name, organization, kind, score,
/// level, proposed, reasons).
fn unread_row(unread: &crate::input::Unread, lang: Lang) -> Vec<Cell> {
    let status = lang.pick("Không đọc được", "Could not be read");
    let reasons: Vec<&str> = unread.reasons.iter().map(|r| r.get(lang)).collect();
    vec![
        unread.id.as_str().into(),
        unread.name.as_str().into(),
        unread.org.as_deref().unwrap_or("").into(),
        "".into(),
        number(None),
        status.into(),
        status.into(),
        format!("{} {}: {}", lang.pick("dòng", "row"), unread.row, reasons.join("; ")).into(),
    ]
}

fn orgs_sheet(rules: &RuleSet, roster: &Roster, result: &UnitResult, year: Option<i32>, lang: Lang) -> Sheet {
    let all: Vec<usize> = (0..roster.orgs.len()).collect();
    orgs_rows(lang.pick("Tổ chức", "Organizations"), rules, roster, result, &all, year, lang)
}

/// The organizations whose level (proposed, after any quota among siblings) is one of `levels`, in roster order:
/// the units a committee consolidates ("the units rated HT and KHT").
pub fn orgs_at(result: &UnitResult, levels: &[usize]) -> Vec<usize> {
    (0..result.orgs_proposed.len())
        .filter(|&i| result.orgs_proposed[i] != NO_LEVEL && levels.contains(&(result.orgs_proposed[i] as usize)))
        .collect()
}

/// The sheet of the organizations at `levels` ([`orgs_at`]), with the same columns as the organizations sheet; its
/// name says the levels ("Tổ chức HT, KHT"). The CLI (`unit --orgs-at ht,kht`) and the app export this one sheet.
pub fn orgs_at_sheet(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    levels: &[usize],
    year: Option<i32>,
    lang: Lang,
) -> Sheet {
    let shorts: Vec<&str> = levels.iter().filter_map(|l| rules.levels.get(*l)).map(|l| l.short.as_str()).collect();
    let name = format!("{} {}", lang.pick("Tổ chức", "Organizations"), shorts.join(", "));
    orgs_rows(&name, rules, roster, result, &orgs_at(result, levels), year, lang)
}

/// Levels from a list as typed (`ht,kht`, `HT; KHT`): ids or short names; the error names the unknown one.
pub fn parse_levels(rules: &RuleSet, text: &str) -> Result<Vec<usize>, crate::lang::Text> {
    let mut levels = Vec::new();
    for name in text.split([',', ';', ' ']).map(str::trim).filter(|n| !n.is_empty()) {
        let Some(level) = crate::input::parse_level(rules, name) else {
            let ids: Vec<&str> = rules.levels.iter().map(|l| l.id.as_str()).collect();
            return Err(crate::lang::Text::new(
                format!("không có mức \"{name}\"; các mức: {}", ids.join(", ")),
                format!("no level \"{name}\"; the levels are: {}", ids.join(", ")),
            ));
        };
        if !levels.contains(&level) {
            levels.push(level);
        }
    }
    Ok(levels)
}

fn orgs_rows(
    name: &str,
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    which: &[usize],
    year: Option<i32>,
    lang: Lang,
) -> Sheet {
    let mut sheet = Sheet::new(
        name,
        &[
            lang.pick("Mã", "Id"),
            lang.pick("Tên", "Name"),
            lang.pick("Cấp trên", "Parent"),
            lang.pick("Cơ sở", "Base"),
            lang.pick("Điểm", "Score"),
            lang.pick("Xếp loại", "Level"),
            lang.pick("Lý do chính", "Key reasons"),
        ],
    );
    sheet.headers.extend(review_headers(lang).map(String::from));
    let moved = moved_by_quota(result, true);
    let mut reasons = KeyReasons::new(rules, lang);
    for &i in which {
        let record = roster.orgs.record(i);
        let verdict = &result.orgs[i];
        let by_criteria = verdict.level().map_or(NO_LEVEL, |l| l as u8);
        let proposed = result.orgs_proposed[i];
        let mut why = String::new();
        reasons.write(record.kind, &result.org_rows.row_vec(i), verdict, &mut why);
        if proposed != by_criteria && proposed != NO_LEVEL {
            why.push_str(&quota_note(rules, moved.get(record.id), proposed, lang));
        }
        sheet.rows.push(vec![
            record.id.into(),
            record.name.into(),
            record.org.unwrap_or("").into(),
            lang.pick(if record.base { "có" } else { "không" }, if record.base { "yes" } else { "no" }).into(),
            number(Some(verdict.score)),
            level_text(rules, verdict, proposed, lang).into(),
            why.into(),
        ]);
        if let Some(row) = sheet.rows.last_mut() {
            row.extend(review_cells(rules, year));
        }
    }
    sheet
}

fn distribution_sheet(rules: &RuleSet, roster: &Roster, result: &UnitResult, lang: Lang) -> Sheet {
    let mut headers: Vec<String> = vec![
        lang.pick("Nhóm", "Group").to_string(),
        lang.pick("Tổng số", "Total").to_string(),
        lang.pick("Được xếp loại", "Classified").to_string(),
    ];
    for level in &rules.levels {
        headers.push(level.short.clone());
        headers.push(format!("{} (%)", level.short));
    }
    headers.push(lang.pick("Không xếp loại", "Not classified").to_string());
    headers.push(lang.pick("Chờ cấp có thẩm quyền quyết định", "For the competent level").to_string());
    headers.push(lang.pick("Số liệu mâu thuẫn", "Contradictory data").to_string());
    headers.push(lang.pick("Chưa đủ dữ liệu", "Incomplete").to_string());
    headers.push(lang.pick("Không tính được", "Cannot be evaluated").to_string());
    // The column of unread rows only when some row could not be read, so other reports keep their columns.
    let unreadable = [&result.member_distribution, &result.org_distribution].iter().any(|d| d.unreadable > 0);
    if unreadable {
        headers.push(lang.pick("Không đọc được", "Could not be read").to_string());
    }
    let mut sheet = Sheet { name: lang.pick("Phân bố", "Distribution").to_string(), headers, rows: Vec::new() };
    let row = |name: String, d: &crate::unit::Distribution| {
        let classified = d.classified();
        let mut row = vec![Cell::Text(name), count(d.total), count(classified)];
        for c in &d.levels {
            row.push(count(*c));
            // Percent of the classified, to two decimals.
            let share = Num::ratio(*c as i64, classified.max(1) as i64).unwrap_or(Num::ZERO);
            row.push(number(share.checked_mul(Num::HUNDRED).ok().map(|p| p.round_to(2))));
        }
        row.push(count(d.not_classified));
        row.push(count(d.referred));
        row.push(count(d.invalid));
        row.push(count(d.incomplete));
        row.push(count(d.failed));
        if unreadable {
            row.push(count(d.unreadable));
        }
        row
    };
    sheet.rows.push(row(
        lang.pick("Đảng viên (theo tiêu chí)", "Members (by the criteria)").to_string(),
        &result.member_distribution_by_criteria,
    ));
    sheet.rows.push(row(members_label(result, lang), &result.member_distribution));
    if result.org_distribution.total > 0 {
        sheet.rows.push(row(lang.pick("Tổ chức đảng", "Party organizations").to_string(), &result.org_distribution));
    }
    if result.base_org_distribution.total > 0 {
        sheet.rows.push(row(
            lang.pick("Tổ chức cơ sở đảng", "Base organizations").to_string(),
            &result.base_org_distribution,
        ));
        // Members (proposed) per base organization, in the order of the organizations table.
        let unit = Unit::prepare(rules, roster, None, None);
        let base: Vec<bool> = roster.orgs.records().map(|r| r.base).collect();
        let per_base = members_in_each(rules, &unit, result, &base);
        for (o, d) in per_base.iter().enumerate() {
            if let Some(d) = d {
                let record = roster.orgs.record(o);
                let name = if record.name.is_empty() {
                    record.id.to_string()
                } else {
                    format!("{} {}", record.id, record.name)
                };
                sheet.rows.push(row(format!("{} {} {name}", members_label(result, lang), lang.pick("thuộc", "in")), d));
            }
        }
    }
    sheet
}

/// [`Unit::members_in`] of each organization `o` with `wanted[o]` (`None` for the others), counted in one pass over
/// the members rather than one pass per organization (a province has ten thousand base organizations).
fn members_in_each(
    rules: &RuleSet,
    unit: &Unit,
    result: &UnitResult,
    wanted: &[bool],
) -> Vec<Option<crate::unit::Distribution>> {
    let empty = crate::unit::Distribution { levels: vec![0; rules.levels.len()], ..Default::default() };
    let mut each: Vec<Option<crate::unit::Distribution>> = wanted.iter().map(|w| w.then(|| empty.clone())).collect();
    for (member, verdict) in result.members.iter().enumerate() {
        // A member counts in her own organization and in the base organization above it, once.
        let own = unit.member_org[member] as usize;
        let base = unit.org_base.get(own).map(|&b| b as usize).filter(|&b| b != own);
        for org in [Some(own), base].into_iter().flatten() {
            if let Some(Some(d)) = each.get_mut(org) {
                d.total += 1;
                match result.counted_level(member) {
                    NO_LEVEL => d.add_unplaced(&verdict.outcome),
                    level => d.levels[level as usize] += 1,
                }
            }
        }
    }
    each
}

fn quota_sheet(rules: &RuleSet, result: &UnitResult, lang: Lang) -> Sheet {
    let (capped, good) = rules
        .quotas
        .first()
        .map(|q| (rules.levels[q.level].short.as_str(), rules.levels[q.level + 1].short.as_str()))
        .unwrap_or(("", ""));
    let headers: Vec<String> = vec![
        lang.pick("Phạm vi", "Scope").to_string(),
        lang.pick("Áp dụng cho", "Applies to").to_string(),
        format!("{} {good}", lang.pick("Số", "Number")),
        format!("{} {capped}", lang.pick("Trần", "Cap")),
        format!("{} {capped} {}", lang.pick("Trần", "Cap"), lang.pick("sau khi hạ", "after the moves")),
        format!("{} {capped}", lang.pick("Ứng viên", "Candidates")),
        lang.pick("Số vượt", "Excess").to_string(),
        lang.pick("Xem xét trước", "Look at first").to_string(),
    ];
    let mut sheet = Sheet { name: lang.pick("Tỷ lệ", "Quota").to_string(), headers, rows: Vec::new() };
    for q in &result.quotas {
        let kind = q.subject.as_deref().and_then(|id| rules.subjects.iter().find(|s| s.id == id));
        let applies = match (kind, q.organizations) {
            (Some(kind), true) => format!("{} {}", kind.name.get(lang), lang.pick("cùng cấp trên", "under one parent")),
            (Some(kind), false) => kind.name.get(lang).to_string(),
            (None, true) => lang.pick("Tổ chức cùng cấp trên", "Organizations under one parent").to_string(),
            (None, false) => lang.pick("Đảng viên", "Members").to_string(),
        };
        sheet.rows.push(vec![
            q.scope_id.as_str().into(),
            applies.into(),
            count(q.counts.good),
            count(q.resolution.cap),
            count(q.resolution.cap_after),
            count(q.counts.candidates),
            count(q.resolution.excess),
            q.look_first.join(", ").into(),
        ]);
    }
    sheet
}

fn targets_sheet(targets: &[TargetResult], lang: Lang) -> Sheet {
    let mut sheet =
        Sheet {
            name: lang.pick("Chỉ tiêu", "Targets").to_string(), headers: targets::headers(lang), rows: Vec::new()
        };
    for r in targets {
        sheet.rows.push(targets::row(r, lang).into_iter().map(Cell::Text).collect());
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field is quoted as the `csv` crate quotes it, wherever its special byte falls in its words of eight.
    #[test]
    fn csv_fields_are_quoted_as_the_csv_crate_quotes_them() {
        let mut texts = vec![String::new(), "plain".to_string(), "Tổng điểm: 80 (cần ≥ 90)".to_string()];
        for special in [",", "\"", "\r", "\n", "\"\"", "+", "\u{80}"] {
            for at in 0..18 {
                let text = format!("{}{special}{}", "ả".repeat(at / 2) + &"a".repeat(at % 2), "x".repeat(at));
                texts.push(text);
            }
        }
        for text in texts {
            let mut ours = Vec::new();
            csv_field(&mut ours, &text);
            let mut theirs = ::csv::WriterBuilder::new().from_writer(Vec::new());
            theirs.write_field(&text).unwrap();
            theirs.write_field("next").unwrap();
            theirs.write_record(None::<&[u8]>).unwrap();
            let theirs = theirs.into_inner().unwrap();
            ours.extend_from_slice(b",next\n");
            assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs), "{text:?}");
        }
    }

    /// The key reasons of a band fallback, kept by the levels passed on the way down, are the words of the full
    /// trace, under each fallback policy (the bundled rule sets name only one), in both languages.
    #[test]
    fn fallback_words_kept_are_those_of_the_full_trace() {
        use crate::doc::BandFallback;
        let mut fallbacks = 0;
        for policy in [BandFallback::Cascade, BandFallback::DropOne, BandFallback::Lowest] {
            let mut rules = crate::builtin::load(crate::builtin::DEFAULT).unwrap();
            rules.band_fallback = policy;
            let roster = crate::generate::roster(&rules, crate::generate::Shape::new(4_000, 11));
            let result = Unit::prepare(&rules, &roster, None, None).run(&rules, &roster);
            for lang in [Lang::Vi, Lang::En] {
                let mut kept = KeyReasons::new(&rules, lang);
                let mut classifier = Classifier::new(&rules);
                let mut trace = Trace::default();
                for i in 0..roster.members.len() {
                    let (kind, row, verdict) =
                        (roster.members.record(i).kind, roster.members.row_vec(i), result.members.verdict(i));
                    classifier.trace(kind, &row, None, &mut trace);
                    let expected = reasons(&rules, &trace.resolve_brief(&rules), lang);
                    let mut got = String::new();
                    kept.write(kind, &row, &verdict, &mut got);
                    assert_eq!(got, expected, "{policy:?}, member {i} ({lang:?})");
                    fallbacks += usize::from(matches!(
                        verdict.outcome,
                        Outcome::Level { decision: Decision::Fallback { from, .. }, level } if level > from + 1
                    ));
                }
            }
        }
        assert!(fallbacks > 100, "{fallbacks} falls past a level compared");
    }

    /// The one-pass count per organization is what `Unit::members_in` counts for each, on a generated roster with
    /// cells under base organizations.
    #[test]
    fn members_in_each_counts_as_members_in() {
        let rules = crate::builtin::load(crate::builtin::DEFAULT).unwrap();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(5_000, 3));
        let unit = Unit::prepare(&rules, &roster, None, None);
        let result = unit.run(&rules, &roster);
        let wanted = vec![true; roster.orgs.len()];
        let each = members_in_each(&rules, &unit, &result, &wanted);
        for (o, d) in each.iter().enumerate() {
            assert_eq!(d.as_ref(), Some(&unit.members_in(&rules, &result, o)), "organization {o}");
        }
    }
}
