import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineHashCache, lineHashes, primaryLocationLineHash } from './fingerprint.js';

// Vectors from github/codeql-action src/fingerprints.test.ts, as listed in shared/data/SARIF.md §3.
describe('lineHashes: codeql-action vectors', () => {
  it('empty text has one line: the EOF sentinel', () => {
    expect(lineHashes('')).toEqual(['c129715d7a2bc9a3:1']);
  });

  it('leading blanks and tabs are skipped', () => {
    expect(lineHashes(' a\nb\n  \t\tc\n d')).toEqual([
      '271789c17abda88f:1',
      '54703d4cd895b18:1',
      '180aee12dab6264:1',
      'a23a3dc5e078b07b:1',
    ]);
  });

  it('CRLF line endings and blank lines', () => {
    expect(lineHashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n')).toEqual([
      'e9496ae3ebfced30:1',
      'fb7c023a8b9ccb3f:1',
      'ce8ba1a563dcdaca:1',
      'e20e36e16fcb0cc8:1',
      'b3edc88f2938467e:1',
      'c8e28b0b4002a3a0:1',
      'c129715d7a2bc9a3:1',
    ]);
  });

  it('repeated lines get an occurrence counter', () => {
    expect(lineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });
});

// The example manifest of shared/data/sarif-example, vendored beside the schema (clones need not have ../shared).
const PAYMENTS_YAML = readFileSync(new URL('../../test/fixtures/sarif/payments.yaml', import.meta.url), 'utf8');

describe('primaryLocationLineHash', () => {
  it('matches the golden example (sarif-example/example.sarif)', () => {
    expect(primaryLocationLineHash(PAYMENTS_YAML, 11)).toBe('c8000b0b23c347b8:1');
    expect(primaryLocationLineHash(PAYMENTS_YAML, 19)).toBe('a5a5d5914a58c281:1');
  });

  it('is undefined past the last line and for line 0', () => {
    expect(primaryLocationLineHash('a\n', 3)).toBeUndefined();
    expect(primaryLocationLineHash('a\n', 0)).toBeUndefined();
  });

  it('CRLF and CR give the same hashes as LF', () => {
    const lf = lineHashes(PAYMENTS_YAML);
    expect(lineHashes(PAYMENTS_YAML.replace(/\n/g, '\r\n'))).toEqual(lf);
    expect(lineHashes(PAYMENTS_YAML.replace(/\n/g, '\r'))).toEqual(lf);
  });

  it('a kept BOM changes only the first line', () => {
    const plain = lineHashes(PAYMENTS_YAML);
    const bom = lineHashes(`\uFEFF${PAYMENTS_YAML}`);
    expect(bom[0]).not.toBe(plain[0]);
    expect(bom.slice(2)).toEqual(plain.slice(2));
  });

  it('the cache agrees with the direct computation and knows unknown files', () => {
    const cache = new LineHashCache(new Map([['p.yaml', PAYMENTS_YAML]]));
    expect(cache.get('p.yaml', 19)).toBe('a5a5d5914a58c281:1');
    expect(cache.get('p.yaml', 11)).toBe('c8000b0b23c347b8:1');
    expect(cache.get('other.yaml', 1)).toBeUndefined();
  });
});

describe('non-ASCII input', () => {
  it('hashes UTF-16 code units: an emoji is two units, so it differs from one BMP character', () => {
    const text = 'name: caf\u00e9\nlabel: \u{1F680} rocket\nnote: \u6771\u4eac\n';
    const hashes = lineHashes(text);
    expect(hashes).toHaveLength(4);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{1,16}:\d+$/);
    // Characters after a multi-byte one are not dropped (Trivy's Go port drops them).
    expect(lineHashes('x: \u{1F680}a\n')[0]).not.toBe(lineHashes('x: \u{1F680}b\n')[0]);
    // Astral characters are hashed as their two surrogates, not as one code point.
    expect(lineHashes('\u{1F680}')).toEqual(lineHashes('\uD83D\uDE80'));
  });

  it('lone surrogates and the sentinel value itself do not crash', () => {
    expect(lineHashes('\uD800\n\uFFFF\n')).toHaveLength(3);
  });

  it('property: one hash per line, every hash well-formed, counters consistent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const hashes = lineHashes(text);
        const lines = text.split(/\r\n|\r|\n/).length;
        expect(hashes).toHaveLength(lines);
        const counts = new Map<string, number>();
        for (const h of hashes) {
          const [hex, n] = h.split(':');
          expect(hex).toMatch(/^[0-9a-f]{1,16}$/);
          const next = (counts.get(hex!) ?? 0) + 1;
          counts.set(hex!, next);
          expect(Number(n)).toBe(next);
        }
      }),
    );
  });

  it('property: blanks and tabs inside a line never change any hash', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }), (lines) => {
        const clean = lines.map((l) => l.replace(/[ \t\r\n]/g, ''));
        const spaced = clean.map((l) => ` \t${l.split('').join(' ')}\t `);
        expect(lineHashes(spaced.join('\n'))).toEqual(lineHashes(clean.join('\n')));
      }),
    );
  });
});
