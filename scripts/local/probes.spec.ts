import { afterEach, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { Problem } from './problem.ts';
import { answersWithin, freePortFrom, portFree, redact, tcpAnswers, waitFor } from './probes.ts';

const servers: net.Server[] = [];
async function listening(port = 0): Promise<number> {
  const server = net.createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('ports', () => {
  it('sees a listening port as answering and taken, a closed one as neither', async () => {
    const port = await listening();
    expect(await tcpAnswers('127.0.0.1', port)).toBe(true);
    expect(await portFree('127.0.0.1', port)).toBe(false);
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    expect(await tcpAnswers('127.0.0.1', port)).toBe(false);
    expect(await portFree('127.0.0.1', port)).toBe(true);
  });

  it('finds the next free port past a taken one', async () => {
    const taken = await listening();
    const found = await freePortFrom(taken);
    expect(found).toBeGreaterThan(taken);
    expect(await portFree('127.0.0.1', found)).toBe(true);
  });
});

describe('waitFor', () => {
  it('returns once the probe says true', async () => {
    let calls = 0;
    await waitFor('three calls', () => Promise.resolve(++calls === 3), {
      timeoutMs: 5_000,
      intervalMs: 1,
    });
    expect(calls).toBe(3);
  });

  it('ends with a Problem naming what did not come up', async () => {
    const wait = waitFor('the service', () => Promise.resolve(false), {
      timeoutMs: 20,
      intervalMs: 5,
    });
    await expect(wait).rejects.toThrow(new Problem('the service did not come up within 0.02 s'));
  });

  it('ends at once with the error of a probe that throws', async () => {
    let calls = 0;
    const wait = waitFor(
      'x',
      () => {
        calls += 1;
        return Promise.reject(new Error('exited'));
      },
      { timeoutMs: 5_000 },
    );
    await expect(wait).rejects.toThrow('exited');
    expect(calls).toBe(1);
  });
});

describe('answersWithin', () => {
  it('retries errors and reports the last one past the timeout', async () => {
    let calls = 0;
    const wait = answersWithin('Postgres', () => Promise.reject(new Error(`refused ${++calls}`)), {
      timeoutMs: 20,
      intervalMs: 5,
    });
    const error = await wait.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Problem);
    expect(calls).toBeGreaterThan(1);
    expect((error as Problem).message).toBe(`Postgres did not answer: refused ${calls}`);
  });

  it('stops at a Problem, and resolves once the attempt does', async () => {
    await expect(
      answersWithin('x', () => Promise.reject(new Problem('gave up')), { timeoutMs: 5_000 }),
    ).rejects.toThrow('gave up');
    let calls = 0;
    await answersWithin(
      'x',
      () => (++calls < 2 ? Promise.reject(new Error('not yet')) : Promise.resolve()),
      { timeoutMs: 5_000, intervalMs: 1 },
    );
    expect(calls).toBe(2);
  });
});

describe('redact', () => {
  it('masks a password and leaves the rest', () => {
    expect(redact('postgres://herald:s3cret@db:5432/herald')).toBe(
      'postgres://herald:***@db:5432/herald',
    );
    expect(redact('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});
