use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::Handle;
use crate::shared::state::{Action, PersonField};

#[derive(Properties, PartialEq)]
pub struct PersonFormProps {
    pub state: Handle,
}

/// Who is assessed (for the printed form), and the level they registered to strive for.
#[component]
pub fn PersonForm(props: &PersonFormProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let person = &state.saved.person;
    let text_field = |field: PersonField, id: &'static str, key: Key, value: &str| {
        let oninput = {
            let state = state.clone();
            Callback::from(move |e: InputEvent| {
                state.dispatch(Action::SetPerson { field, text: e.target_unchecked_into::<HtmlInputElement>().value() })
            })
        };
        html! {
            <div class="field">
                <label for={id}>{ t(lang, key) }</label>
                <input id={id} type="text" autocomplete="off" value={value.to_string()} {oninput} />
            </div>
        }
    };
    let ontarget = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            state.dispatch(Action::SetTarget(if value.is_empty() { None } else { Some(value) }))
        })
    };
    let target = state.target().unwrap_or("").to_string();
    html! {
        <fieldset class="card person">
            <legend>{ t(lang, Key::Person) }</legend>
            <div class="grid">
                { text_field(PersonField::Name, "person-name", Key::PersonName, &person.name) }
                { text_field(PersonField::Unit, "person-unit", Key::PersonUnit, &person.unit) }
                { text_field(PersonField::Position, "person-position", Key::PersonPosition, &person.position) }
                { text_field(PersonField::Year, "person-year", Key::Year, &person.year) }
                <div class="field">
                    <label for="target">{ t(lang, Key::Target) }</label>
                    <select id="target" onchange={ontarget}>
                        <option value="" selected={target.is_empty()}>{ t(lang, Key::NoTarget) }</option>
                        { for state.rules.levels.iter().map(|level| html! {
                            <option value={level.id.clone()} selected={target == level.id}>{ format!("{} ({})", level.name.get(lang), level.short) }</option>
                        }) }
                    </select>
                </div>
            </div>
        </fieldset>
    }
}
