/** VPC-level reachability: security groups, network ACLs and routes between VPC endpoints (see path.ts). */
export { ruleConns, replyConns } from './conns.js';
export { evaluateNacl, entriesOf, type NaclAtomVerdict, type NaclDecision, type NaclDirection } from './nacl.js';
export { evaluateSecurityGroups, evaluateSide, carries, ruleCidrs, type GroupSet, type SgHolder, type SgVerdict, type SgSideVerdict } from './security-groups.js';
export { routeDestination, vpcCidrs, type RouteChoice, type RoutedRange } from './routes.js';
export {
  cidrEndpoint,
  controlPlaneEndpoint,
  elementLabel,
  groupSet,
  internetEndpoint,
  nodeGroupEndpoint,
  podEndpoint,
  resolveVpcEndpoint,
  subnetEndpoint,
  subnetsOf,
  type ResolvedEndpoint,
  type VpcEndpoint,
  type VpcEndpointKind,
  type VpcPlace,
} from './endpoints.js';
export { DEFAULT_EPHEMERAL_PORTS, vpcPath, type HopKind, type VpcBlocker, type VpcHop, type VpcPathOptions, type VpcPathResult } from './path.js';
export { discoverLoadBalancerSubnets, loadBalancerEndpoint, namedLoadBalancerSubnets, withoutSecurityGroups, type LoadBalancerController, type LoadBalancerScheme, type LoadBalancerSide, type SubnetDiscovery } from './load-balancer.js';
