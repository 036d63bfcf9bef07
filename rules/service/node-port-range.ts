/**
 * The `range` option of service/invalid-node-port: kube-apiserver's `--service-node-port-range`
 * written as `min-max`. The option schema can only say "string", so the format is checked here, when
 * the rule is created, before any Service is visited.
 */
import { ConfigError } from '../../src/config/error.js';

export interface NodePortRange {
  min: number;
  max: number;
}

const RANGE = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/;

/** `30000-32767` → {min: 30000, max: 32767}; a ConfigError naming the rule for anything else. */
export function nodePortRange(ruleId: string, text: string): NodePortRange {
  const m = RANGE.exec(text);
  const min = m ? Number(m[1]) : NaN;
  const max = m ? Number(m[2]) : NaN;
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  if (!valid(min) || !valid(max) || min > max) {
    throw new ConfigError({
      message: `rule ${ruleId}: invalid options: range: expected "min-max" with port numbers 1-65535 and min <= max (e.g. "30000-32767"), got ${JSON.stringify(text)}`,
    });
  }
  return { min, max };
}
