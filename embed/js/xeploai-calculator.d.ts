// TypeScript declarations of xeploai-calculator.js: the <xeploai-calculator> element, its attributes, its
// properties and its event. Type-checked with the kit's example (tests/e2e/types.test.mjs).
import type { CalculatorResult, ListItem } from './xeploai.js';

export type { CalculatorResult };

/** The element's attributes (its `observedAttributes`): changing one re-renders the element. */
export type CalculatorAttribute = 'rule-set' | 'rules-url' | 'subject' | 'lang' | 'facts' | 'readonly' | 'target';

/** What each attribute holds, as text (attributes are strings; `readonly` counts by being present). */
export interface CalculatorAttributes {
  /** A rule set id (default `qd366-2025`, bundled); another id is fetched from `rules/<id>.toml`. */
  'rule-set'?: string;
  /** Fetch the rule set's text from this URL instead. */
  'rules-url'?: string;
  /** The subject kind: `member` (default), `leader`, `outside`, `collective` (the rule set's ids). */
  subject?: string;
  /** `vi` (default) or `en`. */
  lang?: 'vi' | 'en';
  /** JSON of facts the portal already knows: shown filled in and read-only. */
  facts?: string;
  /** Present: the whole form is read-only. */
  readonly?: '' | 'readonly';
  /** The level registered for (đăng ký phấn đấu): the result shows what is missing for it. */
  target?: string;
}

export class XeploaiCalculator extends HTMLElement {
  static readonly observedAttributes: CalculatorAttribute[];
  /** The subject kind in use (`subject`, or `member`). */
  readonly subject: string;
  /** The last result (as in the `xeploai-change` event's detail), or null before the first. */
  readonly result: CalculatorResult | null;
  /** Facts the portal filled in through the `facts` attribute (read-only in the form). */
  readonly prefilled: Record<string, unknown>;
  /** Lists declared item by item (`{ tasks: [{ name, status, exceeded }, …] }`), or null: the facts they feed are
   *  computed from them and shown read-only; the result's reasons name the deciding items. */
  lists: Record<string, ListItem[]> | null;
  getAttribute(name: CalculatorAttribute): string | null;
  getAttribute(name: string): string | null;
  setAttribute<K extends CalculatorAttribute>(name: K, value: NonNullable<CalculatorAttributes[K]>): void;
  /** Any other attribute (`id`, `class`, `data-…`); the element's own take only their declared values. */
  setAttribute<N extends string>(name: N extends CalculatorAttribute ? never : N, value: string): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: XeploaiCalculator, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap { 'xeploai-calculator': XeploaiCalculator }
  interface HTMLElementEventMap { 'xeploai-change': CustomEvent<CalculatorResult> }
}
