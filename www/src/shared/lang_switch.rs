use xeploai::Lang;
use yew::prelude::*;

use crate::i18n::{Key, t};

/// The two language buttons (the choice is saved with what was typed, so every page follows it). A function, not
/// a component, to keep the first page small.
pub fn lang_switch(lang: Lang, onlang: &Callback<Lang>) -> Html {
    let choose = |target: Lang| onlang.reform(move |_: MouseEvent| target);
    html! {
        <div class="lang" role="group" aria-label={t(lang, Key::Language)}>
            <button id="lang-vi" type="button" aria-pressed={(lang == Lang::Vi).to_string()} onclick={choose(Lang::Vi)}>{ "Tiếng Việt" }</button>
            <button id="lang-en" type="button" aria-pressed={(lang == Lang::En).to_string()} onclick={choose(Lang::En)}>{ "English" }</button>
        </div>
    }
}
