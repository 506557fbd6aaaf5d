use web_sys::{HtmlInputElement, HtmlSelectElement};
use xeploai::knobs::{Knob, KnobKind};
use yew::prelude::*;

use super::VariantsHandle;
use crate::i18n::{V, v};
use crate::pages::variants::state::VariantsAction;

#[derive(Properties, PartialEq)]
pub struct KnobsFormProps {
    pub state: VariantsHandle,
}

/// The common settings of the rule set (level thresholds, quota percentage, base, scope, rounding, the fallback
/// when a level's conditions fail) as a form; each change is written into the text, comments and layout kept.
#[component]
pub fn KnobsForm(props: &KnobsFormProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let set = |id: String| {
        let state = state.clone();
        move |value: String| state.dispatch(VariantsAction::SetKnob { id: id.clone(), value })
    };
    let field = |knob: &Knob| {
        let input_id = format!("knob-{}", knob.id.replace('.', "-"));
        let label = html! { <label for={input_id.clone()}>{ knob.label.get(lang) }</label> };
        let set = set(knob.id.clone());
        let control = match &knob.kind {
            KnobKind::Number { .. } => {
                let set = Callback::from(set);
                html! { <NumberKnob id={input_id.clone()} value={knob.value.clone()} {set} /> }
            }
            KnobKind::Choice { choices } => {
                let onchange =
                    Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()));
                html! {
                    <select id={input_id.clone()} {onchange}>
                        { for choices.iter().map(|c| html! { <option value={c.id.clone()} selected={c.id == knob.value}>{ c.label.get(lang) }</option> }) }
                    </select>
                }
            }
            KnobKind::Switch => {
                let on = knob.value != "false";
                let onchange = Callback::from(move |_: Event| set((!on).to_string()));
                return html! {
                    <div class="field checkbox">
                        <input type="checkbox" id={input_id.clone()} checked={on} {onchange} />
                        <label for={input_id}>{ knob.label.get(lang) }</label>
                    </div>
                };
            }
            KnobKind::List { choices } => {
                let chosen: Vec<String> =
                    knob.value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                html! {
                    <div id={input_id.clone()} class="choice-row" role="group">
                        { for choices.iter().map(|c| {
                            let mut next = chosen.clone();
                            if let Some(at) = next.iter().position(|x| *x == c.id) { next.remove(at); } else { next.push(c.id.clone()); }
                            let value = next.join(", ");
                            let set = set.clone();
                            let onchange = Callback::from(move |_: Event| set(value.clone()));
                            let box_id = format!("{input_id}-{}", c.id);
                            html! {
                                <span class="choice">
                                    <input type="checkbox" id={box_id.clone()} checked={chosen.contains(&c.id)} {onchange} />
                                    <label for={box_id}>{ c.label.get(lang) }</label>
                                </span>
                            }
                        }) }
                    </div>
                }
            }
        };
        html! { <div class="field">{ label }{ control }</div> }
    };
    if state.knobs.is_empty() {
        return html! {};
    }
    html! {
        <details class="card knobs" open=true>
            <summary><h2 class="inline-heading">{ v(lang, V::Knobs) }</h2></summary>
            <p class="help">{ v(lang, V::KnobsHelp) }</p>
            <div class="grid">{ for state.knobs.iter().map(field) }</div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct NumberKnobProps {
    id: AttrValue,
    value: AttrValue,
    set: Callback<String>,
}

/// A number setting: what she types is kept until the field's change (Enter, or leaving it) writes it into the text.
/// A render meanwhile (the rule set's cases finishing after an edit, a fact typed in the person's form) puts a
/// field's value back to the one given (Yew refreshes it from the DOM), which lost her typing: kept here instead.
#[component]
fn NumberKnob(props: &NumberKnobProps) -> Html {
    let draft = use_state(|| None::<String>);
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let onchange = {
        let (draft, set) = (draft.clone(), props.set.clone());
        Callback::from(move |e: Event| {
            draft.set(None);
            set.emit(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let value = (*draft).clone().map_or_else(|| props.value.clone(), AttrValue::from);
    html! { <input type="text" inputmode="decimal" id={props.id.clone()} {value} {oninput} {onchange} /> }
}
