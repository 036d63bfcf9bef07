/**
 * How an infrastructure element is named in messages, hops and reports: its Name (tag, eksctl subnet key, cluster
 * or node group name) followed by its physical ID — or, without one, its key as the reader wrote it — when they
 * differ; else that ID or key alone.
 *
 * Keys of CloudFormation elements carry the template's path (`cfn:infra/vpc.yaml#PrivateSubnet01`) so that two
 * templates never collide; messages drop that prefix (`PrivateSubnet01`): the finding's location already names the
 * file, and the text then reads the same whatever path the input was given with. eksctl keys
 * (`eksctl:shop#nodegroup/workers`) only repeat a named element's name: the name is enough — except for subnets,
 * which eksctl names after their zone in both tiers (`eu-west-1a (private)`).
 */
export function infraLabel(el: { key: string; id?: string; name?: string }): string {
  const named = el.name !== undefined && el.name !== '';
  const id = el.id ?? (named ? shortKey(el.key) : cfnShortKey(el.key));
  if (!named || el.name === id) return id;
  const subnet = /^subnet\/(public|private)\/(.+)$/.exec(id);
  if (subnet && subnet[2] === el.name) return `${el.name} (${subnet[1]})`;
  if (id.endsWith(`/${el.name}`)) return el.name!;
  return `${el.name} (${id})`;
}

/** `cfn:<file>#<LogicalId>[#…]` → `<LogicalId>[#…]`; `eksctl:<cluster>#<path>` → `<path>`, `eksctl:<cluster>` → `<cluster>`. */
export function shortKey(key: string): string {
  if (key.startsWith('eksctl:')) {
    const hash = key.indexOf('#');
    return hash < 0 ? key.slice('eksctl:'.length) : key.slice(hash + 1);
  }
  return cfnShortKey(key);
}

function cfnShortKey(key: string): string {
  if (!key.startsWith('cfn:')) return key;
  const hash = key.indexOf('#');
  return hash < 0 ? key : key.slice(hash + 1);
}
