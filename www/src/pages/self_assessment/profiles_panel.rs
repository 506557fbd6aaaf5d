//! The saved profiles on the self-assessment page: which person and year is open (create, switch, rename, start
//! the next year, delete after asking, export and import all), and the open profile's years: the four quarters
//! (feeding the rule set's `quarters_kht`), past years' levels and what they mean (the engine's `history` notes, through `shared/profiles.rs`).
//!
//! Every change reads the profiles as stored now (another tab may have changed them), applies the pure operation
//! of `shared/profiles.rs`, writes them back, and opens the result in the person's state.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::Handle;
use crate::shared::profiles::{self, Book, QUARTERS_FACT};
use crate::shared::state::{Action, Notice};

/// Apply `change` to every profile as stored, write them, and open the profile (and year) it leaves open.
pub(super) fn change(state: &Handle, notice: Option<Notice>, change: impl FnOnce(&mut Book)) {
    if !state.may_write() {
        return;
    }
    let mut book = crate::web::load_book(&state.saved);
    change(&mut book);
    let stored = crate::web::store_book(&book);
    state.dispatch(Action::OpenProfile(book.open_saved().clone(), notice));
    if let Err(failed) = stored {
        state.dispatch(Action::Stored(Err(failed)));
    }
}

/// Import a file: one person's data (an export of one profile's year, or data saved before profiles) or every
/// profile (an export of all). Each comes in as a new profile; nothing here is overwritten; the notice counts what
/// came in and names what could not be read.
pub fn import_text(state: &Handle, text: &str) {
    match profiles::read(text) {
        Ok(read) => {
            let whole = read.problems.is_empty();
            let mut report = None;
            let single = read.from_single;
            change(state, None, |book| {
                let first_new = book.profiles.iter().map(|p| p.id).max().unwrap_or(0) + 1;
                let (added, present) = book.merge(read.book.clone());
                report = Some(profiles::import_report(&read, added, present));
                // One person's file: open it, as the import did before profiles.
                if single && added == 1 {
                    book.switch(first_new);
                }
            });
            if let Some(report) = report {
                state.dispatch(Action::Notify(Notice::Done(report, whole)));
            }
        }
        Err(error) => state.dispatch(Action::Notify(Notice::ImportFailed(error.text()))),
    }
}

/// The callback of a file input that imports profiles (see [`import_text`]).
pub fn on_import_file(state: &Handle) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        let done = state.clone();
        let failed = state.clone();
        crate::web::read_chosen_file(
            &e,
            move |_, text| import_text(&done, &text),
            move |reason| {
                failed.dispatch(Action::Notify(Notice::ImportFailed(xeploai::Text::new(reason.clone(), reason))))
            },
        );
    })
}

fn year_label(lang: xeploai::Lang, saved: &crate::shared::state::Saved) -> String {
    profiles::year_of(saved).map_or_else(|| t(lang, Key::ProfileNoYear).to_string(), |y| y.to_string())
}

#[derive(Properties, PartialEq)]
pub struct ProfilesProps {
    pub state: Handle,
}

/// The two choices of what is open, on both pages: the profile (`switched` is told) and which of its years.
pub(super) fn open_selects(state: &Handle, book: &Book, switched: Callback<()>) -> Html {
    let lang = state.lang();
    let open = book.open_profile();
    let paused = !state.may_write();
    let onprofile = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0);
            switched.emit(());
            change(&state, None, |book| book.switch(id));
        })
    };
    let onyear = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let index = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0);
            change(&state, None, |book| book.open_year(index));
        })
    };
    let years_word = t(lang, Key::ProfileYears);
    html! {
        <div class="grid">
            <div class="field">
                <label for="profile-select">{ t(lang, Key::ProfileOpen) }</label>
                <select id="profile-select" onchange={onprofile} disabled={paused}>
                    { for book.profiles.iter().map(|p| html! {
                        <option value={p.id.to_string()} selected={p.id == open.id}>
                            { format!("{} ({} {years_word})", p.name, p.years.len()) }
                        </option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="profile-year">{ t(lang, Key::ProfileYear) }</label>
                <select id="profile-year" onchange={onyear} disabled={paused}>
                    { for open.years.iter().enumerate().map(|(i, y)| html! {
                        <option value={i.to_string()} selected={i == open.open}>{ year_label(lang, &y.saved) }</option>
                    }) }
                </select>
            </div>
        </div>
    }
}

/// Which profile and year is open, and what can be done with profiles.
#[component]
pub fn ProfilesBar(props: &ProfilesProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let refresh = use_force_update();
    let confirm_delete = use_state(|| false);
    let book = crate::web::load_book(&state.saved);
    let open = book.open_profile().clone();
    let paused = !state.may_write();

    let onswitch = {
        let confirm_delete = confirm_delete.clone();
        Callback::from(move |_: ()| confirm_delete.set(false))
    };
    let onrename = {
        let state = state.clone();
        let refresh = refresh.clone();
        let id = open.id;
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let name = input.value();
            change(&state, None, |book| {
                if !book.rename(id, &name) {
                    // An empty name is not kept: the field shows the name again.
                    input.set_value(&book.open_profile().name);
                }
            });
            refresh.force_update();
        })
    };
    let onnew = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            change(&state, None, |book| {
                book.create("");
            })
        })
    };
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    let next = profiles::year_of(&state.saved).unwrap_or(this_year) + 1;
    let onnext = {
        let state = state.clone();
        let level = state.evaluation.explanation.level.clone();
        Callback::from(move |_: MouseEvent| {
            change(&state, None, |book| {
                book.next_year(level.as_deref(), this_year);
            })
        })
    };
    let ondelete = {
        let confirm_delete = confirm_delete.clone();
        Callback::from(move |_: MouseEvent| confirm_delete.set(true))
    };
    let onconfirm = {
        let state = state.clone();
        let confirm_delete = confirm_delete.clone();
        let id = open.id;
        Callback::from(move |_: MouseEvent| {
            confirm_delete.set(false);
            change(&state, None, |book| book.delete(id));
        })
    };
    let oncancel = {
        let confirm_delete = confirm_delete.clone();
        Callback::from(move |_: MouseEvent| confirm_delete.set(false))
    };
    let onexport = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let book = crate::web::load_book(&state.saved);
            crate::web::download("xeploai-ho-so.json", &book.export());
        })
    };
    let onimport = on_import_file(state);
    let years_word = t(lang, Key::ProfileYears);
    html! {
        <section class="card profiles" id="profiles" aria-labelledby="profiles-title">
            <h2 id="profiles-title">{ t(lang, Key::ProfilesTitle) }</h2>
            <p class="help">{ t(lang, Key::ProfilesHelp) }</p>
            { open_selects(state, &book, onswitch) }
            <div class="buttons">
                <button type="button" id="profile-new" onclick={onnew} disabled={paused}>{ t(lang, Key::ProfileNew) }</button>
                <button type="button" id="profile-next-year" onclick={onnext} disabled={paused}>{ format!("{} {next}", t(lang, Key::ProfileNextYear)) }</button>
            </div>
            <details id="profile-more" class="profile-more">
                <summary>{ t(lang, Key::ProfileMore) }</summary>
                <div class="field">
                    <label for="profile-name">{ t(lang, Key::ProfileName) }</label>
                    <input id="profile-name" type="text" autocomplete="off" value={open.name.clone()} onchange={onrename} disabled={paused} />
                </div>
                <div class="buttons">
                    <button type="button" id="profile-export" onclick={onexport}>{ t(lang, Key::ProfileExportAll) }</button>
                    <input type="file" id="profiles-import" class="visually-hidden file-input" accept=".json,application/json" onchange={onimport} disabled={paused} />
                    <label class="button" for="profiles-import">{ t(lang, Key::ProfileImport) }</label>
                    <button type="button" id="profile-delete" class="danger" onclick={ondelete} disabled={paused}>{ t(lang, Key::ProfileDelete) }</button>
                </div>
            </details>
            if paused {
                <p class="help">{ t(lang, Key::ProfilesPaused) }</p>
            }
            if *confirm_delete {
                <div id="profile-delete-confirm" class="confirm" role="alertdialog" aria-labelledby="profile-delete-question">
                    <p id="profile-delete-question">
                        { format!("{} «{}» ({} {years_word})? {}", t(lang, Key::ProfileDeleteAsk), open.name, open.years.len(), t(lang, Key::ProfileDeleteWarn)) }
                    </p>
                    <button type="button" id="profile-delete-yes" class="danger" onclick={onconfirm}>{ t(lang, Key::ProfileDeleteYes) }</button>
                    <button type="button" id="profile-delete-no" onclick={oncancel} autofocus=true>{ t(lang, Key::ProfileDeleteNo) }</button>
                </div>
            }
        </section>
    }
}

/// The open year's quarters, once one is entered, decide the rule set's `quarters_kht` fact: keep it equal (another
/// subject kind, another year), on both pages. Returns what the quarters give (see `profiles::quarters_fact`).
#[hook]
pub fn use_quarters_fact(state: &Handle, book: &Book) -> Option<String> {
    let fed = profiles::quarters_fact(&state.rules, state.kind, &book.open_profile().year().quarters);
    let state = state.clone();
    let wanted = fed.clone().filter(|text| !text.is_empty());
    let typed = state.input(QUARTERS_FACT).to_string();
    use_effect_with((wanted, typed), move |(wanted, typed)| {
        if let Some(text) = wanted
            && text != typed
        {
            state.dispatch(Action::SetInput { fact: QUARTERS_FACT.to_string(), text: text.clone() });
        }
    });
    fed
}

/// The open profile's quarters of the year, past years' levels, and the notes they give.
#[component]
pub fn YearsPanel(props: &ProfilesProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let refresh = use_force_update();
    let book = crate::web::load_book(&state.saved);
    let profile = book.open_profile().clone();
    let quarters = profile.year().quarters.clone();
    let rules = state.rules.clone();
    let fed = use_quarters_fact(state, &book);
    let level_name = |id: &str| {
        rules
            .levels
            .iter()
            .find(|l| l.id == id)
            .map_or_else(|| id.to_ascii_uppercase(), |l| format!("{} — {}", l.short, l.name.get(lang)))
    };
    let level_options = |selected: &str, none: Key| {
        html! {
            <>
                <option value="" selected={selected.is_empty()}>{ t(lang, none) }</option>
                { for rules.levels.iter().map(|l| html! {
                    <option value={l.id.clone()} selected={selected == l.id}>{ format!("{} — {}", l.short, l.name.get(lang)) }</option>
                }) }
            </>
        }
    };
    let onquarter = |quarter: usize| {
        let state = state.clone();
        let refresh = refresh.clone();
        Callback::from(move |e: Event| {
            let level = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut fed = None;
            change(&state, None, |book| {
                book.set_quarter(quarter, &level);
                fed = profiles::quarters_fact(&state.rules, state.kind, &book.open_profile().year().quarters);
            });
            if let Some(text) = fed {
                state.dispatch(Action::SetInput { fact: QUARTERS_FACT.to_string(), text });
            }
            refresh.force_update();
        })
    };
    let onpast = |year: i32, note: String| {
        let state = state.clone();
        let refresh = refresh.clone();
        Callback::from(move |e: Event| {
            let level = e.target_unchecked_into::<HtmlSelectElement>().value();
            change(&state, None, |book| book.set_past(year, &level, &note));
            refresh.force_update();
        })
    };
    let onnote = |year: i32, level: String| {
        let state = state.clone();
        let refresh = refresh.clone();
        Callback::from(move |e: Event| {
            let note = e.target_unchecked_into::<HtmlInputElement>().value();
            change(&state, None, |book| book.set_past(year, &level, &note));
            refresh.force_update();
        })
    };
    let onremove = |year: i32| {
        let state = state.clone();
        let refresh = refresh.clone();
        Callback::from(move |_: MouseEvent| {
            change(&state, None, |book| book.set_past(year, "", ""));
            refresh.force_update();
        })
    };
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    let open_year = profiles::year_of(&state.saved).unwrap_or(this_year);
    let suggested = profile.past.iter().map(|p| p.year).min().map_or(open_year - 1, |y| y - 1);
    let year_ref = use_node_ref();
    let level_ref = use_node_ref();
    let onadd = {
        let state = state.clone();
        let refresh = refresh.clone();
        let (year_ref, level_ref) = (year_ref.clone(), level_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let year = year_ref.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let level = level_ref.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            if let Ok(year) = year.trim().parse::<i32>()
                && (1945..=2200).contains(&year)
                && !level.is_empty()
            {
                change(&state, None, |book| book.set_past(year, &level, ""));
                refresh.force_update();
            }
        })
    };
    let notes = profile.notes(state.is_collective());
    let quarter_word = t(lang, Key::Quarter);
    html! {
        <section class="card years" id="years" aria-labelledby="years-title">
            <h2 id="years-title">{ format!("{} — {}", t(lang, Key::YearsTitle), profile.name) }</h2>
            <h3>{ format!("{} {}", t(lang, Key::QuartersTitle), year_label(lang, &state.saved)) }</h3>
            <div class="grid quarters">
                { for (0..4).map(|q| {
                    let id = format!("quarter-{}", q + 1);
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{ format!("{quarter_word} {}", q + 1) }</label>
                            <select id={id} onchange={onquarter(q)}>{ level_options(&quarters[q], Key::QuarterNone) }</select>
                        </div>
                    }
                }) }
            </div>
            <p class="help" id="quarters-fed">
                { match &fed {
                    Some(text) if !text.is_empty() => format!("{} {text}", t(lang, Key::QuartersFed)),
                    Some(_) => t(lang, Key::QuartersEmpty).to_string(),
                    None => t(lang, Key::QuartersNoFact).to_string(),
                } }
            </p>
            <h3>{ t(lang, Key::PastTitle) }</h3>
            if profile.past.is_empty() {
                <p class="help">{ t(lang, Key::PastNone) }</p>
            } else {
                <table class="past" id="past-years">
                    <thead><tr>
                        <th scope="col">{ t(lang, Key::PastYear) }</th>
                        <th scope="col">{ t(lang, Key::PastLevel) }</th>
                        <th scope="col">{ t(lang, Key::PastNote) }</th>
                        <th scope="col"><span class="visually-hidden">{ t(lang, Key::PastRemove) }</span></th>
                    </tr></thead>
                    <tbody>
                        { for profile.past.iter().map(|p| {
                            let level_label = format!("{} {}", t(lang, Key::PastLevel), p.year);
                            let note_label = format!("{} {}", t(lang, Key::PastNote), p.year);
                            html! {
                                <tr data-year={p.year.to_string()}>
                                    <th scope="row">{ p.year }</th>
                                    <td>
                                        <select aria-label={level_label} onchange={onpast(p.year, p.note.clone())}>
                                            { level_options(&p.level, Key::PastRemove) }
                                        </select>
                                        if !rules.levels.iter().any(|l| l.id == p.level) {
                                            <span class="help">{ level_name(&p.level) }</span>
                                        }
                                    </td>
                                    <td><input type="text" aria-label={note_label} value={p.note.clone()} onchange={onnote(p.year, p.level.clone())} /></td>
                                    <td><button type="button" class="link" aria-label={format!("{} {}", t(lang, Key::PastRemove), p.year)} onclick={onremove(p.year)}>{ "×" }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            <form class="past-add" id="past-add" onsubmit={onadd}>
                <div class="field">
                    <label for="past-year">{ t(lang, Key::PastYear) }</label>
                    <input id="past-year" ref={year_ref} type="text" inputmode="numeric" autocomplete="off" size="6" value={suggested.to_string()} />
                </div>
                <div class="field">
                    <label for="past-level">{ t(lang, Key::PastLevel) }</label>
                    <select id="past-level" ref={level_ref}>{ level_options("", Key::QuarterNone) }</select>
                </div>
                <button type="submit" id="past-add-button">{ t(lang, Key::PastAdd) }</button>
            </form>
            if !notes.is_empty() {
                <h3>{ t(lang, Key::NotesTitle) }</h3>
                <ul class="history-notes" id="history-notes">
                    { for notes.iter().map(|n| html! {
                        <li class={classes!(format!("note-{:?}", n.kind).to_ascii_lowercase())}>
                            { n.text.get(lang) }
                            if n.source.vi != "—" {
                                <span class="source">{ format!(" · {} ({})", n.source.get(lang), t(lang, if n.confirmed { Key::NoteConfirmed } else { Key::NoteLikely })) }</span>
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
