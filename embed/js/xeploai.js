// xeploai for other people's pages: a typed JavaScript API over the engine's WebAssembly module.
//
// Everything is computed in the browser from static files served beside this one (xeploai_embed.js and its .wasm;
// xeploai_embed_full.js and its .wasm, fetched only when a roster or targets are first checked;
// xeploai_embed_lite.js and its .wasm, the element's module: the default rule set without the TOML reader and
// compiler). This file holds no rules: it converts plain objects to and from the JSON the module speaks and turns
// failures into XeploaiError.

/** A rule set, a fact value or an argument the engine could not use: the first error's code, message and place. */
export class XeploaiError extends Error {
  constructor(diagnostics, lang = 'vi') {
    const first = diagnostics[0] || { code: 'unknown', message: { vi: 'lỗi không rõ', en: 'unknown error' }, location: {} };
    const text = first.message[lang] || first.message.vi;
    const where = first.location || {};
    super(where.line ? `${first.code} (${where.line}:${where.column || 1}): ${text}` : `${first.code}: ${text}`);
    this.name = 'XeploaiError';
    this.code = first.code;
    this.messages = first.message;
    this.line = where.line ?? null;
    this.column = where.column ?? null;
    this.path = where.path ?? null;
    this.diagnostics = diagnostics;
  }
}

let language = 'vi';
let ready = null;
let readyLite = null;
let fullModule = null;
// The module in use: the API's (`load`), or until then the element's smaller one (`loadDefault`).
let core = null;
let lite = null;
const wasm = () => core ?? lite;

function start(module, url) {
  return module.default(url ? { module_or_path: url } : undefined).then(() => module);
}

/** Load the WebAssembly module once (later calls return the same promise). `lang` is the language of errors. */
export function load(options = {}) {
  if (options.lang) language = options.lang;
  ready ??= import('./xeploai_embed.js').then((module) => start(module, options.wasmUrl)).then((module) => {
    core = module;
    return api;
  });
  return ready;
}

/** Load only what the default rule set needs (a smaller module without the TOML reader and compiler, what the
 *  element starts with): `listRuleSets` and `defaultRuleSet` work after it; `compileRuleSet` needs `load()`. */
export function loadDefault(options = {}) {
  if (options.lang) language = options.lang;
  readyLite ??= import('./xeploai_embed_lite.js').then((module) => start(module, options.wasmUrl)).then((module) => {
    lite = module;
    return api;
  });
  return readyLite;
}

// A call into the module: its failures arrive as JSON text of diagnostics.
function call(f) {
  try {
    return JSON.parse(f());
  } catch (error) {
    if (typeof error === 'string') throw new XeploaiError(JSON.parse(error), language);
    throw error;
  }
}

// Facts as the engine reads them: ids and every value as text ("89.5", "true", "khien_trach"); empty ones left out.
function factText(facts = {}) {
  const given = Object.entries(facts).filter(([, value]) => value !== null && value !== undefined && value !== '');
  return [given.map(([id]) => id), given.map(([, value]) => String(value))];
}

// Lists declared item by item ({ tasks: [{ name, status, exceeded }, …] }) as flat cells: the ids of the lists given
// (even empty), then per cell its list, its item (from 0), its field and its text; empty cells left out.
function listCells(lists = {}) {
  const given = [], cellLists = [], items = [], fields = [], cells = [];
  for (const [list, entries] of Object.entries(lists || {})) {
    given.push(list);
    (entries || []).forEach((entry, item) => {
      for (const [field, value] of Object.entries(entry || {})) {
        if (value === null || value === undefined || value === '') continue;
        cellLists.push(list);
        items.push(item);
        fields.push(field);
        cells.push(String(value));
      }
    });
  }
  return [given, cellLists, Uint32Array.from(items), fields, cells];
}

// The roster, targets and figures code is a second, larger module, loaded on first use.
function full() {
  fullModule ??= import('./xeploai_embed_full.js').then(async (module) => {
    await module.default();
    return module;
  });
  return fullModule;
}

/** A compiled rule set. */
export class RuleSet {
  constructor(rules, text, name) {
    this._rules = rules;
    this._text = text;
    this._name = name;
    this._full = null;
    /** Id, name, version, levels (best first), subject kinds, documents, maximum score, warnings. */
    this.info = call(() => rules.info());
    this.id = this.info.id;
  }

  /** The facts a subject kind is assessed on (typed in, or counts of an organization's members and sub-units). */
  facts(subject) {
    return call(() => this._rules.facts(subject));
  }

  /** One subject: `facts` maps fact ids to values (numbers, booleans, or text as typed: "89,5", "30%", "có");
   *  `options.lists` maps a list id to its items (field id → value), computing the facts the list feeds. */
  classify(subject, facts = {}, options = {}) {
    const [ids, values] = factText(facts);
    const lists = listCells(options.lists);
    const { ruleSet, ruleSetVersion, errors, listErrors, explanation } = call(() => this._rules.evaluate(subject, ids, values, options.target ?? undefined, ...lists));
    return {
      ruleSet,
      ruleSetVersion,
      reviewYear: options.reviewYear ?? null,
      status: explanation.status,
      level: explanation.level ?? null,
      score: explanation.score?.total ?? null,
      errors,
      listErrors: listErrors ?? [],
      explanation,
    };
  }

  async _fullRules() {
    const module = await full();
    this._full ??= this._text === null ? module.Rules.bundled() : compile(module.Rules, this._text, this._name, language);
    return this._full;
  }

  /** A whole roster: members (and organizations) as plain objects; levels, quota, roll-up and optional targets,
   *  counted on `options.basis` (`computed`, the default; `proposed`; `decided`). */
  async classifyRoster(members, options = {}) {
    const rules = await this._fullRules();
    const targets = options.targets ?? undefined;
    const basis = options.basis ?? undefined;
    const result = call(() => rules.roster(JSON.stringify(members), JSON.stringify(options.organizations || []), options.subject || 'member', targets, basis));
    return { ...result, reviewYear: options.reviewYear ?? null };
  }

  /** A target file's text against figures typed in (TOML text, the format of rules/README.md). */
  async checkTargets(targets, figures) {
    const rules = await this._fullRules();
    return call(() => rules.targets(targets, figures));
  }

  /** Release the module's memory for this rule set. */
  free() {
    this._rules.free();
    this._full?.free();
  }
}

/** The bundled rule sets, the default first; `bundled` ones need no text, the others are files to fetch. */
export function listRuleSets() {
  return call(() => wasm().catalog());
}

/** The default rule set, bundled in the module. */
export function defaultRuleSet() {
  return new RuleSet(wasm().Rules.bundled(), null, null);
}

/** Compile rule-set text; throws XeploaiError (code, line, column, diagnostics) when it has an error. */
export function compileRuleSet(text, options = {}) {
  const name = options.name || 'rules.toml';
  if (!core) throw new Error('compileRuleSet: call load() first');
  return new RuleSet(compile(core.Rules, text, name, options.lang || language), text, name);
}

function compile(rulesClass, text, name, lang) {
  try {
    return rulesClass.compile(text, name);
  } catch (error) {
    if (typeof error === 'string') throw new XeploaiError(JSON.parse(error), lang);
    throw error;
  }
}

const api = { listRuleSets, defaultRuleSet, compileRuleSet, RuleSet, XeploaiError };
export default load;
