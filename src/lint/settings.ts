/**
 * config.rules → each rule's level and options. Every problem (unknown rule id, invalid options, also
 * of rules turned off) is collected and raised as one ConfigError before any rule runs.
 */
import { ConfigError, locate, type ConfigProblem } from '../config/error.js';
import type { NetreachConfig, RuleSetting } from '../config/schema.js';
import type { Level } from '../core/finding.js';
import type { AnyRule } from './define-rule.js';
import { resolveOptions } from './options.js';

export interface ConfiguredRule {
  rule: AnyRule;
  level: Level;
  /** Validated, merged over meta.defaultOptions, deep-frozen. */
  options: Readonly<Record<string, unknown>>;
}

/** The enabled rules in the order given, with their effective level and options. */
export function configureRules(rules: readonly AnyRule[], config: Pick<NetreachConfig, 'rules' | 'source'>): ConfiguredRule[] {
  const problems: ConfigProblem[] = [];
  const known = new Set<string>(rules.map((r) => r.id));
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id)) {
      problems.push({ message: `unknown rule ${JSON.stringify(id)} (netreach rules lists them)`, at: locate(config.source, ['rules', id], true) });
    }
  }
  const configured: ConfiguredRule[] = [];
  for (const rule of rules) {
    const setting: RuleSetting | undefined = config.rules[rule.id];
    const level = typeof setting === 'string' ? setting : (setting?.level ?? rule.meta.severity);
    const raw = typeof setting === 'object' ? setting.options : undefined;
    try {
      const options = resolveOptions(rule, raw, { source: config.source, path: ['rules', rule.id, 'options'] });
      if (level !== 'off') configured.push({ rule, level, options });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return configured;
}
