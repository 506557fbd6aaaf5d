//! The WebAssembly export: converts types only. An error is thrown as a JS `Error` whose message is
//! `code: Vietnamese message / English message (detail)`.

use wasm_bindgen::prelude::*;

/// `formDocx(json: string): Uint8Array` — the `.docx` file of a laid-out form (`xeploai::form::Document` as JSON).
#[wasm_bindgen(js_name = formDocx)]
pub fn form_docx(json: &str) -> Result<Vec<u8>, JsError> {
    crate::docx_from_json(json).map_err(|e| JsError::new(&e.message()))
}
