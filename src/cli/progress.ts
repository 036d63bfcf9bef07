/**
 * Progress for long runs on stderr: one line, rewritten in place (`\r` + erase to end of line) as the
 * run moves from phase to phase, and erased before anything else is written to stderr and at the end.
 * Only for a person watching a terminal: silent when stderr is not a TTY, with --quiet, and in CI
 * (`CI` set, as CI services do), so logs and pipes never see control characters.
 */

/** Carriage return, then ECMA-48 EL (erase in line, to its end). */
const REWRITE = '\r\x1b[K';

export interface Progress {
  /** Shows `message` in place of the previous one. */
  update(message: string): void;
  /** Erases the line (no-op when nothing is shown). */
  clear(): void;
}

export interface ProgressSettings {
  stderrIsTTY: boolean;
  quiet: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** CI=true / CI=1 / any other value but "", "0" and "false". */
function inCi(env: ProgressSettings['env']): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function progressEnabled(settings: ProgressSettings): boolean {
  return settings.stderrIsTTY && !settings.quiet && !inCi(settings.env);
}

const SILENT: Progress = { update() {}, clear() {} };

/** A progress line on `write` (raw stderr), or a silent one when progress is not wanted. */
export function createProgress(write: (text: string) => void, settings: ProgressSettings): Progress {
  if (!progressEnabled(settings)) return SILENT;
  let shown = false;
  return {
    update(message) {
      // One line only: a terminal wraps long lines, and \r would then rewrite just the last piece.
      write(`${REWRITE}netreach: ${message.replace(/\s+/g, ' ').slice(0, 72)}`);
      shown = true;
    },
    clear() {
      if (!shown) return;
      write(REWRITE);
      shown = false;
    },
  };
}
