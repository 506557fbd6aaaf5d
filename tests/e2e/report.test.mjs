// End to end, a report to sign: a 120-member roster prints all 120 members (not the 50 of the screen's page) under
// a heading (unit, review year, rule set and version), with the summary by level (counts and percentages in
// separate cells), the quota, the date line and the signature blocks, and no form controls on paper; the PDF goes
// to tests/e2e/artifacts/; the summary downloads as CSV. A roster over 3,000 members is laid out for paper only
// when the print button asks, and then all of it. Then the three pages on a 390 px phone: nothing wider than the
// screen, the unit page with the example roster loaded. Any console error or request to another origin fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, openPage, shot, artifacts } from './harness.mjs';

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

/** A base organization with two cells and `n` members, half in each, with points and tasks spread over the levels. */
async function writeRoster(n) {
  const tasks = 'Số nhiệm vụ được giao,Số nhiệm vụ hoàn thành đúng tiến độ có chất lượng hiệu quả,Số nhiệm vụ hoàn thành nhưng chưa bảo đảm tiến độ,Số nhiệm vụ vượt yêu cầu';
  const points = 'Điểm nhóm tiêu chí chung,Điểm kết quả thực hiện nhiệm vụ';
  const orgs = `Mã,Tên tổ chức,Cấp trên,Cơ sở,Loại,${points},${tasks}\n` +
    'db,Đảng bộ Phường Một,,có,collective,28,64,24,24,0,8\n' +
    'cb1,Chi bộ Khu phố 1,db,,collective,27,63,12,12,0,4\n' +
    'cb2,Chi bộ Khu phố 2,db,,collective,25,58,12,11,1,2\n';
  let members = `Mã,Họ và tên,Chi bộ,Loại,${points},${tasks}\n`;
  for (let i = 0; i < n; i++) {
    const late = i % 5 === 0 ? i % 3 : 0;
    const id = `dv${String(i + 1).padStart(3, '0')}`;
    members += `${id},Đảng viên số ${i + 1},cb${1 + (i % 2)},member,${24 + (i % 7)},${50 + ((i * 7) % 21)},10,${10 - late},${late},${i % 4}\n`;
  }
  const orgsFile = path.join(artifacts, 'report-orgs.csv');
  const membersFile = path.join(artifacts, `report-members-${n}.csv`);
  await writeFile(orgsFile, orgs);
  await writeFile(membersFile, members);
  return { orgsFile, membersFile };
}

async function unitPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ acceptDownloads: true, viewport });
  const opened = await openPage(browser, `${server.url}unit.html`, context, { ready: '#roster-import' });
  return { ...opened, context };
}

test('a 120-member roster prints all 120 with heading, summary and signatures', async () => {
  const { page, problems, context } = await unitPage();
  const { orgsFile, membersFile } = await writeRoster(120);
  await page.selectOption('#review-year', '2026');
  await page.setInputFiles('#orgs-file', orgsFile);
  await page.waitForSelector('#orgs-file-name');
  await page.setInputFiles('#members-file', membersFile);
  await page.waitForSelector('#results');
  assert.match(await page.textContent('#members-file-name'), /— 120/);
  const onScreen = await page.locator('#results tbody tr:not(.spacer)').count();
  assert.ok(onScreen > 10 && onScreen < 120, `the screen renders the ${onScreen} rows in view, not all 120`);
  assert.equal(await page.isVisible('#unit-print'), false, 'the paper is not on the screen');
  // The summary as a committee sends it up, as CSV: counts and percentages in their own columns.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-summary')]);
  assert.equal(download.suggestedFilename(), 'xeploai-tong-hop.csv');
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /^\uFEFFĐối tượng,Tổ chức,Mã,Tổng số,Được xếp loại,HTXS \(số lượng\),HTXS \(%\),/);
  assert.match(csv, /\nĐảng viên,Chi bộ Khu phố 1,cb1,60,60,/);
  assert.match(csv, /\nĐảng viên,Cộng đảng viên,,120,120,/);

  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('#unit-print'));
  assert.equal(await page.isVisible('#results'), false, 'the screen is not on paper');
  assert.equal(await page.locator('#print-members tbody tr').count(), 120, 'every member on paper');
  assert.match(await page.textContent('#print-members tbody tr:last-child'), /dv120\s*Đảng viên số 120/);
  assert.match(await page.textContent('#print-unit'), /ĐẢNG BỘ PHƯỜNG MỘT/);
  assert.match(await page.textContent('#print-title'), /BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG/);
  assert.match(await page.textContent('#print-review'), /Bộ quy tắc qd366-2025, phiên bản \S+ · năm đánh giá 2026/);
  assert.match(await page.textContent('#unit-print .f-subtitle'), /Năm 2026/);
  const signatures = await page.textContent('#print-signatures');
  assert.match(signatures, /NGƯỜI LẬP BIỂU/);
  assert.match(signatures, /T\/M CẤP ỦY/);
  assert.match(signatures, /\(Ký, ghi rõ họ tên\)/);
  assert.match(await page.textContent('#unit-print'), /ngày …… tháng …… năm/);
  // The summary: a cell per count and a cell per percentage, never run together; the rows add up.
  const summary = await page.$$eval('#print-summary tbody tr', (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent.trim())),
  );
  const cells = summary.map((row) => row.slice(0, 4));
  assert.deepEqual(cells.slice(0, 3).map((row) => row.slice(1, 3)), [
    ['Chi bộ Khu phố 1 (cb1)', '60'],
    ['Chi bộ Khu phố 2 (cb2)', '60'],
    ['Cộng đảng viên', '120'],
  ]);
  for (const row of summary) {
    for (let level = 0; level < 4; level++) {
      assert.match(row[4 + 2 * level], /^\d{1,3}(\.\d{3})*$/, `a count alone, grouped by thousands: ${row}`);
      assert.match(row[5 + 2 * level], /^(\d+(,\d+)?%)?$/, `a percentage alone: ${row}`);
    }
  }
  const total = summary[2];
  const placed = [4, 6, 8, 10].reduce((sum, i) => sum + Number(total[i]), 0);
  assert.equal(placed + Number(total[12]) + Number(total[13]), 120, 'everyone counted once');
  assert.ok(await page.isVisible('#print-quota'), 'the quota on paper');
  assert.equal(await page.locator('#print-orgs tbody tr').count(), 3);
  // No form controls on paper.
  const controls = await page.$$eval('input, select, button, textarea', (all) =>
    all.filter((el) => el.getClientRects().length > 0).map((el) => el.id || el.tagName),
  );
  assert.deepEqual(controls, [], 'no form controls on paper');
  const pdf = await page.pdf({ path: path.join(artifacts, 'report-120.pdf'), preferCSSPageSize: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || [];
  assert.ok(pages.length >= 3, `120 members take several pages (${pages.length})`);

  // The button prints the same paper (the browser's print is a no-op when headless).
  await page.emulateMedia({ media: 'screen' });
  await page.click('#print-report');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#print-members tbody tr').count(), 120);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a roster over 3,000 members is laid out for paper when the print button asks, all of it', async () => {
  const { page, problems, context } = await unitPage();
  const { orgsFile, membersFile } = await writeRoster(3001);
  await page.setInputFiles('#orgs-file', orgsFile);
  await page.waitForSelector('#orgs-file-name');
  await page.setInputFiles('#members-file', membersFile);
  await page.waitForSelector('#results');
  // Ctrl+P before the button: the paper says to use the button rather than print part of the roster.
  await page.emulateMedia({ media: 'print' });
  assert.match(await page.textContent('#unit-print-pending'), /In báo cáo.*\(3001\)/);
  assert.equal(await page.locator('#unit-print').count(), 0);
  await page.emulateMedia({ media: 'screen' });
  // The button lays the whole roster out, then prints: count the rows at the moment the browser is asked.
  await page.evaluate(() => {
    window.print = () => {
      window.printedRows = document.querySelectorAll('#print-members tbody tr').length;
    };
  });
  await page.click('#print-report');
  await page.waitForFunction(() => window.printedRows !== undefined);
  assert.equal(await page.evaluate(() => window.printedRows), 3001);
  // Printed: the large paper is let go again.
  await page.waitForSelector('#unit-print-pending', { state: 'attached' });
  assert.deepEqual(problems(), []);
  await context.close();
});

/** The elements that stick out of a 390 px screen (outside a region that scrolls on its own), and how wide the
 * document is against the screen. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const inScroller = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && p !== document.documentElement && p !== document.body) {
          return true;
        }
      }
      return false;
    };
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > width + 1 && !inScroller(el))
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''}`);
    return { width, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 20) };
  });
}

const phone = { width: 390, height: 844 };

test('the self-assessment fits 390 px without sideways scrolling', async () => {
  const context = await browser.newContext({ viewport: phone });
  const { page, problems } = await openPage(browser, server.url, context);
  const found = await overflow(page);
  await shot(page, 'report-390-self');
  assert.deepEqual(found.out, [], `sticks out: ${found.out}`);
  assert.ok(found.scrollWidth <= found.width, `${found.scrollWidth} > ${found.width}`);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the unit page with the example roster fits 390 px without sideways scrolling', async () => {
  const { page, problems, context } = await unitPage(phone);
  await page.setInputFiles('#orgs-file', path.join(root, 'examples/dang-bo-mau/orgs.csv'));
  await page.waitForSelector('#orgs-file-name');
  await page.setInputFiles('#members-file', path.join(root, 'examples/dang-bo-mau/members.csv'));
  await page.waitForSelector('#results');
  await page.click('#column-mapping summary');
  // Folded, the mapping's tables are not drawn; opened, they are (and must fit).
  await page.waitForSelector('#column-mapping table.mapping');
  const found = await overflow(page);
  await shot(page, 'report-390-unit');
  assert.deepEqual(found.out, [], `sticks out: ${found.out}`);
  assert.ok(found.scrollWidth <= found.width, `${found.scrollWidth} > ${found.width}`);
  // The tables fit too (the quota, the targets as cards); only the members' results, whose columns grow with the
  // roster's, may scroll inside their own region.
  const scrolling = await page.$$eval('.scroll', (all) =>
    all.filter((el) => el.scrollWidth > el.clientWidth + 1 && !el.closest('#results')).map((el) => el.parentElement.id),
  );
  assert.deepEqual(scrolling, [], 'no table scrolls sideways at 390 px');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the variants page fits 390 px without sideways scrolling', async () => {
  const context = await browser.newContext({ viewport: phone });
  const { page, problems } = await openPage(browser, `${server.url}variants.html`, context, {
    ready: '#rule-status[data-compiles="true"]',
  });
  const found = await overflow(page);
  await shot(page, 'report-390-variants');
  assert.deepEqual(found.out, [], `sticks out: ${found.out}`);
  assert.ok(found.scrollWidth <= found.width, `${found.scrollWidth} > ${found.width}`);
  assert.deepEqual(problems(), []);
  await context.close();
});
