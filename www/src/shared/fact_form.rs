use yew::prelude::*;

use std::collections::BTreeMap;
use std::rc::Rc;

use xeploai::Lang;

use super::fact_field::FactField;
use crate::i18n::group_title;
use crate::shared::form::Group;
use crate::shared::state::Evaluation;

#[derive(Properties, PartialEq)]
pub struct FactFormProps {
    pub lang: Lang,
    pub form: Rc<Vec<Group>>,
    /// The text typed per fact.
    pub values: BTreeMap<String, String>,
    /// The evaluation of what was typed: why the text typed for a fact is not valid.
    pub evaluation: Rc<Evaluation>,
    /// A fact's text changed: (fact, text).
    pub oninput: Callback<(String, String)>,
}

/// The form generated from the rule set's facts for the chosen subject kind, one fieldset per group.
#[component]
pub fn FactForm(props: &FactFormProps) -> Html {
    let lang = props.lang;
    html! {
        <div class="facts">
            { for props.form.iter().map(|group| html! {
                <fieldset class="card group" id={format!("group-{}", if group.id.is_empty() { "other" } else { &group.id })}>
                    <legend>{ group_title(lang, &group.id) }</legend>
                    { for group.fields.iter().map(|field| html! {
                        <FactField
                            lang={lang}
                            field={field.clone()}
                            value={props.values.get(&field.fact).cloned().unwrap_or_default()}
                            error={props.evaluation.errors.get(&field.fact).cloned()}
                            oninput={{ let fact = field.fact.clone(); props.oninput.reform(move |text| (fact.clone(), text)) }}
                        />
                    }) }
                </fieldset>
            }) }
        </div>
    }
}
