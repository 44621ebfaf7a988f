import { describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { connectionFailure, databaseName, planPostgres } from './postgres.ts';

const failure = (message: string, code?: string) => Object.assign(new Error(message), { code });

describe('connectionFailure', () => {
  it('tells "nothing answered" from a server that refused us', () => {
    expect(connectionFailure(failure('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(
      true,
    );
    expect(connectionFailure(failure('getaddrinfo ENOTFOUND db', 'ENOTFOUND'))).toBe(true);
    expect(connectionFailure(failure('Connection terminated due to connection timeout'))).toBe(
      true,
    );
    expect(
      connectionFailure(failure('password authentication failed for user "herald"', '28P01')),
    ).toBe(false);
    expect(connectionFailure(failure('database "x" does not exist', '3D000'))).toBe(false);
  });
});

describe('databaseName', () => {
  it('is the path of the URL, herald when it has none', () => {
    expect(databaseName('postgres://postgres@127.0.0.1:5432/orders')).toBe('orders');
    expect(databaseName('postgres://postgres@127.0.0.1:5432')).toBe('herald');
    expect(databaseName('postgres://postgres@127.0.0.1:5432/a%20b')).toBe('a b');
  });
});

describe('planPostgres', () => {
  it('says how to get a Postgres when none answers and the embedded one is off', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const url = `postgres://herald:s3cret@127.0.0.1:${port}/herald`;
    const plan = planPostgres(url, false);
    await expect(plan).rejects.toThrow(
      `no Postgres answers at postgres://herald:***@127.0.0.1:${port}/herald, and HERALD_EMBEDDED_POSTGRES=off.`,
    );
  });
});
