import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf, type SourceRef } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { parseGoInt } from '../../../src/model/cni/values.js';
import type { ConfigMapNode, Model } from '../../../src/model/types.js';
import { label } from '../common.js';

/**
 * Encapsulation overheads, in bytes of the underlying packet (Calico "Configure MTU to maximize network
 * performance": IP in IP 20, IPv4 VXLAN 50, IPv6 VXLAN 70; Cilium pkg/mtu TunnelOverhead 50 for VXLAN/Geneve
 * over IPv4: outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14).
 */
const OVERHEAD = { IPIP: 20, VXLAN: 50, VXLAN6: 70 } as const;

/** EC2 inside a VPC: 9001 (jumbo frames); Ethernet elsewhere: 1500 (EC2 User Guide "Network maximum transmission unit"). */
interface Underlying {
  mtu: number;
  why: string;
  at?: RelatedLocation;
}

export default defineRule({
  id: 'nat/overlay-mtu',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report overlay networks whose stated pod MTU plus the encapsulation overhead exceeds the underlying MTU', recommended: true },
    messages: {
      podMtuTooLarge:
        '{{setting}}: pod MTU {{mtu}} plus {{overhead}} bytes of {{encapsulation}} makes {{total}}-byte packets, more than the underlying ' +
        'MTU {{underlying}} ({{why}}): large pod packets between nodes are fragmented or, with Don\'t Fragment set, dropped.',
      ciliumMtuTooLarge:
        '{{setting}}: Cilium takes `mtu` as the MTU of the underlying network and subtracts the {{overhead}}-byte {{encapsulation}} overhead ' +
        'itself, but {{mtu}} is more than the underlying MTU {{underlying}} ({{why}}): tunnelled pod packets are fragmented or dropped.',
    },
    remediation:
      'Set the pod MTU to the underlying MTU minus the encapsulation overhead (Calico veth_mtu: 8981 for IP in IP and 8951 for VXLAN on EC2 ' +
      'in a VPC, 1480/1450 on a 1500-byte network), or set it to 0 to let Calico detect it; for Cilium, set `mtu` to the underlying MTU or remove it.',
    defaultOptions: {},
    precision: 'medium',
  },
  create: (ctx) => ({
    Model(model) {
      const cni = model.cni;
      const underlying = underlyingMtu(model);
      const calico = cni.calico;
      const veth = calico?.vethMtu;
      // Calico's veth_mtu sets the pod interfaces (and the tunnel devices) for Calico networking and for canal (flannel).
      const calicoCm = calicoConfig(model);
      if (veth?.at && veth.value > 0 && calicoCm) {
        const encaps = encapsulations(model);
        const worst = encaps.sort((a, b) => b.overhead - a.overhead)[0];
        if (worst && veth.value + worst.overhead > underlying.mtu)
          ctx.report({
            messageId: 'podMtuTooLarge',
            at: veth.at,
            object: calicoCm,
            data: {
              setting: `ConfigMap ${calicoCm.namespace}/${calicoCm.name} veth_mtu`,
              mtu: String(veth.value),
              overhead: String(worst.overhead),
              encapsulation: worst.name,
              total: String(veth.value + worst.overhead),
              underlying: String(underlying.mtu),
              why: underlying.why,
            },
            related: [...encaps.map((e) => ({ at: e.at, message: `${e.name}: ${e.overhead} bytes of overhead` })), ...(underlying.at ? [underlying.at] : [])],
          });
      }
      const cilium = ciliumMtu(model);
      if (cilium && cni.networking.includes('cilium') && cni.cilium?.routingMode.value === 'tunnel' && cilium.mtu > underlying.mtu) {
        const proto = cni.cilium.tunnelProtocol.value;
        ctx.report({
          messageId: 'ciliumMtuTooLarge',
          at: cilium.at,
          object: cilium.cm,
          data: {
            setting: `ConfigMap ${cilium.cm.namespace}/${cilium.cm.name} mtu`,
            mtu: String(cilium.mtu),
            overhead: String(OVERHEAD.VXLAN),
            encapsulation: proto === 'geneve' ? 'Geneve' : 'VXLAN',
            underlying: String(underlying.mtu),
            why: underlying.why,
          },
          related: [...(cni.cilium.routingMode.at ? [{ at: cni.cilium.routingMode.at, message: 'routing-mode: tunnel' }] : [{ at: cni.cilium.at, message: 'Cilium tunnels by default' }]), ...(underlying.at ? [underlying.at] : [])],
        });
      }
    },
  }),
});

interface Encapsulation {
  name: string;
  overhead: number;
  at: SourceRef;
}

/** The encapsulations pod traffic between nodes goes through: Calico pools (Calico networking), flannel's VXLAN backend. */
function encapsulations(model: Model): Encapsulation[] {
  const cni = model.cni;
  const out: Encapsulation[] = [];
  if (cni.networking.includes('calico'))
    for (const pool of cni.calico?.ipPools ?? []) {
      const e = pool.encapsulation;
      if (pool.disabled.value || e.value.type === 'none' || !e.at) continue;
      const v6 = pool.cidr?.value.includes(':') ?? false;
      const overhead = e.value.type === 'IPIP' ? OVERHEAD.IPIP : v6 ? OVERHEAD.VXLAN6 : OVERHEAD.VXLAN;
      out.push({ name: `IPPool ${pool.name} ${e.value.type === 'IPIP' ? 'IP in IP' : v6 ? 'IPv6 VXLAN' : 'VXLAN'} (${e.value.mode})`, overhead, at: e.at });
    }
  const flannel = cni.flannel;
  if (cni.networking.includes('flannel') && flannel && flannel.backendType.value === 'vxlan')
    out.push({ name: 'flannel VXLAN backend', overhead: OVERHEAD.VXLAN, at: flannel.backendType.at ?? flannel.at });
  return out;
}

/**
 * Where the nodes run: EC2 in a modelled VPC (9001 between instances of the VPC), else an Ethernet of 1500.
 * Overlay traffic goes node to node inside the cluster's network, so the VPC's MTU is the one that applies.
 */
function underlyingMtu(model: Model): Underlying {
  const ng = model.infra.nodeGroups.find((n) => n.subnets.length > 0);
  if (ng) return { mtu: 9001, why: 'EC2 inside a VPC, jumbo frames', at: { at: ng.at, message: `Node group ${label(ng)}: EC2 instances in a VPC (MTU 9001)` } };
  const cluster = model.infra.clusters[0];
  if (cluster) return { mtu: 9001, why: 'EC2 inside a VPC, jumbo frames', at: { at: cluster.at, message: `EKS cluster ${label(cluster)}: nodes in a VPC (MTU 9001)` } };
  return { mtu: 1500, why: 'no VPC in the input: the Ethernet default' };
}

/** cilium-config `mtu` (not parsed by the model's CNI settings): the underlying network's MTU, 0 = detect. */
function ciliumMtu(model: Model): { mtu: number; at: SourceRef; cm: ConfigMapNode } | undefined {
  const cm = model.configMaps.find((c) => c.name === 'cilium-config' && (c.namespace === 'kube-system' || c.namespace === 'cilium'));
  const raw = cm?.manifest.data?.mtu;
  if (!cm || raw === undefined) return undefined;
  const mtu = parseGoInt(raw.trim());
  return mtu !== undefined && mtu > 0 ? { mtu, at: refOf(cm.manifest.data!, 'mtu'), cm } : undefined;
}

/** The calico-config ConfigMap that states veth_mtu (the one the model's CNI settings read). */
function calicoConfig(model: Model): ConfigMapNode | undefined {
  return model.configMaps.find((c) => c.name === 'calico-config' && (c.namespace === 'kube-system' || c.namespace === 'calico-system'));
}
