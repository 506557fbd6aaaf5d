// End to end: broken storage and hostile input in Chromium (issue 10, "Nothing lost, nothing injected").
// Unreadable stored variants and self-assessments are set aside, one backup per incident, and the notice tells the
// truth; full storage is shown with a download instead of "saved"; two tabs follow each other's writes; hostile
// share links, workbooks and CSV files are refused with the limit named. After each hostile input the page must still
// answer (typing a fact changes the level). Fixtures are made here; any console error, page error or request to
// another origin fails a test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, crc32 } from 'node:zlib';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, launch, openPage, fill, level } from './harness.mjs';

let server;
let browser;
let scratch;

before(async () => {
  server = await serve();
  browser = await launch();
  scratch = mkdtempSync(path.join(tmpdir(), 'xeploai-hostile-'));
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const htxs = { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 };

/** The page still answers: typing the facts of an excellent member gives `htxs`, then one change gives `htt`. */
async function stillAnswers(page) {
  await fill(page, htxs);
  await page.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'htxs');
  await page.fill('#fact-tasks_exceeding', '0');
  await page.waitForFunction(() => document.querySelector('#level')?.dataset.level === 'htt');
  assert.equal(await page.$('#panic'), null, 'no panic report');
}

/** A context whose storage holds `items` before any page script runs (set once, on the first page). */
async function contextWith(items) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript((items) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  }, items);
  return context;
}

/** A context whose storage refuses writes to keys matching `pattern` (a full storage), as Chromium does. */
async function contextWithFullStorage(pattern, items = {}) {
  const context = await contextWith(items);
  await context.addInitScript((pattern) => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (new RegExp(pattern).test(key)) {
        throw new DOMException(`Setting the value of '${key}' exceeded the quota.`, 'QuotaExceededError');
      }
      return setItem.call(this, key, value);
    };
  }, pattern);
  return context;
}

const storage = (page, key) => page.evaluate((key) => localStorage.getItem(key), key);

const variant = (name) => ({ name, text: 'id = "x"\n', savedAt: '2026-11-01T10:00:00Z' });

async function openWorkbench(context, hash = '') {
  const opened = await openPage(browser, `${server.url}variants.html${hash}`, context);
  await opened.page.waitForSelector('#rule-status[data-compiles="true"]');
  return opened;
}

test('stored variants with one unreadable entry, cut short, or newer: the readable ones kept, the original set aside, the person told', async () => {
  const good = JSON.stringify({ version: 1, variants: [variant('Một'), variant('Hai'), variant('Ba')] });
  const oneBad = JSON.stringify({ version: 1, variants: [variant('Một'), { name: 7 }, variant('Ba')] });
  const cut = good.slice(0, good.length - 30);
  const newer = JSON.stringify({ version: 2, variants: [variant('Tương lai')] });
  for (const [stored, kept, says] of [
    [oneBad, ['Một', 'Ba'], /1 trong 3 biến thể không đọc được/],
    [cut, ['Một', 'Hai'], /bị cắt cụt.*đọc lại được 2 biến thể/],
    [newer, [], /phiên bản mới hơn/],
  ]) {
    const context = await contextWith({ 'xeploai.variants': stored });
    const { page, problems } = await openWorkbench(context);
    await page.waitForSelector('#variants-alert[data-kind="unreadable"]');
    const alert = await page.textContent('#variants-alert');
    assert.match(alert, says);
    assert.match(alert, /cất riêng dưới tên "xeploai\.variants\.backup"/);
    assert.equal(await storage(page, 'xeploai.variants.backup'), stored, 'the original, unchanged');
    const names = await page.$$eval('#base optgroup:nth-of-type(2) option', (options) => options.map((o) => o.textContent));
    assert.deepEqual(names, kept);
    const written = JSON.parse(await storage(page, 'xeploai.variants'));
    assert.deepEqual(written.variants.map((v) => v.name), kept, 'only the readable entries are written back');
    // The alert stays through other actions until dismissed.
    await stillAnswers(page);
    assert.ok(await page.$('#variants-alert'));
    await page.click('#alert-dismiss');
    await page.waitForSelector('#variants-alert', { state: 'detached' });
    assert.deepEqual(problems(), []);
    await context.close();
  }
});

test('unreadable saved data: a second incident gets its own backup; one too big to back up is not claimed kept and not overwritten', async () => {
  let context = await contextWith({ 'xeploai.saved': '{"version": 1, "ruleSet": ', 'xeploai.backup': 'the first incident' });
  let { page, problems } = await openPage(browser, server.url, context);
  await page.waitForSelector('#notice');
  assert.match(await page.textContent('#notice'), /cất riêng dưới tên "xeploai\.backup\.2"/);
  assert.equal(await storage(page, 'xeploai.backup'), 'the first incident', 'the first backup is never overwritten');
  assert.equal(await storage(page, 'xeploai.backup.2'), '{"version": 1, "ruleSet": ');
  await stillAnswers(page);
  assert.deepEqual(problems(), []);
  await context.close();

  // The backup cannot be written (storage full): the notice says so, offers the original, and nothing is written
  // over it until the person decides.
  const original = '{"version": 7, "big": "' + 'x'.repeat(1000) + '"}';
  context = await contextWithFullStorage('^xeploai\\.backup', { 'xeploai.saved': original });
  ({ page, problems } = await openPage(browser, server.url, context));
  await page.waitForSelector('#notice.error');
  const notice = await page.textContent('#notice');
  assert.match(notice, /KHÔNG cất riêng được/);
  assert.doesNotMatch(notice, /cất riêng dưới tên/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#notice-download')]);
  assert.match(download.suggestedFilename(), /xeploai\.saved/);
  await stillAnswers(page);
  assert.equal(await storage(page, 'xeploai.saved'), original, 'not overwritten while only in memory');
  await page.click('#notice button[aria-label=OK]');
  await page.fill('#fact-common_points', '27');
  await page.waitForFunction(() => localStorage.getItem('xeploai.saved').includes('"27"'));
  assert.deepEqual(problems(), []);
  await context.close();
});

test('full storage: the self-assessment and the variants say they could not save, with a download; never "saved"', async () => {
  const context = await contextWithFullStorage('^xeploai\\.(saved|variants)$');
  const { page, problems } = await openPage(browser, server.url, context);
  await page.fill('#fact-common_points', '28');
  await page.waitForSelector('#notice.error');
  assert.match(await page.textContent('#notice'), /KHÔNG lưu được trên máy này \(xeploai\.saved\).*QuotaExceededError|exceeded the quota/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#notice-download')]);
  assert.equal(download.suggestedFilename(), 'xeploai.saved.json');
  await stillAnswers(page);

  const workbench = await openWorkbench(context);
  const bench = workbench.page;
  await bench.fill('#variant-name', 'Khung 95');
  await bench.click('#save-variant');
  await bench.waitForFunction(() => /KHÔNG lưu được trên máy này \(xeploai\.variants\)/.test(document.querySelector('#variants-alert[data-kind="write-failed"]')?.textContent || ''));
  assert.equal(await bench.$('#store-message'), null, 'never "Đã lưu"');
  const [file] = await Promise.all([bench.waitForEvent('download'), bench.click('#alert-download')]);
  assert.equal(file.suggestedFilename(), 'xeploai.variants.json');
  assert.deepEqual(problems(), []);
  assert.deepEqual(workbench.problems(), []);
  await context.close();
});

test('two tabs: each follows the other\'s saves, so neither wipes the other\'s edits', async () => {
  const context = await browser.newContext();
  const first = await openPage(browser, server.url, context);
  const second = await openPage(browser, server.url, context);
  await first.page.fill('#fact-common_points', '28');
  await second.page.waitForFunction(() => document.querySelector('#fact-common_points').value === '28');
  assert.match(await second.page.textContent('#notice'), /thẻ khác/);
  await second.page.fill('#fact-task_points', '65');
  await first.page.waitForFunction(() => document.querySelector('#fact-task_points').value === '65');
  // The stored document holds every saved profile (version 2); this tab's person is the first.
  const saved = JSON.parse(await storage(first.page, 'xeploai.saved')).profiles[0].years[0].saved;
  assert.equal(saved.inputs.member.common_points, '28', "the first tab's edit survives the second tab's save");
  assert.equal(saved.inputs.member.task_points, '65');

  // The variants workbench too.
  const benchA = await openWorkbench(context);
  const benchB = await openWorkbench(context);
  await benchA.page.fill('#variant-name', 'Từ thẻ A');
  await benchA.page.click('#save-variant');
  await benchA.page.waitForSelector('#store-message');
  await benchB.page.waitForSelector('option[value="saved:Từ thẻ A"]', { state: 'attached' });
  await benchB.page.fill('#variant-name', 'Từ thẻ B');
  await benchB.page.click('#save-variant');
  await benchA.page.waitForSelector('option[value="saved:Từ thẻ B"]', { state: 'attached' });
  const names = JSON.parse(await storage(benchA.page, 'xeploai.variants')).variants.map((v) => v.name);
  assert.deepEqual(names.sort(), ['Từ thẻ A', 'Từ thẻ B']);
  for (const opened of [first, second, benchA, benchB]) assert.deepEqual(opened.problems(), []);
  await context.close();
});

/** A share code as share.js makes it: deflate-raw, base64url. */
function shareCode(bytes) {
  return deflateRawSync(bytes, { level: 9 }).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

test('hostile share links: inflating is stopped at the limit, the error stays on screen, the page still answers', async () => {
  const arrays = Buffer.from(`a = [${'[],'.repeat(3_000_000)}]\n`);
  const comment = Buffer.concat([Buffer.from('# '), Buffer.alloc(100_000_000, 'x')]);
  for (const [name, code, says] of [
    ['millions of empty arrays', shareCode(arrays), /giới hạn kích thước bộ tiêu chí/],
    ['a 100 MB comment', shareCode(comment), /giới hạn kích thước bộ tiêu chí/],
    ['not deflate', 'AAAA-not-a-link', /bị hỏng/],
  ]) {
    const context = await browser.newContext();
    const { page, problems } = await openWorkbench(context, `#rs=${code}`);
    await page.waitForSelector('#variants-alert[data-kind="link"]');
    const alert = await page.textContent('#variants-alert');
    assert.match(alert, says, name);
    assert.match(alert, /bộ tiêu chí chính thức/);
    await stillAnswers(page);
    await page.fill('#variant-name', 'x');
    assert.match(await page.textContent('#variants-alert'), says, `${name}: the error stays after the next actions`);
    assert.deepEqual(problems(), [], name);
    await context.close();
  }
});

/** A minimal zip (stored or deflated entries) from `{name: Buffer}`. */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const compressed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(compressed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A workbook with one sheet "S" whose <sheetData> is `cells` (inline strings), optionally shared strings. */
function workbook(sheetData, sharedStrings) {
  const files = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`,
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${sharedStrings ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : ''}</Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`,
  };
  const buffers = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]));
  if (sharedStrings) buffers['xl/sharedStrings.xml'] = sharedStrings;
  return zip(buffers);
}

const inline = (ref, text) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

async function unitPage(context) {
  const opened = await openPage(browser, `${server.url}unit.html`, context, { ready: '#roster-import' });
  return opened;
}

/** Import the example roster, so there is a result a hostile file must not replace. */
async function importExample(page) {
  const csv = 'Mã,Họ và tên,Điểm nhóm tiêu chí chung,Điểm kết quả thực hiện nhiệm vụ,Số nhiệm vụ được giao,Số nhiệm vụ hoàn thành đúng tiến độ có chất lượng hiệu quả\nx1,An,28,65,10,10\nx2,Bình,27,50,10,10\n';
  await page.setInputFiles('#members-file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('[data-id="x2"]');
}

/** The unit page still answers: the previous result is there, and filtering the table works. */
async function unitStillAnswers(page) {
  assert.equal(await page.locator('.result-table tbody tr').count(), 2, 'the previous result is kept');
  assert.match(await page.textContent('#members-file-name'), /good\.csv/);
  await page.fill('#results-filter', 'Bình');
  await page.waitForFunction(() => document.querySelectorAll('.result-table tbody tr').length === 1);
  assert.equal(await page.$('#panic'), null, 'no panic report');
}

test('hostile workbooks: a cell at XFD1048576 and a part inflating to hundreds of MB are refused by name', async () => {
  const far = workbook(`<row r="1">${inline('A1', 'Mã')}</row><row r="1048576">${inline('XFD1048576', 'x')}</row>`);
  const huge = workbook(
    '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
    Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'),
      Buffer.alloc(250_000_000, 'a'),
      Buffer.from('</t></si></sst>'),
    ]),
  );
  assert.ok(far.length < 10_000 && huge.length < 400_000, `small files: ${far.length}, ${huge.length} bytes`);
  for (const [name, bytes, says] of [
    ['far.xlsx', far, /ô XFD1048576 nằm sau cột thứ 1000 \(giới hạn số cột\)/],
    ['huge.xlsx', huge, /xl\/sharedStrings\.xml bung ra 250\.000\.\d{3} byte.*giới hạn kích thước/],
  ]) {
    const context = await browser.newContext();
    const { page, problems } = await unitPage(context);
    await importExample(page);
    const file = path.join(scratch, name);
    writeFileSync(file, bytes);
    await page.setInputFiles('#members-file', file);
    await page.waitForFunction(() => /xlsx-limit/.test(document.querySelector('#unit-message')?.textContent || ''), null, { timeout: 20_000 });
    assert.match(await page.textContent('#unit-message'), says, name);
    await unitStillAnswers(page);
    assert.deepEqual(problems(), [], name);
    await context.close();
  }
});

test('hostile CSV files: a million columns and a 50 MB cell are refused with the limit, the previous result kept', async () => {
  const wide = path.join(scratch, 'wide.csv');
  writeFileSync(wide, `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(999_999)}1\n`);
  const long = path.join(scratch, 'long.csv');
  writeFileSync(long, Buffer.concat([Buffer.from('Mã,Họ và tên\nx1,'), Buffer.alloc(50_000_000, 'a'), Buffer.from('\n')]));
  for (const [file, says] of [
    [wide, /wide\.csv.*kết quả trước vẫn giữ nguyên.*hơn 1000 cột \(giới hạn số cột\)/],
    [long, /long\.csv.*kết quả trước vẫn giữ nguyên.*giới hạn độ dài ô/],
  ]) {
    const context = await browser.newContext();
    const { page, problems } = await unitPage(context);
    await importExample(page);
    await page.setInputFiles('#members-file', file);
    await page.waitForSelector('#unit-message', { timeout: 20_000 });
    assert.match(await page.textContent('#unit-message'), says);
    await unitStillAnswers(page);
    assert.deepEqual(problems(), []);
    await context.close();
  }
});

test('a crash of the WebAssembly leaves a message in both languages and a reload link that keeps the saved data', async () => {
  const context = await browser.newContext();
  const { page, problems } = await openPage(browser, `${server.url}index.html#rs=anything`, context);
  await fill(page, htxs);
  await page.waitForFunction(() => document.querySelector('#level').dataset.level === 'htxs');
  // A Rust panic aborts as this error, thrown out of whatever called into the module.
  await page.evaluate(() => {
    window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') }));
    window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('again') }));
  });
  await page.waitForSelector('#panic[role=alert]');
  const report = await page.textContent('#panic');
  assert.match(report, /Trang gặp lỗi không lường trước.*The page hit an unexpected error.*RuntimeError: unreachable/s);
  assert.equal(await page.locator('.panic-report').count(), 1, 'one report');
  assert.equal(await page.getAttribute('#panic-reload', 'href'), `${server.url}index.html`, 'the fragment is dropped');
  await page.click('#panic-reload');
  await page.waitForSelector('#level');
  assert.equal(await page.$('#panic'), null);
  assert.equal(await level(page), 'htxs', 'what was typed is back after the reload');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('two tabs in unit mode: typed figures saved in one are followed by the other', async () => {
  const context = await browser.newContext();
  const first = await unitPage(context);
  const second = await unitPage(context);
  await first.page.fill('#typed-as-of', '31/12/2026');
  await second.page.waitForFunction(() => document.querySelector('#typed-as-of').value === '31/12/2026');
  assert.match(await second.page.textContent('#unit-message'), /thẻ khác/);
  const saved = JSON.parse(await storage(second.page, 'xeploai.unit'));
  assert.equal(saved.figures.asOf, '31/12/2026');
  assert.deepEqual(first.problems(), []);
  assert.deepEqual(second.problems(), []);
  await context.close();
});
