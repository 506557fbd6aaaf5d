// End to end, the unit's results browsable at scale: a generated roster of 100,000 members (2,071 organizations,
// `xeploai generate`, seed 1) imported into unit mode. The long tables (members' results, organizations, quota,
// referred members) render only the rows in view plus a margin, with spacers for the rest: scrolling and the keyboard bring any row
// in, and the page holds a few thousand elements however large the roster. An organization is chosen by typing
// (a list of thousands is not rendered); the example unit (4 organizations) keeps its list. Screenshots at 1280 and
// 390 px. Any console error or request to another origin fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, openUnit as open, importUnit, shot, artifacts, grouped } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEMBERS = 100_000;
const env = setup({ members: MEMBERS });
const openUnit = () => open(env);

/** In the page: the results show fewer than `n` members (a filter applied). */
function fewer(n) {
  const shown = document.querySelector('#results h2')?.textContent.match(/\(([\d.]+) \//);
  return shown && Number(shown[1].replaceAll('.', '')) < n;
}

/** The members the results heading says are shown ("Kết quả (1.234 / 100.000)": grouped by thousands). */
const shownIn = (heading) => Number(heading.match(/\(([\d.]+) \//)[1].replaceAll('.', ''));

/** The rows a table renders (spacers left out). */
const rendered = (page, table) => page.locator(`${table} tbody tr:not(.spacer)`).count();

test(`${MEMBERS.toLocaleString('en')} members: the long tables render the rows in view, any row can be reached`, async () => {
  const { page, problems } = await openUnit();
  await page.setViewportSize({ width: 1280, height: 900 });
  await importUnit(page, path.join(env.dir, 'orgs.csv'), path.join(env.dir, 'members.csv'));
  const orgLines = (await readFile(path.join(env.dir, 'orgs.csv'), 'utf8')).trim().split('\n').slice(1);
  const orgIds = orgLines.map((line) => line.split(';')[0]);
  const total = orgIds.length;

  // The organizations: every one counted, a window of them rendered, the table's row count said to screen readers.
  assert.equal(await page.textContent('#orgs-shown'), `${grouped(total)} / ${grouped(total)}`);
  assert.equal(await page.getAttribute('#orgs-table table', 'aria-rowcount'), String(total + 1));
  const first = await rendered(page, '#orgs-table');
  assert.ok(first > 10 && first < 100, `${first} organizations rendered of ${total}`);
  assert.equal(await page.locator(`#orgs-table [data-org="${orgIds[0]}"]`).count(), 1, 'the first is rendered');
  assert.equal(await page.locator(`#orgs-table [data-org="${orgIds.at(-1)}"]`).count(), 0, 'the last is not yet');
  // The spacers keep the scroll bar true: the box scrolls as far as all the rows would.
  const box = page.locator('#orgs-table .scroll.virtual');
  const { scrollHeight, clientHeight } = await box.evaluate((e) => ({ scrollHeight: e.scrollHeight, clientHeight: e.clientHeight }));
  assert.ok(scrollHeight > total * 15 && clientHeight < 1000, `${scrollHeight} px of rows in a ${clientHeight} px box`);

  // Scrolled to the end: the last organizations are rendered, still only a window.
  await box.evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.waitForSelector(`#orgs-table [data-org="${orgIds.at(-1)}"]`);
  assert.equal(await page.getAttribute(`#orgs-table [data-org="${orgIds.at(-1)}"]`, 'aria-rowindex'), String(total + 1));
  assert.ok((await rendered(page, '#orgs-table')) < 100);
  // The keyboard: the box takes the focus and Home scrolls back to the first organization, whose name opens its
  // explanation.
  await box.focus();
  await page.keyboard.press('Home');
  await page.waitForSelector(`#orgs-table [data-org="${orgIds[0]}"]`);
  await page.click(`#orgs-table [data-org="${orgIds[0]}"] button`);
  await page.waitForSelector('#detail');
  assert.match(await page.textContent('#detail h2'), new RegExp(orgIds[0]));

  // The quota: every scope counted in the heading and the table, a window rendered, those over their cap first.
  const quotaCount = Number(await page.getAttribute('#quota-table table', 'aria-rowcount')) - 1;
  const quotaHeading = await page.textContent('#quota-table h2');
  assert.ok(quotaHeading.includes(`/ ${grouped(quotaCount)})`), quotaHeading);
  assert.ok(quotaCount > 100, `${quotaCount} quota scopes`);
  assert.ok((await rendered(page, '#quota-table')) < 100);

  // The results filtered by an organization typed: a search box with a few suggestions, not a list of thousands.
  assert.equal(await page.locator('#results-org').evaluate((e) => e.tagName), 'INPUT');
  await page.fill('#results-org', orgIds[5].slice(0, 3));
  const suggestions = await page.locator('#results-org-list option').count();
  assert.ok(suggestions > 0 && suggestions <= 30, `${suggestions} suggestions`);
  // A base organization with members: the first member's.
  const firstMember = (await readFile(path.join(env.dir, 'members.csv'), 'utf8')).split('\n')[1].split(';');
  const org = firstMember[2];
  await page.fill('#results-org', org);
  await page.waitForFunction(fewer, MEMBERS);
  const heading = await page.textContent('#results h2');
  const shown = shownIn(heading);
  assert.ok(shown > 0 && shown < MEMBERS, heading);
  assert.ok(await page.locator(`#results tbody tr[data-id="${firstMember[0]}"]`).count() <= 1);
  for (const cell of await page.locator('#results table.result-table tbody tr td:nth-child(3)').allTextContents()) {
    assert.ok(cell.includes(`(${org})`) || cell === org, `${cell} is in ${org}`);
  }
  // Cleared: every member again.
  await page.fill('#results-org', '');
  await page.waitForFunction((n) => document.querySelector('#results h2').textContent.includes(`(${n} / ${n})`), grouped(MEMBERS));
  // One organization's distribution, chosen the same way.
  await page.fill('#dist-org', org);
  await page.waitForSelector('#dist-one-org');
  assert.match(await page.textContent('#dist-one-org figcaption'), new RegExp(`\\(${org}\\)`));

  // However large the roster, the page holds a few thousand elements (it held 24,599 at 100,000 members and 63,251
  // at 1,000,000 before the tables were virtualized).
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);
  assert.ok(elements < 10_000, `${elements} elements`);
  await shot(page, 'unit-browse-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than a 390 px screen`);
  await shot(page, 'unit-browse-390');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

/** In the page: the row of the results' table that holds the focus (its `aria-rowindex`), or null. */
function focusedRow() {
  const row = document.activeElement?.closest('#results tbody tr');
  return row ? Number(row.getAttribute('aria-rowindex')) : null;
}

/** Press `key` `times` times as fast as the browser takes them. */
async function quickPresses(page, key, times) {
  for (let i = 0; i < times; i += 1) await page.keyboard.press(key);
}

/** Wait until the results' row `index` (its `aria-rowindex`) holds the focus. */
async function focusReaches(page, index) {
  await page.waitForFunction((n) => document.activeElement?.closest('#results tbody tr')?.getAttribute('aria-rowindex') === String(n), index);
}

test(`${MEMBERS.toLocaleString('en')} members: the results table renders the rows in view; scroll, keys, filters and sorting work`, async () => {
  const { page, problems } = await openUnit();
  await page.setViewportSize({ width: 1280, height: 900 });
  await importUnit(page, path.join(env.dir, 'orgs.csv'), path.join(env.dir, 'members.csv'));
  const table = '#results table.result-table';
  const box = page.locator('#results-scroll');
  assert.ok((await page.textContent('#results h2')).includes(`(${grouped(MEMBERS)} / ${grouped(MEMBERS)})`));
  assert.equal(await page.getAttribute(table, 'aria-rowcount'), String(MEMBERS + 1));
  assert.equal(await page.locator('#page-next').count(), 0, 'no pages: one scrolling list');
  const first = await rendered(page, '#results');
  assert.ok(first > 10 && first < 100, `${first} members rendered of ${MEMBERS}`);
  const firstId = await page.getAttribute(`${table} tbody tr[aria-rowindex="2"]`, 'data-id');
  assert.ok(firstId);
  // The spacers keep the scroll bar true.
  const { scrollHeight, clientHeight } = await box.evaluate((e) => ({ scrollHeight: e.scrollHeight, clientHeight: e.clientHeight }));
  assert.ok(scrollHeight > MEMBERS * 15 && clientHeight < 1000, `${scrollHeight} px of rows in a ${clientHeight} px box`);

  // Scrolled to the end: the last member is rendered, still only a window.
  await box.evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.waitForSelector(`${table} tbody tr[aria-rowindex="${MEMBERS + 1}"]`);
  assert.ok((await rendered(page, '#results')) < 100);
  const lastId = await page.getAttribute(`${table} tbody tr[aria-rowindex="${MEMBERS + 1}"]`, 'data-id');

  // The keyboard: from the box, Home goes to the first member (scrolled back and focused once rendered), the arrows
  // move row by row, Page Down a boxful, End to the last member; Enter opens the member's explanation.
  await box.focus();
  await page.keyboard.press('Home');
  await focusReaches(page, 2);
  assert.equal(await page.getAttribute(`${table} tbody tr[aria-rowindex="2"]`, 'data-id'), firstId, 'the first member');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(focusedRow), 3);
  await page.keyboard.press('PageDown');
  const afterPage = await page.evaluate(focusedRow);
  assert.ok(afterPage > 10 && afterPage < 40, `Page Down moved to row ${afterPage}`);
  // Row by row, at a person's pace: every step lands on a focused row.
  for (let i = 1; i <= 5; i += 1) {
    await page.keyboard.press('ArrowDown');
    await focusReaches(page, afterPage + i);
  }
  // Sixty quick presses, none waiting for the renders it causes: every one moves one row.
  await quickPresses(page, 'ArrowDown', 60);
  await focusReaches(page, afterPage + 65);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(focusedRow), afterPage + 65, 'sixty presses, sixty rows');
  await quickPresses(page, 'ArrowUp', 25);
  await focusReaches(page, afterPage + 40);
  await page.keyboard.press('End');
  await focusReaches(page, MEMBERS + 1);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail');
  assert.match(await page.textContent('#detail h2'), new RegExp(lastId));
  await page.click('#detail-close');
  await page.waitForSelector('#detail', { state: 'detached' });

  // Sorting by name (descending, then ascending) keeps the window: the first row is the first name in order.
  const sortByName = page.locator(`${table} thead th:nth-child(2) button`);
  await sortByName.click();
  await page.waitForFunction(() => document.querySelector('#results thead th:nth-child(2)').getAttribute('aria-sort') !== 'none');
  await box.evaluate((e) => { e.scrollTop = 0; });
  await page.waitForSelector(`${table} tbody tr[aria-rowindex="2"]`);
  const names = await page.locator(`${table} tbody tr:not(.spacer) td:nth-child(2)`).allTextContents();
  const order = await page.getAttribute(`${table} thead th:nth-child(2)`, 'aria-sort');
  assert.ok(names.length > 10);
  for (let i = 1; i < names.length; i += 1) {
    // The app orders names by their text as written (UTF-8 bytes: the same order as JavaScript's `<` on them).
    const inOrder = order === 'ascending' ? names[i - 1] <= names[i] : names[i - 1] >= names[i];
    assert.ok(inOrder, `${order}: ${names[i - 1]} then ${names[i]}`);
  }
  assert.ok((await rendered(page, '#results')) < 100);

  // A filter by level: fewer rows, counted in the heading and the row count, still windowed.
  await page.selectOption('#results-level', 'kht');
  await page.waitForFunction(fewer, MEMBERS);
  const shown = shownIn(await page.textContent('#results h2'));
  assert.equal(await page.getAttribute(table, 'aria-rowcount'), String(shown + 1));
  assert.ok((await rendered(page, '#results')) <= Math.min(shown, 100));
  for (const row of await page.locator(`${table} tbody tr:not(.spacer)`).all()) {
    assert.equal(await row.locator('td:nth-child(6)').textContent(), 'KHT', 'the level after the quota is KHT');
  }
  await page.selectOption('#results-level', '');
  await page.waitForFunction((n) => document.querySelector('#results h2').textContent.includes(`(${n} / ${n})`), grouped(MEMBERS));

  // The page stays small, and the table fits a phone.
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);
  assert.ok(elements < 10_000, `${elements} elements`);
  await page.locator('#results').screenshot({ path: path.join(artifacts, 'unit-results-1280.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than a 390 px screen`);
  await box.evaluate((e) => { e.scrollTop = e.scrollHeight / 2; });
  await page.waitForTimeout(200);
  assert.ok((await rendered(page, '#results')) < 100);
  // The organization stands under each member's name (its column would break its name mid-word on a phone).
  const row = page.locator(`${table} tbody tr:not(.spacer)`).first();
  assert.equal(await row.locator('td:nth-child(3)').evaluate((e) => getComputedStyle(e).display), 'none');
  assert.equal(await page.locator(`${table} thead th:nth-child(3)`).evaluate((e) => getComputedStyle(e).display), 'none');
  const under = await row.locator('td[data-org]').evaluate((e) => ({ shown: getComputedStyle(e, '::after').content, org: e.dataset.org }));
  assert.ok(under.org && under.shown === JSON.stringify(under.org), `${under.shown} under the name`);
  await page.locator('#results').screenshot({ path: path.join(artifacts, 'unit-results-390.png') });
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('a small unit keeps its lists of organizations and renders every row', async () => {
  const { page, problems } = await openUnit();
  await importUnit(page, path.join(root, 'examples/dang-bo-mau/orgs.csv'), path.join(root, 'examples/dang-bo-mau/members.csv'));
  assert.equal(await page.locator('#results-org').evaluate((e) => e.tagName), 'SELECT');
  assert.equal(await page.locator('#results-org option').count(), 5, 'all, and the 4 organizations');
  assert.equal(await page.locator('#orgs-table tbody tr').count(), 4, 'no spacer');
  assert.equal(await page.locator('#quota-table tbody tr.spacer').count(), 0);
  await page.selectOption('#results-org', 'cb-vp');
  await page.waitForFunction(fewer, 22);
  await page.selectOption('#dist-org', 'cb-ttr');
  await page.waitForSelector('#dist-one-org');
  assert.match(await page.textContent('#dist-one-org figcaption'), /Chi bộ Thanh tra \(cb-ttr\)/);
  assert.deepEqual(problems(), []);
  await page.context().close();
});
