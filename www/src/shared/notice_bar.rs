use yew::prelude::*;

use xeploai::Lang;

use crate::i18n::{Key, t};
use crate::shared::state::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub lang: Lang,
    pub notice: Option<Notice>,
    pub ondismiss: Callback<()>,
}

/// A message to read once: an import that worked or failed, saved data that had to be set aside or could not be
/// saved (with its download), data changed in another tab.
#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let lang = props.lang;
    let Some(notice) = &props.notice else { return html! {} };
    // A notice about data at risk offers it as a file: the original that could not be set aside, or what could
    // not be saved.
    let mut download: Option<(String, std::rc::Rc<String>)> = None;
    let (class, text) = match notice {
        Notice::Imported => ("ok", t(lang, Key::Imported).to_string()),
        Notice::ImportFailed(reason) => ("error", format!("{}: {}", t(lang, Key::ImportFailed), reason.get(lang))),
        Notice::StorageRecovered(set_aside) => {
            download = Some((set_aside.file_name(), set_aside.text.clone()));
            (if set_aside.at_risk() { "error" } else { "warning" }, set_aside.message().get(lang).to_string())
        }
        Notice::SaveFailed(failed) => {
            download = Some((failed.file_name(), failed.text.clone()));
            ("error", failed.message().get(lang).to_string())
        }
        Notice::ChangedElsewhere => ("warning", t(lang, Key::ChangedElsewhere).to_string()),
        Notice::RuleSetFailed(reason) => ("error", format!("{}: {}", t(lang, Key::RuleSetFailed), reason.get(lang))),
        Notice::PastedExtra(cells) => ("warning", format!("{} {cells}", t(lang, Key::ListPastedExtra))),
        Notice::Done(text, whole) => (if *whole { "ok" } else { "warning" }, text.get(lang).to_string()),
    };
    let download = download.map(|(name, text)| {
        let ondownload = Callback::from(move |_: MouseEvent| crate::web::download(&name, &text));
        html! { <button type="button" id="notice-download" onclick={ondownload}>{ t(lang, Key::DownloadData) }</button> }
    });
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    html! {
        <div id="notice" class={classes!("notice", class)} role="status">
            <span>{ text }</span>
            { for download }
            <button type="button" class="link" onclick={ondismiss} aria-label="OK">{ "×" }</button>
        </div>
    }
}
