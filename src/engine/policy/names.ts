/** How messages name compiled policies: "NetworkPolicy web/allow-frontend and NetworkPolicy web/deny-all". */
import { joinAnd } from '../../core/text.js';
import { qualifiedName } from '../../model/identity.js';
import type { CompiledPolicy } from './compile.js';

export function policyList(policies: readonly CompiledPolicy[]): string {
  return joinAnd(policies.map((p) => `NetworkPolicy ${qualifiedName(p.node)}`));
}
