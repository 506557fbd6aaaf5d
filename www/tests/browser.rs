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

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element {selector}"))
}

async fn type_into(root: &Element, fact: &str, text: &str) {
    let input: HtmlInputElement = find(root, &format!("#fact-{fact}")).dyn_into().unwrap();
    input.set_value(text);
    input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    settle().await;
}

fn level(root: &Element) -> String {
    find(root, "#level").get_attribute("data-level").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn renders_the_default_rule_set_and_asks_for_input() {
    let root = mount();
    settle().await;
    assert_eq!(level(&root), "incomplete");
    let rule_set: HtmlSelectElement = find(&root, "#rule-set").dyn_into().unwrap();
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
    settle().await;
    for (fact, text) in [
        ("common_points", "28"),
        ("task_points", "65"),
        ("tasks_assigned", "10"),
        ("tasks_on_time", "10"),
        ("tasks_exceeding", "3"),
    ] {
        type_into(&root, fact, text).await;
    }
    assert_eq!(level(&root), "htxs");
    assert!(find(&root, "#score-total").text_content().unwrap().starts_with("93"));
    let explanation = find(&root, "#explanation").text_content().unwrap();
    assert!(explanation.contains("Điều 11 khoản 1, Quy định 366-QĐ/TW"), "{explanation}");
    type_into(&root, "tasks_exceeding", "2").await;
    assert_eq!(level(&root), "htt");
    let next = find(&root, "#next-level").text_content().unwrap();
    assert!(next.contains("Ít nhất 30% số nhiệm vụ hoàn thành vượt mức yêu cầu"), "{next}");
    assert!(next.contains("20%"), "{next}");
}

#[wasm_bindgen_test]
async fn invalid_input_is_explained_next_to_the_field_and_kept() {
    let root = mount();
    settle().await;
    type_into(&root, "common_points", "31").await;
    let error = find(&root, "#fact-common_points-error").text_content().unwrap();
    assert_eq!(error, "không được lớn hơn 30");
    let input: HtmlInputElement = find(&root, "#fact-common_points").dyn_into().unwrap();
    assert_eq!(input.value(), "31");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn language_switch() {
    let root = mount();
    settle().await;
    find(&root, "#lang-en").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(find(&root, "h1").text_content().unwrap(), "Quality self-assessment");
    assert_eq!(find(&root, "#lang-en").get_attribute("aria-pressed").as_deref(), Some("true"));
    find(&root, "#lang-vi").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(find(&root, "h1").text_content().unwrap(), "Tự đánh giá, xếp loại chất lượng");
}

#[wasm_bindgen_test]
async fn an_organization_gets_the_members_panel_and_the_quota() {
    let root = mount();
    settle().await;
    let radio: HtmlInputElement = find(&root, "#subject-collective").dyn_into().unwrap();
    radio.click();
    settle().await;
    for (id, n) in [("#members-htxs", "5"), ("#members-htt", "13")] {
        let input: HtmlInputElement = find(&root, id).dyn_into().unwrap();
        input.set_value(n);
        input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
        settle().await;
    }
    assert_eq!(find(&root, "#quota-cap").text_content().unwrap(), "2 → 3");
    assert_eq!(find(&root, "#quota-excess").text_content().unwrap(), "2");
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
    settle().await;
    let printed = |root: &Element| find(root, "#print-form").text_content().unwrap();
    assert!(printed(&root).contains("Nguyễn Văn An"));
    find(&root, "#clear").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    find(&root, "#clear-no").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert!(printed(&root).contains("Nguyễn Văn An"));
    find(&root, "#clear").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    find(&root, "#clear-yes").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert!(!printed(&root).contains("Nguyễn Văn An"));
}
