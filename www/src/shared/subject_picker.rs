use yew::prelude::*;

use xeploai::Lang;

use crate::i18n::{Key, t};
use crate::shared::SharedRules;

#[derive(Properties, PartialEq)]
pub struct SubjectPickerProps {
    pub lang: Lang,
    pub rules: SharedRules,
    /// The subject kind chosen (its id).
    pub selected: String,
    pub onselect: Callback<String>,
}

/// The subject kinds of the rule set, as radio buttons (arrow keys move between them).
#[component]
pub fn SubjectPicker(props: &SubjectPickerProps) -> Html {
    let lang = props.lang;
    html! {
        <fieldset class="card subjects">
            <legend>{ t(lang, Key::Subject) }</legend>
            { for props.rules.0.subjects.iter().map(|subject| {
                let id = subject.id.clone();
                let onchange = {
                    let id = id.clone();
                    props.onselect.reform(move |_: Event| id.clone())
                };
                let input_id = format!("subject-{id}");
                html! {
                    <div class="choice">
                        <input type="radio" name="subject" id={input_id.clone()} value={id.clone()} checked={props.selected == id} {onchange} />
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
