use yew::prelude::*;

use super::Handle;
use crate::i18n::{Key, t};
use crate::shared::state::Action;

/// The two language buttons (the choice is saved with what was typed, so every page follows it). A function, not
/// a component, to keep the first page small.
pub fn lang_switch(state: &Handle) -> Html {
    let lang = state.lang();
    let onlang = |target: xeploai::Lang| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetLang(target)))
    };
    html! {
        <div class="lang" role="group" aria-label={t(lang, Key::Language)}>
            <button id="lang-vi" type="button" aria-pressed={(lang == xeploai::Lang::Vi).to_string()} onclick={onlang(xeploai::Lang::Vi)}>{ "Tiếng Việt" }</button>
            <button id="lang-en" type="button" aria-pressed={(lang == xeploai::Lang::En).to_string()} onclick={onlang(xeploai::Lang::En)}>{ "English" }</button>
        </div>
    }
}
