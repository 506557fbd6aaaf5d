// Runs the web app's component tests (www/tests/browser.rs, built for wasm32 by `cargo test --no-run`) in headless
// Chromium, as wasm-bindgen-test-runner does, but served by `python3 -m http.server` (the end-to-end tests' server,
// `serve` in tests/e2e/harness.mjs) and driven by playwright-core.
//
// Why not wasm-bindgen-test-runner's headless mode: its built-in server (tiny_http) sometimes never answers one of
// the page's module requests when the machine is busy. Measured on 2026-11-30 on the 2-core machine with the CPU
// loaded: 6 of 9 runs through chromedriver hung, and 2 of 8 page loads through playwright against the runner's
// server left `snippets/…/inline0.js` pending for 60 s; the same files served by another server loaded every time.
// chromedriver waits 300 s for that page load, so CI failed with "Timed out receiving message from renderer".
//
// Usage: node scripts/component-tests.mjs [FILTER]
// Builds the test module (`cargo test --no-run`, without debug info: with it the module is 122 MB, without 17 MB),
// runs `wasm-bindgen --target web` (the CLI setup.sh installs, same version as the crate) into
// target/component-tests/, serves it with the page below, prints the harness's output, and exits 0 only on
// "test result: ok". A page that does not finish in WASM_BINDGEN_TEST_TIMEOUT seconds (120 by default) fails with
// the requests still pending and the output so far.
import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, serve } from '../tests/e2e/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] || '';
const build = execFileSync(
  'cargo',
  ['test', '-p', 'xeploai-web', '--target', 'wasm32-unknown-unknown', '--test', 'browser', '--no-run', '--message-format=json-render-diagnostics'],
  { cwd: root, env: { ...process.env, CARGO_PROFILE_DEV_DEBUG: '0' }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 },
);
const wasmPath = build
  .toString()
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line))
  .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'browser' && m.executable)?.executable;
if (!wasmPath) {
  console.error('cargo built no test module for www/tests/browser.rs');
  process.exit(1);
}
const timeoutMs = Number(process.env.WASM_BINDGEN_TEST_TIMEOUT || 120) * 1000;
const out = path.join(root, 'target/component-tests');
await rm(out, { recursive: true, force: true });
execFileSync('wasm-bindgen', ['--target', 'web', '--debug', '--out-dir', out, '--out-name', 'tests', wasmPath], {
  stdio: 'inherit',
});

// The page: what the runner's run.js does for a browser test module (the harness writes to #output, console
// calls go to the test that made them), with the tests read from the module's exports.
const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<pre id="output">Loading scripts...</pre>
<script>
for (const method of ['debug', 'log', 'info', 'warn', 'error']) {
  const original = console[method];
  console[method] = function (...args) {
    if (window['on_console_' + method]) window['on_console_' + method](args);
    original.apply(this, args);
  };
}
window.__wbg_test_invoke = (f) => f();
</script>
<script type="module">
import init, {
  WasmBindgenTestContext as Context,
  __wbgtest_console_debug, __wbgtest_console_log, __wbgtest_console_info, __wbgtest_console_warn,
  __wbgtest_console_error,
} from './tests.js';
document.getElementById('output').textContent = 'Loading Wasm module...\\n';
const wasm = await init({ module_or_path: './tests_bg.wasm' });
const filter = ${JSON.stringify(filter)};
const all = Object.keys(wasm).filter((name) => name.startsWith('__wbgt_')).sort();
const tests = all.filter((name) => name.split('::').slice(1).join('::').includes(filter));
const cx = new Context(false);
window.on_console_debug = __wbgtest_console_debug;
window.on_console_log = __wbgtest_console_log;
window.on_console_info = __wbgtest_console_info;
window.on_console_warn = __wbgtest_console_warn;
window.on_console_error = __wbgtest_console_error;
cx.include_ignored(false);
cx.filtered_count(all.length - tests.length);
await cx.run(tests.map((name) => wasm[name]));
</script>
</body></html>`;
await writeFile(path.join(out, 'index.html'), page);

// Served as the end-to-end tests serve dist/ (`python3 -m http.server`): the page and the glue import by full names.
const server = await serve(out);
const url = server.url;

const browser = await launch();
let output = '';
let passed = false;
const pending = new Set();
const console_ = [];
try {
  const tab = await browser.newPage();
  tab.on('request', (r) => pending.add(r));
  tab.on('requestfinished', (r) => pending.delete(r));
  tab.on('requestfailed', (r) => {
    pending.delete(r);
    console_.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  tab.on('pageerror', (e) => console_.push(`page error: ${e.message}`));
  tab.on('console', (m) => console_.push(`console.${m.type()}: ${m.text()}`));
  console.log(`Running ${path.basename(wasmPath)} in headless Chromium at ${url}`);
  await tab.goto(url, { timeout: timeoutMs });
  try {
    await tab.waitForFunction(() => document.getElementById('output').textContent.includes('test result: '), null, {
      timeout: timeoutMs,
      polling: 100,
    });
  } catch (e) {
    console.log(`The tests did not finish in ${timeoutMs / 1000} s: ${e.message.split('\n')[0]}`);
  }
  output = await tab.evaluate(() => document.getElementById('output').textContent);
  passed = output.includes('test result: ok');
} catch (e) {
  console.log(`The test page did not load: ${e.message.split('\n')[0]}`);
} finally {
  console.log(output);
  if (!passed) {
    if (pending.size) console.log('requests still pending:', [...pending].map((r) => r.url()).join(', '));
    if (console_.length) console.log(`browser console:\n  ${console_.join('\n  ')}`);
  }
  await browser.close();
  server.stop();
}
process.exit(passed ? 0 : 1);
