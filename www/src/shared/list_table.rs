//! The task table: a rule set's list (tasks, products) declared item by item, one row an item, one column a field.
//! Rows are added, removed and reordered with buttons or the keyboard (Enter on the last row adds one, Alt+↑/↓
//! moves, Ctrl+Delete removes), rows copied from Excel or Word are pasted into any cell (tab-separated, filling the
//! columns from that cell on), and the facts the list feeds are shown as she types.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use xeploai::form::{Fix, FixStatus, SECTION_THREE_LIST};
use xeploai::ruleset::{FieldType, ListDef};

use crate::i18n::{C, Key, c, t};
use crate::shared::Handle;
use crate::shared::state::{Action, list_checked, list_choice, paste_rows};

#[derive(Properties, PartialEq)]
pub struct ListTablesProps {
    pub state: Handle,
}

/// Every list the subject kind may declare, each with its table.
#[component]
pub fn ListTables(props: &ListTablesProps) -> Html {
    let state = &props.state;
    html! {
        <>
            { for state.rules.lists_for(state.kind).map(|(_, list)| html! {
                <ListTable state={state.clone()} list={list.id.clone()} />
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ListTableProps {
    pub state: Handle,
    pub list: String,
}

/// The id of a cell's control, for labels, focus and tests.
fn cell_id(list: &str, row: usize, field: &str) -> String {
    format!("list-{list}-{row}-{field}")
}

/// Focus a control once the page has been redrawn (after a row moved, was added or removed).
fn focus_later(id: String) {
    let Some(window) = web_sys::window() else { return };
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
        let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id));
        if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0);
}

/// One list: the switch between the list and the typed totals, the table, and the totals computed from it.
#[component]
pub fn ListTable(props: &ListTableProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let Some(def) = state.rules.lists.iter().find(|l| l.id == props.list) else { return html! {} };
    let list_id = def.id.clone();
    let subject = &state.saved.subject;
    let off = state.saved.lists_off.get(subject).is_some_and(|off| off.contains(&list_id));
    let items = state.saved.lists.get(subject).and_then(|lists| lists.get(&list_id));
    // Section III is always given from the review form unless switched off; other lists once she starts one.
    let section_three = list_id == SECTION_THREE_LIST;
    let on = (items.is_some() || section_three) && !off;
    let items: Vec<_> = items.cloned().unwrap_or_default();
    let errors = &state.evaluation.errors;

    let onuse = {
        let state = state.clone();
        let list = list_id.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            state.dispatch(Action::ListUse { list: list.clone(), on });
        })
    };
    let use_id = format!("list-{list_id}-use");
    let fed: Vec<Html> = state
        .evaluation
        .lists
        .fed
        .iter()
        .filter(|f| f.lists.contains(&list_id))
        .map(|fed| {
            let fact = state.rules.fact_slot(&fed.fact).map(|slot| state.rules.fact(slot));
            let name = fact.map(|f| f.name.get(lang).to_string()).unwrap_or_else(|| fed.fact.clone());
            let value = match (fed.value, fact) {
                (Some(value), Some(fact)) if fact.ty == xeploai::ruleset::FactType::Percent => {
                    value.display_percent(lang, 2)
                }
                (Some(value), _) => value.display(lang, 2),
                (None, _) => "?".to_string(),
            };
            html! { <><dt>{ name }</dt><dd id={format!("list-{list_id}-total-{}", fed.fact)}>{ value }</dd></> }
        })
        .collect();
    let list_errors: Vec<Html> = errors
        .iter()
        .filter(|(key, _)| key.starts_with(&format!("list.{list_id}.")) && key.ends_with('.'))
        .map(|(_, message)| html! { <li>{ message.get(lang) }</li> })
        .collect();

    let use_label = if section_three {
        c(lang, C::SectionThreeUse)
    } else if def.is_checklist() {
        c(lang, C::ChecklistUse)
    } else {
        t(lang, Key::ListUse)
    };
    html! {
        <fieldset class="card list-table" id={format!("list-{list_id}")}>
            <legend>{ def.name.get(lang) }</legend>
            if let Some(help) = &def.help { <p class="help">{ help.get(lang) }</p> }
            <div class="field checkbox">
                <input type="checkbox" id={use_id.clone()} checked={on} onchange={onuse} />
                <label for={use_id}>{ use_label }</label>
            </div>
            if section_three {
                if on { { section_three_items(state) } }
            } else if def.is_checklist() && !on {
                { checklist_guide(state, def) }
            } else if def.is_checklist() {
                { checklist_table(state, def, &items) }
            } else if on {
                <p class="help">{ t(lang, Key::ListHelp) }</p>
                { table(state, def, &items) }
            }
            if on {
                if !list_errors.is_empty() {
                    <ul class="error" role="alert">{ for list_errors }</ul>
                }
                if !fed.is_empty() {
                    <section class="list-totals" aria-live="polite">
                        <h3>{ format!("{} ({} {})", t(lang, Key::ListTotals), state.evaluation.lists.used.iter().find(|u| u.list == list_id).map_or(0, |u| u.items), def.item.get(lang)) }</h3>
                        <dl>{ for fed }</dl>
                    </section>
                }
            }
        </fieldset>
    }
}

/// The table of items, with an empty last row to type a new item into.
fn table(state: &Handle, def: &ListDef, items: &[std::collections::BTreeMap<String, String>]) -> Html {
    let lang = state.lang();
    let list_id = def.id.clone();
    let rows = items.len();
    let dispatch = |action: Action| {
        let state = state.clone();
        move || state.dispatch(action.clone())
    };
    let onadd = {
        let add = dispatch(Action::ListAdd { list: list_id.clone(), at: rows });
        let first = def.fields.first().map(|f| cell_id(&list_id, rows, &f.id)).unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            add();
            focus_later(first.clone());
        })
    };
    html! {
        <>
            <div class="table-scroll">
                <table class="list-items" id={format!("list-{list_id}-table")}>
                    <caption class="visually-hidden">{ def.name.get(lang) }</caption>
                    <thead><tr>
                        { field_headers(def, lang) }
                        <th scope="col">{ t(lang, Key::ListActions) }</th>
                    </tr></thead>
                    <tbody>
                        { for items.iter().enumerate().map(|(index, item)| row(state, def, index, rows, item)) }
                        if items.is_empty() {
                            <tr><td colspan={(def.fields.len() + 2).to_string()} class="muted">{ t(lang, Key::ListEmpty) }</td></tr>
                        }
                    </tbody>
                </table>
            </div>
            <button type="button" id={format!("list-{list_id}-add")} onclick={onadd}>{ t(lang, Key::ListAdd) }</button>
        </>
    }
}

/// The column headers of a list's table: the item number, then each field (its help as a tooltip, its unit).
fn field_headers(def: &ListDef, lang: xeploai::Lang) -> Html {
    html! {
        <>
            <th scope="col">{ t(lang, Key::ListNumber) }</th>
            { for def.fields.iter().map(|f| html! {
                <th scope="col" title={f.help.as_ref().map(|h| h.get(lang).to_string())}>
                    { f.name.get(lang) }
                    if let Some(unit) = &f.unit { <span class="muted">{ format!(" ({})", unit.get(lang)) }</span> }
                </th>
            }) }
        </>
    }
}

/// One item's row: a control per field (its error beside it), and the row's buttons.
fn row(
    state: &Handle,
    def: &ListDef,
    index: usize,
    rows: usize,
    item: &std::collections::BTreeMap<String, String>,
) -> Html {
    let lang = state.lang();
    let list = def.id.clone();
    let number = index + 1;
    let errors = &state.evaluation.errors;
    let item_error = errors.get(&format!("list.{list}.{number}."));
    let action = |action: Action, focus: Option<String>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(action.clone());
            if let Some(id) = &focus {
                focus_later(id.clone());
            }
        })
    };
    let first_field = def.fields.first().map(|f| f.id.clone()).unwrap_or_default();
    // Keys on any cell of the row: Enter on the last row adds one; Alt+↑/↓ moves the row; Ctrl+Delete removes it.
    let onkeydown = {
        let state = state.clone();
        let list = list.clone();
        Callback::from(move |e: KeyboardEvent| {
            let field = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.id())
                .and_then(|id| id.rsplit('-').next().map(str::to_string))
                .unwrap_or_default();
            let key = e.key();
            if key == "Enter" && index + 1 == rows && !e.shift_key() {
                e.prevent_default();
                state.dispatch(Action::ListAdd { list: list.clone(), at: rows });
                focus_later(cell_id(&list, rows, &field));
            } else if e.alt_key() && key == "ArrowUp" && index > 0 {
                e.prevent_default();
                state.dispatch(Action::ListMove { list: list.clone(), from: index, to: index - 1 });
                focus_later(cell_id(&list, index - 1, &field));
            } else if e.alt_key() && key == "ArrowDown" && index + 1 < rows {
                e.prevent_default();
                state.dispatch(Action::ListMove { list: list.clone(), from: index, to: index + 1 });
                focus_later(cell_id(&list, index + 1, &field));
            } else if e.ctrl_key() && key == "Delete" {
                e.prevent_default();
                state.dispatch(Action::ListRemove { list: list.clone(), index });
                focus_later(cell_id(&list, index.min(rows.saturating_sub(2)), &field));
            }
        })
    };
    html! {
        <tr class={classes!(item_error.map(|_| "invalid"))} {onkeydown}>
            <th scope="row">{ number }</th>
            { for def.fields.iter().enumerate().map(|(column, field)| cell(state, def, index, column, field, item)) }
            <td class="row-actions">
                <button type="button" class="link" aria-label={format!("{} {number}", t(lang, Key::ListUp))} disabled={index == 0}
                    onclick={action(Action::ListMove { list: list.clone(), from: index, to: index.saturating_sub(1) }, None)}>{ "↑" }</button>
                <button type="button" class="link" aria-label={format!("{} {number}", t(lang, Key::ListDown))} disabled={index + 1 == rows}
                    onclick={action(Action::ListMove { list: list.clone(), from: index, to: index + 1 }, None)}>{ "↓" }</button>
                <button type="button" class="link" id={format!("list-{list}-{index}-remove")} aria-label={format!("{} {number}", t(lang, Key::ListRemove))}
                    onclick={action(Action::ListRemove { list: list.clone(), index }, Some(cell_id(&list, index.min(rows.saturating_sub(2)), &first_field)))}>{ "×" }</button>
                if let Some(error) = item_error { <p class="error" role="alert">{ error.get(lang) }</p> }
            </td>
        </tr>
    }
}

/// One cell: a text box, a yes/no box or a choice, as the field's type says; a paste of several cells fills the
/// row from this column on and the rows below.
fn cell(
    state: &Handle,
    def: &ListDef,
    index: usize,
    column: usize,
    field: &xeploai::ruleset::ListField,
    item: &std::collections::BTreeMap<String, String>,
) -> Html {
    let lang = state.lang();
    let list = def.id.clone();
    let id = cell_id(&list, index, &field.id);
    let value = item.get(&field.id).cloned().unwrap_or_default();
    let error = state.evaluation.errors.get(&format!("list.{list}.{}.{}", index + 1, field.id));
    let label = format!("{} {}", field.name.get(lang), index + 1);
    let set = {
        let state = state.clone();
        let list = list.clone();
        let field = field.id.clone();
        move |value: String| state.dispatch(Action::ListItem { list: list.clone(), index, field: field.clone(), value })
    };
    let onpaste = {
        let state = state.clone();
        let list = list.clone();
        let fields: Vec<String> = def.fields.iter().map(|f| f.id.clone()).collect();
        // A checklist's first field (which item) is not typed: pasted rows start after it.
        let first_typed = usize::from(def.is_checklist());
        let saved = state.saved.lists.get(&state.saved.subject).and_then(|l| l.get(&list)).cloned().unwrap_or_default();
        Callback::from(move |e: Event| {
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.get_data("text/plain").ok())
            else {
                return;
            };
            if !text.contains('\t') && !text.trim_end().contains('\n') {
                return;
            }
            e.prevent_default();
            // The pasted cells start at this column: the row keeps what the columns before it hold.
            let rows: Vec<Vec<String>> = paste_rows(&text)
                .into_iter()
                .enumerate()
                .map(|(offset, cells)| {
                    let before = saved.get(index + offset);
                    let mut full: Vec<String> = fields[first_typed.min(column)..column]
                        .iter()
                        .map(|f| before.and_then(|b| b.get(f)).cloned().unwrap_or_default())
                        .collect();
                    full.extend(cells);
                    full
                })
                .collect();
            state.dispatch(Action::ListPaste { list: list.clone(), at: index, rows });
        })
    };
    let invalid = error.is_some().to_string();
    let control = match field.ty {
        FieldType::Bool => {
            let checked = list_checked(&value);
            let onchange = Callback::from(move |e: Event| {
                let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
                set(if checked { "có".into() } else { String::new() });
            });
            html! { <input type="checkbox" id={id.clone()} aria-label={label} checked={checked} {onchange} onpaste={onpaste} /> }
        }
        FieldType::Choice => {
            let selected = list_choice(field, &value);
            let onchange = Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()));
            html! {
                // Keyed by the value, so the shown option is always the saved one (an option's `selected` is only
                // read when the element is created).
                <select key={format!("{id}={value}")} id={id.clone()} aria-label={label} aria-invalid={invalid} {onchange} onpaste={onpaste}>
                    <option value="" selected={selected.is_none() && value.is_empty()}>{ "—" }</option>
                    if selected.is_none() && !value.is_empty() {
                        <option value={value.clone()} selected=true>{ value.clone() }</option>
                    }
                    { for field.choices.iter().map(|c| html! {
                        <option value={c.id.clone()} selected={selected.as_deref() == Some(c.id.as_str())}>{ c.name.get(lang) }</option>
                    }) }
                </select>
            }
        }
        _ => {
            let numeric = !matches!(field.ty, FieldType::Text);
            let oninput =
                Callback::from(move |e: InputEvent| set(e.target_unchecked_into::<HtmlInputElement>().value()));
            let placeholder = field.default.map(|d| d.display(lang, 2)).unwrap_or_default();
            html! {
                <input type="text" id={id.clone()} aria-label={label} value={value} autocomplete="off"
                    inputmode={if numeric { "decimal" } else { "text" }} placeholder={placeholder}
                    aria-invalid={invalid} {oninput} onpaste={onpaste} />
            }
        }
    };
    html! {
        <td class={classes!(error.map(|_| "invalid"))} data-label={field.name.get(lang).to_string()}>
            { control }
            if let Some(error) = error { <p class="error" role="alert">{ error.get(lang) }</p> }
        </td>
    }
}

// crit
/// A checklist switched off: its items for the subject kind as a guide to review oneself against.
fn checklist_guide(state: &Handle, def: &ListDef) -> Html {
    let lang = state.lang();
    html! {
        <>
            <p class="help">{ c(lang, C::ChecklistGuide) }</p>
            <ol class="checklist-guide" id={format!("list-{}-guide", def.id)}>
                { for def.items_for(state.kind).map(|(_, item)| html! {
                    <li>
                        { item.name.get(lang) }
                        if let Some(max) = item.max { { format!(" ({} {})", c(lang, C::ChecklistAtMost), max.display(lang, 2)) } }
                        if let Some(help) = &item.help { <span class="help">{ format!(" — {}", help.get(lang)) }</span> }
                    </li>
                }) }
            </ol>
        </>
    }
}

/// A checklist switched on: one row per item of the subject kind (named by the rule set, never added, removed or
/// moved), a control per field the person fills.
fn checklist_table(state: &Handle, def: &ListDef, items: &[std::collections::BTreeMap<String, String>]) -> Html {
    let lang = state.lang();
    let list_id = def.id.clone();
    let empty = std::collections::BTreeMap::new();
    let errors = &state.evaluation.errors;
    html! {
        <div class="table-scroll">
            <table class="list-items checklist" id={format!("list-{list_id}-table")}>
                <caption class="visually-hidden">{ def.name.get(lang) }</caption>
                <thead><tr>{ field_headers(def, lang) }</tr></thead>
                <tbody>
                    { for def.items_for(state.kind).enumerate().map(|(index, (_, declared))| {
                        let item = items.get(index).unwrap_or(&empty);
                        let number = index + 1;
                        let item_error = errors.get(&format!("list.{list_id}.{number}."));
                        html! {
                            <tr class={classes!(item_error.map(|_| "invalid"))}>
                                <th scope="row">{ number }</th>
                                <td class="checklist-item" id={format!("list-{list_id}-{index}-item")} title={declared.help.as_ref().map(|h| h.get(lang).to_string())}>
                                    { declared.name.get(lang) }
                                    if let Some(max) = declared.max {
                                        <span class="muted">{ format!(" ({} {})", c(lang, C::ChecklistAtMost), max.display(lang, 2)) }</span>
                                    }
                                    if let Some(error) = item_error { <p class="error" role="alert">{ error.get(lang) }</p> }
                                </td>
                                { for def.fields.iter().enumerate().skip(1).map(|(column, field)| cell(state, def, index, column, field, item)) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Part A section III shown as the list it feeds: its items as typed in the review form, to read (typed once).
fn section_three_items(state: &Handle) -> Html {
    let lang = state.lang();
    let mut fixes: Vec<Fix> =
        state.saved.review.fixes.iter().filter(|f| !f.shortcoming.trim().is_empty()).cloned().collect();
    // The list saved as such (an imported file) counts while the section has no items: shown, never hidden.
    if fixes.is_empty() {
        let saved = state.saved.lists.get(&state.saved.subject).and_then(|l| l.get(SECTION_THREE_LIST));
        let status = state.rules.lists.iter().find(|l| l.id == SECTION_THREE_LIST).and_then(|l| l.field("status"));
        for item in saved.into_iter().flatten() {
            let shortcoming = item.get("name").cloned().unwrap_or_default();
            let status = status
                .and_then(|field| list_choice(field, item.get("status").map_or("", String::as_str)))
                .and_then(|id| FixStatus::from_id(&id))
                .unwrap_or_default();
            fixes.push(Fix { shortcoming, status });
        }
    }
    html! {
        <>
            <p class="help">{ c(lang, C::SectionThreeHelp) }</p>
            if fixes.is_empty() {
                <p class="muted" id="list-shortcomings-empty">{ c(lang, C::SectionThreeEmpty) }</p>
            } else {
                <ol class="section-three" id="list-shortcomings-items">
                    { for fixes.iter().map(|f| html! {
                        <li>
                            { f.shortcoming.trim() }{ ": " }
                            <strong class={classes!((f.status == FixStatus::Fixed).then_some("met"))}>{ f.status.name(lang) }</strong>
                        </li>
                    }) }
                </ol>
            }
        </>
    }
}
