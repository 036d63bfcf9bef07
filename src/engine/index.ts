/** The set algebra of the reachability engine: immutable, canonical values; no YAML, no Kubernetes. */
export { IntervalSet, type Interval } from './interval-set.js';
export {
  BITS,
  IpSet,
  MAX_V4,
  MAX_V6,
  formatCidr,
  formatIp,
  maxAddress,
  minimalCidrCover,
  parseCidr,
  parseIp,
  type Cidr,
  type IpAddress,
  type IpFamily,
} from './ip.js';
export { MAX_PORT, MIN_PORT, PROTOCOLS, PortSet, parsePortRange, parsePortSet, type Protocol } from './ports.js';
export { ConnSet, type ConnJSON } from './conn-set.js';
export { ipAtoms } from './atoms.js';
