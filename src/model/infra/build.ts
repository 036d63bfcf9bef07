/**
 * The infrastructure documents of the input — eksctl ClusterConfigs, CloudFormation templates,
 * `aws ec2 describe-*` output — read by their loaders, mapped to the one infrastructure shape and
 * merged. Their input problems come back as LoadIssues, reported by the `input/…` rules like any other.
 */
import { isDescribeOutput, loadDescribeOutput } from '../../loader/aws-describe/index.js';
import { evaluateTemplate, isCloudFormationTemplate } from '../../loader/cloudformation/index.js';
import { isClusterConfig, loadClusterConfig } from '../../loader/eksctl/index.js';
import type { LoadIssue, ParsedDocument } from '../../loader/types.js';
import { infraFromCloudFormation } from './from-cloudformation.js';
import { infraFromDescribe } from './from-describe.js';
import { infraFromEksctl } from './from-eksctl.js';
import { mergeInfra } from './merge.js';
import type { InfraModel } from './types.js';

export interface InfraBuild {
  infra: InfraModel;
  issues: LoadIssue[];
}

export function buildInfra(documents: readonly ParsedDocument[], texts: ReadonlyMap<string, string>): InfraBuild {
  const issues: LoadIssue[] = [];
  // Precedence when two sources describe one element: what the account says (describe), then the
  // template that created it, then eksctl's plan.
  const describe: InfraModel[] = [];
  const templates: InfraModel[] = [];
  const eksctl: InfraModel[] = [];
  const clusterNames = new Set<string>();
  for (const doc of documents) {
    if (isClusterConfig(doc.value)) {
      const text = texts.get(doc.source.file);
      const loaded = loadClusterConfig(doc, text === undefined ? {} : { text });
      issues.push(...loaded.issues);
      if (loaded.cluster) {
        // Two configs may name the same cluster (variants, templates with a placeholder name): the
        // later one's plan is keyed by its file too, so the two do not merge into one VPC.
        const name = loaded.cluster.name;
        const prefix = clusterNames.has(name) ? `eksctl:${name}@${doc.source.file}#${doc.source.doc}` : `eksctl:${name}`;
        clusterNames.add(name);
        eksctl.push(infraFromEksctl(loaded.cluster, prefix));
      }
    } else if (isCloudFormationTemplate(doc.value)) {
      const template = evaluateTemplate(doc);
      issues.push(...template.issues);
      templates.push(infraFromCloudFormation(doc.source.file, template));
    } else if (isDescribeOutput(doc.value)) {
      const loaded = loadDescribeOutput(doc);
      issues.push(...loaded.issues);
      describe.push(infraFromDescribe(loaded.records));
    }
  }
  return { infra: mergeInfra([...describe, ...templates, ...eksctl]), issues };
}
