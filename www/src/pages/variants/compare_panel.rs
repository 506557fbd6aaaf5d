use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use xeploai::compare::{LevelLabel, Pair};
use xeploai::knobs::Classic;
use xeploai::quota::QuotaResolution;
use xeploai::ruleset::RuleSet;
use xeploai::{Lang, render};
use yew::prelude::*;

use super::VariantsHandle;
use super::variant_store::rule_set_options;
use crate::i18n::{Key, V, t, v};
use crate::pages::variants::compare::{CLASSIC, CompareAction, CompareState, EDITED};

pub type CompareHandle = UseReducerHandle<CompareState>;

#[derive(Properties, PartialEq)]
pub struct ComparePanelProps {
    pub compare: CompareHandle,
    pub variants: VariantsHandle,
}

/// Resolve a side's key to its text (the text being edited, a saved variant, a bundled rule set fetched from this
/// site) and put it on that side.
fn choose(compare: &CompareHandle, variants: &VariantsHandle, left: bool, key: String) {
    let text = if key == EDITED {
        Some((*variants.text).clone())
    } else if let Some(name) = key.strip_prefix("saved:") {
        variants.variants.iter().find(|v| v.name == name).map(|v| v.text.clone())
    } else if key.strip_prefix("builtin:") == Some(xeploai::builtin::DEFAULT) {
        Some(xeploai::builtin::DEFAULT_TEXT.to_string())
    } else {
        None
    };
    if let Some(text) = text {
        compare.dispatch(CompareAction::SetSide { left, key, text });
        return;
    }
    let Some(id) = key.strip_prefix("builtin:").map(str::to_string) else { return };
    let compare = compare.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match crate::web::fetch_text(&format!("rules/{id}.toml")).await {
            Ok(text) => compare.dispatch(CompareAction::SetSide { left, key, text }),
            Err(reason) => compare.dispatch(CompareAction::Message(Some(xeploai::Text::new(
                format!("Không tải được rules/{id}.toml: {reason}"),
                format!("rules/{id}.toml could not be fetched: {reason}"),
            )))),
        }
    });
}

/// How many movers the table lists (each with the conditions that differ).
const MOVERS_SHOWN: usize = crate::pages::variants::compare::EXPLAIN_LIMIT;

/// One condition that differs: its name, then on each side met or not and the condition in words ("Tổng điểm: 93
/// (cần ≥ 95)"), as the explanation writes it, never the raw expression.
fn difference_item(d: &xeploai::compare::ConditionDifference, sides: Option<(&RuleSet, &RuleSet)>, lang: Lang) -> Html {
    let side = |f: &Option<xeploai::explain::Finding>, rules: Option<&RuleSet>| -> String {
        let Some(finding) = f.as_ref() else { return "—".into() };
        let met = match finding.met {
            Some(true) => lang.pick("đạt", "met"),
            Some(false) => lang.pick("không đạt", "not met"),
            None => lang.pick("chưa rõ", "unknown"),
        };
        let words: Vec<String> = match rules {
            Some(rules) => finding.comparisons.iter().map(|c| render::comparison_text(rules, c, lang)).collect(),
            None => Vec::new(),
        };
        if words.is_empty() { met.to_string() } else { format!("{met} — {}", words.join("; ")) }
    };
    html! {
        <li class={classes!("difference", d.decisive().then_some("decisive"))}>
            <strong>{ d.name.get(lang) }</strong>
            { format!(" — A: {} · B: {}", side(&d.left, sides.map(|s| s.0)), side(&d.right, sides.map(|s| s.1))) }
        </li>
    }
}

/// A population of the distribution, in words.
fn population_name(id: &str, lang: Lang) -> &'static str {
    match id {
        "members_by_criteria" => lang.pick("Đảng viên, theo tiêu chí", "Members, by the criteria"),
        "members" => lang.pick("Đảng viên, đề xuất sau tỷ lệ", "Members, proposed after the quota"),
        "organizations" => lang.pick("Tổ chức đảng", "Party organizations"),
        _ => lang.pick("Tổ chức cơ sở đảng", "Base organizations"),
    }
}

/// A level's short name, or what a side gives instead of a level, in the interface's words.
fn short(levels: &[LevelLabel], key: &str, lang: Lang) -> String {
    let word = |key: Key| t(lang, key).to_string();
    match (levels.iter().find(|l| l.id == key), key) {
        (Some(level), _) => level.short.clone(),
        (None, xeploai::compare::NOT_CLASSIFIED) => word(Key::NotClassified),
        (None, xeploai::compare::INCOMPLETE) => word(Key::Incomplete),
        (None, xeploai::compare::FAILED) => word(Key::Failed),
        (None, other) => other.to_string(),
    }
}

fn arrow(levels: &[LevelLabel], pair: &Pair<String>, lang: Lang) -> String {
    if pair.left == pair.right {
        short(levels, &pair.left, lang)
    } else {
        format!("{} → {}", short(levels, &pair.left, lang), short(levels, &pair.right, lang))
    }
}

/// A side's cap as the unit page writes it: the cap, and "→ the cap after the moves" when the moves raise it.
pub fn cap_text(resolution: Option<&QuotaResolution>) -> String {
    match resolution {
        Some(r) if r.cap_after != r.cap => format!("{} → {}", r.cap, r.cap_after),
        Some(r) => r.cap.to_string(),
        None => "—".into(),
    }
}

/// A side's excess in words: how many must move down for the cap to hold.
pub fn excess_text(resolution: Option<&QuotaResolution>, lang: Lang) -> String {
    match resolution {
        Some(r) if r.excess > 0 => format!("{} {}", lang.pick("chuyển", "move"), r.excess),
        Some(_) => "0".into(),
        None => "—".into(),
    }
}

/// Quota cap and excess on each side, one row per scope (or quota), in separate columns and written as the unit
/// page writes them (so a cap reads the same on both); a row that differs is marked.
fn quota_table(
    id: &'static str,
    first: &'static str,
    lang: Lang,
    rows: impl Iterator<Item = (String, Option<QuotaResolution>, Option<QuotaResolution>)>,
) -> Html {
    html! {
        <table {id} class="data">
            <thead><tr>
                <th scope="col">{ first }</th>
                <th scope="col">{ lang.pick("A: tối đa", "A: cap") }</th><th scope="col">{ lang.pick("A: vượt", "A: excess") }</th>
                <th scope="col">{ lang.pick("B: tối đa", "B: cap") }</th><th scope="col">{ lang.pick("B: vượt", "B: excess") }</th>
            </tr></thead>
            <tbody>
                { for rows.map(|(name, left, right)| {
                    let changed = left != right;
                    html! {
                        <tr class={classes!(changed.then_some("changed"))} data-changed={changed.to_string()}>
                            <th scope="row">{ name }</th>
                            <td class="num cap">{ cap_text(left.as_ref()) }</td><td class="num excess">{ excess_text(left.as_ref(), lang) }</td>
                            <td class="num cap">{ cap_text(right.as_ref()) }</td><td class="num excess">{ excess_text(right.as_ref(), lang) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// Two rule sets side by side: the person, a roster (movers and why, distribution, quota, targets) and typed
/// figures; the classic questions in one click.
#[component]
pub fn ComparePanel(props: &ComparePanelProps) -> Html {
    let compare = &props.compare;
    let variants = &props.variants;
    let lang = variants.lang;
    let figures_ref = use_node_ref();
    let onside = |left: bool| {
        let compare = compare.clone();
        let variants = variants.clone();
        Callback::from(move |e: Event| {
            choose(&compare, &variants, left, e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let onclassic = |classic: Classic| {
        let compare = compare.clone();
        let variants = variants.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(rules) = variants.rules.clone() {
                compare.dispatch(CompareAction::Classic { classic, text: variants.text.clone(), rules });
            }
        })
    };
    let qd124 = xeploai::builtin::CATALOG.iter().find(|e| e.id.starts_with("qd124"));
    let on124 = qd124.map(|entry| {
        let compare = compare.clone();
        let variants = variants.clone();
        let id = entry.id;
        Callback::from(move |_: MouseEvent| {
            choose(&compare, &variants, true, format!("builtin:{id}"));
            choose(&compare, &variants, false, format!("builtin:{}", xeploai::builtin::DEFAULT));
        })
    });
    let onroster = |organizations: bool| {
        let compare = compare.clone();
        Callback::from(move |e: Event| {
            let compare = compare.clone();
            crate::web::read_chosen_file(
                &e,
                move |name, text| compare.dispatch(CompareAction::Roster { organizations, name, text }),
                |_| {},
            );
        })
    };
    let onfigures = {
        let compare = compare.clone();
        let figures_ref = figures_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = figures_ref.cast::<HtmlTextAreaElement>() {
                compare.dispatch(CompareAction::Figures(area.value()));
            }
        })
    };
    let key_of = |left: bool| {
        let side = if left { &compare.left } else { &compare.right };
        side.as_ref().map(|s| s.key.clone()).unwrap_or_default()
    };
    let picker = |left: bool, id: &'static str, label: &'static str| {
        let selected = key_of(left);
        html! {
            <div class="field">
                <label for={id}>{ label }</label>
                <select id={id} onchange={onside(left)}>
                    <option value="" selected={selected.is_empty()} disabled=true>{ "—" }</option>
                    if selected == CLASSIC {
                        <option value={CLASSIC} selected=true disabled=true>{ v(lang, V::ClassicSide) }</option>
                    }
                    <option value={EDITED} selected={selected == EDITED}>{ v(lang, V::EditedSide) }</option>
                    { rule_set_options(lang, &variants.variants, &selected) }
                </select>
            </div>
        }
    };
    let sides = compare.left.as_ref().zip(compare.right.as_ref()).map(|(l, r)| (&*l.rules, &*r.rules));
    let person = compare.person.as_ref().map(|person| {
        let levels: Vec<LevelLabel> = compare
            .left
            .iter()
            .chain(compare.right.iter())
            .flat_map(|s| {
                s.rules.levels.iter().map(|l| LevelLabel {
                    id: l.id.clone(),
                    short: l.short.clone(),
                    name: l.name.clone(),
                })
            })
            .collect();
        html! {
            <div id="compare-person" data-left={person.place.left.clone()} data-right={person.place.right.clone()}>
                <h3>{ v(lang, V::ComparePerson) }</h3>
                <p class="compare-levels">{ arrow(&levels, &person.place, lang) }</p>
                if !person.differences.is_empty() {
                    <ul class="differences">
                        { for person.differences.iter().map(|d| difference_item(d, sides, lang)) }
                    </ul>
                }
            </div>
        }
    });
    let unit = compare.unit.as_ref().map(|unit| {
        let levels = &unit.levels;
        html! {
            <div id="compare-unit" data-movers={unit.movers.len().to_string()}>
                <h3>{ format!("{} ({} {})", v(lang, V::Movers), unit.movers.len(), lang.pick("người", "members")) }</h3>
                if unit.movers.is_empty() {
                    <p class="muted">{ v(lang, V::NoMovers) }</p>
                } else {
                    <div class="table-wrap" tabindex="0" role="region" aria-label={v(lang, V::Movers)}>
                        <table id="movers" class="data">
                            <thead><tr>
                                <th scope="col">{ lang.pick("Họ tên", "Name") }</th>
                                <th scope="col">{ lang.pick("Tổ chức", "Organization") }</th>
                                <th scope="col">{ lang.pick("Theo tiêu chí A → B", "By the criteria A → B") }</th>
                                <th scope="col">{ lang.pick("Đề xuất A → B", "Proposed A → B") }</th>
                                <th scope="col">{ lang.pick("Vì sao", "Why") }</th>
                            </tr></thead>
                            <tbody>
                                { for unit.movers.iter().take(MOVERS_SHOWN).map(|m| html! {
                                    <tr>
                                        <td>{ if m.name.is_empty() { m.id.clone() } else { m.name.clone() } }</td>
                                        <td>{ m.org.clone().unwrap_or_default() }</td>
                                        <td>{ arrow(levels, &m.by_criteria, lang) }</td>
                                        <td>{ arrow(levels, &m.proposed, lang) }</td>
                                        <td>
                                            { m.reason.get(lang) }
                                            if let Some(differences) = &m.differences {
                                                <ul class="differences">
                                                    { for differences.iter().filter(|d| d.decisive()).map(|d| difference_item(d, sides, lang)) }
                                                </ul>
                                            }
                                        </td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if unit.movers.len() > MOVERS_SHOWN {
                        <p class="muted">{ format!("{} {}", lang.pick("… và", "… and"), unit.movers.len() - MOVERS_SHOWN) }{ lang.pick(" người nữa", " more") }</p>
                    }
                }
                <h3>{ v(lang, V::Distribution) }</h3>
                <table id="compare-distribution" class="data">
                    <thead><tr><th scope="col">{ lang.pick("Đối tượng", "Population") }</th><th scope="col">{ lang.pick("Mức", "Level") }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th></tr></thead>
                    <tbody>
                        { for unit.distributions.iter().flat_map(|d| d.rows.iter().filter(|r| r.left + r.right > 0).map(move |r| (d, r))).map(|(d, r)| html! {
                            <tr class={classes!((r.left != r.right).then_some("changed"))}>
                                <td>{ population_name(&d.population, lang) }</td><td>{ short(levels, &r.key, lang) }</td><td>{ r.left }</td><td>{ r.right }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <h3>{ v(lang, V::QuotaBeforeAfter) }</h3>
                { quota_table("compare-quota", lang.pick("Phạm vi", "Scope"), lang, unit.quotas.iter().map(|q| {
                    let resolved = |s: &Option<xeploai::unit::QuotaStatus>| s.as_ref().map(|s| s.resolution);
                    (q.scope_id.clone(), resolved(&q.left), resolved(&q.right))
                })) }
                { targets_table(&unit.targets, lang) }
            </div>
        }
    });
    let figures = compare.figures.as_ref().map(|result| match result.as_ref() {
        Ok(figures) => html! {
            <div id="compare-figures-result">
                <h3>{ v(lang, V::QuotaBeforeAfter) }</h3>
                { quota_table("compare-figures-quota", lang.pick("Tỷ lệ", "Quota"), lang, figures.quotas.iter().map(|q| {
                    let resolved = |f: &Option<xeploai::compare::QuotaFigure>| f.as_ref().map(|f| f.resolution);
                    (q.quota.clone(), resolved(&q.left), resolved(&q.right))
                })) }
                { targets_table(&figures.targets, lang) }
            </div>
        },
        Err(diagnostics) => html! {
            <ul id="compare-figures-result" class="diagnostics" tabindex="0" aria-label={lang.pick("Lỗi trong số liệu", "Problems in the figures")}>
                { for diagnostics.iter().map(|d| html! { <li class="diagnostic error">{ d.render(lang) }</li> }) }
            </ul>
        },
    });
    html! {
        <section class="card compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ v(lang, V::Compare) }</h2>
            <p class="help">{ v(lang, V::CompareIntro) }</p>
            <div class="buttons" role="group" aria-label={v(lang, V::Classics)}>
                { for Classic::ALL.iter().map(|classic| html! {
                    <button type="button" id={format!("classic-{}", classic.id())} onclick={onclassic(*classic)}>{ classic.label().get(lang).to_string() }</button>
                }) }
                if let Some(on124) = on124 {
                    <button type="button" id="classic-qd124" onclick={on124}>{ lang.pick("QĐ 124 hay QĐ 366 với đơn vị của tôi", "QĐ 124 vs QĐ 366 on my unit") }</button>
                }
            </div>
            if let Some(changes) = &compare.classic {
                <p id="classic-changes" class="muted">{ changes.iter().map(|c| c.get(lang).to_string()).collect::<Vec<_>>().join("; ") }</p>
            }
            <div class="grid">
                { picker(true, "compare-left", v(lang, V::LeftSide)) }
                { picker(false, "compare-right", v(lang, V::RightSide)) }
            </div>
            if let Some(message) = &compare.message {
                <p id="compare-message" class="error" role="status">{ message.get(lang) }</p>
            }
            <div aria-live="polite">{ for person }</div>
            <h3>{ v(lang, V::Roster) }</h3>
            <p class="help">{ v(lang, V::RosterHelp) }</p>
            <div class="buttons">
                <input type="file" id="compare-members" class="file-input visually-hidden" accept=".csv,.json,text/csv" onchange={onroster(false)} />
                <label for="compare-members" class="button">{ lang.pick("Danh sách đảng viên (CSV)…", "Members (CSV)…") }</label>
                <input type="file" id="compare-orgs" class="file-input visually-hidden" accept=".csv,.json,text/csv" onchange={onroster(true)} />
                <label for="compare-orgs" class="button">{ lang.pick("Danh sách tổ chức (CSV)…", "Organizations (CSV)…") }</label>
            </div>
            if let Some((name, _)) = &compare.roster.members {
                <p class="muted">{ format!("{name}{}", compare.roster.orgs.as_ref().map(|(n, _)| format!(", {n}")).unwrap_or_default()) }</p>
            }
            { for compare.roster_problems.iter().map(|d| html! { <p class="error">{ d.render(lang) }</p> }) }
            <div aria-live="polite">{ for unit }</div>
            <h3>{ v(lang, V::Figures) }</h3>
            <div class="field">
                <label for="compare-figures">{ v(lang, V::FiguresHelp) }</label>
                <textarea id="compare-figures" ref={figures_ref} class="code" rows="7" spellcheck="false"
                    value={if compare.figures_text.is_empty() { FIGURES_EXAMPLE.to_string() } else { compare.figures_text.clone() }} />
            </div>
            <button type="button" id="compare-figures-run" onclick={onfigures}>{ v(lang, V::CompareRun) }</button>
            <div aria-live="polite">{ for figures }</div>
        </section>
    }
}

/// What a committee types: counts per level of a population, and named figures.
const FIGURES_EXAMPLE: &str = "as_of = \"2026-11-23\"\n[population.base_organizations]\nhtxs = 31\nhtt = 121\nht = 7\nkht = 0\n\n[population.members]\nhtxs = 60\nhtt = 290\nht = 40\nkht = 5\n";

fn targets_table(targets: &[xeploai::compare::TargetComparison], lang: Lang) -> Html {
    if targets.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3>{ v(lang, V::TargetsBeforeAfter) }</h3>
            <table class="data compare-targets">
                <thead><tr><th scope="col">{ lang.pick("Chỉ tiêu", "Target") }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th></tr></thead>
                <tbody>
                    { for targets.iter().map(|t| html! {
                        <tr class={classes!(t.changed.then_some("changed"))}>
                            <td>{ t.name.get(lang) }</td>
                            <td>{ t.left.as_ref().map(|r| r.summary.get(lang).to_string()).unwrap_or_else(|| "—".into()) }</td>
                            <td>{ t.right.as_ref().map(|r| r.summary.get(lang).to_string()).unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </>
    }
}
