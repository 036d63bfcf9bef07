import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const web = f('valid/web.yaml');
const albIp = f('valid/alb-ip-health.yaml');
const nlbInstance = f('invalid/nlb-instance.yaml');

/** The ALB Ingress with another health check port (and target type). */
const albWith = (port: string, targetType = 'ip') => albIp.replace('healthcheck-port: "9090"', `healthcheck-port: "${port}"`).replace('target-type: ip', `target-type: ${targetType}`);
const HC = 'metadata.annotations["alb.ingress.kubernetes.io/healthcheck-port"]';

new RuleTester().run('lb/health-check-port-not-served', rule, {
  valid: [
    {
      name: 'ip targets: the health check port is a declared containerPort',
      files: { 'web.yaml': web, 'ingress.yaml': albIp },
    },
    {
      name: 'ip targets: a named health check port whose Service port has a numeric targetPort',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('metrics') },
    },
    {
      name: 'ip targets: the traffic port',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('traffic-port') },
    },
    {
      name: "instance targets: another Service's node port",
      files: { 'web.yaml': web, 'ingress.yaml': albWith('30090', 'instance') },
    },
    {
      name: "instance targets: kube-proxy's health check server on every node",
      files: { 'web.yaml': web, 'svc.yaml': nlbInstance.replace('healthcheck-port: "8080"', 'healthcheck-port: "10256"') },
    },
    {
      name: 'instance targets: a port of the NodePort range that a Service without a stated nodePort may get',
      files: { 'web.yaml': web, 'svc.yaml': nlbInstance.replace('healthcheck-port: "8080"', 'healthcheck-port: "31000"').replace(', nodePort: 30443', '') },
    },
    {
      name: 'a port of a node port that the option adds',
      files: { 'web.yaml': web, 'svc.yaml': nlbInstance },
      options: { nodeServedPorts: [8080] },
    },
  ],
  invalid: [
    {
      name: 'ip targets: a health check port no container declares',
      files: { 'web.yaml': web, 'ingress.yaml': f('invalid/alb-ip-undeclared.yaml') },
      errors: [
        {
          messageId: 'ipPortNotDeclared',
          data: { lb: 'The internet-facing ALB of Ingress shop/web', port: '8081', service: 'shop/web', pods: 'Deployment shop/web', trafficPort: '80 (targetPort http)' },
          object: 'shop/Ingress/web',
          file: 'ingress.yaml',
          path: HC,
          line: 10,
          column: 49,
          endLine: 10,
          endColumn: 55,
        },
      ],
    },
    {
      name: 'instance targets of an NLB: a health check port that is no node port',
      files: { 'web.yaml': web, 'svc.yaml': nlbInstance },
      errors: [
        {
          messageId: 'instancePortNotServed',
          data: { port: '8080', known: '10250, 10256, 30080, 30090, 30443' },
          object: 'shop/Service/web-nlb',
          file: 'svc.yaml',
          line: 10,
          column: 68,
          endLine: 10,
          endColumn: 74,
        },
      ],
    },
    {
      name: 'a named health check port that is no Service port',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('admin') },
      errors: [{ messageId: 'namedPortUnknown', data: { port: 'admin', names: 'http, metrics' }, file: 'ingress.yaml', path: HC, line: 10, column: 49, endLine: 10, endColumn: 56 }],
    },
    {
      name: 'ip targets: a named health check port whose Service port has a named targetPort',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('http') },
      errors: [{ messageId: 'namedTargetPortNamed', data: { servicePort: 'http (80)', targetPort: 'http' }, file: 'ingress.yaml', path: HC, line: 10, column: 49, endLine: 10, endColumn: 55 }],
    },
    {
      name: 'instance targets: a named health check port of a ClusterIP Service',
      files: { 'web.yaml': web.replace('  type: NodePort\n', ''), 'ingress.yaml': albWith('metrics', 'instance') },
      errors: [{ messageId: 'namedPortNoNodePort', data: { servicePort: 'metrics (9090)', type: 'ClusterIP' }, file: 'ingress.yaml', path: HC, line: 10, column: 49, endLine: 10, endColumn: 58 }],
    },
  ],
});
