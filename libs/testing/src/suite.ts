import type { afterAll as AfterAll, beforeAll as BeforeAll } from '@jest/globals';

/** Jest's hooks, as the test environment puts them on the global object. */
interface SuiteHooks {
  beforeAll?: typeof BeforeAll;
  afterAll?: typeof AfterAll;
}

/** What `forSuite` stops by default. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Something the tests of the enclosing `describe` share: started by `start`
 * before them and stopped after them (by `stop`, its `close()` by default;
 * not at all when it never started).
 *
 * It returns the thing itself, to use in the tests and in hooks declared
 * after this call; reading it before it has started throws. The hooks are
 * Jest's globals, looked up here rather than imported, so that this library
 * still loads outside Jest (the bench uses it).
 */
export function forSuite<T extends Closable>(start: () => Promise<T>): T;
export function forSuite<T extends object>(
  start: () => Promise<T>,
  stop: (started: T) => Promise<void>,
): T;
export function forSuite<T extends object>(
  start: () => Promise<T>,
  stop: (started: T) => Promise<void> = (started) => (started as unknown as Closable).close(),
): T {
  const { beforeAll, afterAll } = globalThis as SuiteHooks;
  if (!beforeAll || !afterAll) throw new Error('forSuite is for use inside a Jest test file');
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started) await stop(started);
  });
  const current = (key: PropertyKey): T => {
    if (started) return started;
    throw new Error(`read ${String(key)} of a suite's shared value before it started`);
  };
  return new Proxy({} as T, {
    get(_target, key) {
      const target = current(key);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
    set(_target, key, value) {
      return Reflect.set(current(key), key, value);
    },
    has(_target, key) {
      return Reflect.has(current(key), key);
    },
  });
}
