import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionText } from '../region-text.js';
import { parseYaml } from '../yaml-adapter.js';
import { evaluateTemplate, isCloudFormationTemplate, type EvaluateOptions, type EvaluatedTemplate } from './template.js';
import { asString, get, toPlain } from './values.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function evaluate(text: string, options?: EvaluateOptions, file = 't.yaml'): EvaluatedTemplate {
  const { documents, issues } = parseYaml(text, file);
  expect(issues).toEqual([]);
  return evaluateTemplate(documents[0]!, options);
}

/** Everything but locations, for comparing two spellings of one template. */
const summary = (t: EvaluatedTemplate) => ({
  parameters: [...t.parameters].map(([k, p]) => [k, p.type, toPlain(p.value)]),
  conditions: [...t.conditions].map(([k, v]) => [k, typeof v === 'boolean' ? v : v.expr]),
  resources: [...t.resources].map(([k, r]) => [k, r.type, r.condition, typeof r.included === 'boolean' ? r.included : r.included.expr, toPlain(r.properties), r.dependsOn]),
  outputs: [...t.outputs].map(([k, o]) => [k, o.value && toPlain(o.value), o.exportName && toPlain(o.exportName)]),
  issues: t.issues.map((i) => i.message),
});

/** A VPC + EKS network stack the way AWS's sample templates write it (written for these tests). */
const VPC_STACK = lines(
  "AWSTemplateFormatVersion: '2010-09-09'", //                                         1
  'Description: EKS VPC with public and private subnets, a NAT gateway per AZ', //     2
  'Parameters:', //                                                                    3
  '  VpcBlock:', //                                                                    4
  '    Type: String', //                                                               5
  '    Default: 192.168.0.0/16', //                                                    6
  '  Subnet01Block:', //                                                               7
  '    Type: String', //                                                               8
  '    Default: 192.168.0.0/18', //                                                    9
  'Conditions:', //                                                                    10
  '  HasPrivate: !Not [!Equals [!Ref VpcBlock, ""]]', //                               11
  'Resources:', //                                                                     12
  '  VPC:', //                                                                         13
  '    Type: AWS::EC2::VPC', //                                                        14
  '    Properties:', //                                                                15
  '      CidrBlock: !Ref VpcBlock', //                                                 16
  '      Tags:', //                                                                    17
  '        - Key: Name', //                                                            18
  '          Value: !Sub "${AWS::StackName}-VPC"', //                                  19
  '  PublicSubnet01:', //                                                              20
  '    Type: AWS::EC2::Subnet', //                                                     21
  '    Properties:', //                                                                22
  '      VpcId: !Ref VPC', //                                                          23
  '      CidrBlock: !Ref Subnet01Block', //                                            24
  "      AvailabilityZone: !Select [0, !GetAZs '']", //                                25
  '  PublicSubnet02:', //                                                              26
  '    Type: AWS::EC2::Subnet', //                                                     27
  '    Properties:', //                                                                28
  '      VpcId: !Ref VPC', //                                                          29
  '      CidrBlock: !Select [1, !Cidr [!GetAtt VPC.CidrBlock, 4, 14]]', //             30
  "      AvailabilityZone: !Select [1, !GetAZs '']", //                                31
  '  PrivateSubnet01:', //                                                             32
  '    Type: AWS::EC2::Subnet', //                                                     33
  '    Condition: HasPrivate', //                                                      34
  '    Properties:', //                                                                35
  '      VpcId: !Ref VPC', //                                                          36
  '      CidrBlock: !Select [2, !Cidr [!GetAtt VPC.CidrBlock, 4, 14]]', //             37
  "      AvailabilityZone: !Select [0, !GetAZs '']", //                                38
  '  NatEip01:', //                                                                    39
  '    Type: AWS::EC2::EIP', //                                                        40
  '    DependsOn: [VPC]', //                                                           41
  '    Properties: {Domain: vpc}', //                                                  42
  '  NatGateway01:', //                                                                43
  '    Type: AWS::EC2::NatGateway', //                                                 44
  '    Properties:', //                                                                45
  '      AllocationId: !GetAtt NatEip01.AllocationId', //                              46
  '      SubnetId: !Ref PublicSubnet01', //                                            47
  '  PrivateRoute01:', //                                                              48
  '    Type: AWS::EC2::Route', //                                                      49
  '    DependsOn: NatGateway01', //                                                    50
  '    Properties:', //                                                                51
  '      DestinationCidrBlock: 0.0.0.0/0', //                                          52
  '      NatGatewayId: !Ref NatGateway01', //                                          53
  'Outputs:', //                                                                       54
  '  SubnetIds:', //                                                                   55
  '    Value: !Join [",", [!Ref PublicSubnet01, !Ref PublicSubnet02]]', //             56
  '  VpcCidr:', //                                                                     57
  '    Value: !GetAtt VPC.CidrBlock', //                                               58
  '    Export:', //                                                                    59
  '      Name: !Sub "${AWS::StackName}-VpcCidr"', //                                   60
);

describe('recognising templates', () => {
  it('accepts a format version or AWS-typed resources, and nothing that is a Kubernetes object', () => {
    expect(isCloudFormationTemplate({ AWSTemplateFormatVersion: '2010-09-09' })).toBe(true);
    expect(isCloudFormationTemplate({ Resources: { Vpc: { Type: 'AWS::EC2::VPC' } } })).toBe(true);
    expect(isCloudFormationTemplate({ Resources: { Hook: { Type: 'Custom::Thing' } } })).toBe(true);
    expect(isCloudFormationTemplate({ Resources: { x: 1 } })).toBe(false);
    expect(isCloudFormationTemplate({ Resources: { Vpc: { Type: 'vpc' } } })).toBe(false);
    expect(isCloudFormationTemplate({ apiVersion: 'v1', kind: 'ConfigMap', Resources: { Vpc: { Type: 'AWS::EC2::VPC' } } })).toBe(false);
    expect(isCloudFormationTemplate([{ AWSTemplateFormatVersion: '2010-09-09' }])).toBe(false);
    expect(isCloudFormationTemplate(null)).toBe(false);
  });
});

describe('a VPC stack in the AWS style', () => {
  const t = evaluate(VPC_STACK, { region: 'us-west-2' });
  const props = (id: string, ...path: (string | number)[]) => get(t.resources.get(id)?.properties, ...path);

  it('evaluates without issues', () => {
    expect(t.issues).toEqual([]);
  });

  it('resolves subnet ranges through parameters, Fn::Cidr and !GetAtt VPC.CidrBlock', () => {
    expect(asString(props('VPC', 'CidrBlock'))).toBe('192.168.0.0/16');
    expect(asString(props('PublicSubnet01', 'CidrBlock'))).toBe('192.168.0.0/18');
    expect(asString(props('PublicSubnet02', 'CidrBlock'))).toBe('192.168.64.0/18');
    expect(asString(props('PrivateSubnet01', 'CidrBlock'))).toBe('192.168.128.0/18');
  });

  it('keeps availability zones and physical ids symbolic', () => {
    expect(toPlain(props('PublicSubnet02', 'AvailabilityZone')!)).toEqual({ symbolic: 'Fn::GetAZs(us-west-2)[1]' });
    expect(toPlain(props('NatGateway01', 'AllocationId')!)).toEqual({ symbolic: 'GetAtt(NatEip01.AllocationId)' });
    expect(toPlain(props('PrivateRoute01', 'NatGatewayId')!)).toEqual({ symbolic: 'Ref(NatGateway01)' });
  });

  it('locates every value at the expression it came from', () => {
    const at = (id: string, key: string) => {
      const r = props(id, key)!;
      return [r.at.region.startLine, regionText(VPC_STACK, r.at.region)];
    };
    expect(at('PublicSubnet01', 'CidrBlock')).toEqual([24, 'Subnet01Block']);
    // The block came out of the Fn::Cidr call, the second item of the Select.
    expect(at('PublicSubnet02', 'CidrBlock')).toEqual([30, '[!GetAtt VPC.CidrBlock, 4, 14]']);
    expect(at('PublicSubnet02', 'AvailabilityZone')).toEqual([31, 'AvailabilityZone']);
    const cidr = props('PublicSubnet02', 'CidrBlock')!;
    expect(cidr.at.path).toEqual(['Resources', 'PublicSubnet02', 'Properties', 'CidrBlock', 1]);
  });

  it('reports conditions, inclusion, DependsOn and outputs', () => {
    expect(t.conditions.get('HasPrivate')).toBe(true);
    expect(t.resources.get('PrivateSubnet01')).toMatchObject({ type: 'AWS::EC2::Subnet', condition: 'HasPrivate', included: true });
    expect(t.resources.get('PrivateRoute01')!.dependsOn).toEqual(['NatGateway01']);
    expect(t.outputs.get('SubnetIds')!.value && toPlain(t.outputs.get('SubnetIds')!.value!)).toEqual({ symbolic: 'Fn::Join(",", [Ref(PublicSubnet01), Ref(PublicSubnet02)])' });
    expect(asString(t.outputs.get('VpcCidr')!.value)).toBe('192.168.0.0/16');
    expect(toPlain(t.outputs.get('VpcCidr')!.exportName!)).toEqual({ symbolic: 'Fn::Sub("${Ref(AWS::StackName)}-VpcCidr")' });
  });

  it('reports a DependsOn naming no resource at that name', () => {
    const text = VPC_STACK.replace('DependsOn: [VPC]', 'DependsOn: [VPC, Gateway]');
    expect(evaluate(text).issues.map((i) => [i.message, i.at.region.startLine, regionText(text, i.at.region)])).toEqual([
      ['DependsOn "Gateway": no resource of that name (resources: VPC, PublicSubnet01, PublicSubnet02, PrivateSubnet01, NatEip01, NatGateway01, PrivateRoute01)', 41, 'Gateway'],
    ]);
  });

  it('follows given parameter values into Fn::Cidr', () => {
    const other = evaluate(VPC_STACK, { parameters: { VpcBlock: '10.20.0.0/16' } });
    expect(asString(get(other.resources.get('PublicSubnet02')!.properties, 'CidrBlock'))).toBe('10.20.64.0/18');
  });
});

describe('JSON long form and YAML short form', () => {
  const YAML_FORM = lines(
    'Parameters:',
    '  Env: {Type: String, Default: prod}',
    '  Block: {Type: String, Default: 10.0.0.0/16}',
    'Mappings:',
    '  Sizes: {prod: {Bits: 8}, dev: {Bits: 4}}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    '  Both: !And [!Condition IsProd, !Not [!Equals [!Ref AWS::Region, cn-north-1]]]',
    'Resources:',
    '  VPC:',
    '    Type: AWS::EC2::VPC',
    '    Properties: {CidrBlock: !Ref Block}',
    '  Subnet:',
    '    Type: AWS::EC2::Subnet',
    '    Condition: IsProd',
    '    DependsOn: VPC',
    '    Properties:',
    '      CidrBlock: !Select [1, !Cidr [!GetAtt VPC.CidrBlock, 2, !FindInMap [Sizes, !Ref Env, Bits]]]',
    "      AvailabilityZone: !Select [0, !GetAZs '']",
    '      Name: !Join ["-", [!Sub "${Env}-${AWS::Region}", !Select [0, !Split [".", !GetAtt VPC.CidrBlock]]]]',
    '      Gone: !If [Both, !Ref AWS::NoValue, here]',
    '      Import: !ImportValue {"Fn::Sub": "${Env}-Shared"}',
    '      Data: !Base64 {"Fn::Sub": "${Block}"}',
    '      Missing: !Ref Nope',
    'Outputs:',
    '  Id: {Value: !Ref Subnet, Export: {Name: !Sub "${AWS::StackName}-Subnet"}}',
  );
  const JSON_FORM = JSON.stringify(
    {
      Parameters: { Env: { Type: 'String', Default: 'prod' }, Block: { Type: 'String', Default: '10.0.0.0/16' } },
      Mappings: { Sizes: { prod: { Bits: 8 }, dev: { Bits: 4 } } },
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'cn-north-1'] }] }] },
      },
      Resources: {
        VPC: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'Block' } } },
        Subnet: {
          Type: 'AWS::EC2::Subnet',
          Condition: 'IsProd',
          DependsOn: 'VPC',
          Properties: {
            CidrBlock: { 'Fn::Select': [1, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['VPC', 'CidrBlock'] }, 2, { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Bits'] }] }] },
            AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
            Name: { 'Fn::Join': ['-', [{ 'Fn::Sub': '${Env}-${AWS::Region}' }, { 'Fn::Select': [0, { 'Fn::Split': ['.', { 'Fn::GetAtt': 'VPC.CidrBlock' }] }] }]] },
            Gone: { 'Fn::If': ['Both', { Ref: 'AWS::NoValue' }, 'here'] },
            Import: { 'Fn::ImportValue': { 'Fn::Sub': '${Env}-Shared' } },
            Data: { 'Fn::Base64': { 'Fn::Sub': '${Block}' } },
            Missing: { Ref: 'Nope' },
          },
        },
      },
      Outputs: { Id: { Value: { Ref: 'Subnet' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-Subnet' } } } },
    },
    null,
    2,
  );

  it('give the same result', () => {
    for (const options of [{}, { region: 'eu-west-1', stackName: 'net' }, { region: 'cn-north-1', parameters: { Env: 'dev' } }]) {
      const y = evaluate(YAML_FORM, options);
      const j = evaluate(JSON_FORM, options, 't.json');
      expect(summary(j)).toEqual(summary(y));
    }
    const y = summary(evaluate(YAML_FORM, { region: 'eu-west-1' }));
    expect(y.resources[1]![4]).toEqual({
      CidrBlock: '10.0.1.0/24',
      AvailabilityZone: { symbolic: 'Fn::GetAZs(eu-west-1)[0]' },
      Name: 'prod-eu-west-1-10',
      Import: { symbolic: 'ImportValue(prod-Shared)' },
      Data: 'MTAuMC4wLjAvMTY=',
      Missing: { symbolic: 'Ref(Nope)' },
    });
  });

  it('report a missing name at the name in either form', () => {
    const y = evaluate(YAML_FORM).issues[0]!;
    const j = evaluate(JSON_FORM, {}, 't.json').issues[0]!;
    expect(regionText(YAML_FORM, y.at.region)).toBe('Nope');
    expect(regionText(JSON_FORM, j.at.region)).toBe('"Nope"');
  });
});

describe('odd templates', () => {
  it('reports sections, resources and outputs of the wrong shape, and keeps going', () => {
    const text = lines(
      'Parameters: [a]',
      'Resources:',
      '  NoType: {Properties: {A: 1}}',
      '  Scalar: 7',
      '  Ok:',
      '    Type: AWS::SNS::Topic',
      '    Condition: [x]',
      '    DependsOn: [1]',
      'Outputs:',
      '  O: {Export: {}}',
    );
    const t = evaluate(text);
    expect(t.issues.map((i) => [i.message, regionText(text, i.at.region)])).toEqual([
      ['Parameters must be a mapping of logical names', 'Parameters'],
      ['resource NoType has no Type', 'NoType'],
      ['resource Scalar must be a mapping with a Type', '7'],
      ['Condition needs the name of a condition', 'Condition'],
      ['DependsOn needs logical names of resources', '1'],
      ['output O: Export needs a Name', 'Export'],
    ]);
    expect(t.resources.get('NoType')).toMatchObject({ type: '' });
    expect(toPlain(t.resources.get('NoType')!.properties)).toEqual({ A: 1 });
  });

  it('reports a document that is not a mapping', () => {
    const { documents } = parseYaml('- a\n', 't.yaml');
    expect(evaluateTemplate(documents[0]!).issues.map((i) => i.message)).toEqual(['a CloudFormation template must be a mapping']);
  });
});

const CORPUS = '/work/shared/corpus/realworld/eks-cloudformation';

describe('real templates', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : /\.(ya?ml|json)$/.test(f) ? [join(dir, f)] : []));

  it.skipIf(!existsSync(CORPUS))('evaluate without issues, in a known and an unknown region', () => {
    let templates = 0;
    for (const file of files(CORPUS)) {
      const { documents } = parseYaml(readFileSync(file, 'utf8'), file);
      for (const doc of documents.filter((d) => isCloudFormationTemplate(d.value))) {
        templates++;
        for (const options of [{}, { region: 'us-west-2' }]) expect(evaluateTemplate(doc, options).issues, file).toEqual([]);
      }
    }
    expect(templates).toBeGreaterThanOrEqual(5);
  });

  it.skipIf(!existsSync(join(CORPUS, 'official-s3-copies/amazon-eks-vpc-sample.yaml')))('resolve the EKS sample VPC: subnets, AZs and the three-AZ condition', () => {
    const file = join(CORPUS, 'official-s3-copies/amazon-eks-vpc-sample.yaml');
    const text = readFileSync(file, 'utf8');
    const doc = parseYaml(text, file).documents[0]!;
    const west = evaluateTemplate(doc, { region: 'us-west-2' });
    expect(west.conditions.get('HasMoreThan2Azs')).toBe(true);
    expect(asString(get(west.resources.get('VPC')!.properties, 'CidrBlock'))).toBe('192.168.0.0/16');
    const subnet = get(west.resources.get('Subnet01')!.properties, 'CidrBlock')!;
    expect(asString(subnet)).toBe('192.168.64.0/18');
    // Long-form `CidrBlock: {Ref: Subnet01Block}`: a mapping, reported on its key; the data sits at the Default.
    expect([subnet.at.region.startLine, regionText(text, subnet.at.region)]).toEqual([107, 'CidrBlock']);
    expect(subnet.kind === 'value' && subnet.origin && regionText(text, subnet.origin.region)).toBe('192.168.64.0/18');
    expect(toPlain(get(west.resources.get('Subnet03')!.properties, 'AvailabilityZone')!)).toEqual({ symbolic: 'Fn::GetAZs(us-west-2)[2]' });
    const anywhere = evaluateTemplate(doc);
    expect(anywhere.conditions.get('HasMoreThan2Azs')).toMatchObject({ kind: 'symbolic' });
    expect(anywhere.resources.get('Subnet03')!.included).toMatchObject({ kind: 'symbolic' });
  });
});
