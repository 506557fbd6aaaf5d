use yew::prelude::*;

use super::cases_panel::CasesPanel;
use super::compare_panel::ComparePanel;
use super::knobs_form::KnobsForm;
use super::rule_editor::RuleEditor;
use super::variant_store::{VariantStore, open_builtin};
use crate::i18n::{Key, V, t, v};
use crate::pages::variants::compare::{CompareAction, CompareState, subject_input};
use crate::pages::variants::state::{
    Alert, AlertKind, CURRENT_KEY, Origin, VARIANTS_BACKUP_KEY, VARIANTS_KEY, VariantsAction, VariantsState,
    link_alert, read_variants, variants_json,
};
use crate::shared::SharedRules;
use crate::shared::explanation::ExplanationView;
use crate::shared::lang_switch::lang_switch;
use crate::shared::page_shell::{Page, PageShellProps, page_shell};
use crate::shared::person::{on_lang, person_facts, person_subjects};
use crate::shared::result_panel::ResultPanel;
use crate::shared::state::{Action, Saved, State};

#[derive(Properties, PartialEq)]
pub struct VariantsPageProps {
    /// What the person typed on the other pages (their facts are tried on the variant).
    pub initial: Saved,
    /// Read and write this device's storage (off in component tests).
    #[prop_or(true)]
    pub persist: bool,
}

/// The variants workbench: open a rule set, edit it with diagnostics as one types, save, share, run its cases, and
/// try it on one person.
#[component]
pub fn VariantsPage(props: &VariantsPageProps) -> Html {
    let persist = props.persist;
    let person = {
        let initial = props.initial.clone();
        use_reducer_eq(move || State::new(initial))
    };
    let lang = person.lang();
    let state = use_reducer_eq(move || {
        let stored = if persist { crate::web::load_text(VARIANTS_KEY) } else { None };
        let (variants, problem) = read_variants(stored.as_deref());
        let state = VariantsState::new(
            lang,
            variants,
            Origin::Builtin(xeploai::builtin::DEFAULT.into()),
            xeploai::builtin::DEFAULT_TEXT.into(),
        );
        // What cannot be read is set aside before the readable entries are written back.
        match (problem, stored) {
            (Some(reason), Some(text)) => state.apply(unreadable(text, reason)),
            _ => state,
        }
    });
    {
        // At the start: a shared link's rule set, or what was open last time, or the default with its cases.
        let state = state.clone();
        use_effect_with((), move |_| {
            let (_, fragment) = crate::web::location_parts();
            let current = if persist { crate::web::load_text(CURRENT_KEY) } else { None };
            if let Some(code) = fragment.strip_prefix("rs=").map(str::to_string) {
                let state = state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::web::shared_text(&code).await {
                        Ok(text) => state.dispatch(VariantsAction::Open { origin: Origin::Link, text }),
                        Err(reason) => {
                            state.dispatch(VariantsAction::Alert { alert: link_alert(&reason), hold_writes: false })
                        }
                    }
                });
            } else if let Some(variant) = current
                .as_deref()
                .and_then(|c| c.strip_prefix("saved:"))
                .and_then(|name| state.variants.iter().find(|v| v.name == name))
            {
                let origin = Origin::Saved(variant.name.clone());
                state.dispatch(VariantsAction::Open { origin, text: variant.text.clone() });
            } else {
                let id = current
                    .as_deref()
                    .and_then(|c| c.strip_prefix("builtin:"))
                    .filter(|id| xeploai::builtin::CATALOG.iter().any(|e| e.id == *id))
                    .unwrap_or(xeploai::builtin::DEFAULT);
                open_builtin(state.clone(), id.to_string());
            }
        });
    }
    {
        // An overlay of a bundled rule set other than the default: its base is fetched from this site.
        let state = state.clone();
        use_effect_with(state.missing_base(), move |missing| {
            if let Some(id) = missing.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(text) = crate::web::fetch_text(&format!("rules/{id}.toml")).await {
                        state.dispatch(VariantsAction::BaseFetched { id, text });
                    }
                });
            }
        });
    }
    {
        // A text naming a bundled rule set whose text the page does not have: fetched, to tell what was changed.
        let state = state.clone();
        use_effect_with(state.missing_reference(), move |missing| {
            if let Some(id) = missing.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(text) = crate::web::fetch_text(&format!("rules/{id}.toml")).await {
                        state.dispatch(VariantsAction::ReferenceFetched { id, text });
                    }
                });
            }
        });
    }
    let compare = use_reducer_eq(|| CompareState::new(xeploai::builtin::target_text("dang-uy-khoi-2026")));
    {
        // The bases fetched for overlays serve the comparison's sides too.
        let compare = compare.clone();
        use_effect_with(state.bases.clone(), move |bases| compare.dispatch(CompareAction::Bases(bases.clone())));
    }
    {
        // A text that names a bundled rule set (the bundled one itself, or a variant of it saved, shared or
        // uploaded) gets that rule set's cases, fetched from this site, so an edit shows which of them broke.
        let state = state.clone();
        let bundled = state
            .rules
            .as_ref()
            .map(|rules| rules.0.id.clone())
            .filter(|id| xeploai::builtin::CATALOG.iter().any(|e| e.id == id))
            .filter(|_| state.cases_text.is_none());
        use_effect_with((state.opened, bundled), move |(_, bundled)| {
            if let Some(id) = bundled.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let source = format!("{id}.cases.toml");
                    if let Ok(text) = crate::web::fetch_text(&format!("rules/{source}")).await {
                        state.dispatch(VariantsAction::SetCases { source, text });
                    }
                });
            }
        });
    }
    {
        // The person panel, and a comparison side showing the text being edited, follow the last rule set that
        // compiled.
        let person = person.clone();
        let compare = compare.clone();
        let text = state.text.clone();
        use_effect_with(state.rules.clone(), move |rules| {
            if let Some(rules) = rules {
                person.dispatch(Action::UseRules(rules.clone()));
                compare.dispatch(CompareAction::Edited { text, rules: rules.clone() });
            }
        });
    }
    {
        let compare = compare.clone();
        use_effect_with(person.saved.clone(), move |saved| {
            compare.dispatch(CompareAction::Person(subject_input(saved)))
        });
    }
    {
        let state = state.clone();
        use_effect_with(lang, move |lang| {
            state.dispatch(VariantsAction::SetLang(*lang));
            crate::web::set_document_lang(lang.code());
        });
    }
    {
        // Each write is checked; a failure stays on screen with the data to download.
        let dispatcher = state.dispatcher();
        use_effect_with(person.saved.clone(), move |saved| {
            if persist && let Err(failed) = crate::web::save(saved) {
                dispatcher.dispatch(VariantsAction::Stored(Err(failed)));
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with((state.variants.clone(), state.hold_writes), move |(variants, hold_writes)| {
            if !persist {
                dispatcher.dispatch(VariantsAction::Stored(Ok(())));
            } else if !*hold_writes {
                dispatcher.dispatch(VariantsAction::Stored(crate::web::write(VARIANTS_KEY, &variants_json(variants))));
            }
        });
    }
    {
        // Another tab saved variants: follow it, so this tab's next write keeps them.
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = persist.then(|| {
                crate::web::on_storage_change(VARIANTS_KEY, move |text| {
                    let (variants, problem) = read_variants(text.as_deref());
                    if let (Some(reason), Some(text)) = (problem, text) {
                        dispatcher.dispatch(unreadable(text, reason));
                    }
                    dispatcher.dispatch(VariantsAction::ChangedElsewhere(variants));
                })
            });
            move || drop(listener)
        });
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.origin.clone(), move |origin| {
            if persist && !origin.unofficial() {
                if let Err(failed) = crate::web::write(CURRENT_KEY, &origin.key()) {
                    dispatcher.dispatch(VariantsAction::Stored(Err(failed)));
                }
                // A shared rule set that was saved is the person's own now: reloading opens the saved variant.
                crate::web::clear_fragment();
            }
        });
    }
    let alert = state.alert.as_ref().map(|alert| {
        let ondismiss = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(VariantsAction::DismissAlert))
        };
        let download = alert.download.clone().map(|(name, text)| {
            let ondownload = Callback::from(move |_: MouseEvent| crate::web::download(&name, &text));
            html! { <button type="button" id="alert-download" onclick={ondownload}>{ t(lang, Key::DownloadData) }</button> }
        });
        let kind = match alert.kind {
            AlertKind::Unreadable => "unreadable",
            AlertKind::WriteFailed => "write-failed",
            AlertKind::Link => "link",
        };
        html! {
            <div id="variants-alert" class="notice error" role="alert" data-kind={kind}>
                <span>{ alert.text.get(lang) }</span>
                { for download }
                <button type="button" class="link" id="alert-dismiss" onclick={ondismiss} aria-label="OK">{ "×" }</button>
            </div>
        }
    });
    let rules = SharedRules(person.rules.clone());
    page_shell(PageShellProps {
        page: Page::Variants,
        lang,
        title: v(lang, V::Title),
        subtitle: v(lang, V::Intro),
        controls: lang_switch(lang, &on_lang(&person)),
        notice: html! { { for alert } },
        children: html! {
            <>
                <main class="layout variants">
                    // Named apart from the editor's own region inside it (two landmarks, two names).
                    <section class="inputs" aria-label={lang.pick("Bộ tiêu chí: chọn, sửa, lưu, thử", "The rule set: open, edit, save, test")}>
                        <VariantStore state={state.clone()} />
                        <KnobsForm state={state.clone()} />
                        <RuleEditor state={state.clone()} />
                        <CasesPanel state={state.clone()} />
                    </section>
                    <section class="outputs" aria-label={v(lang, V::Person)}>
                        <h2>{ v(lang, V::Person) }</h2>
                        { person_subjects(&person) }
                        <ResultPanel lang={lang} rules={rules.clone()} explanation={person.evaluation.explanation.clone()} />
                        { person_facts(&person) }
                        <ExplanationView lang={lang} rules={rules} explanation={person.evaluation.explanation.clone()} />
                    </section>
                </main>
                <div class="compare-wrap">
                    <ComparePanel compare={compare.clone()} variants={state.clone()} />
                </div>
            </>
        },
        after: Html::default(),
    })
}

/// The alert for a stored list of variants that could not be read (all or part): it is set aside first, and if it
/// cannot be, nothing is written over it until the person has downloaded it or dismissed the alert.
fn unreadable(text: String, reason: xeploai::Text) -> VariantsAction {
    let set_aside = crate::web::set_aside(VARIANTS_KEY, VARIANTS_BACKUP_KEY, text, reason);
    VariantsAction::Alert {
        alert: Alert {
            kind: AlertKind::Unreadable,
            text: set_aside.message(),
            download: Some((set_aside.file_name(), set_aside.text.clone())),
        },
        hold_writes: set_aside.at_risk(),
    }
}
