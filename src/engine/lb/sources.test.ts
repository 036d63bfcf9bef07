import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/load.js';
import { lintFiles } from '../../lint/rule-tester.js';
import { loadBalancersOf } from '../../model/lb/index.js';
import type { Model } from '../../model/types.js';
import { lbContexts, lbSubnets } from '../vpc/lb-placement.js';
import { internetAddresses } from '../internet.js';
import { IpSet } from '../ip.js';
import { lbClients, lbSources, loadBalancerAddresses, preservation } from './sources.js';

/** Public subnet 10.0.0.0/24 (role elb, routed to an internet gateway), private 10.0.16.0/20 (role internal-elb) with the nodes. */
const VPC = `
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Igw: { Type: AWS::EC2::InternetGateway }
  Attach: { Type: AWS::EC2::VPCGatewayAttachment, Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw } }
  Public:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: eu-west-1a, Tags: [{ Key: kubernetes.io/role/elb, Value: '1' }] }
  Private:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.16.0/20, AvailabilityZone: eu-west-1a, Tags: [{ Key: kubernetes.io/role/internal-elb, Value: '1' }] }
  Routes: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Default: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Routes, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw } }
  Assoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref Public, RouteTableId: !Ref Routes } }
  Cluster:
    Type: AWS::EKS::Cluster
    Properties: { Name: shop, RoleArn: arn:aws:iam::111122223333:role/eks, ResourcesVpcConfig: { SubnetIds: [!Ref Private] } }
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties: { ClusterName: !Ref Cluster, NodeRole: arn:aws:iam::111122223333:role/node, Subnets: [!Ref Private] }
`;

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx, ports: [{ name: http, containerPort: 8080 }] }] }
`;

/** A LoadBalancer Service for the web pods with these annotations and extra spec lines. */
function nlb(annotations: Record<string, string>, spec = '', protocol = 'TCP'): string {
  const a = Object.entries({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', ...annotations })
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n${a}\nspec:\n  type: LoadBalancer\n  selector: { app: web }\n${spec}  ports: [{ name: http, port: 80, targetPort: http, protocol: ${protocol} }]\n`;
}

const ALB = `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ name: http, port: 80, targetPort: http }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { alb.ingress.kubernetes.io/scheme: internet-facing, alb.ingress.kubernetes.io/target-type: ip }
spec:
  ingressClassName: alb
  defaultBackend: { service: { name: web, port: { name: http } } }
`;

async function modelOf(files: Record<string, string>): Promise<Model> {
  return (await lintFiles(files, [], { ...defaultConfig(), rules: {} })).model;
}

/** The sources of the model's only load balancer, placed as the controller places it. */
async function sourcesOf(app: string, withVpc = true) {
  const model = await modelOf({ ...(withVpc ? { 'vpc.yaml': VPC } : {}), 'web.yaml': WEB, 'app.yaml': app });
  const lb = loadBalancersOf(model).all[0]!;
  const context = lbContexts(model, lb)[0] ?? { nodeGroups: [] };
  const subnets = lbSubnets(model.infra, context, lb)?.subnets ?? [];
  return { model, lb, context, subnets, sources: lbSources(model.infra, lb, context, subnets, lb.targetGroups[0]!) };
}

const cidrs = (s: IpSet) => s.toCidrs();

describe('lbSources', () => {
  it('ALB: the targets and the pods see its own addresses in its subnets; health checks come from there too', async () => {
    const { sources } = await sourcesOf(ALB);
    expect(sources.preserved.preserved).toBe(false);
    expect(sources.preserved.why).toContain('X-Forwarded-For');
    expect(cidrs(sources.atTarget.set)).toEqual(['10.0.0.0/24']);
    expect(cidrs(sources.atPod.set)).toEqual(['10.0.0.0/24']);
    expect(cidrs(sources.healthChecks.set)).toEqual(['10.0.0.0/24']);
    // Internet-facing, default inbound 0.0.0.0/0: only public addresses arrive.
    expect(sources.clients.set.equals(internetAddresses().intersect(IpSet.allV4()))).toBe(true);
  });

  it('NLB with TCP ip targets: no client IP preservation by default', async () => {
    const { sources } = await sourcesOf(nlb({ 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' }));
    expect(sources.preserved.preserved).toBe(false);
    expect(cidrs(sources.atPod.set)).toEqual(['10.0.16.0/20']); // internal by default: the internal-elb subnet
  });

  it('NLB with ip targets and preserve_client_ip.enabled=true: the pods see the clients, health checks the NLB', async () => {
    const { sources } = await sourcesOf(
      nlb(
        { 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip', 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true' },
        '  loadBalancerSourceRanges: [10.1.0.0/16]\n',
      ),
    );
    expect(sources.preserved.preserved).toBe(true);
    expect(cidrs(sources.atPod.set)).toEqual(['10.1.0.0/16']);
    expect(cidrs(sources.healthChecks.set)).toEqual(['10.0.16.0/20']);
  });

  it('NLB with UDP ip targets: client addresses are always preserved', async () => {
    const { sources } = await sourcesOf(nlb({ 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' }, '', 'UDP'));
    expect(sources.preserved).toEqual({ preserved: true, why: 'an NLB always preserves client addresses for UDP' });
    // An internal NLB of the controller admits the VPC's CIDRs by default.
    expect(cidrs(sources.atPod.set)).toEqual(['10.0.0.0/16']);
  });

  it('instance targets, externalTrafficPolicy Cluster: the pods see node addresses whatever the NLB preserves', async () => {
    const { sources } = await sourcesOf(nlb({}));
    expect(sources.preserved.preserved).toBe(true);
    expect(cidrs(sources.atTarget.set)).toEqual(['10.0.0.0/16']);
    expect(cidrs(sources.atPod.set)).toEqual(['10.0.16.0/20']);
    expect(sources.atPod.why).toContain('masquerades');
  });

  it('instance targets, externalTrafficPolicy Local: kube-proxy keeps what the node sees', async () => {
    const { sources } = await sourcesOf(nlb({}, '  externalTrafficPolicy: Local\n'));
    expect(cidrs(sources.atPod.set)).toEqual(['10.0.0.0/16']);
  });

  it('a Classic Load Balancer opens its own connections', async () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80, targetPort: http }] }\n';
    const { lb } = await sourcesOf(svc);
    expect(lb.kind).toBe('CLB');
    expect(preservation(lb, lb.targetGroups[0]!.port).preserved).toBe(false);
  });
});

describe('without the subnets or the VPC', () => {
  it("the load balancer's own addresses: the VPC's CIDRs when only the VPC is known, else none", async () => {
    const { context } = await sourcesOf(ALB);
    expect(cidrs(loadBalancerAddresses([], context.vpc).set)).toEqual(['10.0.0.0/16']);
    expect(loadBalancerAddresses([], context.vpc).text).toContain('its subnets are not in the input');
    expect(loadBalancerAddresses([]).set.isEmpty()).toBe(true);
  });

  it("an internal NLB's default clients (the VPC's CIDRs) are unknown without the VPC", async () => {
    const { lb } = await sourcesOf(nlb({}), false);
    const clients = lbClients(lb, { nodeGroups: [] });
    expect(clients.set.isEmpty()).toBe(true);
    expect(clients.text).toContain("the VPC's CIDRs, not in the input");
  });

  it('a preserving NLB: the clients are known from the Service alone', async () => {
    const { sources } = await sourcesOf(nlb({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' }, '  externalTrafficPolicy: Local\n  loadBalancerSourceRanges: [81.2.69.0/24]\n'), false);
    expect(cidrs(sources.atPod.set)).toEqual(['81.2.69.0/24']);
    expect(sources.healthChecks.set.isEmpty()).toBe(true);
  });
});
