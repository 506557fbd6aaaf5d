use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Handle;
use super::lang_switch::lang_switch;
use crate::i18n::{Key, t};
use crate::shared::state::Action;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub state: Handle,
}

/// Title, language switch and rule-set choice.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let onruleset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.dispatch(Action::SetRuleSet(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let rules = &state.rules;
    let status = if rules.official { t(lang, Key::Official) } else { t(lang, Key::NotOfficial) };
    let onyear = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            state.dispatch(Action::SetReviewYear(value.parse().ok()))
        })
    };
    // Which rule set the chosen year calls for, and whether the one in use governs that year.
    let year_note = state.saved.review_year.map(|year| {
        let domain = xeploai::builtin::domain_of(rules);
        let years = xeploai::builtin::years_of(rules);
        match xeploai::builtin::in_force_text(year, domain) {
            Ok((entry, _)) if entry.id != rules.id && state.wants_rules().is_none() => {
                let text = xeploai::Text::new(
                    format!(
                        "Năm {year} nằm ngoài các năm bộ quy tắc {} áp dụng ({}); bộ đang áp dụng năm đó: {}",
                        rules.id,
                        years.describe(xeploai::Lang::Vi),
                        entry.id
                    ),
                    format!(
                        "{year} is outside the years of the rule set {} ({}); the one in force that year: {}",
                        rules.id,
                        years.describe(xeploai::Lang::En),
                        entry.id
                    ),
                );
                (true, text.get(lang).to_string())
            }
            Ok((_, text)) => (false, text.get(lang).to_string()),
            Err(text) => (true, text.get(lang).to_string()),
        }
    });
    html! {
        <header class="header">
            <div class="title">
                <h1>{ t(lang, Key::AppTitle) }</h1>
                <p class="subtitle">{ t(lang, Key::AppSubtitle) }</p>
            </div>
            <div class="controls">
                <div class="field inline">
                    <label for="rule-set">{ t(lang, Key::RuleSet) }</label>
                    <select id="rule-set" onchange={onruleset}>
                        { for xeploai::builtin::CATALOG.iter().map(|entry| {
                            html! { <option value={entry.id} selected={entry.id == state.saved.rule_set}>{ entry.name(lang) }</option> }
                        }) }
                    </select>
                    <span class={classes!("badge", (!rules.official).then_some("warning"))}>{ status }</span>
                    if state.wants_rules().is_some() {
                        <span id="rule-set-loading" class="badge" role="status">{ t(lang, Key::RuleSetLoading) }</span>
                    }
                </div>
                <div class="field inline">
                    <label for="review-year">{ t(lang, Key::ReviewYear) }</label>
                    <select id="review-year" onchange={onyear}>
                        <option value="" selected={state.saved.review_year.is_none()}>{ "—" }</option>
                        { for (2015..=2030).map(|year| html! {
                            <option value={year.to_string()} selected={state.saved.review_year == Some(year)}>{ year }</option>
                        }) }
                    </select>
                    if let Some((warning, note)) = year_note {
                        <span id="review-year-note" class={classes!("year-note", warning.then_some("warning"))} role="status">{ note }</span>
                    }
                </div>
                { lang_switch(state) }
            </div>
        </header>
    }
}
