import { describe, expect, it } from '@jest/globals';
import { commonEnvSchema, loadConfig } from '@herald/config';
import { QUARANTINE_MIGRATIONS, QuarantineModule } from '@herald/quarantine';
import { KEEP_ENDPOINT_SECRETS } from '@herald/registry-view';
import { SECRET_BOX } from '@herald/secrets-crypto';
import { RateLimits1797000000000 } from '@herald/tenant-limits';
import type { TopicName } from '@herald/contracts';
import type { DynamicModule } from '@nestjs/common';
import {
  HeraldServiceModule,
  serviceMigrations,
  serviceModule,
  serviceTopics,
} from './herald-service.module.js';

class OwnMigration1000 {}
const CONFIG = Symbol('CONFIG');
const config = { ...loadConfig(commonEnvSchema, {}), HERALD_RATE_LIMIT_API: null };

const importedModules = (module: DynamicModule) =>
  (module.imports ?? []).map((entry) =>
    typeof entry === 'function' ? entry : (entry as DynamicModule).module,
  );
const providedTokens = (module: DynamicModule) =>
  (module.providers ?? []).map((provider) =>
    typeof provider === 'function' ? provider : provider.provide,
  );

describe('serviceTopics', () => {
  it('lists consumed topics first, then published ones, each once', () => {
    expect(
      serviceTopics({
        consumes: ['deliver.v1'],
        publishes: ['deliver.v1', 'attempt.v1', 'deferral.v1'],
      }),
    ).toEqual(['deliver.v1', 'attempt.v1', 'deferral.v1']);
  });
});

describe('serviceMigrations', () => {
  it('adds the rate-limit counters once, even when the service lists them itself', () => {
    expect(serviceMigrations([OwnMigration1000, RateLimits1797000000000], false)).toEqual([
      OwnMigration1000,
      RateLimits1797000000000,
    ]);
  });

  it('adds the quarantine table only to services that keep a quarantine', () => {
    expect(serviceMigrations([OwnMigration1000], true)).toEqual([
      OwnMigration1000,
      ...QUARANTINE_MIGRATIONS,
      RateLimits1797000000000,
    ]);
  });
});

describe('HeraldServiceModule', () => {
  const base = {
    name: 'example',
    config,
    configToken: CONFIG,
    consumes: [] as TopicName[],
    publishes: [] as TopicName[],
    database: { schema: 'example', migrations: [OwnMigration1000] },
  };

  it('provides the validated config under its token, global to every module', () => {
    const module = HeraldServiceModule.forRoot(base);
    expect(module.global).toBe(true);
    expect(module.providers).toContainEqual({ provide: CONFIG, useValue: config });
    expect(module.exports).toContain(CONFIG);
  });

  it('leaves out the quarantine and the secret key ring unless asked', () => {
    const module = HeraldServiceModule.forRoot(base);
    expect(importedModules(module)).not.toContain(QuarantineModule);
    expect(providedTokens(module)).not.toContain(SECRET_BOX);
    expect(providedTokens(module)).not.toContain(KEEP_ENDPOINT_SECRETS);
  });

  it('adds them, and the service own modules and providers after the shared ones', () => {
    class OwnModule {}
    class OwnProvider {}
    const module = HeraldServiceModule.forRoot({
      ...base,
      config: { ...config, HERALD_SECRETS_KEY: [] },
      quarantine: true,
      secretBox: true,
      keepEndpointSecrets: true,
      imports: [OwnModule],
      providers: [OwnProvider],
      exports: [OwnProvider],
    });
    expect(importedModules(module)).toContain(QuarantineModule);
    expect(importedModules(module).at(-1)).toBe(OwnModule);
    expect(providedTokens(module)).toEqual(
      expect.arrayContaining([SECRET_BOX, KEEP_ENDPOINT_SECRETS, OwnProvider]),
    );
    expect(providedTokens(module).at(-1)).toBe(OwnProvider);
    expect(module.exports).toEqual(expect.arrayContaining([SECRET_BOX, KEEP_ENDPOINT_SECRETS]));
  });

  it('refuses a secret key ring without the key in the config', () => {
    expect(() => HeraldServiceModule.forRoot({ ...base, secretBox: true })).toThrow(
      /HERALD_SECRETS_KEY/,
    );
  });
});

describe('serviceModule', () => {
  it('is the root module an app declares: forRoot(config) passes the config to its declaration', () => {
    const seen: unknown[] = [];
    const AppModule = serviceModule((given: typeof config) => {
      seen.push(given);
      return {
        name: 'example',
        configToken: CONFIG,
        consumes: ['alert.v1'],
        publishes: [],
        database: { schema: 'example', migrations: [OwnMigration1000] },
      };
    });
    const module = AppModule.forRoot(config);
    expect(seen).toEqual([config]);
    expect(module.module).toBe(HeraldServiceModule);
    expect(module.providers).toContainEqual({ provide: CONFIG, useValue: config });
  });
});
