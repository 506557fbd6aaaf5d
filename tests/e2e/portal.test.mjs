// The portal kit served as a portal would: Debian's nginx (nginx-light + libnginx-mod-http-brotli-static, installed
// by scripts/setup.sh) with deploy/nginx.conf included as the README says, dist/ under /xeploai/; and Apache httpd
// (apache2-bin) with deploy/apache.htaccess. Checks that the
// WebAssembly comes as the pre-compressed brotli copy with the type application/wasm (and gzip or raw to clients
// that do not take brotli), that every text asset has its .br and .gz beside it, and, in Chromium, that the kit's
// example page works from there (the element, the API, and the app in an iframe that sends no referrer) and the
// app's first page loads compressed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { freePort, launch, shot } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
let nginx;
let base;
let prefix;
let browser;

before(async () => {
  assert.ok(existsSync('/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'), "nginx's brotli module is missing: apt-get install nginx-light libnginx-mod-http-brotli-static (scripts/test.sh does)");
  prefix = mkdtempSync(path.join(tmpdir(), 'xeploai-nginx-'));
  const port = await freePort();
  // A minimal nginx.conf around the kit's snippet, exactly as the README shows it (alias + include).
  writeFileSync(path.join(prefix, 'nginx.conf'), `
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
daemon off;
master_process off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    location /xeploai/ {
      alias ${dist}/;
      include ${root}/deploy/nginx.conf;
    }
  }
}
`);
  const check = spawnSync('/usr/sbin/nginx', ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { encoding: 'utf8' });
  assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);
  nginx = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}/xeploai/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}index.html`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  nginx?.kill();
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

/** A raw GET (node's fetch would decompress and hide the encoding). */
async function get(file, encoding, from = base) {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${from}${file}`, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('nginx sends the WebAssembly as brotli, typed application/wasm; gzip or raw to others', async () => {
  for (const file of ['xeploai_web_bg.wasm', 'embed/xeploai_embed_bg.wasm']) {
    const raw = readFileSync(path.join(dist, file));
    const br = await get(file, 'gzip, deflate, br');
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-type'], 'application/wasm');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(br.headers.vary || '', /Accept-Encoding/i);
    assert.equal(br.headers['cache-control'], 'no-cache');
    assert.equal(br.headers['x-content-type-options'], 'nosniff');
    assert.equal(br.body.length, statSync(path.join(dist, `${file}.br`)).size, 'the pre-compressed copy, as built');
    assert.ok(brotliDecompressSync(br.body).equals(raw), 'it decompresses to the module');
    assert.ok(br.body.length < raw.length / 2, `${file}: ${br.body.length} of ${raw.length} bytes`);

    const gz = await get(file, 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers['content-type'], 'application/wasm');
    assert.ok(gunzipSync(gz.body).equals(raw));

    const plain = await get(file, undefined);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['content-type'], 'application/wasm');
    assert.ok(plain.body.equals(raw));
  }
  const js = await get('embed/xeploai.js', 'br');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['content-encoding'], 'br');
  const manifest = await get('manifest.webmanifest', 'br');
  assert.match(manifest.headers['content-type'], /^application\/manifest\+json/);
  const rules = await get('rules/qd366-2025.toml', 'br');
  assert.equal(rules.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(rules.headers['content-encoding'], 'br');
});

test('every text and WebAssembly file of the build has its .br and .gz beside it', () => {
  const missing = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(wasm|js|css|html|toml|webmanifest|svg|json|ts|md)$/.test(name)) {
        for (const ext of ['.br', '.gz']) if (!existsSync(file + ext)) missing.push(path.relative(dist, file) + ext);
      }
    }
  };
  walk(dist);
  assert.deepEqual(missing, []);
  for (const file of ['embed/README.md', 'embed/example/index.html', 'embed/example/example.js', 'embed/xeploai.d.ts',
    'embed/xeploai-calculator.d.ts', 'embed/deploy/nginx.conf', 'embed/deploy/apache.htaccess', 'embed/deploy/iis-web.config']) {
    assert.ok(existsSync(path.join(dist, file)), `the kit carries ${file}`);
  }
});

test('the kit example from nginx: the element, the API, and the app in an iframe without a referrer', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const issues = [];
  const watch = (p) => p.on('console', (m) => (m.type() === 'error' || /application\/wasm|instantiateStreaming/.test(m.text())) && issues.push(`${m.type()}: ${m.text()}`));
  watch(page);
  page.on('pageerror', (error) => issues.push(`page error: ${error.message}`));
  context.on('request', (request) => !request.url().startsWith(new URL(base).origin) && issues.push(`request to another origin: ${request.url()}`));
  await page.goto(`${base}embed/example/index.html`);
  // The element computes as soon as it is shown (the prefilled fact; the rest empty).
  await page.waitForFunction(() => /Kết quả \/ Result \(qd366-2025, member\)/.test(document.getElementById('calc-status').textContent));
  // The app in the iframe answers its parent at once, though the iframe sends no referrer.
  assert.equal(await page.getAttribute('#frame', 'referrerpolicy'), 'no-referrer');
  await page.waitForFunction(() => document.getElementById('frame-status').dataset.level === 'incomplete');
  assert.equal(await page.frameLocator('#frame').locator('body').evaluate(() => document.referrer), '');
  await page.click('#frame-send');
  await page.waitForFunction(() => document.getElementById('frame-status').dataset.level === 'htxs');
  // The API section runs every call.
  await page.click('#api-run');
  await page.waitForFunction(() => /targets: /.test(document.getElementById('api-output').textContent), null, { timeout: 30_000 });
  const output = await page.textContent('#api-output');
  assert.match(output, /one member: qd366-2025 [\d.]+: htxs/);
  assert.match(output, /from a task list \(tasks, led_tasks, common_criteria, shortcomings\): qd366-2025 [\d.]+: ht \(93\); deciding: nhiệm vụ 7; list errors: 0/);
  assert.match(output, /compiled: mini 1: tot \(75\)/);
  assert.match(output, /broken text: toml-syntax at 2:/);
  assert.match(output, /roster: dv01 htxs/);
  assert.match(output, /targets: good pass/);
  // What came over the wire was compressed: the modules' transfer is well under their size.
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => ({ name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize })));
  assert.ok(wasm.length >= 1);
  for (const entry of wasm) assert.ok(entry.encoded < entry.decoded / 2, JSON.stringify(entry));
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, 'portal-01-kit-example');
  assert.deepEqual(issues, []);
  await context.close();
});

test('the app from nginx: the first page loads compressed, well under its raw size', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('#level');
  const sizes = await page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
    .reduce((sum, e) => ({ encoded: sum.encoded + e.encodedBodySize, decoded: sum.decoded + e.decodedBodySize }), { encoded: 0, decoded: 0 }));
  assert.ok(sizes.encoded < sizes.decoded / 2.5, JSON.stringify(sizes));
  console.log(`first page through nginx: ${sizes.encoded} bytes transferred for ${sizes.decoded} bytes (brotli)`);
  await context.close();
});

test('Apache httpd (Debian apache2-bin) with deploy/apache.htaccess: brotli for the WebAssembly, typed application/wasm', async (t) => {
  if (!existsSync('/usr/sbin/apache2')) {
    t.skip('apache2 is not installed (apt-get install apache2-bin; .ci/run does)');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'xeploai-apache-'));
  const port = await freePort();
  const modules = ['mpm_prefork', 'authz_core', 'mime', 'rewrite', 'headers', 'dir']
    .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n');
  // The snippet as a .htaccess would be read: in the folder's <Directory> block (the README's other option).
  writeFileSync(path.join(dir, 'httpd.conf'), `
ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
${modules}
User nobody
Group nogroup
PidFile ${dir}/httpd.pid
ErrorLog ${dir}/error.log
TypesConfig /etc/mime.types
DocumentRoot ${dist}
<Directory ${dist}>
  Require all granted
  Include ${root}/deploy/apache.htaccess
</Directory>
`);
  const check = spawnSync('/usr/sbin/apache2', ['-t', '-f', path.join(dir, 'httpd.conf')], { encoding: 'utf8' });
  assert.equal(check.status, 0, `apache2 -t: ${check.stderr}`);
  const httpd = spawn('/usr/sbin/apache2', ['-X', '-f', path.join(dir, 'httpd.conf')], { stdio: 'ignore' });
  const apache = `http://127.0.0.1:${port}/`;
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${apache}index.html`)).ok) break;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const file of ['xeploai_web_bg.wasm', 'embed/xeploai_embed_bg.wasm']) {
      const raw = readFileSync(path.join(dist, file));
      const br = await get(file, 'gzip, deflate, br', apache);
      assert.equal(br.status, 200, `${file}: ${readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
      assert.equal(br.headers['content-type'], 'application/wasm');
      assert.equal(br.headers['content-encoding'], 'br');
      assert.match(br.headers.vary || '', /Accept-Encoding/i);
      assert.equal(br.headers['cache-control'], 'no-cache');
      assert.ok(brotliDecompressSync(br.body).equals(raw));
      const gz = await get(file, 'gzip', apache);
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gz.headers['content-type'], 'application/wasm');
      assert.ok(gunzipSync(gz.body).equals(raw));
      const plain = await get(file, undefined, apache);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers['content-type'], 'application/wasm');
      assert.ok(plain.body.equals(raw));
    }
    const js = await get('embed/xeploai.js', 'br', apache);
    assert.match(js.headers['content-type'], /^text\/javascript/);
    assert.equal(js.headers['content-encoding'], 'br');
    const html = await get('index.html', 'br', apache);
    assert.match(html.headers['content-type'], /^text\/html/);
    assert.equal(html.headers['content-encoding'], 'br');
  } finally {
    httpd.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
