//! The xeploai web app: self-assessment, a unit and the variants workbench in the browser, on the xeploai engine.
//! Everything is computed locally.
//!
//! `pages/` has one folder per page (its state, reducer and components, behind the page's feature); `shared/` has
//! the person's state every page shares and the components several pages use; `i18n` has the interface's words;
//! `web` (with `share.js`), `stored` and `bridge` are the glue to the browser (storage, files, printing, links,
//! an embedding page).

pub mod bridge;
pub mod i18n;
pub mod packed;
pub mod pages;
pub mod shared;
pub mod stored;
#[cfg(feature = "page-worker")]
pub mod unit_worker;
pub mod web;

use wasm_bindgen::prelude::*;

/// Mount the app into `#app` when the page has one (test pages do not); `data-page="unit"` asks for unit mode,
/// `data-page="variants"` for the variants workbench, `data-page="form"` for the self-assessment's official form.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) else {
        return;
    };
    // A panic anywhere aborts the module; the loader (crash.js) then shows a message and a reload link.
    let page = root.get_attribute("data-page").unwrap_or_default();
    // In iframe mode the page starts empty and stores nothing: the embedding page sends the facts.
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let persist = !bridge::is_embedded(&search);
    let (initial, notice) = if persist { web::load_saved() } else { (shared::state::Saved::default(), None) };
    // Each build has its page (the features); a build with several (the tests) picks by `data-page`.
    match page.as_str() {
        #[cfg(feature = "page-variants")]
        "variants" => {
            let props = pages::variants::page::VariantsPageProps { initial, persist };
            yew::Renderer::<pages::variants::page::VariantsPage>::with_root_and_props(root, props).render();
        }
        #[cfg(feature = "page-unit")]
        "unit" => {
            let props = shared::person::PersonPageProps { initial, notice, persist };
            yew::Renderer::<pages::unit::root::UnitRoot>::with_root_and_props(root, props).render();
        }
        #[cfg(feature = "page-form")]
        "form" => {
            let props = shared::person::PersonPageProps { initial, notice, persist };
            yew::Renderer::<pages::self_assessment::form_page::FormPage>::with_root_and_props(root, props).render();
        }
        #[cfg(feature = "page-self")]
        _ => {
            let props = shared::person::PersonPageProps { initial, notice, persist };
            yew::Renderer::<pages::self_assessment::page::SelfAssessmentPage>::with_root_and_props(root, props)
                .render();
        }
        #[cfg(not(feature = "page-self"))]
        _ => drop((initial, notice)),
    }
}
