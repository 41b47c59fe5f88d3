import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputProblem, MAX_INPUT_DEPTH, unstorableString } from '../../src/api/input-guard';

// The edge rule's detector (src/api/input-guard.ts): what it refuses, and that it refuses nothing else.
describe('inputProblem', () => {
  it('finds U+0000 and lone surrogates in values and keys, at any depth, and names the field', () => {
    expect(inputProblem({ login: 'a\u0000' }, 'body')).toEqual({ field: 'login', problem: 'character' });
    expect(inputProblem({ lines: [{ partNumber: 'x' }, { partNumber: '\ud800' }] }, 'body')).toEqual({ field: 'lines.1.partNumber', problem: 'character' });
    expect(inputProblem({ a: { ['k\udfff']: 1 } }, 'body')).toEqual({ field: 'a.k\\udfff', problem: 'character' });
    expect(inputProblem('x\u0000', 'params')).toEqual({ field: 'params', problem: 'character' });
    expect(inputProblem({ status: ['ok', 'a\u0000b'] }, 'query')).toEqual({ field: 'status.1', problem: 'character' });
  });

  it('accepts any well-formed text without U+0000: Cyrillic, emoji (surrogate pairs), other control characters', () => {
    expect(inputProblem({ name: 'ООО «Ромашка» 🌼', note: 'tab\tline\nend\u0001', n: 5, ok: true, none: null }, 'body')).toBeUndefined();
    fc.assert(
      fc.property(fc.json(), (text) => {
        const value = JSON.parse(text.replaceAll('\\u0000', ''));
        // fc.json() makes well-formed strings only; once NULs are gone, nothing is refused but depth,
        // and a `__proto__` key where fc.json() happened to write one.
        const problem = inputProblem(value, 'body');
        const allowed = problem === undefined || problem.problem === 'depth' || (problem.problem === 'prototypeKey' && text.includes('"__proto__"'));
        expect(allowed).toBe(true);
      }),
    );
  });

  it('refuses a __proto__ key and nesting deeper than the limit, without recursing itself', () => {
    expect(inputProblem(JSON.parse('{"a":{"__proto__":{"admin":true}}}'), 'body')).toEqual({ field: 'a.__proto__', problem: 'prototypeKey' });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(inputProblem(deep, 'body')).toMatchObject({ problem: 'depth' });
    let justDeepEnough: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) justDeepEnough = { a: justDeepEnough };
    expect(inputProblem(justDeepEnough, 'body')).toBeUndefined();
  });

  it('tells a lone surrogate from a pair', () => {
    expect(unstorableString('\ud83c\udf3c')).toBe(false);
    expect(unstorableString('\udf3c\ud83c')).toBe(true);
    expect(unstorableString('\ud83c')).toBe(true);
  });
});
