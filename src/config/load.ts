/**
 * Finding, reading and validating netreach.yaml. Parsed through the loader's YAML adapter (the one
 * module that imports `yaml`), so every config error has a file:line:col.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '../loader/yaml-adapter.js';
import { ConfigError, problemsFromZod } from './error.js';
import { ConfigSchema, type NetreachConfig } from './schema.js';

/** Searched for in this order; both in one directory is an error (which one wins would be a guess). */
export const CONFIG_FILE_NAMES = ['netreach.yaml', '.netreach.yaml'] as const;

export interface LoadConfigOptions {
  /** `--config FILE`: use this file, no search. */
  configFile?: string;
  /** The input paths: the search starts at the first one's directory (a file's parent; `-` = cwd). */
  inputs?: readonly string[];
  /** Default process.cwd(); config file names in locations are relative to it. */
  cwd?: string;
}

/** The configuration to use: the given or found file, or the defaults when there is none. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<NetreachConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.configFile
    ? path.resolve(cwd, options.configFile)
    : await findConfigFile(await searchStart(cwd, options.inputs?.[0]));
  if (!file) return defaultConfig();
  const name = displayPath(cwd, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : `cannot read config file: ${String(err)}`;
    throw new ConfigError({ message: reason, file: name }, { cause: err });
  }
  return parseConfig(text, name);
}

/** Validates the text of a config file; `file` is the name used in locations. */
export function parseConfig(text: string, file: string): NetreachConfig {
  const { documents, issues } = parseYaml(text, file);
  if (issues.length > 0) throw new ConfigError(issues.map((i) => ({ message: i.message, at: i.at })));
  // Empty documents (a file of comments, a trailing `---`) do not count.
  const [first, second] = documents.filter((d) => d.value !== null);
  if (second) {
    throw new ConfigError({ message: 'a config file holds one YAML document', at: second.source.ref([]) });
  }
  const value = first?.value ?? {};
  const parsed = ConfigSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(problemsFromZod(parsed.error, first?.source));
  return { ...parsed.data, file, text, ...(first ? { source: first.source } : {}) };
}

export function defaultConfig(): NetreachConfig {
  return ConfigSchema.parse({});
}

/** The nearest netreach.yaml / .netreach.yaml in `dir` or a parent directory. */
export async function findConfigFile(dir: string): Promise<string | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const present: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      if (await isFile(candidate)) present.push(candidate);
    }
    if (present.length > 1) {
      throw new ConfigError({ message: `both ${CONFIG_FILE_NAMES.join(' and ')} exist in ${current}; keep one` });
    }
    if (present[0]) return present[0];
    if (path.dirname(current) === current) return undefined;
  }
}

async function searchStart(cwd: string, firstInput: string | undefined): Promise<string> {
  if (firstInput === undefined || firstInput === '-') return cwd;
  const abs = path.resolve(cwd, firstInput);
  try {
    return (await stat(abs)).isDirectory() ? abs : path.dirname(abs);
  } catch {
    return path.dirname(abs); // a missing input is the loader's to report
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Relative to cwd with POSIX separators, like the loader's SourceRef.file. */
function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel === '' ? file : rel).split(path.sep).join('/');
}
