import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

new RuleTester().run('deps/service-not-found', rule, {
  valid: [
    {
      name: 'every cluster reference names a Service of the input; localhost, external hosts and a bare unknown name are not cluster references',
      files: { 'shop.yaml': fixture('valid/checkout.yaml') },
    },
  ],
  invalid: [
    {
      name: 'a typo in a file of a mounted ConfigMap (rules/deps/shared.test.ts pins the volume as its related location)',
      files: { 'gateway.yaml': fixture('invalid/mounted-config.yaml') },
      errors: [
        {
          messageId: 'serviceNotFoundSimilar',
          data: { via: 'file /etc/gateway/routes.yaml from ConfigMap petclinic/gateway-routes key routes.yaml', reference: 'vists-service.petclinic.svc.cluster.local:8080', service: 'petclinic/vists-service' },
          object: 'petclinic/Deployment/api-gateway',
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 66,
        },
      ],
    },
    {
      // Kubernetes, DNS for Services and Pods: "For Pods running with hostNetwork, you should explicitly set its DNS policy to ClusterFirstWithHostNet".
      name: 'a hostNetwork pod with dnsPolicy ClusterFirst cannot resolve a cluster name, even of a Service that exists',
      files: { 'agent.yaml': fixture('invalid/host-network-agent.yaml') },
      errors: [
        {
          messageId: 'noClusterDns',
          data: { workload: 'DaemonSet monitoring/node-agent', via: 'env COLLECTOR_ADDR', reference: 'collector.monitoring.svc:4317' },
          object: 'monitoring/DaemonSet/node-agent',
          line: 16,
          column: 47,
          endLine: 16,
          endColumn: 76,
        },
      ],
    },
    {
      name: 'a ConfigMap URL to a missing Service, a typo in a cluster FQDN, and a Service in a namespace the input does not have',
      files: { 'shop.yaml': fixture('invalid/checkout.yaml') },
      errors: [
        {
          messageId: 'serviceNotFoundSimilar',
          data: { via: 'env DATABASE_URL from ConfigMap shop/checkout-config key DATABASE_URL', reference: 'orders.shop:5432', service: 'shop/orders', similar: 'paymentservice, shippingservice' },
          object: 'shop/Deployment/checkout',
          path: 'data.DATABASE_URL',
          line: 12,
          column: 28,
          endLine: 12,
          endColumn: 44,
        },
        {
          messageId: 'serviceNotFoundSimilar',
          data: { workload: 'Deployment shop/checkout', via: 'env SHIPPING_SERVICE_ADDR', reference: 'shipping.shop.svc.cluster.local:50051', service: 'shop/shipping', similar: 'shippingservice, paymentservice' },
          path: 'spec.template.spec.containers[0].env[1].value',
          line: 39,
          column: 23,
          endLine: 39,
          endColumn: 60,
        },
        {
          messageId: 'namespaceNotFound',
          data: { via: 'env CACHE_ADDR', reference: 'redis.cache.svc.cluster.local:6379', service: 'cache/redis', namespace: 'cache' },
          path: 'spec.template.spec.containers[0].env[2].value',
          line: 41,
          column: 23,
          endLine: 41,
          endColumn: 57,
        },
      ],
    },
    {
      name: 'name.namespace in another namespace of the input, written in args',
      files: {
        'app.yaml': [
          'apiVersion: v1',
          'kind: Namespace',
          'metadata:',
          '  name: data',
          '---',
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: api',
          '  namespace: web',
          'spec:',
          '  selector:',
          '    matchLabels: { app: api }',
          '  template:',
          '    metadata:',
          '      labels: { app: api }',
          '    spec:',
          '      containers:',
          '        - name: api',
          '          image: api:1',
          '          args: ["--db=mysql://ledger.data/ledger"]',
          '',
        ].join('\n'),
      },
      errors: [{ messageId: 'serviceNotFound', data: { reference: 'ledger.data', service: 'data/ledger', via: 'args[0]' }, path: 'spec.template.spec.containers[0].args[0]', line: 21, column: 32, endLine: 21, endColumn: 43 }],
    },
  ],
});
