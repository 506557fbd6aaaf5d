use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Handle;
use super::lang_switch::lang_switch;
use crate::i18n::{Key, t};
use crate::state::Action;

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
                { lang_switch(state) }
            </div>
        </header>
    }
}
