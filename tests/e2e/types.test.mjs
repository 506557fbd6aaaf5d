// The TypeScript declarations of the embed kit (embed/js/xeploai.d.ts, xeploai-calculator.d.ts) checked by the
// TypeScript compiler from npm against the kit's example (embed/example/example.js, strict, checkJs), laid out as
// in dist/embed/; a wrong use must fail the same check (so it is not vacuous); and the declarations name exactly
// what the JavaScript exports and the element's observed attributes. Needs no build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(root, 'node_modules/.bin/tsc');

/** The kit's files as dist/embed/ has them, with `example.js` replaced by `source` when given. */
function kit(source) {
  const dir = mkdtempSync(path.join(tmpdir(), 'xeploai-types-'));
  for (const file of ['xeploai.d.ts', 'xeploai-calculator.d.ts']) cpSync(path.join(root, 'embed/js', file), path.join(dir, file));
  cpSync(path.join(root, 'embed/example'), path.join(dir, 'example'), { recursive: true });
  if (source !== undefined) writeFileSync(path.join(dir, 'example/example.js'), source);
  return dir;
}

function check(dir) {
  const run = spawnSync(tsc, ['-p', path.join(dir, 'example/tsconfig.json')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test('the kit example type-checks against the declarations (tsc, strict)', () => {
  const { status, output } = check(kit());
  assert.equal(status, 0, output);
});

test('a wrong use of the API or the element fails the type check', () => {
  const example = readFileSync(path.join(root, 'embed/example/example.js'), 'utf8');
  const wrong = [
    ["rules.classify(\n    'member',", 'rules.classify(\n    42,'],
    ["calc.setAttribute('lang', calc.getAttribute('lang') === 'en' ? 'vi' : 'en')", "calc.setAttribute('lang', 'fr')"],
    ['event.detail;', 'event.detail; event.detail.nonsense.x;'],
    ['checked.targets.map', 'checked.nope.map'],
  ];
  for (const [from, to] of wrong) {
    assert.ok(example.includes(from), `the example still has ${JSON.stringify(from)}`);
    const { status, output } = check(kit(example.replace(from, to)));
    assert.notEqual(status, 0, `${JSON.stringify(to)} should not type-check:\n${output}`);
    assert.match(output, /error TS\d+/);
  }
});

test('the declarations name what the JavaScript exports and the attributes the element observes', () => {
  const exportsOf = (text) => [...text.matchAll(/^export (?:async )?(?:function|class|const) (\w+)/gm)].map((m) => m[1]).sort();
  const js = readFileSync(path.join(root, 'embed/js/xeploai.js'), 'utf8');
  const dts = readFileSync(path.join(root, 'embed/js/xeploai.d.ts'), 'utf8');
  assert.deepEqual(exportsOf(dts), exportsOf(js));
  const element = readFileSync(path.join(root, 'embed/js/xeploai-calculator.js'), 'utf8');
  const elementDts = readFileSync(path.join(root, 'embed/js/xeploai-calculator.d.ts'), 'utf8');
  const observed = JSON.parse(element.match(/observedAttributes = (\[[^\]]*\])/)[1].replaceAll("'", '"'));
  const declared = [...elementDts.match(/type CalculatorAttribute = ([^;]+);/)[1].matchAll(/'([\w-]+)'/g)].map((m) => m[1]);
  assert.deepEqual(declared.sort(), observed.sort());
  const documented = [...elementDts.match(/interface CalculatorAttributes \{([\s\S]*?)\n\}/)[1].matchAll(/^\s+'?([\w-]+)'?\?:/gm)].map((m) => m[1]);
  assert.deepEqual(documented.sort(), observed.sort());
});
