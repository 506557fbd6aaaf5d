//! The xeploai web app: self-assessment in the browser, on the xeploai engine. Everything is computed locally.
//!
//! `state` holds the state, the actions and the reducer (pure, tested natively); `form` generates the form from a
//! rule set; `i18n` has the interface's words; `components/` has one component per file; `web` is the glue to the
//! browser (storage, files, printing).

pub mod bridge;
pub mod i18n;
pub mod pages;
pub mod shared;
pub mod stored;
pub mod web;

use wasm_bindgen::prelude::*;

/// Mount the app into `#app` when the page has one (test pages do not); `data-page="unit"` asks for unit mode,
/// `data-page="variants"` for the variants workbench.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) else {
        return;
    };
    // A panic anywhere aborts the module; the loader (crash.js) then shows a message and a reload link.
    let page = match root.get_attribute("data-page").as_deref() {
        Some("unit") => pages::self_assessment::page::Page::Unit,
        _ => pages::self_assessment::page::Page::SelfAssessment,
    };
    // In iframe mode the page starts empty and stores nothing: the embedding page sends the facts.
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let persist = !bridge::is_embedded(&search);
    let (initial, notice) = if persist { web::load_saved() } else { (shared::state::Saved::default(), None) };
    #[cfg(feature = "page-variants")]
    if root.get_attribute("data-page").as_deref() == Some("variants") {
        let props = pages::variants::page::VariantsPageProps { initial, persist };
        yew::Renderer::<pages::variants::page::VariantsPage>::with_root_and_props(root, props).render();
        return;
    }
    let props = pages::self_assessment::page::AppProps { initial, notice, persist, page };
    yew::Renderer::<pages::self_assessment::page::App>::with_root_and_props(root, props).render();
}
