/**
 * How an infrastructure element is named in messages, hops and reports: its Name (tag, eksctl subnet key, cluster
 * or node group name) followed by its physical ID — or, without one, its key as the reader wrote it — when they
 * differ; else that ID or key alone.
 *
 * Keys of CloudFormation elements carry the template's path (`cfn:infra/vpc.yaml#PrivateSubnet01`) so that two
 * templates never collide; messages drop that prefix (`PrivateSubnet01`): the finding's location already names the
 * file, and the text then reads the same whatever path the input was given with. eksctl keys keep their cluster
 * (`eksctl:shop#subnet/private/eu-west-1a`): eksctl names a public and a private subnet after the same zone.
 */
export function infraLabel(el: { key: string; id?: string; name?: string }): string {
  const id = el.id ?? shortKey(el.key);
  return el.name !== undefined && el.name !== '' && el.name !== id ? `${el.name} (${id})` : id;
}

/** `cfn:<file>#<LogicalId>[#…]` → `<LogicalId>[#…]`; other keys as they are. */
export function shortKey(key: string): string {
  if (!key.startsWith('cfn:')) return key;
  const hash = key.indexOf('#');
  return hash < 0 ? key : key.slice(hash + 1);
}
