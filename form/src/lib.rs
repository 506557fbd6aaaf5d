//! Writing a laid-out review form (the JSON of `xeploai::form::Document`) as a Word `.docx` file.
//!
//! The engine decides what the form says and in which order (`xeploai::form`); this crate only maps each paragraph
//! style to its look in Word (Times New Roman, A4, the margins of administrative documents) and packs the file.
//! It is built natively for the CLI (`xeploai form`) and into its own WebAssembly module, which the app loads only
//! when a Word file is asked for: `formDocx(json: string): Uint8Array` ([`wasm`]).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, RunFonts, SpecialIndentType, Table, TableCell, TableRow,
    WidthType,
};
use serde::Deserialize;

pub mod wasm;

/// A laid-out form, as `xeploai::form::Document` serializes it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Block {
    Para(Para),
    Columns { columns: Vec<Vec<Para>> },
    Table { widths: Vec<u16>, header: Vec<String>, rows: Vec<Vec<String>> },
    PageBreak,
}

#[derive(Debug, Deserialize)]
pub struct Para {
    pub style: String,
    pub text: String,
    #[serde(default)]
    pub bold: bool,
}

/// Why a form could not be written: `form-json` (the JSON is not a form) or `form-write` (packing failed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub code: &'static str,
    pub detail: String,
}

impl FormError {
    /// `code: Vietnamese message / English message (detail)`, as the app shows it.
    pub fn message(&self) -> String {
        let (vi, en) = match self.code {
            "form-json" => ("dữ liệu biểu mẫu không đọc được", "the form data cannot be read"),
            _ => ("không ghi được tệp Word", "the Word file could not be written"),
        };
        format!("{}: {vi} / {en} ({})", self.code, self.detail)
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// A4 in twentieths of a point, and the width left between the margins.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN_LEFT: i32 = 1_701; // 30 mm
const MARGIN_RIGHT: i32 = 1_134; // 20 mm
const MARGIN_TOP: i32 = 1_134;
const MARGIN_BOTTOM: i32 = 1_134;
const TEXT_WIDTH: usize = (PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;

/// The `.docx` bytes of a form given as JSON.
pub fn docx_from_json(json: &str) -> Result<Vec<u8>, FormError> {
    let document: Document =
        serde_json::from_str(json).map_err(|e| FormError { code: "form-json", detail: e.to_string() })?;
    docx(&document)
}

/// The `.docx` bytes of a form.
pub fn docx(document: &Document) -> Result<Vec<u8>, FormError> {
    let fonts = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(PageMargin {
            top: MARGIN_TOP,
            left: MARGIN_LEFT,
            bottom: MARGIN_BOTTOM,
            right: MARGIN_RIGHT,
            header: 720,
            footer: 720,
            gutter: 0,
        })
        .default_fonts(fonts)
        // 14 pt body text (sizes are in half points).
        .default_size(28);
    if !document.title.is_empty() {
        docx = docx.custom_property("title", document.title.as_str());
    }
    let mut page_break = false;
    for block in &document.blocks {
        match block {
            Block::Para(para) => {
                docx = docx.add_paragraph(paragraph(para).page_break_before(std::mem::take(&mut page_break)));
            }
            Block::Columns { columns } => {
                // The first column (the party's name, the cell's remarks) takes 40%, the others share the rest,
                // so the place and date stay on one line, as in the print view.
                let widths: Vec<usize> = match columns.len() {
                    0 | 1 => vec![TEXT_WIDTH],
                    n => {
                        let first = TEXT_WIDTH * 2 / 5;
                        std::iter::once(first)
                            .chain(std::iter::repeat_n((TEXT_WIDTH - first) / (n - 1), n - 1))
                            .collect()
                    }
                };
                let cells = columns
                    .iter()
                    .zip(&widths)
                    .map(|(paras, width)| {
                        paras.iter().fold(TableCell::new().width(*width, WidthType::Dxa), |cell, p| {
                            cell.add_paragraph(paragraph(p))
                        })
                    })
                    .collect();
                docx = docx.add_table(
                    Table::without_borders(vec![TableRow::new(cells).cant_split()])
                        .set_grid(widths)
                        .width(TEXT_WIDTH, WidthType::Dxa),
                );
            }
            Block::Table { widths, header, rows } => {
                let grid: Vec<usize> = widths.iter().map(|w| TEXT_WIDTH * usize::from(*w) / 100).collect();
                let row = |cells: &[String], bold: bool| {
                    let cells = cells
                        .iter()
                        .enumerate()
                        .map(|(i, text)| {
                            let mut p = Paragraph::new();
                            for (n, line) in text.lines().enumerate() {
                                let mut run = docx_rs::Run::new().add_text(line).size(26);
                                if n > 0 {
                                    run = docx_rs::Run::new()
                                        .add_break(docx_rs::BreakType::TextWrapping)
                                        .add_text(line)
                                        .size(26);
                                }
                                p = p.add_run(if bold { run.bold() } else { run });
                            }
                            if bold {
                                p = p.align(AlignmentType::Center);
                            }
                            TableCell::new().width(grid.get(i).copied().unwrap_or(0), WidthType::Dxa).add_paragraph(p)
                        })
                        .collect();
                    TableRow::new(cells).cant_split()
                };
                let table_rows = std::iter::once(row(header, true)).chain(rows.iter().map(|r| row(r, false))).collect();
                docx = docx.add_table(Table::new(table_rows).set_grid(grid).width(TEXT_WIDTH, WidthType::Dxa));
            }
            Block::PageBreak => page_break = true,
        }
    }
    let mut bytes = Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| FormError { code: "form-write", detail: e.to_string() })?;
    Ok(bytes.into_inner())
}

/// One paragraph in its style's look: the administrative layout (Nghị định 30/2020/NĐ-CP) the offices use.
fn paragraph(para: &Para) -> Paragraph {
    let mut run = docx_rs::Run::new().add_text(&para.text);
    let spacing = LineSpacing::new().before(0).after(60);
    let mut p = Paragraph::new().line_spacing(spacing);
    match para.style.as_str() {
        "party" => {
            // The committee and the unit as typed, shown in capitals by Word.
            run = run.size(26);
            run.run_property = run.run_property.caps();
            p = p.align(AlignmentType::Center);
        }
        "motto" => {
            run = run.bold().underline("single").size(26);
            p = p.align(AlignmentType::Center);
        }
        "date" => {
            run = run.italic();
            p = p.align(AlignmentType::Center);
        }
        "center" => p = p.align(AlignmentType::Center),
        "code" => {
            run = run.size(24).italic();
            p = p.align(AlignmentType::Right);
        }
        "title" => {
            run = run.bold().size(30);
            p = p.align(AlignmentType::Center).line_spacing(LineSpacing::new().before(240).after(0));
        }
        "subtitle" => {
            run = run.italic();
            p = p.align(AlignmentType::Center).line_spacing(LineSpacing::new().before(0).after(240));
        }
        "part" => {
            run = run.bold();
            p = p.keep_next(true).line_spacing(LineSpacing::new().before(240).after(60));
        }
        "heading" => {
            run = run.bold();
            p = p.keep_next(true).line_spacing(LineSpacing::new().before(120).after(60));
        }
        "subheading" => {
            run = run.bold().italic();
            p = p.keep_next(true);
        }
        "body" | "blank" => {
            p = p.align(AlignmentType::Both).indent(None, Some(SpecialIndentType::FirstLine(567)), None, None);
        }
        "choice" => p = p.indent(Some(567), None, None, None),
        "note" => run = run.italic().size(24),
        "sign_title" => {
            run = run.bold();
            p = p.align(AlignmentType::Center).line_spacing(LineSpacing::new().before(240).after(0));
        }
        "sign_note" => {
            run = run.italic().size(24);
            p = p.align(AlignmentType::Center).line_spacing(LineSpacing::new().before(0).after(1200));
        }
        "sign_name" => {
            run = run.bold();
            p = p.align(AlignmentType::Center);
        }
        // "field" and any style a newer engine adds: plain text.
        _ => {}
    }
    if para.bold {
        run = run.bold();
    }
    p.add_run(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_is_named() {
        let error = docx_from_json("{").unwrap_err();
        assert_eq!(error.code, "form-json");
        assert!(
            error.message().starts_with("form-json: dữ liệu biểu mẫu không đọc được / the form data cannot be read")
        );
    }
}
