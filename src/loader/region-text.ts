import type { Region } from '../core/source.js';

/**
 * The text a (single-line) region covers in `text`, the way an editor counts: lines split at `\n`, UTF-16
 * columns, a leading byte-order mark taking no column. What tests use to check every region slices back.
 */
export function regionText(text: string, region: Region): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const line = body.split('\n')[region.startLine - 1] ?? '';
  return line.slice(region.startColumn - 1, region.endColumn - 1);
}
