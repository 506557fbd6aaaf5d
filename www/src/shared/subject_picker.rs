use yew::prelude::*;

use super::Handle;
use crate::i18n::{Key, t};
use crate::shared::state::Action;

#[derive(Properties, PartialEq)]
pub struct SubjectPickerProps {
    pub state: Handle,
}

/// The subject kinds of the rule set, as radio buttons (arrow keys move between them).
#[component]
pub fn SubjectPicker(props: &SubjectPickerProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    html! {
        <fieldset class="card subjects">
            <legend>{ t(lang, Key::Subject) }</legend>
            { for state.rules.subjects.iter().map(|subject| {
                let id = subject.id.clone();
                let onchange = {
                    let state = state.clone();
                    let id = id.clone();
                    Callback::from(move |_: Event| state.dispatch(Action::SetSubject(id.clone())))
                };
                let input_id = format!("subject-{id}");
                html! {
                    <div class="choice">
                        <input type="radio" name="subject" id={input_id.clone()} value={id.clone()} checked={state.saved.subject == id} {onchange} />
                        <label for={input_id}>
                            { subject.name.get(lang) }
                            if let Some(form) = &subject.form { <span class="muted">{ format!(" ({form})") }</span> }
                        </label>
                    </div>
                }
            }) }
        </fieldset>
    }
}
