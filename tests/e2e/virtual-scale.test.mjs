// End to end, a members' table taller than its box can be: a generated roster of 500,000 members (`xeploai generate`,
// seed 1) whose rows (about 30 px each, 15 million px) pass the 10 million px the page lets a table's box scroll
// (pages/unit/virtual_rows.rs, MAX_SCROLL_PX; Chromium lays out nothing past about 33.5 million px, 1,100,000 rows).
// The box scrolls on a scale: its middle shows the middle of the table, its bottom the last member; the keys still move
// one row a press and reach both ends; the row count said to screen readers stays the table's. The 5,500,000-member
// mapping itself is tested natively (`cargo test -p xeploai-web --lib virtual_rows`). Any console error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, openUnit, importUnit } from './harness.mjs';

const MEMBERS = 500_000;
const env = setup({ members: MEMBERS });
const table = '#results table.result-table';

/** In the page: the `aria-rowindex` of the results' row at the top of the box's view (under its header). */
function topRow() {
  const box = document.querySelector('#results-scroll');
  const header = box.querySelector('thead th').getBoundingClientRect();
  const { left } = box.getBoundingClientRect();
  const row = document.elementFromPoint(left + 40, header.bottom + 3)?.closest('tbody tr[aria-rowindex]');
  return row ? Number(row.getAttribute('aria-rowindex')) : null;
}

/** In the page: the focused row's `aria-rowindex` when the row is in the box's view, or null. */
function focusedInView() {
  const row = document.activeElement?.closest('#results tbody tr[aria-rowindex]');
  if (!row) return null;
  const box = document.querySelector('#results-scroll').getBoundingClientRect();
  const at = row.getBoundingClientRect();
  return at.bottom > box.top && at.top < box.bottom ? Number(row.getAttribute('aria-rowindex')) : null;
}

/** Scroll the box to `fraction` of its range and wait for the window to follow. */
async function scrollTo(page, fraction) {
  await page.locator('#results-scroll').evaluate((e, f) => { e.scrollTop = (e.scrollHeight - e.clientHeight) * f; }, fraction);
  await page.waitForTimeout(300);
  await page.waitForFunction(topRow);
  return page.evaluate(topRow);
}

test(`${MEMBERS.toLocaleString('en')} members: a table taller than a box can be scrolls on a scale, every row reachable`, async () => {
  const { page, problems } = await openUnit(env);
  await page.setViewportSize({ width: 1280, height: 900 });
  await importUnit(page, path.join(env.dir, 'orgs.csv'), path.join(env.dir, 'members.csv'));
  const box = page.locator('#results-scroll');
  assert.equal(await page.getAttribute(table, 'aria-rowcount'), String(MEMBERS + 1), 'every member counted');
  // The box on the screen (a row is found at a point of it), its first scroll measures the rows; then the box is as
  // tall as the cap, not as all the rows.
  await box.evaluate((e) => e.scrollIntoView());
  await scrollTo(page, 0.001);
  const { scrollHeight, row } = await box.evaluate((e) => ({
    scrollHeight: e.scrollHeight,
    row: e.querySelector('tbody tr:not(.spacer)').getBoundingClientRect().height,
  }));
  assert.ok(scrollHeight <= 10_001_000 && scrollHeight >= 9_999_000, `a box of ${scrollHeight} px`);
  assert.ok(MEMBERS * row > 10_000_000, `${MEMBERS} rows of ${row} px would be taller`);

  // The middle of the box shows the middle of the table, and further down never shows an earlier row.
  const rows = [];
  for (const fraction of [0.1, 0.25, 0.5, 0.75, 0.9]) rows.push(await scrollTo(page, fraction));
  for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i] > rows[i - 1], `monotone: ${rows}`);
  assert.ok(Math.abs(rows[2] - MEMBERS / 2) < MEMBERS / 100, `the middle: row ${rows[2]}`);
  assert.ok((await page.locator(`${table} tbody tr:not(.spacer)`).count()) < 100, 'still a window');
  // The bottom: the last member, in view.
  await box.evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.waitForSelector(`${table} tbody tr[aria-rowindex="${MEMBERS + 1}"]`);
  const last = await page.locator(`${table} tbody tr[aria-rowindex="${MEMBERS + 1}"]`).boundingBox();
  const frame = await box.boundingBox();
  assert.ok(last.y + last.height <= frame.y + frame.height + 1 && last.y >= frame.y, `the last row is in view: ${JSON.stringify([last, frame])}`);

  // The keys: Home and End reach both ends, a press moves one row however quick, Page Up a boxful.
  await box.focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(focusedInView);
  assert.equal(await page.evaluate(focusedInView), 2);
  await page.keyboard.press('End');
  await page.waitForFunction((n) => document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') === String(n), MEMBERS + 1);
  assert.equal(await page.evaluate(focusedInView), MEMBERS + 1, 'the last member, focused and in view');
  await page.keyboard.press('PageUp');
  const paged = await page.evaluate(focusedInView);
  assert.ok(paged < MEMBERS + 1 - 5 && paged > MEMBERS + 1 - 40, `Page Up moved to row ${paged}`);
  for (let i = 0; i < 60; i += 1) await page.keyboard.press('ArrowUp');
  await page.waitForFunction((n) => document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') === String(n), paged - 60);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(focusedInView), paged - 60, 'sixty presses, sixty rows, in view');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail');
  assert.deepEqual(problems(), []);
  await page.context().close();
});
