// End to end, unit mode after a reload and with a tasks file: a roster and its tasks loaded, the page reloaded, the
// same results (the files come back from IndexedDB and are classified again); the tasks file changes a member's
// level; removing a file and "Xoá dữ liệu đã tải" are kept too; a browser that refuses to store says so and the
// page keeps working. Any console error or request to another origin fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, openUnit as open, storeUnitRecord, shot, artifacts } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEMBERS = path.join(root, 'tests/fixtures/lists/members.csv');
const TASKS = path.join(root, 'tests/fixtures/lists/tasks.csv');
const env = setup();

const openUnit = (context) => open(env, context);

// The level by the criteria in a member's row (the fifth cell: id, name, organization, score, level).
function byCriteria(page, id) {
  return page.textContent(`[data-id="${id}"] td:nth-child(5)`);
}

async function results(page) {
  await page.waitForSelector('#results');
  return {
    distribution: await page.textContent('#dist-proposed'),
    a1: await byCriteria(page, 'a1'),
    problems: await page.textContent('#import-problems'),
  };
}

test('roster and tasks survive a reload with the same results; the tasks file changes a level', async () => {
  const { page, problems } = await openUnit();
  await page.setInputFiles('#members-file', MEMBERS);
  await page.waitForSelector('#results');
  const without = await byCriteria(page, 'a1');
  await page.setInputFiles('#tasks-file', TASKS);
  await page.waitForSelector('#tasks-file-name');
  await page.waitForFunction((before) => {
    const cell = document.querySelector('[data-id="a1"] td:nth-child(5)');
    return cell && cell.textContent !== before;
  }, without);
  const loaded = await results(page);
  assert.notEqual(loaded.a1, without, 'a1 is classified from her twelve tasks');
  await page.click('[data-id="a1"] button');
  assert.equal(await page.getAttribute('#detail-level', 'data-level'), 'ht');
  assert.match(await page.textContent('#detail-explanation'), /Nhiệm vụ 7/, 'explained from her tasks: the late one');
  // Every problem of the tasks file names the member: a3's bad status at row 18, a9 who is not in the roster.
  assert.match(loaded.problems, /tasks\.csv: 18\s*status\s*a3 \(Lê Thị Cúc\)/);
  assert.match(loaded.problems, /"a9"/);
  assert.doesNotMatch(loaded.problems, /a1 · Nguyễn Thị An\] ô còn trống/, 'her tasks answered her empty counts');
  assert.match(await page.textContent('#kept'), /giữ trên máy này/);

  await page.reload();
  await page.waitForSelector('#tasks-file-name');
  const again = await results(page);
  assert.deepEqual(again, loaded, 'the same results after a reload');
  assert.match(await page.textContent('#members-file-name'), /members\.csv — 3/);
  assert.match(await page.textContent('#tasks-file-name'), /tasks\.csv — 17/);
  await shot(page, '30-unit-after-reload');

  // Removing the tasks file is kept too: after a reload, a1 has no counts again.
  await page.click('#tasks-file-remove');
  await page.waitForFunction((before) => {
    const cell = document.querySelector('[data-id="a1"] td:nth-child(5)');
    return cell && cell.textContent === before;
  }, without);
  await page.reload();
  await page.waitForSelector('#results');
  assert.equal(await byCriteria(page, 'a1'), without);
  assert.equal(await page.locator('#tasks-file-name').count(), 0);

  // Clearing is explicit, and kept.
  await page.click('#clear-loaded');
  await page.waitForSelector('#results', { state: 'detached' });
  assert.match(await page.textContent('#unit-message'), /Đã xoá các tệp đã tải/);
  await page.reload();
  await page.waitForSelector('#roster-import');
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#members-file-name').count(), 0, 'nothing comes back after clearing');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('a browser that refuses to store says so, and the page keeps working', async () => {
  const context = await env.browser.newContext();
  // The storage is full: every write is refused as a browser refuses it.
  await context.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const { page, problems } = await openUnit(context);
  await page.setInputFiles('#members-file', MEMBERS);
  await page.setInputFiles('#tasks-file', TASKS);
  await page.waitForSelector('#kept-notice');
  assert.match(await page.textContent('#kept-notice'), /KHÔNG lưu được .* trên máy này \(The quota has been exceeded\.\)/);
  await page.waitForSelector('#results');
  await page.click('[data-id="a1"] button');
  assert.equal(await page.getAttribute('#detail-level', 'data-level'), 'ht', 'the files still work on the page');
  assert.deepEqual(problems(), []);
  await context.close();
});

/** In the page: the unit store's records as they are (the slot's meta text, and a `<slot>.meta` record's text). */
function storedMeta(slot) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('xeploai-unit', 1);
    request.onsuccess = () => {
      const store = request.result.transaction('files', 'readonly').objectStore('files');
      const [record, changed] = [store.get(slot), store.get(`${slot}.meta`)];
      changed.onsuccess = () => {
        resolve({ own: JSON.parse(record.result.meta), changed: changed.result ? JSON.parse(changed.result) : null, size: record.result.data.size });
        request.result.close();
      };
      changed.onerror = () => reject(changed.error);
    };
    request.onerror = () => reject(request.error);
  });
}

test('a header row picked is kept without storing the file again, and comes back after a reload', async () => {
  const { page, problems } = await openUnit();
  const file = path.join(root, 'tests/fixtures/rosters/offices/chi-bo-an-binh.csv');
  // The store's records for the members, once `ready(records)` holds (polled: the page writes them after a render).
  const stored = async (ready) => {
    for (let tries = 0; tries < 100; tries++) {
      const records = await page.evaluate(`(${storedMeta})('members')`).catch(() => null);
      if (records && ready(records)) return records;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the store did not come to hold what was expected: ${JSON.stringify(await page.evaluate(`(${storedMeta})('members')`).catch((e) => String(e)))}`);
  };
  await page.setInputFiles('#members-file', file);
  await page.waitForSelector('#results');
  const size = (await readFile(file)).length;
  await stored((records) => records.size === size && records.own.headerPick === null);
  await page.click('#column-mapping summary');
  // Folded, the mapping's tables are not drawn; opened, they are.
  await page.waitForSelector('#header-row-m');
  // The row found (6) picked by hand: the same rows, a different description.
  const picked = await page.$eval('#header-row-m', (select) => [...select.options].find((o) => o.value !== '' && o.textContent.startsWith('dòng 6:')).value);
  await page.selectOption('#header-row-m', picked);
  const after = await stored((records) => records.changed?.headerPick === Number(picked));
  assert.equal(after.own.headerPick, null, 'the file\'s record is not written again');
  assert.equal(after.size, size, 'the file is stored once, whole');
  await page.reload();
  await page.waitForSelector('#results');
  await page.click('#column-mapping summary');
  assert.equal(await page.inputValue('#header-row-m'), picked, 'the pick comes back after a reload');
  assert.match(await page.textContent('#results h2'), /\(5 \/ 5\)/);
  // Back to the row found: the description changes again.
  await page.selectOption('#header-row-m', '');
  await stored((records) => records.changed?.headerPick === null);
  // Another tab stores another file in the slot meanwhile (its record, its description record gone): a new pick here
  // writes this page's whole record, never its description over the other file's bytes.
  const other = { ...after.own, name: 'other.csv' };
  await page.evaluate(
    (meta) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('xeploai-unit', 1);
        request.onsuccess = () => {
          const tx = request.result.transaction('files', 'readwrite');
          tx.objectStore('files').put({ meta: JSON.stringify(meta), data: new Blob(['id\na1\n']) }, 'members');
          tx.objectStore('files').delete('members.meta');
          tx.oncomplete = () => resolve(request.result.close());
          tx.onerror = () => reject(tx.error);
        };
      }),
    other,
  );
  await page.selectOption('#header-row-m', picked);
  const whole = await stored((records) => records.own.name !== 'other.csv');
  assert.deepEqual([whole.own.headerPick, whole.changed, whole.size], [Number(picked), null, size], 'the whole record, this file');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('two tabs keep one set of files: a file chosen or removed in one is followed by the other, never written back', async () => {
  const { page: first, context, problems: firstProblems } = await openUnit();
  const { page: second, problems: secondProblems } = await openUnit(context);
  const other = path.join(root, 'examples/dang-bo-mau/members.csv');
  // The store's description of the members file, once it names `name`; polled (a write follows a render).
  const storedName = async (page, name) => {
    for (let tries = 0; tries < 100; tries++) {
      const records = await page.evaluate(`(${storedMeta})('members')`).catch(() => null);
      if (records?.own.name === name) return records;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the store does not name ${name}`);
  };
  await first.setInputFiles('#members-file', MEMBERS);
  await first.waitForSelector('#results');
  await storedName(first, 'members.csv');
  await second.waitForFunction(() => /members\.csv — 3/.test(document.querySelector('#members-file-name')?.textContent ?? ''));
  // The second tab chooses another roster: the first follows it, says so, and shows its members.
  await second.setInputFiles('#members-file', other);
  await second.waitForFunction(() => /\(22 \/ 22\)/.test(document.querySelector('#results h2')?.textContent ?? ''));
  await first.waitForFunction(() => /members\.csv — 22/.test(document.querySelector('#members-file-name')?.textContent ?? ''));
  await first.waitForFunction(() => /\(22 \/ 22\)/.test(document.querySelector('#results h2')?.textContent ?? ''));
  assert.match(await first.textContent('#unit-message'), /Một thẻ khác vừa lưu danh sách đảng viên "members\.csv"/);
  // Nothing written back: after a while the store still holds the second tab's file (22 members), once.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const held = await storedName(first, 'members.csv');
  assert.equal(held.size, (await readFile(other)).length, 'the second tab\'s file, not the first\'s written back');
  // Removed in the first tab: the second follows.
  await first.click('#members-file-remove');
  await second.waitForFunction(() => !document.querySelector('#members-file-name'));
  assert.match(await second.textContent('#unit-message'), /Một thẻ khác vừa bỏ danh sách đảng viên "members\.csv"/);
  await shot(second, 'persist-two-tabs');
  assert.deepEqual([...firstProblems(), ...secondProblems()], []);
  await context.close();
});

test('a stored file that cannot be read is said and offered, never overwritten silently', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const { page, problems } = await openUnit(context);
  // A record of a later version, as a newer page might leave it.
  const meta = { version: 9, slot: 'members', name: 'm.csv', headerPick: null, source: 'csv' };
  await storeUnitRecord(page, 'members', meta, [...new TextEncoder().encode('id\na1\n')]);
  await page.reload();
  await page.waitForSelector('[data-unreadable="members"]');
  assert.match(await page.textContent('[data-unreadable="members"]'), /không đọc được \(phiên bản 9/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-unreadable="members"] button'),
  ]);
  assert.equal(download.suggestedFilename(), 'xeploai-members.ban-luu.txt');
  assert.deepEqual(problems(), []);
  await context.close();
});

// A CSV as the rows of a sheet: the header, then the data rows.
async function sheet(name, file) {
  const [headers, ...rows] = (await readFile(file, 'utf8')).trim().split('\n').map((line) => line.split(','));
  return { name, headers, rows };
}

test('a roster workbook with a "Nhiệm vụ" sheet: the tasks are read from it too, and kept', async () => {
  const { page, problems } = await openUnit();
  // The workbook is written by the app's own XLSX module, from the fixtures.
  const tasks = await sheet('Nhiệm vụ', TASKS);
  // The fixture quotes one header ("Nhiệm vụ, sản phẩm"); as sheet cells the columns are the list's field ids.
  tasks.headers = ['mã đảng viên', 'name', 'status', 'exceeded'];
  const sheets = [await sheet('Danh sách', MEMBERS), tasks];
  const bytes = await page.evaluate(async (json) => {
    const xlsx = await import(new URL('xeploai_xlsx.js', document.baseURI).href);
    await xlsx.default();
    return Array.from(xlsx.writeWorkbook(json));
  }, JSON.stringify(sheets));
  const file = path.join(artifacts, 'roster-with-tasks.xlsx');
  await writeFile(file, Buffer.from(bytes));
  await page.setInputFiles('#members-file', file);
  await page.waitForSelector('#sheet');
  await page.selectOption('#sheet', 'Danh sách');
  await page.waitForSelector('#tasks-file-name');
  assert.match(await page.textContent('#tasks-file-name'), /roster-with-tasks\.xlsx \[Nhiệm vụ\] — 17/);
  await page.waitForSelector('#results');
  await page.click('[data-id="a1"] button');
  assert.equal(await page.getAttribute('#detail-level', 'data-level'), 'ht');
  await page.reload();
  await page.waitForSelector('#tasks-file-name');
  await page.waitForSelector('#results');
  await page.click('[data-id="a1"] button');
  assert.equal(await page.getAttribute('#detail-level', 'data-level'), 'ht', 'the same after a reload');
  assert.deepEqual(problems(), []);
  await page.context().close();
});
