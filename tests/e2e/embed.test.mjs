// End to end: the embed bundle (dist/embed/) in the portal imitation www/host-example.html, in Chromium.
// The JS API (rule sets, good and bad rule text, one subject, a roster, targets, explanation structure); the
// element under hostile global CSS (renders, styles kept inside and out, events, two instances, attribute
// changes); the app in an iframe on another origin, driven by postMessage from an allowed and a disallowed origin.
// Any console error, page error or request to an origin not in play fails a test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, shot } from './harness.mjs';

let server;
let browser;
let port;

before(async () => {
  server = await serve();
  port = new URL(server.url).port;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const htxs = { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 };
const element = (id) => `#${id}`;

// The host page on this origin, the app in its iframe on the same origin.
async function host(query = '') {
  return openPage(browser, `${server.url}host-example.html${query}`, null, { ready: '#calc-member .level' });
}

test('JS API: rule sets, compile (good and bad text), classify, roster, targets, explanation structure', async () => {
  const { page, problems } = await host();
  const result = await page.evaluate(async () => {
    const { load } = await import('./embed/xeploai.js');
    const api = await load();
    const out = {};
    out.catalog = api.listRuleSets();
    const rules = api.defaultRuleSet();
    out.info = rules.info;
    out.facts = rules.facts('member').map((f) => f.id);
    out.one = rules.classify('member', { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 }, { reviewYear: 2026 });
    out.invalid = rules.classify('member', { common_points: '31', task_points: '65,5' }, { target: 'htxs' });
    try {
      api.compileRuleSet('[rule_set]\nid = "x"\n[[level]]\nid = \n', { name: 'broken.toml' });
      out.bad = null;
    } catch (error) {
      out.bad = { isError: error instanceof Error, isXeploai: error instanceof api.XeploaiError, name: error.name, code: error.code, line: error.line, column: error.column, message: error.message, count: error.diagnostics.length };
    }
    try {
      rules.classify('robot', {});
    } catch (error) {
      out.badSubject = error.code;
    }
    out.roster = await rules.classifyRoster([
      { id: 'a', name: 'An', org: 'cb1', common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 },
      { id: 'b', org: 'cb1', facts: { common_points: 25, task_points: 50, tasks_assigned: 10, tasks_on_time: 9 } },
      { id: 'c', org: 'cb1', common_points: 'lots', task_points: 50 },
    ], { organizations: [{ id: 'cb1', name: 'Chi bộ 1', base: true }] });
    // The same members on the competent level's decisions (one decided HT; the others at the step before).
    out.decided = await rules.classifyRoster([
      { id: 'a', org: 'cb1', common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3, decision: 'ht' },
      { id: 'b', org: 'cb1', facts: { common_points: 25, task_points: 50, tasks_assigned: 10, tasks_on_time: 9 } },
    ], { organizations: [{ id: 'cb1', name: 'Chi bộ 1', base: true }], basis: 'decided' });
    try {
      await rules.classifyRoster([], { basis: 'voted' });
      out.badBasis = null;
    } catch (error) {
      out.badBasis = error.code;
    }
    out.targets = await rules.checkTargets(
      '[target_set]\nid = "t"\nname = "Chỉ tiêu"\n\n[[target]]\nid = "good"\nname = "Từ HTT"\nkind = "share"\npopulation = "base_organizations"\nlevels = ["htxs", "htt"]\nmin = "80%"\n',
      '[population.base_organizations]\nhtxs = 31\nhtt = 121\nht = 7\nkht = 0\n',
    ).catch((error) => ({ error: error.message, diagnostics: error.diagnostics }));
    return out;
  });
  assert.equal(result.catalog[0].id, 'qd366-2025');
  assert.equal(result.catalog[0].bundled, true);
  assert.deepEqual(result.info.levels.map((l) => l.id), ['htxs', 'htt', 'ht', 'kht']);
  assert.ok(result.facts.includes('common_points'));

  assert.equal(result.one.level, 'htxs');
  // Every result records the rule set, its version and the review year it was produced for.
  assert.deepEqual([result.one.ruleSet, result.one.ruleSetVersion, result.one.reviewYear], ['qd366-2025', '2025.2', 2026]);
  assert.equal(result.roster.ruleSet, 'qd366-2025');
  assert.equal(result.roster.reviewYear, null);
  assert.equal(result.one.status, 'classified');
  assert.equal(result.one.score, 93);
  const explanation = result.one.explanation;
  assert.equal(explanation.decidedBy.kind, 'reached');
  const condition = explanation.findings.find((f) => f.stage === 'condition' && f.level === 'htxs' && f.comparisons.length);
  assert.ok(condition.source.documentTitle.vi);
  assert.ok(['confirmed', 'assumption'].includes(condition.source.status));
  assert.equal(typeof condition.comparisons[0].observed, 'number');
  assert.ok(explanation.score.parts.length >= 2);

  assert.equal(result.invalid.errors.common_points.code, 'out-of-range');
  assert.equal(result.invalid.status, 'incomplete');
  assert.equal(result.invalid.explanation.target.level, 'htxs');

  assert.deepEqual(
    { ...result.bad, message: undefined },
    { isError: true, isXeploai: true, name: 'XeploaiError', code: result.bad.code, line: 4, column: result.bad.column, message: undefined, count: result.bad.count },
  );
  assert.match(result.bad.code, /^[a-z-]+$/);
  assert.ok(result.bad.column >= 1);
  assert.ok(result.bad.message.length > 0);
  assert.equal(result.badSubject, 'unknown-subject');

  assert.equal(result.roster.members[0].level, 'htxs');
  // Two classified members in one base organization: the excellent quota moves the one HTXS to HTT.
  assert.equal(result.roster.members[0].proposed, 'htt');
  assert.equal(result.roster.quotas[0].excess, 1);
  assert.equal(result.roster.members[2].status, 'incomplete');
  assert.ok(result.roster.diagnostics.some((d) => d.code === 'not-a-number' && d.location.path));
  assert.equal(result.roster.memberDistribution.total, 3);
  assert.equal(result.roster.organizations[0].id, 'cb1');
  assert.equal(result.roster.basis.id, 'computed', 'the computed levels unless asked');
  assert.equal(result.roster.members[0].counted, undefined);
  assert.equal(result.decided.basis.id, 'decided');
  assert.equal(result.decided.members[0].counted, 'ht');
  assert.equal(result.decided.members[0].level, 'htxs');
  assert.equal(result.decided.memberDistribution.levels[2], 1, 'counted at HT, as decided');
  assert.equal(result.badBasis, 'invalid-value');

  assert.equal(result.targets.targets?.[0]?.status, 'pass', JSON.stringify(result.targets));
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('element: renders in a hostile page, keeps its styles and leaves the page alone; emits events', async () => {
  const { page, problems } = await host();
  await page.evaluate(() => {
    window.events = [];
    document.addEventListener('xeploai-change', (e) => window.events.push({ id: e.target.id, level: e.detail.level, status: e.detail.status }));
  });
  const member = page.locator(element('calc-member'));
  assert.equal(await member.locator('.level').getAttribute('data-level'), 'incomplete');
  // Prefilled by the portal: read-only, with its value.
  const months = member.locator('input[name=months_since_admission]');
  assert.equal(await months.inputValue(), '36');
  assert.equal(await months.getAttribute('readonly'), '');
  for (const [fact, value] of Object.entries(htxs)) await member.locator(`input[name=${fact}]`).fill(String(value));
  assert.equal(await member.locator('.level').getAttribute('data-level'), 'htxs');
  assert.match(await member.locator('.level').textContent(), /Hoàn thành xuất sắc nhiệm vụ/);
  assert.match(await member.locator('.score').textContent(), /93/);
  assert.match(await member.locator('.reached').textContent(), /Điều 11/);
  assert.match(await page.textContent('#portal-status'), /calc-member.*htxs/);
  const events = await page.evaluate(() => window.events);
  assert.ok(events.some((e) => e.id === 'calc-member' && e.level === 'htxs'));

  // Invalid input is explained beside the field and kept.
  await member.locator('input[name=common_points]').fill('31');
  assert.match(await member.locator('.field[data-fact=common_points] .error').textContent(), /không được lớn hơn 30/);
  assert.equal(await member.locator('input[name=common_points]').inputValue(), '31');
  assert.equal(await member.locator('.level').getAttribute('data-level'), 'incomplete');
  await member.locator('input[name=common_points]').fill('28');

  // The page's `* { font: 30px serif !important; color: red !important }`, `input { width: 20px !important }` and
  // `div { display: flex !important }` do not reach inside; the element's styles do not reach out.
  const inside = await member.locator('input[name=common_points]').evaluate((input) => {
    const style = getComputedStyle(input);
    const card = getComputedStyle(input.getRootNode().querySelector('.card'));
    return { font: style.fontSize, family: style.fontFamily, color: style.color, width: input.getBoundingClientRect().width, border: style.borderTopStyle, display: card.display };
  });
  assert.equal(inside.font, '15px');
  assert.doesNotMatch(inside.family, /^serif$/);
  assert.notEqual(inside.color, 'rgb(255, 0, 0)');
  assert.ok(inside.width > 100, `input width ${inside.width}`);
  assert.equal(inside.border, 'solid');
  assert.equal(inside.display, 'grid');
  const outside = await page.evaluate(() => {
    const title = getComputedStyle(document.getElementById('portal-title'));
    return { font: title.fontSize, color: title.color, family: title.fontFamily };
  });
  assert.deepEqual(outside, { font: '30px', color: 'rgb(255, 0, 0)', family: 'serif' });
  await shot(page, 'embed-01-host');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('element: lists passed in compute the counts they feed (read-only) and the reasons name the deciding task', async () => {
  const { page, problems } = await host();
  const member = page.locator(element('calc-member'));
  for (const [fact, value] of Object.entries({ common_points: 28, task_points: 65 })) await member.locator(`input[name=${fact}]`).fill(String(value));
  await page.evaluate(() => {
    document.getElementById('calc-member').lists = {
      tasks: Array.from({ length: 12 }, (_, i) => ({ name: `Nhiệm vụ ${i + 1}`, status: i === 6 ? 'late' : 'on_time', exceeded: i < 4 })),
    };
  });
  await page.waitForFunction(() => document.getElementById('calc-member').result?.lists?.tasks?.length === 12);
  const result = await page.evaluate(() => {
    const r = document.getElementById('calc-member').result;
    return { level: r.level, listErrors: r.listErrors.length, used: r.explanation.lists.map((l) => [l.list, l.items]) };
  });
  assert.deepEqual(result, { level: 'ht', listErrors: 0, used: [['tasks', 12]] });
  assert.equal(await member.locator('.level').getAttribute('data-level'), 'ht');
  assert.equal(await member.locator('input[name=tasks_on_time]').isDisabled(), true);
  assert.match(await member.locator('li[data-rule=htt_tasks_on_time]').first().textContent(), /nhiệm vụ 7 «Nhiệm vụ 7»: Hoàn thành nhưng chưa bảo đảm tiến độ/);
  // Taken back: the typed counts again.
  await page.evaluate(() => { document.getElementById('calc-member').lists = null; });
  await page.waitForFunction(() => !document.getElementById('calc-member').result?.lists);
  assert.equal(await member.locator('input[name=tasks_on_time]').isDisabled(), false);
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('element: two instances are independent; attribute changes re-render; theme by custom properties', async () => {
  const { page, problems } = await host();
  const member = page.locator(element('calc-member'));
  const collective = page.locator(element('calc-collective'));
  await collective.locator('.level').waitFor();
  for (const [fact, value] of Object.entries(htxs)) await member.locator(`input[name=${fact}]`).fill(String(value));
  assert.equal(await member.locator('.level').getAttribute('data-level'), 'htxs');
  assert.equal(await collective.locator('.level').getAttribute('data-level'), 'incomplete');
  assert.equal(await collective.locator('input[name=common_points]').inputValue(), '');
  assert.match(await collective.locator('h2').first().textContent(), /Self-assessment/);
  // An organization gives the counts of its members and sub-units that its rules read.
  assert.equal(await collective.locator('input[name="members.ge_htt"]').count(), 1);
  // Theme colours from the page's custom properties.
  const accent = await collective.locator('.level').evaluate((node) => getComputedStyle(node).color);
  assert.equal(accent, 'rgb(11, 83, 148)');

  // Language, subject and prefilled facts follow the attributes.
  await page.evaluate(() => document.getElementById('calc-member').setAttribute('lang', 'en'));
  await member.locator('h2', { hasText: 'Self-assessment' }).waitFor();
  assert.match(await member.locator('.level').textContent(), /Excellently/i);
  assert.equal(await member.locator('input[name=task_points]').inputValue(), '65', 'a language change keeps what was typed');
  await page.evaluate(() => document.getElementById('calc-member').setAttribute('subject', 'leader'));
  await member.locator('input[name=led_tasks_assigned]').waitFor();
  assert.equal(await member.locator('.level').getAttribute('data-level'), 'incomplete');
  await page.evaluate(() => document.getElementById('calc-member').setAttribute('facts', '{"common_points": 29}'));
  await member.locator('input[name=common_points][readonly]').waitFor();
  assert.equal(await member.locator('input[name=common_points]').inputValue(), '29');
  await page.evaluate(() => document.getElementById('calc-member').setAttribute('readonly', ''));
  await member.locator('input[name=task_points][readonly]').waitFor();
  assert.equal(await member.locator('select:not([disabled])').count(), 0);
  assert.equal(await collective.locator('.level').getAttribute('data-level'), 'incomplete');
  assert.equal(await collective.locator('input[readonly]').count(), 0, 'the other element is not read-only');

  // The default rule set needs only the element's module (packed rule set, no TOML reader or compiler); another
  // one is fetched as text and compiled by the API's module, loaded only then.
  const wasm = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')));
  assert.ok((await wasm()).some((p) => p.endsWith('/embed/xeploai_embed_lite_bg.wasm')), (await wasm()).join(' '));
  assert.ok(!(await wasm()).some((p) => p.endsWith('/embed/xeploai_embed_bg.wasm')), (await wasm()).join(' '));
  await page.evaluate(() => document.getElementById('calc-collective').setAttribute('rule-set', 'qd124-2023'));
  await page.waitForFunction(() => document.getElementById('calc-collective').result?.ruleSet === 'qd124-2023');
  assert.ok((await wasm()).some((p) => p.endsWith('/embed/xeploai_embed_bg.wasm')));
  assert.equal(await collective.locator('.level').getAttribute('data-level'), 'incomplete');
  await shot(page, 'embed-02-attributes');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

// The host page on `localhost`, the app on `127.0.0.1`: two origins on one server.
function crossOrigin(allow) {
  const app = `http://127.0.0.1:${port}/`;
  const query = `?app=${encodeURIComponent(app)}${allow ? `&allow=${encodeURIComponent(allow)}` : ''}`;
  return { url: `http://localhost:${port}/host-example.html${query}`, app: `http://127.0.0.1:${port}` };
}

test('iframe: an allowed origin sets facts and receives results', async () => {
  const { url, app } = crossOrigin();
  const { page, problems } = await openPage(browser, url, null, { ready: '#calc-member .level', allow: [app] });
  const frame = page.frameLocator('#app-frame');
  await frame.locator('#level').waitFor();
  // The app posts its first result as soon as it knows its parent is allowed.
  await page.waitForSelector('#frame-status[data-level=incomplete]');
  await page.click('#send-facts');
  await page.waitForSelector('#frame-status[data-level=htxs]');
  assert.equal(await frame.locator('#level').getAttribute('data-level'), 'htxs');
  await shot(page, 'embed-03-iframe');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('iframe: messages from an origin that is not allowed are ignored', async () => {
  const { url, app } = crossOrigin('https://portal.example.vn');
  const { page, problems } = await openPage(browser, url, null, { ready: '#calc-member .level', allow: [app] });
  const frame = page.frameLocator('#app-frame');
  await frame.locator('#level').waitFor();
  await page.click('#send-facts');
  await page.waitForTimeout(500);
  assert.equal(await frame.locator('#level').getAttribute('data-level'), 'incomplete');
  assert.equal(await page.getAttribute('#frame-status', 'data-level'), null, 'nothing is posted to a parent that is not allowed');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test('element: an unknown subject kind is said in the element, never left on "loading"; the element recovers', async () => {
  const { page, problems } = await host();
  const member = page.locator(element('calc-member'));
  await page.evaluate(() => document.getElementById('calc-member').setAttribute('subject', 'robot'));
  await member.locator('[role=alert][data-error="unknown-subject"]').waitFor();
  assert.match(await member.locator('[role=alert]').textContent(), /Không hiển thị được biểu mẫu: .*robot.*\[unknown-subject\]/);
  assert.doesNotMatch(await member.textContent(), /Đang tải/);
  // The other element still answers, and this one comes back with a known subject kind.
  const collective = page.locator(element('calc-collective'));
  await collective.locator('input[name=common_points]').fill('28');
  await page.evaluate(() => document.getElementById('calc-member').setAttribute('subject', 'member'));
  for (const [fact, value] of Object.entries(htxs)) await member.locator(`input[name=${fact}]`).fill(String(value));
  assert.equal(await member.locator('.level').getAttribute('data-level'), 'htxs');
  assert.deepEqual(problems(), []);
  await page.context().close();
});

test("iframe mode never reaches the person's own saved data, and cannot overwrite it", async () => {
  // The person's own self-assessment on the app's origin.
  const context = await browser.newContext();
  const own = await openPage(browser, server.url, context);
  for (const [fact, value] of Object.entries(htxs)) await own.page.fill(`#fact-${fact}`, String(value));
  await own.page.waitForFunction(() => document.querySelector('#level').dataset.level === 'htxs');
  const saved = await own.page.evaluate(() => localStorage.getItem('xeploai.saved'));
  assert.match(saved, /"common_points":"28"/);
  // A page on the same site frames the app with itself as the allowed origin: the iframe starts empty, and what it
  // is sent is not written to the person's storage.
  const framing = await openPage(browser, `${server.url}host-example.html`, context, { ready: '#calc-member .level' });
  const frame = framing.page.frameLocator('#app-frame');
  await frame.locator('#level').waitFor();
  await framing.page.waitForSelector('#frame-status[data-level=incomplete]');
  assert.equal(await frame.locator('#fact-common_points').inputValue(), '', 'the saved facts are not in the iframe');
  await framing.page.evaluate(() => document.getElementById('app-frame').contentWindow.postMessage(
    { type: 'xeploai:set-facts', facts: { common_points: 3 } }, location.origin));
  for (let i = 0; i < 50 && (await frame.locator('#fact-common_points').inputValue()) !== '3'; i++) await framing.page.waitForTimeout(100);
  assert.equal(await frame.locator('#fact-common_points').inputValue(), '3', 'the message was applied in the iframe');
  await framing.page.waitForTimeout(200);
  assert.equal(await own.page.evaluate(() => localStorage.getItem('xeploai.saved')), saved, 'the saved data is untouched');
  assert.equal(await own.page.inputValue('#fact-common_points'), '28');
  assert.deepEqual(own.problems(), []);
  assert.deepEqual(framing.problems(), []);
  await context.close();
});
