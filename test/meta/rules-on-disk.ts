/** The rule directories as they are on disk, and the README examples in them (for the meta-tests). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RULES_DIR = path.join(ROOT, 'rules');

const dirsIn = (dir: string) => readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory()).sort();

export const GROUP_DIRS = dirsIn(RULES_DIR);

/** `rules/<group>/<name>/` → `<group>/<name>`, sorted. */
export const RULE_DIR_IDS = GROUP_DIRS.flatMap((group) => dirsIn(path.join(RULES_DIR, group)).map((name) => `${group}/${name}`)).sort();

export function ruleDir(id: string): string {
  return path.join(RULES_DIR, ...id.split('/'));
}

export function yamlFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
}

/** A README example; `encoding` when the file it shows is not UTF-8 (`<!-- encoding: latin1 -->` before the fence). */
export interface Example {
  text: string;
  encoding?: 'latin1' | 'utf16le';
}

export interface ReadmeExamples {
  incorrect: Example[];
  correct: Example[];
  /** A ```yaml netreach.yaml block: the configuration every example of the README runs with. */
  config?: string;
}

export const INCORRECT_HEADING = '### ❌ Incorrect';
export const CORRECT_HEADING = '### ✅ Correct';
const ENCODING = /^<!-- encoding: (latin1|utf16le) -->$/;

/** The ```yaml blocks under the `### ❌ Incorrect` and `### ✅ Correct` headings of a rule README. */
export function readmeExamples(readme: string): ReadmeExamples {
  const out: ReadmeExamples = { incorrect: [], correct: [] };
  let section: 'incorrect' | 'correct' | undefined;
  let block: string[] | undefined;
  let configBlock = false;
  let encoding: Example['encoding'];
  for (const line of readme.split('\n')) {
    if (block) {
      if (line.startsWith('```')) {
        if (configBlock) out.config = `${block.join('\n')}\n`;
        else if (section) out[section].push({ text: `${block.join('\n')}\n`, ...(encoding ? { encoding } : {}) });
        block = undefined;
        configBlock = false;
        encoding = undefined;
      } else {
        block.push(line);
      }
    } else if (line.startsWith('#')) {
      section = line.trim() === INCORRECT_HEADING ? 'incorrect' : line.trim() === CORRECT_HEADING ? 'correct' : undefined;
    } else if (/^```ya?ml\s+netreach\.yaml\s*$/.test(line)) {
      // The configuration the examples run with (```yaml netreach.yaml): invariants, rule options …
      block = [];
      configBlock = true;
    } else if (/^```ya?ml\s*$/.test(line)) {
      block = [];
    } else if (line.trim() !== '') {
      encoding = ENCODING.exec(line.trim())?.[1] as Example['encoding'];
    }
  }
  return out;
}

/** The bytes or text of a file that holds the example. */
export function exampleFile(example: Example): string | Uint8Array {
  return example.encoding ? Buffer.from(example.text, example.encoding) : example.text;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
