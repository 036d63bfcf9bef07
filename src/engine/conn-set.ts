/**
 * ConnSet: the connections allowed between two endpoints — a PortSet per protocol, as np-guard's
 * ConnectionSet. Canonical by construction: one slot per protocol, an empty slot means none, so
 * "all" is simply every slot full and needs no separate flag.
 */
import { InternalError } from '../core/source.js';
import { PortSet, PROTOCOLS, parsePortSet, type Protocol } from './ports.js';

/** PRODUCT.md §2 `allowed`. */
export type ConnJSON = { all: true } | ({ all: false } & { [P in Protocol]?: string });

type Slots = readonly [sctp: PortSet, tcp: PortSet, udp: PortSet]; // in PROTOCOLS order

const index = (p: Protocol): number => {
  const i = PROTOCOLS.indexOf(p);
  if (i < 0) throw new InternalError(`unknown protocol ${String(p)}`);
  return i;
};

export class ConnSet {
  #string: string | undefined;

  private constructor(readonly slots: Slots) {}

  // Lazy shared instances (see IntervalSet.empty).
  static #none: ConnSet | undefined;
  static #all: ConnSet | undefined;

  static all(): ConnSet {
    return (ConnSet.#all ??= new ConnSet([PortSet.all(), PortSet.all(), PortSet.all()]));
  }

  static none(): ConnSet {
    return (ConnSet.#none ??= new ConnSet([PortSet.empty(), PortSet.empty(), PortSet.empty()]));
  }

  /** `ports` of one protocol; every port when omitted (a NetworkPolicy port with only `protocol`). */
  static of(protocol: Protocol, ports: PortSet = PortSet.all()): ConnSet {
    return ConnSet.fromEntries([[protocol, ports]]);
  }

  /** Repeated protocols are united. */
  static fromEntries(entries: Iterable<readonly [Protocol, PortSet]>): ConnSet {
    const slots: PortSet[] = [PortSet.empty(), PortSet.empty(), PortSet.empty()];
    for (const [p, ports] of entries) {
      const i = index(p);
      slots[i] = slots[i]!.union(ports);
    }
    return ConnSet.#make(slots);
  }

  /** The inverse of `toJSON`; undefined when a port string is malformed. */
  static fromJSON(json: ConnJSON): ConnSet | undefined {
    if (json.all) return ConnSet.all();
    const entries: [Protocol, PortSet][] = [];
    for (const p of PROTOCOLS) {
      const text = json[p];
      if (text === undefined) continue;
      const ports = parsePortSet(text);
      if (ports === undefined) return undefined;
      entries.push([p, ports]);
    }
    return ConnSet.fromEntries(entries);
  }

  static #make(slots: readonly PortSet[]): ConnSet {
    const [s, t, u] = slots as Slots;
    if (s.isEmpty() && t.isEmpty() && u.isEmpty()) return ConnSet.none();
    if (s.isAll() && t.isAll() && u.isAll()) return ConnSet.all();
    return new ConnSet([s, t, u]);
  }

  #zip(other: ConnSet, f: (a: PortSet, b: PortSet) => PortSet): ConnSet {
    return ConnSet.#make(this.slots.map((a, i) => f(a, other.slots[i]!)));
  }

  union(other: ConnSet): ConnSet {
    return this.#zip(other, (a, b) => a.union(b));
  }

  intersect(other: ConnSet): ConnSet {
    return this.#zip(other, (a, b) => a.intersect(b));
  }

  subtract(other: ConnSet): ConnSet {
    return this.#zip(other, (a, b) => a.subtract(b));
  }

  complement(): ConnSet {
    return ConnSet.#make(this.slots.map((a) => a.complement()));
  }

  isAll(): boolean {
    return this.slots.every((s) => s.isAll());
  }

  isEmpty(): boolean {
    return this.slots.every((s) => s.isEmpty());
  }

  equals(other: ConnSet): boolean {
    return this.slots.every((s, i) => s.equals(other.slots[i]!));
  }

  isSubsetOf(other: ConnSet): boolean {
    return this.slots.every((s, i) => s.isSubsetOf(other.slots[i]!));
  }

  overlaps(other: ConnSet): boolean {
    return this.slots.some((s, i) => s.overlaps(other.slots[i]!));
  }

  ports(protocol: Protocol): PortSet {
    return this.slots[index(protocol)]!;
  }

  /** Protocols with at least one port, in PROTOCOLS order. */
  protocols(): Protocol[] {
    return PROTOCOLS.filter((_, i) => !this.slots[i]!.isEmpty());
  }

  /** PRODUCT.md §2: `{all: true}`, else the non-empty protocols in the order SCTP, TCP, UDP. */
  toJSON(): ConnJSON {
    if (this.isAll()) return { all: true };
    const out: { all: false } & { [P in Protocol]?: string } = { all: false };
    for (const p of this.protocols()) out[p] = this.ports(p).toString();
    return out;
  }

  /** np-guard/netpol-analyzer's txt form: `"SCTP 7070,TCP 8080-8081,UDP 9090"`. */
  toString(): string {
    if (this.#string === undefined) {
      if (this.isAll()) this.#string = 'All Connections';
      else if (this.isEmpty()) this.#string = 'No Connections';
      else this.#string = this.protocols().map((p) => `${p} ${this.ports(p).toString()}`).join(',');
    }
    return this.#string;
  }

  key(): string {
    return this.toString();
  }
}
