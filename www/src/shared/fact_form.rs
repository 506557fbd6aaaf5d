use yew::prelude::*;

use super::Handle;
use super::fact_field::FactField;
use crate::i18n::group_title;

#[derive(Properties, PartialEq)]
pub struct FactFormProps {
    pub state: Handle,
}

/// The form generated from the rule set's facts for the chosen subject kind, one fieldset per group.
#[component]
pub fn FactForm(props: &FactFormProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    html! {
        <div class="facts">
            { for state.form.iter().map(|group| html! {
                <fieldset class="card group" id={format!("group-{}", if group.id.is_empty() { "other" } else { &group.id })}>
                    <legend>{ group_title(lang, &group.id) }</legend>
                    { for group.fields.iter().map(|field| html! {
                        <FactField state={state.clone()} field={field.clone()} />
                    }) }
                </fieldset>
            }) }
        </div>
    }
}
