use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::Handle;
use crate::shared::state::Action;

#[derive(Properties, PartialEq)]
pub struct DataActionsProps {
    pub state: Handle,
}

/// Print, export, import, and clear (which asks first).
#[component]
pub fn DataActions(props: &DataActionsProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let onprint = Callback::from(|_: MouseEvent| crate::web::print());
    let onexport = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(text) = serde_json::to_string_pretty(&state.saved) {
                let name = if state.saved.person.name.trim().is_empty() {
                    "tu-danh-gia".to_string()
                } else {
                    xeploai::input::fold(&state.saved.person.name).replace(' ', "-")
                };
                crate::web::download(&format!("xeploai-{name}.json"), &text);
            }
        })
    };
    // A file comes in as a new saved profile: nothing open is overwritten.
    let onimport = super::profiles_panel::on_import_file(state);
    let onclear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::AskClear))
    };
    let onconfirm = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ConfirmClear))
    };
    let oncancel = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::CancelClear))
    };
    html! {
        <section class="card actions">
            <div class="buttons">
                <button type="button" id="print" onclick={onprint}>{ t(lang, Key::Print) }</button>
                <button type="button" id="export" onclick={onexport}>{ t(lang, Key::Export) }</button>
                <input type="file" id="import" class="visually-hidden file-input" accept=".json,application/json" onchange={onimport} />
                <label class="button" for="import">{ t(lang, Key::Import) }</label>
                <button type="button" id="clear" class="danger" onclick={onclear}>{ t(lang, Key::Clear) }</button>
            </div>
            if state.confirm_clear {
                <div id="clear-confirm" class="confirm" role="alertdialog" aria-labelledby="clear-question">
                    <p id="clear-question">{ t(lang, Key::ClearConfirm) }</p>
                    <button type="button" id="clear-yes" class="danger" onclick={onconfirm}>{ t(lang, Key::ClearYes) }</button>
                    <button type="button" id="clear-no" onclick={oncancel} autofocus=true>{ t(lang, Key::ClearNo) }</button>
                </div>
            }
        </section>
    }
}
