/**
 * CloudFormation's pseudo parameters. Region, account and stack name are known only when the caller says
 * so; the partition and URL suffix follow from the region (aws-cn / aws-us-gov), and are the commercial
 * `aws` / `amazonaws.com` when the region is not given — what nearly every template is written for.
 */
import type { SourceRef } from '../../core/source.js';
import { scalar, symbolic, type Evaluated } from './values.js';

export interface PseudoOptions {
  region?: string | undefined;
  accountId?: string | undefined;
  stackName?: string | undefined;
}

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

function partition(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The value of `Ref: name` for a pseudo parameter, located at the reference; undefined for other names. */
export function pseudoParameter(name: string, options: PseudoOptions, at: SourceRef): Evaluated | undefined {
  const known = (v: string | undefined) => (v === undefined ? symbolic(`Ref(${name})`, at) : scalar(v, at));
  switch (name) {
    case 'AWS::Region':
      return known(options.region);
    case 'AWS::AccountId':
      return known(options.accountId);
    case 'AWS::StackName':
      return known(options.stackName);
    case 'AWS::StackId':
      return symbolic(`Ref(${name})`, at); // contains a generated UUID
    case 'AWS::Partition':
      return scalar(partition(options.region), at);
    case 'AWS::URLSuffix':
      return scalar(partition(options.region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com', at);
    case 'AWS::NotificationARNs':
      return symbolic(`Ref(${name})`, at); // a list given at stack creation
    case 'AWS::NoValue':
      return { kind: 'novalue', at };
    default:
      return undefined;
  }
}
