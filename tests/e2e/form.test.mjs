// End to end: the official review form (Mẫu 2B) filled in the built app. A member enters her twelve tasks (11 on
// time, 1 late, 4 exceeding) and her common points on the first page, sees the level and why, goes on to the form's
// page (form.html, its own module) and writes Part A, prints (the PDF has Part B with her scores and level),
// downloads the Word file (unzipped here: the scores, the level, the task annex), reloads both pages and finds
// everything; the two pages follow each other's changes in two tabs. Also a collective's Mẫu 01, and the level in
// sight while typing on a phone. Screenshots and files go to tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inflateRawSync, inflateSync } from 'node:zlib';
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

/** One file of a zip archive (a .docx), found through the central directory and inflated. */
function unzipEntry(bytes, name) {
  const buffer = Buffer.from(bytes);
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'a zip archive');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const entry = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (entry === name) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${name} is not in the archive`);
}

/**
 * The text of a PDF that Chromium printed: every Flate stream inflated, the fonts' ToUnicode maps read, and the
 * glyph codes of the text operators mapped back to characters (enough for Chromium's Identity-H fonts).
 */
function pdfText(bytes) {
  const buffer = Buffer.from(bytes);
  const source = buffer.toString('latin1');
  const streams = [];
  const pattern = /stream\r?\n/g;
  let match;
  while ((match = pattern.exec(source))) {
    const start = match.index + match[0].length;
    const stop = source.indexOf('endstream', start);
    try {
      streams.push(inflateSync(buffer.subarray(start, stop)).toString('latin1'));
    } catch {
      // not a Flate stream (an image or a font program)
    }
  }
  const map = new Map();
  const hex = (h) => Buffer.from(h, 'hex');
  const unicode = (h) => hex(h).swap16().toString('utf16le');
  for (const stream of streams.filter((s) => s.includes('begincmap'))) {
    for (const block of stream.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, code, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(code.toLowerCase(), unicode(text));
    }
    for (const block of stream.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, from, to, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const first = parseInt(from, 16);
        const base = hex(text);
        for (let code = first; code <= parseInt(to, 16); code++) {
          const chars = Buffer.from(base);
          chars.writeUInt16BE(chars.readUInt16BE(chars.length - 2) + code - first, chars.length - 2);
          map.set(code.toString(16).padStart(from.length, '0'), chars.swap16().toString('utf16le'));
        }
      }
    }
  }
  let text = '';
  for (const stream of streams.filter((s) => s.includes('Tj') || s.includes('TJ'))) {
    for (const [, codes] of stream.matchAll(/<([0-9A-Fa-f]+)>/g)) {
      for (let i = 0; i + 4 <= codes.length; i += 4) text += map.get(codes.slice(i, i + 4).toLowerCase()) ?? '';
    }
    text += '\n';
  }
  return text;
}

/** Paste `text` into the element `selector` as the browser does with the clipboard. */
async function paste(page, selector, text) {
  await page.focus(selector);
  await page.evaluate(
    ([selector, text]) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector(selector).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [selector, text],
  );
}

/** From the first page to the form's page by the step link, and back. */
async function toForm(page) {
  await page.click('#step-form');
  await page.waitForSelector('#review');
}
async function toLevel(page) {
  await page.click('#step-level');
  await page.waitForSelector('#fact-common_points');
}

const tasks = [
  ['Xây dựng kế hoạch công tác năm', 'on_time', true],
  ['Tham mưu báo cáo sơ kết 6 tháng', 'on_time', true],
  ['Rà soát thủ tục hành chính', 'on_time', false],
  ['Tổ chức hội nghị cán bộ', 'on_time', false],
  ['Cập nhật cơ sở dữ liệu đảng viên', 'on_time', true],
  ['Hướng dẫn kiểm điểm cuối năm', 'on_time', false],
  ['Theo dõi thi đua khen thưởng', 'on_time', false],
  ['Tổng hợp báo cáo quý I', 'on_time', false],
  ['Tổng hợp báo cáo quý II', 'on_time', true],
  ['Tổng hợp báo cáo quý III', 'late', false],
  ['Chuẩn bị văn kiện đại hội chi bộ', 'on_time', false],
  ['Lưu trữ hồ sơ', 'on_time', false],
];

test('a member fills Mẫu 2B: level and why, Part A, print, Word, reload', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.fill('#person-name', 'Phạm Thị Lan');
  await page.fill('#person-unit', 'Chi bộ Văn phòng');
  await page.fill('#person-position', 'Chuyên viên');
  await page.fill('#person-year', '2025');
  // Her twelve tasks in the task table (11 on time, 1 late, 4 exceeding): the first by hand, the rest pasted from
  // a spreadsheet (name, result, progress, exceeded), and her common points.
  const counts = {
    assigned: tasks.length,
    onTime: tasks.filter((t) => t[1] === 'on_time').length,
    late: tasks.filter((t) => t[1] === 'late').length,
    exceeding: tasks.filter((t) => t[2]).length,
  };
  assert.deepEqual(counts, { assigned: 12, onTime: 11, late: 1, exceeding: 4 });
  await fill(page, { common_points: 28, task_points: 65 });
  await page.check('#list-tasks-use');
  await page.click('#list-tasks-add');
  await page.fill('#list-tasks-0-name', tasks[0][0]);
  await page.selectOption('#list-tasks-0-status', tasks[0][1]);
  await page.check('#list-tasks-0-exceeded');
  await page.click('#list-tasks-add');
  const rows = tasks.slice(1).map(([name, status, exceeded]) => [name, '', status, exceeded ? 'x' : ''].join('\t'));
  await paste(page, '#list-tasks-1-name', rows.join('\r\n') + '\r\n');
  await page.waitForSelector('#list-tasks-11-name');
  for (const [fact, expected] of [['tasks_assigned', '12'], ['tasks_on_time', '11'], ['tasks_late', '1'], ['tasks_exceeding', '4']]) {
    assert.equal((await page.textContent(`#list-tasks-total-${fact}`)).trim(), expected);
  }
  // One task late: not 100% on time, so neither of the two best levels.
  assert.equal(await level(page), 'ht');
  assert.match(await page.textContent('#level'), /Hoàn thành nhiệm vụ/);
  assert.match(await page.textContent('main'), /100% nhiệm vụ hoàn thành đúng thời hạn/);
  assert.match(await page.textContent('#next-level'), /nhiệm vụ 10 «Tổng hợp báo cáo quý III»/);
  // The form is the next step, a page of its own; the first page does not load its code.
  assert.equal(await page.$('#review'), null);
  assert.match(await page.textContent('#form-next'), /Mẫu 2B/);
  await page.click('#form-open');
  await page.waitForSelector('#review');
  assert.equal(await level(page), 'ht', 'the form page computes the same level from the same stored document');
  assert.equal(await page.getAttribute('#step-form', 'aria-current'), 'page');

  // Part A, as she writes it.
  await page.fill('#review-committee', 'Đảng bộ Sở Nội vụ');
  await page.fill('#review-place', 'Hà Nội');
  await page.fill('#review-date', '15/12/2025');
  await page.fill('#review-politics', 'Luôn giữ vững lập trường chính trị.\nGương mẫu trong sinh hoạt.');
  await page.fill('#review-duties', 'Hoàn thành 11 trên 12 nhiệm vụ đúng tiến độ, 4 nhiệm vụ vượt yêu cầu.');
  await page.fill('#review-shortcomings', 'Báo cáo quý III chậm tiến độ do phối hợp chưa chặt chẽ.');
  await page.click('#fix-add');
  await page.fill('#fix-0', 'Chưa mạnh dạn phê bình');
  await page.selectOption('#fix-status-0', 'fixed');
  await page.click('#fix-add');
  await page.fill('#fix-1', 'Nộp hồ sơ chậm');
  await page.selectOption('#fix-status-1', 'fixing');
  await page.fill('#review-remedies', 'Lập kế hoạch theo tháng, báo cáo đúng hạn.');
  assert.equal(await page.isVisible('#review-responsibility'), false, 'Mẫu 2B has no section on the collective');
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, 'form-01-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#review').screenshot({ path: path.join(artifacts, 'form-02-phone-review.png') });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Print: the official layout, with Part B's scores and level.
  await page.emulateMedia({ media: 'print' });
  const sheet = await page.textContent('#print-form');
  for (const expected of [
    'Đảng bộ Sở Nội vụ',
    'Hà Nội, ngày 15 tháng 12 năm 2025',
    'Mẫu 2B',
    'BẢN KIỂM ĐIỂM CÁ NHÂN',
    'Họ và tên: Phạm Thị Lan',
    'Gương mẫu trong sinh hoạt.',
    'Chưa mạnh dạn phê bình',
    '28/30',
    '65/70',
    '93/100',
    '☒ Hoàn thành nhiệm vụ',
    'NGƯỜI TỰ KIỂM ĐIỂM',
    'PHỤ LỤC',
    'Nhiệm vụ được giao',
    'Tổng hợp báo cáo quý III',
    'Số nhiệm vụ được giao: 12',
  ]) {
    assert.ok(sheet.includes(expected), `the printed form has ${expected}`);
  }
  const pdf = await page.pdf({ path: path.join(artifacts, 'form-03-print.pdf'), format: 'A4', preferCSSPageSize: true });
  const printed = pdfText(pdf);
  for (const expected of ['B. TỰ ĐÁNH GIÁ', '93/100', '28/30', 'Hoàn thành nhiệm vụ', 'PHỤ LỤC', 'Phạm Thị Lan', 'Lưu trữ hồ sơ']) {
    assert.ok(printed.includes(expected), `the PDF has ${expected}`);
  }
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || []).length;
  assert.ok(pages >= 2, `the annex starts a page of its own (${pages} pages)`);
  await page.emulateMedia({ media: 'screen' });

  // Word: made in the browser by the module loaded on demand.
  const formModule = page.waitForResponse((r) => r.url().endsWith('xeploai_form_bg.wasm'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#form-docx')]);
  assert.equal((await formModule).status(), 200);
  assert.equal(download.suggestedFilename(), 'mau-2b-pham-thi-lan-2025.docx');
  const file = path.join(artifacts, 'form-04.docx');
  await download.saveAs(file);
  const xml = unzipEntry(await readFile(file), 'word/document.xml');
  for (const expected of ['Mẫu 2B', 'Phạm Thị Lan', '28/30', '65/70', '93/100', '☒ Hoàn thành nhiệm vụ', 'PHỤ LỤC', 'Tổng hợp báo cáo quý III', 'Hoàn thành nhưng chưa bảo đảm tiến độ', 'Số nhiệm vụ vượt yêu cầu: 4', 'Nộp hồ sơ chậm', 'Đang khắc phục']) {
    assert.ok(xml.includes(expected), `the Word file has ${expected}`);
  }

  // Reload: everything typed is still there, on both pages.
  await page.reload();
  await page.waitForSelector('#review');
  assert.equal(await level(page), 'ht');
  assert.equal(await page.inputValue('#review-politics'), 'Luôn giữ vững lập trường chính trị.\nGương mẫu trong sinh hoạt.');
  assert.equal(await page.inputValue('#review-date'), '15/12/2025');
  assert.equal(await page.inputValue('#fix-1'), 'Nộp hồ sơ chậm');
  assert.equal(await page.inputValue('#fix-status-0'), 'fixed');
  await toLevel(page);
  await page.reload();
  await page.waitForSelector('#list-tasks-9-name');
  assert.equal(await level(page), 'ht');
  assert.equal(await page.inputValue('#list-tasks-9-name'), 'Tổng hợp báo cáo quý III');
  assert.equal((await page.textContent('#list-tasks-total-tasks_exceeding')).trim(), '4');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('a collective prints Mẫu 01 with its members by level', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.check('#subject-collective');
  await page.fill('#person-unit', 'Chi bộ Phòng Tổ chức');
  await fill(page, { common_points: 27, task_points: 62 });
  await page.fill('#members-htxs', '2');
  await page.fill('#members-htt', '10');
  await page.fill('#members-ht', '3');
  await page.fill('#members-kht', '0');
  await toForm(page);
  assert.ok(await page.isVisible('#review-responsibility'), 'Mẫu 01 has the section on responsibility');
  await page.emulateMedia({ media: 'print' });
  const sheet = await page.textContent('#print-form');
  assert.ok(sheet.includes('Mẫu 01') && sheet.includes('BÁO CÁO KIỂM ĐIỂM TẬP THỂ'), sheet);
  assert.ok(sheet.includes('Chi bộ Phòng Tổ chức'));
  assert.ok(sheet.includes('Kết quả xếp loại đảng viên'));
  assert.match(sheet, /Hoàn thành xuất sắc nhiệm vụ\s*2\s*13,3%/);
  await page.pdf({ path: path.join(artifacts, 'form-05-collective.pdf'), format: 'A4', preferCSSPageSize: true });
  assert.deepEqual(problems(), []);
  await page.context().close();
});

// crit
test("a leader's Mẫu 2A: the led units' tasks and her own, the checklist, section III, Part B and the annex with both", async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.check('#subject-leader');
  await page.fill('#person-name', 'Trần Văn Hùng');
  await page.fill('#person-position', 'Trưởng phòng');
  await page.fill('#person-unit', 'Chi bộ Phòng Kế hoạch');
  await page.fill('#person-year', '2025');
  await fill(page, { task_points: 65 });
  // The common criteria scored item by item: their sum is the 30-point score.
  await page.check('#list-common_criteria-use');
  for (const [i, points] of ['10', '9', '9'].entries()) await page.fill(`#list-common_criteria-${i}-points`, points);
  assert.equal((await page.textContent('#list-common_criteria-total-common_points')).trim(), '28');
  // The tasks of the units she leads (10, all on time, 3 exceeding) and her own (2 on time, 1 exceeding), pasted.
  await page.check('#list-led_tasks-use');
  await page.click('#list-led_tasks-add');
  const led = Array.from({ length: 10 }, (_, i) => [`Chỉ tiêu đơn vị ${i + 1}`, '', 'on_time', i < 3 ? 'x' : ''].join('\t'));
  await paste(page, '#list-led_tasks-0-name', led.join('\r\n') + '\r\n');
  await page.waitForSelector('#list-led_tasks-9-name');
  await page.check('#list-tasks-use');
  await page.click('#list-tasks-add');
  await paste(page, '#list-tasks-0-name', ['Đề án sắp xếp bộ máy\t\ton_time\tx', 'Báo cáo chuyên đề\t\ton_time\t'].join('\r\n'));
  await page.waitForSelector('#list-tasks-1-name');
  for (const [fact, expected] of [['led_tasks_assigned', '10'], ['led_tasks_on_time', '10'], ['led_tasks_exceeding', '3']]) {
    assert.equal((await page.textContent(`#list-led_tasks-total-${fact}`)).trim(), expected);
  }
  assert.equal((await page.textContent('#list-tasks-total-own_tasks_assigned')).trim(), '2');
  assert.equal(await level(page), 'htxs');
  // Section III, typed once on the form's page: a shortcoming still being fixed keeps her from HTXS and is named;
  // the first page shows it read-only in its shortcomings list; fixed, HTXS again.
  await toForm(page);
  await page.click('#fix-add');
  await page.fill('#fix-0', 'Chưa sâu sát cơ sở');
  await page.selectOption('#fix-status-0', 'fixing');
  assert.equal(await level(page), 'htt');
  assert.match(await page.textContent('main'), /hạn chế, khuyết điểm 1 «Chưa sâu sát cơ sở»: Đang khắc phục/);
  // (the 30-point score comes from the checklist here, so the first page is waited for by its shortcomings list)
  await page.click('#step-level');
  await page.waitForSelector('#list-shortcomings-items');
  assert.equal(await level(page), 'htt');
  assert.match(await page.textContent('#list-shortcomings-items'), /Chưa sâu sát cơ sở: Đang khắc phục/);
  await toForm(page);
  await page.selectOption('#fix-status-0', 'fixed');
  assert.equal(await level(page), 'htxs');
  await page.fill('#review-responsibility', 'Chịu trách nhiệm về việc phòng chậm báo cáo quý III.');
  await shot(page, 'form-06-leader');

  await page.emulateMedia({ media: 'print' });
  const sheet = await page.textContent('#print-form');
  for (const expected of [
    'Mẫu 2A',
    'Họ và tên: Trần Văn Hùng',
    'Làm rõ trách nhiệm của cá nhân',
    'Chịu trách nhiệm về việc phòng chậm báo cáo quý III.',
    'Chưa sâu sát cơ sở',
    '28/30',
    '65/70',
    '93/100',
    '☒ Hoàn thành xuất sắc nhiệm vụ',
    'PHỤ LỤC',
    'Nhiệm vụ của đơn vị trực tiếp phụ trách',
    'Chỉ tiêu đơn vị 10',
    'Nhiệm vụ được giao',
    'Đề án sắp xếp bộ máy',
    'Nhóm tiêu chí chung: tự rà soát theo nội dung',
    'Tư duy đổi mới, chiến lược, khát vọng cống hiến, dám nghĩ, dám làm',
  ]) {
    assert.ok(sheet.includes(expected), `the printed 2A has ${expected}`);
  }
  assert.ok(!sheet.includes('Hạn chế, khuyết điểm được chỉ ra ở lần kiểm điểm trước'), 'section III is not repeated in the annex');
  const pdf = await page.pdf({ path: path.join(artifacts, 'form-07-leader.pdf'), format: 'A4', preferCSSPageSize: true });
  const printed = pdfText(pdf);
  for (const expected of ['Mẫu 2A', '93/100', 'Hoàn thành xuất sắc nhiệm vụ', 'Chỉ tiêu đơn', 'Đề án sắp']) {
    assert.ok(printed.includes(expected), `the PDF has ${expected}`);
  }
  await page.emulateMedia({ media: 'screen' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#form-docx')]);
  assert.equal(download.suggestedFilename(), 'mau-2a-tran-van-hung-2025.docx');
  const file = path.join(artifacts, 'form-08-leader.docx');
  await download.saveAs(file);
  const xml = unzipEntry(await readFile(file), 'word/document.xml');
  for (const expected of ['Mẫu 2A', '93/100', 'Nhiệm vụ của đơn vị trực tiếp phụ trách', 'Chỉ tiêu đơn vị 1', 'Đề án sắp xếp bộ máy', 'Chưa sâu sát cơ sở', 'Đã khắc phục']) {
    assert.ok(xml.includes(expected), `the Word file has ${expected}`);
  }
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('the two pages in two tabs follow each other: a level changed on the first shows on the form, Part A typed on the form is kept', async () => {
  const { page: first, context, problems } = await openPage(browser, server.url);
  await fill(first, { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 });
  const { page: form, problems: formProblems } = await openPage(browser, `${server.url}form.html`, context);
  assert.equal(await level(form), 'htxs');
  // The first tab hears the form's write (the storage event) before it is typed in again.
  const heard = first.evaluate(
    () => new Promise((resolve) => addEventListener('storage', (e) => (e.newValue || '').includes('Đà Nẵng') && resolve())),
  );
  await form.fill('#review-place', 'Đà Nẵng');
  await heard;
  // One task late on the first page: the form's page follows (its Part B and print change with it).
  await fill(first, { tasks_on_time: 9, tasks_late: 1 });
  // The first page writes each field as it is typed, so the form hears every step: wait for the last (one late
  // task in the annex, HT ticked), not only the first step that reads HT.
  await form.waitForFunction(
    () =>
      document.querySelector('#level')?.dataset.level === 'ht' &&
      /☒ Hoàn thành nhiệm vụ/.test(document.querySelector('#print-form')?.textContent || '') &&
      /chưa bảo đảm tiến độ1/.test(document.querySelector('#print-form')?.textContent || ''),
  );
  await form.emulateMedia({ media: 'print' });
  assert.match(await form.textContent('#print-form'), /☒ Hoàn thành nhiệm vụ/);
  assert.match(await form.textContent('#print-form'), /Đà Nẵng/);
  await form.emulateMedia({ media: 'screen' });
  // Typing on the first page after the form's change did not wipe it.
  await first.reload();
  await first.waitForSelector('#level');
  await toForm(first);
  assert.equal(await first.inputValue('#review-place'), 'Đà Nẵng');
  assert.deepEqual(problems(), []);
  assert.deepEqual(formProblems(), []);
  await context.close();
});

test('on a phone the level stays in sight while she types, wherever she is on the page', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.setViewportSize({ width: 390, height: 844 });
  const inSight = () =>
    page.evaluate(() => {
      const bar = document.querySelector('#level-bar');
      const box = bar.getBoundingClientRect();
      return getComputedStyle(bar).display !== 'none' && box.top >= 0 && box.bottom <= innerHeight && box.height > 0;
    });
  assert.ok(await inSight(), 'at the top of the page');
  // Deep in the facts, typing: the bar is still on screen and says the level as it changes.
  await fill(page, { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10 });
  await page.locator('#fact-tasks_exceeding').scrollIntoViewIfNeeded();
  await page.fill('#fact-tasks_exceeding', '3');
  await page.waitForFunction(() => document.querySelector('#level-bar').dataset.level === 'htxs');
  assert.ok(await inSight(), 'beside the field being typed');
  assert.ok(await page.evaluate(() => scrollY > 300), 'the page was scrolled down to the field');
  assert.match(await page.textContent('#level-bar'), /HTXS — Hoàn thành xuất sắc nhiệm vụ/);
  assert.match(await page.textContent('#level-bar'), /93\/100/);
  await page.fill('#fact-tasks_exceeding', '0');
  await page.waitForFunction(() => document.querySelector('#level-bar').dataset.level !== 'htxs');
  assert.equal(await page.getAttribute('#level-bar', 'data-level'), await level(page), 'the bar says what the result panel says');
  await shot(page, 'form-06-phone-level-bar');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling at 390 px');
  // On a wide screen the result panel itself stays in sight: no bar.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await page.isVisible('#level-bar'), false);
  assert.deepEqual(problems(), []);
  await page.context().close();
});
