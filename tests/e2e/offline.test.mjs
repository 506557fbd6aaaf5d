// Offline and installable, end to end (www/sw.js, www/sw-register.js, www/manifest.webmanifest):
// - one visit installs the service worker and caches every file of the app; Chromium finds the app installable
//   (the manifest, its icons, the worker: no installability errors);
// - with the network off (context.setOffline, and the server stopped) every page reloads, a self-assessment is
//   completed, another bundled rule set is chosen, a roster is imported (CSV) and exported and imported again as
//   XLSX (the on-demand module), and the variants workbench opens with its cases;
// - a new build is announced and waits: typing goes on undisturbed, and only a click on "update" makes it take
//   over (the page reloads, with what was typed saved), with its own cache and the old one gone.
// Each test serves its own copy of dist/ (python's http.server), so it can stop it or change it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, launchProfile, fill, level, shot, artifacts } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A copy of dist/ served on its own port: `{ url, dir, stop, remove }`. */
async function serveCopy() {
  const dir = mkdtempSync(path.join(tmpdir(), 'xeploai-offline-'));
  cpSync(path.join(root, 'dist'), dir, { recursive: true });
  const server = await serve(dir);
  let stopped = false;
  const stop = () => {
    if (!stopped) server.stop();
    stopped = true;
  };
  return { url: server.url, dir, stop, remove: () => { stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A fresh context on a served copy, its first page on the self-assessment, and what goes wrong in it. */
async function visit(server, options = {}) {
  const context = await browser.newContext(options);
  const issues = watch(context, server.url);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#level');
  return { context, issues, page };
}

/** Console errors and page errors of every page of a context, and requests that left for another origin. */
function watch(context, origin) {
  const issues = [];
  const follow = (page) => {
    page.on('console', (message) => message.type() === 'error' && issues.push(`console error on ${page.url()}: ${message.text()}`));
    page.on('pageerror', (error) => issues.push(`page error on ${page.url()}: ${error.message}`));
  };
  context.on('page', follow);
  context.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(origin) && !target.startsWith('data:') && !target.startsWith('blob:')) issues.push(`request to another origin: ${target}`);
  });
  return issues;
}

/** Wait until the service worker controls the page and has finished caching. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const version = await new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('message', (event) => event.data?.type === 'xeploai:version' && resolve(event.data.version), { once: true });
      registration.active.postMessage({ type: 'xeploai:version' });
    });
    const names = await caches.keys();
    const cache = await caches.open(`xeploai-${version}`);
    const cached = (await cache.keys()).map((request) => new URL(request.url).pathname.slice(1));
    return { version, names, cached };
  });
}

test('one visit: installable, every file cached, versioned by the build', async () => {
  const server = await serveCopy();
  const { context, issues, page } = await visit(server);
  const { version, names, cached } = await controlled(page);
  const sw = readFileSync(path.join(server.dir, 'sw.js'), 'utf8');
  assert.ok(sw.includes(JSON.stringify(version)), 'the worker carries the build version');
  assert.deepEqual(names, [`xeploai-${version}`]);
  for (const file of ['index.html', 'form.html', 'main-form.js', 'xeploai_form_page_bg.wasm', 'unit.html', 'variants.html', 'style.css', 'pages.css', 'variants.css', 'main.js', 'crash.js',
    'xeploai_web_bg.wasm', 'xeploai_unit_bg.wasm', 'xeploai_variants_bg.wasm', 'xeploai_xlsx_bg.wasm', 'xeploai_xlsx.js',
    'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png', 'rules/qd366-2025.toml', 'rules/nd335-2025.toml',
    'rules/qd366-2025.cases.toml']) {
    assert.ok(cached.includes(file), `${file} is cached (cached: ${cached.length} files)`);
  }
  assert.ok(!cached.some((file) => file.startsWith('embed/') || file.endsWith('.br') || file.endsWith('.gz') || file === 'sw.js'));

  // The manifest as Chromium reads it, and its verdict on installability.
  const manifest = JSON.parse(readFileSync(path.join(server.dir, 'manifest.webmanifest'), 'utf8'));
  assert.match(manifest.name, /Tự đánh giá, xếp loại chất lượng/);
  assert.equal(manifest.lang, 'vi');
  assert.equal(manifest.display, 'standalone');
  assert.deepEqual(issues, []);
  await context.close();

  // Installing needs a profile (an incognito context never can): Chromium with one on disk finds no reason not to.
  const profileDir = mkdtempSync(path.join(tmpdir(), 'xeploai-profile-'));
  const profile = await launchProfile(profileDir);
  const installed = profile.pages()[0] || (await profile.newPage());
  await installed.goto(server.url);
  await installed.waitForSelector('#level');
  await controlled(installed);
  const cdp = await profile.newCDPSession(installed);
  const { url, errors } = await cdp.send('Page.getAppManifest');
  assert.equal(url, `${server.url}manifest.webmanifest`);
  assert.deepEqual(errors, []);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium finds the app installable');
  await profile.close();
  rmSync(profileDir, { recursive: true, force: true });
  server.remove();
});

test('offline round trip: reload every page, a self-assessment, another rule set, a roster (CSV and XLSX), the workbench', async () => {
  const server = await serveCopy();
  const { context, issues, page } = await visit(server, { acceptDownloads: true });
  await controlled(page);

  // No network at all: the browser is offline and the server is gone.
  await context.setOffline(true);
  server.stop();
  await page.reload();
  await page.waitForSelector('#level');
  await fill(page, { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 });
  assert.equal(await level(page), 'htxs');
  assert.match(await page.textContent('#explanation'), /Điều 11 khoản 1, Quy định 366-QĐ\/TW/);
  // Another bundled rule set is a file the page fetches: from the cache now.
  const ids = await page.$$eval('#rule-set option', (options) => options.map((o) => o.value));
  const other = ids.find((id) => id !== 'qd366-2025');
  await page.selectOption('#rule-set', other);
  await page.waitForSelector('#rule-set-loading', { state: 'detached' });
  assert.equal(await page.inputValue('#rule-set'), other);
  await page.selectOption('#rule-set', 'qd366-2025');
  await page.waitForSelector('#rule-set-loading', { state: 'detached' });
  await shot(page, 'offline-01-self');

  // The unit page, through its tab: a roster from CSV, exported as XLSX and imported again.
  await page.click('#tab-unit');
  await page.waitForSelector('#roster-import');
  await page.setInputFiles('#orgs-file', path.join(root, 'examples/dang-bo-mau/orgs.csv'));
  await page.waitForSelector('#orgs-file-name');
  await page.setInputFiles('#members-file', path.join(root, 'examples/dang-bo-mau/members.csv'));
  await page.waitForSelector('#results');
  assert.match(await page.textContent('#members-file-name'), /members\.csv — 22/);
  assert.match(await page.textContent('#dist-proposed'), /— 22/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  const xlsx = path.join(artifacts, 'offline-export.xlsx');
  await download.saveAs(xlsx);
  await page.setInputFiles('#members-file', xlsx);
  await page.waitForSelector('#sheet');
  await page.selectOption('#sheet', { index: 1 });
  await page.waitForFunction(() => document.querySelector('#members-file-name')?.textContent.includes('offline-export.xlsx'));
  assert.match(await page.textContent('#members-file-name'), /— 22/);
  await shot(page, 'offline-02-unit');

  // The workbench, with the bundled rule set's cases.
  await page.click('#tab-variants');
  await page.waitForSelector('#rule-text');
  await page.waitForSelector('#cases-summary');
  await shot(page, 'offline-03-variants');
  assert.deepEqual(issues.filter((issue) => !/ERR_INTERNET_DISCONNECTED/.test(issue)), []);
  await context.close();
  server.remove();
});

test('a new build is offered, waits while the person types, and takes over only on their word', async () => {
  const server = await serveCopy();
  const { context, issues, page } = await visit(server);
  const first = await controlled(page);

  // A new build on the server: another version (the worker's bytes differ).
  const file = path.join(server.dir, 'sw.js');
  const next = `${first.version}-next`;
  writeFileSync(file, readFileSync(file, 'utf8').replace(JSON.stringify(first.version), JSON.stringify(next)));
  await page.evaluate(() => { window.stillHere = true; });
  await fill(page, { common_points: 2 });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.waitForSelector('#sw-update');
  assert.match(await page.textContent('#sw-update'), /Đã có phiên bản mới/);
  // Typing goes on; nothing reloads by itself.
  await page.fill('#fact-common_points', '27');
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.stillHere), true, 'the page did not reload');
  assert.equal(await page.inputValue('#fact-common_points'), '27');
  await shot(page, 'offline-04-update-offered');

  await Promise.all([page.waitForEvent('load'), page.click('#sw-update-now')]);
  await page.waitForSelector('#level');
  assert.equal(await page.evaluate(() => window.stillHere), undefined, 'the page reloaded');
  assert.equal(await page.inputValue('#fact-common_points'), '27', 'what was typed is still there');
  const second = await controlled(page);
  assert.equal(second.version, next);
  assert.deepEqual(second.names, [`xeploai-${next}`], 'the old cache is gone');
  assert.deepEqual(issues, []);
  await context.close();
  server.remove();
});
