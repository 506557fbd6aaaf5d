use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use xeploai::form::{FixStatus, Section};
use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::Handle;
use crate::shared::state::{Action, ReviewField};

#[derive(Properties, PartialEq)]
pub struct ReviewFormProps {
    pub state: Handle,
}

const ROMAN: [&str; 6] = ["I", "II", "III", "IV", "V", "VI"];

/// The official form's own text: the heading (committee, place, date) and Part A's sections, saved as typed; the
/// print and Word buttons for the whole form (Part B and the annex come from the result).
#[component]
pub fn ReviewForm(props: &ReviewFormProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let review = &state.saved.review;
    let kind = state.form_kind();
    // The Word file is made in a module loaded on first use: while it loads, the button says so; a failure is shown.
    let busy = use_state(|| false);
    let failed = use_state(|| None::<String>);

    let set = |field: ReviewField| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let text = match e.target_dyn_into::<HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => e.target_unchecked_into::<HtmlInputElement>().value(),
            };
            state.dispatch(Action::SetReview { field, text })
        })
    };
    let line = |field: ReviewField, id: &'static str, key: Key, value: &str| {
        html! {
            <div class="field">
                <label for={id}>{ t(lang, key) }</label>
                <input id={id} type="text" autocomplete="off" value={value.to_string()} oninput={set(field)} />
            </div>
        }
    };
    let area = |section: Section, label: String| {
        let id = format!("review-{}", section.id());
        html! {
            <div class="field review-section">
                <label for={id.clone()}>{ label }</label>
                <textarea id={id} rows="4" value={section.text(review).to_string()} oninput={set(ReviewField::Section(section))} />
            </div>
        }
    };
    let onadd = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::AddFix))
    };
    let onfix = |index: usize| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetFix { index, text: e.target_unchecked_into::<HtmlInputElement>().value() })
        })
    };
    let onstatus = |index: usize| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(status) = FixStatus::from_id(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                state.dispatch(Action::SetFixStatus { index, status })
            }
        })
    };
    let onremove = |index: usize| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::RemoveFix(index)))
    };
    let onprint = Callback::from(|_: MouseEvent| crate::web::print());
    let ondocx = {
        let state = state.clone();
        let busy = busy.clone();
        let failed = failed.clone();
        Callback::from(move |_: MouseEvent| {
            let form = state.form();
            let name = format!("{}.docx", form.file_stem());
            let json = serde_json::to_string(&form.document()).unwrap_or_default();
            let busy = busy.clone();
            let failed = failed.clone();
            busy.set(true);
            failed.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match crate::web::form_docx(&json).await {
                    Ok(bytes) => crate::web::download_bytes(
                        &name,
                        &bytes,
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    ),
                    Err(reason) => failed.set(Some(reason)),
                }
                busy.set(false);
            });
        })
    };

    // Sections after III are numbered as the printed form numbers them (2B and 2C have no section on the
    // collective's shortcomings, so their remedies are V).
    let later: Vec<Section> = [Section::Explanations, Section::Responsibility, Section::Remedies]
        .into_iter()
        .filter(|s| s.in_form(kind))
        .collect();
    html! {
        <section class="card review" id="review" aria-labelledby="review-title">
            <h2 id="review-title">{ format!("{} ({})", t(lang, Key::FormTitle), state.rules.subjects[state.kind].form.clone().unwrap_or_else(|| kind.code().to_string())) }</h2>
            <p class="help">{ t(lang, Key::FormIntro) }</p>
            <fieldset class="review-header">
                <legend>{ t(lang, Key::FormHeader) }</legend>
                <div class="grid">
                    { line(ReviewField::Committee, "review-committee", Key::FormCommittee, &review.committee) }
                    { line(ReviewField::Place, "review-place", Key::FormPlace, &review.place) }
                    { line(ReviewField::Date, "review-date", Key::FormDate, &review.date) }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ t(lang, Key::FormPartA) }</legend>
                <h3>{ t(lang, Key::FormStrengths) }</h3>
                { for [Section::Politics, Section::Duties, Section::Pledge].into_iter().enumerate().map(|(i, s)| area(s, format!("{}. {}", i + 1, s.title(kind, lang)))) }
                { area(Section::Shortcomings, format!("II. {}", Section::Shortcomings.title(kind, lang))) }
                <h3 id="fixes-title">{ t(lang, Key::FormFixes) }</h3>
                <p class="help">{ t(lang, Key::FormFixesHelp) }</p>
                if !review.fixes.is_empty() {
                    <table class="fixes" aria-labelledby="fixes-title">
                        <thead><tr>
                            <th scope="col">{ t(lang, Key::FormFixShortcoming) }</th>
                            <th scope="col">{ t(lang, Key::FormFixStatus) }</th>
                            <th scope="col"><span class="visually-hidden">{ t(lang, Key::FormFixRemove) }</span></th>
                        </tr></thead>
                        <tbody>
                            { for review.fixes.iter().enumerate().map(|(index, fix)| html! {
                                <tr>
                                    <td><input type="text" id={format!("fix-{index}")} aria-label={format!("{} {}", t(lang, Key::FormFixShortcoming), index + 1)}
                                        value={fix.shortcoming.clone()} oninput={onfix(index)} /></td>
                                    <td>
                                        <select id={format!("fix-status-{index}")} aria-label={format!("{} {}", t(lang, Key::FormFixStatus), index + 1)} onchange={onstatus(index)}>
                                            { for FixStatus::ALL.into_iter().map(|s| html! {
                                                <option value={s.id()} selected={fix.status == s}>{ s.name(lang) }</option>
                                            }) }
                                        </select>
                                    </td>
                                    <td><button type="button" class="link" onclick={onremove(index)} aria-label={format!("{} {}", t(lang, Key::FormFixRemove), index + 1)}>{ "×" }</button></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
                <button type="button" id="fix-add" onclick={onadd}>{ t(lang, Key::FormFixAdd) }</button>
                { for later.into_iter().enumerate().map(|(i, s)| area(s, format!("{}. {}", ROMAN[3 + i], s.title(kind, lang)))) }
            </fieldset>
            <p class="help">{ t(lang, Key::FormPartB) }</p>
            <div class="buttons">
                <button type="button" id="form-print" onclick={onprint}>{ t(lang, Key::FormPrint) }</button>
                <button type="button" id="form-docx" onclick={ondocx} disabled={*busy}>
                    { if *busy { t(lang, Key::FormDocxBusy) } else { t(lang, Key::FormDocx) } }
                </button>
            </div>
            if let Some(reason) = &*failed {
                <p class="error" role="alert" id="form-docx-error">{ format!("{}: {reason}", t(lang, Key::FormDocxFailed)) }</p>
            }
        </section>
    }
}
