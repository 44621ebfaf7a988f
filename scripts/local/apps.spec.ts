import { describe, expect, it } from '@jest/globals';
import {
  appsFromEnv,
  echoesToTerminal,
  httpUrl,
  portProblem,
  probeHostOf,
  restartDelay,
  urlVarOf,
} from './apps.ts';

describe('appsFromEnv', () => {
  it('starts the registry first and the gateway last, on their default ports', () => {
    const { services, gateway } = appsFromEnv({});
    expect(services.map((s) => [s.name, s.port])).toEqual([
      ['registry', 8081],
      ['ingest', 8080],
      ['dispatcher', 8082],
      ['health-monitor', 8083],
      ['alerting', 8084],
    ]);
    expect(gateway).toEqual({ name: 'gateway', portVar: 'HERALD_GATEWAY_PORT', port: 8000 });
  });

  it('takes each port from its HERALD_<NAME>_PORT variable', () => {
    const { services, gateway } = appsFromEnv({
      HERALD_HEALTH_MONITOR_PORT: '9083',
      HERALD_GATEWAY_PORT: '9000',
    });
    expect(services.find((s) => s.name === 'health-monitor')?.port).toBe(9083);
    expect(gateway.port).toBe(9000);
  });
});

describe('portProblem', () => {
  it('names the variable and its value when it is not a port number', () => {
    const env = { HERALD_INGEST_PORT: 'eighty' };
    const ingest = appsFromEnv(env).services.find((s) => s.name === 'ingest')!;
    expect(portProblem(ingest, env)).toBe('HERALD_INGEST_PORT=eighty is not a port number');
    const high = { HERALD_INGEST_PORT: '70000' };
    expect(portProblem(appsFromEnv(high).services[1]!, high)).toMatch(/is not a port number/);
  });

  it('accepts ports from 1 to 65535', () => {
    const env = { HERALD_INGEST_PORT: '65535' };
    expect(portProblem(appsFromEnv(env).services[1]!, env)).toBeNull();
  });
});

describe('addresses', () => {
  it("names each service's URL variable for the gateway", () => {
    expect(urlVarOf('registry')).toBe('HERALD_REGISTRY_URL');
    expect(urlVarOf('health-monitor')).toBe('HERALD_HEALTH_MONITOR_URL');
  });

  it('reaches a wildcard bind on loopback, and brackets IPv6 hosts', () => {
    expect(probeHostOf('0.0.0.0')).toBe('127.0.0.1');
    expect(probeHostOf('::')).toBe('127.0.0.1');
    expect(probeHostOf('10.1.2.3')).toBe('10.1.2.3');
    expect(httpUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(httpUrl('::1', 8080)).toBe('http://[::1]:8080');
  });
});

describe('restartDelay', () => {
  it('waits 1 s after a first exit, doubling to 30 s while the service keeps crashing', () => {
    const delays: number[] = [];
    let delay: number | undefined;
    for (let i = 0; i < 7; i += 1) {
      delay = restartDelay(delay, 5_000);
      delays.push(delay);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('starts again from 1 s once the service ran for a minute', () => {
    expect(restartDelay(30_000, 60_000)).toBe(1_000);
    expect(restartDelay(30_000, 59_999)).toBe(30_000);
  });
});

describe('echoesToTerminal', () => {
  it('shows warnings, errors and plain output, not trace, debug or info lines', () => {
    expect(echoesToTerminal('{"level":30,"msg":"listening"}')).toBe(false);
    expect(echoesToTerminal('{"level": 20,"msg":"detail"}')).toBe(false);
    expect(echoesToTerminal('{"level":40,"msg":"careful"}')).toBe(true);
    expect(echoesToTerminal('{"level":50,"msg":"broken"}')).toBe(true);
    expect(echoesToTerminal('invalid configuration:')).toBe(true);
    expect(echoesToTerminal('')).toBe(false);
  });
});
