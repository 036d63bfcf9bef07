/**
 * Message templates: `{{name}}` placeholders, at the type level (so `report()` can demand exactly the
 * data a message needs) and at run time (rendering, and the checks the runner and RuleTester make).
 */

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/** Placeholder names of a template literal type: `'{{a}} and {{ b }}'` → `'a' | 'b'`. */
export type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}`
  ? Trim<P> | Placeholders<Rest>
  : never;

/** Data values: numbers are accepted for convenience and stored as strings. */
export type DataValue = string | number;

/**
 * The `data` a message needs. A template only known as `string` (not a literal) gets a loose record;
 * a template without placeholders takes no data.
 */
export type MessageData<S extends string> = string extends S
  ? { data?: Readonly<Record<string, DataValue>> }
  : [Placeholders<S>] extends [never]
    ? { data?: Readonly<Record<string, never>> }
    : { data: { readonly [P in Placeholders<S>]: DataValue } };

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
/** A placeholder name: what ESLint accepts minus the oddities (no dots, no dashes). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Placeholder names in order of first use. Throws on `{{ }}` or names that are not identifiers. */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const name = (m[1] ?? '').trim();
    if (!NAME.test(name)) throw new Error(`invalid placeholder {{${m[1]}}} in message ${JSON.stringify(template)}`);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export interface Rendered {
  text: string;
  /** Placeholders that had no value in `data` (a rule bug). */
  missing: string[];
}

/**
 * Fills `{{name}}` from `data`. Values come from user input, so line breaks are folded into single
 * spaces: a finding's message is one line (text format, problem matchers).
 */
export function renderMessage(template: string, data: Readonly<Record<string, string>>): Rendered {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(data, name) ? data[name] : undefined;
    if (value === undefined) {
      missing.push(name);
      return whole;
    }
    return value.replace(/\s*[\r\n]+\s*/g, ' ');
  });
  return { text, missing };
}

/** Stringifies data values (numbers are allowed in `report()`). */
export function normalizeData(data: Readonly<Record<string, DataValue>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) out[k] = String(v);
  return out;
}

/** The first sentence of a message: up to the first `. ` (or the whole text). */
export function firstSentence(message: string): string {
  const end = message.search(/[.!?](\s|$)/);
  return end < 0 ? message : message.slice(0, end + 1);
}
