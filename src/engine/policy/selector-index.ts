/**
 * Evaluates label selectors against every pod class at once, through inverted indices
 * (label key → value → classes), so a selector costs a few bitset operations instead of a scan.
 * Semantics are those of src/model/selectors.ts (pinned against apimachinery there); the oracle
 * test checks this index agrees with it.
 */
import type { LabelSelector } from '../../loader/schemas/index.js';
import type { Labels } from '../../model/selectors.js';
import { Bitset } from './bitset.js';
import type { PodClass } from './classes.js';

interface LabelIndex {
  /** key → value → members */
  byValue: Map<string, Map<string, Bitset>>;
  /** key → members that have the key */
  byKey: Map<string, Bitset>;
}

function indexLabels(size: number, entries: Iterable<readonly [number, Labels]>): LabelIndex {
  const byValue = new Map<string, Map<string, number[]>>();
  const byKey = new Map<string, number[]>();
  for (const [i, labels] of entries)
    for (const [k, v] of Object.entries(labels)) {
      let values = byValue.get(k);
      if (!values) byValue.set(k, (values = new Map()));
      pushTo(values, v, i);
      pushTo(byKey, k, i);
    }
  return {
    byValue: new Map([...byValue].map(([k, vs]) => [k, new Map([...vs].map(([v, is]) => [v, Bitset.of(size, is)]))])),
    byKey: new Map([...byKey].map(([k, is]) => [k, Bitset.of(size, is)])),
  };
}

function pushTo<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Members of `universe` that `selector` matches, given an index of their labels. */
function evaluate(selector: LabelSelector, universe: Bitset, index: LabelIndex): Bitset {
  const size = universe.size;
  const none = Bitset.empty(size);
  const withValue = (k: string, v: string) => index.byValue.get(k)?.get(v) ?? none;
  const withKey = (k: string) => index.byKey.get(k) ?? none;
  let out = universe;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) out = out.and(withValue(k, v));
  for (const req of selector.matchExpressions ?? []) {
    const anyOf = (req.values ?? []).reduce((acc, v) => acc.or(withValue(req.key, v)), none);
    switch (req.operator) {
      case 'In':
        out = out.and(anyOf);
        break;
      case 'NotIn':
        out = out.andNot(anyOf); // members without the key stay: NotIn matches them
        break;
      case 'Exists':
        out = out.and(withKey(req.key));
        break;
      case 'DoesNotExist':
        out = out.andNot(withKey(req.key));
        break;
    }
  }
  return out;
}

export class SelectorIndex {
  readonly size: number;
  readonly all: Bitset;
  readonly #pods: LabelIndex;
  readonly #namespaces: LabelIndex;
  /** namespace name → classes in it */
  readonly #inNamespace = new Map<string, Bitset>();
  readonly #namespaceNames: string[];
  readonly #namespaceLabels: Labels[];

  constructor(classes: readonly PodClass[]) {
    this.size = classes.length;
    this.all = Bitset.full(this.size);
    this.#pods = indexLabels(this.size, classes.map((c) => [c.index, c.labels] as const));
    const byNs = new Map<string, { labels: Labels; members: number[] }>();
    for (const c of classes) {
      const entry = byNs.get(c.namespace) ?? { labels: c.namespaceLabels, members: [] };
      entry.members.push(c.index);
      byNs.set(c.namespace, entry);
    }
    this.#namespaceNames = [...byNs.keys()];
    this.#namespaceLabels = [...byNs.values()].map((e) => e.labels);
    for (const [ns, e] of byNs) this.#inNamespace.set(ns, Bitset.of(this.size, e.members));
    this.#namespaces = indexLabels(this.#namespaceNames.length, this.#namespaceLabels.map((l, i) => [i, l] as const));
  }

  /** Classes in namespace `ns`. */
  inNamespace(ns: string): Bitset {
    return this.#inNamespace.get(ns) ?? Bitset.empty(this.size);
  }

  /** Classes whose pods `selector` matches, among `universe` (all classes by default). */
  pods(selector: LabelSelector, universe: Bitset = this.all): Bitset {
    return evaluate(selector, universe, this.#pods);
  }

  /** Classes in the namespaces `selector` matches (by namespace labels, incl. kubernetes.io/metadata.name). */
  namespaces(selector: LabelSelector): Bitset {
    const nsUniverse = Bitset.full(this.#namespaceNames.length);
    let out = Bitset.empty(this.size);
    for (const i of evaluate(selector, nsUniverse, this.#namespaces)) out = out.or(this.inNamespace(this.#namespaceNames[i]!));
    return out;
  }
}
