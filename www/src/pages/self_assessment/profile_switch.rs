use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::profiles_panel::{ProfilesProps, change, use_quarters_fact, year_label};
use super::steps::say;
use crate::i18n::{Key, t};

/// On the first page, whose profile and year is open and a switch between them; creating, renaming, the next year,
/// deleting, export and import are on the form's page (`form.html#profiles`), with the years.
#[component]
pub fn ProfileSwitch(props: &ProfilesProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let book = crate::web::load_book(&state.saved);
    let open = book.open_profile().clone();
    // The quarters, entered on the form's page, keep feeding their fact here too.
    use_quarters_fact(state, &book);
    let paused = !state.may_write();
    let onprofile = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0);
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
        <section class="card profiles profile-switch" id="profiles" aria-labelledby="profiles-title">
            <h2 id="profiles-title" class="visually-hidden">{ t(lang, Key::ProfilesTitle) }</h2>
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
            <p class="help">
                <a href="form.html#profiles" id="profiles-manage">
                    { say(lang, "Thêm, đổi tên, sang năm sau, xoá, xuất và nhập hồ sơ; quý và các năm trước →", "Add, rename, next year, delete, export and import profiles; quarters and past years →") }
                </a>
            </p>
        </section>
    }
}
