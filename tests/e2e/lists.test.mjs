// End to end: the task table of the self-assessment in Chromium. A member declares 12 tasks (11 on time, 1 late,
// 4 exceeding) by typing and by pasting rows copied from a spreadsheet, sees the counts as she types, the level and
// the late task named in the explanation, reorders and removes rows with the keyboard, switches back to typed
// totals and finds her tasks again after a reload. Screenshots at desktop width and at 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, fill, level, shot } from './harness.mjs';

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

/** Paste `text` into the element `selector` as the browser does with the clipboard. */
async function paste(page, selector, text) {
  await page.focus(selector);
  await page.evaluate(
    ([selector, text]) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      document.querySelector(selector).dispatchEvent(event);
    },
    [selector, text],
  );
}

async function total(page, fact) {
  return (await page.textContent(`#list-tasks-total-${fact}`)).trim();
}

test('twelve tasks typed and pasted: the counts, the level and the late task named', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.setViewportSize({ width: 1280, height: 900 });
  await fill(page, { common_points: 28, task_points: 65 });
  await page.check('#list-tasks-use');
  // The typed totals give way to the table.
  assert.equal(await page.locator('#fact-tasks_assigned').count(), 0);
  // The first task by hand, with the keyboard: Enter on the last row adds the next one.
  await page.click('#list-tasks-add');
  await page.fill('#list-tasks-0-name', 'Nhiệm vụ 1');
  await page.selectOption('#list-tasks-0-status', 'on_time');
  await page.check('#list-tasks-0-exceeded');
  assert.equal(await total(page, 'tasks_assigned'), '1');
  await page.focus('#list-tasks-0-name');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#list-tasks-1-name');
  // Eleven more rows copied from Excel: name, result, status (by its Vietnamese name or id), exceeded.
  const rows = [];
  for (let i = 2; i <= 12; i++) {
    const status = i === 7 ? 'Hoàn thành nhưng chưa bảo đảm tiến độ' : 'on_time';
    rows.push([`Nhiệm vụ ${i}`, `Kết quả ${i}`, status, i <= 4 ? 'x' : ''].join('\t'));
  }
  await paste(page, '#list-tasks-1-name', rows.join('\r\n') + '\r\n');
  await page.waitForSelector('#list-tasks-11-name');
  assert.equal(await total(page, 'tasks_assigned'), '12');
  // Each choice shows what was pasted, by its id or its Vietnamese name.
  assert.equal(await page.inputValue('#list-tasks-11-status'), 'on_time');
  assert.equal(await page.inputValue('#list-tasks-6-status'), 'late');
  assert.equal(await total(page, 'tasks_on_time'), '11');
  assert.equal(await total(page, 'tasks_late'), '1');
  assert.equal(await total(page, 'tasks_exceeding'), '4');
  assert.equal(await level(page), 'ht');
  assert.match(await page.textContent('#lists-used'), /Nhiệm vụ được giao \(12 nhiệm vụ\)/);
  assert.match(await page.textContent('#next-level'), /nhiệm vụ 7 «Nhiệm vụ 7»: Hoàn thành nhưng chưa bảo đảm tiến độ/);
  await shot(page, 'lists-01-desktop');
  await page.locator('#list-tasks').screenshot({ path: 'tests/e2e/artifacts/lists-04-desktop-table.png' });

  // Alt+↓ moves the late task down one row; the explanation follows its new number.
  await page.focus('#list-tasks-6-name');
  await page.keyboard.press('Alt+ArrowDown');
  await page.waitForFunction(() => document.querySelector('#list-tasks-7-name')?.value === 'Nhiệm vụ 7');
  assert.match(await page.textContent('#next-level'), /nhiệm vụ 8 «Nhiệm vụ 7»/);
  assert.equal(await page.inputValue('#list-tasks-7-status'), 'late');
  assert.equal(await page.inputValue('#list-tasks-6-status'), 'on_time');
  // Ctrl+Delete removes the late task: 11 tasks, all on time, 4 exceeding (36%): HTXS.
  await page.focus('#list-tasks-7-name');
  await page.keyboard.press('Control+Delete');
  await page.waitForFunction(() => document.querySelector('#list-tasks-total-tasks_assigned')?.textContent.trim() === '11');
  assert.equal(await level(page), 'htxs');

  // A bad cell is shown at its place; the result is incomplete, never wrong.
  await page.fill('#list-tasks-0-name', 'Nhiệm vụ 1');
  await page.selectOption('#list-tasks-2-status', '');
  assert.equal(await level(page), 'incomplete');
  await page.selectOption('#list-tasks-2-status', 'on_time');
  assert.equal(await level(page), 'htxs');

  // Reloaded: the tasks are still there.
  await page.reload();
  await page.waitForSelector('#list-tasks-10-name');
  assert.equal(await page.inputValue('#list-tasks-10-name'), 'Nhiệm vụ 12');
  assert.equal(await level(page), 'htxs');

  // Phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'lists-02-390px');
  await page.locator('#list-tasks').screenshot({ path: 'tests/e2e/artifacts/lists-03-390px-table.png' });

  // Back to typed totals: the items are kept, the typed fields return.
  await page.uncheck('#list-tasks-use');
  await page.waitForSelector('#fact-tasks_assigned');
  assert.equal(await level(page), 'incomplete');
  await page.check('#list-tasks-use');
  assert.equal(await total(page, 'tasks_assigned'), '11');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

// crit
test('the common criteria as a checklist and section III as a list: both ways, kept after a reload', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await fill(page, { common_points: 12, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 });
  // Switched off, the checklist is a guide: the member's three items.
  assert.equal(await page.locator('#list-common_criteria-guide li').count(), 3);
  assert.equal(await level(page), 'htt', '12 + 65 is below 90');
  await page.check('#list-common_criteria-use');
  assert.equal(await page.locator('#fact-common_points').count(), 0, 'the typed score gives way to the items');
  // Item 3 first: the sum waits for the others and says which is missing.
  await page.fill('#list-common_criteria-2-points', '9');
  assert.equal(await level(page), 'incomplete');
  await page.fill('#list-common_criteria-0-points', '10');
  await page.fill('#list-common_criteria-1-points', '9');
  await page.fill('#list-common_criteria-1-note', 'Đề xuất cải tiến quy trình');
  assert.equal((await page.textContent('#list-common_criteria-total-common_points')).trim(), '28');
  assert.equal(await level(page), 'htxs');
  assert.match(await page.textContent('#list-common_criteria-0-item'), /Phẩm chất chính trị/);
  // Section III feeds the shortcomings pointed out and fixed.
  assert.ok(await page.isChecked('#list-shortcomings-use'));
  assert.ok(await page.isVisible('#list-shortcomings-empty'));
  // Section III is typed on the form's page (form.html), then counted on the first page.
  await page.click('#step-form');
  await page.waitForSelector('#review');
  await page.click('#fix-add');
  await page.fill('#fix-0', 'Chậm nộp báo cáo');
  await page.selectOption('#fix-status-0', 'not_fixed');
  assert.equal(await level(page), 'htt');
  await page.click('#step-level');
  await page.waitForSelector('#list-shortcomings-items');
  assert.equal(await level(page), 'htt');
  assert.equal((await page.textContent('#list-shortcomings-total-shortcomings_identified')).trim(), '1');
  assert.equal((await page.textContent('#list-shortcomings-total-shortcomings_fixed')).trim(), '0');
  // Switched off, the typed numbers (none: 0 and 0) count again.
  await page.uncheck('#list-shortcomings-use');
  assert.equal(await level(page), 'htxs');
  await page.check('#list-shortcomings-use');
  assert.equal(await level(page), 'htt');
  await page.locator('#list-common_criteria').screenshot({ path: 'tests/e2e/artifacts/lists-05-checklist.png' });

  await page.reload();
  await page.waitForSelector('#list-common_criteria-0-points');
  assert.equal(await page.inputValue('#list-common_criteria-0-points'), '10');
  assert.equal(await page.inputValue('#list-common_criteria-1-note'), 'Đề xuất cải tiến quy trình');
  assert.equal(await level(page), 'htt');
  // A collective has its own items.
  await page.check('#subject-collective');
  assert.match(await page.textContent('#list-common_criteria-guide'), /Lãnh đạo xây dựng Đảng/);
  assert.deepEqual(problems(), []);
  await page.context().close();
});
