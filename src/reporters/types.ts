import type { Finding, Level } from '../core/finding.js';
import type { RuleDescriptor } from '../core/rule-descriptor.js';

/** Something about the run itself (not about the manifests), e.g. a path that could not be read. */
export interface ReportNotification {
  message: string;
  level: Level;
  /** SourceRef.file of the file concerned, when there is one. */
  file?: string;
}

/**
 * Everything a reporter needs, already decided by the CLI. Plain data: reporters are pure functions
 * of it, so the same input renders byte-identical output.
 */
export interface ReportInput {
  findings: readonly Finding[];
  /** Every enabled rule, also those with zero results (stable SARIF rule metadata). */
  rules: readonly RuleDescriptor[];
  /** File text keyed by SourceRef.file, exactly as read (UTF-8, BOM kept): for line hashes. */
  texts: ReadonlyMap<string, string>;
  toolVersion: string;
  /** Repo-root-relative POSIX path for SARIF (not yet percent-encoded); undefined = not linkable (stdin). */
  uriFor(file: string): string | undefined;
  /** Path shown in text, GitHub and Markdown output. */
  displayPath(file: string): string;
  /**
   * Prefix that turns `uriFor` paths into absolute Markdown links (`https://github.com/o/r/blob/<sha>/`): a job
   * summary or PR comment does not resolve relative links against the repository. Relative links when absent.
   */
  linkBase?: string;
  /** Tool execution notifications (unreadable path, config problem …). */
  notifications: readonly ReportNotification[];
  /** false when any manifest failed to parse or the configuration was bad. */
  executionSuccessful: boolean;
  /** Cap on SARIF results (default 5000, never more than GitHub's hard 25,000). */
  maxSarifResults?: number;
  /** `--sarif-category`: written as `automationDetails.id = "<category>/"` only when given. */
  sarifCategory?: string;
  /**
   * `--baseline` was given: findings carry baselineState. Text, GitHub, Markdown and JSON leave out the
   * "unchanged" ones; SARIF keeps them (marked) so code scanning does not close their alerts.
   */
  baselineApplied?: boolean;
}

export type ReportFormat = 'text' | 'json' | 'sarif' | 'github' | 'markdown';
