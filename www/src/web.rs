//! The glue to the browser: local storage, file download and upload, printing. Nothing here decides anything.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::state::{BACKUP_KEY, MigrateError, Notice, STORAGE_KEY, Saved, migrate};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What was saved on this device, brought to the current version. Data that cannot be read is set aside under
/// [`BACKUP_KEY`] (never deleted) and the app starts fresh with a notice.
pub fn load_saved() -> (Saved, Option<Notice>) {
    let Some(storage) = storage() else { return (Saved::default(), None) };
    let Ok(Some(text)) = storage.get_item(STORAGE_KEY) else { return (Saved::default(), None) };
    match migrate(&text) {
        Ok(saved) => (saved, None),
        Err(MigrateError::Newer(_) | MigrateError::Unreadable(_)) => {
            let _ = storage.set_item(BACKUP_KEY, &text);
            (Saved::default(), Some(Notice::StorageRecovered))
        }
    }
}

pub fn save(saved: &Saved) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(saved)) {
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

/// Offer `text` as a file to save.
pub fn download(file_name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(anchor) = document.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Read a chosen file as text and hand it to `done`; `failed` gets a reason when it cannot be read.
pub fn read_file(file: web_sys::File, done: impl FnOnce(String) + 'static, failed: impl FnOnce(String) + 'static) {
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let reader_in_callback = reader.clone();
    let mut done = Some(done);
    let mut failed = Some(failed);
    let onload =
        Closure::<dyn FnMut()>::new(move || match reader_in_callback.result().ok().and_then(|v| v.as_string()) {
            Some(text) => {
                if let Some(done) = done.take() {
                    done(text);
                }
            }
            None => {
                if let Some(failed) = failed.take() {
                    failed("not text".into());
                }
            }
        });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    // The reader calls back once; the closure must outlive this function.
    onload.forget();
    let _ = reader.read_as_text(&file);
}

pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Tell the page which language it is in, for screen readers and hyphenation.
pub fn set_document_lang(code: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}
