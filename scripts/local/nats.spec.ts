import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findNatsServer, natsServers, planNats } from './nats.ts';
import { Problem } from './problem.ts';

/** A local port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('natsServers', () => {
  it("splits a cluster's NATS_URL and drops empty entries", () => {
    expect(natsServers('nats://a:4222, nats://b:4222,,')).toEqual([
      'nats://a:4222',
      'nats://b:4222',
    ]);
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
  });
});

describe('findNatsServer', () => {
  it('takes HERALD_NATS_SERVER when it exists, and none for `off` or a missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-nats-'));
    try {
      const binary = path.join(dir, 'nats-server');
      writeFileSync(binary, '');
      expect(findNatsServer(binary)).toBe(binary);
      expect(findNatsServer('off')).toBeUndefined();
      expect(findNatsServer(path.join(dir, 'missing'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('planNats', () => {
  it('says how to get a NATS when none answers and none may be started', async () => {
    const url = `nats://127.0.0.1:${await closedPort()}`;
    const plan = planNats(url, 'off');
    await expect(plan).rejects.toBeInstanceOf(Problem);
    await expect(planNats(url, 'off')).rejects.toThrow(
      `no NATS answers at ${url}, and HERALD_NATS_SERVER=off says not to start one.`,
    );
  });

  it('plans to start the chosen binary on the URL port when that port is free', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-nats-'));
    try {
      const binary = path.join(dir, 'nats-server');
      writeFileSync(binary, '');
      const port = await closedPort();
      const url = `nats://127.0.0.1:${port}`;
      expect(await planNats(url, binary)).toEqual({ url, binary, port });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never stands in for a cluster's servers that do not answer", async () => {
    const url = `nats://127.0.0.1:${await closedPort()},nats://127.0.0.1:${await closedPort()}`;
    await expect(planNats(url, undefined)).rejects.toThrow(
      /none of the 2 NATS servers in NATS_URL answers with JetStream/,
    );
  });
});
