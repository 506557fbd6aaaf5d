//! The WebAssembly exports: thin wrappers that only convert types. Errors are thrown as a JS `Error` whose message is
//! `code: Vietnamese message / English message` (for example
//! `xlsx-no-sheet: tệp không có trang tính “X” / the file has no sheet “X”`).

use wasm_bindgen::prelude::*;

use crate::XlsxError;

fn js_error(e: XlsxError) -> JsError {
    JsError::new(&e.js_message())
}

/// `sheetNames(bytes: Uint8Array): string[]` — the worksheets of a workbook, in workbook order.
#[wasm_bindgen(js_name = sheetNames)]
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, JsError> {
    crate::sheet_names(bytes).map_err(js_error)
}

/// `readSheetJson(bytes: Uint8Array, sheet: string): string` — the rows of a worksheet as JSON `[["Mã", …], [], …]`
/// (every cell a string; row 1 at index 0).
#[wasm_bindgen(js_name = readSheetJson)]
pub fn read_sheet_json(bytes: &[u8], sheet: &str) -> Result<String, JsError> {
    let rows = crate::read_sheet(bytes, sheet).map_err(js_error)?;
    serde_json::to_string(&rows).map_err(|e| JsError::new(&e.to_string()))
}

/// `writeWorkbook(json: string): Uint8Array` — an `.xlsx` file from JSON sheets
/// `[{"name": …, "headers": [...], "rows": [[...], ...]}]`.
#[wasm_bindgen(js_name = writeWorkbook)]
pub fn write_workbook(json: &str) -> Result<Vec<u8>, JsError> {
    crate::write_workbook(json).map_err(js_error)
}
