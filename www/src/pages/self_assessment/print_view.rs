use xeploai::form::{Block, Para};
use yew::prelude::*;

use crate::shared::Handle;

#[derive(Properties, PartialEq)]
pub struct PrintViewProps {
    pub state: Handle,
}

/// The official form on A4, shown only when printing: the same document the Word download holds (party header,
/// unit, place and date, title by form, Parts A and B, signatures, the task annex on a page of its own).
#[component]
pub fn PrintView(props: &PrintViewProps) -> Html {
    let document = props.state.form().document();
    let para = |p: &Para| {
        html! { <p class={classes!(format!("f-{}", p.style.id()), p.bold.then_some("f-bold"))}>{ p.text.clone() }</p> }
    };
    html! {
        <article class="print-only print-sheet" id="print-form" aria-hidden="true" lang={document.lang.code()}>
            { for document.blocks.iter().map(|block| match block {
                Block::Para(p) => para(p),
                Block::Columns { columns } => html! {
                    <div class="f-columns">
                        { for columns.iter().map(|column| html! { <div class="f-column">{ for column.iter().map(para) }</div> }) }
                    </div>
                },
                // Column widths are Word's; the browser sizes the columns to their text (the page's
                // Content-Security-Policy allows no inline styles).
                Block::Table { id, header, rows, .. } => html! {
                    <table class="f-table" id={format!("form-{id}")}>
                        <thead><tr>{ for header.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                        <tbody>
                            { for rows.iter().map(|row| html! { <tr>{ for row.iter().map(|cell| html! { <td>{ cell.clone() }</td> }) }</tr> }) }
                        </tbody>
                    </table>
                },
                Block::PageBreak => html! { <div class="f-page-break"></div> },
            }) }
        </article>
    }
}
