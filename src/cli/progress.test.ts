import { describe, expect, it } from 'vitest';
import { createProgress, progressEnabled } from './progress.js';

function fakeStderr() {
  const writes: string[] = [];
  return { writes, write: (t: string) => void writes.push(t) };
}

const TTY = { stderrIsTTY: true, quiet: false, env: {} };

describe('progress on stderr', () => {
  it('rewrites one line in place and erases it at the end', () => {
    const err = fakeStderr();
    const p = createProgress(err.write, TTY);
    p.update('loading files');
    p.update('12 files loaded');
    p.clear();
    p.clear(); // nothing shown any more: no second erase
    expect(err.writes).toEqual(['\r\x1b[Knetreach: loading files', '\r\x1b[Knetreach: 12 files loaded', '\r\x1b[K']);
  });

  it('keeps a message on one short line', () => {
    const err = fakeStderr();
    createProgress(err.write, TTY).update(`a\nb ${'x'.repeat(200)}`);
    expect(err.writes[0]).toBe(`\r\x1b[Knetreach: a b ${'x'.repeat(68)}`);
  });

  it('clear before anything was shown writes nothing', () => {
    const err = fakeStderr();
    createProgress(err.write, TTY).clear();
    expect(err.writes).toEqual([]);
  });

  it.each([
    ['stderr is not a TTY', { ...TTY, stderrIsTTY: false }],
    ['--quiet', { ...TTY, quiet: true }],
    ['CI=true', { ...TTY, env: { CI: 'true' } }],
    ['CI=1', { ...TTY, env: { CI: '1' } }],
  ])('is silent when %s', (_, settings) => {
    const err = fakeStderr();
    const p = createProgress(err.write, settings);
    p.update('loading files');
    p.clear();
    expect(err.writes).toEqual([]);
    expect(progressEnabled(settings)).toBe(false);
  });

  it('CI=false and CI= (empty) do not count as CI', () => {
    expect(progressEnabled({ ...TTY, env: { CI: 'false' } })).toBe(true);
    expect(progressEnabled({ ...TTY, env: { CI: '' } })).toBe(true);
  });
});
