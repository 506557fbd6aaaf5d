// End to end, unit mode: import the example roster (CSV) and a workbook (XLSX), check the distribution, a quota
// excess, the organizations, a target result, the explanation of one member; export CSV and XLSX and read them
// back; import 10,000 and 100,000 generated members and print how long it took (a browser benchmark, not a pass
// or fail). Any console error or request to another origin fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, openPage, shot, artifacts, grouped } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
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

async function unitMode(page) {
  await page.click('#tab-unit');
  await page.waitForSelector('#roster-import');
}

async function importExample(page) {
  await page.setInputFiles('#orgs-file', path.join(root, 'examples/dang-bo-mau/orgs.csv'));
  await page.waitForSelector('#orgs-file-name');
  await page.setInputFiles('#members-file', path.join(root, 'examples/dang-bo-mau/members.csv'));
  await page.waitForSelector('#results');
}

function row(page, selector) {
  return page.locator(selector);
}

test('example unit: distribution, quota, organizations, targets, explanation', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await unitMode(page);
  await importExample(page);
  assert.match(await page.textContent('#orgs-file-name'), /orgs\.csv — 4/);
  assert.match(await page.textContent('#members-file-name'), /members\.csv — 22/);
  assert.match(await page.textContent('#import-problems'), /Mọi dòng đều đọc được/);
  // Distribution after the quota: 2 HTXS, 14 HTT, 1 HT, 3 KHT, 2 not classified (tt06 is suspended) of 22.
  const proposed = await page.textContent('#dist-proposed');
  assert.match(proposed, /Hoàn thành xuất sắc nhiệm vụ \(HTXS\)\s*2\s*10%/, 'shares of the 20 classified');
  assert.match(proposed, /— 22/);
  // Each subject kind is its own quota group (QĐ 366 Điều 11 k1). The base organization's non-leaders are 3 over
  // their cap: 5 candidates, 8 good, cap 1 (2 after the moves); its 3 leaders, 2 over (2 candidates, 1 good).
  const quota = await page.textContent('[data-scope="db-stp"][data-subject="member"]');
  assert.match(quota, /Đảng bộ Sở Tư pháp \(db-stp\) · Cá nhân không giữ chức vụ lãnh đạo, quản lý\s*8\s*1 → 2\s*5\s*3 \(chuyển 3 HTXS → HTT\)/);
  assert.match(quota, /vp03, vp04, hc02/);
  assert.match(await page.textContent('[data-scope="db-stp"][data-subject="leader"]'), /hc01, vp01/);
  // Organizations rolled up.
  // cb-vp meets HTXS, but among its 3 sibling cells (1 good) the collectives' quota allows none: proposed HTT.
  assert.equal(await page.textContent('[data-org="cb-vp"] .org-level'), 'HTT');
  assert.equal(await page.textContent('[data-org="cb-ttr"] .org-level'), 'HT');
  // Targets against the roster's counts.
  assert.match(await page.textContent('[data-target="members_good"]'), /16\/20 = 80%\s*KHÔNG ĐẠT\s*cần thêm 2/);
  // One member's explanation.
  await page.click('[data-id="vp03"] button');
  assert.equal(await page.getAttribute('#detail-level', 'data-level'), 'htxs');
  assert.match(await page.textContent('#detail-explanation'), /Điều 11 khoản 1/);
  // Sort by score, filter by level and by text.
  await page.click('th:has-text("Điểm") button');
  assert.equal(await page.getAttribute('.result-table tbody tr:first-child', 'data-id'), 'tt05');
  await page.selectOption('#results-level', 'kht');
  assert.equal(await page.locator('.result-table tbody tr').count(), 3);
  await page.selectOption('#results-level', '');
  await page.fill('#results-filter', 'nguyen');
  assert.equal(await page.locator('.result-table tbody tr').count(), 1);
  await shot(page, '10-unit');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('typed totals only: 159 base organizations, 31 / 121 / 7 / 0', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await unitMode(page);
  for (const [level, n] of [['htxs', 31], ['htt', 121], ['ht', 7], ['kht', 0]]) {
    await page.fill(`#typed-base_organizations-${level}`, String(n));
  }
  assert.match(await page.textContent('[data-target="base_orgs_good"]'), /152\/159 = 95,6%\s*ĐẠT/);
  await page.fill('#typed-figure-admitted', '934');
  await page.fill('#typed-figure-admitted_plan', '1.300');
  await page.fill('#reported-admission_plan', '71,85%');
  assert.match(await page.textContent('[data-target="admission_plan"]'), /71,85%\s*KHÔNG ĐẠT\s*cần thêm 366/);
  assert.match(await page.textContent('[data-target="admission_plan"]'), /khớp/);
  await page.fill('#reported-admission_plan', '72,85%');
  assert.match(await page.textContent('[data-target="admission_plan"] .reported'), /không khớp/);
  await shot(page, '11-typed-totals');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('a strict target: exactly 50% is not "over 50%", 51% is', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await unitMode(page);
  await page.selectOption('#target-set', 'chi-tieu-tren-duoi');
  for (const [level, n] of [['htxs', 10], ['htt', 40], ['ht', 45], ['kht', 5]]) {
    await page.fill(`#typed-members-${level}`, String(n));
  }
  const row = '[data-target="members_good_over_half"]';
  assert.equal(await page.textContent(`${row} .bound`), '> 50%');
  assert.match(await page.textContent(row), /50\/100 = 50%\s*KHÔNG ĐẠT\s*cần thêm 1 /);
  await page.fill('#typed-members-htt', '41');
  assert.match(await page.textContent(row), /51\/101 = 50,5%\s*ĐẠT/);
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('broken roster: rows with problems listed by row and column, the rest classified', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await unitMode(page);
  await page.setInputFiles('#members-file', path.join(root, 'tests/fixtures/rosters/members-bad-cells.csv'));
  await page.waitForSelector('#results');
  const listed = await page.textContent('#import-problems');
  assert.match(listed, /Dòng có vấn đề \(4\)/);
  assert.match(listed, /3\s*common_points\s*\[a2 · Not a number\] Điểm nhóm tiêu chí chung: "hai mươi" không phải là số \[not-a-number\]/);
  assert.equal(await page.locator('.result-table tbody tr').count(), 6);
  // A file that cannot be read at all (empty) never replaces what was imported: the message says why.
  await page.setInputFiles('#members-file', path.join(root, 'tests/fixtures/rosters/empty.csv'));
  await page.waitForFunction(() => document.querySelector('#unit-message')?.textContent.includes('empty.csv'));
  assert.match(await page.textContent('#unit-message'), /empty\.csv.*kết quả trước vẫn giữ nguyên.*không có dòng dữ liệu nào/);
  assert.equal(await page.locator('.result-table tbody tr').count(), 6);
  assert.match(await page.textContent('#members-file-name'), /members-bad-cells\.csv/);
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('column mapping: an unknown header mapped by hand, remembered after reload', async () => {
  const context = await browser.newContext();
  const { page, problems } = await openPage(browser, server.url, context);
  await unitMode(page);
  const csv = 'Mã,Họ tên,Chi bộ,Điểm A,Điểm kết quả thực hiện nhiệm vụ,Số nhiệm vụ được giao,Số nhiệm vụ hoàn thành đúng tiến độ có chất lượng hiệu quả\nx1,An,cb1,28,65,10,10\n';
  await page.setInputFiles('#members-file', { name: 'map.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#results');
  assert.match(await page.textContent('#import-problems'), /missing-column/);
  await page.selectOption('select[data-header="Điểm A"]', 'common_points');
  await page.waitForFunction(() => document.querySelector('#import-problems')?.textContent.includes('Mọi dòng đều đọc được'));
  assert.match(await page.textContent('[data-id="x1"]'), /HTT/);
  // The mapping opened by itself for the unknown column stays open once she mapped it (it folded under her hand).
  assert.equal(await page.$eval('#column-mapping', (d) => d.open), true);
  assert.equal(await page.locator('select[data-header="Điểm A"]').inputValue(), 'common_points');
  // Folded by her, it stays folded.
  await page.click('#column-mapping > summary');
  assert.equal(await page.$eval('#column-mapping', (d) => d.open), false);
  await page.reload();
  await unitMode(page);
  await page.setInputFiles('#members-file', { name: 'map.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#results');
  assert.match(await page.textContent('#import-problems'), /Mọi dòng đều đọc được/);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the weak units: filter the organizations by level and export that list', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await unitMode(page);
  await importExample(page);
  assert.equal(await page.locator('#orgs-table tbody tr').count(), 4);
  await page.check('#orgs-level-ht');
  await page.check('#orgs-level-kht');
  assert.equal(await page.locator('#orgs-table tbody tr').count(), 1);
  assert.equal(await page.textContent('#orgs-table tbody tr th .org-code'), 'cb-ttr');
  assert.equal(await page.textContent('#orgs-shown'), '1 / 4');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-orgs-csv')]);
  const file = path.join(artifacts, 'unit-orgs-ht-kht.csv');
  await download.saveAs(file);
  const csv = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').trim().split('\n');
  assert.equal(csv.length, 2, 'a header and one organization');
  assert.ok(csv[1].startsWith('cb-ttr,') && csv[1].includes(',HT,'));
  await page.uncheck('#orgs-level-ht');
  assert.equal(await page.locator('#orgs-table tbody tr').count(), 0);
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('export CSV and XLSX, read back; import a workbook', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await unitMode(page);
  await importExample(page);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csvFile = path.join(artifacts, 'unit-export.csv');
  await csvDownload.saveAs(csvFile);
  const csv = (await readFile(csvFile, 'utf8')).replace(/^\uFEFF/, '').trim().split('\n');
  assert.equal(csv.length, 23, 'a header and 22 members');
  assert.match(csv[0], /^Mã/);
  assert.ok(csv.some((line) => line.startsWith('vp03,') && line.includes('HTXS') && line.includes('HTT')));

  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  const xlsxFile = path.join(artifacts, 'unit-export.xlsx');
  await xlsxDownload.saveAs(xlsxFile);
  const bytes = await readFile(xlsxFile);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX file is a zip');
  // Read it back through the app: the workbook has several sheets, so the app asks which one.
  await page.setInputFiles('#members-file', xlsxFile);
  await page.waitForSelector('#sheet');
  const sheets = await page.locator('#sheet option').allTextContents();
  assert.ok(sheets.length >= 4, sheets.join(', '));
  await page.selectOption('#sheet', { index: 1 });
  await page.waitForFunction(() => document.querySelector('#members-file-name')?.textContent.includes('xlsx'));
  assert.match(await page.textContent('#members-file-name'), /— 22/);

  // A workbook roster with Vietnamese headers, on its own.
  await page.click('#orgs-file-remove');
  await page.setInputFiles('#members-file', path.join(root, 'tests/fixtures/rosters/members.xlsx'));
  await page.waitForSelector('#sheet');
  await page.selectOption('#sheet', { index: 1 });
  await page.waitForFunction(() => document.querySelector('#members-file-name')?.textContent.includes('members.xlsx'));
  await page.waitForSelector('#results');
  assert.match(await page.textContent('#import-problems'), /Mọi dòng đều đọc được/);
  await shot(page, '12-xlsx');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

function roster(n) {
  const lines = ['Mã,Họ và tên,Chi bộ,Điểm nhóm tiêu chí chung,Điểm kết quả thực hiện nhiệm vụ,Số nhiệm vụ được giao,Số nhiệm vụ hoàn thành đúng tiến độ có chất lượng hiệu quả,Số nhiệm vụ vượt yêu cầu'];
  for (let i = 0; i < n; i++) {
    const common = 20 + (i * 7) % 11;
    const task = 40 + (i * 13) % 31;
    lines.push(`m${i},Đảng viên ${i},cb${i % 1000},${common},${task},10,${10 - (i % 7 === 0 ? 1 : 0)},${i % 5}`);
  }
  return Buffer.from(lines.join('\n'));
}

for (const n of [10_000, 100_000]) {
  test(`browser benchmark: import and classify ${n.toLocaleString('en')} members`, async () => {
    const { page, problems } = await openPage(browser, server.url);
    await unitMode(page);
    const buffer = roster(n);
    const started = Date.now();
    await page.setInputFiles('#members-file', { name: `roster-${n}.csv`, mimeType: 'text/csv', buffer });
    let sawProgress = false;
    if (n >= 100_000) {
      await page.waitForSelector('#import-progress');
      sawProgress = true;
    }
    await page.waitForFunction((count) => document.querySelector('#results h2')?.textContent.includes(`/ ${count})`), grouped(n), { timeout: 120_000 });
    const elapsed = Date.now() - started;
    console.log(`browser: read + classify + quota + targets, ${n} members: ${elapsed} ms (${Math.round(n / (elapsed / 1000)).toLocaleString('en')} members/s)`);
    if (n >= 100_000) assert.ok(sawProgress, 'progress is shown for a large roster');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });
}
