// TypeScript declarations of xeploai.js (the embed API) and of the <xeploai-calculator> element's event.
// Shapes are the engine's own serialization (camelCase); numbers are exact values rounded to 6 decimals.

/** A text in Vietnamese, optionally in English. */
export interface Text { vi: string; en?: string }

export type Severity = 'error' | 'warning';

export interface Location {
  file?: string;
  line?: number;
  column?: number;
  /** For tabular input: the row (1 = header). */
  row?: number;
  /** A path inside the document (`level[0].condition[1].expr`) or a column / key (`[2].task_points`). */
  path?: string;
}

export interface Diagnostic {
  /** Stable code, e.g. `expr-syntax`, `unknown-fact`, `not-a-number` (table in rules/README.md). */
  code: string;
  severity: Severity;
  message: Text;
  location: Location;
}

/** Thrown when rule-set text has an error, or an argument cannot be used (unknown subject kind, level, bad JSON). */
export class XeploaiError extends Error {
  readonly name: 'XeploaiError';
  /** The first error's code. */
  readonly code: string;
  readonly messages: Text;
  readonly line: number | null;
  readonly column: number | null;
  readonly path: string | null;
  /** Every diagnostic, errors first. */
  readonly diagnostics: Diagnostic[];
}

export interface CatalogEntry {
  id: string;
  name: Text;
  /** Its text is in the module; the others are files the portal serves (`rules/<id>.toml`). */
  bundled: boolean;
}

export type Status = 'confirmed' | 'assumption';

export interface Provenance {
  document: string;
  documentTitle: Text;
  /** "Điều 11 khoản 1". */
  at?: string;
  status: Status;
  /** Why the rule set makes this assumption. */
  reason?: Text;
  /** The overlay (a rule set that `extends` another) that changed or added this rule. */
  overlay?: { id: string; added: boolean };
}

export interface LevelInfo { id: string; short: string; name: Text; minScore?: number }

export interface SubjectKind { id: string; name: Text; description?: Text; collective: boolean; form?: string }

export interface DocumentInfo { id: string; title: Text; date?: string; url?: string }

export interface RuleSetInfo {
  id: string;
  name: Text;
  description?: Text;
  version: string;
  official: boolean;
  /** Best first. */
  levels: LevelInfo[];
  subjects: SubjectKind[];
  documents: DocumentInfo[];
  /** Lists a person can declare item by item (tasks, products); absent when the rule set has none. */
  lists?: ListDef[];
  scoreMax?: number;
  warnings: Diagnostic[];
}

export interface ListField {
  id: string;
  name: Text;
  help?: Text;
  type: 'text' | FactType;
  unit?: Text;
  min?: number;
  max?: number;
  default?: number;
  choices?: { id: string; name: Text; aliases?: string[] }[];
}

export interface ListDef { id: string; name: Text; item: Text; help?: Text; fields: ListField[]; source?: Provenance }

/** One item of a list: field id → value (numbers, booleans, or text as typed). */
export type ListItem = Record<string, string | number | boolean | null | undefined>;

/** A cell of a list item that was not used, with where it is (item from 1; 0 for the list as a whole). */
export interface ListProblem { list: string; item: number; field?: string; code: string; message: Text }

export type FactType = 'number' | 'integer' | 'percent' | 'bool' | 'choice';

export interface Fact {
  id: string;
  name: Text;
  help?: Text;
  origin:
    | { kind: 'input' }
    | { kind: 'rollup'; group: 'members' | 'subunits' | 'all_members'; count: 'total' | 'classified' | 'not_classified' | 'referred' | 'level' | 'at_least'; level?: number };
  type: FactType;
  unit?: Text;
  /** Percent facts hold fractions: 0.3 for 30%. */
  min?: number;
  max?: number;
  /** Without a default the fact is required. For a choice: the index of the default choice. */
  default?: number;
  choices?: { id: string; name: Text }[];
  group?: string;
  aliases?: string[];
  /** Some rule, derived fact or the score reads it (the element shows only these). */
  used: boolean;
}

/** A value as given: a number, a boolean, or text as typed ("89,5", "30%", "có", a choice's id or name). */
export type FactValue = number | boolean | string | null | undefined;
export type Facts = Record<string, FactValue>;

export interface Comparison {
  left: string;
  op: '>=' | '<=' | '>' | '<' | '==' | '!=';
  right: string;
  observed: number | null;
  required: number | null;
  style: 'plain' | 'percent';
  observedChoice?: string;
  requiredChoice?: string;
  met: boolean | null;
}

/** `check`: a consistency check between facts (met = it holds); `mitigation`: the claim of a disqualifier. */
export type Stage = 'derived' | 'not_classified' | 'disqualifier' | 'mitigation' | 'band' | 'condition' | 'cap' | 'check';

export interface Finding {
  stage: Stage;
  level?: string;
  rule: string;
  name: Text;
  expr: string;
  /** null when a fact it needs is empty. */
  met: boolean | null;
  comparisons: Comparison[];
  source?: Provenance;
  decisive: boolean;
  /** For a finding on facts computed from a list: the items that decided it (the late task, …). */
  items?: { list: string; index: number; item: Text; name?: string; details: { field: Text; value: Text }[] }[];
}

/**
 * `referred`: a disqualifier applies but mitigation is claimed, for the competent level to decide (no level);
 * `invalid`: the facts contradict each other (a consistency check fails; no level).
 */
export type ResultStatus = 'classified' | 'not_classified' | 'referred' | 'invalid' | 'incomplete' | 'failed';

export interface Decider {
  kind: 'reached' | 'below_bands' | 'fallback' | 'disqualifier' | 'cap' | 'not_classified' | 'referred' | 'contradiction' | 'missing_fact' | 'evaluation_error';
  rule?: string;
  summary: Text;
  source?: Provenance;
}

export interface Gap {
  level: string;
  levelName: Text;
  reached: boolean;
  /** Unmet (or unknown) band and conditions of the level. */
  unmet: Finding[];
  /** Cases that keep the subject below the level whatever else changes. */
  blockers: Finding[];
}

export interface Explanation {
  ruleSet: string;
  subject: string;
  status: ResultStatus;
  level?: string;
  levelName?: Text;
  decidedBy: Decider;
  score?: { total: number | null; max: number; parts: { fact: string; name: Text; value: number | null; max?: number }[] };
  findings: Finding[];
  nextLevel?: Gap;
  /** The registered level (đăng ký phấn đấu), when given. */
  target?: Gap;
  missingFacts: string[];
  /** Of those, the ones the result does not depend on (a case that certainly applies decided). */
  missingUnneeded?: string[];
  /** For `referred`: the case, the claim as written, and the level the score and conditions give otherwise. */
  referral?: { rule: string; name: Text; claim: string; otherwise?: string; otherwiseName?: Text };
  /** Every consistency check that fails, with the facts to correct (show the error beside those fields). */
  contradictions?: { check: string; name: Text; expr: string; facts: string[] }[];
  assumptions: { rule: string; name: Text; reason: Text | null; decisive: boolean }[];
  /** The lists used instead of typed counts, with the facts they computed. */
  lists?: { list: string; name: Text; item: Text; items: number; facts: string[] }[];
}

export interface FieldError { code: string; message: Text }

export interface Classification {
  /** The rule set and version that produced the result, and the review year the host gave (`options.reviewYear`). */
  ruleSet: string;
  ruleSetVersion: string;
  reviewYear: number | null;
  status: ResultStatus;
  level: string | null;
  score: number | null;
  /** Per fact id: why its value was not used (the others were). */
  errors: Record<string, FieldError>;
  /** Per list item and field: why a cell was not used (empty when no list was given or all were read). */
  listErrors: ListProblem[];
  explanation: Explanation;
}

/** `referred` and `invalid` subjects are in no level (not in `levels`, not classified), counted apart. */
export interface Distribution { total: number; levels: number[]; notClassified: number; referred: number; invalid: number; incomplete: number; failed: number }

export interface SubjectResult {
  id: string;
  name?: string;
  subject: string;
  org?: string;
  status: ResultStatus;
  /** The level by the criteria. */
  level?: string;
  /** The level after the quota proposal. */
  proposed?: string;
  /** Members, on a basis other than `computed`: the level counted (the decision, else the cell's proposal, else `proposed`). */
  counted?: string;
  /** For `referred`: the level the score and conditions give otherwise. */
  otherwise?: string;
  score?: number;
  decidedBy: Decider;
  nextLevel?: Gap;
  target?: Gap;
}

export interface TargetResult {
  id: string;
  name: Text;
  status: 'pass' | 'fail' | 'pending' | 'no_data';
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  min: number | null;
  max: number | null;
  percent: boolean;
  margins: { units: number; text: Text }[];
  summary: Text;
  reported?: { reported: string; computed: number; matches: boolean; text: Text };
  /** Share targets: subjects referred to the competent level, in no level (only an `of = "all"` whole counts them). */
  referred?: number;
}

/** What a roster is counted on: the computed levels (the default), the cell's proposals, or the competent level's
 *  decisions (each member without one at the step before), as `xeploai unit --basis` and the app's unit mode. */
export type Basis = 'computed' | 'proposed' | 'decided';

export interface RosterResult {
  /** The rule set and version that produced the result, and the review year the host gave (`options.reviewYear`). */
  ruleSet: string;
  ruleSetVersion: string;
  reviewYear: number | null;
  members: SubjectResult[];
  organizations: SubjectResult[];
  /** Counts by level index (the order of `info.levels`), after the quota proposal. */
  memberDistribution: Distribution;
  memberDistributionByCriteria: Distribution;
  orgDistribution: Distribution;
  baseOrgDistribution: Distribution;
  quotas: {
    quota: string; scope: string; scopeId: string; counts: { candidates: number; good: number };
    cap: number; excess: number; capAfter: number; lookFirst: string[]; organizations: boolean;
  }[];
  /** The levels the distributions, the quota and the roll-up count; `fallbacks`: members counted at an earlier step for want of a declared level. */
  basis: { id: Basis; name: Text; fallbacks: number };
  targets?: TargetResult[];
  /** Cells that could not be read (the rest of each row is kept), structure problems, target warnings. */
  diagnostics: Diagnostic[];
}

/** A member or organization of a roster: facts at the top level or under `facts`. */
export interface RosterRow {
  id: string;
  name?: string;
  subject?: string;
  /** Members: their organization. */
  org?: string;
  /** Organizations: their parent. */
  parent?: string;
  /** Organizations: a base organization (tổ chức cơ sở đảng). */
  base?: boolean;
  taskGroup?: string;
  /** The registered level (đăng ký phấn đấu). */
  target?: string;
  /** Members: the levels declared (self-proposed, the cell's proposal, the competent level's decision), as level ids or names. */
  selfLevel?: string;
  proposal?: string;
  decision?: string;
  facts?: Facts;
  [fact: string]: FactValue | Facts;
}

export class RuleSet {
  readonly id: string;
  readonly info: RuleSetInfo;
  facts(subject: string): Fact[];
  classify(
    subject: string,
    facts?: Facts,
    options?: { target?: string; reviewYear?: number; lists?: Record<string, ListItem[]> },
  ): Classification;
  classifyRoster(
    members: RosterRow[],
    options?: { organizations?: RosterRow[]; subject?: string; targets?: string; reviewYear?: number; basis?: Basis },
  ): Promise<RosterResult>;
  /** A target file's text against figures typed in (TOML, the figures format of rules/README.md). */
  checkTargets(targets: string, figures: string): Promise<{ targets: TargetResult[]; diagnostics: Diagnostic[] }>;
  free(): void;
}

export interface Api {
  listRuleSets(): CatalogEntry[];
  defaultRuleSet(): RuleSet;
  compileRuleSet(text: string, options?: { name?: string; lang?: 'vi' | 'en' }): RuleSet;
  RuleSet: typeof RuleSet;
  XeploaiError: typeof XeploaiError;
}

/** Load the WebAssembly module (once). `lang` is the language of error messages; `wasmUrl` overrides its URL. */
export function load(options?: { lang?: 'vi' | 'en'; wasmUrl?: string | URL }): Promise<Api>;
export default load;
/** Load only what the default rule set needs: a smaller module without the TOML reader and compiler (what the
 *  element starts with). `listRuleSets` and `defaultRuleSet` work after it; `compileRuleSet` needs `load()`. */
export function loadDefault(options?: { lang?: 'vi' | 'en'; wasmUrl?: string | URL }): Promise<Api>;
export function listRuleSets(): CatalogEntry[];
export function defaultRuleSet(): RuleSet;
export function compileRuleSet(text: string, options?: { name?: string; lang?: 'vi' | 'en' }): RuleSet;

/** The detail of the `xeploai-change` event of <xeploai-calculator> (also its `result` property). */
export interface CalculatorResult extends Classification {
  ruleSet: string;
  subject: string;
  /** The values in the form, as text. */
  facts: Record<string, string>;
  /** The lists the portal passed in (`element.lists`), when it did. */
  lists?: Record<string, ListItem[]>;
}

declare global {
  interface HTMLElementEventMap { 'xeploai-change': CustomEvent<CalculatorResult> }
}
