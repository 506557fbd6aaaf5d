use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use xeploai::{Lang, Text};

use crate::i18n::{Key, t};
use crate::shared::form::{Field, Widget, is_checked, range_text, selected_option};

#[derive(Properties, PartialEq)]
pub struct FactFieldProps {
    pub lang: Lang,
    pub field: Field,
    /// The text typed.
    pub value: String,
    /// Why that text is not valid.
    pub error: Option<Text>,
    pub oninput: Callback<String>,
}

/// One fact: its label, the input, help and range, and, next to it, why the text typed is not valid. What was
/// typed is never cleared.
#[component]
pub fn FactField(props: &FactFieldProps) -> Html {
    let field = &props.field;
    let lang = props.lang;
    let id = format!("fact-{}", field.fact);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let error = props.error.as_ref();
    let value = props.value.clone();
    let dispatch_text = {
        let oninput = props.oninput.clone();
        move |text: String| oninput.emit(text)
    };
    let described = if error.is_some() { format!("{help_id} {error_id}") } else { help_id.clone() };
    let control = match &field.widget {
        Widget::Number { decimal, .. } => {
            let oninput = {
                let dispatch_text = dispatch_text.clone();
                Callback::from(move |e: InputEvent| {
                    dispatch_text(e.target_unchecked_into::<HtmlInputElement>().value())
                })
            };
            let placeholder = field.default.as_ref().map(|d| d.get(lang).to_string()).unwrap_or_default();
            html! {
                <input id={id.clone()} type="text" inputmode={if *decimal { "decimal" } else { "numeric" }} autocomplete="off"
                    value={value} placeholder={placeholder} aria-describedby={described.clone()}
                    aria-invalid={error.is_some().to_string()} aria-required={field.required.to_string()} {oninput} />
            }
        }
        Widget::Checkbox => {
            let checked = is_checked(field, &value);
            let onchange = {
                let dispatch_text = dispatch_text.clone();
                Callback::from(move |e: Event| {
                    let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
                    dispatch_text(if checked { "true".into() } else { "false".into() })
                })
            };
            html! { <input id={id.clone()} type="checkbox" checked={checked} aria-describedby={described.clone()} {onchange} /> }
        }
        Widget::Select { options, allow_empty } => {
            let onchange = {
                let dispatch_text = dispatch_text.clone();
                Callback::from(move |e: Event| dispatch_text(e.target_unchecked_into::<HtmlSelectElement>().value()))
            };
            let selected = selected_option(options, &value);
            let default_label = field.default.as_ref().map(|d| d.get(lang).to_string());
            html! {
                <select id={id.clone()} aria-describedby={described.clone()} aria-invalid={error.is_some().to_string()} {onchange}>
                    if *allow_empty {
                        <option value="" selected={selected.is_empty()}>{ t(lang, Key::Empty) }</option>
                    }
                    { for options.iter().map(|(option, name)| {
                        let is_selected = selected == *option || (selected.is_empty() && !*allow_empty && default_label.as_deref() == Some(name.get(lang)));
                        html! { <option value={option.clone()} selected={is_selected}>{ name.get(lang) }</option> }
                    }) }
                </select>
            }
        }
    };
    let range = range_text(field, lang);
    let requirement = if field.required { t(lang, Key::Required) } else { t(lang, Key::Optional) };
    html! {
        <div class={classes!("field", matches!(field.widget, Widget::Checkbox).then_some("checkbox"), error.map(|_| "invalid"))}>
            <label for={id.clone()}>
                { field.label.get(lang) }
                if let Some(unit) = &field.unit { <span class="muted">{ format!(" ({})", unit.get(lang)) }</span> }
            </label>
            { control }
            <p id={help_id} class="help">
                <span class="requirement">{ requirement }</span>
                if let Some(range) = range { { format!(" · {range}") } }
                if let Some(help) = &field.help { { format!(" · {}", help.get(lang)) } }
            </p>
            if let Some(error) = error {
                <p id={error_id} class="error" role="alert">{ error.get(lang) }</p>
            }
        </div>
    }
}
