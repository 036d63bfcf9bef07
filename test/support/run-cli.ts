/** Drives the CLI in-process (no subprocess, no build needed) and captures what it prints. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: readonly string[], options: { cwd?: string; stdin?: string; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? '',
    stdoutIsTTY: options.tty ?? false,
  });
  return { code, stdout, stderr };
}
