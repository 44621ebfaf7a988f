import { isDeepStrictEqual } from 'node:util';

/**
 * Endpoint payload filters: a small predicate language over the producer's
 * JSON payload, in the MongoDB/Convoy style users of webhook platforms know.
 *
 *   { "status": "delivered" }                        equality (deep, for objects and arrays)
 *   { "sender.type": { "$in": ["user", "contact"] } }  dotted paths; numeric segments index arrays
 *   { "variables.plan": { "$exists": true } }
 *   { "$or": [ { "from": "bot" }, { "queue": { "$ne": null } } ] }
 *   { "$not": { "chatPlatform": "webchat" } }
 *
 * Operators: `$eq $ne $in $nin $exists $gt $gte $lt $lte` on a path;
 * `$and $or $not` to combine. Several keys in one object must all hold; `{}`
 * matches everything. A missing field equals nothing: `$eq`, `$in` and the
 * comparisons are false, `$ne` and `$nin` true. Comparisons hold only between
 * two numbers or two strings. Paths do not traverse arrays implicitly, and a
 * key that itself contains a dot cannot be addressed.
 *
 * `checkPayloadFilter` validates a filter (every problem, with where it is);
 * `matchesPayload` evaluates a valid one. Both are pure.
 */
export type PayloadFilter = Record<string, unknown>;

export interface FilterProblem {
  /** Where in the filter, e.g. `$or.1.status.$in`. */
  at: string;
  reason: string;
}

export const MAX_FILTER_DEPTH = 10;
export const MAX_FILTER_NODES = 200;
export const MAX_IN_VALUES = 256;

const COMBINATORS = new Set(['$and', '$or', '$not']);
const OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$exists', '$gt', '$gte', '$lt', '$lte']);
const COMPARISONS = new Set(['$gt', '$gte', '$lt', '$lte']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  isObject(value) &&
  Object.keys(value).length > 0 &&
  Object.keys(value).every((k) => k.startsWith('$'));

const join = (at: string, key: string) => (at === '' ? key : `${at}.${key}`);

export function checkPayloadFilter(filter: unknown): FilterProblem[] {
  const problems: FilterProblem[] = [];
  let nodes = 0;
  const visit = (node: unknown, at: string, depth: number): void => {
    nodes += 1;
    if (nodes > MAX_FILTER_NODES) {
      if (nodes === MAX_FILTER_NODES + 1) {
        problems.push({ at, reason: `a filter may have at most ${MAX_FILTER_NODES} conditions` });
      }
      return;
    }
    if (depth > MAX_FILTER_DEPTH) {
      problems.push({ at, reason: `a filter may nest at most ${MAX_FILTER_DEPTH} levels` });
      return;
    }
    if (!isObject(node)) {
      problems.push({ at, reason: 'must be an object of conditions' });
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const here = join(at, key);
      if (key === '$and' || key === '$or') {
        if (!Array.isArray(value) || value.length === 0) {
          problems.push({ at: here, reason: 'must be a non-empty array of filters' });
          continue;
        }
        value.forEach((child, i) => visit(child, join(here, String(i)), depth + 1));
      } else if (key === '$not') {
        visit(value, here, depth + 1);
      } else if (key.startsWith('$')) {
        problems.push({
          at: here,
          reason: `unknown operator (expected a field path or one of ${[...COMBINATORS].join(' ')})`,
        });
      } else {
        const pathProblem = checkPath(key);
        if (pathProblem) problems.push({ at: here, reason: pathProblem });
        checkCondition(value, here, problems);
      }
    }
  };
  visit(filter, '', 0);
  return problems;
}

function checkPath(path: string): string | null {
  if (path.length > 256) return 'a field path may be at most 256 characters';
  if (path.split('.').some((segment) => segment === '')) {
    return 'a field path is dot-separated names, e.g. "sender.type", without empty parts';
  }
  return null;
}

function checkCondition(condition: unknown, at: string, problems: FilterProblem[]): void {
  if (isObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
    if (!isOperatorObject(condition)) {
      problems.push({
        at,
        reason: 'mixes operators ($…) with plain keys; wrap a literal object in {"$eq": …}',
      });
      return;
    }
    for (const [op, operand] of Object.entries(condition)) {
      const here = join(at, op);
      if (!OPERATORS.has(op)) {
        problems.push({
          at: here,
          reason: `unknown operator (expected one of ${[...OPERATORS].join(' ')})`,
        });
      } else if (op === '$in' || op === '$nin') {
        if (!Array.isArray(operand))
          problems.push({ at: here, reason: 'must be an array of values' });
        else if (operand.length > MAX_IN_VALUES) {
          problems.push({ at: here, reason: `must list at most ${MAX_IN_VALUES} values` });
        }
      } else if (op === '$exists') {
        if (typeof operand !== 'boolean')
          problems.push({ at: here, reason: 'must be true or false' });
      } else if (COMPARISONS.has(op)) {
        if (typeof operand !== 'number' && typeof operand !== 'string') {
          problems.push({ at: here, reason: 'must be a number or a string' });
        }
      }
    }
  }
}

/** Whether a payload satisfies a filter that `checkPayloadFilter` accepted. */
export function matchesPayload(filter: PayloadFilter, payload: unknown): boolean {
  return Object.entries(filter).every(([key, value]) => {
    switch (key) {
      case '$and':
        return (value as PayloadFilter[]).every((child) => matchesPayload(child, payload));
      case '$or':
        return (value as PayloadFilter[]).some((child) => matchesPayload(child, payload));
      case '$not':
        return !matchesPayload(value as PayloadFilter, payload);
      default:
        return holds(value, lookup(payload, key));
    }
  });
}

const MISSING = Symbol('missing');
type Found = unknown;

function lookup(payload: unknown, path: string): Found {
  let current: unknown = payload;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      const index = Number(segment);
      if (index >= current.length) return MISSING;
      current = current[index];
    } else if (isObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return MISSING;
    }
  }
  return current;
}

function holds(condition: unknown, found: Found): boolean {
  if (!isOperatorObject(condition)) return found !== MISSING && isDeepStrictEqual(found, condition);
  return Object.entries(condition).every(([op, operand]) => {
    switch (op) {
      case '$eq':
        return found !== MISSING && isDeepStrictEqual(found, operand);
      case '$ne':
        return found === MISSING || !isDeepStrictEqual(found, operand);
      case '$in':
        return found !== MISSING && (operand as unknown[]).some((v) => isDeepStrictEqual(found, v));
      case '$nin':
        return (
          found === MISSING || !(operand as unknown[]).some((v) => isDeepStrictEqual(found, v))
        );
      case '$exists':
        return (found !== MISSING) === operand;
      default:
        return compare(op, found, operand);
    }
  });
}

function compare(op: string, found: Found, operand: unknown): boolean {
  const comparable =
    (typeof found === 'number' && typeof operand === 'number') ||
    (typeof found === 'string' && typeof operand === 'string');
  if (!comparable) return false;
  const [a, b] = [found, operand];
  switch (op) {
    case '$gt':
      return a > b;
    case '$gte':
      return a >= b;
    case '$lt':
      return a < b;
    case '$lte':
      return a <= b;
    default:
      return false;
  }
}
