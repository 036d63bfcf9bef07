import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const alias = (externalName: string, type = 'ExternalName') => `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  type: ${type}
  externalName: ${externalName}
`;

const label63 = 'a'.repeat(63);
/** 4 labels of 63 characters and 3 dots: 255 characters. */
const name255 = [label63, label63, label63, label63].join('.');
/** 253 characters: the longest valid name. */
const name253 = [label63, label63, label63, 'a'.repeat(61)].join('.');

new RuleTester().run('service/invalid-external-name', rule, {
  valid: [
    { name: 'DNS names of managed services, one fully qualified', files: { 'svc.yaml': f('valid/dns-names.yaml') } },
    { name: 'the longest valid name (253 characters) and label (63)', files: { 'svc.yaml': alias(name253) } },
    { name: 'a trailing dot does not count towards 253', files: { 'svc.yaml': alias(`${name253}.`) } },
    { name: 'externalName is not checked on other types (service/no-endpoints mentions it)', files: { 'svc.yaml': alias('10.40.0.12', 'ClusterIP') } },
    { name: 'a single label', files: { 'svc.yaml': alias('localhost') } },
  ],
  invalid: [
    {
      name: 'an IPv4 address',
      files: { 'erp.yaml': f('invalid/ip-address.yaml') },
      errors: [
        {
          messageId: 'ipAddress',
          data: { service: 'shop/erp-db', value: '10.40.0.12' },
          line: 9,
          column: 17,
          endLine: 9,
          endColumn: 27,
          path: 'spec.externalName',
          object: 'shop/Service/erp-db',
        },
      ],
    },
    {
      name: 'uppercase letters, a URL, and no externalName',
      files: { 'shop.yaml': f('invalid/not-a-dns-name.yaml') },
      errors: [
        {
          messageId: 'invalid',
          data: { service: 'shop/search', reason: 'it has uppercase letters (only lowercase letters, digits, "-" and "." are allowed)' },
          line: 9,
          column: 17,
          endLine: 9,
          endColumn: 58,
        },
        { messageId: 'invalid', data: { value: '"https://api.payments.example.com"', reason: 'it contains ":", "/" (only lowercase letters, digits, "-" and "." are allowed)' }, line: 18, column: 17, endLine: 18, endColumn: 49 },
        { messageId: 'missing', data: { service: 'shop/mail' }, line: 26, column: 9, endLine: 26, endColumn: 21, path: 'spec.type' },
      ],
    },
    {
      name: 'an IPv4 address written fully qualified',
      files: { 'svc.yaml': alias('10.40.0.12.') },
      errors: [{ messageId: 'ipAddress', data: { value: '10.40.0.12' }, line: 8, column: 17, endLine: 8, endColumn: 28 }],
    },
    {
      name: 'an IPv6 address is rejected outright',
      files: { 'svc.yaml': alias('"fd00:40::12"') },
      errors: [{ messageId: 'invalid', data: { reason: 'it is an IPv6 address, not a DNS name' }, line: 8, column: 17, endLine: 8, endColumn: 30 }],
    },
    {
      name: 'two trailing dots',
      files: { 'svc.yaml': alias('db.example.com..') },
      errors: [{ messageId: 'invalid', data: { reason: 'it has an empty label (two dots in a row, or a leading dot)' }, line: 8, column: 17, endLine: 8, endColumn: 33 }],
    },
    {
      name: 'a label that starts with a dash',
      files: { 'svc.yaml': alias('db.-example.com') },
      errors: [{ messageId: 'invalid', data: { reason: 'its label "-example" starts or ends with "-"' }, line: 8, column: 17, endLine: 8, endColumn: 32 }],
    },
    {
      name: 'a label of 64 characters',
      files: { 'svc.yaml': alias(`${'b'.repeat(64)}.example.com`) },
      errors: [{ messageId: 'invalid', data: { reason: 'its label "bbbbbbbbbbbbbbbbbbbb"... is 64 characters long (at most 63)' }, line: 8, column: 17, endLine: 8, endColumn: 93 }],
    },
    {
      name: 'a name of 255 characters',
      files: { 'svc.yaml': alias(name255) },
      errors: [{ messageId: 'invalid', data: { reason: 'it is 255 characters long (at most 253)' }, line: 8, column: 17, endLine: 8, endColumn: 272 }],
    },
    {
      // One case per file: two files declaring the same Service are one object (the last one wins).
      name: 'an empty externalName is missing',
      files: { 'a.yaml': alias('""') },
      errors: [{ messageId: 'missing', line: 7, column: 9, endLine: 7, endColumn: 21 }],
    },
    {
      name: 'a lone dot is missing',
      files: { 'b.yaml': alias('.') },
      errors: [{ messageId: 'missing', line: 7, column: 9, endLine: 7, endColumn: 21 }],
    },
  ],
});
