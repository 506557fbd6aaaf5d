// <xeploai-calculator>: the self-assessment as a custom element, for any page.
//
//   <script type="module" src="/xeploai/xeploai-calculator.js"></script>
//   <xeploai-calculator rule-set="qd366-2025" subject="member" lang="vi" facts='{"months_since_admission": 24}'>
//
// It renders inside a Shadow DOM with its own constructed stylesheet (allowed by a strict Content-Security-Policy,
// untouched by the page's CSS), themed by CSS custom properties (--xeploai-accent, --xeploai-bg, --xeploai-text,
// --xeploai-muted, --xeploai-border, --xeploai-radius, --xeploai-font). The form is generated from the rule set's facts
// for the subject kind; every result comes from the engine (xeploai.js); this file only lays it out. On every
// change it dispatches `xeploai-change` (bubbles, composed) with the structured result.
import { load, loadDefault, compileRuleSet, defaultRuleSet, listRuleSets } from './xeploai.js';

const WORDS = {
  vi: {
    facts: 'Thông tin tự đánh giá', result: 'Kết quả', level: 'Mức xếp loại', score: 'Tổng điểm', parts: 'Điểm theo nhóm',
    decided: 'Căn cứ quyết định', reached: 'Điều kiện của mức đạt được', next: 'Điều kiện của mức cao hơn',
    missingNext: 'Còn thiếu để đạt', missingFacts: 'Cần nhập', assumption: 'GIẢ ĐỊNH', confirmed: 'có căn cứ',
    met: 'đạt', unmet: 'chưa đạt', unknown: 'chưa rõ', yes: 'Có', no: 'Không', choose: '— chọn —',
    prefilled: 'do cổng thông tin điền sẵn', incomplete: 'Chưa đủ dữ liệu', not_classified: 'Không xếp loại',
    referred: 'Chờ cấp có thẩm quyền xem xét, quyết định', invalid: 'Số liệu mâu thuẫn',
    otherwise: 'Nếu không có tình tiết, theo điểm và điều kiện', contradictions: 'Cần sửa',
    unneeded: 'Chưa nhập nhưng không ảnh hưởng kết quả',
    failed: 'Không tính được', loading: 'Đang tải…', range: 'Khoảng', default: 'Mặc định', blockers: 'Trường hợp cản trở',
    loadFailed: 'Không tải được bộ quy tắc', formFailed: 'Không hiển thị được biểu mẫu', need: 'cần',
    fromList: 'tính từ danh sách kê khai',
  },
  en: {
    facts: 'Self-assessment', result: 'Result', level: 'Level', score: 'Total score', parts: 'Points by group',
    decided: 'What decided', reached: 'Conditions of the level reached', next: 'Conditions of the next level up',
    missingNext: 'Missing for', missingFacts: 'To fill in', assumption: 'ASSUMPTION', confirmed: 'confirmed',
    met: 'met', unmet: 'not met', unknown: 'unknown', yes: 'Yes', no: 'No', choose: '— choose —',
    prefilled: 'filled in by the portal', incomplete: 'Not enough data', not_classified: 'Not classified',
    referred: 'For the competent level to decide', invalid: 'Contradictory data',
    otherwise: 'Without the claim, by score and conditions', contradictions: 'To correct',
    unneeded: 'Not filled in, but the result does not depend on them',
    failed: 'Could not be computed', loading: 'Loading…', range: 'Range', default: 'Default', blockers: 'Blocking cases',
    loadFailed: 'The rule set could not be loaded', formFailed: 'The form could not be shown', need: 'needs',
    fromList: 'computed from the declared list',
  },
};

const OPS = { '>=': '≥', '<=': '≤', '!=': '≠', '==': '=' };

const CSS = `
:host { all: initial !important; display: block !important; contain: content;
  font: 15px/1.45 var(--xeploai-font, system-ui, "Segoe UI", Roboto, Arial, sans-serif) !important;
  color: var(--xeploai-text, #1d1d1f) !important; }
:host([hidden]) { display: none !important; }
*, *::before, *::after { box-sizing: border-box; font: inherit; color: inherit; margin: 0; padding: 0;
  letter-spacing: normal; text-transform: none; text-align: left; float: none; }
.card { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
  background: var(--xeploai-bg, #fff); border: 1px solid var(--xeploai-border, #d0d4da);
  border-radius: var(--xeploai-radius, 8px); padding: 16px; }
section { display: block; min-width: 0; }
h2 { font-size: 17px; font-weight: 600; margin-bottom: 8px; color: var(--xeploai-accent, #a4161a); }
h3 { font-size: 15px; font-weight: 600; margin: 12px 0 4px; }
fieldset { border: 0; display: block; }
legend { font-weight: 600; margin: 8px 0 4px; }
.field { display: block; margin-bottom: 10px; }
label { display: block; font-weight: 500; }
input, select { display: block; width: 100%; padding: 6px 8px; margin-top: 2px; background: #fff; color: #1d1d1f;
  border: 1px solid var(--xeploai-border, #b8bec6); border-radius: calc(var(--xeploai-radius, 8px) / 2); }
input:focus, select:focus { outline: 2px solid var(--xeploai-accent, #a4161a); outline-offset: 1px; }
input[readonly], select:disabled { background: #f2f3f5; color: #555; }
.help, .meta { display: block; font-size: 13px; color: var(--xeploai-muted, #5f6670); }
.error { display: block; font-size: 13px; color: #b00020; font-weight: 500; }
.level { display: block; font-size: 20px; font-weight: 700; color: var(--xeploai-accent, #a4161a); }
ul { list-style: none; }
li { display: block; margin: 4px 0; padding-left: 18px; position: relative; }
li::before { content: "•"; position: absolute; left: 4px; }
li.met::before { content: "✓"; color: #1b7f3b; }
li.unmet::before { content: "✗"; color: #b00020; }
.tag { display: inline-block; font-size: 11px; font-weight: 700; padding: 0 4px; margin-left: 4px;
  border-radius: 3px; background: #fff1c2; color: #6b4e00; }
.source { display: block; font-size: 12px; color: var(--xeploai-muted, #5f6670); }
`;

let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// Compiled rule sets, shared by every element on the page (they are read-only): id or URL → Promise<RuleSet>.
const ruleSets = new Map();
function ruleSetFor(id, url) {
  const key = url || id;
  if (!ruleSets.has(key)) {
    // The default rule set needs only the smaller module; any other one is compiled by the API's module.
    ruleSets.set(key, loadDefault().then(async () => {
      const bundled = listRuleSets().find((entry) => entry.id === id && entry.bundled);
      if (bundled && !url) return defaultRuleSet();
      await load();
      const response = await fetch(url || `rules/${id}.toml`);
      if (!response.ok) throw new Error(`${response.status} ${response.url}`);
      return compileRuleSet(await response.text(), { name: url || `rules/${id}.toml` });
    }));
  }
  return ruleSets.get(key);
}

// A tiny element builder: el('li', {class: 'met'}, 'text', child…). No innerHTML, so no markup is ever parsed.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function pick(text, lang) {
  if (!text) return '';
  return (lang === 'en' && text.en) || text.vi;
}

function show(value, lang, style) {
  if (value === null || value === undefined) return '—';
  const number = style === 'percent' ? value * 100 : value;
  const text = number.toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 2 });
  return style === 'percent' ? `${text}%` : text;
}

// The allowed range as people read it: "0–30", "≥ 1", "≤ 12"; nothing for "≥ 0".
function rangeText(fact, lang) {
  const has = (v) => v !== undefined && v !== null;
  if (has(fact.min) && has(fact.max)) return `${show(fact.min, lang, fact.type)}–${show(fact.max, lang, fact.type)}`;
  if (has(fact.min) && fact.min !== 0) return `≥ ${show(fact.min, lang, fact.type)}`;
  if (has(fact.max)) return `≤ ${show(fact.max, lang, fact.type)}`;
  return '';
}

let counter = 0;

export class XeploaiCalculator extends HTMLElement {
  static observedAttributes = ['rule-set', 'rules-url', 'subject', 'lang', 'facts', 'readonly', 'target'];

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    this._root.adoptedStyleSheets = [stylesheet()];
    this._uid = `x${++counter}`;
    this._typed = {};
    this._rules = null;
    this._result = null;
    this._generation = 0;
    this._lists = null;
  }

  connectedCallback() {
    this._schedule();
  }

  attributeChangedCallback(name, previous, next) {
    if (previous === next) return;
    // Another rule set or subject kind asks for other facts: what was typed for the old one no longer applies.
    if (name === 'rule-set' || name === 'rules-url' || name === 'subject') this._typed = {};
    this._schedule();
  }

  get lang() {
    return this.getAttribute('lang') === 'en' ? 'en' : 'vi';
  }

  get subject() {
    return this.getAttribute('subject') || 'member';
  }

  /** The last result (as in the `xeploai-change` event's detail), or null before the first. */
  get result() {
    return this._result;
  }

  /** Lists declared item by item that the portal passes in (`{ tasks: [{ name, status, exceeded }, …] }`): the
   *  facts they feed are computed from them (shown read-only), the reasons name the deciding items. */
  get lists() {
    return this._lists;
  }

  set lists(value) {
    this._lists = value && typeof value === 'object' ? value : null;
    this._schedule();
  }

  /** Facts the portal filled in (read-only in the form). */
  get prefilled() {
    try {
      const facts = JSON.parse(this.getAttribute('facts') || '{}');
      return facts && typeof facts === 'object' ? facts : {};
    } catch {
      return {};
    }
  }

  // Attribute changes arrive one by one; render once after the last.
  _schedule() {
    if (this._pending || !this.isConnected) return;
    this._pending = true;
    queueMicrotask(() => {
      this._pending = false;
      this._render();
    });
  }

  async _render() {
    const generation = ++this._generation;
    const words = WORDS[this.lang];
    if (!this._rules) this._root.replaceChildren(el('div', { class: 'card', part: 'card' }, words.loading));
    let rules;
    try {
      rules = await ruleSetFor(this.getAttribute('rule-set') || 'qd366-2025', this.getAttribute('rules-url'));
    } catch (error) {
      if (generation !== this._generation) return;
      this._root.replaceChildren(el('div', { class: 'card', part: 'card', role: 'alert' }, `${words.loadFailed}: ${error.message}`));
      return;
    }
    if (generation !== this._generation) return;
    // An attribute the rule set does not know (an unknown `subject`, a bad `target`) is said in the element, never
    // left on "loading"; the next attribute change renders again.
    try {
      this._rules = rules;
      this._facts = rules.facts(this.subject).filter((fact) => fact.used);
      this._fields = new Map();
      const form = this._form(words);
      this._output = el('section', { 'aria-live': 'polite', 'aria-label': words.result });
      this._root.replaceChildren(el('div', { class: 'card', part: 'card' }, form, this._output));
      this._evaluate();
    } catch (error) {
      this._rules = null;
      this._fields = new Map();
      const message = error.messages ? pick(error.messages, this.lang) : error.message;
      const code = error.code ? ` [${error.code}]` : '';
      this._root.replaceChildren(el('div', { class: 'card', part: 'card', role: 'alert', 'data-error': error.code || 'error' },
        `${words.formFailed}: ${message}${code}`));
    }
  }

  _form(words) {
    const lang = this.lang;
    const prefilled = this.prefilled;
    const readonly = this.hasAttribute('readonly');
    const groups = new Map();
    for (const fact of this._facts) {
      const group = fact.group || '';
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(fact);
    }
    const section = el('section', {}, el('h2', {}, words.facts));
    for (const facts of groups.values()) {
      const fieldset = el('fieldset');
      for (const fact of facts) fieldset.append(this._field(fact, prefilled, readonly, words, lang));
      section.append(fieldset);
    }
    return section;
  }

  _field(fact, prefilled, readonly, words, lang) {
    const id = `${this._uid}-${fact.id}`;
    const fixed = Object.hasOwn(prefilled, fact.id);
    const value = fixed ? String(prefilled[fact.id]) : (this._typed[fact.id] ?? '');
    const locked = fixed || readonly;
    let input;
    if (fact.type === 'bool' || fact.type === 'choice') {
      const options = fact.type === 'bool'
        ? [['true', words.yes], ['false', words.no]]
        : fact.choices.map((choice) => [choice.id, pick(choice.name, lang)]);
      input = el('select', { id, name: fact.id, disabled: locked },
        el('option', { value: '' }, fact.default === undefined ? words.choose
          : `${words.default}: ${fact.type === 'bool' ? (fact.default ? words.yes : words.no) : pick(fact.choices[fact.default]?.name, lang)}`),
        options.map(([v, text]) => el('option', { value: v }, text)));
      const wanted = fact.type === 'bool' && ['có', 'co', 'yes', '1'].includes(value.toLowerCase()) ? 'true' : value;
      input.value = options.some(([v]) => v === wanted) ? wanted : '';
    } else {
      input = el('input', {
        id, name: fact.id, type: 'text', value,
        inputmode: fact.type === 'integer' ? 'numeric' : 'decimal', readonly: locked, autocomplete: 'off',
      });
    }
    input.dataset.fact = fact.id;
    input.setAttribute('part', 'input');
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
      this._typed[fact.id] = input.value;
      this._evaluate();
    });
    const error = el('span', { class: 'error', id: `${id}-error`, role: 'alert' });
    input.setAttribute('aria-describedby', `${id}-error ${id}-help`);
    const range = rangeText(fact, lang);
    const unit = pick(fact.unit, lang);
    const meta = [range && `${words.range}: ${range}${unit ? ` ${unit}` : ''}`, fixed && words.prefilled].filter(Boolean).join(' · ');
    this._fields.set(fact.id, { input, error });
    return el('div', { class: 'field', 'data-fact': fact.id },
      el('label', { for: id }, pick(fact.name, lang)),
      input,
      el('span', { class: 'help', id: `${id}-help` }, pick(fact.help, lang)),
      meta && el('span', { class: 'meta' }, meta),
      error);
  }

  _values() {
    const values = {};
    for (const [fact, { input }] of this._fields) {
      if (input.value !== '') values[fact] = input.value;
    }
    return values;
  }

  _evaluate() {
    const facts = this._values();
    const target = this.getAttribute('target') || undefined;
    const lists = this._lists ?? undefined;
    const result = this._rules.classify(this.subject, facts, { target, lists });
    // A fact a given list computes is not typed: its field shows that, read-only.
    const fed = new Set((result.explanation.lists ?? []).flatMap((list) => list.facts));
    for (const [fact, { input, error }] of this._fields) {
      error.textContent = pick(result.errors[fact]?.message, this.lang);
      if (fed.has(fact)) {
        input.disabled = true;
        input.title = WORDS[this.lang].fromList;
      }
    }
    this._result = { ruleSet: this._rules.id, subject: this.subject, facts, ...(lists ? { lists } : {}), ...result };
    this._show(result.explanation);
    this.dispatchEvent(new CustomEvent('xeploai-change', { bubbles: true, composed: true, detail: this._result }));
  }

  _finding(finding, words, lang) {
    const state = finding.met === true ? 'met' : finding.met === false ? 'unmet' : 'unknown';
    const observed = finding.comparisons.map((c) =>
      `${c.observedChoice ?? show(c.observed, lang, c.style)}, ${words.need} ${OPS[c.op] || c.op} ${c.requiredChoice ?? show(c.required, lang, c.style)}`);
    // From a list: the items that decided ("nhiệm vụ 7 «Báo cáo quý»: Hoàn thành nhưng chưa bảo đảm tiến độ").
    const items = (finding.items ?? []).map((item) =>
      `${pick(item.item, lang)} ${item.index}${item.name ? ` «${item.name}»` : ''}${item.details.length ? `: ${item.details.map((d) => pick(d.value, lang)).join(', ')}` : ''}`);
    return el('li', { class: state, 'data-rule': finding.rule },
      pick(finding.name, lang), ` — ${words[state]}`, observed.length ? ` (${observed.join('; ')})` : '',
      items.length ? el('span', { class: 'items' }, ` — ${items.join('; ')}`) : '',
      this._source(finding.source, words, lang));
  }

  _source(source, words, lang) {
    if (!source) return null;
    const cite = [source.at, pick(source.documentTitle, lang)].filter(Boolean).join(', ');
    return el('span', { class: 'source' }, cite,
      source.status === 'assumption'
        ? [el('span', { class: 'tag', title: pick(source.reason, lang) }, words.assumption), ' ', pick(source.reason, lang)]
        : '');
  }

  _show(explanation) {
    const lang = this.lang;
    const words = WORDS[lang];
    const info = this._rules.info;
    const levelName = explanation.levelName ? pick(explanation.levelName, lang) : words[explanation.status];
    const out = [el('h2', {}, words.result),
      el('span', { class: 'level', part: 'level', 'data-level': explanation.level || explanation.status }, levelName)];
    const score = explanation.score;
    if (score) {
      out.push(el('p', { class: 'score' }, `${words.score}: ${show(score.total, lang)} / ${show(score.max, lang)}`));
      out.push(el('ul', { class: 'parts', 'aria-label': words.parts },
        score.parts.map((p) => el('li', {}, `${pick(p.name, lang)}: ${show(p.value, lang)}${p.max !== undefined ? ` / ${show(p.max, lang)}` : ''}`))));
    }
    out.push(el('h3', {}, words.decided),
      el('p', { class: 'decided' }, pick(explanation.decidedBy.summary, lang), this._source(explanation.decidedBy.source, words, lang)));
    const factNames = (ids) => ids.map((id) => pick(this._facts.find((f) => f.id === id)?.name, lang) || id);
    const referral = explanation.referral;
    if (referral) {
      const level = info.levels.find((l) => l.id === referral.otherwise);
      out.push(el('p', { class: 'referral', part: 'referral' }, `${words.otherwise}: ${level ? `${pick(level.name, lang)} (${level.short})` : '—'}`));
    }
    for (const c of explanation.contradictions || []) {
      out.push(el('p', { class: 'contradiction', part: 'contradiction', role: 'alert', 'data-check': c.check },
        `${pick(c.name, lang)} — ${words.contradictions}: ${factNames(c.facts).join(', ')}`));
    }
    const unneeded = explanation.missingUnneeded || [];
    if (unneeded.length) {
      out.push(el('h3', {}, words.unneeded), el('p', { class: 'missing unneeded' }, factNames(unneeded).join(', ')));
    } else if (explanation.missingFacts.length) {
      out.push(el('h3', {}, words.missingFacts), el('p', { class: 'missing' }, factNames(explanation.missingFacts).join(', ')));
    }
    const conditions = (level) => explanation.findings.filter((f) => f.stage === 'condition' && f.level === level);
    if (explanation.level) {
      out.push(el('h3', {}, words.reached), el('ul', { class: 'reached' }, conditions(explanation.level).map((f) => this._finding(f, words, lang))));
    }
    const next = explanation.nextLevel;
    if (next) {
      out.push(el('h3', {}, `${words.next}: ${pick(next.levelName, lang)}`),
        el('ul', { class: 'next' }, conditions(next.level).map((f) => this._finding(f, words, lang))));
      if (next.unmet.length || next.blockers.length) {
        out.push(el('h3', {}, `${words.missingNext} ${pick(next.levelName, lang)}`),
          el('ul', { class: 'gap' }, [...next.unmet, ...next.blockers].map((f) => this._finding(f, words, lang))));
      }
    }
    out.push(el('p', { class: 'meta' }, pick(info.name, lang)));
    this._output.replaceChildren(...out);
  }
}

if (!customElements.get('xeploai-calculator')) customElements.define('xeploai-calculator', XeploaiCalculator);
