import { describe, expect, it } from '@jest/globals';
import { dependencyDelay, shouldReport, waitForDependency } from './dependency-wait.js';

describe('dependencyDelay', () => {
  it('doubles from 100 ms and never exceeds 1 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50, 5000].map((n) => dependencyDelay(n))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000, 1000,
    ]);
  });

  it('follows a custom backoff', () => {
    expect(dependencyDelay(3, { initialMs: 10, maxMs: 30 })).toBe(30);
    expect(dependencyDelay(2, { initialMs: 10, maxMs: 30 })).toBe(20);
  });
});

describe('waitForDependency', () => {
  it('retries until the attempt succeeds, sleeping the backoff between failures', async () => {
    const slept: number[] = [];
    const retried: number[] = [];
    let calls = 0;
    const result = await waitForDependency(
      () => {
        calls += 1;
        return calls < 4 ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve('up');
      },
      {
        what: 'test',
        sleep: (ms) => {
          slept.push(ms);
          return Promise.resolve();
        },
        onRetry: (_error, failures) => retried.push(failures),
      },
    );
    expect(result).toBe('up');
    expect(slept).toEqual([100, 200, 400]);
    expect(retried).toEqual([1, 2, 3]);
  });

  it('throws a permanent error at once', async () => {
    const permanent = new Error('password authentication failed');
    let calls = 0;
    await expect(
      waitForDependency(
        () => {
          calls += 1;
          return Promise.reject(permanent);
        },
        {
          what: 'test',
          isPermanent: (error) => error === permanent,
          sleep: () => Promise.resolve(),
        },
      ),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });
});

describe('shouldReport', () => {
  it('reports the first failure and then every tenth', () => {
    expect([1, 2, 9, 10, 11, 20].map((n) => shouldReport(n))).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
  });
});
