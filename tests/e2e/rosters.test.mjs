// End to end, rosters as offices make them (issue 13): a cell's list with title rows, semicolons, comma decimals and
// mistakes is imported; everyone in it is in the results (five read, three "không đọc được", counted in the total);
// a TCVN3 file is converted with a notice; the header row can be picked; the roster template downloads as XLSX and
// CSV and reads back; organizations are shown by name with the code beside. Screenshots on a desktop and a 390 px
// phone, where the import card and the distribution fit the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, openPage, shot, artifacts } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const offices = path.join(root, 'tests/fixtures/rosters/offices');
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

async function unitPage(viewport) {
  const context = await browser.newContext({ acceptDownloads: true, viewport });
  const opened = await openPage(browser, server.url, context);
  await opened.page.click('#tab-unit');
  await opened.page.waitForSelector('#roster-import');
  return opened;
}

test('an office roster: titles, semicolons, mistakes; nobody vanishes', async () => {
  const { page, problems } = await unitPage({ width: 1280, height: 900 });
  await page.setInputFiles('#members-file', path.join(offices, 'chi-bo-an-binh.csv'));
  await page.waitForSelector('#results');
  // Five read; three could not be read, and still count: 8 people in, 8 out.
  assert.match(await page.textContent('#results h2'), /\(5 \/ 5\)/);
  const proposed = await page.textContent('#dist-proposed');
  assert.match(proposed, / — 8/);
  assert.match(proposed, /Không đọc được\s*3/);
  // The three stay in the results, each with its row and why.
  assert.match(await page.textContent('#results-unread-title'), /Không đọc được \(3\)/);
  assert.equal(await page.locator('#results-unread tbody tr').count(), 3);
  assert.match(await page.textContent('#results-unread tr[data-id="dv05"]'), /Hoàng Văn Đức/);
  const listed = await page.textContent('#import-problems');
  assert.match(listed, /dv05 · Hoàng Văn Đức/);
  assert.match(listed, /dòng tiêu đề của bảng là dòng 6/);
  // The header row was found below the titles, and the column step offers to pick another.
  await page.click('#column-mapping summary');
  const choice = await page.textContent('#header-row-m option:checked');
  assert.match(choice, /dòng 6/);
  await shot(page, 'rosters-desktop');
  assert.deepEqual(problems(), []);
});

test('a TCVN3 file is converted with a notice', async () => {
  const { page, problems } = await unitPage({ width: 1280, height: 900 });
  await page.setInputFiles('#members-file', path.join(offices, 'chi-bo-tcvn3.csv'));
  await page.waitForSelector('#results');
  const names = await page.locator('#results tbody td:nth-child(2)').allTextContents();
  assert.deepEqual(names, ['Nguyễn Văn Tùng', 'Lê Thị Thu Hà', 'Phạm Quốc Việt']);
  assert.match(await page.textContent('#import-problems'), /TCVN3/);
  assert.deepEqual(problems(), []);
});

test('the roster template downloads as XLSX and CSV, and organizations show their names', async () => {
  const { page, problems } = await unitPage({ width: 1280, height: 900 });
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#template-csv')]);
  const text = await readFile(await csv.path(), 'utf8');
  assert.match(text, /^\ufeffMã,Họ và tên,Loại đối tượng,Chi bộ/);
  assert.match(text, /\ndv01,Nguyễn Văn An,/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#template-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), 'mau-danh-sach.xlsx');
  const bytes = await readFile(await xlsx.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  // Read the template back (its roster sheet; the other is the notes): one member.
  const saved = path.join(artifacts, 'mau-danh-sach.xlsx');
  await xlsx.saveAs(saved);
  await page.setInputFiles('#members-file', saved);
  await page.waitForSelector('#sheet');
  await page.selectOption('#sheet', 'Danh sách');
  await page.waitForFunction(() => /\(1 \/ 1\)/.test(document.querySelector('#results h2')?.textContent || ''));
  // The example unit: organizations by name, the code beside.
  await page.setInputFiles('#orgs-file', path.join(root, 'examples/dang-bo-mau/orgs.csv'));
  await page.waitForSelector('#orgs-file-name');
  await page.setInputFiles('#members-file', path.join(root, 'examples/dang-bo-mau/members.csv'));
  await page.waitForSelector('[data-org="cb-vp"]');
  assert.match(await page.textContent('[data-org="cb-vp"] th'), /Chi bộ Văn phòng\s*cb-vp/);
  assert.match(await page.textContent('#results tbody tr td:nth-child(3)'), /\([a-z-]+\)$/);
  assert.deepEqual(problems(), []);
});

test('on a 390 px phone the import card and the distribution fit the screen', async () => {
  const { page, problems } = await unitPage({ width: 390, height: 844 });
  await page.setInputFiles('#members-file', path.join(offices, 'chi-bo-an-binh.csv'));
  await page.waitForSelector('#results');
  await shot(page, 'rosters-phone');
  for (const card of ['#roster-import', '#distribution', '#import-problems']) {
    const right = await page.evaluate((selector) => {
      let widest = 0;
      for (const el of document.querySelectorAll(`${selector}, ${selector} *`)) widest = Math.max(widest, el.getBoundingClientRect().right);
      return widest;
    }, card);
    assert.ok(right <= 390.5, `${card} reaches ${right} px on a 390 px screen`);
  }
  // The whole page (other cards too) is the phone work of issue 13; said here, not asserted.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`unit page at 390 px with the office roster: ${overflow} px wider than the screen`);
  assert.deepEqual(problems(), []);
});
