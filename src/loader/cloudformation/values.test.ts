import { describe as group, expect, it } from 'vitest';
import type { SourceRef } from '../../core/source.js';
import { asList, asString, describe, get, isSymbolic, list, map, relocate, sameValue, scalar, symbolic, toPlain, type Resolved } from './values.js';

const at = (line: number): SourceRef => ({ file: 't.yaml', doc: 0, path: ['p', line], region: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 } });

group('values', () => {
  const value = map(
    new Map<string, Resolved>([
      ['Cidr', scalar('10.0.0.0/16', at(1))],
      ['Port', scalar(443, at(2))],
      ['Azs', list([symbolic('Fn::GetAZs(us-east-1)[0]', at(3)), scalar('b', at(4))], at(3))],
    ]),
    at(0),
  );

  it('reads strings, lists and paths', () => {
    expect(asString(get(value, 'Cidr'))).toBe('10.0.0.0/16');
    expect(asString(get(value, 'Port'))).toBe('443');
    expect(asString(scalar(null, at(1)))).toBeUndefined();
    expect(asString(get(value, 'Azs', 0))).toBeUndefined();
    expect(isSymbolic(get(value, 'Azs', 0))).toBe(true);
    expect(asList(get(value, 'Azs'))?.length).toBe(2);
    expect(get(value, 'Azs', 5)).toBeUndefined();
    expect(get(value, 'Cidr', 'x')).toBeUndefined();
  });

  it('compares data without locations, scalars by their text, unknowns by expression', () => {
    expect(sameValue(scalar('3', at(1)), scalar(3, at(2)))).toBe(true);
    expect(sameValue(scalar(null, at(1)), scalar('null', at(2)))).toBe(false);
    expect(sameValue(symbolic('Ref(A)', at(1)), symbolic('Ref(A)', at(2)))).toBe(true);
    expect(sameValue(symbolic('Ref(A)', at(1)), scalar('Ref(A)', at(2)))).toBe(false);
    expect(sameValue(value, relocate(value, at(9)))).toBe(true);
    expect(sameValue(list([scalar(1, at(1))], at(1)), list([], at(1)))).toBe(false);
  });

  it('moves a value to a reference, keeping where its data was written', () => {
    const moved = relocate(value, at(9));
    expect(moved.at).toEqual(at(9));
    expect(get(moved, 'Cidr')).toEqual({ kind: 'value', value: '10.0.0.0/16', at: at(9), origin: at(1) });
    expect(get(moved, 'Azs', 0)).toEqual({ kind: 'symbolic', expr: 'Fn::GetAZs(us-east-1)[0]', at: at(9) });
    expect(get(relocate(moved, at(8)), 'Cidr')).toMatchObject({ at: at(8), origin: at(1) });
  });

  it('renders for messages and for JSON', () => {
    expect(describe(value)).toBe('{Cidr: "10.0.0.0/16", Port: 443, Azs: [Fn::GetAZs(us-east-1)[0], "b"]}');
    expect(toPlain(value)).toEqual({ Cidr: '10.0.0.0/16', Port: 443, Azs: [{ symbolic: 'Fn::GetAZs(us-east-1)[0]' }, 'b'] });
  });
});
