import type { FastifyInstance } from 'fastify';
import { ru } from '../locale/ru';
import { HttpError } from './errors';

/** Deeper than any request SID takes (order lines, licence policies): refused before a schema or query recurses. */
export const MAX_INPUT_DEPTH = 32;

// Without the u flag the pattern sees UTF-16 code units: a high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * A string no route can store or compare: PostgreSQL refuses U+0000 in text, and a lone UTF-16
 * surrogate is no character at all (it cannot be encoded as UTF-8).
 */
export const unstorableString = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

export interface InputProblem {
  field: string;
  problem: 'character' | 'depth' | 'prototypeKey';
}

/**
 * The first thing in a parsed body, query or path parameters that no route may receive: a string
 * (value or key, at any depth) with U+0000 or a lone surrogate, a `__proto__` key, or nesting deeper
 * than MAX_INPUT_DEPTH. Walked with an explicit stack, so that a deeply nested body cannot overflow ours.
 */
export function inputProblem(value: unknown, root: string): InputProblem | undefined {
  // Field paths as parseWith words them (`lines.0.partNumber`); the part itself when it is the culprit.
  const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (unstorableString(current)) return { field: path || root, problem: 'character' };
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path || root, problem: 'depth' };
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: at(path, index), depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(current)) {
      const field = at(path, key);
      // The key itself goes back escaped, so that the answer is storable and printable too.
      if (unstorableString(key)) return { field: at(path, JSON.stringify(key).slice(1, -1)), problem: 'character' };
      if (key === '__proto__') return { field, problem: 'prototypeKey' };
      stack.push({ value: (current as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The API's 400 for an input problem, in its usual error shape. */
export function inputProblemError({ field, problem }: InputProblem): HttpError {
  const message = problem === 'depth' ? ru.inputGuard.depth(MAX_INPUT_DEPTH) : ru.inputGuard[problem];
  return new HttpError(400, ru.inputGuard.codes[problem], message, [{ field, message }]);
}

/** Refuses a value (a body a route parses itself, e.g. after checking its signature) with an input problem. */
export function assertStorableInput(value: unknown, root = 'body'): void {
  const problem = inputProblem(value, root);
  if (problem) throw inputProblemError(problem);
}

/**
 * The one edge rule over every route, public and signed ones included: before any handler runs
 * (and so before anything is stored or started), path parameters, query and body are checked.
 * Registered on the root instance before any route or plugin, so that all of them inherit it.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    assertStorableInput(request.params, 'params');
    assertStorableInput(request.query, 'query');
    assertStorableInput(request.body, 'body');
  });
}
