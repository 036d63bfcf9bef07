import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { protocolOf, qualifiedName } from '../../../src/model/index.js';
import { allocatesNodePorts, portLabel } from '../shared.js';

/**
 * The first entry whose node port collides with an earlier allocation, simulating the API server's
 * initNodePorts (pkg/registry/core/service/storage/alloc.go): entries with the same `port` number share
 * one node port (TCP and UDP 53 on 30053), but a node port requested by entries with different port
 * numbers is allocated twice, and the second allocation fails.
 */
function reusedNodePorts(ports: readonly ServicePort[]): { index: number; owner: number; nodePort: number }[] {
  const byPort = new Map<number, number | 'auto'>();
  const owners = new Map<number, number>();
  const out: { index: number; owner: number; nodePort: number }[] = [];
  const take = (nodePort: number, index: number) => {
    const owner = owners.get(nodePort);
    if (owner === undefined) owners.set(nodePort, index);
    else out.push({ index, owner, nodePort });
  };
  ports.forEach((sp, i) => {
    const assigned = byPort.get(sp.port);
    if (assigned === undefined) {
      // findRequestedNodePort: the first entry with this port number that asks for a node port.
      const requestedBy = ports.findIndex((p) => p.port === sp.port && p.nodePort !== undefined);
      const requested = requestedBy < 0 ? undefined : ports[requestedBy]!.nodePort;
      if (requested === undefined) {
        byPort.set(sp.port, 'auto');
        return;
      }
      take(requested, requestedBy);
      byPort.set(sp.port, requested);
    } else if (sp.nodePort !== undefined && sp.nodePort !== assigned) {
      take(sp.nodePort, i);
    }
  });
  return out;
}

export default defineRule({
  id: 'service/duplicate-port',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report Service ports that repeat a port, name or nodePort, or lack the name a multi-port Service needs', recommended: true },
    messages: {
      duplicatePort:
        'Service {{service}}: port {{port}} of spec.ports[{{index}}] repeats spec.ports[{{first}}]; ' +
        'the API server rejects two ports with the same number and protocol (Duplicate value).',
      duplicateName:
        'Service {{service}}: port name {{name}} of spec.ports[{{index}}] repeats spec.ports[{{first}}]; the API server rejects duplicate port names.',
      missingName:
        'Service {{service}}: port {{port}} of spec.ports[{{index}}] has no name, but every port of a Service with more than one port ' +
        'needs one; the API server rejects it (Required value).',
      duplicateNodePort:
        'Service {{service}}: nodePort {{nodePort}}/{{protocol}} of spec.ports[{{index}}] repeats spec.ports[{{first}}]; ' +
        'the API server rejects the same nodePort and protocol twice (Duplicate value).',
      nodePortReused:
        'Service {{service}}: nodePort {{nodePort}} of spec.ports[{{index}}], port {{port}}, is already allocated for spec.ports[{{first}}], port {{firstPort}}; ' +
        'only ports with the same port number may share a node port, so the API server rejects the Service (provided port is already allocated).',
    },
    remediation:
      'Give every entry of `spec.ports` its own port number per protocol, its own name (required once there are two ports), ' +
      'and its own nodePort unless the entries are the same port number on different protocols (e.g. DNS on TCP and UDP 53).',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Service(svc) {
      const ports = svc.manifest.spec?.ports ?? [];
      const service = qualifiedName(svc);
      const firstPort = new Map<string, number>();
      const firstName = new Map<string, number>();
      const firstNodePort = new Map<string, number>();
      let duplicateNodePort = false;
      // Indices as written in the file: the loader may have dropped an invalid port before this one.
      const written = ports.map((p, i) => {
        const last = refOf(p).path.at(-1);
        return typeof last === 'number' ? last : i;
      });
      const related = (i: number, field: string, what: string) => [{ at: refOf(ports[i]!, field), message: `spec.ports[${written[i]}]: ${what}` }];

      ports.forEach((p, i) => {
        const index = written[i]!;
        const protocol = protocolOf(p);
        if (!p.name) {
          if (ports.length > 1) {
            ctx.report({ messageId: 'missingName', at: refOf(p, 'port'), object: svc, data: { service, port: portLabel(p), index } });
          }
        } else {
          const first = firstName.get(p.name);
          if (first === undefined) firstName.set(p.name, i);
          else {
            ctx.report({
              messageId: 'duplicateName',
              at: refOf(p, 'name'),
              object: svc,
              related: related(first, 'name', `the first port named ${p.name}`),
              data: { service, name: p.name, index, first: written[first]! },
            });
          }
        }

        const portKey = `${p.port}/${protocol}`;
        const first = firstPort.get(portKey);
        if (first === undefined) firstPort.set(portKey, i);
        else {
          ctx.report({
            messageId: 'duplicatePort',
            at: refOf(p, 'port'),
            object: svc,
            related: related(first, 'port', `the first port ${portKey}`),
            data: { service, port: portKey, index, first: written[first]! },
          });
        }

        if (p.nodePort !== undefined) {
          const nodeKey = `${p.nodePort}/${protocol}`;
          const firstNode = firstNodePort.get(nodeKey);
          if (firstNode === undefined) firstNodePort.set(nodeKey, i);
          else {
            duplicateNodePort = true;
            ctx.report({
              messageId: 'duplicateNodePort',
              at: refOf(p, 'nodePort'),
              object: svc,
              related: related(firstNode, 'nodePort', `the first nodePort ${nodeKey}`),
              data: { service, nodePort: p.nodePort, protocol, index, first: written[firstNode]! },
            });
          }
        }
      });

      // Validation fails before allocation, so allocation conflicts only matter once nodePorts are unique per protocol.
      if (duplicateNodePort || !allocatesNodePorts(svc)) return;
      for (const { index, owner, nodePort } of reusedNodePorts(ports)) {
        const p = ports[index]!;
        ctx.report({
          messageId: 'nodePortReused',
          at: refOf(p, 'nodePort'),
          object: svc,
          related: related(owner, 'nodePort', `nodePort ${nodePort} allocated first`),
          data: { service, nodePort, index, port: portLabel(p), first: owner, firstPort: portLabel(ports[owner]!) },
        });
      }
    },
  }),
});
