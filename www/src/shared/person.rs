use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::fact_form::FactForm;
use crate::shared::lang_switch::lang_switch;
use crate::shared::notice_bar::NoticeBar;
use crate::shared::page_shell::{Page, PageShellProps, page_shell};
use crate::shared::rule_set_picker::{RuleSetPickerProps, rule_set_picker};
use crate::shared::state::{Action, BACKUP_KEY, Notice, STORAGE_KEY, Saved, State};
use crate::shared::subject_picker::SubjectPicker;
use crate::shared::{Handle, SharedRules};

/// What a page over the person's state starts from.
#[derive(Properties, PartialEq)]
pub struct PersonPageProps {
    /// The data to start from (loaded from this device's storage by the caller).
    pub initial: Saved,
    #[prop_or_default]
    pub notice: Option<Notice>,
    /// Save each change to this device's storage (off in component tests).
    #[prop_or(true)]
    pub persist: bool,
}

/// The person's state that the self-assessment and unit pages share, with its effects: every change saved (the
/// write checked), another tab's save followed, the chosen rule set fetched from this site, the document's
/// language set.
#[hook]
pub fn use_person(initial: &Saved, notice: &Option<Notice>, persist: bool) -> Handle {
    let state = {
        let initial = initial.clone();
        let notice = notice.clone();
        use_reducer_eq(move || {
            let state = State::new(initial);
            match notice {
                Some(notice) => state.apply(Action::Notify(notice)),
                None => state,
            }
        })
    };
    {
        // Every change is saved, and the write is checked: a failure is shown with the data to download. Nothing is
        // written while unreadable data that could not be set aside waits in memory (see `State::may_write`).
        let dispatcher = state.dispatcher();
        use_effect_with((state.saved.clone(), state.may_write()), move |(saved, may_write)| {
            if persist && *may_write {
                dispatcher.dispatch(Action::Stored(crate::web::save(saved)));
            }
        });
    }
    {
        // Another tab saved: follow it, so this tab's next save does not wipe that tab's edits.
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = persist.then(|| {
                crate::web::on_storage_change(STORAGE_KEY, move |text| {
                    let Some(text) = text else { return };
                    match crate::web::saved_in(&text) {
                        Ok(saved) => dispatcher.dispatch(Action::ChangedElsewhere(Box::new(saved))),
                        Err(error) => {
                            let set_aside = crate::web::set_aside(STORAGE_KEY, BACKUP_KEY, text, error.text());
                            dispatcher.dispatch(Action::Notify(Notice::StorageRecovered(set_aside)));
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        // Another bundled rule set than the default is fetched from this site when chosen (or remembered).
        let wanted = state.wants_rules().map(str::to_string);
        let state = state.clone();
        use_effect_with(wanted, move |wanted| {
            if let Some(id) = wanted.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let bytes = crate::web::fetch_bytes(&format!("rules/{id}.bin")).await;
                    state.dispatch(Action::RuleSetFetched { id, bytes });
                });
            }
        });
    }
    {
        let lang = state.lang();
        use_effect_with(lang, move |lang| crate::web::set_document_lang(lang.code()));
    }
    state
}

/// The header's controls on a page with the person's state: the rule set, the review year, the language.
fn person_controls(state: &Handle) -> Html {
    let dispatch = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(make(value)))
    };
    let onyear = {
        let state = state.clone();
        Callback::from(move |year: Option<i32>| state.dispatch(Action::SetReviewYear(year)))
    };
    let lang = state.lang();
    html! {
        <>
            { rule_set_picker(RuleSetPickerProps {
                lang,
                selected: state.saved.rule_set.clone(),
                official: state.rules.official,
                loading: state.wants_rules().is_some(),
                review_year: state.saved.review_year,
                year_note: state.year_note(),
                onruleset: dispatch(Action::SetRuleSet),
                onyear,
            }) }
            { lang_switch(lang, &on_lang(state)) }
        </>
    }
}

/// The language buttons' callback on a page with the person's state.
pub fn on_lang(state: &Handle) -> Callback<xeploai::Lang> {
    let state = state.clone();
    Callback::from(move |lang| state.dispatch(Action::SetLang(lang)))
}

/// The notice bar on a page with the person's state.
fn person_notice(state: &Handle) -> Html {
    let ondismiss = {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(Action::DismissNotice))
    };
    html! { <NoticeBar lang={state.lang()} notice={state.notice.clone()} {ondismiss} /> }
}

/// The subject kinds to choose from, wired to the person's state.
pub fn person_subjects(state: &Handle) -> Html {
    let onselect = {
        let state = state.clone();
        Callback::from(move |id: String| state.dispatch(Action::SetSubject(id)))
    };
    html! {
        <SubjectPicker lang={state.lang()} rules={SharedRules(state.rules.clone())} selected={state.saved.subject.clone()} {onselect} />
    }
}

/// The facts' form, wired to the person's state.
pub fn person_facts(state: &Handle) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |(fact, text): (String, String)| state.dispatch(Action::SetInput { fact, text }))
    };
    // Facts computed from a list in use are not typed: the list's table shows them.
    let fed = &state.evaluation.lists.fed;
    let form = if fed.is_empty() {
        state.form.clone()
    } else {
        let groups = state.form.iter().map(|group| {
            let mut group = group.clone();
            group.fields.retain(|field| !fed.iter().any(|f| f.fact == field.fact));
            group
        });
        std::rc::Rc::new(groups.filter(|group| !group.fields.is_empty()).collect())
    };
    html! {
        <FactForm
            lang={state.lang()}
            form={form}
            values={state.saved.inputs.get(&state.saved.subject).cloned().unwrap_or_default()}
            evaluation={state.evaluation.clone()}
            {oninput}
        />
    }
}

/// The page shell of a page over the person's state (the self-assessment, the unit): the app's title, the person's
/// header controls (rule set, year, language) and notice, the page's own content and what follows the main part.
pub fn person_shell(state: &Handle, page: Page, children: Html, after: Html) -> Html {
    let lang = state.lang();
    page_shell(PageShellProps {
        page,
        lang,
        title: t(lang, Key::AppTitle),
        subtitle: t(lang, Key::AppSubtitle),
        controls: person_controls(state),
        notice: person_notice(state),
        children,
        after,
    })
}
