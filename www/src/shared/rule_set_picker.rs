use web_sys::HtmlSelectElement;
use xeploai::{Lang, Text};
use yew::prelude::*;

use crate::i18n::{Key, t};

/// What the picker shows and whom it tells.
pub struct RuleSetPickerProps {
    pub lang: Lang,
    /// The bundled rule set chosen (its id).
    pub selected: String,
    /// Whether the rule set in use is official.
    pub official: bool,
    /// The chosen rule set is being fetched.
    pub loading: bool,
    pub review_year: Option<i32>,
    /// What the review year calls for (see `State::year_note`): a warning or not, and the text.
    pub year_note: Option<(bool, Text)>,
    pub onruleset: Callback<String>,
    pub onyear: Callback<Option<i32>>,
}

/// The header's choice of a bundled rule set and of the review year. A function, not a component, to keep the
/// first page small.
pub fn rule_set_picker(props: RuleSetPickerProps) -> Html {
    let lang = props.lang;
    let onruleset = props.onruleset.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let onyear = props.onyear.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok());
    let status = if props.official { t(lang, Key::Official) } else { t(lang, Key::NotOfficial) };
    html! {
        <>
            <div class="field inline">
                <label for="rule-set">{ t(lang, Key::RuleSet) }</label>
                <select id="rule-set" onchange={onruleset}>
                    { for xeploai::builtin::CATALOG.iter().map(|entry| {
                        html! { <option value={entry.id} selected={entry.id == props.selected}>{ entry.name(lang) }</option> }
                    }) }
                </select>
                <span class={classes!("badge", (!props.official).then_some("warning"))}>{ status }</span>
                if props.loading {
                    <span id="rule-set-loading" class="badge" role="status">{ t(lang, Key::RuleSetLoading) }</span>
                }
            </div>
            <div class="field inline">
                <label for="review-year">{ t(lang, Key::ReviewYear) }</label>
                <select id="review-year" onchange={onyear}>
                    <option value="" selected={props.review_year.is_none()}>{ "—" }</option>
                    { for (2015..=2030).map(|year| html! {
                        <option value={year.to_string()} selected={props.review_year == Some(year)}>{ year }</option>
                    }) }
                </select>
                if let Some((warning, note)) = &props.year_note {
                    <span id="review-year-note" class={classes!("year-note", warning.then_some("warning"))} role="status">{ note.get(lang) }</span>
                }
            </div>
        </>
    }
}
