// End to end: saved profiles in Chromium (issue 12, "Several people and several years in one browser"). An old
// single-person save opens as the first profile with nothing lost; profiles are created, renamed, switched,
// copied to the next year and deleted (after asking); the quarters feed the rule set's KHT-quarter assumption;
// past years' levels give the history notes; every profile is exported as one file and imported elsewhere, and an
// import names what it could not read. The first page (index.html) switches profiles and years; the rest is on
// the form's page (form.html), which shares the stored document. Screenshots at desktop width and at 390 px go to
// tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serve, launch, openPage, fill, level, shot, artifacts } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const htxs = { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 };

/** What the app stored before profiles existed (version 1: one person's data). */
const oldSave = {
  version: 1,
  lang: 'vi',
  ruleSet: 'qd366-2025',
  subject: 'member',
  inputs: { member: Object.fromEntries(Object.entries(htxs).map(([k, v]) => [k, String(v)])) },
  targets: { member: 'htxs' },
  person: { name: 'Nguyễn Thị Lan', unit: 'Chi bộ 3', position: 'Chuyên viên', year: '2025' },
  members: { mode: 'count', counts: {}, rows: [], subunits: {} },
  reviewYear: 2025,
};

/** A context whose storage holds `items` before any page script runs. */
async function contextWith(items) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript((items) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  }, items);
  return context;
}

/** To the form's page (profiles, years, export and import) and back to the first page (the facts). */
async function toForm(page) {
  await page.click('#step-form');
  await page.waitForSelector('#years');
}
async function toLevel(page) {
  await page.click('#step-level');
  await page.waitForSelector('#fact-common_points');
}

const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('xeploai.saved')));
const options = (page, select) => page.$$eval(`${select} option`, (os) => os.map((o) => o.textContent.trim()));

test('an old save opens as the first profile, nothing lost; create, rename, switch, reload', async () => {
  const context = await contextWith({ 'xeploai.saved': JSON.stringify(oldSave) });
  const { page, problems } = await openPage(browser, server.url, context);
  assert.deepEqual(await options(page, '#profile-select'), ['Nguyễn Thị Lan (1 năm)']);
  assert.equal(await page.inputValue('#fact-common_points'), '28');
  assert.equal(await page.inputValue('#person-unit'), 'Chi bộ 3');
  assert.equal(await page.inputValue('#target'), 'htxs');
  assert.equal(await level(page), 'htxs');
  await page.fill('#fact-common_points', '29');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('xeploai.saved')).version === 2);
  const book = await stored(page);
  assert.equal(book.profiles.length, 1);
  const saved = book.profiles[0].years[0].saved;
  for (const key of Object.keys(oldSave).filter((k) => k !== 'inputs')) assert.deepEqual(saved[key], oldSave[key], `${key} carried over`);
  assert.equal(saved.inputs.member.common_points, '29');
  assert.equal(saved.inputs.member.tasks_exceeding, '3');

  // A second person: a new, empty profile for the same review year (on the form's page).
  await toForm(page);
  await page.click('#profile-new');
  await page.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'incomplete');
  assert.equal(await page.inputValue('#profile-year'), '0');
  assert.match(await page.textContent('#profile-year'), /2025/);
  await toLevel(page);
  assert.equal(await page.inputValue('#fact-common_points'), '');
  await page.fill('#person-name', 'Trần Văn Minh');
  await fill(page, { common_points: 20, task_points: 55 });
  await page.waitForFunction(() => [...document.querySelectorAll('#profile-select option')].some((o) => o.textContent.startsWith('Trần Văn Minh')));
  assert.deepEqual(await options(page, '#profile-select'), ['Nguyễn Thị Lan (1 năm)', 'Trần Văn Minh (1 năm)'], 'a new profile takes the person’s name');

  // Rename (behind "more", on the form's page), then switch back and forth on the first page.
  await toForm(page);
  await page.click('#profile-more summary');
  await page.fill('#profile-name', 'Minh (tổ 2)');
  await page.press('#profile-name', 'Tab');
  await page.waitForFunction(() => [...document.querySelectorAll('#profile-select option')].some((o) => o.textContent.startsWith('Minh (tổ 2)')));
  await toLevel(page);
  await page.selectOption('#profile-select', { label: 'Nguyễn Thị Lan (1 năm)' });
  await page.waitForFunction(() => document.querySelector('#fact-common_points').value === '29');
  assert.equal(await page.inputValue('#person-name'), 'Nguyễn Thị Lan');
  await page.selectOption('#profile-select', { label: 'Minh (tổ 2) (1 năm)' });
  await page.waitForFunction(() => document.querySelector('#fact-common_points').value === '20');
  assert.equal(await page.inputValue('#fact-task_points'), '55');

  // Reload: the profile open last opens again, both kept.
  await page.reload();
  await page.waitForSelector('#level');
  assert.equal(await page.inputValue('#person-name'), 'Trần Văn Minh');
  assert.deepEqual(await options(page, '#profile-select'), ['Nguyễn Thị Lan (1 năm)', 'Minh (tổ 2) (1 năm)']);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('quarters feed the KHT-quarter assumption; next year records the level; past years give the notes; delete asks first', async () => {
  const context = await contextWith({ 'xeploai.saved': JSON.stringify(oldSave) });
  const { page, problems } = await openPage(browser, server.url, context);
  assert.equal(await level(page), 'htxs');
  assert.match(await page.getAttribute('#profiles-manage', 'href'), /form\.html#profiles/);
  await toForm(page);

  // One quarter rated KHT: the fact is filled and HTXS is out (a labelled assumption), the explanation says why.
  await page.selectOption('#quarter-2', 'kht');
  await page.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'htt');
  assert.match(await page.textContent('#quarters-fed'), /1$/);
  assert.match(await page.textContent('#history-notes'), /1 quý KHT.*CHƯA xác nhận/s);
  assert.match(await page.textContent('.outputs'), /Không có quý nào trong năm xếp loại không hoàn thành nhiệm vụ/);
  assert.match(await page.textContent('.outputs'), /GIẢ ĐỊNH/);
  await page.selectOption('#quarter-1', 'htxs');
  await page.selectOption('#quarter-3', 'htxs');
  await page.selectOption('#quarter-4', 'htxs');
  // The first page shows the fact as the quarters give it.
  await toLevel(page);
  assert.equal(await page.inputValue('#fact-quarters_kht'), '1');
  assert.equal(await level(page), 'htt');
  await toForm(page);
  await page.selectOption('#quarter-2', 'htxs');
  await page.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'htxs');
  await shot(page, 'profiles-01-quarters');

  // Past years 2021–2024 at HTXS, then copy to 2026: 2025's HTXS is recorded, five years in a row.
  for (const year of [2024, 2023, 2022, 2021]) {
    await page.fill('#past-year', String(year));
    await page.selectOption('#past-level', 'htxs');
    await page.click('#past-add-button');
    await page.waitForSelector(`#past-years tr[data-year="${year}"]`);
  }
  assert.match(await page.textContent('#history-notes'), /HTXS 4 năm liền \(2021–2024\): nếu năm 2025 cũng HTXS thì đủ 5 năm liền/);
  assert.match(await page.textContent('#profile-next-year'), /2026/);
  await page.click('#profile-next-year');
  await page.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'incomplete');
  assert.match(await page.textContent('#profile-year option:checked'), /2026/);
  assert.equal(await page.inputValue('#review-year'), '2026');
  assert.equal(await page.inputValue('#quarter-2'), '', 'the new year has no quarters yet');
  assert.ok(await page.$('#past-years tr[data-year="2025"]'));
  const notes = await page.textContent('#history-notes');
  assert.match(notes, /HTXS 5 năm liền \(2021–2025\)/);
  assert.match(notes, /bằng khen của ban thường vụ tỉnh ủy/);
  assert.match(notes, /06-HD\/TW/);
  assert.deepEqual(await options(page, '#profile-select'), ['Nguyễn Thị Lan (2 năm)']);
  await shot(page, 'profiles-02-next-year');
  await toLevel(page);
  assert.equal(await page.inputValue('#fact-common_points'), '');
  assert.equal(await page.inputValue('#person-name'), 'Nguyễn Thị Lan', 'the person carries over');
  assert.match(await page.textContent('#profile-year option:checked'), /2026/);

  // The old year is still there; a KHT year gives notes, never decisions.
  await page.selectOption('#profile-year', '0');
  await page.waitForFunction(() => document.querySelector('#fact-common_points').value === '28');
  await toForm(page);
  await page.selectOption('#past-years tr[data-year="2023"] select', 'kht');
  await page.waitForFunction(() => /Năm 2023 KHT/.test(document.querySelector('#history-notes').textContent));
  assert.match(await page.textContent('#history-notes'), /không phải quyết định/);

  // Delete asks first; "keep" keeps it; the last profile deleted leaves an empty one.
  await page.click('#profile-new');
  await page.waitForFunction(() => document.querySelectorAll('#profile-select option').length === 2);
  await page.click('#profile-more summary');
  await page.click('#profile-delete');
  assert.ok(await page.isVisible('#profile-delete-confirm'));
  assert.match(await page.textContent('#profile-delete-question'), /Hồ sơ 2.*Không khôi phục được/);
  await page.click('#profile-delete-no');
  assert.equal(await page.$('#profile-delete-confirm'), null);
  assert.equal((await options(page, '#profile-select')).length, 2);
  await page.click('#profile-delete');
  await page.click('#profile-delete-yes');
  await page.waitForFunction(() => document.querySelectorAll('#profile-select option').length === 1);
  assert.equal((await stored(page)).profiles.length, 1);
  await toLevel(page);
  assert.equal(await page.inputValue('#person-name'), 'Nguyễn Thị Lan');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('export all and import elsewhere: counts in = counts out; an import names what it could not read', async () => {
  const context = await contextWith({ 'xeploai.saved': JSON.stringify(oldSave) });
  const { page, problems } = await openPage(browser, `${server.url}form.html`, context);
  await page.click('#profile-next-year');
  await page.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'incomplete');
  await page.click('#profile-new');
  await page.waitForFunction(() => document.querySelectorAll('#profile-select option').length === 2);
  await toLevel(page);
  await page.fill('#person-name', 'Lê Hoa');
  await fill(page, { common_points: 25 });
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('xeploai.saved')).profiles[1]?.name === 'Lê Hoa');
  await toForm(page);
  await page.click('#profile-more summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#profile-export')]);
  assert.equal(download.suggestedFilename(), 'xeploai-ho-so.json');
  const file = path.join(artifacts, 'profiles-export.json');
  await download.saveAs(file);
  const exported = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(exported.version, 2);
  assert.deepEqual(exported.profiles.map((p) => [p.name, p.years.length]), [['Nguyễn Thị Lan', 2], ['Lê Hoa', 1]]);
  assert.equal(exported.profiles[0].years[0].saved.inputs.member.common_points, '28');
  assert.equal(exported.profiles[1].years[0].saved.inputs.member.common_points, '25');
  await context.close();

  // Another browser: the file comes in whole, beside what is there; the same file twice adds nothing.
  const { page: other, problems: otherProblems } = await openPage(browser, `${server.url}form.html`);
  await other.setInputFiles('#profiles-import', file);
  await other.waitForSelector('#notice.ok');
  assert.match(await other.textContent('#notice'), /2 hồ sơ \(3 năm\) đọc được; 2 hồ sơ thêm mới/);
  assert.deepEqual(await options(other, '#profile-select'), ['Hồ sơ 1 (1 năm)', 'Nguyễn Thị Lan (2 năm)', 'Lê Hoa (1 năm)']);
  await other.selectOption('#profile-select', { label: 'Nguyễn Thị Lan (2 năm)' });
  await other.selectOption('#profile-year', '0');
  await other.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'htxs');
  await toLevel(other);
  assert.equal(await other.inputValue('#fact-common_points'), '28');
  await toForm(other);
  await other.setInputFiles('#profiles-import', file);
  await other.waitForFunction(() => /2 đã có sẵn/.test(document.querySelector('#notice')?.textContent || ''));
  assert.equal((await options(other, '#profile-select')).length, 3);

  // A damaged file: what can be read comes in, the rest is named.
  const damaged = structuredClone(exported);
  damaged.profiles[0].years[1].saved = 'hỏng';
  damaged.profiles.push({ name: 42 });
  damaged.profiles[1].name = 'Lê Hoa (bản 2)';
  const damagedFile = path.join(artifacts, 'profiles-damaged.json');
  await writeFile(damagedFile, JSON.stringify(damaged));
  await other.setInputFiles('#profiles-import', damagedFile);
  await other.waitForSelector('#notice.warning');
  const notice = await other.textContent('#notice');
  assert.match(notice, /KHÔNG đọc được 2 phần/);
  assert.match(notice, /hồ sơ "Nguyễn Thị Lan", năm thứ 2/);
  assert.match(notice, /hồ sơ thứ 3/);
  assert.ok((await options(other, '#profile-select')).includes('Lê Hoa (bản 2) (1 năm)'));

  // The single-person export (the old button) comes in as a new profile and opens; nothing is overwritten.
  const single = path.join(artifacts, 'profiles-single.json');
  await writeFile(single, JSON.stringify({ ...oldSave, person: { ...oldSave.person, name: 'Đỗ An' } }));
  await other.setInputFiles('#import', single);
  await other.waitForFunction(() => [...document.querySelectorAll('#profile-select option')].some((o) => o.selected && o.textContent === 'Đỗ An (1 năm)'));
  assert.equal(await level(other), 'htxs');
  await toLevel(other);
  assert.equal(await other.inputValue('#person-name'), 'Đỗ An');
  assert.deepEqual(otherProblems(), []);
  assert.deepEqual(problems(), []);
  await other.context().close();
});

test('screenshots: desktop and 390 px, nothing wider than the screen', async () => {
  const context = await contextWith({ 'xeploai.saved': JSON.stringify(oldSave) });
  const { page, problems } = await openPage(browser, `${server.url}form.html`, context);
  await page.selectOption('#quarter-1', 'htt');
  await page.fill('#past-year', '2024');
  await page.selectOption('#past-level', 'htxs');
  await page.click('#past-add-button');
  await page.waitForSelector('#past-years tr[data-year="2024"]');
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, 'profiles-03-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'profiles-04-390px');
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('#profiles *, #years *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => el.id || el.tagName);
  });
  assert.deepEqual(overflow, [], 'no part of the profiles sticks out at 390 px');
  await page.click('#profile-more summary');
  await page.click('#profile-delete');
  await page.locator('#profile-delete-confirm').screenshot({ path: path.join(artifacts, 'profiles-05-delete-390px.png') });
  assert.deepEqual(problems(), []);
  await context.close();
});
