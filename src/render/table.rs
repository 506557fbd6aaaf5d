//! Aligned text tables and CSV: the one CSV writer of the product.

/// Column headers from their words (one `lang.pick` each), for [`table`] and [`csv`].
pub fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

/// An aligned text table; widths count characters.
pub fn table(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let width = widths.get(i).copied().unwrap_or(0);
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(width.saturating_sub(cell.chars().count()) + 2));
            }
        }
        out.trim_end().to_string()
    };
    let mut out = line(headers);
    out.push('\n');
    out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}

/// Rows as CSV text (comma separated, quoted where needed, UTF-8 with BOM so spreadsheet programs read
/// Vietnamese correctly). Every cell goes through [`csv_cell`]: this is the one CSV writer of the product (the CLI's
/// `--format csv`, `unit --out-dir`, the app's export through [`crate::report::sheet_csv`]).
pub fn csv(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    for row in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
        for cell in row {
            let _ = writer.write_field(csv_cell(cell).as_bytes());
        }
        let _ = writer.write_record(None::<&[u8]>);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A cell made safe for a spreadsheet program (the OWASP rule against CSV injection): text that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be read as a formula, so it gets a leading `'`, which spreadsheet
/// programs show as text. A number (`-3`, `+2`, `-27,5`, `-12.5%`) is left as it is, so it stays a number, and so is
/// a lone `-` (the mark for "no level"), which no spreadsheet reads as a formula.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text != "-";
    if risky && !is_plain_number(text) { format!("'{text}").into() } else { text.into() }
}

/// A signed decimal number as the product writes one: a sign, digits with `.` or `,` between them, maybe `%`.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = unsigned.strip_suffix('%').unwrap_or(unsigned);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}
