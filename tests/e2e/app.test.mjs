// End to end: the built app (dist/) in Chromium. Fills the self-assessment for the four levels and a
// not-classified case, checks the level and the explanation shown, reloads, switches language, prints, exports
// and imports; fails on any console error or any request to another origin. Screenshots go to
// tests/e2e/artifacts/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

test('first visit: default rule set, nothing sent anywhere, asks for input', async () => {
  const { page, problems } = await openPage(browser, server.url);
  assert.equal(await page.inputValue('#rule-set'), 'qd366-2025');
  assert.equal(await level(page), 'incomplete');
  assert.match(await page.textContent('#level'), /Chưa đủ dữ liệu/);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await shot(page, '01-empty');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('member: the four levels, with the explanation', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await fill(page, htxs);
  assert.equal(await level(page), 'htxs');
  assert.match(await page.textContent('#level'), /Hoàn thành xuất sắc nhiệm vụ/);
  assert.match(await page.textContent('#score-total'), /^93/);
  const explanation = await page.textContent('#explanation');
  assert.match(explanation, /Ít nhất 30% số nhiệm vụ hoàn thành vượt mức yêu cầu/);
  assert.match(explanation, /Điều 11 khoản 1, Quy định 366-QĐ\/TW/);
  await shot(page, '02-htxs');

  await fill(page, { tasks_exceeding: 2 });
  assert.equal(await level(page), 'htt');
  assert.match(await page.textContent('#decided-by'), /không đạt điều kiện "Ít nhất 30% số nhiệm vụ hoàn thành vượt mức yêu cầu"/);
  assert.match(await page.textContent('#decided-by'), /GIẢ ĐỊNH/);
  assert.match(await page.textContent('#next-level'), /Tỷ lệ nhiệm vụ vượt mức yêu cầu: 20% \(cần ≥ 30%\)/);
  await shot(page, '03-htt-fallback');

  await fill(page, { task_points: '35,5' });
  assert.equal(await level(page), 'ht');
  assert.match(await page.textContent('#score-total'), /^63,5/);

  await fill(page, { task_points: 10 });
  assert.equal(await level(page), 'kht');
  assert.match(await page.textContent('#decided-by'), /dưới khung thấp nhất/);
  await shot(page, '04-kht');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('not classified: admitted less than 6 months ago', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await fill(page, { ...htxs, months_since_admission: 4 });
  assert.equal(await level(page), 'not_classified');
  assert.match(await page.textContent('#decided-by'), /Đảng viên mới kết nạp chưa đủ 6 tháng/);
  assert.match(await page.textContent('#decided-by'), /Điều 5 khoản 2 điểm 2.1, Quy định 366-QĐ\/TW/);
  await shot(page, '05-not-classified');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('invalid input is explained next to the field and kept; registered target shows the gap', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await fill(page, { common_points: 31 });
  assert.equal(await page.textContent('#fact-common_points-error'), 'không được lớn hơn 30');
  assert.equal(await page.inputValue('#fact-common_points'), '31');
  await fill(page, { ...htxs, common_points: 27, task_points: 58, tasks_exceeding: 2 });
  await page.selectOption('#target', 'htxs');
  const gap = await page.textContent('#target-gap');
  assert.match(gap, /Điểm đạt khung HTXS/);
  assert.match(gap, /Ít nhất 30% số nhiệm vụ hoàn thành vượt mức yêu cầu/);
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('reload keeps what was typed; language switch; keyboard only', async () => {
  const context = await browser.newContext();
  const { page, problems } = await openPage(browser, server.url, context);
  // Keyboard: focus the first score field and type, tab to the next.
  await page.focus('#fact-common_points');
  await page.keyboard.type('28');
  await page.keyboard.press('Tab');
  await page.keyboard.type('65');
  await fill(page, { tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 });
  assert.equal(await level(page), 'htxs');
  await page.reload();
  await page.waitForSelector('#level');
  assert.equal(await page.inputValue('#fact-common_points'), '28');
  assert.equal(await level(page), 'htxs');

  await page.click('#lang-en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('#level'), /Excellent/);
  assert.match(await page.textContent('h1'), /Quality self-assessment/);
  await fill(page, { common_points: '27.5', task_points: 62 });
  assert.match(await page.textContent('#score-total'), /^89\.5/);
  await shot(page, '06-english');
  await page.reload();
  await page.waitForSelector('#level');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('#lang-vi');
  assert.match(await page.textContent('#score-total'), /^89,5/);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('organization: member counts, roll-up and the quota', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.check('#subject-collective');
  await fill(page, { common_points: 28, task_points: 66, tasks_assigned: 20, tasks_on_time: 20, tasks_exceeding: 6 });
  await page.fill('#members-htxs', '5');
  await page.fill('#members-htt', '13');
  assert.equal(await level(page), 'htxs');
  assert.equal(await page.textContent('#quota-cap'), '2 → 3');
  assert.equal(await page.textContent('#quota-excess'), '2');
  await page.fill('#members-ht', '5');
  assert.equal(await level(page), 'htt');
  assert.match(await page.textContent('#explanation'), /100% đảng viên xếp loại từ hoàn thành nhiệm vụ trở lên/);
  await page.check('#members-mode-list');
  for (const [i, [name, lvl, score]] of [['An', 'htxs', '95'], ['Bình', 'htxs', '91'], ['Dung', 'htt', '80']].entries()) {
    await page.click('#add-member');
    await page.fill(`.member-list tbody tr:nth-child(${i + 1}) td:nth-child(1) input`, name);
    await page.selectOption(`.member-list tbody tr:nth-child(${i + 1}) select`, lvl);
    await page.fill(`.member-list tbody tr:nth-child(${i + 1}) td:nth-child(3) input`, score);
  }
  assert.match(await page.textContent('#quota-look-first'), /Bình, An/);
  await shot(page, '07-organization');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('print, export, import, clear', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.fill('#person-name', 'Nguyễn Văn An');
  await fill(page, htxs);
  // The form, its print view and the data's buttons are the self-assessment's second page (form.html).
  await page.click('#step-form');
  await page.waitForSelector('#review');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('.print-sheet'));
  assert.ok(!(await page.isVisible('.screen')));
  assert.match(await page.textContent('.print-sheet'), /Nguyễn Văn An/);
  assert.match(await page.textContent('.print-sheet'), /☒ Hoàn thành xuất sắc nhiệm vụ/);
  await page.pdf({ path: path.join(artifacts, '08-print.pdf'), format: 'A4' });
  await page.emulateMedia({ media: 'screen' });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const file = path.join(artifacts, 'export.json');
  await download.saveAs(file);
  const saved = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(saved.version, 1);
  assert.equal(saved.inputs.member.common_points, '28');

  await page.click('#clear');
  assert.ok(await page.isVisible('#clear-confirm'));
  await page.click('#clear-yes');
  assert.equal(await level(page), 'incomplete');

  await page.setInputFiles('#import', file);
  await page.waitForSelector('#notice.ok');
  assert.equal(await level(page), 'htxs');

  await page.setInputFiles('#import', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "ruleSet": ') });
  await page.waitForSelector('#notice.error');
  assert.match(await page.textContent('#notice'), /Không mở được tệp/);
  assert.equal(await level(page), 'htxs', 'a bad file changes nothing');
  await page.click('#step-level');
  await page.waitForSelector('#fact-common_points');
  assert.equal(await page.inputValue('#fact-common_points'), '28');
  assert.equal(await page.inputValue('#person-name'), 'Nguyễn Văn An');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('another bundled rule set is fetched from this site when chosen; what was typed stays', async (t) => {
  const { page, problems } = await openPage(browser, server.url);
  const ids = await page.$$eval('#rule-set option', (options) => options.map((o) => o.value));
  if (ids.length < 2) {
    t.skip('only one bundled rule set');
    await page.context().close();
    return;
  }
  await fill(page, { common_points: 28 });
  const fetched = page.waitForResponse((response) => response.url().endsWith(`rules/${ids[1]}.bin`));
  await page.selectOption('#rule-set', ids[1]);
  assert.equal((await fetched).status(), 200);
  await page.waitForSelector('#rule-set-loading', { state: 'detached' });
  assert.equal(await page.$('#notice.error'), null, 'the rule set compiles');
  await page.reload();
  await page.waitForSelector('#level');
  await page.waitForSelector('#rule-set-loading', { state: 'detached' });
  assert.equal(await page.inputValue('#rule-set'), ids[1], 'the choice is remembered');
  await page.selectOption('#rule-set', ids[0]);
  assert.equal(await page.inputValue('#fact-common_points'), '28');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('a review year picks the rule set in force and says which; the print view records it', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const fetched = page.waitForResponse((response) => response.url().endsWith('rules/qd124-2023.bin'));
  await page.selectOption('#review-year', '2023');
  assert.equal((await fetched).status(), 200);
  await page.waitForSelector('#rule-set-loading', { state: 'detached' });
  assert.equal(await page.inputValue('#rule-set'), 'qd124-2023');
  assert.match(await page.textContent('#review-year-note'), /Năm đánh giá 2023: dùng bộ quy tắc .*\(qd124-2023\), áp dụng 2023–2024/);
  await page.selectOption('#review-year', '2026');
  await page.waitForSelector('#rule-set-loading', { state: 'detached' });
  assert.equal(await page.inputValue('#rule-set'), 'qd366-2025');
  await page.click('#step-form');
  await page.waitForSelector('#review');
  assert.match(await page.textContent('#print-form'), /Bộ quy tắc qd366-2025, phiên bản 2025\.2 · năm đánh giá 2026/);
  // No bundled rule set governs 2017: the page says so and keeps the one in use.
  await page.selectOption('#review-year', '2017');
  assert.match(await page.textContent('#review-year-note.warning'), /không có bộ quy tắc chính thức nào áp dụng cho năm đánh giá 2017/);
  assert.equal(await page.inputValue('#rule-set'), 'qd366-2025');
  assert.deepEqual(problems(), []);
  await page.context().close();
});
