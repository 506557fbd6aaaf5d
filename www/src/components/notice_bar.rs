use yew::prelude::*;

use super::Handle;
use crate::i18n::{Key, t};
use crate::state::{Action, Notice};

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub state: Handle,
}

/// A message to read once: an import that worked or failed, saved data that had to be set aside.
#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let Some(notice) = &state.notice else { return html! {} };
    let (class, text) = match notice {
        Notice::Imported => ("ok", t(lang, Key::Imported).to_string()),
        Notice::ImportFailed(reason) => ("error", format!("{}: {}", t(lang, Key::ImportFailed), reason.get(lang))),
        Notice::StorageRecovered => ("warning", t(lang, Key::StorageRecovered).to_string()),
        Notice::RuleSetFailed(reason) => ("error", format!("{}: {}", t(lang, Key::RuleSetFailed), reason.get(lang))),
    };
    let ondismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::DismissNotice))
    };
    html! {
        <div id="notice" class={classes!("notice", class)} role="status">
            <span>{ text }</span>
            <button type="button" class="link" onclick={ondismiss} aria-label="OK">{ "×" }</button>
        </div>
    }
}
