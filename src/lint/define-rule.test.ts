import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../core/source.js';
import { InternalError } from '../core/source.js';
import { defineRule, groupOf, type AnyRule, type RuleDefinition } from './define-rule.js';
import type { RuleOptions } from './options.js';

const base = {
  id: 'service/port-mismatch',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report Services whose targetPort no pod listens on', recommended: true },
    messages: { noListener: 'Service {{service}}: no pod listens on {{port}}.' } as const,
    remediation: 'Point targetPort at a containerPort.',
    schema: { ignorePorts: { type: 'array', items: { type: 'integer', minimum: 1 }, description: 'Ports to skip.' } },
    defaultOptions: { ignorePorts: [] as number[] },
  },
  create: () => ({}),
} satisfies RuleDefinition<{ noListener: string }, { ignorePorts: number[] }>;

function variant(change: (def: { id: string; meta: Record<string, unknown> }) => void): () => AnyRule {
  const def = structuredClone({ ...base, create: undefined }) as unknown as { id: string; meta: Record<string, unknown> };
  change(def);
  return () => defineRule({ ...(def as unknown as RuleDefinition<Record<string, string>, RuleOptions>), create: () => ({}) });
}

describe('defineRule', () => {
  it('returns the rule frozen', () => {
    const rule = defineRule(base);
    expect(rule.id).toBe('service/port-mismatch');
    expect(Object.isFrozen(rule)).toBe(true);
    expect(Object.isFrozen(rule.meta)).toBe(true);
    expect(groupOf(rule.id)).toBe('service');
  });

  it.each([
    ['an id outside the groups', variant((d) => (d.id = 'svc/port-mismatch')), /id must be <group>\/<kebab-case>/],
    ['an id not in kebab-case', variant((d) => (d.id = 'service/portMismatch')), /id must be/],
    ['a messageId not in camelCase', variant((d) => (d.meta.messages = { 'no-listener': 'x' })), /messageId "no-listener" is not camelCase/],
    ['no messages', variant((d) => (d.meta.messages = {})), /meta.messages is empty/],
    ['a malformed placeholder', variant((d) => (d.meta.messages = { a: 'Service {{a.b}}.' })), /invalid placeholder \{\{a.b\}\}/],
    ['an empty description', variant((d) => ((d.meta.docs as { description: string }).description = ' ')), /description is empty/],
    ['an empty remediation', variant((d) => (d.meta.remediation = '')), /remediation is empty/],
    ['an option without spec', variant((d) => (d.meta.schema = {})), /schema keys \[\] differ from meta.defaultOptions keys \[ignorePorts\]/],
    ['a spec without option', variant((d) => (d.meta.defaultOptions = {})), /differ/],
    [
      'an option without description',
      variant((d) => (d.meta.schema = { ignorePorts: { type: 'array', items: { type: 'integer' }, description: '' } })),
      /option ignorePorts has no description/,
    ],
    ['defaults the schema rejects', variant((d) => (d.meta.defaultOptions = { ignorePorts: [0] })), /defaultOptions do not satisfy meta.schema/],
  ])('rejects %s with an InternalError', (_what, define, message) => {
    expect(define).toThrow(InternalError);
    expect(define).toThrow(message);
  });
});

/** Compile-time checks (tsc runs over the tests): never called. */
export function typeChecks(at: SourceRef): void {
  defineRule({
    ...base,
    create: (ctx, options) => ({
      Service(svc) {
        const ports: readonly number[] = options.ignorePorts;
        // @ts-expect-error options are deeply read-only
        options.ignorePorts.push(1);
        ctx.report({ messageId: 'noListener', at, object: svc, data: { service: svc.name, port: ports.length } });
        // @ts-expect-error a placeholder without data
        ctx.report({ messageId: 'noListener', at, object: svc, data: { service: svc.name } });
        // @ts-expect-error an unknown messageId
        ctx.report({ messageId: 'other', at, object: svc });
      },
      LoadIssue(issue) {
        // @ts-expect-error a LoadIssue is not an object: the rule must say which one it is about
        ctx.report({ messageId: 'noListener', at: issue.at, object: issue, data: { service: '', port: 1 } });
      },
    }),
  });
  defineRule({
    ...base,
    meta: {
      ...base.meta,
      // @ts-expect-error the spec's type must fit the default's
      schema: { ignorePorts: { type: 'string', description: 'x' } },
    },
  });
  defineRule({
    ...base,
    meta: { ...base.meta, messages: { plain: 'Service x has no data.' } },
    create: (ctx) => ({
      Service(svc) {
        ctx.report({ messageId: 'plain', at, object: svc });
        // @ts-expect-error a message without placeholders takes no data
        ctx.report({ messageId: 'plain', at, object: svc, data: { x: 1 } });
      },
    }),
  });
}
