/**
 * `primaryLocationLineHash`, computed exactly as github/codeql-action computes it (src/fingerprints.ts)
 * when a SARIF upload lacks one. We emit it ourselves so uploads through the action and through the
 * REST API (which computes nothing) track alerts identically (shared/data/SARIF.md §3).
 *
 * The algorithm, restated:
 * - walk the text as UTF-16 code units (the action decodes the file as UTF-8, BOM kept);
 * - spaces and tabs are skipped entirely; CR and CRLF both become a single LF;
 * - a line starts at its first non-blank code unit (or at its LF when the line is blank);
 * - a polynomial rolling hash (base 37, 64-bit wrap-around) runs over a 100-unit window;
 *   the hash of a line is the window value once the 100 units starting at the line's start are in;
 * - after the text comes an end-of-file sentinel 65535, then zeros to flush the last lines;
 * - each hash is written as unpadded lower-case hex plus `:n`, n counting identical hashes so far.
 *
 * Note the file text ends with a virtual extra "line" (the sentinel), so `lineHashes("a\n")` has two
 * entries; that is what the action does too.
 */

const WINDOW = 100;
const BASE = 37n;
const EOF_SENTINEL = 65535;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** 37^100 mod 2^64: the weight of the unit that leaves the window. */
const DROP_WEIGHT = BigInt.asUintN(64, BASE ** BigInt(WINDOW));

/** Hashes of every line, index = line number − 1 (one more than the text's newline count). */
export function lineHashes(text: string): string[] {
  const hashes: string[] = [];
  const seen = new Map<string, number>();

  // Ring buffer of the last WINDOW units, and for each slot the line that starts there (or 0).
  const window = new Array<number>(WINDOW).fill(0);
  const lineAt = new Array<number>(WINDOW).fill(0);
  let slot = 0;
  let hash = 0n;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  // The unit leaving the window is exactly WINDOW units after a line start: that line's hash is final.
  const emitIfLineComplete = (): void => {
    const startedLine = lineAt[slot] ?? 0;
    if (startedLine === 0) return;
    const hex = hash.toString(16);
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    hashes[startedLine - 1] = `${hex}:${n}`;
    lineAt[slot] = 0;
  };

  const push = (unit: number): void => {
    const leaving = window[slot] ?? 0;
    window[slot] = unit;
    hash = BigInt.asUintN(64, BASE * hash + BigInt(unit) - DROP_WEIGHT * BigInt(leaving));
    slot = (slot + 1) % WINDOW;
  };

  const consume = (code: number): void => {
    // Blanks never count; an LF right after a CR is the second half of a CRLF already counted.
    if (code === SPACE || code === TAB || (afterCR && code === LF)) {
      afterCR = false;
      return;
    }
    afterCR = code === CR;
    const unit = code === CR ? LF : code;
    emitIfLineComplete();
    if (atLineStart) {
      atLineStart = false;
      line++;
      lineAt[slot] = line;
    }
    if (unit === LF) atLineStart = true;
    push(unit);
  };

  for (let i = 0; i < text.length; i++) consume(text.charCodeAt(i));
  consume(EOF_SENTINEL);
  for (let i = 0; i < WINDOW; i++) {
    emitIfLineComplete();
    push(0);
  }
  return hashes;
}

/** The hash GitHub uses for a result whose region starts on `line` (1-based); undefined past the end. */
export function primaryLocationLineHash(text: string, line: number): string | undefined {
  return lineHashes(text)[line - 1];
}

/**
 * Memoises `lineHashes` per file, so a report with many results in one big file hashes it once.
 */
export class LineHashCache {
  readonly #byFile = new Map<string, string[] | undefined>();

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** undefined when the file's text is unknown (stdin not captured, unreadable) or the line is past the end. */
  get(file: string, line: number): string | undefined {
    if (!this.#byFile.has(file)) {
      const text = this.texts.get(file);
      this.#byFile.set(file, text === undefined ? undefined : lineHashes(text));
    }
    return this.#byFile.get(file)?.[line - 1];
  }
}
