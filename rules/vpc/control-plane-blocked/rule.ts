import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { PortSet } from '../../../src/engine/ports.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { controlPlaneEndpoint, nodeGroupEndpoint, podEndpoint, vpcPath, type VpcBlocker, type VpcPathResult } from '../../../src/engine/vpc/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { Webhook, WebhookConfiguration } from '../../../src/loader/schemas/index.js';
import type { LoadedObject } from '../../../src/loader/types.js';
import { nodeGroupsFor, type EksClusterElement, type NodeGroupElement } from '../../../src/model/index.js';
import type { Model } from '../../../src/model/types.js';
import { InfraIndex, label, objectOf } from '../infra.js';
import { blockerKey, flowOf, otherBlockersText, relatedOf } from '../paths.js';

/** AWS "Amazon EKS security group requirements" (sec-group-reqs.html): the minimum the control plane and nodes need. */
const KUBELET = ConnSet.of('TCP', PortSet.single(10250));
const API_SERVER = ConnSet.of('TCP', PortSet.single(443));
/** admissionregistration.k8s.io/v1 ServiceReference.port default. */
const WEBHOOK_DEFAULT_PORT = 443;
const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

type MessageId = 'kubeletBlocked' | 'apiServerBlocked' | 'webhookBlocked';

/** What a webhook call adds to a finding; empty for the kubelet and API server paths. */
interface Extra {
  key: string;
  data: Record<string, string>;
  related: RelatedLocation[];
}

/** One webhook the API server calls through a Service of the input, on the connections its pods serve. */
interface WebhookCall {
  config: LoadedObject;
  webhook: Webhook;
  service: string;
  related: RelatedLocation[];
  /** Each backend workload's pods, on the node groups they can run on, with the target port they listen on. */
  targets: { workload: string; hostNetwork: boolean; nodeGroups: NodeGroupElement[]; conn: ConnSet }[];
}

export default defineRule({
  id: 'vpc/control-plane-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        "Report security groups and network ACLs that block the EKS control plane from the nodes' kubelet (TCP 10250) or from admission webhook pods, or the nodes from the API server (TCP 443)",
      recommended: true,
    },
    messages: {
      kubeletBlocked:
        'EKS cluster {{cluster}}: the control plane cannot reach the kubelet (TCP 10250) of node group(s) {{nodeGroup}}, blocked by {{setting}}{{others}}; ' +
        'kubectl logs/exec and metrics fail.',
      apiServerBlocked:
        'EKS cluster {{cluster}}: node group(s) {{nodeGroup}} cannot reach the API server (TCP 443 to the control plane ENIs), blocked by {{setting}}{{others}}; ' +
        'its nodes cannot join the cluster.',
      webhookBlocked:
        'EKS cluster {{cluster}}: the control plane cannot call webhook {{webhook}} of {{config}} ({{service}} → {{workload}} on {{conn}}) on node group(s) {{nodeGroup}}, ' +
        'blocked by {{setting}}{{others}}; {{effect}}.',
    },
    remediation:
      'Allow TCP 443 from the node security group into the control plane security group and TCP 10250 (AWS recommends 1025-65535, which ' +
      'also covers webhook ports such as 8443 or 9443) from the control plane security group into the node security group — or keep the EKS ' +
      "cluster security group on the nodes — and let the subnets' network ACLs pass both directions with the ephemeral ports 1024-65535 for replies.",
    defaultOptions: {},
  },
  create: (ctx) => {
    // One finding per blocking setting and path kind: a security group or ACL entry that cuts several node groups
    // off the control plane is one thing to fix, named once with every node group it cuts.
    type Entry = { messageId: MessageId; cluster: EksClusterElement; nodeGroups: NodeGroupElement[]; blocker: VpcBlocker; result: VpcPathResult; extra: Extra };
    let found = new Map<string, Entry>();
    const collect = (messageId: MessageId, cluster: EksClusterElement, ng: NodeGroupElement, result: VpcPathResult, extra: Extra) => {
      for (const blocker of result.blockers) {
        const key = `${cluster.key}|${messageId}|${extra.key}|${blockerKey(blocker)}`;
        const entry = found.get(key) ?? { messageId, cluster, nodeGroups: [], blocker, result, extra };
        found.set(key, entry);
        if (!entry.nodeGroups.includes(ng)) entry.nodeGroups.push(ng);
      }
    };
    const flush = () => {
      for (const [key, { messageId, cluster, nodeGroups, blocker, result, extra }] of found)
        ctx.report({
          messageId,
          at: blocker.at,
          object: objectOf('EksCluster', cluster),
          key,
          data: { cluster: label(cluster), nodeGroup: nodeGroups.map(label).join(', '), setting: blocker.setting, others: otherBlockersText(result, blocker), ...extra.data },
          related: relatedOf(blocker, [
            { at: cluster.at, message: `EKS cluster ${label(cluster)}` },
            ...nodeGroups.map((ng) => ({ at: ng.at, message: `node group ${label(ng)}` })),
            ...extra.related,
          ]),
          flow: flowOf(result),
        });
      found = new Map();
    };
    return {
      Model(model) {
        const infra = model.infra;
        const index = new InfraIndex(infra);
        const none = { key: '', data: {}, related: [] };
        for (const cluster of infra.clusters) {
          const controlPlane = controlPlaneEndpoint(infra, cluster);
          for (const ng of infra.nodeGroups.filter((n) => index.clusterOf(n) === cluster)) {
            const nodes = nodeGroupEndpoint(infra, ng);
            collect('kubeletBlocked', cluster, ng, vpcPath(infra, model.cni, controlPlane, nodes, KUBELET), none);
            collect('apiServerBlocked', cluster, ng, vpcPath(infra, model.cni, nodes, controlPlane, API_SERVER), none);
          }
        }
        for (const call of webhookCalls(model))
          for (const target of call.targets)
            for (const ng of target.nodeGroups) {
              const cluster = index.clusterOf(ng);
              if (!cluster) continue;
              const pods = target.hostNetwork ? nodeGroupEndpoint(infra, ng) : podEndpoint(infra, model.cni, ng);
              const result = vpcPath(infra, model.cni, controlPlaneEndpoint(infra, cluster), pods, target.conn);
              const data = {
                webhook: call.webhook.name,
                config: `${call.config.kind} ${call.config.manifest.metadata.name}`,
                service: call.service,
                workload: target.workload,
                conn: target.conn.toString(),
                effect:
                  call.webhook.failurePolicy === 'Ignore'
                    ? 'with failurePolicy Ignore the API server skips the webhook after its timeout, so its checks silently stop applying'
                    : 'with failurePolicy Fail (the default) every request the webhook intercepts is rejected',
              };
              collect('webhookBlocked', cluster, ng, result, { key: `${call.config.kind}/${call.config.manifest.metadata.name}/${call.webhook.name}/${target.workload}`, data, related: call.related });
            }
        flush();
      },
    };
  },
});

/** The webhooks of the input that call a Service of the input, resolved to its backends' target ports. */
function webhookCalls(model: Model): WebhookCall[] {
  const out: WebhookCall[] = [];
  for (const config of model.objects) {
    if (!WEBHOOK_KINDS.has(config.kind)) continue;
    for (const webhook of (config.manifest as WebhookConfiguration).webhooks ?? []) {
      const ref = webhook.clientConfig.service;
      if (!ref) continue; // a URL: outside the cluster, not the control plane → pods path
      const service = model.service(ref.namespace, ref.name);
      const portNumber = ref.port ?? WEBHOOK_DEFAULT_PORT;
      const port = service?.manifest.spec?.ports?.find((p) => p.port === portNumber && (p.protocol ?? 'TCP') === 'TCP');
      if (!service || !port) continue; // a missing Service or port is a different defect, not a path
      const related: RelatedLocation[] = [
        { at: maybeRefOf(ref, 'port') ?? refOf(ref, 'name'), message: `${config.kind} ${config.manifest.metadata.name}: webhook ${webhook.name} calls Service ${ref.namespace}/${ref.name} on port ${portNumber}` },
        { at: refOf(port, 'port'), message: `Service ${ref.namespace}/${ref.name} port ${portNumber}` },
      ];
      const targets = model.backendsOf(service).flatMap((w) => {
        const conn = targetConn(port, w);
        const nodeGroups = nodeGroupsFor(w, model.infra);
        return conn.isEmpty() || nodeGroups.length === 0 ? [] : [{ workload: `${w.kind} ${w.namespace}/${w.name}`, hostNetwork: w.template.spec.hostNetwork === true, nodeGroups, conn }];
      });
      out.push({ config, webhook, service: `Service ${ref.namespace}/${ref.name}:${portNumber}`, related, targets });
    }
  }
  return out;
}
