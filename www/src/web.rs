//! The glue to the browser: local storage, file download and upload, printing. Nothing here decides anything.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::shared::profiles::{self, Book};
use crate::shared::state::{BACKUP_KEY, Notice, STORAGE_KEY, Saved};
use crate::stored::{SetAside, WriteFailed, backup_key, no_room};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

thread_local! {
    /// The profile this tab has open (another tab may open another one).
    static OPEN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The profiles as this tab last read or wrote them, for when the stored text cannot be read again.
    static LAST: std::cell::RefCell<Option<Book>> = const { std::cell::RefCell::new(None) };
}

/// What was saved on this device, brought to the current version: the open year of the profile opened last (see
/// `shared/profiles.rs`; data stored before profiles becomes the first one). Data that cannot be read, wholly or in
/// part, is set aside under a backup key of its own (never overwriting an earlier one) with a notice that says
/// where it went, or that it could not be kept (then it waits in memory, to be downloaded).
pub fn load_saved() -> (Saved, Option<Notice>) {
    let text = storage().and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    let Some(text) = text else {
        remember(Book::single(Saved::default(), xeploai::Lang::Vi));
        return (Saved::default(), None);
    };
    match profiles::read(&text) {
        Ok(read) => {
            let notice = (!read.problems.is_empty()).then(|| {
                let parts = read.problems.iter().map(|p| p.vi.as_str()).collect::<Vec<_>>().join("; ");
                let parts_en = read.problems.iter().map(|p| p.get(xeploai::Lang::En)).collect::<Vec<_>>().join("; ");
                Notice::StorageRecovered(set_aside(
                    STORAGE_KEY,
                    BACKUP_KEY,
                    text.clone(),
                    xeploai::Text::new(parts, parts_en),
                ))
            });
            let saved = read.book.open_saved().clone();
            remember(read.book);
            (saved, notice)
        }
        Err(error) => {
            remember(Book::single(Saved::default(), xeploai::Lang::Vi));
            (Saved::default(), Some(Notice::StorageRecovered(set_aside(STORAGE_KEY, BACKUP_KEY, text, error.text()))))
        }
    }
}

fn remember(book: Book) {
    OPEN.with(|open| open.set(book.open));
    LAST.with(|last| *last.borrow_mut() = Some(book));
}

/// The profile open in this tab.
pub fn open_profile_id() -> u32 {
    OPEN.with(|open| open.get())
}

/// Every profile as stored now (another tab may have changed them), with what this tab holds put into its open
/// profile; the stored text when readable, else what this tab read or wrote last.
pub fn load_book(saved: &Saved) -> Book {
    let stored = storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| profiles::read(&text).ok())
        .filter(|read| read.problems.is_empty())
        .map(|read| read.book);
    let mut book = stored
        .or_else(|| LAST.with(|last| last.borrow().clone()))
        .unwrap_or_else(|| Book::single(Saved::default(), saved.lang));
    book.put(open_profile_id(), saved);
    book.open = book.profile(open_profile_id()).map_or(book.open, |p| p.id);
    book
}

/// Write every profile, and open `book.open` in this tab.
pub fn store_book(book: &Book) -> Result<(), WriteFailed> {
    remember(book.clone());
    write(STORAGE_KEY, &serde_json::to_string(book).unwrap_or_default())
}

/// The open year of this tab's profile in a document another tab wrote, or why it cannot be read.
pub fn saved_in(text: &str) -> Result<Saved, crate::shared::state::MigrateError> {
    let read = profiles::read(text)?;
    let book = read.book;
    // This tab's profile was deleted in the other tab: follow the one open there.
    if book.profile(open_profile_id()).is_none() {
        OPEN.with(|open| open.set(book.open));
    }
    let saved = book.profile(open_profile_id()).map_or_else(|| book.open_saved(), |p| &p.year().saved).clone();
    LAST.with(|last| *last.borrow_mut() = Some(book));
    Ok(saved)
}

/// Copy unreadable `text` stored under `key` to the first free backup key from `backup_base` on.
pub fn set_aside(key: &str, backup_base: &str, text: String, reason: xeploai::Text) -> SetAside {
    let kept = match storage() {
        None => Err(no_room(false, "no local storage")),
        Some(storage) => match backup_key(backup_base, |k| storage.get_item(k).ok().flatten().is_some()) {
            None => Err(no_room(true, "")),
            Some(backup) => {
                storage.set_item(&backup, &text).map(|_| backup).map_err(|e| no_room(false, &error_text(e)))
            }
        },
    };
    SetAside { key: key.to_string(), reason, kept, text: std::rc::Rc::new(text) }
}

/// Write `text` under `key`, or say why the browser refused (storage full, storage disabled).
pub fn write(key: &str, text: &str) -> Result<(), WriteFailed> {
    let failed =
        |reason: String| WriteFailed { key: key.to_string(), reason, text: std::rc::Rc::new(text.to_string()) };
    let storage = storage().ok_or_else(|| failed("no local storage".into()))?;
    storage.set_item(key, text).map_err(|e| failed(error_text(e)))
}

/// Save what the page holds into this tab's open profile, among every profile as stored now.
pub fn save(saved: &Saved) -> Result<(), WriteFailed> {
    store_book(&load_book(saved))
}

/// Listen to writes of another tab under `key` (the `storage` event, which the writing tab itself never gets):
/// `changed` gets the new text (`None` when removed). The listener is removed when the returned guard is dropped.
pub fn on_storage_change(key: &'static str, changed: impl Fn(Option<String>) + 'static) -> StorageListener {
    let listener = Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
        if event.key().as_deref() == Some(key) {
            changed(event.new_value());
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    }
    StorageListener(listener)
}

pub struct StorageListener(Closure<dyn Fn(web_sys::StorageEvent)>);

impl Drop for StorageListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("storage", self.0.as_ref().unchecked_ref());
        }
    }
}

/// Offer `text` as a file to save.
pub fn download(file_name: &str, text: &str) {
    download_value(file_name, &wasm_bindgen::JsValue::from_str(text), "application/json;charset=utf-8");
}

/// Offer CSV text as a file to save.
#[cfg(feature = "page-unit")]
pub fn download_csv(file_name: &str, text: &str) {
    download_value(file_name, &wasm_bindgen::JsValue::from_str(text), "text/csv;charset=utf-8");
}

/// Offer bytes (an XLSX workbook, a Word form) as a file to save.
#[cfg(any(feature = "page-unit", feature = "page-form"))]
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) {
    download_value(file_name, &js_sys::Uint8Array::from(bytes).into(), mime);
}

fn download_value(file_name: &str, part: &wasm_bindgen::JsValue, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options) else { return };
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

/// Read the file chosen in a file input's `change` event as text: `done(file name, text)`. The input is reset, so
/// choosing the same file again reads it again.
pub fn read_chosen_file(
    event: &web_sys::Event,
    done: impl FnOnce(String, String) + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    if let Some(file) = input.files().and_then(|files| files.get(0)) {
        let name = file.name();
        read_file(file, move |text| done(name, text), failed);
    }
    input.set_value("");
}

/// Read a chosen file's bytes and hand them to `done`.
#[cfg(feature = "page-unit")]
pub fn read_file_bytes(file: web_sys::File, done: impl FnOnce(Vec<u8>) + 'static) {
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let reader_in_callback = reader.clone();
    let mut done = Some(done);
    let onload = Closure::<dyn FnMut()>::new(move || {
        if let (Ok(result), Some(done)) = (reader_in_callback.result(), done.take()) {
            done(js_sys::Uint8Array::new(&result).to_vec());
        }
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_array_buffer(&file);
}

// The XLSX code is a separate WebAssembly module (xlsx/ in the repository), fetched from this site only when a
// workbook is opened or written, so the first load stays small. The loader sits in a snippet two folders below
// the app's files.
#[cfg(feature = "page-unit")]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "
let loading;
export function xlsx_module() {
  if (!loading) {
    loading = import(new URL('../../xeploai_xlsx.js', import.meta.url).href).then(async (m) => { await m.default(); return m; });
  }
  return loading;
}")]
extern "C" {
    fn xlsx_module() -> js_sys::Promise;
}

#[cfg(feature = "page-unit")]
use error_text as js_message;

#[cfg(feature = "page-unit")]
async fn xlsx_call(name: &str, args: &[wasm_bindgen::JsValue]) -> Result<wasm_bindgen::JsValue, String> {
    let module = wasm_bindgen_futures::JsFuture::from(xlsx_module()).await.map_err(js_message)?;
    let function: js_sys::Function =
        js_sys::Reflect::get(&module, &name.into()).map_err(js_message)?.dyn_into().map_err(js_message)?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(&wasm_bindgen::JsValue::NULL, &args).map_err(js_message)
}

/// The sheets of a workbook.
#[cfg(feature = "page-unit")]
pub async fn xlsx_sheet_names(bytes: &[u8]) -> Result<Vec<String>, String> {
    let value = xlsx_call("sheetNames", &[js_sys::Uint8Array::from(bytes).into()]).await?;
    Ok(js_sys::Array::from(&value).iter().filter_map(|v| v.as_string()).collect())
}

/// The rows of one sheet, as text cells.
#[cfg(feature = "page-unit")]
pub async fn xlsx_read_sheet(bytes: &[u8], sheet: &str) -> Result<Vec<Vec<String>>, String> {
    let value = xlsx_call("readSheetJson", &[js_sys::Uint8Array::from(bytes).into(), sheet.into()]).await?;
    serde_json::from_str(&value.as_string().unwrap_or_default()).map_err(|e| e.to_string())
}

/// A workbook from the JSON of `xeploai::report::sheets_json`.
#[cfg(feature = "page-unit")]
pub async fn xlsx_write(sheets_json: &str) -> Result<Vec<u8>, String> {
    let value = xlsx_call("writeWorkbook", &[sheets_json.into()]).await?;
    Ok(js_sys::Uint8Array::new(&value).to_vec())
}

// form: the Word writer, a separate WebAssembly module loaded on the first download (`www/src/form.js`).
#[cfg(feature = "page-form")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/form.js")]
extern "C" {
    fn form_module() -> js_sys::Promise;
}

/// The `.docx` bytes of a laid-out form (`xeploai::form::Document` as JSON), or why they could not be made.
#[cfg(feature = "page-form")]
pub async fn form_docx(document_json: &str) -> Result<Vec<u8>, String> {
    let module = wasm_bindgen_futures::JsFuture::from(form_module()).await.map_err(error_text)?;
    let function: js_sys::Function =
        js_sys::Reflect::get(&module, &"formDocx".into()).map_err(error_text)?.dyn_into().map_err(error_text)?;
    let value = function.call1(&wasm_bindgen::JsValue::NULL, &document_json.into()).map_err(error_text)?;
    Ok(js_sys::Uint8Array::new(&value).to_vec())
}

/// Unit-mode settings saved on this device.
#[cfg(feature = "page-unit")]
pub fn load_unit_saved() -> crate::pages::unit::state::UnitSaved {
    let text = storage().and_then(|s| s.get_item(crate::pages::unit::state::UNIT_STORAGE_KEY).ok().flatten());
    crate::pages::unit::state::unit_saved_from(text.as_deref())
}

#[cfg(feature = "page-unit")]
pub fn save_unit(saved: &crate::pages::unit::state::UnitSaved) -> Result<(), WriteFailed> {
    write(crate::pages::unit::state::UNIT_STORAGE_KEY, &serde_json::to_string(saved).unwrap_or_default())
}

/// The answer for `path` on the page's own origin, or why there is none.
async fn fetch_ok(path: &str) -> Result<web_sys::Response, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    // `fetch` resolves to a Response (it rejects otherwise), so no type check is needed.
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(path)).await.map_err(error_text)?.unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    Ok(response)
}

/// The text at `path` on the page's own origin (a bundled rule set's or cases file), or why it could not be had.
pub async fn fetch_text(path: &str) -> Result<String, String> {
    let response = fetch_ok(path).await?;
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(error_text)?).await.map_err(error_text)?;
    Ok(text.as_string().unwrap_or_default())
}

/// The bytes at `path` on the page's own origin (a packed bundled rule set), or why they could not be had.
pub async fn fetch_bytes(path: &str) -> Result<Vec<u8>, String> {
    let response = fetch_ok(path).await?;
    let buffer =
        wasm_bindgen_futures::JsFuture::from(response.array_buffer().map_err(error_text)?).await.map_err(error_text)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn error_text(error: wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "?".into())
}

pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Tell the page which language it is in, for screen readers and hyphenation, and title it in that language (the
/// title is what a tab, a bookmark and an installed app show).
pub fn set_document_lang(code: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", code);
    }
    let page = document.get_element_by_id("app").and_then(|app| app.get_attribute("data-page")).unwrap_or_default();
    document.set_title(crate::shared::page_shell::page_title(&page, code));
}

// The variants workbench's share links carry a rule set in the URL fragment (`#rs=`, never sent to a server):
// the text compressed with the browser's own deflate-raw, in base64url.
// A module file, not inline JS: the three page builds share one snippets folder, where inline snippets are
// numbered per build and would overwrite each other.
#[cfg(feature = "page-variants")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/share.js")]
extern "C" {
    fn share_encode(text: &str) -> js_sys::Promise;
    fn share_decode(code: &str, max_code: usize, max_text: usize) -> js_sys::Promise;
    fn share_copy(text: &str) -> js_sys::Promise;
}

/// Copy a text to the clipboard: whether the browser let it.
#[cfg(feature = "page-variants")]
pub async fn copy_text(text: &str) -> bool {
    wasm_bindgen_futures::JsFuture::from(share_copy(text)).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// The fragment code of a share link for `text`.
#[cfg(feature = "page-variants")]
pub async fn share_code(text: &str) -> Result<String, String> {
    let value = wasm_bindgen_futures::JsFuture::from(share_encode(text)).await.map_err(error_text)?;
    value.as_string().ok_or_else(|| "?".into())
}

/// The rule-set text of a share link's fragment code, or why it cannot be had (in both languages).
#[cfg(feature = "page-variants")]
pub async fn shared_text(code: &str) -> Result<String, xeploai::Text> {
    let value = wasm_bindgen_futures::JsFuture::from(share_decode(
        code,
        crate::pages::variants::state::MAX_LINK_CODE,
        crate::pages::variants::state::MAX_LINK_TEXT,
    ))
    .await
    .map_err(|error| crate::pages::variants::state::link_problem(&error_text(error)))?;
    value.as_string().ok_or_else(|| crate::pages::variants::state::link_problem("?"))
}

/// The page's address without its fragment, and its fragment (without `#`).
#[cfg(feature = "page-variants")]
pub fn location_parts() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return (String::new(), String::new()) };
    let href = location.href().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default().to_string();
    (base, hash.trim_start_matches('#').to_string())
}

/// Drop the fragment from the address bar (after a shared rule set was saved), without reloading.
#[cfg(feature = "page-variants")]
pub fn clear_fragment() {
    let (base, hash) = location_parts();
    if hash.is_empty() {
        return;
    }
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&base));
    }
}

#[cfg(feature = "page-variants")]
pub fn load_text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Offer a rule-set text as a `.toml` file.
#[cfg(feature = "page-variants")]
pub fn download_toml(file_name: &str, text: &str) {
    download_value(file_name, &wasm_bindgen::JsValue::from_str(text), "application/toml;charset=utf-8");
}

/// Now, as ISO 8601 (the browser's clock).
#[cfg(feature = "page-variants")]
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

// keep: unit mode's files in IndexedDB (`www/src/unit_store.js`; what is kept and why: `pages/unit/persist.rs`).
// A module file, not inline JS, like `share.js`: inline snippets of the page builds would collide.
#[cfg(feature = "page-unit")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/unit_store.js")]
extern "C" {
    fn unit_store_get(key: &str) -> js_sys::Promise;
    fn unit_store_put(key: &str, meta: &str, data: &wasm_bindgen::JsValue) -> js_sys::Promise;
    fn unit_store_delete(key: &str) -> js_sys::Promise;
    fn unit_store_put_meta(key: &str, meta: &str, expected: &str, data: &wasm_bindgen::JsValue) -> js_sys::Promise;
    fn unit_store_on_change(listener: &js_sys::Function) -> js_sys::Function;
}

/// Hear the slots other tabs of this page write (`changed(key)`, once each write is done), while the returned
/// listener lives.
#[cfg(feature = "page-unit")]
pub fn on_kept_change(changed: impl Fn(String) + 'static) -> KeptListener {
    let listener = Closure::<dyn Fn(String)>::new(changed);
    let stop = unit_store_on_change(listener.as_ref().unchecked_ref());
    KeptListener { stop, _listener: listener }
}

/// Listening to other tabs' writes ([`on_kept_change`]) until dropped.
#[cfg(feature = "page-unit")]
pub struct KeptListener {
    stop: js_sys::Function,
    _listener: Closure<dyn Fn(String)>,
}

#[cfg(feature = "page-unit")]
impl Drop for KeptListener {
    fn drop(&mut self) {
        let _ = self.stop.call0(&wasm_bindgen::JsValue::NULL);
    }
}

/// A stored file's record (its description and its data, as a `Blob`), `None` when the slot is empty, or why the
/// store could not be read.
#[cfg(feature = "page-unit")]
pub async fn kept_get(key: &str) -> Result<Option<(String, web_sys::Blob)>, String> {
    let value = wasm_bindgen_futures::JsFuture::from(unit_store_get(key)).await.map_err(error_text)?;
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    let pair = js_sys::Array::from(&value);
    let meta = pair.get(0).as_string().unwrap_or_default();
    let data = pair.get(1).dyn_into::<web_sys::Blob>().map_err(error_text)?;
    Ok(Some((meta, data)))
}

/// Store a file's record (its data a `Blob` or bytes), or say why the browser refused (quota exceeded, private mode).
#[cfg(feature = "page-unit")]
pub async fn kept_put(key: &str, meta: &str, data: &wasm_bindgen::JsValue) -> Result<(), String> {
    wasm_bindgen_futures::JsFuture::from(unit_store_put(key, meta, data)).await.map(|_| ()).map_err(error_text)
}

/// Store a new description for a file whose data is stored already (a header row picked), so the file is not copied
/// again: when the slot holds the description `expected`; otherwise (another tab stored another file meanwhile) the
/// whole record, as [`kept_put`].
#[cfg(feature = "page-unit")]
pub async fn kept_put_meta(key: &str, meta: &str, expected: &str, data: &wasm_bindgen::JsValue) -> Result<(), String> {
    let stored = unit_store_put_meta(key, meta, expected, data);
    wasm_bindgen_futures::JsFuture::from(stored).await.map(|_| ()).map_err(error_text)
}

/// The first `limit` bytes of a file (`None`: all of it), or why they could not be read.
#[cfg(feature = "page-unit")]
pub async fn blob_bytes(blob: &web_sys::Blob, limit: Option<usize>) -> Result<Vec<u8>, String> {
    let part = match limit {
        Some(limit) if blob.size() > limit as f64 => {
            blob.slice_with_f64_and_f64(0.0, limit as f64).map_err(error_text)?
        }
        _ => blob.clone(),
    };
    let buffer = wasm_bindgen_futures::JsFuture::from(part.array_buffer()).await.map_err(error_text)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[cfg(feature = "page-unit")]
pub async fn kept_delete(key: &str) -> Result<(), String> {
    wasm_bindgen_futures::JsFuture::from(unit_store_delete(key)).await.map(|_| ()).map_err(error_text)
}
