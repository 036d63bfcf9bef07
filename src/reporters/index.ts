/** Reporters: pure functions from a ReportInput to the text of one output format. */
import { toGithub } from './github.js';
import { toJson } from './json.js';
import { toMarkdown } from './markdown.js';
import { toSarif } from './sarif.js';
import { toText } from './text.js';
import type { ReportFormat, ReportInput } from './types.js';

export type { ReportFormat, ReportInput, ReportNotification } from './types.js';
export { lineHashes, primaryLocationLineHash, LineHashCache } from './fingerprint.js';
export {
  toSarif,
  buildSarifLog,
  resultMessageBase,
  sarifUri,
  SARIF_SCHEMA_URI,
  TOOL_NAME,
  OBJECT_FINGERPRINT_KEY,
  DEFAULT_MAX_SARIF_RESULTS,
  HARD_MAX_SARIF_RESULTS,
  type SarifLog,
} from './sarif.js';
export { toText, summaryLine, reportedFindings, textLine, countByLevel, compareFindings, sortFindings, type LevelCounts } from './text.js';
export { toJson, buildJsonReport, type JsonReport, type JsonFinding, type JsonLocation } from './json.js';
export { toGithub, escapeData, escapeProperty } from './github.js';
export { toMarkdown, escapeMarkdown } from './markdown.js';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'github', 'markdown'];

export function render(format: ReportFormat, input: ReportInput): string {
  switch (format) {
    case 'text':
      return toText(input);
    case 'json':
      return toJson(input);
    case 'sarif':
      return toSarif(input);
    case 'github':
      return toGithub(input);
    case 'markdown':
      return toMarkdown(input);
    default: {
      // The CLI validates --format; reaching this is a bug, not a user error.
      const unknown: never = format;
      throw new Error(`unknown report format: ${String(unknown)}`);
    }
  }
}
