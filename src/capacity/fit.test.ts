import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overcommits, type FitDemand, type FitSupply } from './fit.js';

/** Oracle: the largest number of pods placed (max flow, augmenting paths on a tiny graph), compared with the demand. */
function allFit(demand: readonly FitDemand[], supply: readonly FitSupply[]): boolean {
  const left = demand.map((d) => ({ ...d, rest: d.pods }));
  const cap = new Map(supply.map((s) => [s.key, s.slots]));
  const flow = new Map<string, number>(); // `${workload}|${group}` → pods placed
  const augment = (): boolean => {
    // BFS over: source → workload (rest > 0) → group (edge) → sink (cap left) or → workload already using it (flow > 0)
    type Node = { kind: 'w'; i: number } | { kind: 'g'; key: string };
    const prev = new Map<string, { from: string; node: Node }>();
    const queue: { id: string; node: Node }[] = [];
    left.forEach((w, i) => {
      if (w.rest > 0) {
        const id = `w${i}`;
        prev.set(id, { from: 'src', node: { kind: 'w', i } });
        queue.push({ id, node: { kind: 'w', i } });
      }
    });
    while (queue.length > 0) {
      const { id, node } = queue.shift()!;
      if (node.kind === 'w') {
        for (const g of left[node.i]!.groups) {
          const gid = `g${g}`;
          if (cap.has(g) && !prev.has(gid)) {
            prev.set(gid, { from: id, node: { kind: 'g', key: g } });
            queue.push({ id: gid, node: { kind: 'g', key: g } });
          }
        }
      } else {
        if (cap.get(node.key)! > 0) {
          // Push one pod along the path back to its source workload.
          let cur = id;
          cap.set(node.key, cap.get(node.key)! - 1);
          while (true) {
            const p = prev.get(cur)!;
            if (p.from === 'src') {
              const n = p.node as { kind: 'w'; i: number };
              left[n.i]!.rest -= 1;
              break;
            }
            const from = p.from;
            const fromNode = prev.get(from)!.node;
            const w = (fromNode.kind === 'w' ? fromNode : p.node) as { kind: 'w'; i: number };
            const g = (fromNode.kind === 'g' ? fromNode : p.node) as { kind: 'g'; key: string };
            const k = `${w.i}|${g.key}`;
            flow.set(k, (flow.get(k) ?? 0) + (fromNode.kind === 'w' ? 1 : -1));
            cur = from;
          }
          return true;
        }
        left.forEach((w, i) => {
          const wid = `w${i}`;
          if ((flow.get(`${i}|${node.key}`) ?? 0) > 0 && !prev.has(wid)) {
            prev.set(wid, { from: id, node: { kind: 'w', i } });
            queue.push({ id: wid, node: { kind: 'w', i } });
          }
        });
      }
    }
    return false;
  };
  while (augment());
  return left.every((w) => w.rest === 0 || w.groups.length === 0);
}

describe('overcommits', () => {
  it('names the groups a workload is confined to when they hold too few pods', () => {
    const supply = [
      { key: 'gpu', slots: 20 },
      { key: 'general', slots: 300 },
    ];
    const demand = [
      { key: 'train', pods: 30, groups: ['gpu'] },
      { key: 'web', pods: 100, groups: ['gpu', 'general'] },
    ];
    expect(overcommits(demand, supply)).toEqual([{ groups: ['gpu'], slots: 20, demand: 30, workloads: ['train'] }]);
  });

  it('reports the pair when each group alone suffices but together they do not', () => {
    const supply = [
      { key: 'a', slots: 10 },
      { key: 'b', slots: 10 },
      { key: 'c', slots: 100 },
    ];
    const demand = [
      { key: 'x', pods: 8, groups: ['a'] },
      { key: 'y', pods: 8, groups: ['b'] },
      { key: 'z', pods: 8, groups: ['a', 'b'] },
    ];
    expect(overcommits(demand, supply)).toEqual([{ groups: ['a', 'b'], slots: 20, demand: 24, workloads: ['x', 'y', 'z'] }]);
  });

  it('is empty when everything fits, and ignores workloads that fit no group', () => {
    expect(overcommits([{ key: 'x', pods: 5, groups: ['a'] }, { key: 'lost', pods: 50, groups: [] }], [{ key: 'a', slots: 5 }])).toEqual([]);
  });

  it('agrees with a max-flow placement on random clusters (Gale’s theorem)', () => {
    const groups = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(
        fc.array(fc.nat(12), { minLength: 4, maxLength: 4 }),
        fc.array(fc.record({ pods: fc.nat(10), groups: fc.subarray(groups) }), { maxLength: 6 }),
        (slots, ws) => {
          const supply = groups.map((key, i) => ({ key, slots: slots[i]! }));
          const demand = ws.map((w, i) => ({ key: `w${i}`, pods: w.pods, groups: w.groups }));
          expect(overcommits(demand, supply).length === 0).toBe(allFit(demand, supply));
        },
      ),
      { numRuns: 500 },
    );
  });
});
