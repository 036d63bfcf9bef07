/**
 * Every rule, sorted by id: one import per `rules/<group>/<name>/rule.ts` (a meta-test checks this
 * list against the directories). Add new rules in order.
 */
import type { AnyRule } from '../src/lint/define-rule.js';
import capacityMaxPodsExceedsIps from './capacity/max-pods-exceeds-ips/rule.js';
import capacityPodCidrTooSmall from './capacity/pod-cidr-too-small/rule.js';
import capacityPodsDoNotFit from './capacity/pods-do-not-fit/rule.js';
import capacityPrefixDelegationUnsupported from './capacity/prefix-delegation-unsupported/rule.js';
import capacityPrefixFragmentation from './capacity/prefix-fragmentation/rule.js';
import capacityServiceCidrTooSmall from './capacity/service-cidr-too-small/rule.js';
import capacitySubnetExhausted from './capacity/subnet-exhausted/rule.js';
import cidrConnectedNetworkOverlap from './cidr/connected-network-overlap/rule.js';
import cidrNodePodCidrOverlap from './cidr/node-pod-cidr-overlap/rule.js';
import cidrPodOverlap from './cidr/pod-overlap/rule.js';
import cidrServiceOverlap from './cidr/service-overlap/rule.js';
import depsBlocked from './deps/blocked/rule.js';
import depsPortNotExposed from './deps/port-not-exposed/rule.js';
import depsServiceNoBackends from './deps/service-no-backends/rule.js';
import depsServiceNotFound from './deps/service-not-found/rule.js';
import gatewayBackendNotFound from './gateway/backend-not-found/rule.js';
import gatewayClassNotFound from './gateway/class-not-found/rule.js';
import gatewayParentNotFound from './gateway/parent-not-found/rule.js';
import gatewayReferenceNotPermitted from './gateway/reference-not-permitted/rule.js';
import gatewayRouteNotAllowed from './gateway/route-not-allowed/rule.js';
import ingressBackendPortNotFound from './ingress/backend-port-not-found/rule.js';
import ingressBackendServiceNotFound from './ingress/backend-service-not-found/rule.js';
import ingressClassNotFound from './ingress/class-not-found/rule.js';
import ingressNoBackend from './ingress/no-backend/rule.js';
import inputDuplicateKey from './input/duplicate-key/rule.js';
import inputDuplicateObject from './input/duplicate-object/rule.js';
import inputInvalidField from './input/invalid-field/rule.js';
import inputInvalidNetworkSetting from './input/invalid-network-setting/rule.js';
import inputInvalidYaml from './input/invalid-yaml/rule.js';
import inputLimitExceeded from './input/limit-exceeded/rule.js';
import inputNotAnObject from './input/not-an-object/rule.js';
import inputUnreadableFile from './input/unreadable-file/rule.js';
import invariantViolated from './invariant/violated/rule.js';
import kubeProxyInvalidIpvsScheduler from './kube-proxy/invalid-ipvs-scheduler/rule.js';
import kubeProxyIptablesScale from './kube-proxy/iptables-scale/rule.js';
import kubeProxyNftablesUnsupported from './kube-proxy/nftables-unsupported/rule.js';
import lbAlbSingleAz from './lb/alb-single-az/rule.js';
import lbBackendBlocked from './lb/backend-blocked/rule.js';
import lbHealthCheckPortNotServed from './lb/health-check-port-not-served/rule.js';
import lbIngressGroupConflict from './lb/ingress-group-conflict/rule.js';
import lbInternetOpenNonWeb from './lb/internet-open-non-web/rule.js';
import lbInvalidAnnotation from './lb/invalid-annotation/rule.js';
import lbNoSubnets from './lb/no-subnets/rule.js';
import lbSessionAffinityIgnored from './lb/session-affinity-ignored/rule.js';
import lbTargetGroupBindingBlocked from './lb/target-group-binding-blocked/rule.js';
import lbTargetGroupBindingServiceNotFound from './lb/target-group-binding-service-not-found/rule.js';
import lbTargetTypeUnsupported from './lb/target-type-unsupported/rule.js';
import natClientIpLost from './nat/client-ip-lost/rule.js';
import natExternalSnatNoNat from './nat/external-snat-no-nat/rule.js';
import natOverlayMtu from './nat/overlay-mtu/rule.js';
import natPodIpNoReturnRoute from './nat/pod-ip-no-return-route/rule.js';
import natPodIpSnat from './nat/pod-ip-snat/rule.js';
import netpolBlocksDns from './netpol/blocks-dns/rule.js';
import netpolIngressControllerBlocked from './netpol/ingress-controller-blocked/rule.js';
import netpolInternetExposed from './netpol/internet-exposed/rule.js';
import netpolIpblockOverlapsCluster from './netpol/ipblock-overlaps-cluster/rule.js';
import netpolNamedPortUnresolved from './netpol/named-port-unresolved/rule.js';
import netpolNotIsolated from './netpol/not-isolated/rule.js';
import netpolPeerSelectsNothing from './netpol/peer-selects-nothing/rule.js';
import netpolRedundantRule from './netpol/redundant-rule/rule.js';
import netpolSelectsNothing from './netpol/selects-nothing/rule.js';
import netpolServiceUnreachable from './netpol/service-unreachable/rule.js';
import serviceDuplicatePort from './service/duplicate-port/rule.js';
import serviceInvalidClusterIp from './service/invalid-cluster-ip/rule.js';
import serviceInvalidExternalName from './service/invalid-external-name/rule.js';
import serviceInvalidNodePort from './service/invalid-node-port/rule.js';
import serviceIpFamilyUnsupported from './service/ip-family-unsupported/rule.js';
import serviceNoEndpoints from './service/no-endpoints/rule.js';
import serviceNodePortCollision from './service/node-port-collision/rule.js';
import serviceSelectorMatchesNothing from './service/selector-matches-nothing/rule.js';
import serviceTargetPortNotDeclared from './service/target-port-not-declared/rule.js';
import serviceTargetPortUnresolved from './service/target-port-unresolved/rule.js';
import serviceTrafficPolicyLocalUnreachable from './service/traffic-policy-local-unreachable/rule.js';
import vpcClusterSingleAz from './vpc/cluster-single-az/rule.js';
import vpcControlPlaneBlocked from './vpc/control-plane-blocked/rule.js';
import vpcLoadBalancerBlocked from './vpc/load-balancer-blocked/rule.js';
import vpcNodeTrafficBlocked from './vpc/node-traffic-blocked/rule.js';
import vpcOverlappingSubnets from './vpc/overlapping-subnets/rule.js';
import vpcPodEgressBlocked from './vpc/pod-egress-blocked/rule.js';
import vpcPrivateNodesNoEgress from './vpc/private-nodes-no-egress/rule.js';
import vpcRouteTargetMissing from './vpc/route-target-missing/rule.js';
import vpcSubnetOutsideVpc from './vpc/subnet-outside-vpc/rule.js';
import workloadDuplicateContainerPort from './workload/duplicate-container-port/rule.js';
import workloadHostPortConflict from './workload/host-port-conflict/rule.js';
import workloadSelectorMismatch from './workload/selector-mismatch/rule.js';

export const allRules: readonly AnyRule[] = [
  capacityMaxPodsExceedsIps,
  capacityPodCidrTooSmall,
  capacityPodsDoNotFit,
  capacityPrefixDelegationUnsupported,
  capacityPrefixFragmentation,
  capacityServiceCidrTooSmall,
  capacitySubnetExhausted,
  cidrConnectedNetworkOverlap,
  cidrNodePodCidrOverlap,
  cidrPodOverlap,
  cidrServiceOverlap,
  depsBlocked,
  depsPortNotExposed,
  depsServiceNoBackends,
  depsServiceNotFound,
  gatewayBackendNotFound,
  gatewayClassNotFound,
  gatewayParentNotFound,
  gatewayReferenceNotPermitted,
  gatewayRouteNotAllowed,
  ingressBackendPortNotFound,
  ingressBackendServiceNotFound,
  ingressClassNotFound,
  ingressNoBackend,
  inputDuplicateKey,
  inputDuplicateObject,
  inputInvalidField,
  inputInvalidNetworkSetting,
  inputInvalidYaml,
  inputLimitExceeded,
  inputNotAnObject,
  inputUnreadableFile,
  invariantViolated,
  kubeProxyInvalidIpvsScheduler,
  kubeProxyIptablesScale,
  kubeProxyNftablesUnsupported,
  lbAlbSingleAz,
  lbBackendBlocked,
  lbHealthCheckPortNotServed,
  lbIngressGroupConflict,
  lbInternetOpenNonWeb,
  lbInvalidAnnotation,
  lbNoSubnets,
  lbSessionAffinityIgnored,
  lbTargetGroupBindingBlocked,
  lbTargetGroupBindingServiceNotFound,
  lbTargetTypeUnsupported,
  natClientIpLost,
  natExternalSnatNoNat,
  natOverlayMtu,
  natPodIpNoReturnRoute,
  natPodIpSnat,
  netpolBlocksDns,
  netpolIngressControllerBlocked,
  netpolInternetExposed,
  netpolIpblockOverlapsCluster,
  netpolNamedPortUnresolved,
  netpolNotIsolated,
  netpolPeerSelectsNothing,
  netpolRedundantRule,
  netpolSelectsNothing,
  netpolServiceUnreachable,
  serviceDuplicatePort,
  serviceInvalidClusterIp,
  serviceInvalidExternalName,
  serviceInvalidNodePort,
  serviceIpFamilyUnsupported,
  serviceNoEndpoints,
  serviceNodePortCollision,
  serviceSelectorMatchesNothing,
  serviceTargetPortNotDeclared,
  serviceTargetPortUnresolved,
  serviceTrafficPolicyLocalUnreachable,
  vpcClusterSingleAz,
  vpcControlPlaneBlocked,
  vpcLoadBalancerBlocked,
  vpcNodeTrafficBlocked,
  vpcOverlappingSubnets,
  vpcPodEgressBlocked,
  vpcPrivateNodesNoEgress,
  vpcRouteTargetMissing,
  vpcSubnetOutsideVpc,
  workloadDuplicateContainerPort,
  workloadHostPortConflict,
  workloadSelectorMismatch,
];
