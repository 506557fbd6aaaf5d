use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::UnitHandle;

/// Up to this many organizations are offered in a list to choose from; more (21,000 at 1,000,000 members) are found
/// by typing: a list of every organization cost seconds of the first paint and a screen reader hears it whole.
pub const SELECT_MAX: usize = 200;
/// The suggestions offered under a search for an organization.
pub const SUGGESTIONS: usize = 30;

#[derive(Properties, PartialEq)]
pub struct OrgPickerProps {
    pub state: UnitHandle,
    /// The control's id (its `<label for>` is the caller's).
    pub id: AttrValue,
    /// The organization chosen (its id), or empty for none.
    pub value: String,
    /// What choosing none is called ("All organizations", "—").
    pub none: AttrValue,
    /// Called with the organization's id, or an empty text for none.
    pub onchange: Callback<String>,
}

/// Choose one of the imported unit's organizations: a list when there are few, a search box with suggestions (by
/// code or name, diacritics and case ignored) when there are many; a code typed or picked in full chooses it.
#[component]
pub fn OrgPicker(props: &OrgPickerProps) -> Html {
    let state = &props.state;
    let typed = use_state_eq(|| props.value.clone());
    {
        // The choice changed from outside (or by this box): the box shows it.
        let typed = typed.clone();
        use_effect_with(props.value.clone(), move |value| typed.set(value.clone()));
    }
    let Some(imported) = &state.imported else { return html! {} };
    let org_ids = &imported.unit.org_ids;
    if org_ids.len() <= SELECT_MAX {
        let mut sorted: Vec<&String> = org_ids.iter().collect();
        sorted.sort();
        let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
        return html! {
            <select id={props.id.clone()} {onchange}>
                <option value="" selected={props.value.is_empty()}>{ props.none.clone() }</option>
                { for sorted.into_iter().map(|o| html! { <option value={o.clone()} selected={props.value == *o}>{ state.org_label(o) }</option> }) }
            </select>
        };
    }
    let oninput = {
        let typed = typed.clone();
        let onchange = props.onchange.clone();
        let chosen = props.value.clone();
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let id = text.trim();
            let known = state.imported.as_ref().is_some_and(|i| i.unit.org_ids.iter().any(|o| o == id));
            if id.is_empty() || known {
                onchange.emit(id.to_string());
            } else if !chosen.is_empty() {
                // Typing away from a chosen organization chooses none until another one is typed in full.
                onchange.emit(String::new());
            }
            typed.set(text);
        })
    };
    let list = format!("{}-list", props.id);
    let suggestions = state.org_suggestions(&typed, SUGGESTIONS);
    html! {
        <>
            <input id={props.id.clone()} type="search" list={list.clone()} value={(*typed).clone()} placeholder={props.none.clone()} autocomplete="off" {oninput} />
            <datalist id={list}>
                { for suggestions.into_iter().map(|(id, label)| html! { <option value={id}>{ label }</option> }) }
            </datalist>
        </>
    }
}
