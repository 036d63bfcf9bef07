import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExamples } from './rules-on-disk.js';

describe('readmeExamples', () => {
  it('takes the yaml blocks under the ❌ and ✅ headings only, with their encoding', () => {
    const readme = [
      '# lb/x',
      '```yaml',
      'intro: 1',
      '```',
      '### ❌ Incorrect',
      'Saved as Latin-1:',
      '<!-- encoding: latin1 -->',
      '```yaml',
      'a: é',
      '```',
      '```yml',
      'b: 2',
      '```',
      '### ✅ Correct',
      '```json',
      '{}',
      '```',
      '```yaml',
      'c: 3',
      '# a comment, not a heading',
      '```',
      '## How to fix',
      '```yaml',
      'd: 4',
      '```',
    ].join('\n');
    expect(readmeExamples(readme)).toEqual({
      incorrect: [{ text: 'a: é\n', encoding: 'latin1' }, { text: 'b: 2\n' }],
      correct: [{ text: 'c: 3\n# a comment, not a heading\n' }],
    });
    expect(exampleFile({ text: 'a: é\n', encoding: 'latin1' })).toEqual(Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(exampleFile({ text: 'b: 2\n' })).toBe('b: 2\n');
  });
});
