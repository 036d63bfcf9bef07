import { describe as group, expect, it } from 'vitest';
import { regionText } from '../region-text.js';
import { parseYaml } from '../yaml-adapter.js';
import { evaluateTemplate, type EvaluateOptions, type EvaluatedTemplate } from './template.js';
import { get, toPlain, type Resolved } from './values.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function evaluate(text: string, options?: EvaluateOptions, file = 't.yaml'): EvaluatedTemplate {
  const { documents, issues } = parseYaml(text, file);
  expect(issues).toEqual([]);
  return evaluateTemplate(documents[0]!, options);
}

/** A template with one resource `R` (of `type`) whose Properties are `props` (YAML lines, indented 6). */
function withProps(props: string[], head: string[] = [], type = 'AWS::EC2::Subnet'): string {
  return lines(...head, 'Resources:', '  R:', `    Type: ${type}`, '    Properties:', ...props.map((p) => `      ${p}`));
}

const prop = (t: EvaluatedTemplate, key: string, id = 'R'): Resolved | undefined => get(t.resources.get(id)?.properties, key);
const plain = (t: EvaluatedTemplate, key: string, id = 'R') => {
  const r = prop(t, key, id);
  return r && toPlain(r);
};
const messages = (t: EvaluatedTemplate) => t.issues.map((i) => i.message);
/** The issue's line and the text its region covers. */
const where = (text: string, t: EvaluatedTemplate) => t.issues.map((i) => [i.at.region.startLine, regionText(text, i.at.region)]);

group('Ref', () => {
  const params = [
    'Parameters:',
    '  VpcBlock: {Type: String, Default: 10.0.0.0/16}',
    '  Count: {Type: Number, Default: 3}',
    '  Blocks: {Type: CommaDelimitedList, Default: "10.0.0.0/24, 10.0.1.0/24 ,10.0.2.0/24"}',
    '  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}',
    '  NoDefault: {Type: String}',
    '  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/eks/ami}',
  ];
  const refs = ['A: !Ref VpcBlock', 'B: !Ref Count', 'C: !Ref Blocks', 'D: !Ref Subnets', 'E: !Ref NoDefault', 'F: !Ref Ami'];

  it('returns parameter defaults as text, list types as trimmed lists, and symbolic values where there is none', () => {
    const t = evaluate(withProps(refs, params));
    expect(messages(t)).toEqual([]);
    expect(plain(t, 'A')).toBe('10.0.0.0/16');
    expect(plain(t, 'B')).toBe('3');
    expect(plain(t, 'C')).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(plain(t, 'D')).toEqual({ symbolic: 'Ref(Subnets)' });
    expect(plain(t, 'E')).toEqual({ symbolic: 'Ref(NoDefault)' });
    expect(plain(t, 'F')).toEqual({ symbolic: 'SSM(/aws/service/eks/ami)' });
  });

  it('prefers given parameter values over defaults', () => {
    const t = evaluate(withProps(refs, params), { parameters: { VpcBlock: '172.16.0.0/16', Subnets: ['subnet-1', 'subnet-2'], Blocks: 'a,b' } });
    expect(plain(t, 'A')).toBe('172.16.0.0/16');
    expect(plain(t, 'C')).toEqual(['a', 'b']);
    expect(plain(t, 'D')).toEqual(['subnet-1', 'subnet-2']);
    expect(t.parameters.get('VpcBlock')).toMatchObject({ type: 'String', given: true });
    expect(t.parameters.get('Count')).toMatchObject({ type: 'Number', given: false });
  });

  it('locates the value at the Ref and its data at the Default', () => {
    const text = withProps(refs, params);
    const a = prop(evaluate(text), 'A')!;
    expect(regionText(text, a.at.region)).toBe('VpcBlock');
    expect(a.at.path).toEqual(['Resources', 'R', 'Properties', 'A']);
    expect(a.kind === 'value' && a.origin && regionText(text, a.origin.region)).toBe('10.0.0.0/16');
  });

  it('knows the pseudo parameters', () => {
    const pseudo = ['Region: !Ref AWS::Region', 'Account: !Ref AWS::AccountId', 'Stack: !Ref AWS::StackName', 'Partition: !Ref AWS::Partition', 'Suffix: !Ref AWS::URLSuffix', 'Arns: !Ref AWS::NotificationARNs', 'Id: !Ref AWS::StackId'];
    const unknown = evaluate(withProps(pseudo));
    expect(messages(unknown)).toEqual([]);
    expect(['Region', 'Account', 'Stack', 'Partition', 'Suffix', 'Arns', 'Id'].map((k) => plain(unknown, k))).toEqual([
      { symbolic: 'Ref(AWS::Region)' },
      { symbolic: 'Ref(AWS::AccountId)' },
      { symbolic: 'Ref(AWS::StackName)' },
      'aws',
      'amazonaws.com',
      { symbolic: 'Ref(AWS::NotificationARNs)' },
      { symbolic: 'Ref(AWS::StackId)' },
    ]);
    const known = evaluate(withProps(pseudo), { region: 'cn-north-1', accountId: '123456789012', stackName: 'net' });
    expect(['Region', 'Account', 'Stack', 'Partition', 'Suffix'].map((k) => plain(known, k))).toEqual(['cn-north-1', '123456789012', 'net', 'aws-cn', 'amazonaws.com.cn']);
  });

  it('gives a resource its symbolic physical id', () => {
    const t = evaluate(lines('Resources:', '  Vpc: {Type: AWS::EC2::VPC}', '  R:', '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc'));
    expect(plain(t, 'VpcId')).toEqual({ symbolic: 'Ref(Vpc)' });
  });

  it('reports a missing name at the reference, naming what exists, and evaluates the rest', () => {
    const text = withProps(['VpcId: !Ref Vpcc', 'CidrBlock: !Ref VpcBlock'], params);
    const t = evaluate(text);
    expect(messages(t)).toEqual([
      'Ref to "Vpcc": no parameter or resource of that name (parameters: VpcBlock, Count, Blocks, Subnets, NoDefault, Ami; resources: R)',
    ]);
    expect(where(text, t)).toEqual([[12, 'Vpcc']]);
    expect(t.issues[0]).toMatchObject({ code: 'INVALID_FIELD', fatal: false, at: { path: ['Resources', 'R', 'Properties', 'VpcId'] } });
    expect(plain(t, 'VpcId')).toEqual({ symbolic: 'Ref(Vpcc)' });
    expect(plain(t, 'CidrBlock')).toBe('10.0.0.0/16');
  });

  it('removes a property, a list item or a mapping entry for AWS::NoValue', () => {
    const t = evaluate(withProps(['Gone: !Ref AWS::NoValue', 'List: [a, !Ref AWS::NoValue, b]', 'Map: {k: !Ref AWS::NoValue, l: 1}', 'Kept: x']));
    expect(messages(t)).toEqual([]);
    const props = t.resources.get('R')!.properties;
    expect(props.kind === 'map' && [...props.entries.keys()]).toEqual(['List', 'Map', 'Kept']);
    expect(plain(t, 'List')).toEqual(['a', 'b']);
    expect(plain(t, 'Map')).toEqual({ l: 1 });
  });

  it('reports AWS::NoValue where a value is required', () => {
    const text = withProps(['A: !Join [",", !Ref AWS::NoValue]']);
    const t = evaluate(text);
    expect(messages(t)).toEqual(['AWS::NoValue can only stand for a whole property or list item']);
    expect(where(text, t)).toEqual([[5, 'AWS::NoValue']]);
    expect(plain(t, 'A')).toEqual({ symbolic: 'Fn::Join(",", Ref(AWS::NoValue))' });
  });
});

group('Fn::GetAtt', () => {
  const vpc = (cidr: string) => ['Parameters:', '  VpcBlock: {Type: String, Default: 192.168.0.0/16}', 'Resources:', '  VPC:', '    Type: AWS::EC2::VPC', '    Properties:', `      CidrBlock: ${cidr}`];
  const subnet = (...props: string[]) => ['  Subnet:', '    Type: AWS::EC2::Subnet', '    Properties:', ...props.map((p) => `      ${p}`)];

  it("resolves a VPC's CidrBlock to its evaluated property, in both spellings", () => {
    const text = lines(...vpc('!Ref VpcBlock'), ...subnet('A: !GetAtt VPC.CidrBlock', 'B: !GetAtt [VPC, CidrBlock]', 'C: {"Fn::GetAtt": ["VPC", "CidrBlock"]}', 'D: !GetAtt VPC.DefaultSecurityGroup'));
    const t = evaluate(text);
    expect(messages(t)).toEqual([]);
    for (const k of ['A', 'B', 'C']) expect(plain(t, k, 'Subnet')).toBe('192.168.0.0/16');
    expect(plain(t, 'D', 'Subnet')).toEqual({ symbolic: 'GetAtt(VPC.DefaultSecurityGroup)' });
    const a = prop(t, 'A', 'Subnet')!;
    expect(regionText(text, a.at.region)).toBe('VPC.CidrBlock');
    expect(a.kind === 'value' && a.origin && regionText(text, a.origin.region)).toBe('192.168.0.0/16');
  });

  it('keeps other attributes symbolic, also nested-stack outputs and Ref-named attributes', () => {
    const text = lines(...vpc('10.0.0.0/16'), '  Stack: {Type: AWS::CloudFormation::Stack}', ...subnet('A: !GetAtt Stack.Outputs.VpcId', 'B: !GetAtt [VPC, !Ref AWS::Region]'));
    const t = evaluate(text);
    expect(plain(t, 'A', 'Subnet')).toEqual({ symbolic: 'GetAtt(Stack.Outputs.VpcId)' });
    expect(plain(t, 'B', 'Subnet')).toEqual({ symbolic: 'GetAtt(VPC.Ref(AWS::Region))' });
  });

  it('reports a missing resource, a parameter used as one, and a reference cycle', () => {
    const text = lines(...vpc('!GetAtt VPC.CidrBlock'), ...subnet('A: !GetAtt Vpc.CidrBlock', 'B: !GetAtt [VpcBlock, CidrBlock]', 'C: !GetAtt NoDot'));
    const t = evaluate(text);
    expect(messages(t)).toEqual([
      "Fn::GetAtt VPC.CidrBlock refers to itself through VPC's CidrBlock",
      'Fn::GetAtt Vpc.CidrBlock: no resource of that name (resources: VPC, Subnet)',
      'Fn::GetAtt VpcBlock.CidrBlock: VpcBlock is a parameter, not a resource (resources: VPC, Subnet)',
      'Fn::GetAtt needs "Resource.Attribute", not "NoDot"',
    ]);
    expect(where(text, t)).toEqual([
      [7, 'VPC.CidrBlock'],
      [11, 'Vpc.CidrBlock'],
      [12, 'VpcBlock'],
      [13, 'NoDot'],
    ]);
    expect(plain(t, 'CidrBlock', 'VPC')).toEqual({ symbolic: 'GetAtt(VPC.CidrBlock)' });
  });
});

group('Fn::Sub', () => {
  const head = ['Parameters:', '  Env: {Type: String, Default: prod}', '  Block: {Type: String, Default: 10.1.0.0/16}', 'Resources:', '  VPC:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: !Ref Block'];
  const sub = (...props: string[]) => lines(...head, '  R:', '    Type: AWS::EC2::Subnet', '    Properties:', ...props.map((p) => `      ${p}`));

  it('substitutes parameters, pseudo parameters, Resource.Attribute, and keeps ${!Literal} literal', () => {
    const t = evaluate(sub('A: !Sub "${Env}-${AWS::Region}-${VPC.CidrBlock}-${!Literal}-${ Env }"'), { region: 'eu-west-1' });
    expect(messages(t)).toEqual([]);
    expect(plain(t, 'A')).toBe('prod-eu-west-1-10.1.0.0/16-${Literal}-prod');
  });

  it('stays symbolic with what is not known, substituting what is', () => {
    const t = evaluate(sub('A: !Sub "${AWS::StackName}-${Env}-${VPC}"'));
    expect(plain(t, 'A')).toEqual({ symbolic: 'Fn::Sub("${Ref(AWS::StackName)}-prod-${Ref(VPC)}")' });
  });

  it('takes variables from the list form, before parameters, intrinsics included', () => {
    const t = evaluate(
      sub(
        'A: !Sub',
        '  - "${Env}.${Zone}.${Cidr}"',
        '  - Env: staging',
        '    Zone: !Select [1, [a, b]]',
        '    Cidr: !Select [2, !Cidr [!GetAtt VPC.CidrBlock, 3, 8]]',
        'B:',
        '  Fn::Sub: ["${X}", {X: !ImportValue SharedVpcId}]',
      ),
    );
    expect(messages(t)).toEqual([]);
    expect(plain(t, 'A')).toBe('staging.b.10.1.2.0/24');
    expect(plain(t, 'B')).toEqual({ symbolic: 'Fn::Sub("${ImportValue(SharedVpcId)}")' });
  });

  it('reports a missing variable at the Sub string, and a malformed call', () => {
    const text = sub('A: !Sub "${Envv}-x"', 'B: !Sub [1, 2, 3]', 'C: !Sub ["${L}", {L: [a, b]}]');
    const t = evaluate(text);
    expect(messages(t)).toEqual([
      'Ref to "Envv": no parameter or resource of that name (parameters: Env, Block; resources: VPC, R)',
      'Fn::Sub needs a list [string, {variables}] or a string, not 3 items',
      'Fn::Sub: ${L} is a list, not a string',
    ]);
    expect(where(text, t)).toEqual([
      [12, '"${Envv}-x"'],
      [13, 'B'], // a collection is reported on its key
      [14, '"${L}"'],
    ]);
  });
});

group('Fn::Join, Fn::Select, Fn::Split', () => {
  it('joins, selects and splits, nested', () => {
    const t = evaluate(
      withProps(
        [
          'A: !Join [",", [a, 1, true]]',
          'B: !Select [1, !Split [",", "x,y,z"]]',
          'C: !Join ["-", !Split [".", "10.0.0.0"]]',
          'D: !Select ["2", [p, q, r]]',
          'E: !Join ["", [!Select [0, [a]], !Ref AWS::NoValue, b]]',
          'F: !Select [!Ref Idx, !Ref Blocks]',
        ],
        ['Parameters:', '  Idx: {Type: Number, Default: 1}', '  Blocks: {Type: CommaDelimitedList, Default: "a,b"}'],
      ),
    );
    expect(messages(t)).toEqual([]);
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map((k) => plain(t, k))).toEqual(['a,1,true', 'y', '10-0-0-0', 'r', 'ab', 'b']);
  });

  it('spreads symbolic values: a symbolic part makes the Join symbolic, Select from a symbolic list stays symbolic', () => {
    const t = evaluate(withProps(['A: !Join ["-", [!Ref AWS::StackName, x]]', 'B: !Select [1, !GetAZs ""]', 'C: !Split [",", !ImportValue Subnets]', 'D: !Select [0, !Split [",", !ImportValue Subnets]]']), { region: 'us-east-1' });
    expect(messages(t)).toEqual([]);
    expect(['A', 'B', 'C', 'D'].map((k) => plain(t, k))).toEqual([
      { symbolic: 'Fn::Join("-", [Ref(AWS::StackName), "x"])' },
      { symbolic: 'Fn::GetAZs(us-east-1)[1]' },
      { symbolic: 'Fn::Split(",", ImportValue(Subnets))' },
      { symbolic: 'Fn::Split(",", ImportValue(Subnets))[0]' },
    ]);
  });

  it('locates a selected literal at the item itself', () => {
    const text = withProps(['A: !Select [1, [first, second]]']);
    const a = prop(evaluate(text), 'A')!;
    expect(a.at.path).toEqual(['Resources', 'R', 'Properties', 'A', 1, 1]);
    expect(regionText(text, a.at.region)).toBe('second');
  });

  it('reports an index out of range, a bad index and bad arities at the argument', () => {
    const text = withProps(['A: !Select [3, [a, b]]', 'B: !Select [-1, [a]]', 'C: !Select [0]', 'D: !Join [",", x]', 'E: !Split [",", [a]]']);
    const t = evaluate(text);
    expect(messages(t)).toEqual([
      'Fn::Select: index 3 is out of range for a list of 2 items',
      'Fn::Select needs an index of 0 or more, not -1',
      'Fn::Select needs a list [index, [values]], not 1 item',
      'Fn::Join needs a list of values to join',
      'Fn::Split needs a string to split',
    ]);
    expect(where(text, t)).toEqual([
      [5, '3'],
      [6, '-1'],
      [7, 'C'],
      [8, 'x'],
      [9, '[a]'],
    ]);
    expect(plain(t, 'A')).toEqual({ symbolic: 'Fn::Select(3, ["a", "b"])' });
  });
});

group('conditions and Fn::If', () => {
  const conditions = [
    'Parameters:',
    '  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}',
    '  Azs: {Type: Number, Default: 3}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    '  IsDev: !Not [!Condition IsProd]',
    '  ThreeAzs: !Equals [3, !Ref Azs]',
    '  ProdWithThree: !And [!Condition IsProd, !Condition ThreeAzs]',
    '  DevOrThree: !Or [!Condition IsDev, {Condition: ThreeAzs}]',
    '  Nested: !Not [!Or [!Condition IsDev, !And [!Condition IsProd, !Not [!Condition ThreeAzs]]]]',
    '  InUsEast1: !Equals [!Ref AWS::Region, us-east-1]',
    '  SameRegion: !Equals [!Ref AWS::Region, !Ref AWS::Region]',
    '  UsEast1AndDev: !And [!Condition InUsEast1, !Condition IsDev]',
    '  UsEast1OrProd: !Or [!Condition InUsEast1, !Condition IsProd]',
  ];
  const conds = (t: EvaluatedTemplate) => Object.fromEntries([...t.conditions].map(([k, v]) => [k, typeof v === 'boolean' ? v : v.expr]));

  it('evaluates Equals, And, Or, Not and Condition references, nested', () => {
    const t = evaluate(lines(...conditions, 'Resources:', '  R: {Type: AWS::SNS::Topic}'));
    expect(messages(t)).toEqual([]);
    expect(conds(t)).toEqual({
      IsProd: true,
      IsDev: false,
      ThreeAzs: true,
      ProdWithThree: true,
      DevOrThree: true,
      Nested: true,
      InUsEast1: 'Fn::Equals(Ref(AWS::Region), "us-east-1")',
      SameRegion: true,
      UsEast1AndDev: false,
      UsEast1OrProd: true,
    });
    const dev = evaluate(lines(...conditions, 'Resources:', '  R: {Type: AWS::SNS::Topic}'), { parameters: { Env: 'dev' }, region: 'us-east-1' });
    expect(conds(dev)).toMatchObject({ IsProd: false, IsDev: true, ProdWithThree: false, Nested: false, InUsEast1: true, UsEast1AndDev: true });
  });

  it('picks the Fn::If branch, nested, and removes a property for AWS::NoValue', () => {
    const t = evaluate(
      lines(
        ...conditions,
        'Resources:',
        '  R:',
        '    Type: AWS::EC2::Subnet',
        '    Properties:',
        '      A: !If [IsProd, !If [ThreeAzs, three, fewer], dev]',
        '      B: !Select [0, !If [IsDev, [p], [q, r]]]',
        '      C: !If [IsProd, !Ref AWS::NoValue, kept]',
        '      D: {"Fn::If": ["IsDev", 1, 2]}',
      ),
    );
    expect(messages(t)).toEqual([]);
    expect([plain(t, 'A'), plain(t, 'B'), plain(t, 'C'), plain(t, 'D')]).toEqual(['three', 'q', undefined, 2]);
  });

  it('keeps Fn::If on an unknown condition symbolic, with both cases, unless both branches are equal', () => {
    const t = evaluate(
      lines(...conditions, 'Resources:', '  R:', '    Type: AWS::EC2::Subnet', '    Properties:', '      A: !If [InUsEast1, 10.0.0.0/16, 10.1.0.0/16]', '      B: !If [InUsEast1, same, same]', '      C: !If [InUsEast1, x, !Ref AWS::NoValue]'),
    );
    const a = prop(t, 'A');
    expect(a).toMatchObject({ kind: 'symbolic', expr: 'Fn::If(InUsEast1, "10.0.0.0/16", "10.1.0.0/16")' });
    expect(a?.kind === 'symbolic' && a.cases?.map(toPlain)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(plain(t, 'B')).toBe('same');
    expect(plain(t, 'C')).toEqual({ symbolic: 'Fn::If(InUsEast1, "x", AWS::NoValue)' });
  });

  it('includes resources by their Condition, and reports missing and circular conditions where they are used', () => {
    const text = lines(
      'Conditions:',
      '  Loop: !Not [!Condition Loop]',
      '  Never: !Equals [a, b]',
      'Resources:',
      '  Skipped: {Type: AWS::EC2::EIP, Condition: Never}',
      '  Always: {Type: AWS::EC2::EIP}',
      '  Bad:',
      '    Type: AWS::EC2::EIP',
      '    Condition: Nevr',
      '    Properties:',
      '      Domain: !If [Nope, vpc, standard]',
    );
    const t = evaluate(text);
    expect(t.resources.get('Skipped')).toMatchObject({ condition: 'Never', included: false });
    expect(t.resources.get('Always')).toMatchObject({ included: true });
    expect(t.resources.get('Bad')?.included).toMatchObject({ kind: 'symbolic', expr: 'Condition(Nevr)' });
    expect(messages(t)).toEqual([
      'condition Loop depends on itself',
      'condition "Nevr" is not defined (conditions: Loop, Never)',
      'condition "Nope" is not defined (conditions: Loop, Never)',
    ]);
    expect(where(text, t)).toEqual([
      [2, 'Loop'],
      [9, 'Nevr'],
      [11, 'Nope'],
    ]);
  });
});

group('Fn::FindInMap', () => {
  const head = ['Mappings:', '  RegionCidr:', '    us-east-1: {Vpc: 10.0.0.0/16, Azs: [a, b]}', '    eu-west-1: {Vpc: 10.1.0.0/16}'];

  it('looks values up, with intrinsic keys, lists included', () => {
    const text = withProps(['A: !FindInMap [RegionCidr, !Ref AWS::Region, Vpc]', 'B: !FindInMap [RegionCidr, us-east-1, Azs]'], head);
    const t = evaluate(text, { region: 'eu-west-1' });
    expect(messages(t)).toEqual([]);
    expect(plain(t, 'A')).toBe('10.1.0.0/16');
    expect(plain(t, 'B')).toEqual(['a', 'b']);
    const a = prop(t, 'A')!;
    expect(a.kind === 'value' && [regionText(text, a.at.region), a.origin && regionText(text, a.origin.region)]).toEqual(['A', '10.1.0.0/16']);
  });

  it('stays symbolic on an unknown key', () => {
    const t = evaluate(withProps(['A: !FindInMap [RegionCidr, !Ref AWS::Region, Vpc]'], head));
    expect(plain(t, 'A')).toEqual({ symbolic: 'Fn::FindInMap("RegionCidr", Ref(AWS::Region), "Vpc")' });
  });

  it('reports a missing map or key at that key, unless a DefaultValue is given', () => {
    const text = withProps(['A: !FindInMap [RegionMap, us-east-1, Vpc]', 'B: !FindInMap [RegionCidr, ap-south-1, Vpc]', 'C: !FindInMap [RegionCidr, eu-west-1, Azs]', 'D: !FindInMap [RegionCidr, ap-south-1, Vpc, {DefaultValue: 10.9.0.0/16}]'], head);
    const t = evaluate(text);
    expect(messages(t)).toEqual([
      'Fn::FindInMap: no mapping "RegionMap" (mappings: RegionCidr)',
      'Fn::FindInMap: mapping RegionCidr has no key "ap-south-1" (keys: us-east-1, eu-west-1)',
      'Fn::FindInMap: mapping RegionCidr.eu-west-1 has no key "Azs" (keys: Vpc)',
    ]);
    expect(where(text, t)).toEqual([
      [9, 'RegionMap'],
      [10, 'ap-south-1'],
      [11, 'Azs'],
    ]);
    expect(plain(t, 'D')).toBe('10.9.0.0/16');
  });
});

group('Fn::GetAZs, Fn::ImportValue, Fn::Base64', () => {
  it('keeps zone names and imports symbolic, and encodes Base64', () => {
    const props = ['A: !GetAZs ""', 'B: !Select [0, !GetAZs {Ref: AWS::Region}]', 'C: !GetAZs eu-west-1', 'D: !ImportValue SharedVpcId', 'E: !ImportValue {"Fn::Sub": "${Env}-VpcId"}', 'F: !Base64 hello', 'G: !Base64 {"Fn::Sub": "${Env}"}', 'H: !Base64 {Ref: AWS::StackName}'];
    const head = ['Parameters:', '  Env: {Type: String, Default: prod}'];
    const unknownRegion = evaluate(withProps(props, head));
    expect(messages(unknownRegion)).toEqual([]);
    expect(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((k) => plain(unknownRegion, k))).toEqual([
      { symbolic: 'Fn::GetAZs(Ref(AWS::Region))' },
      { symbolic: 'Fn::GetAZs(Ref(AWS::Region))[0]' },
      { symbolic: 'Fn::GetAZs(eu-west-1)' },
      { symbolic: 'ImportValue(SharedVpcId)' },
      { symbolic: 'ImportValue(prod-VpcId)' },
      'aGVsbG8=',
      'cHJvZA==',
      { symbolic: 'Fn::Base64(Ref(AWS::StackName))' },
    ]);
    const known = evaluate(withProps(props, head), { region: 'us-east-1' });
    expect(plain(known, 'B')).toEqual({ symbolic: 'Fn::GetAZs(us-east-1)[0]' });
  });
});

group('Fn::Cidr', () => {
  const head = ['Parameters:', '  VpcBlock: {Type: String, Default: 192.168.0.0/16}', 'Resources:', '  VPC:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: !Ref VpcBlock'];
  const cidr = (...props: string[]) => lines(...head, '  R:', '    Type: AWS::EC2::Subnet', '    Properties:', ...props.map((p) => `      ${p}`));

  it('computes the blocks as AWS does, from literals, strings and !GetAtt VPC.CidrBlock', () => {
    const t = evaluate(
      cidr(
        'A: !Cidr [192.168.0.0/24, 6, 5]',
        'B: {"Fn::Cidr": ["192.168.0.0/24", "6", "5"]}',
        'C: !Select [3, !Cidr [!GetAtt VPC.CidrBlock, 4, 14]]',
        'D: !Cidr ["10.0.0.0/16", 3, 8]',
      ),
    );
    expect(messages(t)).toEqual([]);
    const sixSlash27 = ['192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27'];
    expect(plain(t, 'A')).toEqual(sixSlash27);
    expect(plain(t, 'B')).toEqual(sixSlash27);
    expect(plain(t, 'C')).toBe('192.168.192.0/18');
    expect(plain(t, 'D')).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });

  it('keeps blocks of an unknown range symbolic, but knows how many there are (the AWS IPv6 example)', () => {
    const t = evaluate(cidr('Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt VPC.Ipv6CidrBlocks], 1, 64]]', 'Far: !Select [1, !Cidr [!ImportValue Block, 1, 8]]', 'Count: !Cidr [10.0.0.0/16, !ImportValue N, 8]'));
    expect(plain(t, 'Ipv6CidrBlock')).toEqual({ symbolic: 'Fn::Cidr(GetAtt(VPC.Ipv6CidrBlocks)[0], 1, 64)[0]' });
    expect(plain(t, 'Count')).toEqual({ symbolic: 'Fn::Cidr(10.0.0.0/16, ImportValue(N), 8)' });
    expect(messages(t)).toEqual(['Fn::Select: index 1 is out of range for a list of 1 item']);
  });

  it('reports a block too small, a size too large and bad arguments at the argument', () => {
    const text = cidr('A: !Cidr [192.168.0.0/24, 9, 5]', 'B: !Cidr [!GetAtt VPC.CidrBlock, 8, 23]', 'C: !Cidr [10.0.0.0/16, 300, 8]', 'D: !Cidr [not-a-cidr, 1, 8]', 'E: !Cidr [10.0.0.0/16, 2]');
    const t = evaluate(text);
    expect(messages(t)).toEqual([
      'Fn::Cidr: 192.168.0.0/24 holds 8 blocks of /27, not 9',
      'Fn::Cidr: invalid CIDR block size: cidrBits 23 asks for /9 blocks, which must fit in 192.168.0.0/16 (cidrBits 0 to 16)',
      'Fn::Cidr: count must be an integer from 1 to 256, not 300',
      'Fn::Cidr: ipBlock "not-a-cidr" is not a CIDR block',
      'Fn::Cidr needs a list [ipBlock, count, cidrBits], not 2 items',
    ]);
    expect(where(text, t)).toEqual([
      [11, '9'],
      [12, '23'],
      [13, '300'],
      [14, 'not-a-cidr'],
      [15, 'E'],
    ]);
    expect(plain(t, 'A')).toEqual({ symbolic: 'Fn::Cidr(192.168.0.0/24, 9, 5)' });
  });
});

group('unknown functions', () => {
  it('reports an unknown function, keeps AWS::LanguageExtensions ones symbolic without an issue', () => {
    const text = withProps(['A: {"Fn::Selct": [0, [a]]}', 'B: !Selct [0, [a]]', 'C: {"Fn::Length": [a, b]}']);
    const t = evaluate(text);
    expect(messages(t)).toEqual(['unknown intrinsic function Fn::Selct (kept as an unknown value)', 'unknown intrinsic function !Selct (kept as an unknown value)']);
    expect(where(text, t)).toEqual([
      [5, 'A'],
      [6, 'B'],
    ]);
    expect(plain(t, 'C')).toEqual({ symbolic: 'Fn::Length(…)' });
  });
});
