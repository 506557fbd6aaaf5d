//! The xeploai web app: self-assessment in the browser, on the xeploai engine. Everything is computed locally.
//!
//! `state` holds the state, the actions and the reducer (pure, tested natively); `form` generates the form from a
//! rule set; `i18n` has the interface's words; `components/` has one component per file; `web` is the glue to the
//! browser (storage, files, printing).

pub mod components;
pub mod form;
pub mod i18n;
pub mod state;
pub mod web;

use wasm_bindgen::prelude::*;

/// Mount the app into `#app` when the page has one (test pages do not).
#[wasm_bindgen(start)]
pub fn start() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) else {
        return;
    };
    let (initial, notice) = web::load_saved();
    yew::Renderer::<components::app::App>::with_root_and_props(
        root,
        components::app::AppProps { initial, notice, persist: true },
    )
    .render();
}
