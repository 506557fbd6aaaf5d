// @ts-check
// The kit's example: every API call, the element's every attribute, property and event, and the iframe mode.
// Type-checked against xeploai.d.ts and xeploai-calculator.d.ts in CI (tests/e2e/types.test.mjs, TypeScript from
// npm, strict), so the declarations and the code that follows this example cannot drift apart.
import load, { listRuleSets, defaultRuleSet, compileRuleSet, XeploaiError } from '../xeploai.js';

/** @typedef {import('../xeploai.js').Classification} Classification */
/** @typedef {import('../xeploai-calculator.js').XeploaiCalculator} XeploaiCalculator */
/** @typedef {import('../xeploai-calculator.js').CalculatorAttribute} CalculatorAttribute */

/** @param {string} id */
const byId = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element;
};

// 1. The element: attributes, the `result` property and the `xeploai-change` event.
const calc = /** @type {XeploaiCalculator} */ (byId('calc'));
calc.addEventListener('xeploai-change', (event) => {
  const { ruleSet, subject, facts, status, level, score, errors, explanation } = event.detail;
  const problems = Object.keys(errors).length;
  byId('calc-status').textContent =
    `Kết quả / Result (${ruleSet}, ${subject}): ${level ?? status}${score !== null ? `, ${score}` : ''}` +
    ` · ${Object.keys(facts).length} dữ kiện / facts · ${problems} lỗi / errors · ${explanation.findings.length} kiểm tra / checks`;
});
byId('calc-english').addEventListener('click', () => calc.setAttribute('lang', calc.getAttribute('lang') === 'en' ? 'vi' : 'en'));
byId('calc-readonly').addEventListener('click', () => {
  if (calc.hasAttribute('readonly')) calc.removeAttribute('readonly');
  else calc.setAttribute('readonly', '');
});
// Tasks declared one by one (the portal may hold them): the element computes the counts and names the late one.
byId('calc-tasks').addEventListener('click', () => {
  calc.lists = calc.lists ? null : {
    tasks: Array.from({ length: 12 }, (_, i) => ({ name: `Nhiệm vụ ${i + 1}`, status: i === 6 ? 'late' : 'on_time', exceeded: i < 4 })),
  };
});
/** @type {Record<CalculatorAttribute, string>} every attribute the element reads, with the values this page uses */
const attributes = {
  'rule-set': 'qd366-2025',
  'rules-url': '',
  subject: 'member',
  lang: 'vi',
  facts: JSON.stringify({ months_since_admission: 36 }),
  readonly: '',
  target: 'htxs',
};
const observed = /** @type {typeof import('../xeploai-calculator.js').XeploaiCalculator} */ (customElements.get('xeploai-calculator') ?? calc.constructor).observedAttributes;
console.assert(observed === undefined || observed.every((name) => name in attributes), 'an attribute the example does not know');
/** @param {XeploaiCalculator} element */
const describe = (element) => `${element.subject}: ${element.result?.level ?? 'chưa có'} (${Object.keys(element.prefilled).length} điền sẵn)`;
calc.dataset.describe = describe(calc);

// 2. The API: the catalog, the default rule set, a rule set from text (and a broken one), one subject, a roster,
// targets, and freeing a compiled rule set.
const MINI = `[rule_set]
id = "mini"
name = "Bộ quy tắc nhỏ"
version = "1"

[[document]]
id = "qd"
title = "Quy định mẫu"

[[level]]
id = "tot"
short = "T"
name = "Tốt"
min_score = 70
source = { doc = "qd", at = "Điều 1", status = "confirmed" }

[[level]]
id = "dat"
short = "Đ"
name = "Đạt"

[[subject]]
id = "member"
name = "Đảng viên"

[[fact]]
id = "points"
name = "Điểm"
type = "number"
min = 0
max = 100

[scoring]
score = "points"
max = 100
source = { doc = "qd", status = "confirmed" }
`;

const TARGETS = `[target_set]
id = "t"
name = "Chỉ tiêu"

[[target]]
id = "good"
name = "Từ HTT"
kind = "share"
population = "base_organizations"
levels = ["htxs", "htt"]
min = "80%"
`;

/** @param {Classification} result */
const line = (result) => `${result.ruleSet} ${result.ruleSetVersion}: ${result.level ?? result.status} (${result.score ?? '—'})`;

async function runApi() {
  const out = [];
  const api = await load({ lang: 'vi' });
  out.push(`catalog: ${api.listRuleSets().map((entry) => `${entry.id}${entry.bundled ? '' : ' (file)'}`).join(', ')}`);
  out.push(`same catalog from the module's exports: ${listRuleSets().length === api.listRuleSets().length}`);

  const rules = api.defaultRuleSet();
  const info = rules.info;
  out.push(`${info.name.vi} ${info.version} (${info.official ? 'chính thức' : 'không chính thức'}): ${info.levels.map((level) => level.short).join(' / ')}`);
  const facts = rules.facts('member');
  out.push(`member facts: ${facts.filter((fact) => fact.used).map((fact) => `${fact.id}:${fact.type}`).join(', ')}`);
  const one = rules.classify(
    'member',
    { common_points: 28, task_points: '65,5', tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 },
    { target: 'htxs', reviewYear: 2026 },
  );
  out.push(`one member: ${line(one)}; decided by ${one.explanation.decidedBy.kind}; next: ${one.explanation.nextLevel?.level ?? '—'}`);
  for (const finding of one.explanation.findings.filter((f) => f.decisive)) {
    const source = finding.source ? ` [${finding.source.documentTitle.vi} ${finding.source.at ?? ''} ${finding.source.status}]` : '';
    out.push(`  ${finding.stage} ${finding.name.vi}: ${finding.met}${source}`);
  }
  // The tasks declared one by one instead of typed counts: the list computes them; the explanation names the late one.
  const tasks = Array.from({ length: 12 }, (_, i) => ({ name: `Nhiệm vụ ${i + 1}`, status: i === 6 ? 'late' : 'on_time', exceeded: i < 4 }));
  const listed = rules.classify('member', { common_points: 28, task_points: 65 }, { lists: { tasks } });
  const deciding = listed.explanation.findings.flatMap((f) => f.items ?? []).map((item) => `${item.item.vi} ${item.index}`);
  out.push(`from a task list (${info.lists?.map((list) => list.id).join(', ') ?? '—'}): ${line(listed)}; deciding: ${[...new Set(deciding)].join(', ') || '—'}; list errors: ${listed.listErrors.length}`);
  out.push(`same default from the module's exports: ${defaultRuleSet().id === rules.id}`);

  const mini = api.compileRuleSet(MINI, { name: 'mini.toml', lang: 'vi' });
  out.push(`compiled: ${line(mini.classify('member', { points: 75 }))}`);
  mini.free();
  try {
    compileRuleSet('[rule_set]\nid = \n', { name: 'broken.toml' });
  } catch (error) {
    if (error instanceof XeploaiError && error instanceof api.XeploaiError) {
      out.push(`broken text: ${error.code} at ${error.line}:${error.column} — ${error.messages.vi} (${error.diagnostics.length} diagnostics)`);
    } else {
      throw error;
    }
  }
  console.assert(api.RuleSet !== undefined, 'the Api carries the RuleSet class');

  const roster = await rules.classifyRoster(
    [
      { id: 'dv01', name: 'Nguyễn Văn An', org: 'cb1', common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 },
      { id: 'dv02', org: 'cb1', target: 'htt', facts: { common_points: 25, task_points: 50, tasks_assigned: 10, tasks_on_time: 9 } },
    ],
    { organizations: [{ id: 'cb1', name: 'Chi bộ 1', base: true }], subject: 'member', reviewYear: 2026 },
  );
  const distribution = roster.memberDistribution;
  out.push(`roster: ${roster.members.map((m) => `${m.id} ${m.level ?? m.status}→${m.proposed ?? '—'}`).join(', ')}; levels ${distribution.levels.join('/')} of ${distribution.total}; ${roster.quotas.length} quotas; ${roster.diagnostics.length} problems`);

  const checked = await rules.checkTargets(TARGETS, '[population.base_organizations]\nhtxs = 31\nhtt = 121\nht = 7\nkht = 0\n');
  out.push(`targets: ${checked.targets.map((t) => `${t.id} ${t.status} (${t.actual})`).join(', ')}; ${checked.diagnostics.length} diagnostics`);
  byId('api-output').textContent = out.join('\n');
}
byId('api-run').addEventListener('click', () => {
  runApi().catch((error) => {
    byId('api-output').textContent = `Lỗi / Error: ${error instanceof Error ? error.message : String(error)}`;
  });
});

// 3. The whole app in an iframe, framed without a referrer: it answers to the one allowed origin (its URL lists
// this page's), and to the origin of an accepted message.
const frame = /** @type {HTMLIFrameElement} */ (byId('frame'));
const appBase = new URL(frame.dataset.app || '../../', location.href);
frame.src = new URL(`index.html?embed=1&origin=${encodeURIComponent(location.origin)}`, appBase).href;
window.addEventListener('message', (event) => {
  if (event.origin !== appBase.origin || event.data?.type !== 'xeploai:result') return;
  const status = byId('frame-status');
  status.textContent = `iframe: ${event.data.level || event.data.status}`;
  status.dataset.level = event.data.level || event.data.status;
});
byId('frame-send').addEventListener('click', () => {
  frame.contentWindow?.postMessage(
    {
      type: 'xeploai:set-facts',
      subject: 'member',
      facts: { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 },
    },
    appBase.origin,
  );
});
