import type { Level } from './finding.js';

/**
 * What reporters need to know about a rule (SARIF `reportingDescriptor`, the catalog, `netreach rules`).
 * Built from a rule's meta by the lint layer; reporters never import rules.
 */
export interface RuleDescriptor {
  /** "service/selector-matches-nothing": stable forever (GitHub matches alerts by it). */
  id: string;
  /** PascalCase slug for SARIF `name`: "ServiceSelectorMatchesNothing". */
  name: string;
  /** One sentence (SARIF shortDescription). */
  description: string;
  /** Longer explanation (SARIF fullDescription); defaults to description. */
  fullDescription?: string;
  /** How to fix it, plain text. */
  remediation: string;
  /** Help in Markdown: remediation plus examples (SARIF help.markdown). */
  helpMarkdown?: string;
  /** Where the rule's doc lives (rules/<id>/README.md in the repository). */
  helpUri: string;
  defaultLevel: Level;
  type: 'problem' | 'suggestion';
  tags: readonly string[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** "0.1".."10.0" for security rules (makes GitHub treat results as security alerts). */
  securitySeverity?: string;
}
