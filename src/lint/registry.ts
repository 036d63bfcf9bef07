/** The set of known rules: lookup by id, ids unique and well-formed, iteration sorted by id. */
import { compareStrings, InternalError } from '../core/source.js';
import { RULE_ID, type AnyRule } from './define-rule.js';

export class RuleRegistry {
  readonly #byId = new Map<string, AnyRule>();
  /** Every rule, sorted by id. */
  readonly rules: readonly AnyRule[];

  constructor(rules: Iterable<AnyRule>) {
    for (const rule of rules) {
      if (!RULE_ID.test(rule.id)) throw new InternalError(`rule id ${JSON.stringify(rule.id)} is not <group>/<kebab-case>`);
      if (this.#byId.has(rule.id)) throw new InternalError(`rule id ${rule.id} is registered twice`);
      this.#byId.set(rule.id, rule);
    }
    this.rules = Object.freeze([...this.#byId.values()].sort((a, b) => compareStrings(a.id, b.id)));
  }

  get(id: string): AnyRule | undefined {
    return this.#byId.get(id);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get ids(): string[] {
    return this.rules.map((r) => r.id);
  }
}
