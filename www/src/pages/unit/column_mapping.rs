use std::rc::Rc;

use web_sys::HtmlSelectElement;
use xeploai::Lang;
use xeploai::input::{ColumnOverrides, ColumnUse, TableKind};
use yew::prelude::*;

use super::UnitHandle;
use super::derived::{column_plan_of, mappable_facts};
use crate::i18n::{U, u};
use crate::pages::unit::state::{AUTOMATIC, LoadedFile, UnitAction, UnitState};
use crate::shared::SharedRules;

#[derive(Properties, PartialEq)]
pub struct ColumnMappingProps {
    pub state: UnitHandle,
}

const META: &[(&str, &str, &str)] = &[
    ("id", "Mã", "Id"),
    ("name", "Họ tên / tên", "Name"),
    ("subject", "Loại đối tượng", "Subject kind"),
    ("org", "Tổ chức (chi bộ) / cấp trên", "Organization / parent"),
    ("task_group", "Nhóm nhiệm vụ", "Task group"),
    ("base", "Tổ chức cơ sở đảng (có/không)", "Base organization (yes/no)"),
    ("target", "Đăng ký phấn đấu", "Registered level"),
];

/// Each column of the files read, what it was taken to mean, and a choice to change it. Unrecognized columns come
/// first; choices are remembered.
#[component]
pub fn ColumnMapping(props: &ColumnMappingProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let files: Vec<_> = [state.members_file.clone(), state.orgs_file.clone()].into_iter().flatten().collect();
    // Folded away, the tables are not drawn: their thousands of options (5,175 for a roster and its organizations)
    // were most of the page when a file was chosen, and the browser parsed and styled them in two tasks of 99 and
    // 87 ms at 5,500,000 members (issue 14). Opened (by her, or because a column is unknown or missing), they are.
    let unfolded = use_state_eq(|| false);
    let ontoggle = {
        let unfolded = unfolded.clone();
        Callback::from(move |e: Event| {
            unfolded.set(e.target_unchecked_into::<web_sys::Element>().has_attribute("open"))
        })
    };
    if files.is_empty() {
        return html! {};
    }
    let open = state.imported.as_ref().is_some_and(|i| {
        i.diagnostics.iter().any(|d| d.code == xeploai::Code::UnknownColumn || d.code == xeploai::Code::MissingColumn)
    });
    // Once open (by itself or by her) it stays open until she folds it: mapping the unknown column by hand makes
    // an import with none, and the mapping folded away under her hand.
    let open = open || *unfolded;
    // Each file's table is its own component, drawn again only when the file, the rule set, the choices or the
    // language change: not at each progress figure of an import (its thousands of options, and finding the header
    // row again, made every repaint of a 100,000-member import a long task).
    let tables = files.into_iter().filter(|_| open).map(|file| {
        html! {
            <MappingTable
                file={FileRef(file)}
                rules={SharedRules(state.rules.clone())}
                overrides={state.saved.overrides.clone()}
                lang={lang}
                dispatcher={state.dispatcher()}
            />
        }
    });
    html! {
        <details class="card mapping-card" id="column-mapping" {open} {ontoggle}>
            <summary>{ u(lang, U::MappingTitle) }</summary>
            <p class="help">{ u(lang, U::MappingIntro) }</p>
            // Always there, drawn or not: the summary before it stays the same element when the tables come (a list
            // that grows at the end is matched from the end, which made a new summary and lost her focus on it).
            <div class="mapping-tables">{ for tables }</div>
        </details>
    }
}

/// A file read, compared by address: a file is replaced, never changed in place.
#[derive(Clone)]
struct FileRef(Rc<LoadedFile>);

impl PartialEq for FileRef {
    fn eq(&self, other: &FileRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct MappingTableProps {
    file: FileRef,
    rules: SharedRules,
    overrides: ColumnOverrides,
    lang: Lang,
    dispatcher: UseReducerDispatcher<UnitState>,
}

/// One file's header row choice and its columns' meanings.
#[component]
fn MappingTable(props: &MappingTableProps) -> Html {
    {
        // Each render of a file's mapping, to its effects: a user timing the scale test names.
        let began = super::import_worker::step_now();
        use_effect(move || super::import_worker::step_measure("xeploai: render the column mapping", began));
    }
    let (file, rules, lang, overrides) = (&props.file.0, &*props.rules.0, props.lang, &props.overrides);
    let state = &props.dispatcher;
    let tables = std::iter::once(file).map(|file| {
        let headers = file.headers(rules).to_vec();
        let plan = column_plan_of(rules, file, overrides);
        let mut order: Vec<usize> = (0..headers.len()).filter(|i| !headers[*i].trim().is_empty()).collect();
        order.sort_by_key(|i| !matches!(plan.get(*i), Some(ColumnUse::Ignored)));
        // Every column's choices (a few dozen each, 2,900 options for a roster of 49 columns): written as the
        // options' HTML, which the browser parses at once, instead of an element at a time (the first render of a
        // members file's mapping was most of a 77 ms task).
        let choices: Vec<(String, String)> = [(AUTOMATIC.to_string(), u(lang, U::Automatic).to_string())]
            .into_iter()
            .chain([(String::new(), u(lang, U::Ignore).to_string())])
            .chain(META.iter().map(|(id, vi, en)| (id.to_string(), lang.pick(vi, en).to_string())))
            .chain(mappable_facts(rules, file.kind, lang))
            .collect();
        // The header row: found below any title rows, or picked here.
        let found = file.header_index(rules);
        let kind = file.kind;
        let onheader = {
            let state = state.clone();
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                state.dispatch(UnitAction::PickHeader { kind, index: value.parse().ok() })
            })
        };
        let header_id = format!("header-row-{}", if file.kind == TableKind::Members { "m" } else { "o" });
        let header_choice = html! {
            <div class="field header-row">
                <label for={header_id.clone()}>{ u(lang, U::HeaderRow) }</label>
                <select id={header_id} onchange={onheader}>
                    <option value="" selected={file.header_pick.is_none()}>{ format!("{} — {} {}", u(lang, U::HeaderRowAuto), lang.pick("dòng", "row"), file.rows.get(found).map(|r| r.0).unwrap_or(1)) }</option>
                    { for file.header_choices().into_iter().map(|(index, row, text)| html! {
                        <option value={index.to_string()} selected={file.header_pick == Some(index)}>{ format!("{} {row}: {text}", lang.pick("dòng", "row")) }</option>
                    }) }
                </select>
            </div>
        };
        html! {
            <>
            { header_choice }
            <table class="mapping">
                <caption>{ file.name.clone() }</caption>
                <thead><tr><th scope="col">{ u(lang, U::Column) }</th><th scope="col">{ u(lang, U::Figure) }</th></tr></thead>
                <tbody>
                    { for order.into_iter().map(|i| {
                        let header = headers[i].clone();
                        let overridden = overrides.get(&header).cloned();
                        let current = match (&overridden, plan.get(i)) {
                            (Some(meaning), _) => meaning.clone(),
                            (None, Some(ColumnUse::Meta(name))) => name.to_string(),
                            (None, Some(ColumnUse::Fact(slot))) => rules.facts[*slot as usize].id.clone(),
                            _ => String::new(),
                        };
                        let unrecognized = overridden.is_none() && matches!(plan.get(i), Some(ColumnUse::Ignored));
                        let onchange = {
                            let state = state.clone();
                            let header = header.clone();
                            Callback::from(move |e: Event| {
                                state.dispatch(UnitAction::SetOverride { header: header.clone(), meaning: e.target_unchecked_into::<HtmlSelectElement>().value() })
                            })
                        };
                        let select_id = format!("map-{}-{i}", if file.kind == TableKind::Members { "m" } else { "o" });
                        html! {
                            <tr class={classes!(unrecognized.then_some("unrecognized"))}>
                                <th scope="row"><label for={select_id.clone()}>{ header.clone() }</label></th>
                                <td>
                                    <select id={select_id} onchange={onchange} data-header={header.clone()}>
                                        { options(&choices, &current, overridden.is_some(), unrecognized) }
                                    </select>
                                    if overridden.is_none() && !unrecognized {
                                        <span class="muted">{ format!(" → {}", meaning_name(rules, lang, &current)) }</span>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </>
        }
    });
    html! { <>{ for tables }</> }
}

/// A column's `<option>`s as HTML: `choices` (value, text), the first two "automatic" and "ignore", the one chosen
/// selected, as the elements written one by one had it (automatic when not overridden and recognized; ignore when
/// the meaning is empty; else, when overridden, the meaning chosen).
fn options(choices: &[(String, String)], current: &str, overridden: bool, unrecognized: bool) -> Html {
    let mut html = String::with_capacity(choices.len() * 64);
    for (at, (value, text)) in choices.iter().enumerate() {
        let selected = match at {
            0 => !overridden && !unrecognized,
            1 => current.is_empty(),
            _ => overridden && current == value,
        };
        html.push_str("<option value=\"");
        escape_into(&mut html, value);
        html.push_str(if selected { "\" selected>" } else { "\">" });
        escape_into(&mut html, text);
        html.push_str("</option>");
    }
    Html::from_html_unchecked(AttrValue::from(html))
}

/// `text` escaped for HTML text or a quoted attribute.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn meaning_name(rules: &xeploai::RuleSet, lang: xeploai::Lang, meaning: &str) -> String {
    if let Some((_, vi, en)) = META.iter().find(|(id, _, _)| *id == meaning) {
        return lang.pick(vi, en).to_string();
    }
    rules
        .fact_slot(meaning)
        .map(|slot| rules.fact(slot).name.get(lang).to_string())
        .unwrap_or_else(|| meaning.to_string())
}
