import { describe, expect, expectTypeOf, it } from 'vitest';
import { firstSentence, normalizeData, placeholdersOf, renderMessage, type MessageData, type Placeholders } from './message.js';

describe('message templates', () => {
  it('lists placeholders in order of first use, spaces allowed inside the braces', () => {
    expect(placeholdersOf('{{a}} to {{ b }} via {{a}}.')).toEqual(['a', 'b']);
    expect(placeholdersOf('no data')).toEqual([]);
    expect(() => placeholdersOf('{{ }}')).toThrow(/invalid placeholder/);
    expect(() => placeholdersOf('{{a-b}}')).toThrow(/invalid placeholder \{\{a-b\}\}/);
  });

  it('derives placeholder names and the data type from the template literal', () => {
    expectTypeOf<Placeholders<'{{a}} to {{ b }} via {{a}}.'>>().toEqualTypeOf<'a' | 'b'>();
    expectTypeOf<Placeholders<'none'>>().toEqualTypeOf<never>();
    expectTypeOf<MessageData<'{{x}}'>>().toEqualTypeOf<{ data: { readonly x: string | number } }>();
    expectTypeOf<MessageData<string>['data']>().toEqualTypeOf<Readonly<Record<string, string | number>> | undefined>();
  });

  it('renders, reports what is missing, and keeps messages on one line', () => {
    expect(renderMessage('{{a}} to {{ b }}.', { a: 'x', b: 'y' })).toEqual({ text: 'x to y.', missing: [] });
    expect(renderMessage('{{a}} to {{b}}.', { a: 'x' })).toEqual({ text: 'x to {{b}}.', missing: ['b'] });
    expect(renderMessage('{{toString}}', {}).missing).toEqual(['toString']);
    expect(renderMessage('key {{k}}.', { k: 'a\r\n  b\nc' }).text).toBe('key a b c.');
    expect(normalizeData({ n: 3, s: 's' })).toEqual({ n: '3', s: 's' });
  });

  it('cuts the first sentence at a full stop followed by a space', () => {
    expect(firstSentence('Service shop/api: port 8080 is closed. It has no pods.')).toBe('Service shop/api: port 8080 is closed.');
    expect(firstSentence('spec.ports[0].port in a.yaml is wrong')).toBe('spec.ports[0].port in a.yaml is wrong');
  });
});
