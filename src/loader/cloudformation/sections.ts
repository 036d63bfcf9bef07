/**
 * The top-level sections of a template as maps by logical name. Maps rather than the objects themselves,
 * so that a template naming a parameter `constructor` or `__proto__` looks up only what it declares.
 */
import type { Reporter } from './reporter.js';
import { isPlainObject } from './intrinsic-form.js';

export interface Sections {
  parameters: Map<string, unknown>;
  mappings: Map<string, unknown>;
  conditions: Map<string, unknown>;
  resources: Map<string, unknown>;
  outputs: Map<string, unknown>;
}

const SECTION_NAMES = ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs'] as const;

export function readSections(root: Record<string, unknown>, rep: Reporter): Sections {
  const read = (name: (typeof SECTION_NAMES)[number]): Map<string, unknown> => {
    if (!Object.hasOwn(root, name)) return new Map();
    const section = root[name];
    if (section === null) return new Map(); // `Outputs:` left empty
    if (!isPlainObject(section)) {
      rep.issue([name], `${name} must be a mapping of logical names`);
      return new Map();
    }
    return new Map(Object.entries(section));
  };
  return {
    parameters: read('Parameters'),
    mappings: read('Mappings'),
    conditions: read('Conditions'),
    resources: read('Resources'),
    outputs: read('Outputs'),
  };
}

/** `obj[key]` only for a key the object itself declares. */
export function own(obj: unknown, key: string): unknown {
  return isPlainObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}
