import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { infraLabel } from '../../../src/model/infra/label.js';
import { isHeadless, qualifiedName, serviceSelector, serviceTypeOf } from '../../../src/model/index.js';
import type { Model } from '../../../src/model/types.js';

type Family = 'IPv4' | 'IPv6';

/** The IP families the cluster allocates Service IPs from, and the fields that say so; undefined when not known. */
interface ClusterFamilies {
  families: ReadonlySet<Family>;
  /** "EKS cluster shop (ipFamily IPv4)". */
  text: string;
  related: RelatedLocation[];
}

/**
 * EKS clusters are single-stack for Services: IPv4, or IPv6 (kubernetesNetworkConfig.ipFamily; EKS gives an IPv6
 * cluster an IPv6 service range only). With several EKS clusters of different families the input does not say which
 * cluster a Service belongs to. Without EKS, a kubeadm ClusterConfiguration's networking.serviceSubnet (comma-separated
 * for dual stack) decides.
 */
function clusterFamilies(model: Model): ClusterFamilies | undefined {
  const clusters = model.infra.clusters;
  if (clusters.length > 0) {
    // A family the input states symbolically (a CloudFormation !Ref to a parameter without a value) is not known.
    if (clusters.some((c) => c.ipFamilyUnresolved)) return undefined;
    const families = new Set<Family>(clusters.map((c) => c.ipFamily));
    if (families.size !== 1) return undefined;
    const family = [...families][0]!;
    return {
      families,
      text: `${clusters.length === 1 ? `EKS cluster ${infraLabel(clusters[0]!)}` : 'the EKS clusters'} (ipFamily ${family}, single-stack)`,
      related: clusters.map((c) => ({ at: c.at, message: `EKS cluster ${infraLabel(c)}: ipFamily ${c.ipFamily}` })),
    };
  }
  const kubeadm = model.cni.kubeadm;
  if (kubeadm.length !== 1) return undefined;
  const subnets = kubeadm[0]!.serviceSubnets;
  const families = new Set<Family>(subnets.value.map((s) => (s.value.includes(':') ? 'IPv6' : 'IPv4')));
  if (families.size === 0) return undefined;
  const list = subnets.value.map((s) => s.value).join(',');
  return {
    families,
    text: `the cluster (kubeadm serviceSubnet ${list})`,
    related: subnets.value.map((s) => ({ at: s.at, message: `kubeadm networking.serviceSubnet ${s.value}` })),
  };
}

export default defineRule({
  id: 'service/ip-family-unsupported',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: "Report Services asking for an IP family or dual stack the cluster's Service network does not have", recommended: true },
    messages: {
      familyMissing:
        'Service {{service}}: spec.ipFamilies names {{family}}, which {{cluster}} does not allocate Service IPs from; the API server rejects it ("not configured on this cluster").',
      dualStackRequired:
        'Service {{service}}: ipFamilyPolicy RequireDualStack on {{cluster}}; the API server rejects it ("this cluster is not configured for dual-stack services").',
    },
    remediation:
      "List only the cluster's family in spec.ipFamilies (or leave it out), and use ipFamilyPolicy SingleStack or PreferDualStack (which falls back " +
      'to one family on a single-stack cluster) unless the cluster is made dual-stack.',
    defaultOptions: {},
  },
  create: (ctx) => {
    let cluster: ClusterFamilies | undefined | null = null;
    return {
      Service(svc) {
        if (cluster === null) cluster = clusterFamilies(ctx.model);
        if (!cluster) return;
        const spec = svc.manifest.spec;
        // ExternalName Services get no IPs; headless Services without a selector may name any family (the API server's special case).
        if (!spec || serviceTypeOf(svc) === 'ExternalName' || (isHeadless(svc) && !serviceSelector(svc))) return;
        const service = qualifiedName(svc);
        if (spec.ipFamilyPolicy === 'RequireDualStack' && cluster.families.size < 2)
          ctx.report({ messageId: 'dualStackRequired', at: refOf(spec, 'ipFamilyPolicy'), object: svc, data: { service, cluster: cluster.text }, related: cluster.related });
        (spec.ipFamilies ?? []).forEach((family, i) => {
          if (cluster!.families.has(family as Family)) return;
          ctx.report({
            messageId: 'familyMissing',
            at: refOf(spec, 'ipFamilies', i),
            object: svc,
            key: `ipFamilies[${i}]`,
            data: { service, family: String(family), cluster: cluster!.text },
            related: cluster!.related,
          });
        });
      },
    };
  },
});
