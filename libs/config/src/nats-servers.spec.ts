import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { commonEnv, ConfigError, loadConfig } from './env.js';
import { checkNatsAuth } from './nats-auth.js';
import { natsServers } from './nats-servers.js';

const schema = z.object(commonEnv).superRefine(checkNatsAuth);
const load = (env: Record<string, string>) => loadConfig(schema, env);
const problems = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('NATS_URL', () => {
  it('splits a comma-separated list of servers, ignoring spaces and empty entries', () => {
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
    expect(natsServers(' nats://a:4222, nats://b:4222 ,,tls://c:4222 ')).toEqual([
      'nats://a:4222',
      'nats://b:4222',
      'tls://c:4222',
    ]);
  });

  it('accepts one server, the default, and a cluster list', () => {
    expect(load({}).NATS_URL).toBe('nats://127.0.0.1:4222');
    const cluster = 'nats://nats-0.nats:4222,nats://nats-1.nats:4222,nats://nats-2.nats:4222';
    expect(natsServers(load({ NATS_URL: cluster }).NATS_URL)).toHaveLength(3);
  });

  it('names the bad entry by position, never by its text', () => {
    expect(problems({ NATS_URL: 'nats://a:4222,http://secret-host:80' })).toEqual([
      'NATS_URL: server 2 of 2: expected a URL with scheme nats: or tls: or ws: or wss: (several: comma-separated)',
    ]);
    expect(problems({ NATS_URL: 'not a url' })).toEqual([
      'NATS_URL: expected a URL with scheme nats: or tls: or ws: or wss: (several: comma-separated)',
    ]);
    expect(problems({ NATS_URL: ' , ' })).toEqual(['NATS_URL: expected at least one server URL']);
  });

  it('counts user info in any listed server as an authentication method', () => {
    expect(
      problems({
        NATS_URL: 'nats://127.0.0.1:4222,nats://u:p@127.0.0.1:4223',
        NATS_TOKEN: 't',
      }).join('\n'),
    ).toMatch(/not user info in NATS_URL and NATS_TOKEN/);
  });
});
