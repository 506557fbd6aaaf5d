//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner): render the app into a
//! page, type and click as a person would, and read the DOM.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use xeploai_web::pages::self_assessment::page::SelfAssessmentPage;
use xeploai_web::shared::person::PersonPageProps;
use xeploai_web::shared::state::Saved;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Render a fresh app (nothing saved, no storage writes) into its own element.
fn mount() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<SelfAssessmentPage>::with_root_and_props(
        root.clone(),
        PersonPageProps { initial: Saved::default(), notice: None, persist: false },
    )
    .render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

/// How long a test waits for the page to show what it expects: generous, because a busy machine (CI) can delay
/// Yew's render by far more than the 20 ms of `settle`; a page that never shows it still fails, with what it showed.
const PATIENCE: Duration = Duration::from_secs(10);

/// Poll every 10 ms until `check` gives a value; after `PATIENCE`, panic with `what` and the last `seen`.
async fn eventually<T>(what: &str, mut check: impl FnMut() -> Result<T, String>) -> T {
    let started = js_sys::Date::now();
    loop {
        match check() {
            Ok(value) => return value,
            Err(seen) if js_sys::Date::now() - started > PATIENCE.as_millis() as f64 => {
                panic!("{what}: not seen within {PATIENCE:?}; last seen: {seen}")
            }
            Err(_) => yew::platform::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// The element `selector` under `root`, once it is there.
async fn find(root: &Element, selector: &str) -> Element {
    eventually(&format!("element {selector}"), || {
        root.query_selector(selector).unwrap().ok_or_else(|| "no such element".to_string())
    })
    .await
}

/// The text of `selector` once `ok` accepts it.
async fn text_where(root: &Element, selector: &str, ok: impl Fn(&str) -> bool) -> String {
    eventually(&format!("the text of {selector}"), || {
        let text = root
            .query_selector(selector)
            .unwrap()
            .ok_or_else(|| "no such element".to_string())?
            .text_content()
            .unwrap_or_default();
        if ok(&text) { Ok(text) } else { Err(format!("{text:?}")) }
    })
    .await
}

async fn text_is(root: &Element, selector: &str, expected: &str) {
    text_where(root, selector, |text| text == expected).await;
}

async fn type_into(root: &Element, fact: &str, text: &str) {
    let input: HtmlInputElement = find(root, &format!("#fact-{fact}")).await.dyn_into().unwrap();
    input.set_value(text);
    input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    settle().await;
}

/// Wait until the level shown is `expected`.
async fn level_is(root: &Element, expected: &str) {
    eventually(&format!("level {expected}"), || {
        let level = root
            .query_selector("#level")
            .unwrap()
            .and_then(|level| level.get_attribute("data-level"))
            .unwrap_or_default();
        if level == expected { Ok(()) } else { Err(level) }
    })
    .await
}

#[wasm_bindgen_test]
async fn renders_the_default_rule_set_and_asks_for_input() {
    let root = mount();
    level_is(&root, "incomplete").await;
    let rule_set: HtmlSelectElement = find(&root, "#rule-set").await.dyn_into().unwrap();
    assert_eq!(rule_set.value(), "qd366-2025");
    // Every input has a label.
    let inputs = root.query_selector_all("input[id^=fact-], select[id^=fact-]").unwrap();
    assert!(inputs.length() >= 10);
    for i in 0..inputs.length() {
        let id = inputs.item(i).unwrap().dyn_into::<Element>().unwrap().id();
        assert!(root.query_selector(&format!("label[for='{id}']")).unwrap().is_some(), "{id} has no label");
    }
}

#[wasm_bindgen_test]
async fn typing_classifies_live_and_explains() {
    let root = mount();
    level_is(&root, "incomplete").await;
    for (fact, text) in [
        ("common_points", "28"),
        ("task_points", "65"),
        ("tasks_assigned", "10"),
        ("tasks_on_time", "10"),
        ("tasks_exceeding", "3"),
    ] {
        type_into(&root, fact, text).await;
    }
    level_is(&root, "htxs").await;
    text_where(&root, "#score-total", |total| total.starts_with("93")).await;
    text_where(&root, "#explanation", |text| text.contains("Điều 11 khoản 1, Quy định 366-QĐ/TW")).await;
    type_into(&root, "tasks_exceeding", "2").await;
    level_is(&root, "htt").await;
    let next =
        text_where(&root, "#next-level", |next| next.contains("Ít nhất 30% số nhiệm vụ hoàn thành vượt mức yêu cầu"))
            .await;
    assert!(next.contains("20%"), "{next}");
}

#[wasm_bindgen_test]
async fn invalid_input_is_explained_next_to_the_field_and_kept() {
    let root = mount();
    level_is(&root, "incomplete").await;
    type_into(&root, "common_points", "31").await;
    text_is(&root, "#fact-common_points-error", "không được lớn hơn 30").await;
    let input: HtmlInputElement = find(&root, "#fact-common_points").await.dyn_into().unwrap();
    assert_eq!(input.value(), "31");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn language_switch() {
    let root = mount();
    find(&root, "#lang-en").await.dyn_into::<HtmlElement>().unwrap().click();
    text_is(&root, "h1", "Quality self-assessment").await;
    assert_eq!(find(&root, "#lang-en").await.get_attribute("aria-pressed").as_deref(), Some("true"));
    find(&root, "#lang-vi").await.dyn_into::<HtmlElement>().unwrap().click();
    text_is(&root, "h1", "Tự đánh giá, xếp loại chất lượng").await;
}

#[wasm_bindgen_test]
async fn an_organization_gets_the_members_panel_and_the_quota() {
    let root = mount();
    let radio: HtmlInputElement = find(&root, "#subject-collective").await.dyn_into().unwrap();
    radio.click();
    for (id, n) in [("#members-htxs", "5"), ("#members-htt", "13")] {
        let input: HtmlInputElement = find(&root, id).await.dyn_into().unwrap();
        input.set_value(n);
        input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
        settle().await;
    }
    text_is(&root, "#quota-cap", "2 → 3").await;
    text_is(&root, "#quota-excess", "2").await;
}

#[wasm_bindgen_test]
async fn clear_asks_first() {
    // Clear is on the form's page (form.html), with the person's data; its print view shows the person's name.
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let person = xeploai_web::shared::state::Person { name: "Nguyễn Văn An".into(), ..Default::default() };
    yew::Renderer::<xeploai_web::pages::self_assessment::form_page::FormPage>::with_root_and_props(
        root.clone(),
        PersonPageProps { initial: Saved { person, ..Saved::default() }, notice: None, persist: false },
    )
    .render();
    let named = |text: &str| text.contains("Nguyễn Văn An");
    text_where(&root, "#print-form", named).await;
    find(&root, "#clear").await.dyn_into::<HtmlElement>().unwrap().click();
    find(&root, "#clear-no").await.dyn_into::<HtmlElement>().unwrap().click();
    // "No" keeps the data: the dialog goes and the name stays.
    eventually("the dialog closed", || match root.query_selector("#clear-no").unwrap() {
        None => Ok(()),
        Some(_) => Err("still open".to_string()),
    })
    .await;
    text_where(&root, "#print-form", named).await;
    find(&root, "#clear").await.dyn_into::<HtmlElement>().unwrap().click();
    find(&root, "#clear-yes").await.dyn_into::<HtmlElement>().unwrap().click();
    text_where(&root, "#print-form", |text| !named(text)).await;
}
