//! Virtualized table rows: a long table (21,000 organizations at 1,000,000 members, 52,000 at 5,500,000) renders
//! only the rows in its scrolling box plus a margin above and below, and one spacer row on each side stands for the
//! rest, so the first paint of the results and every later render cost the same whatever the roster's size.
//! The rows' height is measured from those rendered (rows wrap on a phone), so the spacers keep the scroll bar true.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows rendered above and below those in view: a quick scroll or a keyboard's Page Down lands on rendered rows.
pub const MARGIN_ROWS: usize = 20;
/// The height of a row before one is measured (a row of text with its padding at the page's type size).
pub const GUESS_ROW_PX: f64 = 30.0;
/// The height of the scrolling box before it is measured (its CSS `max-height` on a laptop's screen).
pub const GUESS_VIEW_PX: f64 = 600.0;
/// How long after a key moved the focus a render that drops it gives it back to the row (a scroll's renders follow
/// the key within a few frames; later, the person may have put the focus elsewhere).
const REFOCUS_MS: f64 = 1000.0;

/// Where a virtualized table is scrolled to, as its scroll events report it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scroll {
    /// Pixels scrolled from the top of the box.
    pub top: f64,
    /// The box's visible height in pixels.
    pub view: f64,
    /// The height of one row in pixels (the rendered rows' mean).
    pub row: f64,
}

impl Default for Scroll {
    fn default() -> Scroll {
        Scroll { top: 0.0, view: GUESS_VIEW_PX, row: GUESS_ROW_PX }
    }
}

/// The tallest a virtualized table's rows stand in its scrolling box, in pixels. Chromium lays out nothing taller
/// than about 33.5 million pixels (a million rows of 30 px); a table whose rows would be taller (5,500,000 members are
/// 165 million pixels) scrolls a box of this height, each pixel standing for several ([`Scale`]).
pub const MAX_SCROLL_PX: f64 = 10_000_000.0;

/// How the rows of a table stand in its scrolling box: one pixel for one while they fit in [`MAX_SCROLL_PX`]; past
/// that, the box's scroll range maps proportionally onto the rows' (its top to the first row, its bottom to the last
/// boxful), and the rows in view are placed where the mapping puts the first of them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    total: usize,
    /// The height of one row in pixels.
    row: f64,
    /// The box's visible height in pixels.
    view: f64,
}

impl Scale {
    /// The scale of `total` rows of `row` pixels in a box `view` pixels high (odd measures fall back to the guesses).
    pub fn new(total: usize, row: f64, view: f64) -> Scale {
        let row = if row.is_finite() && row >= 1.0 { row } else { GUESS_ROW_PX };
        let view = if view.is_finite() { view.max(0.0) } else { GUESS_VIEW_PX };
        Scale { total, row, view }
    }

    /// The height of every row, one pixel each.
    pub fn rows_px(&self) -> f64 {
        self.total as f64 * self.row
    }

    /// The height the rows take in the box: all of theirs, or [`MAX_SCROLL_PX`].
    pub fn height(&self) -> f64 {
        self.rows_px().min(MAX_SCROLL_PX)
    }

    /// Does a pixel of the box stand for more than one of the rows'?
    pub fn is_scaled(&self) -> bool {
        self.rows_px() > MAX_SCROLL_PX
    }

    /// How far the box scrolls, and how far the rows would.
    fn ranges(&self) -> (f64, f64) {
        ((self.height() - self.view).max(0.0), (self.rows_px() - self.view).max(0.0))
    }

    /// The box's scroll position that shows the last boxful of rows.
    pub fn last_top(&self) -> f64 {
        self.ranges().0
    }

    /// `top` (the box's scroll position) within the box's scroll range.
    pub fn clamp(&self, top: f64) -> f64 {
        if top.is_finite() { top.clamp(0.0, self.ranges().0) } else { 0.0 }
    }

    /// The position on the rows' own scale (pixels from the first row's top) at the box's top when it is scrolled to
    /// `top`.
    pub fn offset(&self, top: f64) -> f64 {
        let top = self.clamp(top);
        let (scroll, rows) = self.ranges();
        if !self.is_scaled() || scroll <= 0.0 { top } else { top * rows / scroll }
    }

    /// The box's scroll position that shows `offset` (on the rows' scale) at its top: [`Scale::offset`]'s inverse.
    pub fn top(&self, offset: f64) -> f64 {
        let (scroll, rows) = self.ranges();
        let offset = if offset.is_finite() { offset.clamp(0.0, rows) } else { 0.0 };
        if !self.is_scaled() || rows <= 0.0 { offset } else { offset * scroll / rows }
    }

    /// The row at the box's top when it is scrolled to `top`.
    pub fn row_at(&self, top: f64) -> usize {
        // (A millionth of a row over: a round trip through floating point may land a hair above the row's top.)
        ((self.offset(top) / self.row + 1e-6) as usize).min(self.total.saturating_sub(1))
    }

    /// The box's scroll position that puts row `row` at its top (the last boxful's when the box cannot scroll so far).
    pub fn top_of_row(&self, row: usize) -> f64 {
        self.top(row as f64 * self.row)
    }
}

/// A spacer: how many rows it stands for, and its height in the box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gap {
    pub rows: usize,
    pub px: f64,
}

/// The rows `start..end` of a table of `total` rows that are rendered; the others are spacers, `above_px` and
/// `below_px` high.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub total: usize,
    pub above_px: f64,
    pub below_px: f64,
}

impl Window {
    /// The rows at and around those in view, when the box is scrolled as `scroll` says (every row of a short
    /// table).
    pub fn new(total: usize, scroll: Scroll) -> Window {
        let scale = Scale::new(total, scroll.row, scroll.view);
        let (row, view) = (scale.row, scale.view);
        let shown = (view / row).ceil() as usize + 1;
        let top = scale.clamp(if scroll.top.is_nan() { 0.0 } else { scroll.top });
        let offset = scale.offset(top);
        // Never past the last boxful: scrolled to the bottom, or a table that shrank, shows its last rows.
        let first = ((offset / row + 1e-6) as usize).min(total.saturating_sub(shown));
        // Where the first row in view starts in the box: at the box's top less the part of it scrolled past (one
        // pixel for one, `first` rows down).
        let first_at = (top - (offset - first as f64 * row)).max(0.0);
        // The margin above takes the room there is above that row (near the top of a scaled box, less than the
        // margin's), and the margin below the room there is under it: the spacers are never less than nothing.
        let room_above = (first_at / row + 1e-6) as usize;
        let start = first - first.min(MARGIN_ROWS).min(room_above);
        let above_px = (first_at - (first - start) as f64 * row).max(0.0);
        let room_below = ((scale.height() - above_px) / row + 1e-6) as usize;
        let end =
            first.saturating_add(shown).saturating_add(MARGIN_ROWS).min(total).min(start.saturating_add(room_below));
        let end = end.max(start);
        let below_px =
            if end == total { 0.0 } else { (scale.height() - above_px - (end - start) as f64 * row).max(0.0) };
        Window { start, end, total, above_px, below_px }
    }

    /// The spacer above the rendered rows.
    pub fn above(&self) -> Gap {
        Gap { rows: self.start, px: self.above_px }
    }

    /// The spacer below the rendered rows.
    pub fn below(&self) -> Gap {
        Gap { rows: self.total - self.end, px: self.below_px }
    }
}

/// A virtualized table's window and the scroll handler to put on its scrolling box (`onscroll`).
pub struct VirtualRows {
    pub window: Window,
    pub onscroll: Callback<Event>,
    /// Where the box is scrolled to, as last reported (for the keyboard's moves, [`use_row_keys`]).
    pub scroll: Scroll,
}

impl VirtualRows {
    /// The table's height (its `height` attribute, a least height): that of its rows, whatever the window. A render
    /// replaces the spacer below before the one above; the table, shorter in between, would cut the box's scroll
    /// position back (by millions of pixels at the bottom of a scaled box).
    pub fn height(&self) -> String {
        format!("{:.0}", Scale::new(self.window.total, self.scroll.row, self.scroll.view).height())
    }

    /// A spacer row standing for the rows of `gap` that are not rendered (nothing when there are none), spanning
    /// `columns` columns; hidden from screen readers, which hear the table's row count and each row's index instead.
    pub fn spacer(&self, gap: Gap, columns: usize) -> Html {
        if gap.rows == 0 {
            return html! {};
        }
        // The `height` attribute, not a `style`: the pages' Content-Security-Policy (`style-src 'self'`) drops inline
        // styles, and a cell's height attribute is a presentational hint the browser maps to CSS.
        let height = format!("{:.0}", gap.px);
        html! { <tr class="spacer" aria-hidden="true"><td colspan={columns.to_string()} {height}></td></tr> }
    }
}

/// The scroll position of a virtualized table of `total` rows. The window moves when the box is scrolled by at
/// least a row: a scroll within a row does not render the table again. When the rows turn out taller or shorter
/// than the spacers assumed by more than a tenth (the first scroll measures them), the box is scrolled again after
/// the render so the same row stays at its top: on a table of 100,000 rows a few pixels a row would otherwise be
/// thousands of rows. At the bottom of the box, the window is the table's last rows. A table too tall for the box
/// scrolls on a [`Scale`]: its window moves at every scroll event.
#[hook]
pub fn use_virtual_rows(total: usize) -> VirtualRows {
    let scroll = use_state_eq(Scroll::default);
    // The box, as its scroll events give it, and where it is to be scrolled once the rows are rendered: at the bottom,
    // or where the same row is at the rows' new height. (While a render replaces the spacers one after the other the
    // box would be shorter, and cut its position back, but for the table's own height: [`VirtualRows::height`].)
    let scroller = use_mut_ref(|| None::<web_sys::Element>);
    let wanted = use_mut_ref(|| None::<f64>);
    {
        let (scroller, wanted) = (scroller.clone(), wanted.clone());
        use_effect(move || {
            let top = wanted.borrow_mut().take();
            if let (Some(top), Some(element)) = (top, scroller.borrow().as_ref()) {
                // At the bottom, the bottom: the rows rendered at the end may be taller or shorter than the spacer's
                // mean, and the last row would stand a few pixels out of view.
                let top = if top >= f64::from(i32::MAX) { element.scroll_height() } else { top.round() as i32 };
                if element.scroll_top() != top {
                    element.set_scroll_top(top);
                }
            }
        });
    }
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let Some(element) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let assumed = scroll.row;
            // The spacers' row height is kept while the rendered rows' mean stays within a tenth of it: windows of
            // rows that wrap differently would otherwise move the box at every scroll.
            let measured = rendered_row_height(&element).unwrap_or(assumed);
            let row = if (measured - assumed).abs() > assumed * 0.1 { measured } else { assumed };
            let seen = f64::from(element.scroll_top());
            let view = f64::from(element.client_height());
            // The row at the box's top, on the scale the spacers were rendered at; at the bottom, past the last row
            // (the window then ends with the table). A scaled box is at its bottom at the end of the scale's range
            // (the header's height and the rows' differences from their mean are below it).
            let (before, after) = (Scale::new(total, assumed, view), Scale::new(total, row, view));
            let at_bottom = seen + view >= f64::from(element.scroll_height()) - 2.0
                || (before.is_scaled() && seen >= before.last_top() - 1.0);
            let (top, keep) = if at_bottom {
                (f64::from(i32::MAX), f64::from(i32::MAX))
            } else if after.is_scaled() || before.is_scaled() {
                // Scaled, every pixel places the rows: the position as it is, or where the same row is at the
                // new height.
                let top = if row == assumed { seen } else { after.top_of_row(before.row_at(seen)) };
                (top, top)
            } else {
                // One pixel for one: whole rows (a scroll within a row renders nothing again).
                let top = (seen / assumed).floor() * row;
                (top, if row == assumed { seen } else { top })
            };
            // Put back after the render that follows (only a changed position renders): a smooth scroll (the Home
            // key, a wheel) goes on by itself, and putting it back would stop it.
            let renders = top != scroll.top || row != assumed;
            *wanted.borrow_mut() = (renders && (keep != seen || at_bottom)).then_some(keep);
            *scroller.borrow_mut() = Some(element.clone());
            scroll.set(Scroll { top, view, row });
        })
    };
    VirtualRows { window: Window::new(total, *scroll), onscroll, scroll: *scroll }
}

/// The row a key moves the focus to in a table of `total` rows: ↑ and ↓ the row before and after, Page Up and Page
/// Down a boxful (`page` rows) away, Home and End the first and last row. `current` is the row holding the focus;
/// with none (the box itself focused), the keys start from `first_in_view`. Other keys, and an empty table: none.
pub fn row_key_target(
    key: &str,
    current: Option<usize>,
    first_in_view: usize,
    page: usize,
    total: usize,
) -> Option<usize> {
    if total == 0 {
        return None;
    }
    let last = total - 1;
    let page = page.max(1);
    let target = match (key, current) {
        ("Home", _) => 0,
        ("End", _) => last,
        ("ArrowDown", Some(row)) => row.saturating_add(1),
        ("ArrowUp", Some(row)) => row.saturating_sub(1),
        ("PageDown", Some(row)) => row.saturating_add(page),
        ("PageUp", Some(row)) => row.saturating_sub(page),
        ("ArrowDown" | "ArrowUp" | "PageDown" | "PageUp", None) => first_in_view,
        _ => return None,
    };
    Some(target.min(last))
}

/// Where to scroll a box on `scale`, scrolled to `top`, for row `target` to be in view among the `shown` rows under
/// its header, with a row of room above and below it; none when it is already. Moving down, the row comes in at the
/// bottom; moving up, at the top: a row at a time, as in a table that is not scaled.
pub fn scroll_to_show(scale: &Scale, top: f64, target: usize, shown: usize) -> Option<f64> {
    let first = scale.row_at(top);
    let shown = shown.max(3);
    if target > first && target + 2 <= first + shown {
        None
    } else if target <= first {
        Some(scale.top_of_row(target.saturating_sub(1)))
    } else {
        Some(scale.top_of_row((target + 2).saturating_sub(shown)))
    }
}

/// Keyboard use of a virtualized table whose rows each open with a button (the first in the row), and whose rows
/// carry `aria-rowindex` (the row's position + 2: the header row is 1). Put the node on the scrolling box and the
/// callbacks on its `onkeydown` and `onfocusin`: the arrows, Page Up/Down, Home and End move the focus from row to
/// row, scrolling a row that is not rendered into the window first and focusing it once it is; Enter on a row's
/// button opens it. Every key counts from the row the keys (or a click, or Tab) last put the focus on, not from the
/// focused element: keys come faster than renders, and a render that moves a row's button drops its focus for a
/// moment (a key pressed then reaches the page, and is taken as this table's while the focus is nowhere).
#[hook]
pub fn use_row_keys(rows: &VirtualRows) -> RowKeys {
    let node = use_node_ref();
    // The row to focus once it is rendered (after the scroll that brings it into the window).
    let pending = use_mut_ref(|| None::<usize>);
    // The row the focus is meant to be on (the keys moved it there, or the person put it there), and when
    // (milliseconds): a render that replaces its button drops the focus to the page, and the focus goes back to it if
    // that happens within a moment of the key.
    let intended = use_mut_ref(|| None::<(usize, f64)>);
    // This render's key handler, for the page's listener (the table's size and scale change from render to render).
    let latest = use_mut_ref(|| None::<Callback<KeyboardEvent>>);
    // A scaled box keeps its scroll position when a row takes the focus (see the key handler).
    let scaled = Scale::new(rows.window.total, rows.scroll.row, rows.scroll.view).is_scaled();
    {
        let (node, pending, intended) = (node.clone(), pending.clone(), intended.clone());
        use_effect(move || {
            let Some(scroller) = node.cast::<web_sys::Element>() else { return };
            let target = *pending.borrow();
            if let Some(row) = target {
                if focus_row(&scroller, row, scaled) {
                    *pending.borrow_mut() = None;
                }
                return;
            }
            let last = *intended.borrow();
            if let Some((row, when)) = last
                && js_sys::Date::now() - when < REFOCUS_MS
                && focus_dropped()
            {
                focus_row(&scroller, row, scaled);
            }
        });
    }
    {
        // Keys pressed while a render had dropped the focus (to the page's body) go to the page, not to the box.
        let (latest, intended) = (latest.clone(), intended.clone());
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(
                move |e: web_sys::KeyboardEvent| {
                    let recent = intended.borrow().is_some_and(|(_, when)| js_sys::Date::now() - when < REFOCUS_MS);
                    let handler = latest.borrow().clone();
                    if let Some(handler) = handler.filter(|_| recent && focus_dropped()) {
                        handler.emit(e);
                    }
                },
            );
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(document) = &document {
                let _ = document.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = document {
                    let _ = document.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
                }
            }
        });
    }
    let (total, scroll) = (rows.window.total, rows.scroll);
    let onkeydown = {
        let (node, intended) = (node.clone(), intended.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(scroller) = node.cast::<web_sys::HtmlElement>() else { return };
            // The row asked for last (rendered or not yet), else the focused one.
            let current = intended.borrow().map(|(row, _)| row).or_else(|| focused_row(&scroller));
            let view = f64::from(scroller.client_height());
            let scale = Scale::new(total, scroll.row, view);
            let first_in_view = scale.row_at(f64::from(scroller.scroll_top()));
            let page = ((view / scale.row) as usize).saturating_sub(2);
            let Some(target) = row_key_target(&e.key(), current, first_in_view, page, total) else { return };
            e.prevent_default();
            *intended.borrow_mut() = Some((target, js_sys::Date::now()));
            if scale.is_scaled() {
                // The box is scrolled here, to where the scale shows the row: the browser's own scroll to a focused
                // row moves the scale's rows many at a pixel, and would carry the row out of view.
                let shown = ((view / scale.row) as usize).saturating_sub(1);
                let top = scroll_to_show(&scale, f64::from(scroller.scroll_top()), target, shown)
                    .map(|top| top.round() as i32);
                if let Some(top) = top.filter(|top| *top != scroller.scroll_top()) {
                    *pending.borrow_mut() = Some(target);
                    scroller.set_scroll_top(top);
                    return;
                }
            }
            if focus_row(&scroller, target, scale.is_scaled()) {
                *pending.borrow_mut() = None;
                return;
            }
            // Not rendered: scroll it into the window (a row below the box's top, under the header); the effect
            // focuses it once the scroll has rendered it.
            *pending.borrow_mut() = Some(target);
            scroller.set_scroll_top(scale.top_of_row(target.saturating_sub(1)).round() as i32);
        })
    };
    *latest.borrow_mut() = Some(onkeydown.clone());
    // The focus put on a row by a click or Tab is where the keys start (not one they moved: no focus given back
    // to it); on the box itself, from the rows in view.
    let onfocusin = {
        let node = node.clone();
        Callback::from(move |_: FocusEvent| {
            let Some(scroller) = node.cast::<web_sys::HtmlElement>() else { return };
            let row = focused_row(&scroller);
            let mut intended = intended.borrow_mut();
            if row != intended.map(|(row, _)| row) {
                *intended = row.map(|row| (row, f64::NEG_INFINITY));
            }
        })
    };
    RowKeys { node, onkeydown, onfocusin }
}

/// What [`use_row_keys`] gives a table: its scrolling box's node and handlers.
pub struct RowKeys {
    pub node: NodeRef,
    pub onkeydown: Callback<KeyboardEvent>,
    pub onfocusin: Callback<FocusEvent>,
}

/// The row (its position in the table) of the element focused in `scroller`, when one is.
fn focused_row(scroller: &web_sys::HtmlElement) -> Option<usize> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|focused| scroller.contains(Some(&**focused)))
        .and_then(|focused| focused.closest("tr[aria-rowindex]").ok().flatten())
        .and_then(|row| row.get_attribute("aria-rowindex"))
        .and_then(|index| index.parse::<usize>().ok())
        .and_then(|index| index.checked_sub(2))
}

/// Is the focus on no control (the page's body), as when the focused element was removed?
fn focus_dropped() -> bool {
    let document = web_sys::window().and_then(|w| w.document());
    let active = document.as_ref().and_then(|d| d.active_element());
    match (active, document.and_then(|d| d.body())) {
        (None, _) => true,
        (Some(active), Some(body)) => active.is_same_node(Some(&**body)),
        (Some(_), None) => false,
    }
}

/// Focus the button of row `row` in `scroller`'s table, when that row is rendered (the browser scrolls it into
/// view, below the sticky header: the box's `scroll-padding-top`; with `keep_scroll`, the box stays where it is).
fn focus_row(scroller: &web_sys::Element, row: usize, keep_scroll: bool) -> bool {
    let selector = format!("tbody > tr[aria-rowindex=\"{}\"] button", row + 2);
    let Some(button) =
        scroller.query_selector(&selector).ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    let top = scroller.scroll_top();
    let focused = button.focus().is_ok();
    if keep_scroll && scroller.scroll_top() != top {
        // Put back within the same task: the box's scroll event, fired at the next frame, sees no change.
        scroller.set_scroll_top(top);
    }
    focused
}

/// The mean height of the rows rendered in `scroller`'s table (spacers left out), when there are any.
fn rendered_row_height(scroller: &web_sys::Element) -> Option<f64> {
    let rows = scroller.query_selector_all("tbody > tr:not(.spacer)").ok()?;
    let (mut height, mut count) = (0.0, 0u32);
    for i in 0..rows.length() {
        if let Some(row) = rows.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            height += f64::from(row.offset_height());
            count += 1;
        }
    }
    (count > 0 && height > 0.0).then(|| height / f64::from(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrolled(top: f64) -> Scroll {
        Scroll { top, view: 300.0, row: 30.0 }
    }

    #[test]
    fn a_short_table_renders_every_row_and_no_spacer() {
        let window = Window::new(4, Scroll::default());
        assert_eq!((window.start, window.end, window.above().rows, window.below().rows), (0, 4, 0, 0));
        let empty = Window::new(0, scrolled(900.0));
        assert_eq!((empty.start, empty.end, empty.below().rows), (0, 0, 0));
    }

    #[test]
    fn a_long_table_renders_the_rows_in_view_and_a_margin() {
        let top = Window::new(52_000, scrolled(0.0));
        assert_eq!((top.start, top.end), (0, 11 + MARGIN_ROWS), "ten rows in view, one cut, and the margin below");
        let middle = Window::new(52_000, scrolled(30.0 * 1000.0));
        assert_eq!((middle.start, middle.end), (1000 - MARGIN_ROWS, 1011 + MARGIN_ROWS));
        assert_eq!(
            middle.above().rows + (middle.end - middle.start) + middle.below().rows,
            52_000,
            "every row counted once"
        );
        assert_eq!(
            (middle.above().px, middle.below().px),
            (30.0 * 980.0, 30.0 * (52_000.0 - 1031.0)),
            "a pixel a pixel"
        );
        let bottom = Window::new(52_000, scrolled(30.0 * 51_995.0));
        assert_eq!((bottom.end, bottom.below().rows), (52_000, 0));
        let past = Window::new(52_000, scrolled(f64::from(i32::MAX)));
        assert_eq!(
            (past.start, past.end),
            (52_000 - 11 - MARGIN_ROWS, 52_000),
            "scrolled to the bottom: the last rows"
        );
    }

    #[test]
    fn a_table_that_shrank_below_the_scroll_position_shows_its_last_rows() {
        // Scrolled far down a long list, then a filter leaves ten rows: they are rendered, not an empty window.
        let window = Window::new(10, scrolled(30.0 * 5000.0));
        assert_eq!((window.start, window.end), (0, 10));
        let window = Window::new(100, scrolled(30.0 * 5000.0));
        assert_eq!(
            (window.start, window.end, window.below().rows),
            (100 - 11 - MARGIN_ROWS, 100, 0),
            "a boxful and the margin"
        );
    }

    #[test]
    fn the_keys_move_from_row_to_row_within_the_table() {
        let key = |k: &str, current: Option<usize>| row_key_target(k, current, 40, 18, 100);
        assert_eq!(key("ArrowDown", Some(5)), Some(6));
        assert_eq!(key("ArrowUp", Some(5)), Some(4));
        assert_eq!(key("ArrowUp", Some(0)), Some(0), "the first row stays");
        assert_eq!(key("ArrowDown", Some(99)), Some(99), "the last row stays");
        assert_eq!(key("PageDown", Some(5)), Some(23));
        assert_eq!(key("PageDown", Some(90)), Some(99));
        assert_eq!(key("PageUp", Some(5)), Some(0));
        assert_eq!(key("Home", Some(50)), Some(0));
        assert_eq!(key("End", None), Some(99));
        assert_eq!(key("ArrowDown", None), Some(40), "from the box itself: the first row in view");
        assert_eq!(key("Enter", Some(5)), None, "Enter is the row's button's own");
        assert_eq!(key("a", Some(5)), None);
        assert_eq!(row_key_target("End", None, 0, 18, 0), None, "an empty table");
        assert_eq!(row_key_target("ArrowDown", None, 500, 18, 10), Some(9), "scrolled past a table that shrank");
    }

    #[test]
    fn odd_measures_fall_back_to_the_guesses() {
        let window = Window::new(1000, Scroll { top: f64::NAN, view: f64::INFINITY, row: 0.0 });
        assert_eq!(window.start, 0);
        assert!(window.end > 0 && window.end <= 1000);
    }

    /// 5,500,000 members at 30 px: 165,000,000 px of rows in a box of [`MAX_SCROLL_PX`].
    const NATION: usize = 5_500_000;

    #[test]
    fn a_table_that_fits_is_not_scaled() {
        let scale = Scale::new(100_000, 30.0, 600.0);
        assert!(!scale.is_scaled());
        assert_eq!(scale.height(), 3_000_000.0);
        for top in [0.0, 1.0, 12_345.0, 2_999_400.0] {
            assert_eq!(scale.offset(top), top, "one pixel for one");
            assert_eq!(scale.top(top), top);
        }
        assert_eq!(scale.row_at(30.0 * 500.0 + 29.0), 500);
        assert_eq!(scale.top_of_row(500), 15_000.0);
    }

    #[test]
    fn the_nations_roster_scrolls_a_box_chromium_can_lay_out() {
        let scale = Scale::new(NATION, 30.0, 600.0);
        assert!(scale.is_scaled());
        assert_eq!(scale.height(), MAX_SCROLL_PX);
        assert!(scale.height() < 33_000_000.0, "under Chromium's tallest layout");
        let bottom = MAX_SCROLL_PX - 600.0;
        // The top, the middle and the last row are reached by scrolling.
        assert_eq!(scale.row_at(0.0), 0);
        let middle = scale.row_at(bottom / 2.0);
        assert!(middle.abs_diff(NATION / 2) < 20, "the middle of the box is the middle of the table: {middle}");
        assert_eq!(scale.row_at(bottom), NATION - 20, "the last boxful at the bottom");
        assert_eq!(scale.row_at(f64::from(i32::MAX)), NATION - 20, "past the bottom: the same");
        let last = Window::new(NATION, Scroll { top: bottom, view: 600.0, row: 30.0 });
        assert_eq!((last.end, last.below().px), (NATION, 0.0), "the last row is rendered");
        // Monotone: a scroll further down never shows an earlier row.
        let mut previous = 0;
        for step in 0..=10_000 {
            let row = scale.row_at(bottom * f64::from(step) / 10_000.0);
            assert!(row >= previous, "{row} after {previous}");
            previous = row;
        }
        // Round trips: the scroll position of a row shows that row at the top (the box's whole pixels each stand for
        // about 14 px of rows, under a row).
        for row in [0, 1, 19, 1_000, 777_777, NATION / 2, NATION - 21] {
            assert_eq!(scale.row_at(scale.top_of_row(row)), row, "row {row}");
            let top = scale.top_of_row(row).round();
            assert!(scale.row_at(top).abs_diff(row) <= 1, "row {row} from a whole pixel");
        }
        for top in [0.0, 1.0, 4_321.5, bottom / 3.0, bottom] {
            assert!((scale.top(scale.offset(top)) - top).abs() < 1e-6, "{top}");
        }
    }

    #[test]
    fn a_scaled_window_puts_its_rows_where_the_box_shows_them() {
        let view = 600.0;
        let scale = Scale::new(NATION, 30.0, view);
        for top in [0.0, 1.0, 100.0, 5_000.0, 4_999_700.5, MAX_SCROLL_PX - view - 1.0, MAX_SCROLL_PX - view] {
            let window = Window::new(NATION, Scroll { top, view, row: 30.0 });
            let first = scale.row_at(top).min(NATION - 21);
            // Rendered: the rows in view and a margin, but for the last when less than a row above the bottom (the
            // margin below has no room there; at the bottom the window is the last rows).
            assert!(window.start <= first && first + 19 < window.end, "{top}: {window:?}");
            // The first row in view starts at the box's top (less the part of it scrolled past).
            let first_at = window.above().px + (first - window.start) as f64 * 30.0;
            assert!(first_at <= top + 1e-6 && top - first_at < 30.0 + 1e-6, "{top}: row {first} at {first_at}");
            // The spacers and the rows fill the box exactly: its scroll bar does not jump as the window moves.
            let height = window.above().px + (window.end - window.start) as f64 * 30.0 + window.below().px;
            assert!((height - MAX_SCROLL_PX).abs() < 1e-3, "{top}: {height}");
            assert!(window.above().px >= 0.0 && window.below().px >= 0.0);
            assert_eq!(window.above().rows + (window.end - window.start) + window.below().rows, NATION);
        }
    }

    #[test]
    fn a_key_scrolls_a_scaled_box_a_row_at_a_time() {
        let scale = Scale::new(NATION, 30.0, 600.0);
        let top = scale.top_of_row(1_000_000);
        assert_eq!(scale.row_at(top), 1_000_000);
        assert_eq!(scroll_to_show(&scale, top, 1_000_005, 19), None, "in view: no scroll");
        // Down past the bottom of the view: the row comes in as the last but one.
        let down = scroll_to_show(&scale, top, 1_000_018, 19).unwrap();
        assert_eq!(scale.row_at(down), 1_000_001, "one row down");
        // Up past the top: the row comes in second.
        let up = scroll_to_show(&scale, top, 1_000_000, 19).unwrap();
        assert_eq!(scale.row_at(up), 999_999);
        // Home and End.
        assert_eq!(scroll_to_show(&scale, top, 0, 19), Some(0.0));
        let end = scroll_to_show(&scale, top, NATION - 1, 19).unwrap();
        assert_eq!(end, MAX_SCROLL_PX - 600.0, "the bottom of the box");
        let window = Window::new(NATION, Scroll { top: end, view: 600.0, row: 30.0 });
        assert_eq!(window.end, NATION, "the last row rendered");
    }
}
