use web_sys::HtmlSelectElement;
use xeploai::input::{ColumnUse, TableKind};
use yew::prelude::*;

use super::UnitHandle;
use super::derived::mappable_facts;
use crate::i18n::{U, u};
use crate::pages::unit::state::{AUTOMATIC, UnitAction};

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
    let rules = &state.rules;
    let files: Vec<_> = [state.members_file.clone(), state.orgs_file.clone()].into_iter().flatten().collect();
    if files.is_empty() {
        return html! {};
    }
    let tables = files.iter().map(|file| {
        let headers = file.headers(rules).to_vec();
        let plan = state.column_plan(file);
        let mut order: Vec<usize> = (0..headers.len()).filter(|i| !headers[*i].trim().is_empty()).collect();
        order.sort_by_key(|i| !matches!(plan.get(*i), Some(ColumnUse::Ignored)));
        let facts = mappable_facts(rules, file.kind, lang);
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
                        let overridden = state.saved.overrides.get(&header).cloned();
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
                                        <option value={AUTOMATIC} selected={overridden.is_none() && !unrecognized}>{ u(lang, U::Automatic) }</option>
                                        <option value="" selected={current.is_empty()}>{ u(lang, U::Ignore) }</option>
                                        { for META.iter().map(|(id, vi, en)| html! { <option value={*id} selected={overridden.is_some() && current == *id}>{ lang.pick(vi, en) }</option> }) }
                                        { for facts.iter().map(|(id, name)| html! { <option value={id.clone()} selected={overridden.is_some() && current == *id}>{ name.clone() }</option> }) }
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
    html! {
        <details class="card mapping-card" id="column-mapping" open={state.imported.as_ref().is_some_and(|i| i.diagnostics.iter().any(|d| d.code == xeploai::Code::UnknownColumn || d.code == xeploai::Code::MissingColumn))}>
            <summary>{ u(lang, U::MappingTitle) }</summary>
            <p class="help">{ u(lang, U::MappingIntro) }</p>
            { for tables }
        </details>
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
