/** Rule meta → the RuleDescriptor reporters consume (SARIF reportingDescriptor, `netreach rules`). */
import type { RuleDescriptor } from '../core/rule-descriptor.js';
import { groupOf, type AnyRule } from './define-rule.js';

const REPO_BLOB = 'https://github.com/netreach/netreach/blob/main';

export function helpUriOf(id: string): string {
  return `${REPO_BLOB}/rules/${id}/README.md`;
}

/** `service/selector-matches-nothing` → `ServiceSelectorMatchesNothing` (SARIF `name`). */
export function pascalCaseOf(id: string): string {
  return id
    .split(/[/-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The help Markdown is the remediation plus a link to the rule's README: GitHub shows `help.markdown`
 * but not `helpUri`, and the READMEs do not ship in the npm package, so they are linked, not embedded.
 */
export function descriptorOf(rule: AnyRule): RuleDescriptor {
  const { meta } = rule;
  const helpUri = helpUriOf(rule.id);
  return {
    id: rule.id,
    name: pascalCaseOf(rule.id),
    description: meta.docs.description,
    remediation: meta.remediation,
    helpMarkdown: `${meta.remediation}\n\nSee [${rule.id}](${helpUri}) for examples.`,
    helpUri,
    defaultLevel: meta.severity,
    type: meta.type,
    tags: meta.tags ?? ['kubernetes', 'networking', groupOf(rule.id)],
    precision: meta.precision ?? 'high',
    ...(meta.securitySeverity !== undefined ? { securitySeverity: meta.securitySeverity } : {}),
  };
}
